; put-char writes a byte anywhere, such as an escape to the terminal.
; expect-exit: 3
; expect-message: put-char
(defrule escape (deal) => (put-char wclips 27))
