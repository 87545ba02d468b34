; Writing a file.
; expect-exit: 3
; expect-message: open
(defrule write-a-file (deal) => (open "/tmp/dealcoach-hostile-wrote" out "w") (printout out "x") (close out))
