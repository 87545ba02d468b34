;;; 20-people.clp - bench/jre subset (issue 15): people and attitudes,
;;; copied verbatim from the shipped playbook; each construct names its
;;; source. bench/jre/check_subset.sh fails when one drifts.

;;; from rules/20-people.clp
(deftemplate pursuit-open
   "The deal is still being won (evidenced stage neither closed nor lost):
    the people rules give advice."
   (slot stage (type SYMBOL)))

;;; from rules/20-people.clp
(defrule pursuit-open
   "People advice is for deals still being won."
   (declare (salience 5))
   (evidenced-stage (id ?stage&~closed&~lost))
   =>
   (assert (pursuit-open (stage ?stage))))

;;; from rules/20-people.clp
(defrule single-threaded
   "Playbook §4.3, §10: one contact only - the whole deal hangs on one
    person; widen the contacts."
   (pursuit-open)
   (person (name ?name))
   (not (person (name ~?name)))
   =>
   (assert (finding (id single-threaded) (severity medium) (about ?name)
      (because (str-cat "people = " ?name " (one contact)"))))
   (assert (action (id widen-contacts) (rank 15) (about ?name)
      (because (str-cat "people = " ?name " (one contact)")))))

;;; from rules/20-people.clp
(defrule roles-from-titles
   "Playbook §4.1: roles were given only as the traditional ones taken from
    job titles (initiator, operator, maintainer, purchaser), with no CUTE
    role (decision-maker, user, technical-gatekeeper, coach): roles are not
    fixed by position."
   (pursuit-open)
   (exists (person (roles $? initiator|operator|maintainer|purchaser $?)))
   (not (person (roles $? decision-maker|user|technical-gatekeeper|coach $?)))
   =>
   (bind ?names (create$))
   (bind ?lines (create$))
   (do-for-all-facts ((?p person)) (> (length$ ?p:roles) 0)
      (bind ?names (create$ ?names ?p:name))
      (bind ?lines (create$ ?lines (str-cat ?p:name ": " (words "roles" ?p:roles)))))
   (assert (finding (id roles-from-titles) (severity medium) (about ?names)
      (because ?lines "no decision-maker, user, technical-gatekeeper or coach role"))))

;;; from rules/60-lifecycle.clp
(defrule appease-former-opponents
   "Playbook §10 [ROAD]: after the sale, on the people side, appease those
    who did not support us, widen contacts and watch personnel changes."
   (evidenced-stage (id closed))
   (exists (person (attitude non-supporter|opponent)))
   =>
   (bind ?names (create$))
   (bind ?lines (create$ "evidenced stage = closed"))
   (do-for-all-facts ((?p person)) (member$ ?p:attitude (create$ non-supporter opponent))
      (bind ?names (create$ ?names ?p:name))
      (bind ?lines (create$ ?lines (str-cat ?p:name ": attitude = " ?p:attitude))))
   (assert (action (id appease-former-opponents) (rank 66) (about ?names) (because ?lines))))

