;; A coach's own rule: big deals without a named sponsor get a finding.
(defrule big-deal-without-sponsor
   "Our playbook: a deal over 1M needs a named senior sponsor."
   (deal (amount ?a&:(numberp ?a)&:(> ?a 1000000)))
   (not (criterion (id sponsor-named)))
   =>
   (assert (finding (id big-deal-no-sponsor) (severity medium)
      (text "A deal this size needs a named senior sponsor.")
      (because (str-cat "amount = " ?a) "sponsor-named not met"))))
