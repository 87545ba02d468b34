(defrule divide (deal) => (assert (finding (id (sym-cat "x" (div 1 0))))))
