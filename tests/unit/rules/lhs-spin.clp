; A test on the left-hand side that never returns.
(deffunction spin () (while TRUE do (bind ?x 1)) TRUE)
(defrule hangs-while-matching (deal) (test (spin)) => )
