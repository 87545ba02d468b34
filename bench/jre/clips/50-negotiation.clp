;;; 50-negotiation.clp - bench/jre subset (issue 15): negotiation gated on
;;; the agreement zone, copied verbatim from the shipped playbook; each
;;; construct names its source. bench/jre/check_subset.sh fails when one
;;; drifts.

;;; from rules/50-negotiation.clp
(deftemplate agreement-zone
   "Playbook §8 [ROAD]: the space between our reservation price and the
    customer's target. status: zone (target >= reservation), none (target
    below reservation) or unknown (either price unknown)."
   (slot status (type SYMBOL) (allowed-symbols zone none unknown))
   (multislot unknown (type SYMBOL))
   (slot because (type STRING) (default "")))

;;; from rules/50-negotiation.clp
(defrule agreement-zone-known
   "Playbook §8: the customer's target at or above our reservation price
    leaves a zone where both sides can agree."
   (declare (salience 10))
   (negotiation (reservation_price ?r&:(numberp ?r)) (customer_target ?t&:(numberp ?t)&:(>= ?t ?r)))
   =>
   (assert (agreement-zone (status zone)
      (because (str-cat "agreement zone = " ?r " to " ?t
                        " (reservation_price to customer_target)")))))

;;; from rules/50-negotiation.clp
(defrule agreement-zone-none
   "Playbook §8: the customer's target below our reservation price leaves
    no agreement zone."
   (declare (salience 10))
   (negotiation (reservation_price ?r&:(numberp ?r)) (customer_target ?t&:(numberp ?t)&:(< ?t ?r)))
   =>
   (assert (agreement-zone (status none)
      (because (str-cat "customer_target = " ?t " < reservation_price = " ?r)))))

;;; from rules/50-negotiation.clp
(defrule no-agreement-zone
   "Playbook §8 [ROAD]: the customer's target is below our reservation
    (walk-away) price: there is no agreement zone."
   (negotiation (reservation_price ?r) (customer_target ?t))
   (agreement-zone (status none) (because ?why))
   =>
   (assert (finding (id no-agreement-zone) (severity high) (about ?t ?r)
      (because ?why)))
   (assert (action (id check-agreement-zone) (rank 41) (about zone-none)
      (because ?why "no agreement zone: walk away or rescope"))))

;;; from rules/50-negotiation.clp
(defrule check-agreement-zone-gap
   "Playbook §8 mapping: gap-too-large -> check the agreement zone against
    the reservation price; there is a zone, so rescope and trade inside it."
   (signal (id gap-too-large))
   (agreement-zone (status zone) (because ?why))
   =>
   (assert (action (id check-agreement-zone) (rank 41) (about gap-too-large)
      (because "signal gap-too-large" ?why))))

