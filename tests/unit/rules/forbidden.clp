(defrule reads-stdin (deal) => (bind ?n (read-number)))
