; line 1
(defrule fine (deal) => )

(defrule broken (deal (id ?x)) => (assert (finding (id x)) )
(defrule after (deal) => )
