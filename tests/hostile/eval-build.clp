; Code built at run time escapes every load-time check.
; expect-exit: 3
; expect-message: eval
(defrule build-code (deal) => (eval "(+ 1 2)"))
