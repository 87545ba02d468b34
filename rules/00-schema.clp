;;; 00-schema.clp - the vocabulary every rule file shares.
;;;
;;; Loaded first (files load in name order). It declares
;;;   * the INPUT facts dealcoach asserts for a deal (spec §1), and
;;;   * the OUTPUT facts the rules assert: findings, actions, the stage
;;;     verdict, the concern, tactics, lifecycle and opportunity results,
;;;     and interview questions.
;;;
;;; Conventions
;;;   - Slot names are the JSON field names of the deal file (claimed_stage,
;;;     above_budget_line...), so what a coach reads in a deal is what a rule
;;;     matches.
;;;   - Absent means unknown, never "no": yes/no facts are yes, no or unknown;
;;;     numbers are a number or the symbol unknown.
;;;   - The allowed symbols below ARE the vocabulary: dealcoach checks deal
;;;     files against them, so a coach who adds a criterion id here can use
;;;     it in deals at once.
;;;   - Every finding and action says which rule made it (filled in by the
;;;     engine) and `because`: the facts it rests on, in words.
;;;
;;; Rule layers, by salience:
;;;    30  derive     facts computed from facts (derived signals...)
;;;    20  stage      which stage entry rules hold
;;;    10  verdict    evidenced stage, next stage, concern, grades
;;;     5  gate       facts computed from the verdict (pursuit still open...)
;;;     0  advice     findings and actions (the default)
;;;   -10  review     rules that look at the advice as a whole
;;;   -20  merge      one voice: superseded items go (90-judgement.clp)
;;;   -25  limit      the few best-ranked tactics stay (50-negotiation.clp)
;;;   -30  choose     the moves to make now, the biggest risk (90-judgement.clp)

;;; ------------------------------------------------------------------ input

(deftemplate deal
   "The deal itself. Asserted last, after all its parts."
   (slot id (type STRING))
   (slot name (type STRING) (default ""))
   (slot customer (type STRING) (default ""))
   (slot size (type SYMBOL) (allowed-symbols unknown sme large government))
   (slot amount (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot budget (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot currency (type STRING) (default ""))
   (slot claimed_stage (type SYMBOL)
      (allowed-symbols unknown prospect target intent project approval negotiation closed lost))
   (slot expected_close (type STRING) (default ""))
   (slot days_to_close (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))               ; expected_close - today, computed by dealcoach
   (slot today (type STRING) (default "")))

(deftemplate criterion
   "A stage entry criterion that holds (playbook §1)."
   (slot id (type SYMBOL)
      (allowed-symbols
         materials-allowed initial-contact visit-scheduled
         formal-visit evaluating need-clear sponsor-named
         decision-process-known timeline-set budget-known core-requirements-clear competitors-known
         bid-won dm-public-preference majority-support
         customer-contract-received our-contract-sent contract-deadline
         price-objection-raised terms-discussed
         contract-signed first-payment)))

(deftemplate person
   "Someone on the customer's side (playbook §4)."
   (slot name (type STRING))
   (slot title (type STRING) (default ""))
   (multislot roles (type SYMBOL)
      (allowed-symbols decision-maker user technical-gatekeeper coach
                       initiator operator maintainer purchaser))
   (slot attitude (type SYMBOL)
      (allowed-symbols unknown mentor supporter neutral non-supporter opponent))
   (slot met (type SYMBOL) (allowed-symbols unknown yes no))
   (slot influence (type INTEGER SYMBOL) (allowed-symbols unknown) (range 1 5) (default unknown))
   (slot above_budget_line (type SYMBOL) (allowed-symbols unknown yes no))
   (slot follow_up_sent (type SYMBOL) (allowed-symbols unknown yes no))   ; the letter after meeting them
   (slot leaving (type SYMBOL) (allowed-symbols unknown yes no)))   ; leaving or left (issue 13: from a note)

(deftemplate competitor
   (slot name (type STRING))
   (slot leading (type SYMBOL) (allowed-symbols unknown yes no))
   ;; What the competitor did (issue 13, proposed by notes): cut its price,
   ;; ran a demo or trial, met the decision maker, had its quote used
   ;; against us, dropped out, is the incumbent supplier.
   (multislot moves (type SYMBOL)
      (allowed-symbols price-cut demo met-decision-maker quote-used dropped-out incumbent)))

(deftemplate evaluation
   "Where the customer's evaluation stands. Always asserted, unknown by default."
   (slot solution_evaluated (type SYMBOL) (allowed-symbols unknown yes no))
   (slot preferred (type SYMBOL) (allowed-symbols unknown us competitor none))
   (slot criteria_influenced (type SYMBOL) (allowed-symbols unknown yes no))
   (slot proposal_submitted (type SYMBOL) (allowed-symbols unknown yes no))
   (slot needs_explored (type SYMBOL) (allowed-symbols unknown yes no)))

(deftemplate negotiation
   "The negotiation (playbook §8). Always asserted, unknown by default.
    preconditions lists those that hold; known is no when the deal file
    did not say."
   (slot phase (type SYMBOL) (allowed-symbols unknown early mid late))
   (multislot preconditions (type SYMBOL)
      (allowed-symbols key-people-confirmed solution-confirmed
                       schedule-confirmed negotiation-method-set))
   (slot preconditions_known (type SYMBOL) (allowed-symbols no yes))
   (slot reservation_price (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot our_offer (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot customer_target (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown)))

(deftemplate opportunity
   "Opportunity assessment inputs (playbook §9). Always asserted."
   (slot is-real (type SYMBOL) (allowed-symbols unknown yes no))
   (slot can-compete (type SYMBOL) (allowed-symbols unknown yes no))
   (slot can-win (type SYMBOL) (allowed-symbols unknown yes no))
   (slot worth-winning (type SYMBOL) (allowed-symbols unknown yes no))
   (slot short_term (type SYMBOL) (allowed-symbols unknown big small))
   (slot long_term (type SYMBOL) (allowed-symbols unknown high low))
   (slot turf (type SYMBOL) (allowed-symbols unknown ours neutral competitor))
   (slot leader (type SYMBOL) (allowed-symbols unknown us none competitor))
   (slot months_to_close (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot likelihood (type SYMBOL) (allowed-symbols unknown high medium low)))

(deftemplate account
   "The customer account (playbook §10-§12, spec §7). Asserted only when the
    deal file says something about it. Slots marked 'computed' are worked
    out by dealcoach from the dates, as of the evaluation date."
   (slot lifecycle (type SYMBOL)
      (allowed-symbols unknown acquisition growth maturity decline departure))
   (slot last_purchase (type STRING) (default ""))
   (slot purchase_interval_days (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot days_since_purchase (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))                ; computed: today - last_purchase
   ;; §12 credit and receivables
   (slot owner (type STRING) (default ""))
   (slot credit_class (type SYMBOL) (allowed-symbols unknown A B C D))
   (slot credit_limit (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot credit_approved (type SYMBOL) (allowed-symbols unknown yes no))
   (slot receivables (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot overdue_amount (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot overdue_since (type STRING) (default ""))
   (slot days_overdue (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))                ; computed: today - overdue_since
   (slot last_receivables_review (type STRING) (default ""))
   (slot days_since_review (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))                ; computed: today - last_receivables_review
   (slot on_time_payments (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot late_payments (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot billing (type SYMBOL) (allowed-symbols unknown branch branch-to-hq hq))
   ;; §11 the customer file
   (multislot file (type SYMBOL)
      (allowed-symbols overview purchase-history visits satisfaction opportunities
                       organisation communication key-people competitor-history))
   (slot file_known (type SYMBOL) (allowed-symbols no yes))   ; was `file` given?
   (slot visits_known (type SYMBOL) (allowed-symbols no yes)) ; was `visits` given?
   (slot last_visit (type STRING) (default ""))               ; computed: the latest visit
   (slot days_since_visit (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))                ; computed: today - last_visit
   (slot satisfaction_latest (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))                ; computed: the latest survey's score
   (slot satisfaction_previous (type INTEGER SYMBOL) (allowed-symbols unknown)
      (default unknown))                ; computed: the survey before it
   (slot satisfaction_latest_date (type STRING) (default ""))
   (slot satisfaction_previous_date (type STRING) (default "")))

(deftemplate signal
   "A signal in effect (spec §2): given in the deal, recognised in a note,
    or derived by a rule."
   (slot id (type SYMBOL)
      (allowed-symbols
         price-pushback additional-requirements risk-concern signing-delayed
         competitor-pressure decision-process-unclear gap-too-large over-eager
         internal-disagreement multi-round-cutting multi-level-game
         requirements-only
         orders-without-effort presales-value-low new-technology presales-turnover
         template-proposals training-declined purchase-gap personnel-change
         payment-overdue satisfaction-falling
         budget-cut dm-public-preference coach-leaving competitor-incumbent))
   (slot source (type SYMBOL) (allowed-symbols given note derived))
   (slot note (type INTEGER) (default -1))
   (slot words (type STRING) (default "")))

(deftemplate note
   (slot index (type INTEGER))
   (slot text (type STRING)))

;;; ------------------------------------------------------------------ history

(deftemplate deal-history
   "What the store's history says of the deal as of today, computed by
    dealcoach when the deal is advised from the store (absent for a deal
    file). Stages are the evidenced stages recorded with each change.
      stage / stage_since / days_in_stage: the stage last recorded, the
         date it was entered, the days since;
      peak_stage: the highest stage ever recorded;
      regressed_from / regressed_to / days_since_regression: the latest
         change that moved the deal to a lower stage (none: never);
      close_pushes / close_pulls: how often expected_close moved later /
         earlier; first_close: the first expected close recorded;
      last_update / days_since_update: the latest change."
   (slot entries (type INTEGER) (default 0))
   (slot stage (type SYMBOL) (default unknown))
   (slot stage_since (type STRING) (default ""))
   (slot days_in_stage (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot peak_stage (type SYMBOL) (default unknown))
   (slot regressed_from (type SYMBOL) (default none))
   (slot regressed_to (type SYMBOL) (default none))
   (slot days_since_regression (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot close_pushes (type INTEGER) (default 0))
   (slot close_pulls (type INTEGER) (default 0))
   (slot first_close (type STRING) (default ""))
   (slot last_update (type STRING) (default ""))
   (slot days_since_update (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown)))

(deftemplate stage-time-limit
   "How many days a deal may stay in a stage before it counts as stalled
    (values in 80-time.clp; the funnel rules read the same facts)."
   (slot stage (type SYMBOL))
   (slot days (type INTEGER)))

;;; ------------------------------------------------------------------ output

(deftemplate finding
   "Something the rep should know. severity orders the report."
   (slot id (type SYMBOL))
   (slot severity (type SYMBOL) (allowed-symbols medium high low))
   (multislot about)                    ; what it is about: names, ids
   (multislot because (type STRING))    ; the facts it rests on, in words
   (slot text (type STRING) (default ""))) ; overrides the message catalog

(deftemplate action
   "Something the rep should do. rank orders the actions: lower first.
    Bands (the README explains them): 1-9 go / no-go; 10-19 people and
    power; 20-29 the customer's concern and skipped key nodes; 30-39 needs,
    criteria and the next stage; 40-49 negotiation; 50-59 proposal and
    follow-up; 60-69 the account's lifecycle."
   (slot id (type SYMBOL))
   (slot rank (type INTEGER) (default 50))
   (multislot about)
   (multislot because (type STRING))
   (slot text (type STRING) (default "")))

(deftemplate stage-def
   "A funnel stage (playbook §1): its order and win probability."
   (slot id (type SYMBOL))
   (slot order (type INTEGER))
   (slot win (type INTEGER)))

(deftemplate stage-criterion
   "A criterion belongs to a stage's entry rule."
   (slot stage (type SYMBOL))
   (slot id (type SYMBOL)))

(deftemplate stage-holds
   "A stage's entry rule holds for this deal."
   (slot stage (type SYMBOL))
   (multislot because (type STRING)))

(deftemplate criterion-met
   "A criterion that holds, under the stage it belongs to."
   (slot stage (type SYMBOL))
   (slot id (type SYMBOL)))

(deftemplate stage-required
   "What the next stage's entry rule still needs: `missing` lists the
    criteria not yet met, `needed` how many of them must still be met."
   (slot stage (type SYMBOL))
   (multislot missing (type SYMBOL))
   (slot needed (type INTEGER)))

(deftemplate evidenced-stage
   "The verdict: the highest stage whose entry rule holds."
   (slot id (type SYMBOL))
   (slot win (type INTEGER)))

(deftemplate next-stage
   (slot id (type SYMBOL))
   (multislot missing (type SYMBOL))
   (slot needed (type INTEGER) (default 0)))

(deftemplate procurement-stage
   "The customer's own procurement stage (playbook §2), where facts allow."
   (slot id (type SYMBOL)
      (allowed-symbols interest brewing design compare commit use))
   (slot win (type INTEGER))
   (multislot because (type STRING)))

(deftemplate concern
   "Doubt or objection (playbook §7). At most one per deal; none if absent."
   (slot kind (type SYMBOL) (allowed-symbols doubt objection none))
   (multislot because (type STRING)))

(deftemplate tactic
   "A negotiation tactic (playbook §8) with how to apply it to this deal:
    the catalog's tactic.ID text, filled with `about`, and the reasons."
   (slot id (type SYMBOL))
   (slot rank (type INTEGER) (default 50))
   (multislot about)
   (multislot because (type STRING))
   (slot text (type STRING) (default "")))

(deftemplate lifecycle-result
   (slot stage (type SYMBOL))
   (slot risk (type SYMBOL) (allowed-symbols normal high))
   (multislot signals (type SYMBOL)))

(deftemplate opportunity-grade
   (slot grade (type SYMBOL) (allowed-symbols A B C D))
   (multislot because (type STRING)))

(deftemplate opportunity-value
   (slot category (type INTEGER) (range 1 4))
   (multislot because (type STRING)))

(deftemplate opportunity-opening
   (slot opening (type SYMBOL) (allowed-symbols normal problem abnormal))
   (multislot because (type STRING)))

(deftemplate question
   "An interview question: a fact the rules want to know. field is the deal
    field to fill, as a dotted path (size, criteria, people,
    evaluation.preferred, negotiation.preconditions...); value, when set, is
    the item asked about: for a list field (criteria, preconditions,
    signals) the id to tick if the answer is yes, for people the role
    sought. The text asked is the catalog's question.ID, with {1} = value.
    rank: lower is asked first."
   (slot id (type SYMBOL))
   (slot field (type STRING))
   (slot value (type SYMBOL) (default nil))
   (slot rank (type INTEGER) (default 50)))

;;; ------------------------------------------------------------ reference data

(deffacts funnel-stages "Playbook §1: the stages, in order, with win %."
   (stage-def (id prospect) (order 0) (win 0))
   (stage-def (id target) (order 1) (win 10))
   (stage-def (id intent) (order 2) (win 20))
   (stage-def (id project) (order 3) (win 30))
   (stage-def (id approval) (order 4) (win 40))
   (stage-def (id negotiation) (order 5) (win 50))
   (stage-def (id closed) (order 6) (win 80))
   (stage-def (id lost) (order -1) (win 0)))

(deffacts funnel-criteria "Playbook §1: which criteria belong to which stage."
   (stage-criterion (stage target) (id materials-allowed))
   (stage-criterion (stage target) (id initial-contact))
   (stage-criterion (stage target) (id visit-scheduled))
   (stage-criterion (stage intent) (id formal-visit))
   (stage-criterion (stage intent) (id evaluating))
   (stage-criterion (stage intent) (id need-clear))
   (stage-criterion (stage intent) (id sponsor-named))
   (stage-criterion (stage project) (id decision-process-known))
   (stage-criterion (stage project) (id timeline-set))
   (stage-criterion (stage project) (id budget-known))
   (stage-criterion (stage project) (id core-requirements-clear))
   (stage-criterion (stage project) (id competitors-known))
   (stage-criterion (stage approval) (id bid-won))
   (stage-criterion (stage approval) (id dm-public-preference))
   (stage-criterion (stage approval) (id majority-support))
   (stage-criterion (stage negotiation) (id customer-contract-received))
   (stage-criterion (stage negotiation) (id our-contract-sent))
   (stage-criterion (stage negotiation) (id contract-deadline))
   (stage-criterion (stage negotiation) (id price-objection-raised))
   (stage-criterion (stage negotiation) (id terms-discussed))
   (stage-criterion (stage closed) (id contract-signed))
   (stage-criterion (stage closed) (id first-payment)))

;;; ------------------------------------------------------------ helpers

(deffunction stage-order (?stage)
   "The order of a stage id (prospect 0 ... closed 6, lost -1; unknown -2)."
   (bind ?s (find-fact ((?d stage-def)) (eq ?d:id ?stage)))
   (if (> (length$ ?s) 0) then (fact-slot-value (nth$ 1 ?s) order) else -2))

(deffunction criteria-met (?stage)
   "The criteria of ?stage that hold, as a multifield of ids."
   (bind ?met (create$))
   (do-for-all-facts ((?sc stage-criterion)) (eq ?sc:stage ?stage)
      (if (any-factp ((?c criterion)) (eq ?c:id ?sc:id))
         then (bind ?met (create$ ?met ?sc:id))))
   ?met)

(deffunction criteria-missing (?stage $?required)
   "Those of the ?required criteria (all of ?stage's when none given) that
    do not hold."
   (if (= (length$ ?required) 0) then
      (do-for-all-facts ((?sc stage-criterion)) (eq ?sc:stage ?stage)
         (bind ?required (create$ ?required ?sc:id))))
   (bind ?missing (create$))
   (foreach ?id ?required
      (if (not (any-factp ((?c criterion)) (eq ?c:id ?id)))
         then (bind ?missing (create$ ?missing ?id))))
   ?missing)

(deffunction words (?label $?items)
   "\"label = a, b, c\": a because-line from a label and some values."
   (bind ?text "")
   (foreach ?item ?items
      (bind ?text (if (eq ?text "") then (str-cat ?item) else (str-cat ?text ", " ?item))))
   (str-cat ?label " = " (if (eq ?text "") then "none" else ?text)))
