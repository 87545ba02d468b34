;;; 10-stages.clp - bench/jre subset (issue 15): the stage verdict and the
;;; stage findings, copied verbatim from the shipped playbook; each construct
;;; names its source. bench/jre/check_subset.sh fails when one drifts.

;;; from rules/10-stages.clp
(deftemplate entry-rule
   "Stage ?stage holds when at least `need` of the criteria `of` hold.
    size: which deal size the rule is for (any = all sizes)."
   (slot stage (type SYMBOL))
   (slot size (type SYMBOL) (default any))
   (slot need (type INTEGER))
   (multislot of (type SYMBOL)))

;;; from rules/10-stages.clp
(deftemplate judged-size
   "The size the stage rules use: the deal's, or large when unknown."
   (slot size (type SYMBOL)))

;;; from rules/10-stages.clp
(deffacts entry-rules "Playbook §1, the 'rule' column."
   (entry-rule (stage target) (need 2)
      (of materials-allowed initial-contact visit-scheduled))
   (entry-rule (stage intent) (need 2)
      (of formal-visit evaluating need-clear sponsor-named))
   (entry-rule (stage project) (size sme) (need 2)
      (of decision-process-known core-requirements-clear))
   (entry-rule (stage project) (size large) (need 4)
      (of decision-process-known timeline-set budget-known core-requirements-clear))
   (entry-rule (stage project) (size government) (need 4)
      (of decision-process-known timeline-set budget-known core-requirements-clear))
   (entry-rule (stage approval) (need 1)
      (of bid-won dm-public-preference majority-support))
   (entry-rule (stage negotiation) (need 1)
      (of customer-contract-received our-contract-sent contract-deadline
          price-objection-raised terms-discussed))
   (entry-rule (stage closed) (need 1)
      (of contract-signed first-payment)))

;;; from rules/10-stages.clp
(defrule size-known
   "Playbook §1: a deal of known size is judged by its own size's rule."
   (declare (salience 30))
   (deal (size ?size&~unknown))
   =>
   (assert (judged-size (size ?size))))

;;; from rules/10-stages.clp
(defrule stage-entry
   "Playbook §1: a stage's entry rule holds when at least `need` of its
    criteria hold. Also records what is still missing, for the next step."
   (declare (salience 20))
   (deal)
   (judged-size (size ?size))
   (entry-rule (stage ?stage) (size ?rule-size&any|?size) (need ?need) (of $?of))
   =>
   (bind ?missing (criteria-missing ?stage ?of))
   (bind ?met (- (length$ ?of) (length$ ?missing)))
   (assert (stage-required (stage ?stage) (missing ?missing) (needed (max 0 (- ?need ?met)))))
   (if (>= ?met ?need) then
      (assert (stage-holds (stage ?stage)
         (because (str-cat ?stage ": " ?met " of " (length$ ?of) " criteria met, " ?need " needed")
                  (if (eq ?rule-size any) then "rule for every size"
                   else (str-cat "rule for size = " ?rule-size)))))))

;;; from rules/10-stages.clp
(defrule evidenced-stage
   "The evidenced stage is the highest stage whose entry rule holds."
   (declare (salience 10))
   (deal (claimed_stage ~lost))
   (stage-holds (stage ?stage))
   (stage-def (id ?stage) (order ?order) (win ?win))
   (not (and (stage-holds (stage ?higher))
             (stage-def (id ?higher) (order ?o&:(> ?o ?order)))))
   =>
   (assert (evidenced-stage (id ?stage) (win ?win))))

;;; from rules/10-stages.clp
(defrule evidenced-prospect
   "No stage's entry rule holds: the deal is still a prospect."
   (declare (salience 10))
   (deal (claimed_stage ~lost))
   (not (stage-holds))
   =>
   (assert (evidenced-stage (id prospect) (win 0))))

;;; from rules/10-stages.clp
(defrule evidenced-lost
   "A deal the rep marked lost is lost, whatever its criteria."
   (declare (salience 10))
   (deal (claimed_stage lost))
   =>
   (assert (evidenced-stage (id lost) (win 0))))

;;; from rules/10-stages.clp
(defrule next-stage
   "The next stage up, and what its entry rule still needs."
   (declare (salience 10))
   (evidenced-stage (id ?stage))
   (stage-def (id ?stage) (order ?order&:(and (>= ?order 0) (< ?order 6))))
   (stage-def (id ?next) (order =(+ ?order 1)))
   (stage-required (stage ?next) (missing $?missing) (needed ?needed))
   =>
   (assert (next-stage (id ?next) (missing ?missing) (needed ?needed))))

;;; from rules/10-stages.clp
(defrule stage-inflated
   "Playbook §1: the claimed stage is above what the evidence supports; the
    forecast built on it is wrong."
   (deal (claimed_stage ?claimed&~unknown&~lost))
   (evidenced-stage (id ?evidenced))
   (test (> (stage-order ?claimed) (stage-order ?evidenced)))
   =>
   (assert (finding (id stage-inflated) (severity high) (about ?claimed ?evidenced)
      (because (str-cat "claimed_stage = " ?claimed)
               (str-cat "evidenced stage = " ?evidenced)))))

;;; from rules/10-stages.clp
(defrule complete-stage-criteria
   "Playbook §1: to move up, establish the next stage's missing criteria."
   (next-stage (id ?next) (missing $?missing&:(> (length$ ?missing) 0)) (needed ?needed&:(> ?needed 0)))
   =>
   (assert (action (id complete-stage-criteria) (rank 35) (about ?missing)
      (because (str-cat "next stage = " ?next)
               (words "missing" ?missing)
               (str-cat "criteria still needed = " ?needed))))
   (foreach ?id ?missing
      (assert (question (id ask-criterion) (field "criteria") (value ?id) (rank 20)))))

