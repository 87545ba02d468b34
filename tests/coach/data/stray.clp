(defrule fine
   "A rule that is fine."
   (deal (size large))
   =>
   (assert (finding (id size-unknown) (severity low)))))
