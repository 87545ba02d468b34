; (halt) stopped the run silently: an empty advice with no warning.
; expect-exit: 3
; expect-message: halt
(defrule stop-here (declare (salience 10000)) (deal) => (halt))
