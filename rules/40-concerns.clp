;;; 40-concerns.clp - playbook §7: doubt (顾虑) versus objection (异议).
;;;
;;; A concern signal (spec §2: price-pushback, additional-requirements,
;;; risk-concern, signing-delayed) means the customer pushes back. What it
;;; means depends on where the deal stands (spec §4):
;;;   - doubt: the customer has evaluated the solutions, prefers us, and has
;;;     not signed yet: a wobble before signing ("pre-marital phobia").
;;;     Nit-picking is buying. Resolve it with an in-depth conversation on
;;;     the shared goals and a high-level visit; never with a price cut.
;;;   - objection: anywhere else. The customer does not intend to choose us
;;;     (yet): a needs / criteria / positioning problem, not a price one.
;;; Exactly one concern fact per deal (none when no concern signal holds).
;;;
;;; How it is decided: each reason the doubt reading fails is a
;;; `doubt-blocker` fact (salience 30); the concern is a doubt when there is
;;; a concern signal and no blocker, an objection when there is a concern
;;; signal and at least one blocker. The blockers are the "why" of an
;;; objection, in words.
;;;
;;; Objection response and the needs area: the playbook's answer to an
;;; objection is "back to needs, influence criteria, reach the decision
;;; maker". The needs area owns `back-to-needs` and `influence-criteria`
;;; (with their own triggers); this file gives the objection its own action
;;; `answer-objection-with-value`, so the two areas never assert the same
;;; action id with different reasons (which would show it twice).

;;; ------------------------------------------------------------ vocabulary

(deftemplate concern-sign
   "A signal that shows the customer pushing back (spec §2, customer
    concerns). A coach adds one here to make it count for §7."
   (slot id (type SYMBOL)))

(deffacts concern-signs "Spec §2: the customer-concern signals, in order."
   (concern-sign (id price-pushback))
   (concern-sign (id additional-requirements))
   (concern-sign (id risk-concern))
   (concern-sign (id signing-delayed)))

(deftemplate deal-is-signed
   "The deal is past signing (playbook §1 closed stage): on the evidence
    only (contract-signed or first-payment) - a deal claimed closed without
    either is not signed, and stage-inflated says so. Shared with
    50-negotiation.clp."
   (slot because (type STRING)))

(deftemplate doubt-blocker
   "A reason the concern is not a doubt (spec §4). reason is an id with a
    label (shown in the objection finding); order says which reason is the
    most telling (lowest first)."
   (slot reason (type SYMBOL))
   (slot order (type INTEGER))
   (slot because (type STRING)))

;;; ------------------------------------------------------------ helpers

(deffunction concern-signal-ids ()
   "The concern signals in effect, each once, in the order of concern-signs."
   (bind ?ids (create$))
   (do-for-all-facts ((?cs concern-sign)) (any-factp ((?s signal)) (eq ?s:id ?cs:id))
      (bind ?ids (create$ ?ids ?cs:id)))
   ?ids)

(deffunction doubt-blocker-reasons ()
   "The reasons the concern is not a doubt, most telling first."
   (bind ?out (create$))
   (loop-for-count (?o 1 9)
      (do-for-all-facts ((?b doubt-blocker)) (= ?b:order ?o)
         (bind ?out (create$ ?out ?b:reason))))
   ?out)

(deffunction doubt-blocker-words ()
   "The because-lines of the doubt blockers, most telling first."
   (bind ?out (create$))
   (loop-for-count (?o 1 9)
      (do-for-all-facts ((?b doubt-blocker)) (= ?b:order ?o)
         (bind ?out (create$ ?out ?b:because))))
   ?out)

(deffunction concern-decision-makers ()
   "The names of the people with the decision-maker role."
   (bind ?out (create$))
   (do-for-all-facts ((?p person)) (member$ decision-maker ?p:roles)
      (bind ?out (create$ ?out ?p:name)))
   ?out)

;;; ------------------------------------------------------------ derive (30)

(defrule deal-signed-by-criterion
   "Playbook §1: contract-signed or first-payment means the deal is signed."
   (declare (salience 30))
   (criterion (id ?id&contract-signed|first-payment))
   =>
   (assert (deal-is-signed (because (str-cat "criterion " ?id " holds")))))

(defrule doubt-blocked-after-signing
   "Playbook §7: a doubt is a wobble before signing; after signing a
    concern signal is not a doubt."
   (declare (salience 30))
   (deal-is-signed (because ?why))
   =>
   (assert (doubt-blocker (reason already-signed) (order 1)
      (because (str-cat ?why ": the deal is already signed")))))

(defrule doubt-blocked-lost
   "Playbook §7 (reading): a deal marked lost has no doubt phase; the
    customer went elsewhere, so a concern is an objection."
   (declare (salience 30))
   (deal (claimed_stage lost))
   =>
   (assert (doubt-blocker (reason deal-lost) (order 2)
      (because "claimed_stage = lost"))))

(defrule doubt-blocked-preference
   "Playbook §7: a doubt needs a customer that has basically chosen us;
    any other preference (or none known) makes it an objection."
   (declare (salience 30))
   (evaluation (preferred ?pref&~us))
   =>
   (bind ?reason (if (eq ?pref competitor) then competitor-preferred
                  else (if (eq ?pref none) then no-preference else preference-unknown)))
   (bind ?order (if (eq ?pref competitor) then 3 else (if (eq ?pref none) then 4 else 6)))
   (assert (doubt-blocker (reason ?reason) (order ?order)
      (because (str-cat "evaluation.preferred = " ?pref " (not us)")))))

(defrule doubt-blocked-evaluation
   "Playbook §7: a doubt comes after the solutions are evaluated; before
    that (or when we do not know it happened) it is an objection."
   (declare (salience 30))
   (evaluation (solution_evaluated ?ev&~yes))
   =>
   (assert (doubt-blocker
      (reason (if (eq ?ev no) then solution-not-evaluated else evaluation-unknown))
      (order (if (eq ?ev no) then 5 else 7))
      (because (str-cat "evaluation.solution_evaluated = " ?ev " (not yes)")))))

;;; ------------------------------------------------------------ verdict (10)

(defrule concern-doubt
   "Playbook §7, spec §4: a concern signal on a deal whose solution has
    been evaluated, where the customer prefers us, before signing, is a
    doubt."
   (declare (salience 10))
   (exists (concern-sign (id ?id)) (signal (id ?id)))
   (not (doubt-blocker))
   (deal (claimed_stage ?claimed))
   =>
   (assert (concern (kind doubt)
      (because (words "concern signals" (concern-signal-ids))
               "evaluation.solution_evaluated = yes"
               "evaluation.preferred = us"
               (str-cat "not signed yet: no contract-signed or first-payment, claimed_stage = " ?claimed)))))

(defrule concern-objection
   "Playbook §7, spec §4: a concern signal anywhere else than a doubt (not
    evaluated, not preferred, or after signing) is an objection."
   (declare (salience 10))
   (exists (concern-sign (id ?id)) (signal (id ?id)))
   (exists (doubt-blocker))
   =>
   (assert (concern (kind objection)
      (because (words "concern signals" (concern-signal-ids))
               (doubt-blocker-words)))))

;;; ------------------------------------------------------------ findings

(defrule customer-doubt
   "Playbook §7: say plainly that the pushback is a doubt and why: the
    customer has basically chosen us and wobbles before signing."
   (concern (kind doubt) (because $?because))
   =>
   (assert (finding (id customer-doubt) (severity high) (about (concern-signal-ids))
      (because ?because))))

(defrule customer-objection
   "Playbook §7: say plainly that the pushback is an objection and why:
    the customer does not (yet) intend to choose us."
   (concern (kind objection) (because $?because))
   =>
   (assert (finding (id customer-objection) (severity high)
      (about (nth$ 1 (doubt-blocker-reasons)) (concern-signal-ids))
      (because ?because))))

(defrule no-price-cut-for-doubt
   "Playbook §7: nit-picking is buying. In the doubt phase the customer
    fusses only with the supplier it has chosen; a price cut does not
    resolve a doubt, it teaches the customer to push again."
   (concern (kind doubt))
   =>
   (bind ?signals (concern-signal-ids))
   (assert (finding (id no-price-cut-for-doubt) (severity medium) (about ?signals)
      (because "concern = doubt" (words "concern signals" ?signals)))))

(defrule behind-at-doubt
   "Playbook §7: the customer evaluated the solutions and prefers a
    competitor: we are behind at the doubt phase. about names the
    competitors (those leading, if any is marked)."
   (evaluation (solution_evaluated yes) (preferred competitor))
   (deal (claimed_stage ~lost))
   (not (deal-is-signed))
   =>
   (bind ?rivals (create$))
   (do-for-all-facts ((?c competitor)) (eq ?c:leading yes) (bind ?rivals (create$ ?rivals ?c:name)))
   (if (= (length$ ?rivals) 0) then
      (do-for-all-facts ((?c competitor)) TRUE (bind ?rivals (create$ ?rivals ?c:name))))
   (assert (finding (id behind-at-doubt) (severity high)
      (about (if (> (length$ ?rivals) 0) then ?rivals else a-competitor))
      (because "evaluation.solution_evaluated = yes" "evaluation.preferred = competitor"
               (words "competitors" ?rivals)))))

(defrule preference-unproven
   "Playbook §1 approval stage, §7: 'the customer prefers us' is a claim
    until the evidence shows it - a won tender, the paying decision maker's
    public preference, or the heaviest-weighted decision maker or a weighted
    majority behind us. Flag a preference no approval criterion supports."
   (evaluation (preferred us))
   (deal (claimed_stage ~lost))
   (not (deal-is-signed))
   (not (and (stage-criterion (stage approval) (id ?id)) (criterion (id ?id))))
   =>
   (bind ?approval (create$))
   (do-for-all-facts ((?sc stage-criterion)) (eq ?sc:stage approval)
      (bind ?approval (create$ ?approval ?sc:id)))
   (assert (finding (id preference-unproven) (severity medium) (about ?approval)
      (because "evaluation.preferred = us"
               (words "no approval criterion holds" ?approval)))))

;;; ------------------------------------------------------------ actions

(defrule review-shared-goals
   "Playbook §7, resolving a doubt (1): an in-depth conversation that
    reviews the goals and interests both sides share."
   (concern (kind doubt))
   =>
   (bind ?signals (concern-signal-ids))
   (assert (action (id review-shared-goals) (rank 20) (about ?signals)
      (because "concern = doubt" (words "concern signals" ?signals)))))

(defrule executive-visit
   "Playbook §7, resolving a doubt (2): a high-level visit. about names the
    customer's decision makers, when known."
   (concern (kind doubt))
   =>
   (bind ?dms (concern-decision-makers))
   (assert (action (id executive-visit) (rank 21) (about ?dms)
      (because "concern = doubt" (words "decision maker" ?dms)))))

(defrule answer-objection-with-value
   "Playbook §7: an objection is a needs / criteria / positioning problem:
    go back to the needs, influence the criteria, reach the decision maker;
    do not answer with price. Its own id, so that it never doubles the
    needs area's back-to-needs or influence-criteria."
   (concern (kind objection))
   =>
   (bind ?signals (concern-signal-ids))
   (assert (action (id answer-objection-with-value) (rank 22) (about ?signals)
      (because "concern = objection" (words "concern signals" ?signals)
               (doubt-blocker-words)))))

(defrule exit-or-create-doubt
   "Playbook §7: behind at the doubt phase, two options: exit cleanly and
    spend the effort elsewhere, or create doubt and wait for the rival to
    slip (ideally the tender is annulled); either way position for the
    customer's next project. A go / no-go decision."
   (finding (id behind-at-doubt) (about $?rivals))
   =>
   (assert (action (id exit-or-create-doubt) (rank 5) (about ?rivals)
      (because "evaluation.solution_evaluated = yes" "evaluation.preferred = competitor"))))

;;; ------------------------------------------------------------ questions

(defrule ask-solution-evaluated
   "Playbook §7: whether the customer finished evaluating decides doubt
    versus objection; ask when a concern signal holds and it is unknown."
   (exists (concern-sign (id ?id)) (signal (id ?id)))
   (evaluation (solution_evaluated unknown))
   =>
   (assert (question (id ask-solution-evaluated) (field "evaluation.solution_evaluated") (rank 10))))

(defrule ask-preferred
   "Playbook §7: whom the customer prefers decides doubt versus objection;
    ask when a concern signal holds and it is unknown."
   (exists (concern-sign (id ?id)) (signal (id ?id)))
   (evaluation (preferred unknown))
   =>
   (assert (question (id ask-preferred) (field "evaluation.preferred") (rank 10))))
