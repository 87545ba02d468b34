;;; 30-needs.clp - bench/jre subset (issue 15): the proposal against the
;;; needs, copied verbatim from the shipped playbook; each construct names
;;; its source. bench/jre/check_subset.sh fails when one drifts.

;;; from rules/30-needs.clp
(defrule premature-proposal
   "Playbook §6: submit the proposal once the needs are clear and the
    criteria are set with the customer; a premature proposal is a mistake."
   (pursuit-open)
   (evaluation (proposal_submitted yes) (needs_explored ?needs) (criteria_influenced ?criteria))
   (test (or (neq ?needs yes) (neq ?criteria yes)))
   =>
   (bind ?about (create$))
   (if (eq ?needs no) then (bind ?about (create$ ?about needs-unexplored)))
   (if (eq ?needs unknown) then (bind ?about (create$ ?about needs-unconfirmed)))
   (if (eq ?criteria no) then (bind ?about (create$ ?about criteria-unset)))
   (if (eq ?criteria unknown) then (bind ?about (create$ ?about criteria-unconfirmed)))
   (assert (finding (id premature-proposal)
      (severity (if (or (eq ?needs no) (eq ?criteria no)) then high else medium))
      (about ?about)
      (because "evaluation.proposal_submitted = yes"
               (str-cat "evaluation.needs_explored = " ?needs)
               (str-cat "evaluation.criteria_influenced = " ?criteria))))
   (if (eq ?needs unknown) then
      (assert (question (id ask-needs-explored) (field "evaluation.needs_explored") (rank 30))))
   (if (eq ?criteria unknown) then
      (assert (question (id ask-criteria-influenced) (field "evaluation.criteria_influenced") (rank 31)))))

