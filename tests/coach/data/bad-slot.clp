(defrule big-no-sponsor
   "test"
   (deal (sise large))
   =>
   (assert (finding (id big) (severity high))))
