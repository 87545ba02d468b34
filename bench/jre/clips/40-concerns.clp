;;; 40-concerns.clp - bench/jre subset (issue 15): the customer's concern,
;;; copied verbatim from the shipped playbook; each construct names its
;;; source. bench/jre/check_subset.sh fails when one drifts.

;;; from rules/40-concerns.clp
(deftemplate deal-is-signed
   "The deal is past signing (playbook §1 closed stage): on the evidence
    only (contract-signed or first-payment) - a deal claimed closed without
    either is not signed, and stage-inflated says so. Shared with
    50-negotiation.clp."
   (slot because (type STRING)))

;;; from rules/40-concerns.clp
(defrule deal-signed-by-criterion
   "Playbook §1: contract-signed or first-payment means the deal is signed."
   (declare (salience 30))
   (criterion (id ?id&contract-signed|first-payment))
   =>
   (assert (deal-is-signed (because (str-cat "criterion " ?id " holds")))))

;;; from rules/40-concerns.clp
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

;;; from rules/40-concerns.clp
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

;;; from rules/40-concerns.clp
(defrule exit-or-create-doubt
   "Playbook §7: behind at the doubt phase, two options: exit cleanly and
    spend the effort elsewhere, or create doubt and wait for the rival to
    slip (ideally the tender is annulled); either way position for the
    customer's next project. A go / no-go decision."
   (finding (id behind-at-doubt) (about $?rivals))
   =>
   (assert (action (id exit-or-create-doubt) (rank 5) (about ?rivals)
      (because "evaluation.solution_evaluated = yes" "evaluation.preferred = competitor"))))

