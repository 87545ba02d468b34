; Running a program.
; expect-exit: 3
; expect-message: system
(defrule run-a-program (deal) => (system "touch /tmp/dealcoach-hostile-ran"))
