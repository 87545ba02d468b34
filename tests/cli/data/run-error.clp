;; A coach's rule that fails while running: + on the deal's name, a text.
(defrule add-to-a-name (deal (name ?n)) => (bind ?x (+ (nth$ 1 (create$ ?n)) 1)))
