;; A coach's edit that changes the advice on acme-mes: one action goes,
;; one moves to the front, and so do_now changes.
(defrule drop-decision-chain
   "Our playbook: the decision chain is mapped in the account plan, not per deal."
   (declare (salience -5))
   ?a <- (action (id map-decision-chain))
   =>
   (retract ?a))

(defrule shared-goals-first
   "Our playbook: with a doubting customer, shared goals come before anything."
   (declare (salience -5))
   ?a <- (action (id review-shared-goals) (rank ?r&~1))
   =>
   (modify ?a (rank 1)))
