(defrule first
   "Its condition is not closed."
   (deal (size ?s)
   (criterion (id budget-known))
   =>
   (assert (finding (id size-unknown) (severity low))))

(defrule second
   "Fine."
   (deal (size large))
   =>
   (assert (finding (id size-unknown) (severity low))))
