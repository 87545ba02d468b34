;; A coach's rule that never settles.
(deftemplate tick (slot n))
(defrule start-ticking (deal) => (assert (tick (n 0))))
(defrule tick-forever ?t <- (tick (n ?n)) => (retract ?t) (assert (tick (n (+ ?n 1)))))
