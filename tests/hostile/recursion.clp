; A deffunction that recurses without end.
; expect-exit: 4
; expect-message: recurs
(deffunction down (?n) (down (+ ?n 1)))
(defrule recurse (deal) => (down 0))
