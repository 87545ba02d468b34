; A tiny rule set for engine unit tests.
(deftemplate deal (slot id (type STRING)) (slot size (type SYMBOL) (allowed-symbols unknown sme large))
   (multislot tags (type SYMBOL)) (slot amount (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown)))
(deftemplate finding (slot id (type SYMBOL)) (multislot because (type STRING)))
(defrule big-deal "Deals over 100 are big."
   (deal (amount ?a&:(numberp ?a)&:(> ?a 100)))
   =>
   (assert (finding (id big) (because (str-cat "amount = " ?a)))))
(defrule tagged
   (deal (tags $? vip $?))
   =>
   (assert (finding (id vip))))
