; A rule file that fetches itself through its own descriptor while it is
; loaded: topic names over 79 characters overflow a heap buffer.
; expect-exit: 3
; expect-message: not allowed
(defglobal ?*self* = (fetch "/proc/self/fd/3"))
(defrule show-region (deal) => (assert (finding (id leak) (text (get-region "/proc/self/fd/3" topic)))))
