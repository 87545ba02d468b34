; CLIPS 6.30 fetch copies its path into an 80-byte heap buffer.
; expect-exit: 3
; expect-message: fetch.
; (the function is not on the allowlist, so the rule does not load)
(defrule fetch-long-path
   (deal)
   =>
   (fetch "/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
