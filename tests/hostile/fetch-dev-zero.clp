; (fetch "/dev/zero") never returns in CLIPS 6.30.
; expect-exit: 3
; expect-message: fetch
(defrule read-forever (deal) => (fetch "/dev/zero"))
