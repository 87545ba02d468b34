;; A coach's rules for the why-not transcript (line numbers that do not
;; move when the shipped playbook changes).
(defrule big-deal-no-exec-sponsor
   "A deal over 1,000,000 needs a named senior sponsor."
   (deal (amount ?a&:(numberp ?a)&:(> ?a 1000000)))
   (not (criterion (id sponsor-named)))
   =>
   (assert (finding (id big-deal-no-exec-sponsor) (severity high)
      (text "A big deal needs a named senior sponsor."))))

(defrule tender-review
   "A won bid on a government deal: review the contract terms."
   (criterion (id bid-won))
   (deal (size government))
   =>
   (assert (action (id review-contract-terms) (rank 41) (text "Review the contract terms."))))
