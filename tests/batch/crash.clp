;; A rule file whose code brings its worker down on one deal: the deal
;; with id "boom" recurses without end (the stack overflows). The batch
;; runner must report that line and carry on with the others.
(deffunction dive (?n) "Never returns." (dive (+ ?n 1)))
(defrule boom "Recurse without end on the deal boom." (deal (id "boom")) => (dive 0))
