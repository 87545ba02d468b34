; Reference facts (deffacts) and rules that use them, for per-deal
; retraction (dc_engine_reset): loaded after tiny.clp.
(deftemplate limit (slot name (type SYMBOL)) (slot value (type NUMBER)))
(deftemplate note (slot text (type STRING)))
(deffacts limits
   (limit (name big) (value 100))
   (limit (name huge) (value 1000))
   (limit (name tiny) (value 1)))
; Fires on the reference facts alone, after every reset: once per limit.
(defrule each-limit
   (declare (salience -10))
   (limit (name ?n))
   =>
   (assert (note (text (str-cat "limit " ?n)))))
(defrule over-limit
   (deal (amount ?a&:(numberp ?a)))
   (limit (name ?n) (value ?v&:(> ?a ?v)))
   =>
   (assert (note (text (str-cat "over " ?n)))))
; A deal tagged "raise" changes a reference fact: the next reset must
; bring the deffacts' value back.
(defrule raise-the-limit
   (deal (tags $? raise $?))
   ?l <- (limit (name big) (value 100))
   =>
   (modify ?l (value 5000)))
