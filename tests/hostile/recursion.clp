; A deffunction that recurses without end.
; expect-exit: 4
; expect-message: recurses without end
; sanitizer-report: allowed (the ASan build reports the stack overflow itself, by design)
(deffunction down (?n) (down (+ ?n 1)))
(defrule recurse (deal) => (down 0))
