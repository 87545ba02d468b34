;;; 90-judgement.clp - the coach's judgement over the advice as a whole:
;;; what to do NOW (spec §6 `do_now`) and the deal's biggest risk (the
;;; diagnosis the report opens with).
;;;
;;; Loaded last of the shipped playbook. Its rules run in the review layer,
;;; after every finding and action is made:
;;;   -20  merge      one voice: an item superseded by another goes
;;;   -30  choose     the moves to make now, the biggest risk
;;;
;;; What a coach tunes here is data (deffacts):
;;;   - do-now-policy: how many moves (spec §6: at most three) and how many
;;;     of them may come from the same rank band (so that "do this now" is
;;;     not three variations of the same people work);
;;;   - do-now-background: actions that are standing advice, not a move to
;;;     make this week (they come last, if at all);
;;;   - risk-weight: which finding is the most telling threat to the deal.
;;;
;;; Readings (a coach may change them):
;;;   - The moves to make now are the actions in rank order (the rules of
;;;     each area give the rank; docs/priorities.md explains the bands),
;;;     taking at most `per-band` from one band of ten, then filling any
;;;     free place in rank order.
;;;   - The biggest risk is the finding with the highest risk-weight; a
;;;     finding without a weight counts by its severity (high 50, medium 20,
;;;     low 5); equal weights go to the finding made first.

;;; ------------------------------------------------------------ templates

(deftemplate do-now
   "One of the moves to make now (spec §6 do_now): the action id, its place
    (1 first) and why it was chosen."
   (slot id (type SYMBOL))
   (slot order (type INTEGER))
   (multislot because (type STRING)))

(deftemplate do-now-policy
   "How the moves to make now are chosen: at most `limit` of them, at most
    `per-band` from one rank band of ten (1-9, 10-19...)."
   (slot limit (type INTEGER) (default 3))
   (slot per-band (type INTEGER) (default 2)))

(deftemplate do-now-background
   "An action that is standing advice rather than a move to make now."
   (slot id (type SYMBOL)))

(deftemplate risk-weight
   "How telling a finding is as the deal's biggest risk (higher = more)."
   (slot finding (type SYMBOL))
   (slot weight (type INTEGER)))

(deftemplate biggest-risk
   "The finding the diagnosis names as the biggest risk to the deal."
   (slot finding (type SYMBOL))
   (multislot because (type STRING)))

(deftemplate supersedes
   "One voice: the item `loser` (a finding, action or tactic id) gives way
    to the item `winner` when the advice has both. scope any: whenever both
    are there (a contradiction, or the same advice twice); covered: only
    when everything the loser is about is also in a winner's `about` (the
    same person, meeting or key node)."
   (slot winner (type SYMBOL))
   (slot loser (type SYMBOL))
   (slot scope (type SYMBOL) (allowed-symbols any covered) (default any)))

(deftemplate superseded
   "An item the review took out, and the item that speaks for it."
   (slot id (type SYMBOL))
   (slot by (type SYMBOL)))

;;; ------------------------------------------------------------ data

(deffacts one-voice
   "Pairs of items that say the same thing, or contradict each other; the
    winner stays. Playbook §7: never answer a doubt with price; §3: close a
    skipped key node before establishing the next stage; §8: a deal not
    negotiating yet is not 'negotiating before ...'; §4.3, §7: the
    executive visit to the decision maker is the meeting with them; §3
    step 1, §9: one go / no-go decision; §4.3: re-mapping the chain after
    a personnel change includes mapping it; §10: at high risk the warning
    plan is the maturity stage's loyalty advice (and leaves out what the
    customer refused); §1: the executive visit brings the executive in; §3
    key node 6: collecting the first payment is what establishes it; §13:
    the new account's first-visit routine holds the §1 first-visit advice;
    §8: a deal that is not negotiating yet is told to settle its ground
    first, not how its concessions go wrong."
   (supersedes (winner no-price-cut-for-doubt) (loser concede-less-give-more))
   (supersedes (winner no-price-cut-for-doubt) (loser retreat-to-advance))
   (supersedes (winner close-key-node) (loser complete-stage-criteria))
   (supersedes (winner not-negotiating-yet) (loser negotiation-preconditions-missing))
   (supersedes (winner not-negotiating-yet) (loser negotiating-before-value))
   (supersedes (winner not-negotiating-yet) (loser conceding-to-no-authority))
   (supersedes (winner not-negotiating-yet) (loser conceding-without-return))
   (supersedes (winner executive-visit) (loser meet-decision-maker) (scope covered))
   (supersedes (winner reconsider-pursuit) (loser exit-or-create-doubt))
   (supersedes (winner reconsider-pursuit) (loser change-criteria-or-exit))
   (supersedes (winner exit-or-create-doubt) (loser change-criteria-or-exit))
   (supersedes (winner remap-decision-chain) (loser map-decision-chain))
   (supersedes (winner warning-plan) (loser lifecycle-maturity-advice))
   (supersedes (winner executive-visit) (loser bring-in-executive))
   (supersedes (winner collect-first-payment) (loser complete-stage-criteria))
   (supersedes (winner first-visit-routine) (loser prepare-first-visit)))

(deffacts do-now-choice "Spec §6: three moves at most, two at most from one band."
   (do-now-policy (limit 3) (per-band 2)))

(deffacts do-now-background-actions
   "Playbook §9, §10: the stage's general advice and putting resources on
    an A deal frame the work; they are not this week's moves."
   (do-now-background (id focus-resources))
   (do-now-background (id lifecycle-acquisition-advice))
   (do-now-background (id lifecycle-growth-advice))
   (do-now-background (id lifecycle-maturity-advice))
   (do-now-background (id lifecycle-decline-advice)))

(deffacts risk-weights
   "Our reading of the playbook: what threatens a deal most. A failed
    evaluation (§3 step 1, §9) or a rival already chosen (§7) decide the
    pursuit; then the account slipping away (§10), a key node skipped (§3),
    the decision maker out of reach (§4.3), a claimed stage the evidence
    does not support (§1), an objection (§7), no agreement zone (§8)."
   (risk-weight (finding not-worth-pursuing) (weight 100))
   (risk-weight (finding behind-at-doubt) (weight 95))
   (risk-weight (finding abnormal-opening) (weight 90))
   (risk-weight (finding lifecycle-high-risk) (weight 85))
   (risk-weight (finding key-node-skipped) (weight 80))
   (risk-weight (finding no-decision-maker) (weight 78))
   (risk-weight (finding decision-maker-not-met) (weight 76))
   (risk-weight (finding customer-objection) (weight 74))
   (risk-weight (finding no-agreement-zone) (weight 72))
   (risk-weight (finding influential-opponent) (weight 70))
   (risk-weight (finding gatekeeper-opposed) (weight 68))
   (risk-weight (finding stage-inflated) (weight 66))
   (risk-weight (finding customer-doubt) (weight 64))
   (risk-weight (finding negotiating-before-value) (weight 62))
   (risk-weight (finding criteria-not-influenced) (weight 60)))

;;; ------------------------------------------------------------ helpers

(deffunction do-now-background-p (?id)
   "TRUE when action ?id is standing advice (do-now-background)."
   (any-factp ((?b do-now-background)) (eq ?b:id ?id)))

(deffunction action-after (?a ?b)
   "For sort: TRUE when action fact ?a comes after ?b - standing advice
    after moves, then by rank, then in the order the rules made them (as
    the advice lists them)."
   (bind ?ga (do-now-background-p (fact-slot-value ?a id)))
   (bind ?gb (do-now-background-p (fact-slot-value ?b id)))
   (if (neq ?ga ?gb) then (return ?ga))
   (bind ?ra (fact-slot-value ?a rank))
   (bind ?rb (fact-slot-value ?b rank))
   (if (<> ?ra ?rb) then (return (> ?ra ?rb)))
   (> (fact-index ?a) (fact-index ?b)))

(deffunction finding-risk (?f)
   "How telling finding fact ?f is as the biggest risk (risk-weight, else
    by severity)."
   (bind ?id (fact-slot-value ?f id))
   (bind ?w (find-fact ((?r risk-weight)) (eq ?r:finding ?id)))
   (if (> (length$ ?w) 0) then (return (fact-slot-value (nth$ 1 ?w) weight)))
   (bind ?s (fact-slot-value ?f severity))
   (if (eq ?s high) then 50 else (if (eq ?s medium) then 20 else 5)))

(deffunction advice-items (?id)
   "The findings, actions and tactics with id ?id."
   (create$ (find-all-facts ((?f finding)) (eq ?f:id ?id))
            (find-all-facts ((?a action)) (eq ?a:id ?id))
            (find-all-facts ((?t tactic)) (eq ?t:id ?id))))

(deffunction covered-by (?item ?winners)
   "TRUE when everything ?item is about is in the about of one of ?winners."
   (bind ?about (fact-slot-value ?item about))
   (foreach ?w ?winners
      (bind ?all TRUE)
      (foreach ?x ?about
         (if (not (member$ ?x (fact-slot-value ?w about))) then (bind ?all FALSE)))
      (if ?all then (return TRUE)))
   FALSE)

;;; ------------------------------------------------------------ merge (-20)

(defrule one-voice
   "Playbook §7 (never answer a doubt with price), §3, §4.3, §8 (the
    pairs above): an item that another says better, or that contradicts
    it, gives way (supersedes pairs). The loser is taken
    out and recorded as superseded; a tactic stays out (tactic-dropped)."
   (declare (salience -20))
   (supersedes (winner ?winner) (loser ?loser) (scope ?scope))
   =>
   (bind ?winners (advice-items ?winner))
   (if (= (length$ ?winners) 0) then (return))
   (foreach ?item (advice-items ?loser)
      (if (or (eq ?scope any) (covered-by ?item ?winners)) then
         (if (eq (fact-relation ?item) tactic) then (assert (tactic-dropped (id ?loser))))
         (retract ?item)
         (assert (superseded (id ?loser) (by ?winner))))))

;;; ------------------------------------------------------------ choose (-30)

(defrule choose-do-now
   "Playbook §3 (the key node that blocks the deal comes first) and §9 (put
    the effort where it counts), spec §6: the moves that most change the
    deal now - the first actions in rank order (docs/priorities.md), at most `per-band` from one band of
    ten (so the three are different kinds of move), standing advice last;
    free places are filled in rank order."
   (declare (salience -30))
   (exists (action))
   (not (do-now))
   (do-now-policy (limit ?limit) (per-band ?per-band))
   =>
   (bind ?sorted (sort action-after (find-all-facts ((?a action)) TRUE)))
   (bind ?chosen (create$))
   (bind ?bands (create$))
   ;; first pass: respect the per-band limit; second pass: fill in order
   (loop-for-count (?pass 1 2)
      (foreach ?a ?sorted
         (bind ?id (fact-slot-value ?a id))
         (bind ?band (div (fact-slot-value ?a rank) 10))
         (bind ?in-band 0)
         (foreach ?b ?bands (if (= ?b ?band) then (bind ?in-band (+ ?in-band 1))))
         (if (and (< (length$ ?chosen) ?limit)
                  (not (member$ ?id ?chosen))
                  (or (= ?pass 2) (< ?in-band ?per-band))) then
            (bind ?chosen (create$ ?chosen ?id))
            (bind ?bands (create$ ?bands ?band))
            (assert (do-now (id ?id) (order (length$ ?chosen))
               (because (str-cat "rank = " (fact-slot-value ?a rank))
                        (if (do-now-background-p ?id) then "standing advice"
                         else (str-cat "band = " (* 10 ?band) "-" (+ (* 10 ?band) 9))))))))))

(defrule choose-biggest-risk
   "The diagnosis names one finding as the deal's biggest risk: the one
    with the highest risk-weight (our reading of playbook §1, §3, §4, §7-§10),
    the first made among equals."
   (declare (salience -30))
   (exists (finding))
   (not (biggest-risk))
   =>
   (bind ?best FALSE)
   (bind ?best-weight -1)
   (do-for-all-facts ((?f finding)) TRUE
      (bind ?w (finding-risk ?f))
      (if (> ?w ?best-weight) then (bind ?best ?f) (bind ?best-weight ?w)))
   (assert (biggest-risk (finding (fact-slot-value ?best id))
      (because (str-cat "risk weight = " ?best-weight)))))
