;; A coach's rule with a missing parenthesis.
(defrule my-rule
   (deal (size large)
   =>
   (assert (finding (id my-finding) (severity low))))
