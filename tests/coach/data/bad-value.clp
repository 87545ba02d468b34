(defrule big-no-sponsor
   "test"
   (deal (size larg))
   =>
   (assert (finding (id big) (severity high))))
