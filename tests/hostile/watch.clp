; watch sends the engine's trace to the console.
; expect-exit: 3
; expect-message: watch
(defrule trace-all (deal) => (watch all))
