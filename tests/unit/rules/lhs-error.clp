; A test on the left-hand side that fails when the deal is asserted
; (the type is only known at run time, so the rule loads).
(defrule compares-a-string (deal (id ?id)) (test (> (nth$ 1 (create$ ?id)) 1)) => )
