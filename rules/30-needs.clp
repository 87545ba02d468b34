;;; 30-needs.clp - playbook §5 (needs), §6 (presenting the solution) and
;;; §3 key node 3 (purchasing criteria influenced).
;;;
;;; Uses `pursuit-open` from 20-people.clp: no needs or proposal advice on a
;;; closed or lost deal.
;;;
;;; Readings (a coach may change them):
;;;   - SPIN needs someone to ask: a person known, or any criterion beyond
;;;     materials-allowed (in-contact); a bare prospect gets none.
;;;   - "Requirements stated" = the criterion core-requirements-clear holds.
;;;   - premature-proposal follows the playbook's timing: a proposal goes in
;;;     once the needs are explored AND the criteria are set with the
;;;     customer. Anything but yes counts against it; severity is high when
;;;     one of them is no, medium when they are only unknown (and asked).
;;;   - criteria-not-influenced: from the project stage up to negotiation,
;;;     or earlier once the customer evaluates (criterion evaluating); high
;;;     when criteria_influenced = no, medium when unknown.
;;;   - A proposal is due at the approval stage, or while the customer is
;;;     evaluating with the criteria set (criteria_influenced = yes), as long
;;;     as proposal_submitted is not yes.

(deftemplate spin-target
   "A group of people to ask SPIN questions of, and who they are."
   (slot id (type SYMBOL))
   (slot order (type INTEGER))
   (multislot because (type STRING)))

;;; ------------------------------------------------------------ helpers

(deffunction holds-any-role (?held ?wanted)
   "TRUE when one of the roles ?held is among ?wanted."
   (foreach ?role ?held (if (member$ ?role ?wanted) then (return TRUE)))
   FALSE)

(deffunction names-with-roles ($?roles)
   "The names of the people holding any of ?roles."
   (bind ?names (create$))
   (do-for-all-facts ((?p person)) (holds-any-role ?p:roles ?roles)
      (bind ?names (create$ ?names ?p:name)))
   ?names)

(deffunction signal-words (?id)
   "\"signal X\" plus, for a signal found in a note, the words that matched."
   (bind ?line (str-cat "signal " ?id))
   (do-for-all-facts ((?s signal)) (and (eq ?s:id ?id) (eq ?s:source note))
      (bind ?line (str-cat ?line " (note " (+ 1 ?s:note) ": \"" ?s:words "\")")))
   ?line)

;;; ------------------------------------------------------------ SPIN targets

(defrule spin-target-decision-maker
   "Playbook §4.1, §5: the decision maker asks what the investment gains:
    business results, cost, ROI, payback, reputation."
   (declare (salience 30))
   (exists (person (roles $? decision-maker $?)))
   =>
   (assert (spin-target (id spin-decision-maker) (order 1)
      (because (words "decision-maker" (names-with-roles decision-maker))))))

(defrule spin-target-user
   "Playbook §4.1, §5: users and maintainers ask how it will work for them."
   (declare (salience 30))
   (exists (person (roles $? user|operator|maintainer $?)))
   =>
   (assert (spin-target (id spin-user) (order 2)
      (because (words "user" (names-with-roles user operator maintainer))))))

(defrule spin-target-gatekeeper
   "Playbook §4.1, §5: the technical gatekeeper asks whether it meets the
    specs and the financial rules."
   (declare (salience 30))
   (exists (person (roles $? technical-gatekeeper $?)))
   =>
   (assert (spin-target (id spin-technical-gatekeeper) (order 3)
      (because (words "technical-gatekeeper" (names-with-roles technical-gatekeeper))))))

(defrule spin-target-coach
   "Playbook §4.1, §5: the coach tells where the organisation hurts and who
    is dissatisfied."
   (declare (salience 30))
   (exists (person (roles $? coach $?) (leaving ~yes)))
   =>
   (bind ?names (create$))   ; not a coach who is leaving (issue 13)
   (do-for-all-facts ((?p person)) (and (member$ coach ?p:roles) (neq ?p:leaving yes))
      (bind ?names (create$ ?names ?p:name)))
   (assert (spin-target (id spin-coach) (order 4) (because (words "coach" ?names)))))

(defrule spin-target-purchaser
   "Playbook §4.1, §5: the purchaser or initiator knows how the purchase
    came about and how it will be run."
   (declare (salience 30))
   (exists (person (roles $? purchaser|initiator $?)))
   =>
   (assert (spin-target (id spin-purchaser) (order 5)
      (because (words "purchaser" (names-with-roles purchaser initiator))))))

(deffunction spin-targets ()
   "The SPIN target ids, in order; spin-general when nobody's role is known."
   (bind ?ids (create$))
   (loop-for-count (?order 1 5)
      (do-for-all-facts ((?t spin-target)) (= ?t:order ?order)
         (bind ?ids (create$ ?ids ?t:id))))
   (if (= (length$ ?ids) 0) then (create$ spin-general) else ?ids))

(deffunction spin-because ()
   "Who each SPIN target is, one line per target."
   (bind ?lines (create$))
   (loop-for-count (?order 1 5)
      (do-for-all-facts ((?t spin-target)) (= ?t:order ?order)
         (bind ?lines (create$ ?lines ?t:because))))
   (if (= (length$ ?lines) 0) then (create$ "no buying role known: ask everyone you meet")
    else ?lines))

;;; ------------------------------------------------------------ needs (§5)

(deftemplate in-contact
   "We are in touch with the customer: someone is known, or a criterion
    beyond being allowed to send material holds.")

(defrule in-contact-person
   "We are in touch: someone on the customer's side is known."
   (declare (salience 30))
   (exists (person))
   =>
   (assert (in-contact)))

(defrule in-contact-criterion
   "We are in touch: a criterion beyond being allowed to send material holds."
   (declare (salience 30))
   (exists (criterion (id ~materials-allowed)))
   =>
   (assert (in-contact)))

(defrule spin-discovery
   "Playbook §5: the need is not clear yet. A need is the gap the customer
    perceives between the status quo and expectations; find it with SPIN
    questions (situation, problem, implication, need-payoff), asking
    different people different questions. Not before there is someone to
    ask (see in-contact)."
   (pursuit-open)
   (in-contact)
   (not (criterion (id need-clear)))
   (evaluation (needs_explored ?explored))
   =>
   (assert (action (id spin-discovery) (rank 30) (about (spin-targets))
      (because "criterion need-clear = absent"
               (str-cat "evaluation.needs_explored = " ?explored)
               (spin-because)))))

(defrule spin-discovery-unexplored
   "Playbook §5: a need is stated (need-clear) but was never explored: the
    gap behind it, its implications and its payoff are still unknown."
   (pursuit-open)
   (criterion (id need-clear))
   (evaluation (needs_explored no))
   =>
   (assert (action (id spin-discovery) (rank 30) (about (spin-targets))
      (because "criterion need-clear is set" "evaluation.needs_explored = no"
               (spin-because)))))

(defrule requirements-without-needs
   "Playbook §5: requirements are not needs. Specs, models, quantities and
    amounts handed over without the need behind them lead to poor results;
    go back to the need: why? who said it? is it the right time?"
   (pursuit-open)
   (exists (signal (id requirements-only)))
   (evaluation (needs_explored ?explored))
   =>
   (bind ?because (create$ (signal-words requirements-only)
                           (str-cat "evaluation.needs_explored = " ?explored)))
   (assert (finding (id requirements-without-needs) (severity medium) (because ?because)))
   (assert (action (id back-to-needs) (rank 31) (because ?because))))

(defrule requirements-stated-needs-unexplored
   "Playbook §5: core requirements are stated while the needs were not
    explored - the rep is circling the requirements."
   (pursuit-open)
   (not (signal (id requirements-only)))
   (criterion (id core-requirements-clear))
   (evaluation (needs_explored no))
   =>
   (bind ?because (create$ "criterion core-requirements-clear is set"
                           "evaluation.needs_explored = no"))
   (assert (finding (id requirements-without-needs) (severity medium) (because ?because)))
   (assert (action (id back-to-needs) (rank 31) (because ?because))))

(defrule ask-needs-explored
   "Whether the needs were explored decides the SPIN and proposal advice."
   (pursuit-open (stage ?stage&~prospect))
   (evaluation (needs_explored unknown))
   =>
   (assert (question (id ask-needs-explored) (field "evaluation.needs_explored") (rank 30))))

;;; ------------------------------------------------------------ criteria (§3, §6)

(defrule criteria-not-influenced
   "Playbook §3 key node 3, §6: from the moment the customer evaluates
    (criterion evaluating: it is writing its specs) or the project stage
    on, the purchasing criteria must be shaped to favour our strengths - if
    not, the next step is a price war."
   (pursuit-open (stage ?stage))
   (test (or (and (>= (stage-order ?stage) (stage-order project))
                  (<= (stage-order ?stage) (stage-order negotiation)))
             (any-factp ((?c criterion)) (eq ?c:id evaluating))))
   (evaluation (criteria_influenced ?influenced&no|unknown))
   =>
   (bind ?because (create$ (str-cat "evidenced stage = " ?stage)
                           (if (any-factp ((?c criterion)) (eq ?c:id evaluating))
                            then "criterion evaluating is set" else (create$))
                           (str-cat "evaluation.criteria_influenced = " ?influenced)))
   (assert (finding (id criteria-not-influenced)
      (severity (if (eq ?influenced no) then high else medium)) (because ?because)))
   (assert (action (id influence-criteria) (rank 33) (because ?because)))
   (if (eq ?influenced unknown) then
      (assert (question (id ask-criteria-influenced) (field "evaluation.criteria_influenced") (rank 31)))))

;;; ------------------------------------------------------------ proposal (§6)

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

(defrule prepare-proposal-approval
   "Playbook §6: at the approval stage the proposal is due: the customer's
    needs, our differentiation, an action plan, and price; for executives
    the business, financial, political and cultural effects."
   (pursuit-open (stage approval))
   (evaluation (proposal_submitted ?submitted&~yes))
   =>
   (assert (action (id prepare-proposal) (rank 50)
      (because "evidenced stage = approval"
               (str-cat "evaluation.proposal_submitted = " ?submitted))))
   (if (eq ?submitted unknown) then
      (assert (question (id ask-proposal-submitted) (field "evaluation.proposal_submitted") (rank 32)))))

(defrule prepare-proposal-criteria-set
   "Playbook §6: the customer is evaluating and the criteria are set with
    us - the right time for the proposal."
   (pursuit-open (stage ?stage&~approval))
   (criterion (id evaluating))
   (evaluation (criteria_influenced yes) (proposal_submitted ?submitted&~yes))
   =>
   (assert (action (id prepare-proposal) (rank 50)
      (because "criterion evaluating is set"
               "evaluation.criteria_influenced = yes"
               (str-cat "evaluation.proposal_submitted = " ?submitted))))
   (if (eq ?submitted unknown) then
      (assert (question (id ask-proposal-submitted) (field "evaluation.proposal_submitted") (rank 32)))))
