;;; big-deals.clp - a coach's own rules, the example of the README's
;;; walk-through: lint it, test it, see its coverage, diff it against the
;;; shipped playbook over the examples.

(defrule big-deal-no-exec-sponsor
   "Our playbook: a deal over 1,000,000 needs a named senior sponsor."
   (deal (amount ?a&:(numberp ?a)&:(> ?a 1000000)))
   (not (criterion (id sponsor-named)))
   =>
   (assert (finding (id big-deal-no-exec-sponsor) (severity high) (about ?a)
      (because (str-cat "amount = " ?a) "sponsor-named not met")))
   (assert (action (id name-exec-sponsor) (rank 12)
      (because "a deal over 1,000,000 needs a named senior sponsor"))))

(defrule government-tender-review
   "Our playbook: a government deal with its core requirements clear is won
    in the tender documents: review them with our coach before they go out."
   (deal (size government))
   (criterion (id core-requirements-clear))
   (not (criterion (id bid-won)))
   =>
   (assert (action (id review-tender) (rank 36)
      (because "size = government" "core-requirements-clear met" "bid-won not met"))))
