; A rule that never settles.
; expect-exit: 4
; expect-message: without settling
(defrule spin (deal) => (while TRUE (bind ?x 1)))
