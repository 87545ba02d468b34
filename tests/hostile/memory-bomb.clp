; A rule building a 1 GB string ran to 2.6 GB of memory; under a memory
; limit CLIPS's out-of-memory handler exited 1 with no message.
; expect-exit: 4
; expect-message: MiB of memory
(defrule bomb
   (deal)
   =>
   (bind ?s "0123456789abcdef")
   (loop-for-count 40 (bind ?s (str-cat ?s ?s))))
