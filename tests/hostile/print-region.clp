; Reading a file's text into a finding.
; expect-exit: 3
; expect-message: print-region
(defrule leak (deal) => (toss "/etc/passwd") (print-region t "/etc/passwd" root))
