(defrule en-only-text
   "A finding with an English text only, and an action with none."
   (deal (size large))
   =>
   (assert (finding (id coach-en-only) (severity low)))
   (assert (action (id coach-textless) (rank 55))))
