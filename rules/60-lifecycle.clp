;;; 60-lifecycle.clp - playbook §10: the account's lifecycle and its
;;; high-risk signals; spec §2's derived signal purchase-gap; spec §4's
;;; `lifecycle` object.
;;;
;;; What is data here (lifecycle-signal facts below): which signals of spec §2
;;; are lifecycle signals, what each means, and the early-warning action that
;;; answers it. A coach adds a lifecycle signal by adding one line there (and
;;; its id to the signal template's allowed symbols).
;;;
;;; Flow:
;;;   30 derive   purchase-gap-dates (the dates show a gap) -> signal purchase-gap
;;;   10 verdict  lifecycle-result: stage, risk, the signals behind the risk
;;;    0 advice   findings purchase-gap, lifecycle-high-risk; actions
;;;               win-back-plan, warning-plan, one counter-measure per signal,
;;;               the advice of the account's stage, after-sale care;
;;;               interview questions on the account.
;;;
;;; Readings (where the playbook leaves room; a coach may change them):
;;;   - A gap is days_since_purchase > 1.5 x purchase_interval_days, compared
;;;     in integers (2 x days > 3 x interval): exactly 1.5 x is not a gap.
;;;     An interval of 0 days or less gives no gap.
;;;   - The finding purchase-gap is medium: it is a warning to check; the
;;;     high finding is lifecycle-high-risk, which it also raises.
;;;   - A purchase-gap given in the deal or said in a note is a finding even
;;;     when the dates do not show it (a missed seasonal stocking).
;;;   - Departure's advice is the win-back plan; the warning plan and the
;;;     per-signal counter-measures are for accounts not yet gone.
;;;   - "After the sale" is the evidenced stage closed (contract signed or
;;;     first payment), as in 20-people.clp which stops there.
;;;   - An account described without its lifecycle has stage unknown;
;;;     `lifecycle` is absent only with no account and no lifecycle signal.
;;;
;;; Action ranks (band 60-69, the account's lifecycle): 60 win back, 61 the
;;; warning plan, 62 the counter-measure of each signal, 65 the stage's
;;; advice, 66 after-sale care. On an existing account (growth, maturity,
;;; decline) the warning plan and its counter-measures rank 6 and 7, and a
;;; departure's win-back 6 (retention-rank): keeping a customer we have
;;; comes first. A new-logo pursuit (no account, or acquisition) does not
;;; read personnel-change as churn (20-people.clp re-maps the chain).

;;; ------------------------------------------------------------ templates

(deftemplate lifecycle-signal
   "A lifecycle (high-risk) signal of spec §2 / playbook §10: any one of
    them in effect makes the account's lifecycle risk high. meaning is how
    a because-line says it; action is the counter-measure it calls for.
    accounts: existing when the signal only means risk for an account we
    already have (on a new-logo pursuit it means something else)."
   (slot id (type SYMBOL))
   (slot meaning (type STRING))
   (slot action (type SYMBOL))
   (slot accounts (type SYMBOL) (allowed-symbols any existing) (default any)))

(deftemplate new-logo
   "The deal is a new-logo pursuit: no account is described, or the account
    is in acquisition (playbook §10: we are still winning the customer).")

(deftemplate existing-account
   "The account is one we already have: growth, maturity or decline.")

(deftemplate warning-step
   "A step of the early-warning plan (playbook §10). refused-by: a signal
    saying the customer declined this very thing - then the plan leaves
    the step out (never recommend what the customer just refused)."
   (slot id (type SYMBOL))
   (slot order (type INTEGER))
   (slot refused-by (type SYMBOL) (default nil)))

(deftemplate retention-rank
   "Where the retention actions rank on an existing account at high risk
    (playbook §10: keep the account first); elsewhere they keep band 60."
   (slot plan (type INTEGER))
   (slot counter (type INTEGER)))

(deffacts warning-steps "Playbook §10, the early-warning mechanism, in order."
   (warning-step (id warn-contact-plan) (order 1))
   (warning-step (id warn-new-needs) (order 2))
   (warning-step (id warn-widen-contacts) (order 3))
   (warning-step (id warn-personnel-watch) (order 4))
   (warning-step (id warn-training) (order 5) (refused-by training-declined))
   (warning-step (id warn-expert-support) (order 6))
   (warning-step (id warn-inspections) (order 7)))

(deffacts retention-ranks "Issue 9 (reading of playbook §10): on an existing account
   at high risk, retention is decided first - band 1-9, beside go / no-go."
   (retention-rank (plan 6) (counter 7)))

(deftemplate purchase-gap-dates
   "The account's purchase dates show a gap: days_since_purchase is more
    than 1.5 x purchase_interval_days (playbook §10, spec §2)."
   (slot last_purchase (type STRING))
   (slot days (type INTEGER))
   (slot interval (type INTEGER))
   (slot today (type STRING)))

(deffacts lifecycle-signals "Spec §2's lifecycle signals; playbook §10's meanings."
   (lifecycle-signal (id orders-without-effort) (action guard-against-complacency)
      (meaning "orders pour in while we do no work"))
   (lifecycle-signal (id presales-value-low) (action revive-presales-value)
      (meaning "presales feels its value is low; the application is mature and 'needs no promotion'"))
   (lifecycle-signal (id new-technology) (action lead-new-technology)
      (meaning "the customer says it is studying or will adopt a new technology"))
   (lifecycle-signal (id presales-turnover) (action stabilise-presales-coverage)
      (meaning "many presales staff in the region leave or change jobs"))
   (lifecycle-signal (id template-proposals) (action tailor-proposals)
      (meaning "our proposals to the customer are all the same, copied from templates"))
   (lifecycle-signal (id training-declined) (action offer-expert-support)
      (meaning "the customer says it no longer needs our training"))
   (lifecycle-signal (id purchase-gap) (action check-competitor-replacement)
      (meaning "the product has not been bought for a long time: a competitor may have replaced it"))
   (lifecycle-signal (id personnel-change) (action remap-after-personnel-change) (accounts existing)
      (meaning "key people at the customer have changed")))

;;; ------------------------------------------------------------ helpers

(deffunction one-and-a-half (?n)
   "1.5 x ?n as text, without a trailing .0 (135, 67.5)."
   (bind ?twice (* 3 ?n))
   (if (= (mod ?twice 2) 0) then (str-cat (div ?twice 2)) else (str-cat (div ?twice 2) ".5")))

(deffunction signal-origin (?id)
   "Where signal ?id comes from, in words: the first source wins (given,
    then notes, then derived), as in the advice's signal list."
   (bind ?found (find-fact ((?s signal)) (eq ?s:id ?id)))
   (if (= (length$ ?found) 0) then (return "not in effect"))
   (bind ?s (nth$ 1 ?found))
   (bind ?source (fact-slot-value ?s source))
   (if (eq ?source note) then
      (return (str-cat "note " (+ 1 (fact-slot-value ?s note)) " says \"" (fact-slot-value ?s words) "\"")))
   (bind ?gap (find-fact ((?g purchase-gap-dates)) TRUE))
   (if (and (eq ?id purchase-gap) (eq ?source derived) (> (length$ ?gap) 0)) then
      (bind ?g (nth$ 1 ?gap))
      (return (str-cat "derived: " (fact-slot-value ?g days) " days since the last purchase on "
                       (fact-slot-value ?g last_purchase) ", more than 1.5 x "
                       (fact-slot-value ?g interval) " = " (one-and-a-half (fact-slot-value ?g interval))
                       " days")))
   (str-cat ?source))

(deffunction signal-lines ($?ids)
   "One because-line per lifecycle signal: its id, where it comes from and
    what it means."
   (bind ?lines (create$))
   (foreach ?id ?ids
      (bind ?meaning (fact-slot-value
         (nth$ 1 (find-fact ((?l lifecycle-signal)) (eq ?l:id ?id))) meaning))
      (bind ?lines (create$ ?lines
         (str-cat "signal " ?id " (" (signal-origin ?id) "): " ?meaning))))
   ?lines)

(deffunction lifecycle-signals-in-effect ()
   "The lifecycle signals in effect, in spec §2's order, each once; on a
    new-logo pursuit without those only an existing account has."
   (bind ?ids (create$))
   (bind ?new (any-factp ((?n new-logo)) TRUE))
   (do-for-all-facts ((?l lifecycle-signal)) (or (eq ?l:accounts any) (not ?new))
      (if (any-factp ((?s signal)) (eq ?s:id ?l:id))
         then (bind ?ids (create$ ?ids ?l:id))))
   ?ids)

(deffunction retention-rank-of (?kind ?default)
   "The rank of a retention action (?kind plan or counter): first on an
    existing account (retention-rank), else ?default."
   (if (not (any-factp ((?e existing-account)) TRUE)) then (return ?default))
   (bind ?r (find-fact ((?x retention-rank)) TRUE))
   (if (= (length$ ?r) 0) then (return ?default))
   (fact-slot-value (nth$ 1 ?r) ?kind))

(deffunction warning-steps-for ()
   "The steps of the early-warning plan, in order, without those the
    customer refused (warning-step refused-by a signal in effect)."
   (bind ?out (create$))
   (loop-for-count (?o 1 20)
      (do-for-all-facts ((?w warning-step))
            (and (= ?w:order ?o)
                 (not (any-factp ((?s signal)) (eq ?s:id ?w:refused-by))))
         (bind ?out (create$ ?out ?w:id))))
   ?out)

(deffunction refused-lines ()
   "One because-line per warning step left out, naming the refusal."
   (bind ?out (create$))
   (do-for-all-facts ((?w warning-step) (?s signal)) (eq ?s:id ?w:refused-by)
      (bind ?out (create$ ?out (str-cat "signal " ?s:id ": " ?w:id " left out"))))
   ?out)

(deffunction gap-lines (?last ?days ?interval ?today)
   "The because-lines of a purchase gap shown by the dates."
   (create$ (str-cat "last_purchase = " ?last)
            (str-cat "days since the last purchase = " ?days " (as of " ?today ")")
            (str-cat "purchase_interval_days = " ?interval
                     ": a gap is more than 1.5 x " ?interval " = " (one-and-a-half ?interval) " days")))

(deffunction assert-lifecycle-result (?stage)
   "Spec §4 `lifecycle`: risk is high when a lifecycle signal holds or the
    account is in decline or departure."
   (bind ?signals (lifecycle-signals-in-effect))
   (assert (lifecycle-result (stage ?stage) (signals ?signals)
      (risk (if (or (> (length$ ?signals) 0) (member$ ?stage (create$ decline departure)))
               then high else normal)))))

;;; ------------------------------------------------------------ derive (30)

(defrule new-logo-no-account
   "Playbook §10 (reading): no account described - a new-logo pursuit."
   (declare (salience 30))
   (deal)
   (not (account))
   =>
   (assert (new-logo)))

(defrule new-logo-acquisition
   "Playbook §10: an account in acquisition is still being won."
   (declare (salience 30))
   (account (lifecycle acquisition))
   =>
   (assert (new-logo)))

(defrule existing-account
   "Playbook §10: growth, maturity or decline - an account we already have."
   (declare (salience 30))
   (account (lifecycle growth|maturity|decline))
   =>
   (assert (existing-account)))

(defrule purchase-gap-dates
   "Playbook §10, spec §2: the product has not been bought for more than
    1.5 x the usual purchase interval (exactly 1.5 x is not yet a gap)."
   (declare (salience 30))
   (deal (today ?today))
   (account (last_purchase ?last)
            (purchase_interval_days ?interval&:(integerp ?interval)&:(> ?interval 0))
            (days_since_purchase ?days&:(integerp ?days)&:(> (* 2 ?days) (* 3 ?interval))))
   =>
   (assert (purchase-gap-dates (last_purchase ?last) (days ?days) (interval ?interval)
                               (today ?today))))

(defrule purchase-gap-derived
   "Spec §2: purchase-gap is also derived from the dates, unless the deal
    already gives it or a note already says it (first source wins)."
   (declare (salience 30))
   (purchase-gap-dates)
   (not (signal (id purchase-gap)))
   =>
   (assert (signal (id purchase-gap) (source derived))))

;;; ------------------------------------------------------------ verdict (10)

(defrule lifecycle-of-account
   "Playbook §10, spec §4: the deal describes the account: its lifecycle
    stage (unknown when not said) and the risk the signals show."
   (declare (salience 10))
   (deal)
   (account (lifecycle ?stage))
   =>
   (assert-lifecycle-result ?stage))

(defrule lifecycle-from-signals
   "Playbook §10, spec §4: the account is not described, but a lifecycle
    signal holds (one that means risk on a new-logo pursuit too); the
    stage is unknown, the risk high."
   (declare (salience 10))
   (deal)
   (not (account))
   (exists (lifecycle-signal (id ?id) (accounts any)) (signal (id ?id)))
   =>
   (assert-lifecycle-result unknown))

;;; ------------------------------------------------------------ findings

(defrule purchase-gap-by-dates
   "Playbook §10: a product not bought for a long time may mean a
    competitor has replaced it."
   (purchase-gap-dates (last_purchase ?last) (days ?days) (interval ?interval) (today ?today))
   =>
   (bind ?origin (signal-origin purchase-gap))
   (assert (finding (id purchase-gap) (severity medium) (about purchase-gap)
      (because (gap-lines ?last ?days ?interval ?today)
               (if (eq (str-index "derived" ?origin) 1) then (create$)
                else (str-cat "signal purchase-gap is also " ?origin))))))

(defrule purchase-gap-reported
   "Playbook §10: the deal or its notes say the customer stopped buying or
    skipped its expected seasonal stocking, while the dates do not show it
    (unknown or within 1.5 x the interval): the same warning."
   (exists (signal (id purchase-gap)))
   (not (purchase-gap-dates))
   =>
   (assert (finding (id purchase-gap) (severity medium) (about purchase-gap)
      (because (signal-lines purchase-gap)))))

(defrule lifecycle-high-risk
   "Playbook §10: a high-risk signal, or an account in decline or
    departure, means the account may be lost."
   (lifecycle-result (stage ?stage) (risk high) (signals $?signals))
   =>
   (bind ?in-trouble (member$ ?stage (create$ decline departure)))
   (assert (finding (id lifecycle-high-risk) (severity high)
      (about ?signals (if ?in-trouble then ?stage else (create$)))
      (because (str-cat "account.lifecycle = " ?stage
                        (if ?in-trouble then " (a high-risk stage)" else ""))
               (signal-lines ?signals)))))

;;; ------------------------------------------------------------ actions

(defrule win-back-plan
   "Playbook §10: an account in departure is to be won back - first of all
    (retention-rank), as it is a customer we had."
   (lifecycle-result (stage departure) (signals $?signals))
   =>
   (bind ?r (find-fact ((?x retention-rank)) TRUE))
   (assert (action (id win-back-plan)
      (rank (if (> (length$ ?r) 0) then (fact-slot-value (nth$ 1 ?r) plan) else 60))
      (about ?signals)
      (because "account.lifecycle = departure" (signal-lines ?signals)))))

(defrule warning-plan
   "Playbook §10: an account at high risk but not yet gone needs the
    early-warning mechanism (contact plan, new needs, wider contacts,
    personnel watch, training and expert support, inspections) - without
    what the customer just refused. On an existing account it comes first
    (retention-rank)."
   (lifecycle-result (stage ?stage&~departure) (risk high) (signals $?signals))
   =>
   (assert (action (id warning-plan) (rank (retention-rank-of plan 61))
      (about (warning-steps-for))
      (because "lifecycle risk = high" (str-cat "account.lifecycle = " ?stage)
               (signal-lines ?signals) (refused-lines)))))

(defrule counter-lifecycle-signal
   "Playbook §10: each high-risk signal has its own counter-measure, part of
    the warning plan (for an account not yet gone)."
   (lifecycle-result (stage ~departure) (signals $? ?id $?))
   (lifecycle-signal (id ?id) (action ?action))
   =>
   (assert (action (id ?action) (rank (retention-rank-of counter 62)) (about ?id)
      (because (signal-lines ?id)))))

(defrule lifecycle-stage-advice
   "Playbook §10: what to do at each stage of the account's lifecycle
    (acquisition, growth, maturity, decline); departure's advice is the
    win-back plan."
   (lifecycle-result (stage ?stage&acquisition|growth|maturity|decline))
   =>
   (assert (action (id (sym-cat lifecycle- ?stage -advice)) (rank 65) (about ?stage)
      (because (str-cat "account.lifecycle = " ?stage)))))

(defrule after-sale-care
   "Playbook §10 [ROAD]: after the sale, announce risks in advance, involve
    the customer, show milestones, communicate at once when problems arise."
   (evidenced-stage (id closed))
   =>
   (assert (action (id after-sale-care) (rank 66)
      (because "evidenced stage = closed"))))

(defrule appease-former-opponents
   "Playbook §10 [ROAD]: after the sale, on the people side, appease those
    who did not support us, widen contacts and watch personnel changes."
   (evidenced-stage (id closed))
   (exists (person (attitude non-supporter|opponent)))
   =>
   (bind ?names (create$))
   (bind ?lines (create$ "evidenced stage = closed"))
   (do-for-all-facts ((?p person)) (member$ ?p:attitude (create$ non-supporter opponent))
      (bind ?names (create$ ?names ?p:name))
      (bind ?lines (create$ ?lines (str-cat ?p:name ": attitude = " ?p:attitude))))
   (assert (action (id appease-former-opponents) (rank 66) (about ?names) (because ?lines))))

(defrule remap-decision-chain
   "Playbook §4.3, §10: on a new-logo pursuit, key people at the customer
    changing is not churn - the decision chain we mapped is out of date:
    map it again and rebuild the relations with the newcomers."
   (pursuit-open)
   (new-logo)
   (exists (signal (id personnel-change)))
   =>
   (bind ?coaches (coach-names))
   (assert (action (id remap-decision-chain) (rank 11)
      (about (if (> (length$ ?coaches) 0) then (create$ with-coach ?coaches) else (create$)))
      (because "signal personnel-change" "a new-logo pursuit: no existing account"))))

;;; ------------------------------------------------------------ questions

(defrule ask-account-lifecycle
   "Playbook §10: the advice depends on the account's lifecycle stage; ask it
    when the account is described without it."
   (lifecycle-result (stage unknown))
   =>
   (assert (question (id ask-account-lifecycle) (field "account.lifecycle") (rank 60))))

(defrule ask-last-purchase
   "Playbook §10: a repeat customer's purchase trajectory shows a gap only
    when the last purchase date is known."
   (account (lifecycle ~acquisition&~departure) (days_since_purchase unknown))
   =>
   (assert (question (id ask-last-purchase) (field "account.last_purchase") (rank 61))))

(defrule ask-purchase-interval
   "Playbook §10: a purchase gap is judged against the account's usual
    purchase interval."
   (account (lifecycle ~acquisition&~departure) (purchase_interval_days unknown))
   =>
   (assert (question (id ask-purchase-interval) (field "account.purchase_interval_days")
      (rank 62))))
