(defrule leave (deal) => (exit))
