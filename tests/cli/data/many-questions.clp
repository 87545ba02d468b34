;; 20,000 interview questions: ordering them must not take quadratic time.
(defrule ask-many-questions (deal)
   =>
   (loop-for-count (?i 20000) (assert (question (id ask-size) (field "size") (rank ?i)))))
