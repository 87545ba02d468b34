;;; 80-outcomes.clp - playbook §1 (the stage owners, the first visit), §3
;;; key node 6 (payment collected) and §7 (after losing: position for the
;;; customer's next project): who drives the deal at each stage, and what
;;; to do at the two ends of a deal - the first visit, and the outcome
;;; (signed: collect; lost: learn and stay close).
;;;
;;; What is data here: stage-owner (playbook §1, the "owner" column) and
;;; lost-step (what a team does after losing a deal). A coach changes who
;;; owns a stage, or adds a step after a loss, by editing one line.
;;;
;;; Readings (a coach may change them):
;;;   - The first visit is coming when a formal visit is booked
;;;     (visit-scheduled) and none has happened yet (no formal-visit).
;;;   - The first payment is outstanding when the contract is signed and
;;;     first-payment does not hold.
;;;   - A lost deal gets the three steps after a loss; it gets no people,
;;;     needs or negotiation advice (20-people.clp stops at lost).
;;;   - At the negotiation stage the owner is the project manager with a
;;;     company executive: when the deal negotiates on the evidence and no
;;;     executive is involved by another action (executive-visit), bring one
;;;     in.

(deftemplate stage-owner
   "Playbook §1: who owns (drives) the deal at a funnel stage."
   (slot stage (type SYMBOL))
   (slot owner (type SYMBOL)))

(deftemplate deal-owner
   "Who should be driving this deal now: the owner of its evidenced stage."
   (slot owner (type SYMBOL))
   (multislot because (type STRING)))

(deftemplate lost-step
   "What to do after a deal is lost (playbook §7, reading), in order."
   (slot id (type SYMBOL))
   (slot rank (type INTEGER)))

(deffacts stage-owners "Playbook §1, the owner of each stage."
   (stage-owner (stage target) (owner account-manager))
   (stage-owner (stage intent) (owner project-manager))
   (stage-owner (stage project) (owner project-team))
   (stage-owner (stage approval) (owner project-team))
   (stage-owner (stage negotiation) (owner project-manager-and-executive))
   (stage-owner (stage closed) (owner project-manager-and-finance)))

(deffacts lost-steps "Playbook §7 (reading of 'position for the customer's next
   project'): after a loss, learn with the team, keep the relationship, and
   position for the next project."
   (lost-step (id review-lost-deal) (rank 50))
   (lost-step (id keep-relationship) (rank 51))
   (lost-step (id position-next-project) (rank 52)))

;;; ------------------------------------------------------------ verdict (10)

(defrule deal-owner
   "Playbook §1: each stage has an owner - who should be driving the deal
    now is the owner of its evidenced stage."
   (declare (salience 10))
   (evidenced-stage (id ?stage))
   (stage-owner (stage ?stage) (owner ?owner))
   =>
   (assert (deal-owner (owner ?owner) (because (str-cat "evidenced stage = " ?stage)))))

;;; ------------------------------------------------------------ the first visit

(defrule prepare-first-visit
   "Playbook §1: the first formal visit - ask open questions and listen, do
    not argue with the customer's view (seek common ground, set differences
    aside: 求同存异), and help solve the project's problems with
    professional expertise."
   (pursuit-open)
   (criterion (id visit-scheduled))
   (not (criterion (id formal-visit)))
   =>
   (assert (action (id prepare-first-visit) (rank 30)
      (because "criterion visit-scheduled holds" "criterion formal-visit = absent"))))

;;; ------------------------------------------------------------ signed

(defrule first-payment-outstanding
   "Playbook §3 key node 6 (payment collected), §1 (the closed stage is
    owned by the project manager with the finance lead): the contract is
    signed, the first payment has not come - collect it as the contract
    says, with our finance owner."
   (criterion (id contract-signed))
   (not (criterion (id first-payment)))
   (deal (claimed_stage ~lost))
   =>
   (bind ?because (create$ "criterion contract-signed holds" "criterion first-payment = absent"))
   (assert (finding (id first-payment-outstanding) (severity medium) (because ?because)))
   (assert (action (id collect-first-payment) (rank 20) (because ?because))))

;;; ------------------------------------------------------------ negotiation owner

(defrule bring-in-executive
   "Playbook §1: the negotiation stage is owned by the project manager with
    a company executive - bring one in while the deal negotiates."
   (tactics-open)
   (not (tactics-closed))
   (evidenced-stage (id negotiation))
   =>
   (assert (action (id bring-in-executive) (rank 42)
      (because "evidenced stage = negotiation" "owner = project-manager-and-executive"))))

;;; ------------------------------------------------------------ lost

(defrule after-a-loss
   "Playbook §7: after losing, do not just walk away - review the case with
    the team, keep the relationship with the people who supported us, and
    position for the customer's next project (lost-step)."
   (evidenced-stage (id lost))
   (lost-step (id ?id) (rank ?rank))
   =>
   (assert (action (id ?id) (rank ?rank) (because "claimed_stage = lost"))))
