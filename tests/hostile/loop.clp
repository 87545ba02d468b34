; A rule that never settles.
; expect-exit: 4
; expect-message: spin
(defrule spin (deal) => (while TRUE (bind ?x 1)))
