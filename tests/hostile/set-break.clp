; A breakpoint set while advising one deal left the next deal of the same
; run with no findings and exit 0.
; expect-exit: 3
; expect-message: set-break
(defrule break-everything (deal) => (set-break assess-stage))
