; Prints a lot, then fails: the message must be the failure, not the chatter.
(defrule noisy (deal (id ?id))
   =>
   (loop-for-count (?i 1 300) do (printout t "chatter "))
   (bind ?x (+ (nth$ 1 (create$ ?id)) 1)))
