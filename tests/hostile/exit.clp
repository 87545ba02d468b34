; (exit) in a rule would end the process.
; expect-exit: 3
; expect-message: not allowed
(defrule leave (deal) => (exit 0))
