; Interview questions for dc_coach_questions: ranks, ties, repeats, and
; questions a rule asserted with an id or field that is not a text.
(deftemplate question (slot id (type SYMBOL)) (slot field (type STRING))
   (slot value (type SYMBOL) (default nil)) (slot rank (type INTEGER) (default 50)))
(deffacts asked-in-this-order
   (question (id ask-c) (field "c") (rank 2))
   (question (id ask-a) (field "a") (rank 1))
   (question (id ask-b-one) (field "b") (value one) (rank 2))
   (question (id ask-b-two) (field "b") (value two) (rank 2))
   (question (id ask-a-again) (field "a") (rank 3))
   (question (id ask-b-one-again) (field "b") (value one) (rank 4))
   (question (id ask-c-nil) (field "c") (value nil) (rank 5)))
(defrule ask-odd-questions
   =>
   (bind ?number 7)
   (assert (question (id ask-odd-field) (field ?number) (rank 0)))
   (assert (question (id ?number) (field "d") (rank 0))))
