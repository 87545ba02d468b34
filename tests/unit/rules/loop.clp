(deftemplate counter (slot n))
(defrule start (deal) => (assert (counter (n 0))))
(defrule count-forever ?c <- (counter (n ?n)) => (retract ?c) (assert (counter (n (+ ?n 1)))))
