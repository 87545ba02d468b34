(defrule big-no-sponsor
   "test"
   (deal (size large)
   (not (person (roles $? decision-maker $?)))
   =>
   (assert (finding (id big) (severity high))))
