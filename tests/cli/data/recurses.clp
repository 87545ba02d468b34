;; A coach's deffunction that recurses without end.
(deffunction countdown (?n) (if (> ?n 0) then (countdown (- ?n 1)) else 0))
(defrule recurse-forever (deal) => (countdown 10000000))
