;;; 10-stages.clp - playbook §1 (funnel stages), §2 (procurement stages),
;;; §3 (key nodes of the six-step process).
;;;
;;; A stage's entry rule is data (entry-rule facts below): "at least NEED of
;;; these criteria". A coach changes a threshold by editing one line here.

(deftemplate entry-rule
   "Stage ?stage holds when at least `need` of the criteria `of` hold.
    size: which deal size the rule is for (any = all sizes)."
   (slot stage (type SYMBOL))
   (slot size (type SYMBOL) (default any))
   (slot need (type INTEGER))
   (multislot of (type SYMBOL)))

(deftemplate judged-size
   "The size the stage rules use: the deal's, or large when unknown."
   (slot size (type SYMBOL)))

(deftemplate key-node
   "Playbook §3: a stage whose entry rule must hold before the deal moves
    past it; skipping it lets the deal go on, but its chance drops sharply."
   (slot stage (type SYMBOL)))

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

(deffacts key-nodes "Playbook §3: project set up with a known decision process
   (key people), and being the preferred supplier (approval)."
   (key-node (stage project))
   (key-node (stage approval)))

;;; ------------------------------------------------------------ deal size

(defrule size-unknown
   "Playbook §1: a deal of unknown size is judged by the stricter (large)
    rule, and the advice says so."
   (declare (salience 30))
   (deal (size unknown))
   =>
   (assert (judged-size (size large)))
   (assert (finding (id size-unknown) (severity medium)
      (because "size = unknown" "the project stage is judged by the large-enterprise rule")))
   (assert (question (id ask-size) (field "size") (rank 5))))

(defrule size-known
   "Playbook §1: a deal of known size is judged by its own size's rule."
   (declare (salience 30))
   (deal (size ?size&~unknown))
   =>
   (assert (judged-size (size ?size))))

;;; ------------------------------------------------------------ stage entry

(defrule criterion-met
   "Group the criteria that hold under their stage, for the report."
   (declare (salience 20))
   (stage-criterion (stage ?stage) (id ?id))
   (criterion (id ?id))
   =>
   (assert (criterion-met (stage ?stage) (id ?id))))

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

;;; ------------------------------------------------------------ verdict

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

(defrule evidenced-prospect
   "No stage's entry rule holds: the deal is still a prospect."
   (declare (salience 10))
   (deal (claimed_stage ~lost))
   (not (stage-holds))
   =>
   (assert (evidenced-stage (id prospect) (win 0))))

(defrule evidenced-lost
   "A deal the rep marked lost is lost, whatever its criteria."
   (declare (salience 10))
   (deal (claimed_stage lost))
   =>
   (assert (evidenced-stage (id lost) (win 0))))

(defrule next-stage
   "The next stage up, and what its entry rule still needs."
   (declare (salience 10))
   (evidenced-stage (id ?stage))
   (stage-def (id ?stage) (order ?order&:(and (>= ?order 0) (< ?order 6))))
   (stage-def (id ?next) (order =(+ ?order 1)))
   (stage-required (stage ?next) (missing $?missing) (needed ?needed))
   =>
   (assert (next-stage (id ?next) (missing ?missing) (needed ?needed))))

;;; ------------------------------------------------------------ findings

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

(defrule key-node-skipped
   "Playbook §3: a later stage is evidenced while an earlier key node does
    not hold (e.g. negotiating with the decision process unknown). One
    finding and one action for the deal, naming every skipped node (one
    voice: not one line per node). Not once the deal is signed: there is
    nothing left to win (80-outcomes.clp collects the payment)."
   (evidenced-stage (id ?evidenced&~closed))
   (stage-def (id ?evidenced) (order ?top))
   (exists (key-node (stage ?node))
           (stage-def (id ?node) (order ?order&:(< ?order ?top)))
           (not (stage-holds (stage ?node))))
   =>
   (bind ?nodes (create$))
   (bind ?missing (create$))
   (bind ?lines (create$ (str-cat "evidenced stage = " ?evidenced)))
   (do-for-all-facts ((?d stage-def) (?k key-node) (?r stage-required))
         (and (eq ?d:id ?k:stage) (eq ?r:stage ?k:stage) (< ?d:order ?top)
              (not (any-factp ((?h stage-holds)) (eq ?h:stage ?k:stage))))
      (bind ?nodes (create$ ?nodes ?k:stage))
      (bind ?lines (create$ ?lines (str-cat ?k:stage " entry rule does not hold: "
                                            (words "missing" ?r:missing))))
      (foreach ?id ?r:missing
         (if (not (member$ ?id ?missing)) then (bind ?missing (create$ ?missing ?id)))))
   (assert (finding (id key-node-skipped) (severity high) (about ?nodes) (because ?lines)))
   (assert (action (id close-key-node) (rank 20) (about ?missing)
      (because (words "skipped" ?nodes) (words "missing" ?missing))))
   (foreach ?id ?missing
      (assert (question (id ask-criterion) (field "criteria") (value ?id) (rank 15)))))

;;; ------------------------------------------------------------ actions

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

;;; ------------------------------------------------------------ procurement (§2)

(deftemplate procurement-def
   (slot id (type SYMBOL)) (slot order (type INTEGER)) (slot win (type INTEGER)))

(deffacts procurement-stages "Playbook §2: the customer's procurement stages."
   (procurement-def (id interest) (order 1) (win 5))
   (procurement-def (id brewing) (order 2) (win 10))
   (procurement-def (id design) (order 3) (win 20))
   (procurement-def (id compare) (order 4) (win 30))
   (procurement-def (id commit) (order 5) (win 50))
   (procurement-def (id use) (order 6) (win 80)))

(deftemplate procurement-sign
   "A fact that shows the customer has reached a procurement stage."
   (slot stage (type SYMBOL)) (slot because (type STRING)))

(defrule procurement-signs
   "Playbook §2, our reading of what ends each procurement stage in terms of
    the deal's facts."
   (declare (salience 20))
   (deal)
   (evaluation (proposal_submitted ?proposal) (solution_evaluated ?evaluated))
   =>
   (if (any-factp ((?c criterion)) (eq ?c:id first-payment)) then
      (assert (procurement-sign (stage use) (because "first-payment"))))
   (if (any-factp ((?c criterion)) (eq ?c:id contract-signed)) then
      (assert (procurement-sign (stage commit) (because "contract-signed"))))
   (if (any-factp ((?c criterion)) (member$ ?c:id (create$ customer-contract-received
         our-contract-sent contract-deadline terms-discussed))) then
      (assert (procurement-sign (stage commit) (because "contract negotiation under way"))))
   (if (or (eq ?proposal yes) (eq ?evaluated yes)) then
      (assert (procurement-sign (stage compare) (because "proposals submitted or evaluated"))))
   (if (any-factp ((?c criterion)) (member$ ?c:id (create$ bid-won evaluating))) then
      (assert (procurement-sign (stage compare) (because "suppliers being compared"))))
   (if (and (any-factp ((?c criterion)) (eq ?c:id budget-known))
            (any-factp ((?c criterion)) (eq ?c:id timeline-set))) then
      (assert (procurement-sign (stage design) (because "budget and timeline fixed"))))
   (if (any-factp ((?c criterion)) (member$ ?c:id (create$ need-clear core-requirements-clear))) then
      (assert (procurement-sign (stage brewing) (because "a purchase need is stated"))))
   (if (any-factp ((?c criterion)) (member$ ?c:id (create$ initial-contact formal-visit))) then
      (assert (procurement-sign (stage interest) (because "in contact")))))

(defrule procurement-stage
   "The customer's procurement stage is the furthest one its facts show."
   (declare (salience 10))
   (procurement-sign (stage ?stage) (because ?why))
   (procurement-def (id ?stage) (order ?order) (win ?win))
   (not (and (procurement-sign (stage ?other))
             (procurement-def (id ?other) (order ?o&:(> ?o ?order)))))
   (not (procurement-stage))
   =>
   (assert (procurement-stage (id ?stage) (win ?win) (because ?why))))
