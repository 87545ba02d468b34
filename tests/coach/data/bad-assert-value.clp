(defrule big-no-sponsor
   "test"
   (deal (size large))
   =>
   (assert (finding (id big) (severity hihg))))
