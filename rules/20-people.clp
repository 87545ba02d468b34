;;; 20-people.clp - playbook §4 (people: buying roles, attitudes, the five
;;; dimensions, reaching power) and §3 key node 2 (an insider, the key
;;; people and the relationships with them).
;;;
;;; How it works: derive rules (salience 30) mark each person who matters
;;; for a finding with a `stakeholder` fact ("Wang Qiang is an influential
;;; opponent, because attitude = opponent, influence = 5"). The finding and
;;; action rules then fire ONCE per kind and name everyone marked, so the
;;; advice reads "the technical gatekeeper Li Gang opposes us", not one line
;;; per person.
;;;
;;; Readings (where the playbook leaves room; a coach may change them):
;;;   - A coach is someone with the role `coach` who is not a non-supporter
;;;     or opponent, or anyone whose attitude is `mentor`.
;;;   - A decision maker whose influence is unknown counts as influence 5:
;;;     the decision maker decides (§4.1).
;;;   - Budget line: only `above_budget_line = yes` counts as above, and the
;;;     finding `below-budget-line` needs every contact KNOWN to be below
;;;     (`no`). If nobody is known to be above but some are unknown, the
;;;     rules ask instead of concluding: unknown is not "no".
;;;   - A deal with no people at all gets `no-decision-maker` (and, when the
;;;     decision process is unknown, `map-decision-chain`) plus questions -
;;;     not no-coach / below-budget-line on top: with nobody known, those
;;;     would only repeat "we know nobody".
;;;   - Closed and lost deals get no people advice (the lifecycle rules take
;;;     over after the sale).

(deftemplate stakeholder
   "A person marked by a derive rule as mattering for a finding or action
    of kind `kind`; `because` says why, in words."
   (slot kind (type SYMBOL))
   (slot name (type STRING))
   (slot because (type STRING)))

(deftemplate pursuit-open
   "The deal is still being won (evidenced stage neither closed nor lost):
    the people rules give advice."
   (slot stage (type SYMBOL)))

;;; ------------------------------------------------------------ helpers

(deffunction stakeholder-names (?kind)
   "The names of the people marked ?kind, in the order they were marked."
   (bind ?names (create$))
   (do-for-all-facts ((?s stakeholder)) (eq ?s:kind ?kind)
      (bind ?names (create$ ?names ?s:name)))
   ?names)

(deffunction stakeholder-because (?kind)
   "The because-lines of everyone marked ?kind, one line per person."
   (bind ?lines (create$))
   (do-for-all-facts ((?s stakeholder)) (eq ?s:kind ?kind)
      (bind ?lines (create$ ?lines ?s:because)))
   ?lines)

(deffunction person-words (?name $?facts)
   "\"Zhang Wei: roles = decision-maker, met = no\" as one string."
   (bind ?text "")
   (foreach ?f ?facts
      (bind ?text (if (eq ?text "") then ?f else (str-cat ?text ", " ?f))))
   (str-cat ?name ": " ?text))

(deffunction people-names ()
   "Everyone on the customer's side, by name."
   (bind ?names (create$))
   (do-for-all-facts ((?p person)) TRUE (bind ?names (create$ ?names ?p:name)))
   ?names)

(deffunction coach-names ()
   "The names of the coaches advice may tell the rep to rely on: role coach
    and not opposed, or attitude mentor; never one who is leaving (issue 13).
    When the deal says our coach is leaving (signal coach-leaving) without
    marking who, none: relying on any of them would be a guess."
   (if (and (any-factp ((?s signal)) (eq ?s:id coach-leaving))
            (not (any-factp ((?p person)) (eq ?p:leaving yes))))
      then (return (create$)))
   (bind ?names (create$))
   (do-for-all-facts ((?p person))
         (and (neq ?p:leaving yes)
              (or (eq ?p:attitude mentor)
                  (and (member$ coach ?p:roles)
                       (not (member$ ?p:attitude (create$ non-supporter opponent))))))
      (bind ?names (create$ ?names ?p:name)))
   ?names)

;;; ------------------------------------------------------------ derive

(defrule pursuit-open
   "People advice is for deals still being won."
   (declare (salience 5))
   (evidenced-stage (id ?stage&~closed&~lost))
   =>
   (assert (pursuit-open (stage ?stage))))

(defrule mark-decision-maker-not-met
   "Playbook §4.3: the decision maker must be seen."
   (declare (salience 30))
   (person (name ?name) (roles $? decision-maker $?) (met no))
   =>
   (assert (stakeholder (kind dm-not-met) (name ?name)
      (because (person-words ?name "role = decision-maker" "met = no")))))

(defrule mark-decision-maker-met
   "Playbook §4.3: after meeting the decision maker, send the follow-up
    letter - once: not when the deal records it sent (follow_up_sent)."
   (declare (salience 30))
   (person (name ?name) (roles $? decision-maker $?) (met yes) (follow_up_sent ?sent&~yes))
   =>
   (assert (stakeholder (kind dm-met) (name ?name)
      (because (person-words ?name "role = decision-maker" "met = yes"
                             (str-cat "follow_up_sent = " ?sent))))))

(defrule mark-decision-maker-met-unknown
   "Playbook §4.3: whether the decision maker has been met decides the next
    move; unknown is asked, not assumed."
   (declare (salience 30))
   (person (name ?name) (roles $? decision-maker $?) (met unknown))
   =>
   (assert (stakeholder (kind dm-met-unknown) (name ?name)
      (because (person-words ?name "role = decision-maker" "met = unknown")))))

(defrule mark-gatekeeper-opposed
   "Playbook §4.1: a technical gatekeeper cannot say yes but can say no."
   (declare (salience 30))
   (person (name ?name) (roles $? technical-gatekeeper $?)
           (attitude ?attitude&non-supporter|opponent))
   =>
   (assert (stakeholder (kind gatekeeper-opposed) (name ?name)
      (because (person-words ?name "role = technical-gatekeeper"
                             (str-cat "attitude = " ?attitude))))))

(defrule mark-influential-opponent
   "Playbook §4.2: an opponent with influence 4 or 5."
   (declare (salience 30))
   (person (name ?name) (attitude opponent) (influence ?i&:(integerp ?i)&:(>= ?i 4)))
   =>
   (assert (stakeholder (kind influential-opponent) (name ?name)
      (because (person-words ?name "attitude = opponent" (str-cat "influence = " ?i))))))

(defrule mark-opposed-decision-maker
   "Playbook §4.1: the decision maker decides, so one who opposes us is an
    influential opponent even when influence is not given (reading)."
   (declare (salience 30))
   (person (name ?name) (roles $? decision-maker $?) (attitude opponent) (influence unknown))
   =>
   (assert (stakeholder (kind influential-opponent) (name ?name)
      (because (person-words ?name "attitude = opponent" "role = decision-maker"
                             "influence = unknown, taken as 5")))))

(defrule mark-coach-candidate
   "Playbook §4.1/§4.2: a coach is picked among those already on our side -
    not the decision maker, whom the coach helps us reach."
   (declare (salience 30))
   (person (name ?name) (attitude supporter) (roles $?roles))
   (test (not (member$ decision-maker ?roles)))
   =>
   (assert (stakeholder (kind coach-candidate) (name ?name)
      (because (person-words ?name "attitude = supporter")))))

(defrule mark-below-budget-line
   "Playbook §4.3: a contact known to be below the budget line."
   (declare (salience 30))
   (person (name ?name) (above_budget_line no))
   =>
   (assert (stakeholder (kind below-line) (name ?name)
      (because (person-words ?name "above_budget_line = no")))))

(defrule mark-budget-line-unknown
   "Playbook §4.2: whether this person is above the budget line is not known yet."
   (declare (salience 30))
   (person (name ?name) (above_budget_line unknown))
   =>
   (assert (stakeholder (kind budget-line-unknown) (name ?name)
      (because (person-words ?name "above_budget_line = unknown")))))

(deftemplate stakeholder-precedence
   "One voice per person: a person marked `kind` is not also marked
    `over` - the first says it better (playbook §4.1: the gatekeeper's veto
    is the sharper reading of the same opposition)."
   (slot kind (type SYMBOL))
   (slot over (type SYMBOL)))

(deffacts stakeholder-precedences "Per person, which mark speaks."
   (stakeholder-precedence (kind gatekeeper-opposed) (over influential-opponent)))

(defrule one-voice-per-person
   "Playbook §4.1, §4.2: a person marked by two kinds that say the same
    thing keeps only the one that says it better (stakeholder-precedence):
    an opposed technical gatekeeper is advised as the gatekeeper who can
    veto, not again as an influential opponent."
   (declare (salience 5))
   (stakeholder-precedence (kind ?kind) (over ?over))
   (stakeholder (kind ?kind) (name ?name))
   ?lower <- (stakeholder (kind ?over) (name ?name))
   =>
   (retract ?lower))

;;; ------------------------------------------------------------ decision maker

(defrule no-decision-maker
   "Playbook §4.1, §4.3, §3 key node 2: nobody on the customer's side is
    known as the decision maker - the one who approves and controls the
    money. Without seeing them the chance of winning is very low."
   (pursuit-open)
   (not (person (roles $? decision-maker $?)))
   =>
   (bind ?people (people-names))
   (assert (finding (id no-decision-maker) (severity high)
      (because (if (= (length$ ?people) 0) then "people = none known"
                else (words "people" ?people))
               "nobody has role = decision-maker")))
   (assert (question (id ask-people) (field "people") (value decision-maker) (rank 10))))

(defrule decision-maker-not-met
   "Playbook §4.3: the decision maker must be seen; without seeing them the
    chance of winning is very low. Plan the meeting."
   (pursuit-open)
   (exists (stakeholder (kind dm-not-met)))
   =>
   (bind ?names (stakeholder-names dm-not-met))
   (bind ?because (stakeholder-because dm-not-met))
   (assert (finding (id decision-maker-not-met) (severity high) (about ?names) (because ?because)))
   (assert (action (id meet-decision-maker) (rank 12) (about ?names) (because ?because))))

(defrule send-follow-up-letter
   "Playbook §4.3: after meeting the decision maker, write to confirm the
    customer's goals, situation and problems, what is needed, and the next
    steps on both sides."
   (pursuit-open)
   (exists (stakeholder (kind dm-met)))
   =>
   (assert (action (id send-follow-up-letter) (rank 55)
      (about (stakeholder-names dm-met)) (because (stakeholder-because dm-met)))))

(defrule ask-decision-maker-met
   "Whether the decision maker has been met is asked, not assumed."
   (pursuit-open)
   (exists (stakeholder (kind dm-met-unknown)))
   =>
   (assert (question (id ask-dm-met) (field "people.met") (value decision-maker) (rank 11))))

;;; ------------------------------------------------------------ coach

(defrule no-coach
   "Playbook §4.1, §4.2, §3 key node 2: no coach (guide, insider) and no
    mentor: nobody explains the situation, the influences and how we can win."
   (pursuit-open)
   (exists (person))
   (not (person (roles $? coach $?) (attitude ~non-supporter&~opponent)))
   (not (person (attitude mentor)))
   =>
   (bind ?candidates (stakeholder-names coach-candidate))
   (bind ?because (create$ "nobody has role = coach (who is not opposed)"
                           "nobody has attitude = mentor"))
   (assert (finding (id no-coach) (severity medium) (because ?because)))
   (assert (action (id develop-coach) (rank 10)
      (about (if (> (length$ ?candidates) 0) then (create$ coach-candidates ?candidates)
              else (create$)))
      (because ?because (stakeholder-because coach-candidate))))
   (assert (question (id ask-people) (field "people") (value coach) (rank 12))))

(defrule no-people-ask-coach
   "With nobody known at all, ask for the coach rather than report one."
   (pursuit-open)
   (not (person))
   =>
   (assert (question (id ask-people) (field "people") (value coach) (rank 12))))

;;; ------------------------------------------------------------ breadth

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

;;; ------------------------------------------------------------ opposition

(defrule gatekeeper-opposed
   "Playbook §4.1: a technical gatekeeper who is a non-supporter or an
    opponent can veto us on specs or financial rules."
   (pursuit-open)
   (exists (stakeholder (kind gatekeeper-opposed)))
   =>
   (bind ?names (stakeholder-names gatekeeper-opposed))
   (bind ?because (stakeholder-because gatekeeper-opposed))
   (assert (finding (id gatekeeper-opposed) (severity high) (about ?names) (because ?because)))
   (assert (action (id win-over-gatekeeper) (rank 13) (about ?names) (because ?because))))

(defrule influential-opponent
   "Playbook §4.2: an opponent with influence 4 or more can swing the
    decision against us."
   (pursuit-open)
   (exists (stakeholder (kind influential-opponent)))
   =>
   (bind ?names (stakeholder-names influential-opponent))
   (bind ?because (stakeholder-because influential-opponent))
   (assert (finding (id influential-opponent) (severity high) (about ?names) (because ?because)))
   (assert (action (id handle-opponent) (rank 14) (about ?names) (because ?because))))

;;; ------------------------------------------------------------ reaching power

(deffunction budget-words (?amount ?budget)
   "The because-line for the money side of the budget line."
   (if (eq ?budget unknown) then "budget = unknown"
    else (str-cat "amount = " ?amount " > budget = " ?budget)))

(defrule below-budget-line
   "Playbook §4.3: people below the budget line can only discuss within the
    budget; the deal is larger than the known budget (or the budget is
    unknown) and every contact is known to be below the line."
   (pursuit-open)
   (deal (amount ?amount) (budget ?budget))
   (test (or (eq ?budget unknown)
             (and (numberp ?amount) (> ?amount ?budget))))
   (exists (person))
   (not (person (above_budget_line yes|unknown)))
   =>
   (bind ?names (stakeholder-names below-line))
   (bind ?because (create$ (budget-words ?amount ?budget) (stakeholder-because below-line)))
   (assert (finding (id below-budget-line) (severity medium) (about ?names) (because ?because)))
   (assert (action (id reach-above-budget-line) (rank 16) (about ?names) (because ?because))))

(defrule ask-budget-line
   "Nobody is known to be above the budget line, some are unknown: ask."
   (pursuit-open)
   (deal (amount ?amount) (budget ?budget))
   (test (or (eq ?budget unknown)
             (and (numberp ?amount) (> ?amount ?budget))))
   (not (person (above_budget_line yes)))
   (exists (stakeholder (kind budget-line-unknown)))
   =>
   (assert (question (id ask-above-budget-line) (field "people.above_budget_line") (rank 14))))

;;; ------------------------------------------------------------ decision chain

(defrule map-decision-chain
   "Playbook §3 key node 2, §4.3: the decision process is not known - who
    takes part, who decides, in which order. Map it with the coach; the
    time-reversal method studies the customer's previous big projects."
   (pursuit-open)
   (not (criterion (id decision-process-known)))
   =>
   (bind ?because (create$ "criterion decision-process-known = absent"))
   (if (any-factp ((?s signal)) (eq ?s:id decision-process-unclear))
      then (bind ?because (create$ ?because "signal decision-process-unclear")))
   (bind ?coaches (coach-names))
   (assert (action (id map-decision-chain) (rank 11)
      (about (if (> (length$ ?coaches) 0) then (create$ with-coach ?coaches) else (create$)))
      (because ?because))))

(defrule map-decision-chain-unclear
   "Playbook §8, §4.3: the decision process was marked known, but the signal
    decision-process-unclear says it is not clear after all."
   (pursuit-open)
   (criterion (id decision-process-known))
   (exists (signal (id decision-process-unclear)))
   =>
   (bind ?coaches (coach-names))
   (assert (action (id map-decision-chain) (rank 11)
      (about (if (> (length$ ?coaches) 0) then (create$ with-coach ?coaches) else (create$)))
      (because "signal decision-process-unclear"
               "criterion decision-process-known is set, yet the process is unclear"))))
