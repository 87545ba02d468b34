;;; 65-accounts.clp - playbook §11 (the customer file), §12 (credit and
;;; receivables of KA accounts) and §13 (the first visit of a new account);
;;; spec §7's finding and action ids.
;;;
;;; What is data here (deffacts below, a coach tunes them):
;;;   account-policy   the review interval (§12.4: at least twice a month, so
;;;                    a review older than 15 days is stale), how long an
;;;                    overdue receivable may take to collect, what makes a
;;;                    chronic late payer, what counts as a fall in
;;;                    satisfaction, how old an overdue receivable caps the
;;;                    credit class;
;;;   visit-interval   how long each credit class may go without a visit;
;;;   file-element     the four core elements of the customer file (§11);
;;;   credit-cap       the best credit class a payment record supports.
;;;
;;; Flow:
;;;   30 derive   signals payment-overdue and satisfaction-falling, which are
;;;               lifecycle signals (they feed the account's lifecycle risk
;;;               and the retention plan of 60-lifecycle.clp); late-payer
;;;   0  advice   findings overdue-receivable, over-credit-limit,
;;;               credit-not-approved, receivables-review-stale,
;;;               chronic-late-payer, credit-class-too-high,
;;;               no-account-owner, customer-file-incomplete,
;;;               no-recent-visit, satisfaction-falling,
;;;               billing-reconciliation-risk; their actions; the first-visit
;;;               routine; interview questions on the account
;;;  -10  review  one review-receivables action gathering every reason for
;;;               a review
;;;
;;; Readings (where the playbook leaves room; a coach may change them):
;;;   - An overdue receivable is overdue_amount > 0. Its collector is the
;;;     account's owner; without one, the action says to name one first.
;;;     The deadline is the evaluation date + collect-within-days.
;;;   - A credit sale is receivables > 0; without credit_approved = true it
;;;     is a credit sale that was not approved (unknown: asked, not judged).
;;;   - A chronic late payer has at least chronic-late-count late payments
;;;     that are at least chronic-late-share % of all payments.
;;;   - The payment record caps the class (credit-cap): a chronic late payer
;;;     is at best C, a receivable overdue for long-overdue-days or more at
;;;     best D. A recorded class better than the cap is too high.
;;;   - A large account needing one owner (§12.3) is class A, or a large or
;;;     government customer whose credit is managed (a class, a limit or
;;;     receivables recorded). Owner absent there is a finding; elsewhere it
;;;     is only asked.
;;;   - Visits are judged for an existing account (lifecycle growth,
;;;     maturity or decline, or a credit class recorded) whose visits are
;;;     recorded; an empty list means no visit on record.
;;;   - Satisfaction falls when the latest survey scores satisfaction-drop
;;;     points or more below the one before it.
;;;   - Billing at headquarters for deliveries at a branch (branch-to-hq) is
;;;     the arrangement that makes reconciliation hard (§12).
;;;   - The first visit's routine (§13, §1) is advice for a deal evidenced at
;;;     target with a formal visit booked (visit-scheduled) but not made.
;;;
;;; Action ranks: money at risk comes first, in the go/no-go band, because
;;; shipping on to a customer that does not pay loses more than any deal
;;; wins: 3 stop shipping until collected, 4 review the receivables, 7
;;; tighten credit terms; 16 name an account owner (people); 30 the first
;;; visit's routine (the next stage's work); 56 match the billing documents
;;; (follow-up); 62 the retention counter-measures (lifecycle, with the
;;; other high-risk signals), 63 plan a visit, 64 complete the customer file.

;;; ------------------------------------------------------------ templates

(deftemplate account-policy
   "A threshold of playbook §11-§12 a coach tunes (see the header)."
   (slot name (type SYMBOL))
   (slot value (type NUMBER)))

(deftemplate visit-interval
   "The longest a class of account may go without a visit, in days."
   (slot class (type SYMBOL))
   (slot days (type INTEGER)))

(deftemplate file-element
   "An element the customer file must keep up to date (playbook §11)."
   (slot id (type SYMBOL))
   (slot order (type INTEGER)))

(deftemplate credit-cap
   "The best credit class a payment record supports (playbook §12.4)."
   (slot reason (type SYMBOL))
   (slot class (type SYMBOL)))

(deftemplate late-payer
   "The account pays late often enough to be a chronic late payer."
   (slot late (type INTEGER))
   (slot total (type INTEGER)))

(deftemplate credit-cap-applies
   "A cap on the credit class that this account's payment record sets."
   (slot class (type SYMBOL))
   (multislot because (type STRING)))

(deftemplate receivables-review-reason
   "Why the receivables need a review now; review-receivables gathers them."
   (slot id (type SYMBOL))
   (multislot because (type STRING)))

;;; ------------------------------------------------------------ data

(deffacts account-policies "Playbook §11-§12 thresholds (readings marked in the header)."
   (account-policy (name review-interval-days) (value 15))
   (account-policy (name collect-within-days) (value 7))
   (account-policy (name chronic-late-count) (value 3))
   (account-policy (name chronic-late-share) (value 20))
   (account-policy (name long-overdue-days) (value 90))
   (account-policy (name satisfaction-drop) (value 2)))

(deffacts visit-intervals "Playbook §11 reading: class A monthly, the others quarterly."
   (visit-interval (class A) (days 30))
   (visit-interval (class B) (days 90))
   (visit-interval (class C) (days 90))
   (visit-interval (class D) (days 90))
   (visit-interval (class unknown) (days 90)))

(deffacts customer-file-core "Playbook §11: the four core elements of the customer file."
   (file-element (id overview) (order 1))
   (file-element (id purchase-history) (order 2))
   (file-element (id visits) (order 3))
   (file-element (id satisfaction) (order 4)))

(deffacts credit-caps "Playbook §12.4: re-grade by the payment record."
   (credit-cap (reason chronic-late-payer) (class C))
   (credit-cap (reason long-overdue) (class D)))

(deffacts account-lifecycle-signals
   "Spec §2 / playbook §10-§12: money overdue and falling satisfaction are
    high-risk signals of an existing account, with their counter-measures."
   (lifecycle-signal (id payment-overdue) (action retain-through-collection)
      (meaning "a receivable is overdue"))
   (lifecycle-signal (id satisfaction-falling) (action recover-satisfaction)
      (meaning "the customer's satisfaction score fell")))

;;; ------------------------------------------------------------ helpers

(deffunction account-policy-value (?name)
   "The value of account-policy ?name (0 when a coach removed it)."
   (bind ?p (find-fact ((?a account-policy)) (eq ?a:name ?name)))
   (if (> (length$ ?p) 0) then (fact-slot-value (nth$ 1 ?p) value) else 0))

(deffunction class-order (?class)
   "A 1 ... D 4; unknown 0."
   (bind ?i (member$ ?class (create$ A B C D)))
   (if ?i then ?i else 0))

(deffunction two-digits (?n)
   (if (< ?n 10) then (str-cat "0" ?n) else (str-cat ?n)))

(deffunction date-plus (?date ?days)
   "The date ?days after ?date (YYYY-MM-DD), by the civil calendar."
   (bind ?y (string-to-field (sub-string 1 4 ?date)))
   (bind ?m (string-to-field (sub-string 6 7 ?date)))
   (bind ?d (string-to-field (sub-string 9 10 ?date)))
   (if (<= ?m 2) then (bind ?y (- ?y 1)))
   (bind ?era (div ?y 400))
   (bind ?yoe (- ?y (* ?era 400)))
   (bind ?doy (+ (div (+ (* 153 (+ ?m (if (> ?m 2) then -3 else 9))) 2) 5) (- ?d 1)))
   (bind ?doe (+ (* ?yoe 365) (div ?yoe 4) (- 0 (div ?yoe 100)) ?doy))
   (bind ?z (+ (* ?era 146097) ?doe ?days))
   (bind ?era (div ?z 146097))
   (bind ?doe (- ?z (* ?era 146097)))
   (bind ?yoe (div (- (+ (- ?doe (div ?doe 1460)) (div ?doe 36524)) (div ?doe 146096)) 365))
   (bind ?y (+ ?yoe (* ?era 400)))
   (bind ?doy (- ?doe (- (+ (* 365 ?yoe) (div ?yoe 4)) (div ?yoe 100))))
   (bind ?mp (div (+ (* 5 ?doy) 2) 153))
   (bind ?d (+ (- ?doy (div (+ (* 153 ?mp) 2) 5)) 1))
   (bind ?m (if (< ?mp 10) then (+ ?mp 3) else (- ?mp 9)))
   (if (<= ?m 2) then (bind ?y (+ ?y 1)))
   (str-cat ?y "-" (two-digits ?m) "-" (two-digits ?d)))

(deffunction existing-account (?lifecycle ?class)
   "An account we already sell to: in growth, maturity or decline, or with
    a credit class recorded."
   (or (member$ ?lifecycle (create$ growth maturity decline)) (neq ?class unknown)))

;;; ------------------------------------------------------------ derive (30)

(defrule payment-overdue-derived
   "Playbook §12.4, §10: a receivable past its due date is a high-risk
    signal of the account (unless the deal already gives it)."
   (declare (salience 30))
   (account (overdue_amount ?o&:(numberp ?o)&:(> ?o 0)))
   (not (signal (id payment-overdue)))
   =>
   (assert (signal (id payment-overdue) (source derived))))

(defrule satisfaction-falling-derived
   "Playbook §11: a survey score well below the previous one feeds the
    account's lifecycle risk."
   (declare (salience 30))
   (account (satisfaction_latest ?now&:(integerp ?now))
            (satisfaction_previous ?before&:(integerp ?before)&:(<= ?now (- ?before (account-policy-value satisfaction-drop)))))
   (not (signal (id satisfaction-falling)))
   =>
   (assert (signal (id satisfaction-falling) (source derived))))

(defrule chronic-late-payer-derived
   "Playbook §12.4: a customer that often pays late (chronic-late-count
    late payments or more, chronic-late-share % of all payments or more)."
   (declare (salience 30))
   (account (late_payments ?late&:(integerp ?late)&:(>= ?late (account-policy-value chronic-late-count)))
            (on_time_payments ?on-time))
   =>
   (bind ?total (+ ?late (if (integerp ?on-time) then ?on-time else 0)))
   (if (>= (* 100 ?late) (* (account-policy-value chronic-late-share) ?total))
      then (assert (late-payer (late ?late) (total ?total)))))

;;; ------------------------------------------------------------ §12 receivables

(defrule overdue-receivable
   "Playbook §12.4: an overdue receivable stops shipments until it is
    collected, with a named collector and a deadline."
   (deal (today ?today))
   (account (overdue_amount ?o&:(numberp ?o)&:(> ?o 0)) (overdue_since ?since)
            (days_overdue ?days) (owner ?owner))
   =>
   (bind ?by (date-plus ?today (account-policy-value collect-within-days)))
   (bind ?who (if (eq ?owner "") then no-owner else ?owner))
   (assert (finding (id overdue-receivable) (severity high) (about ?o ?since)
      (because (str-cat "account.overdue_amount = " ?o)
               (if (integerp ?days)
                  then (create$ (str-cat "account.overdue_since = " ?since) (str-cat "days overdue = " ?days))
                  else "account.overdue_since = unknown"))))
   (assert (action (id stop-shipment-until-collected) (rank 3) (about ?who ?o ?by)
      (because (str-cat "account.overdue_amount = " ?o)
               (if (eq ?owner "") then "account.owner = none" else (str-cat "account.owner = " ?owner))
               (str-cat "collect by = " ?by)
               (str-cat "collect within = " (account-policy-value collect-within-days) " days")))))

(defrule over-credit-limit
   "Playbook §12.1: the receivables exceed the credit limit of the class."
   (account (receivables ?r&:(numberp ?r)) (credit_limit ?l&:(numberp ?l)&:(> ?r ?l))
            (credit_class ?class))
   =>
   (assert (finding (id over-credit-limit) (severity high) (about ?r ?l)
      (because (str-cat "account.receivables = " ?r " > account.credit_limit = " ?l)
               (str-cat "account.credit_class = " ?class))))
   (assert (receivables-review-reason (id over-credit-limit)
      (because (str-cat "account.receivables = " ?r " > account.credit_limit = " ?l)))))

(defrule credit-not-approved
   "Playbook §12.2: a credit sale needs an application by the rep and
    management's approval."
   (account (receivables ?r&:(numberp ?r)&:(> ?r 0)) (credit_approved no))
   =>
   (assert (finding (id credit-not-approved) (severity high) (about ?r)
      (because (str-cat "account.receivables = " ?r) "account.credit_approved = no")))
   (assert (receivables-review-reason (id credit-not-approved)
      (because "account.credit_approved = no"))))

(defrule receivables-review-stale
   "Playbook §12.4: review the receivables at least twice a month."
   (account (days_since_review ?days&:(integerp ?days)&:(> ?days (account-policy-value review-interval-days)))
            (last_receivables_review ?last))
   =>
   (assert (finding (id receivables-review-stale) (severity medium) (about ?last ?days)
      (because (str-cat "account.last_receivables_review = " ?last) (str-cat "days since the review = " ?days)
               (str-cat "review interval = " (account-policy-value review-interval-days) " days"))))
   (assert (receivables-review-reason (id receivables-review-stale)
      (because (str-cat "account.last_receivables_review = " ?last) (str-cat "days since the review = " ?days)))))

(defrule receivables-never-reviewed
   "Playbook §12.4: receivables outstanding and no review on record."
   (account (receivables ?r&:(numberp ?r)&:(> ?r 0)) (last_receivables_review ""))
   =>
   (assert (finding (id receivables-review-stale) (severity medium) (about none)
      (because (str-cat "account.receivables = " ?r) "account.last_receivables_review = none")))
   (assert (receivables-review-reason (id receivables-review-stale)
      (because "account.last_receivables_review = none"))))

(defrule chronic-late-payer
   "Playbook §12.4: chronic late payers get controlled shipments, shorter
    terms, or the cooperation ends."
   (late-payer (late ?late) (total ?total))
   =>
   (assert (finding (id chronic-late-payer) (severity high) (about ?late ?total)
      (because (str-cat "account.late_payments = " ?late) (str-cat "payments in all = " ?total))))
   (assert (action (id tighten-credit-terms) (rank 7) (about ?late ?total)
      (because (str-cat "account.late_payments = " ?late) (str-cat "payments in all = " ?total)))))

(defrule credit-cap-late-payer
   "Playbook §12.4: a chronic late payer is re-graded (credit-cap data)."
   (declare (salience 30))
   (late-payer (late ?late) (total ?total))
   (credit-cap (reason chronic-late-payer) (class ?cap))
   =>
   (assert (credit-cap-applies (class ?cap)
      (because "payment record = chronic-late-payer" (str-cat "best class supported = " ?cap)))))

(defrule credit-cap-long-overdue
   "Playbook §12.4: a receivable overdue for long-overdue-days or more
    re-grades the account (credit-cap data)."
   (declare (salience 30))
   (account (overdue_amount ?o&:(numberp ?o)&:(> ?o 0))
            (days_overdue ?days&:(integerp ?days)&:(>= ?days (account-policy-value long-overdue-days))))
   (credit-cap (reason long-overdue) (class ?cap))
   =>
   (assert (credit-cap-applies (class ?cap)
      (because "payment record = long-overdue" (str-cat "days overdue = " ?days)
               (str-cat "best class supported = " ?cap)))))

(defrule credit-class-too-high
   "Playbook §12.4: re-grade the account by its payment record: the class
    recorded is better than the worst cap its record supports."
   (account (credit_class ?class&~unknown))
   (credit-cap-applies (class ?cap&:(< (class-order ?class) (class-order ?cap))) (because $?why))
   (not (credit-cap-applies (class ?worse&:(> (class-order ?worse) (class-order ?cap)))))
   =>
   (assert (finding (id credit-class-too-high) (severity medium) (about ?class ?cap)
      (because (str-cat "account.credit_class = " ?class) ?why)))
   (assert (receivables-review-reason (id credit-class-too-high)
      (because (str-cat "account.credit_class = " ?class) ?why))))

(defrule no-account-owner
   "Playbook §12.3: a large account with big, complex settlements (class A,
    or a large or government customer whose credit is managed) has one
    named owner, so that collection is tied to one person."
   (deal (size ?size))
   (account (owner "") (credit_class ?class) (credit_limit ?limit) (receivables ?r))
   (test (or (eq ?class A)
             (and (member$ ?size (create$ large government))
                  (or (neq ?class unknown) (numberp ?limit) (numberp ?r)))))
   =>
   (assert (finding (id no-account-owner) (severity medium)
      (because "account.owner = none" (str-cat "account.credit_class = " ?class) (str-cat "size = " ?size))))
   (assert (action (id name-account-owner) (rank 16)
      (because "account.owner = none" (str-cat "account.credit_class = " ?class) (str-cat "size = " ?size)))))

(defrule billing-reconciliation-risk
   "Playbook §12: delivered at a branch, billed at headquarters: the
    receivables need the order, delivery note, acceptance note and VAT
    invoice matched."
   (account (billing branch-to-hq))
   =>
   (assert (finding (id billing-reconciliation-risk) (severity medium)
      (because "account.billing = branch-to-hq")))
   (assert (action (id match-billing-documents) (rank 56)
      (because "account.billing = branch-to-hq"))))

(defrule review-receivables
   "Playbook §12.4: one review of the receivables, for every reason found
    (stale, over the limit, not approved, a class the record does not
    support): know the cash position, name who collects what by when,
    re-grade the account."
   (declare (salience -10))
   (exists (receivables-review-reason))
   =>
   (bind ?ids (create$))
   (bind ?lines (create$))
   (do-for-all-facts ((?r receivables-review-reason)) TRUE
      (bind ?ids (create$ ?ids ?r:id))
      (bind ?lines (create$ ?lines ?r:because)))
   (assert (action (id review-receivables) (rank 4) (about ?ids) (because ?lines))))

;;; ------------------------------------------------------------ §11 the customer file

(defrule customer-file-incomplete
   "Playbook §11: the customer file keeps four elements up to date:
    company overview, purchase trajectory, visit records, satisfaction
    surveys."
   (account (file_known yes) (file $?kept))
   (exists (file-element (id ?id&:(not (member$ ?id ?kept)))))
   =>
   (bind ?missing (create$))
   (do-for-all-facts ((?e file-element)) (not (member$ ?e:id ?kept))
      (bind ?missing (create$ ?missing ?e:id)))
   (assert (finding (id customer-file-incomplete) (severity medium) (about ?missing)
      (because (words "account.file" ?kept) (words "missing" ?missing))))
   (assert (action (id complete-customer-file) (rank 64) (about ?missing)
      (because (words "missing" ?missing))))
   (foreach ?id ?missing
      (assert (question (id ask-account-file) (field "account.file") (value ?id) (rank 63)))))

(defrule no-recent-visit
   "Playbook §11: an existing account not visited for longer than its
    class allows (class A a month, the others a quarter) is drifting."
   (account (lifecycle ?lifecycle) (credit_class ?class) (visits_known yes)
            (days_since_visit ?days) (last_visit ?last))
   (test (existing-account ?lifecycle ?class))
   (visit-interval (class ?class) (days ?limit))
   (test (or (not (integerp ?days)) (> ?days ?limit)))
   =>
   (bind ?lines (if (integerp ?days)
                  then (create$ (str-cat "last visit = " ?last) (str-cat "days since the last visit = " ?days))
                  else (create$ "account.visits = none")))
   (bind ?lines (create$ ?lines (str-cat "account.credit_class = " ?class)
                         (str-cat "visit interval = " ?limit " days")))
   (assert (finding (id no-recent-visit) (severity medium) (about ?limit) (because ?lines)))
   (assert (action (id plan-account-visit) (rank 63) (about ?limit) (because ?lines))))

(defrule satisfaction-falling
   "Playbook §11: a satisfaction score well below the previous survey."
   (account (satisfaction_latest ?now&:(integerp ?now)) (satisfaction_latest_date ?d1)
            (satisfaction_previous ?before&:(integerp ?before)) (satisfaction_previous_date ?d0))
   (test (<= ?now (- ?before (account-policy-value satisfaction-drop))))
   =>
   (assert (finding (id satisfaction-falling) (severity high) (about ?before ?now)
      (because (str-cat "satisfaction before = " ?before " (" ?d0 ")")
               (str-cat "satisfaction now = " ?now " (" ?d1 ")")))))

;;; ------------------------------------------------------------ §13 the first visit

(defrule first-visit-routine
   "Playbook §13 and §1: the first formal visit of a new account follows a
    routine: prepare, book it by phone, visit, record and follow up; at the
    visit ask open questions, listen, do not argue (求同存异)."
   (evidenced-stage (id target))
   (criterion (id visit-scheduled))
   (not (criterion (id formal-visit)))
   =>
   (assert (action (id first-visit-routine) (rank 30)
      (because "criterion visit-scheduled is set" "criterion formal-visit = absent"))))

;;; ------------------------------------------------------------ questions

(defrule ask-account-file
   "Playbook §11: the interview asks which elements of the customer file
    are kept, when it is not known."
   (account (file_known no) (credit_class ?class) (lifecycle ?lifecycle))
   (test (existing-account ?lifecycle ?class))
   =>
   (do-for-all-facts ((?e file-element)) TRUE
      (assert (question (id ask-account-file) (field "account.file") (value ?e:id) (rank 63)))))

(defrule ask-credit-approved
   "Playbook §12.2: a credit sale's approval, when receivables are
    outstanding and it is not known."
   (account (receivables ?r&:(numberp ?r)&:(> ?r 0)) (credit_approved unknown))
   =>
   (assert (question (id ask-credit-approved) (field "account.credit_approved") (rank 58))))

(defrule ask-account-owner
   "Playbook §12.3: who owns the account, when it is not known."
   (account (owner "") (credit_class ?class) (lifecycle ?lifecycle))
   (test (existing-account ?lifecycle ?class))
   =>
   (assert (question (id ask-account-owner) (field "account.owner") (rank 59))))

(defrule ask-last-receivables-review
   "Playbook §12.4: when the receivables were last reviewed, when there are
    receivables and it is not known."
   (account (receivables ?r&:(numberp ?r)&:(> ?r 0)) (last_receivables_review ""))
   =>
   (assert (question (id ask-last-receivables-review) (field "account.last_receivables_review") (rank 59))))
