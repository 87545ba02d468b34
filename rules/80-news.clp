;;; 80-news.clp - news from the notes that changes the advice (issue 13):
;;; a budget cut or freeze, the decision maker's public preference, our
;;; coach or champion leaving, a competitor that is the incumbent.
;;;
;;; Each is a signal (spec §2, added ids), given in the deal or recognised in
;;; a note (kb/patterns/changes.txt). Kept in its own file, apart from the
;;; areas' rules: a coach reads here what each piece of news does.
;;;   - coach-leaving (playbook §4.1, §4.3): the coach is our eyes inside; a
;;;     coach who leaves takes them along: develop a new coach before the
;;;     old one goes, with an introduction, and map the chain again.
;;;   - budget-cut (playbook §1 budget-known, §4.3 above the budget line): the
;;;     budget we qualified is no longer there: qualify it again, reach the
;;;     person above the budget line who can find money, and fit the offer
;;;     to what is funded.
;;;   - dm-public-preference (playbook §1, criterion of the approval stage):
;;;     a strong sign; confirm it and record the criterion, so the stage
;;;     rests on evidence rather than on a note.
;;;   - competitor-incumbent (playbook §7, §9 turf): we are on the
;;;     competitor's turf: do not fight on price; find the pain the
;;;     incumbent leaves, shape the criteria, win a foothold.
;;;
;;; People and competitors also carry news as facts (spec additions, which
;;; notes propose and the rep confirms): people[].leaving, and
;;; competitors[].moves - price-cut, demo, met-decision-maker, quote-used,
;;; dropped-out, incumbent. A coach marked leaving is the signal
;;; coach-leaving (and is never named as someone to rely on: coach-names in
;;; 20-people.clp); anyone else leaving is a personnel change.
;;;   - price-cut (§8 competitor-pressure): never argue, never attack; restate
;;;     the value only we give; trade any concession (condition-exchange),
;;;     cut little and add value (concede-less-give-more).
;;;   - demo (§4.2 technical gatekeeper, §6 criteria): a demo or trial sets
;;;     the technical criteria; let the gatekeeper test us on our strengths.
;;;   - met-decision-maker (§4.3): the decision maker must be seen; the
;;;     competitor has been.
;;;   - dropped-out (§8 over-eager): less pressure on price; do not give what
;;;     was only meant to beat it, and do not rush.

;;; ------------------------------------------------------------ derive

(deffunction leaving-coach-names ()
   "The coaches who are leaving: those marked leaving, else (the deal does
    not say who) every coach and mentor."
   (bind ?marked (create$))
   (bind ?all (create$))
   (do-for-all-facts ((?p person)) (or (eq ?p:attitude mentor) (member$ coach ?p:roles))
      (bind ?all (create$ ?all ?p:name))
      (if (eq ?p:leaving yes) then (bind ?marked (create$ ?marked ?p:name))))
   (if (> (length$ ?marked) 0) then ?marked else ?all))

(deffunction competitors-with-move (?move)
   "The names of the competitors whose moves include ?move."
   (bind ?names (create$))
   (do-for-all-facts ((?c competitor)) (member$ ?move ?c:moves)
      (bind ?names (create$ ?names ?c:name)))
   ?names)

(deffunction move-because (?move)
   "\"Rival: moves = price-cut\", one line per competitor with ?move."
   (bind ?lines (create$))
   (foreach ?name (competitors-with-move ?move)
      (bind ?lines (create$ ?lines (str-cat ?name ": moves = " ?move))))
   ?lines)

(defrule derive-coach-leaving
   "A coach or mentor marked leaving: our coach is leaving."
   (declare (salience 30))
   (person (name ?name) (leaving yes) (roles $?roles) (attitude ?attitude))
   (test (or (eq ?attitude mentor) (member$ coach ?roles)))
   (not (signal (id coach-leaving)))
   =>
   (assert (signal (id coach-leaving) (source derived))))

(defrule derive-personnel-change-from-leaving
   "Someone other than our coach marked leaving: key people change."
   (declare (salience 30))
   (person (name ?name) (leaving yes) (roles $?roles) (attitude ?attitude))
   (test (and (neq ?attitude mentor) (not (member$ coach ?roles))))
   (not (signal (id personnel-change)))
   =>
   (assert (signal (id personnel-change) (source derived))))

(defrule derive-incumbent-from-move
   "A competitor recorded as the incumbent: the signal competitor-incumbent."
   (declare (salience 30))
   (competitor (moves $? incumbent $?))
   (not (signal (id competitor-incumbent)))
   =>
   (assert (signal (id competitor-incumbent) (source derived))))

(defrule derive-pressure-from-move
   "The customer uses a competitor's quote against us: competitor-pressure."
   (declare (salience 30))
   (competitor (moves $? quote-used $?))
   (not (signal (id competitor-pressure)))
   =>
   (assert (signal (id competitor-pressure) (source derived))))

;;; ------------------------------------------------------------ advice

(defrule news-coach-leaving
   "Playbook §4.1, §4.3: our coach is leaving: develop a new coach, re-map."
   (pursuit-open)
   (exists (signal (id coach-leaving)))
   =>
   (bind ?coaches (leaving-coach-names))
   (assert (finding (id coach-leaving) (severity high) (about ?coaches)
      (because "signal coach-leaving")))
   (assert (action (id develop-new-coach) (rank 11) (about ?coaches)
      (because "signal coach-leaving"))))

(defrule news-budget-cut
   "Playbook §1, §4.3: the budget was cut or frozen: re-qualify it and reach
    above the budget line."
   (pursuit-open)
   (exists (signal (id budget-cut)))
   =>
   (assert (finding (id budget-cut) (severity high) (because "signal budget-cut")))
   (assert (action (id requalify-budget) (rank 12) (because "signal budget-cut"))))

(defrule news-dm-public-preference
   "Playbook §1: the notes say the decision maker publicly prefers us, and
    the criterion is not recorded yet: confirm it and record it."
   (pursuit-open)
   (exists (signal (id dm-public-preference)))
   (not (criterion (id dm-public-preference)))
   =>
   (assert (action (id confirm-dm-preference) (rank 35)
      (because "signal dm-public-preference" "criterion dm-public-preference not recorded"))))

(defrule news-competitor-incumbent
   "Playbook §7, §9: a competitor is the incumbent: we are on its turf."
   (pursuit-open)
   (exists (signal (id competitor-incumbent)))
   =>
   (assert (finding (id competitor-incumbent) (severity medium)
      (because "signal competitor-incumbent")))
   (assert (action (id displace-incumbent) (rank 36) (because "signal competitor-incumbent"))))

(defrule news-competitor-price-cut
   "Playbook §8 (competitor-pressure): a competitor cut its price: do not
    match it blindly; restate our value and trade any concession."
   (pursuit-open)
   (exists (competitor (moves $? price-cut $?)))
   =>
   (bind ?names (competitors-with-move price-cut))
   (assert (finding (id competitor-price-cut) (severity medium) (about ?names)
      (because (move-because price-cut))))
   (assert (action (id answer-price-cut) (rank 42) (about ?names)
      (because (move-because price-cut)))))

(defrule news-competitor-demo
   "Playbook §4.2, §6: a competitor ran a demo or trial: it is setting the
    technical criteria; answer on our strengths, through the gatekeeper."
   (pursuit-open)
   (exists (competitor (moves $? demo $?)))
   =>
   (bind ?names (competitors-with-move demo))
   (assert (finding (id competitor-demo) (severity medium) (about ?names)
      (because (move-because demo))))
   (assert (action (id counter-competitor-demo) (rank 34) (about ?names)
      (because (move-because demo)))))

(defrule news-competitor-met-decision-maker
   "Playbook §4.3: the decision maker must be seen; a competitor has met
    them. Worse when we have not (no decision maker marked met)."
   (pursuit-open)
   (exists (competitor (moves $? met-decision-maker $?)))
   =>
   (bind ?names (competitors-with-move met-decision-maker))
   (bind ?met (any-factp ((?p person)) (and (member$ decision-maker ?p:roles) (eq ?p:met yes))))
   (assert (finding (id competitor-met-decision-maker) (severity (if ?met then medium else high))
      (about ?names)
      (because (move-because met-decision-maker)
               (if ?met then "the decision maker was met" else "no decision maker met"))))
   (assert (action (id match-competitor-access) (rank 13) (about ?names)
      (because (move-because met-decision-maker)))))

(defrule news-competitor-dropped-out
   "Playbook §8 (over-eager): a competitor dropped out: less pressure; keep
    the price and do not rush."
   (pursuit-open)
   (exists (competitor (moves $? dropped-out $?)))
   =>
   (bind ?names (competitors-with-move dropped-out))
   (assert (finding (id competitor-dropped-out) (severity low) (about ?names)
      (because (move-because dropped-out))))
   (assert (action (id hold-price-after-dropout) (rank 43) (about ?names)
      (because (move-because dropped-out)))))
