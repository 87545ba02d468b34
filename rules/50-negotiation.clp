;;; 50-negotiation.clp - playbook §8: business negotiation.
;;;
;;; What it knows:
;;;   - when a deal negotiates (evidenced or claimed stage negotiation, or a
;;;     negotiation phase known), and not yet signed or lost;
;;;   - the four preconditions before negotiating [KA];
;;;   - the three elements [ROAD]: reservation price, agreement zone,
;;;     condition exchange;
;;;   - the common failures: negotiating before showing value, conceding
;;;     without getting something back, conceding to someone without
;;;     authority;
;;;   - the tactics, chosen from the phase (§8 table) and from the
;;;     confusions and customer methods (§8 mapping), ranked.
;;;
;;; Tactics are data: tactic-def says which phases a tactic suits, and
;;; tactic-map which tactics answer a signal. Every reason a tactic applies
;;; is a tactic-reason with a weight (signal 10, phase 5, any phase 2); the
;;; review layer folds them into one tactic fact per id, ranked by total
;;; weight (then by the playbook's order), with every reason as a
;;; because-line. A coach retunes the ranking by editing weights here.

;;; ------------------------------------------------------------ vocabulary

(deftemplate precondition-def
   "Playbook §8 [KA]: a precondition before entering negotiation."
   (slot id (type SYMBOL)))

(deffacts preconditions "Playbook §8: the preconditions, in the playbook's order."
   (precondition-def (id key-people-confirmed))
   (precondition-def (id solution-confirmed))
   (precondition-def (id schedule-confirmed))
   (precondition-def (id negotiation-method-set)))

(deftemplate tactic-def
   "Playbook §8: a tactic, its place in the playbook's list (order) and the
    negotiation phases it suits (any = every phase)."
   (slot id (type SYMBOL))
   (slot order (type INTEGER))
   (multislot phases (type SYMBOL)))

(deffacts tactics "Playbook §8, the tactics table (phase column is a reading)."
   (tactic-def (id avoid-strength) (order 1) (phases early))
   (tactic-def (id retreat-to-advance) (order 2) (phases early))
   (tactic-def (id avoid-argument) (order 3) (phases any))
   (tactic-def (id good-cop-bad-cop) (order 4) (phases mid))
   (tactic-def (id take-initiative) (order 5) (phases mid))
   (tactic-def (id deadline) (order 6) (phases late))
   (tactic-def (id condition-exchange) (order 7) (phases mid late))
   (tactic-def (id concede-less-give-more) (order 8) (phases late))
   (tactic-def (id market-strategy) (order 9) (phases any)))

(deftemplate tactic-map
   "Playbook §8, mapping of a confusion or customer method (a signal) to
    the tactics that answer it."
   (slot signal (type SYMBOL))
   (multislot tactics (type SYMBOL)))

(deffacts tactic-mapping "Playbook §8, mapping of confusions and methods (a reading).
   deadline for over-eager is handled by its own rules: only the
   customer's deadline."
   (tactic-map (signal competitor-pressure)
      (tactics avoid-argument condition-exchange concede-less-give-more))
   (tactic-map (signal decision-process-unclear) (tactics take-initiative))
   (tactic-map (signal gap-too-large) (tactics condition-exchange retreat-to-advance))
   (tactic-map (signal over-eager) (tactics avoid-strength))
   (tactic-map (signal internal-disagreement) (tactics good-cop-bad-cop))
   (tactic-map (signal multi-round-cutting) (tactics concede-less-give-more condition-exchange))
   (tactic-map (signal multi-level-game) (tactics good-cop-bad-cop take-initiative)))

(deftemplate tactic-weight
   "How much a kind of reason counts towards a tactic's rank."
   (slot kind (type SYMBOL))
   (slot weight (type INTEGER)))

(deffacts tactic-weights "Our reading: a tactic the deal's own signals call for
   comes before one that only suits the phase."
   (tactic-weight (kind signal) (weight 10))
   (tactic-weight (kind customer-deadline) (weight 10))
   (tactic-weight (kind phase) (weight 5))
   (tactic-weight (kind any-phase) (weight 2))
   (tactic-weight (kind zone) (weight 0)))

(deftemplate negotiating
   "The deal is in business negotiation: one fact per piece of evidence."
   (slot because (type STRING)))

(deftemplate agreement-zone
   "Playbook §8 [ROAD]: the space between our reservation price and the
    customer's target. status: zone (target >= reservation), none (target
    below reservation) or unknown (either price unknown)."
   (slot status (type SYMBOL) (allowed-symbols zone none unknown))
   (multislot unknown (type SYMBOL))
   (slot because (type STRING) (default "")))

(deftemplate failure-sign
   "A sign of one of the common negotiation failures (playbook §8 [ROAD])."
   (slot failure (type SYMBOL))
   (slot about (type SYMBOL))
   (slot because (type STRING)))

(deftemplate tactic-reason
   "One reason a tactic applies to this deal."
   (slot id (type SYMBOL))
   (slot kind (type SYMBOL))
   (slot because (type STRING)))

(deftemplate tactics-open
   "The evidence shows the deal negotiating (playbook §8): tactics apply.
    because says on what evidence."
   (multislot because (type STRING)))

(deftemplate tactics-closed
   "A reason the deal gets no tactics although a negotiation is claimed,
    under way or signalled: reason is an id (key-node, objection, signed)."
   (slot reason (type SYMBOL))
   (slot because (type STRING)))

(deftemplate value-shown
   "Playbook §8 [ROAD]: value is shown - the needs explored and our solution
    evaluated or confirmed - so a concession can be traded for it."
   (multislot because (type STRING)))

(deftemplate concession-tactic
   "Playbook §8: a tactic that gives something away; it needs value shown
    and an agreement zone first."
   (slot id (type SYMBOL)))

(deffacts concession-tactics "Playbook §8 [ROAD]: do not negotiate before value is
   shown; concede only inside the agreement zone."
   (concession-tactic (id retreat-to-advance))
   (concession-tactic (id concede-less-give-more))
   (concession-tactic (id condition-exchange)))

(deftemplate tactic-policy
   "How many tactics the advice gives at most (the best ranked)."
   (slot limit (type INTEGER) (default 3)))

(deffacts tactic-limit "Issue 9: a few tactics, ranked, each with its reason."
   (tactic-policy (limit 3)))

(deftemplate method-evidence
   "Playbook §8: a criterion that shows the negotiation method is set (after
    a tender we alone are shortlisted)."
   (slot criterion (type SYMBOL)))

(deffacts method-evidence "Playbook §8: 'after a tender we alone are shortlisted'."
   (method-evidence (criterion bid-won)))

;;; ------------------------------------------------------------ helpers

(deffunction preconditions-held (?declared)
   "The preconditions that hold: those the deal lists, plus
    negotiation-method-set when a method-evidence criterion holds (a won
    tender sets the method, playbook §8)."
   (bind ?held ?declared)
   (if (and (not (member$ negotiation-method-set ?held))
            (any-factp ((?m method-evidence) (?c criterion)) (eq ?m:criterion ?c:id)))
      then (bind ?held (create$ ?held negotiation-method-set)))
   ?held)

(deffunction method-words ()
   "The because-line of a method set by evidence, or nothing."
   (bind ?out (create$))
   (do-for-all-facts ((?m method-evidence) (?c criterion)) (eq ?m:criterion ?c:id)
      (bind ?out (create$ ?out (str-cat "criterion " ?c:id " holds: negotiation-method-set"))))
   ?out)

(deffunction negotiating-words ()
   "The evidence that the deal is negotiating, as one because-line."
   (bind ?out "")
   (do-for-all-facts ((?n negotiating)) TRUE
      (bind ?out (if (eq ?out "") then ?n:because else (str-cat ?out ", " ?n:because))))
   (str-cat "negotiating: " ?out))

(deffunction preconditions-missing (?held)
   "The preconditions, in the playbook's order, that are not in ?held."
   (bind ?out (create$))
   (do-for-all-facts ((?p precondition-def)) (not (member$ ?p:id ?held))
      (bind ?out (create$ ?out ?p:id)))
   ?out)

(deffunction signals-among ($?ids)
   "Those of ?ids that are signals in effect, each once."
   (bind ?out (create$))
   (foreach ?id ?ids
      (if (any-factp ((?s signal)) (eq ?s:id ?id)) then (bind ?out (create$ ?out ?id))))
   ?out)

;;; ------------------------------------------------------------ verdict (10)

(defrule negotiating-evidenced
   "Playbook §1: the negotiation stage's entry rule holds."
   (declare (salience 10))
   (evidenced-stage (id negotiation))
   (not (deal-is-signed))
   =>
   (assert (negotiating (because "evidenced stage = negotiation"))))

(defrule negotiating-claimed
   "The rep reports the deal in negotiation."
   (declare (salience 10))
   (deal (claimed_stage negotiation))
   (not (deal-is-signed))
   =>
   (assert (negotiating (because "claimed_stage = negotiation"))))

(defrule negotiating-phase
   "A negotiation phase is known: the parties are negotiating."
   (declare (salience 10))
   (negotiation (phase ?phase&~unknown))
   (deal (claimed_stage ~lost&~closed))
   (not (deal-is-signed))
   =>
   (assert (negotiating (because (str-cat "negotiation.phase = " ?phase)))))

(defrule agreement-zone-known
   "Playbook §8: the customer's target at or above our reservation price
    leaves a zone where both sides can agree."
   (declare (salience 10))
   (negotiation (reservation_price ?r&:(numberp ?r)) (customer_target ?t&:(numberp ?t)&:(>= ?t ?r)))
   =>
   (assert (agreement-zone (status zone)
      (because (str-cat "agreement zone = " ?r " to " ?t
                        " (reservation_price to customer_target)")))))

(defrule agreement-zone-none
   "Playbook §8: the customer's target below our reservation price leaves
    no agreement zone."
   (declare (salience 10))
   (negotiation (reservation_price ?r&:(numberp ?r)) (customer_target ?t&:(numberp ?t)&:(< ?t ?r)))
   =>
   (assert (agreement-zone (status none)
      (because (str-cat "customer_target = " ?t " < reservation_price = " ?r)))))

(defrule agreement-zone-unknown
   "Playbook §8: without our reservation price and the customer's target
    the zone is unknown."
   (declare (salience 10))
   (negotiation (reservation_price ?r) (customer_target ?t))
   (test (or (not (numberp ?r)) (not (numberp ?t))))
   =>
   (assert (agreement-zone (status unknown)
      (unknown (if (numberp ?r) then (create$) else reservation-price-unknown)
               (if (numberp ?t) then (create$) else customer-target-unknown))
      (because (str-cat "reservation_price = " ?r ", customer_target = " ?t)))))

;;; ------------------------------------------------------------ preconditions

(defrule negotiation-preconditions-missing
   "Playbook §8 [KA]: before negotiating, the key people, our solution, the
    schedule and the negotiation method must be settled. A precondition
    not listed as holding is not confirmed (nothing listed: none known).
    A won tender sets the negotiation method (method-evidence)."
   (exists (negotiating))
   (negotiation (preconditions $?declared) (preconditions_known ?known))
   (test (> (length$ (preconditions-missing (preconditions-held ?declared))) 0))
   =>
   (bind ?held (preconditions-held ?declared))
   (bind ?missing (preconditions-missing ?held))
   (bind ?listed (and (eq ?known yes) (> (length$ ?declared) 0)))
   (assert (finding (id negotiation-preconditions-missing)
      (severity (if ?listed then high else medium)) (about ?missing)
      (because (negotiating-words)
               (if ?listed then (words "negotiation.preconditions" ?declared)
                else "negotiation.preconditions = not given (none known)")
               (method-words)
               (words "not confirmed" ?missing))))
   (assert (action (id confirm-preconditions) (rank 40) (about ?missing)
      (because (negotiating-words) (words "not confirmed" ?missing))))
   (foreach ?id ?missing
      (assert (question (id ask-precondition) (field "negotiation.preconditions")
         (value ?id) (rank 25)))))

;;; ------------------------------------------------------------ agreement zone

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

(defrule check-agreement-zone-unknown
   "Playbook §8 [ROAD]: negotiating (or the gap feels too large) without
    knowing our reservation price or the customer's target: find the
    agreement zone before conceding anything."
   (agreement-zone (status unknown) (unknown $?unknown) (because ?why))
   (or (exists (negotiating))
       (signal (id gap-too-large)))
   =>
   (bind ?gap (signals-among gap-too-large))
   (assert (action (id check-agreement-zone) (rank 41) (about ?unknown ?gap)
      (because (negotiating-words) ?why
               (if (> (length$ ?gap) 0) then "signal gap-too-large" else (create$))))))

(defrule check-agreement-zone-gap
   "Playbook §8 mapping: gap-too-large -> check the agreement zone against
    the reservation price; there is a zone, so rescope and trade inside it."
   (signal (id gap-too-large))
   (agreement-zone (status zone) (because ?why))
   =>
   (assert (action (id check-agreement-zone) (rank 41) (about gap-too-large)
      (because "signal gap-too-large" ?why))))

(defrule offer-below-reservation
   "Playbook §8 [ROAD]: the reservation price is the walk-away price; an
    offer below it concedes what we said we would never give."
   (negotiation (reservation_price ?r&:(numberp ?r)) (our_offer ?o&:(numberp ?o)&:(< ?o ?r)))
   =>
   (assert (finding (id offer-below-reservation) (severity high) (about ?o ?r)
      (because (str-cat "our_offer = " ?o " < reservation_price = " ?r)))))

(defrule ask-prices
   "Playbook §8: the three elements need our reservation price, our offer
    and the customer's target; ask for those unknown in a negotiation."
   (exists (negotiating))
   (negotiation (reservation_price ?r) (our_offer ?o) (customer_target ?t))
   =>
   (if (not (numberp ?r)) then
      (assert (question (id ask-reservation-price) (field "negotiation.reservation_price") (rank 30))))
   (if (not (numberp ?t)) then
      (assert (question (id ask-customer-target) (field "negotiation.customer_target") (rank 31))))
   (if (not (numberp ?o)) then
      (assert (question (id ask-our-offer) (field "negotiation.our_offer") (rank 32)))))

(defrule ask-negotiation-phase
   "Playbook §8: the tactics depend on the phase; ask it in a negotiation."
   (exists (negotiating))
   (negotiation (phase unknown))
   =>
   (assert (question (id ask-negotiation-phase) (field "negotiation.phase") (rank 33))))

;;; ------------------------------------------------------------ failures
;;; Each sign of a common failure is a failure-sign (salience 10); one
;;; finding per failure gathers its signs.

(defrule value-sign-needs
   "Playbook §8 failure 1 and §5: the needs behind the deal are not
    explored."
   (declare (salience 10))
   (evaluation (needs_explored no))
   =>
   (assert (failure-sign (failure negotiating-before-value) (about needs-not-explored)
      (because "evaluation.needs_explored = no"))))

(defrule value-sign-requirements-only
   "Playbook §8 failure 1 and §5: the customer hands over requirements, the
    need behind them is unexplored."
   (declare (salience 10))
   (signal (id requirements-only))
   =>
   (assert (failure-sign (failure negotiating-before-value) (about needs-not-explored)
      (because "signal requirements-only"))))

(defrule value-sign-not-evaluated
   "Playbook §8 failure 1: the customer has not evaluated our solution."
   (declare (salience 10))
   (evaluation (solution_evaluated no))
   =>
   (assert (failure-sign (failure negotiating-before-value) (about solution-not-confirmed)
      (because "evaluation.solution_evaluated = no"))))

(defrule value-sign-not-confirmed
   "Playbook §8 failure 1 and the preconditions: the preconditions that
    hold are listed, and solution-confirmed is not among them."
   (declare (salience 10))
   (negotiation (preconditions $?held&:(> (length$ ?held) 0)&:(not (member$ solution-confirmed ?held))))
   =>
   (assert (failure-sign (failure negotiating-before-value) (about solution-not-confirmed)
      (because (str-cat (words "negotiation.preconditions" ?held) " (no solution-confirmed)")))))

(defrule return-sign
   "Playbook §8 failure 2 and the mapping: multiple rounds of price cutting,
    or our own over-eagerness, give concessions away for nothing."
   (declare (salience 10))
   (signal (id ?signal&multi-round-cutting|over-eager))
   =>
   (assert (failure-sign (failure conceding-without-return) (about ?signal)
      (because (str-cat "signal " ?signal)))))

(defrule authority-sign-signal
   "Playbook §8 failure 3: not knowing to whom to concede: the decision
    process is unclear, or the customer's levels negotiate in turn."
   (declare (salience 10))
   (signal (id ?signal&decision-process-unclear|multi-level-game))
   =>
   (assert (failure-sign (failure conceding-to-no-authority) (about ?signal)
      (because (str-cat "signal " ?signal)))))

(defrule authority-sign-no-dm
   "Playbook §8 failure 3 and §4.3: negotiating without having met a
    decision maker means conceding to people who cannot close."
   (declare (salience 10))
   (exists (negotiating))
   (not (person (roles $? decision-maker $?) (met yes)))
   =>
   (assert (failure-sign (failure conceding-to-no-authority) (about no-decision-maker-met)
      (because "no person with role decision-maker has met = yes"))))

(deffunction failure-finding (?failure $?context)
   "Assert the finding for ?failure from all its failure-signs: about =
    their items (each once), because = ?context and their lines."
   (bind ?about (create$))
   (bind ?because ?context)
   (do-for-all-facts ((?f failure-sign)) (eq ?f:failure ?failure)
      (if (not (member$ ?f:about ?about)) then (bind ?about (create$ ?about ?f:about)))
      (if (not (member$ ?f:because ?because)) then (bind ?because (create$ ?because ?f:because))))
   (assert (finding (id ?failure) (severity high) (about ?about) (because ?because))))

(defrule negotiating-before-value
   "Playbook §8 [ROAD], common failure 1: negotiating before showing value
    (needs not explored, solution not confirmed)."
   (exists (negotiating))
   (exists (failure-sign (failure negotiating-before-value)))
   =>
   (failure-finding negotiating-before-value (negotiating-words)))

(defrule conceding-without-return
   "Playbook §8 [ROAD], common failure 2: not knowing which conditions move
    the other side, so concessions go out and nothing comes back."
   (exists (failure-sign (failure conceding-without-return)))
   =>
   (failure-finding conceding-without-return))

(defrule conceding-to-no-authority
   "Playbook §8 [ROAD], common failure 3: not knowing to whom to concede."
   (exists (failure-sign (failure conceding-to-no-authority)))
   =>
   (failure-finding conceding-to-no-authority))

(defrule find-weighted-majority
   "Playbook §8 mapping: internal-disagreement -> a high-level visit, and
    find the weighted majority before trading anything."
   (signal (id internal-disagreement))
   =>
   (assert (action (id find-weighted-majority) (rank 43) (about (concern-decision-makers))
      (because "signal internal-disagreement" (words "decision maker" (concern-decision-makers))))))

;;; ------------------------------------------------------------ the gate (5)
;;; Tactics are for deals that negotiate on the evidence. The gate runs
;;; after the verdicts (stage, concern: salience 10) and before the advice.

(deffunction key-node-skipped-p ()
   "TRUE when a key node below the evidenced stage does not hold (§3)."
   (bind ?ev (find-fact ((?e evidenced-stage)) TRUE))
   (if (= (length$ ?ev) 0) then (return FALSE))
   (bind ?top (stage-order (fact-slot-value (nth$ 1 ?ev) id)))
   (any-factp ((?k key-node))
      (and (< (stage-order ?k:stage) ?top)
           (not (any-factp ((?h stage-holds)) (eq ?h:stage ?k:stage))))))

(defrule tactics-open-evidenced
   "Playbook §8, §1: the evidence shows approval or negotiation - the deal
    is where business negotiation happens."
   (declare (salience 5))
   (evidenced-stage (id ?stage&approval|negotiation))
   =>
   (assert (tactics-open (because (str-cat "evidenced stage = " ?stage)))))

(defrule tactics-open-under-way
   "Playbook §8 [KA]: a negotiation under way (phase known) with its four
    preconditions settled, on a deal past the project stage's entry rule."
   (declare (salience 5))
   (evidenced-stage (id project))
   (negotiation (phase ?phase&~unknown) (preconditions $?declared))
   (test (= 0 (length$ (preconditions-missing (preconditions-held ?declared)))))
   =>
   (assert (tactics-open (because (str-cat "negotiation.phase = " ?phase)
                                  "all four preconditions settled"))))

(defrule tactics-closed-key-node
   "Playbook §3, §8: a key node is skipped - settle it before negotiating."
   (declare (salience 5))
   (tactics-open)
   (test (key-node-skipped-p))
   =>
   (assert (tactics-closed (reason key-node) (because "a key node is skipped"))))

(defrule tactics-closed-objection
   "Playbook §7: an objection is not answered with price or bargaining: it
    is a needs / criteria / positioning problem."
   (declare (salience 5))
   (concern (kind objection))
   =>
   (assert (tactics-closed (reason objection) (because "concern = objection"))))

(defrule tactics-closed-signed
   "Playbook §1: the contract is signed (contract-signed or first-payment):
    nothing left to negotiate."
   (declare (salience 5))
   (deal-is-signed (because ?why))
   =>
   (assert (tactics-closed (reason signed) (because ?why))))

(defrule value-shown
   "Playbook §8 [ROAD], failure 1: value is shown when the needs were
    explored and our solution was evaluated or confirmed by the customer's
    key people, and no requirements-only signal says otherwise."
   (declare (salience 5))
   (evaluation (needs_explored yes) (solution_evaluated ?ev))
   (negotiation (preconditions $?declared))
   (test (or (eq ?ev yes) (member$ solution-confirmed ?declared)))
   (not (signal (id requirements-only)))
   =>
   (assert (value-shown (because "evaluation.needs_explored = yes"
      (if (eq ?ev yes) then "evaluation.solution_evaluated = yes"
       else "negotiation.preconditions has solution-confirmed")))))

(deftemplate negotiation-premature
   "A negotiation is claimed or under way, but the evidence does not show
    the deal negotiating (no tactics-open), or a key node is skipped."
   (slot because (type STRING)))

(defrule negotiation-premature-evidence
   "Playbook §8: claimed or under way, but the evidence shows neither
    approval nor negotiation (nor a negotiation with its preconditions)."
   (exists (negotiating))
   (not (tactics-open))
   =>
   (assert (negotiation-premature (because "the evidence shows neither approval nor negotiation"))))

(defrule negotiation-premature-key-node
   "Playbook §3, §8: a key node is skipped - settle it before negotiating."
   (exists (negotiating))
   (tactics-closed (reason key-node))
   =>
   (assert (negotiation-premature (because "a key node is skipped"))))

(defrule not-negotiating-yet
   "Playbook §8, §3: a negotiation is claimed or under way, but the evidence
    does not show approval (or a key node is skipped): say plainly that the
    deal is not negotiating yet, and what to settle first - the skipped key
    node's criteria, else the next stage's. Not on an objection, which says
    what to do instead."
   (exists (negotiation-premature))
   (evidenced-stage (id ?stage))
   (not (concern (kind objection)))
   =>
   (bind ?settle (create$))
   (bind ?why (create$))
   (do-for-all-facts ((?k key-node) (?r stage-required))
         (and (eq ?r:stage ?k:stage) (< (stage-order ?k:stage) (stage-order ?stage))
              (not (any-factp ((?h stage-holds)) (eq ?h:stage ?k:stage)))
              (= (length$ ?settle) 0))
      (bind ?settle ?r:missing)
      (bind ?why (str-cat ?k:stage " entry rule does not hold")))
   (if (= (length$ ?settle) 0) then
      (do-for-all-facts ((?n next-stage)) TRUE
         (bind ?settle ?n:missing)
         (bind ?why (str-cat "next stage = " ?n:id))))
   (assert (finding (id not-negotiating-yet) (severity high) (about ?stage ?settle)
      (because (negotiating-words) (str-cat "evidenced stage = " ?stage) ?why
               (words "settle first" ?settle)))))

;;; ------------------------------------------------------------ tactics

(defrule tactic-for-signal
   "Playbook §8 mapping: a confusion or customer method calls for these
    tactics."
   (signal (id ?signal))
   (tactic-map (signal ?signal) (tactics $? ?tactic $?))
   =>
   (assert (tactic-reason (id ?tactic) (kind signal) (because (str-cat "signal " ?signal)))))

(defrule tactic-for-phase
   "Playbook §8 table: tactics that suit the negotiation phase. deadline
    has its own rules."
   (exists (negotiating))
   (negotiation (phase ?phase&~unknown))
   (tactic-def (id ?tactic&~deadline) (phases $? ?phase $?))
   =>
   (assert (tactic-reason (id ?tactic) (kind phase)
      (because (str-cat "negotiation.phase = " ?phase)))))

(defrule tactic-for-any-phase
   "Playbook §8 table: tactics for any phase of a negotiation."
   (exists (negotiating))
   (tactic-def (id ?tactic) (phases $? any $?))
   =>
   (assert (tactic-reason (id ?tactic) (kind any-phase)
      (because "in negotiation: suits any phase"))))

(defrule tactic-deadline-late
   "Playbook §8: a deadline closes a late-phase negotiation, but when we
    are over-eager only the customer's own deadline may be used."
   (exists (negotiating))
   (negotiation (phase late))
   (not (signal (id over-eager)))
   =>
   (assert (tactic-reason (id deadline) (kind phase) (because "negotiation.phase = late"))))

(defrule tactic-deadline-customer
   "Playbook §8 mapping (over-eager: deadline only when it is the
    customer's): a contract negotiation with the customer's own fixed
    deadline."
   (exists (negotiating))
   (criterion (id contract-deadline))
   =>
   (assert (tactic-reason (id deadline) (kind customer-deadline)
      (because "criterion contract-deadline holds: the deadline is the customer's"))))

(defrule tactic-zone
   "Playbook §8 [ROAD]: trading tactics work inside the agreement zone;
    say where it is (or that there is none)."
   (tactic-reason (id ?tactic&condition-exchange|concede-less-give-more|retreat-to-advance))
   (agreement-zone (status zone|none) (because ?why))
   =>
   (assert (tactic-reason (id ?tactic) (kind zone) (because ?why))))

(deftemplate tactic-dropped
   "A tactic left out by the limit: it ranked below the best `limit`."
   (slot id (type SYMBOL)))

(deffunction concession-allowed (?tactic)
   "TRUE unless ?tactic is a concession tactic and value is not shown or
    there is no known agreement zone (playbook §8 [ROAD])."
   (if (not (any-factp ((?c concession-tactic)) (eq ?c:id ?tactic))) then (return TRUE))
   (and (any-factp ((?v value-shown)) TRUE)
        (any-factp ((?z agreement-zone)) (eq ?z:status zone))))

(defrule tactic-rank
   "Fold the reasons for a tactic into one tactic: rank by total weight
    (highest first), then by the playbook's order. Only on a deal the
    evidence shows negotiating (tactics-open, no tactics-closed); a
    concession tactic only once value is shown
    and an agreement zone exists."
   (declare (salience -10))
   (tactics-open)
   (not (tactics-closed))
   (tactic-reason (id ?tactic))
   (tactic-def (id ?tactic) (order ?order))
   (test (concession-allowed ?tactic))
   (not (tactic (id ?tactic)))
   (not (tactic-dropped (id ?tactic)))
   =>
   (bind ?score 0)
   (bind ?because (create$))
   (do-for-all-facts ((?w tactic-weight) (?r tactic-reason))
         (and (eq ?r:id ?tactic) (eq ?w:kind ?r:kind))
      (bind ?score (+ ?score ?w:weight))
      (if (not (member$ ?r:because ?because)) then (bind ?because (create$ ?because ?r:because))))
   (assert (tactic (id ?tactic) (rank (+ (* 10 (- 100 ?score)) ?order)) (because ?because))))

(deftemplate tactics-limited
   "The tactic limit has been applied.")

(deffunction tactic-after (?a ?b)
   "For sort: TRUE when tactic fact ?a ranks after ?b."
   (bind ?ra (fact-slot-value ?a rank))
   (bind ?rb (fact-slot-value ?b rank))
   (if (<> ?ra ?rb) then (> ?ra ?rb) else (> (fact-index ?a) (fact-index ?b))))

(defrule tactic-limit
   "Issue 9, playbook §8: a few tactics, each with its reason - keep the
    best ranked `limit` (tactic-policy) and drop the rest."
   (declare (salience -25))
   (tactic-policy (limit ?limit))
   (exists (tactic))
   (not (tactics-limited))
   =>
   (assert (tactics-limited))
   (bind ?n 0)
   (foreach ?t (sort tactic-after (find-all-facts ((?f tactic)) TRUE))
      (bind ?n (+ ?n 1))
      (if (> ?n ?limit) then
         (assert (tactic-dropped (id (fact-slot-value ?t id))))
         (retract ?t))))
