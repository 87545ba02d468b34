;; A coach's rules may assert a question whose id or field is not a text:
;; types are checked at load time only, so a value bound while running gets
;; through. Such a question cannot be asked.
(defrule ask-odd-questions (deal)
   =>
   (bind ?number 7)
   (assert (question (id ask-size) (field "size") (rank 1)))
   (assert (question (id ask-odd-field) (field ?number) (rank 2)))
   (assert (question (id ?number) (field "size") (value odd-id) (rank 3))))
