(defrule spin-inside-one-rule (deal) => (while TRUE do (bind ?x 1)))
