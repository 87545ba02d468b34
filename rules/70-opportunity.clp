;;; 70-opportunity.clp - playbook §9 (opportunity assessment) and §3 step 1
;;; (evaluate and grade the opportunity; if it fails, give up or lower the
;;; contact level).
;;;
;;; The three grids of §9 are data (deffacts below); a coach changes the
;;; reading by editing one line:
;;;   grade  = likelihood score + close-time score  -> A..D   (grade-band)
;;;   value  = short_term x long_term               -> 1..4   (value-cell)
;;;   opening = turf x leader                       -> normal/problem/abnormal
;;;
;;; Readings (a coach may change them):
;;;   - Close time: opportunity.months_to_close; when unknown, the months
;;;     from today to deal.expected_close (calendar months, so 2026-11-22 ->
;;;     2027-02-22 is exactly 3). A close date already past says nothing
;;;     about when the deal will close: no grade, and the rules ask.
;;;   - Only a "no" to one of the four questions says "give up or lower the
;;;     contact level" (§3 step 1: the evaluation failed). Grade D only
;;;     lowers the deal's priority, and not at all for value category 1 or 2,
;;;     where the long-term impact outweighs the late or unlikely close.
;;;   - The result facts are asserted for every deal whose inputs are known;
;;;     the advice and questions only for deals still being won.

(deftemplate likelihood-score
   (slot likelihood (type SYMBOL)) (slot score (type INTEGER)))

(deftemplate close-window
   "A deal closing within `within` months scores `score`."
   (slot within (type NUMBER)) (slot score (type INTEGER)))

(deftemplate grade-band
   "A total score from `min` to `max` gives `grade`."
   (slot min (type INTEGER)) (slot max (type INTEGER)) (slot grade (type SYMBOL)))

(deftemplate value-cell
   (slot short_term (type SYMBOL)) (slot long_term (type SYMBOL)) (slot category (type INTEGER)))

(deftemplate opening-cell
   (slot turf (type SYMBOL)) (slot leader (type SYMBOL)) (slot opening (type SYMBOL)))

(deftemplate close-timing
   "When the deal is expected to close, in months from today."
   (slot months (type NUMBER))
   (multislot because (type STRING)))

(deftemplate close-score
   (slot score (type INTEGER))
   (multislot because (type STRING)))

(deffacts opportunity-grading "Playbook §9 (reading): the grade table."
   (likelihood-score (likelihood high) (score 2))
   (likelihood-score (likelihood medium) (score 1))
   (likelihood-score (likelihood low) (score 0))
   (close-window (within 3) (score 2))
   (close-window (within 6) (score 1))
   (grade-band (min 4) (max 4) (grade A))
   (grade-band (min 3) (max 3) (grade B))
   (grade-band (min 2) (max 2) (grade C))
   (grade-band (min 0) (max 1) (grade D)))

(deffacts opportunity-value-matrix "Playbook §9: the customer value matrix."
   (value-cell (short_term big) (long_term high) (category 1))
   (value-cell (short_term small) (long_term high) (category 2))
   (value-cell (short_term big) (long_term low) (category 3))
   (value-cell (short_term small) (long_term low) (category 4)))

(deffacts opportunity-opening-grid "Playbook §9 (reading): the opening nine-grid."
   (opening-cell (turf ours) (leader us) (opening normal))
   (opening-cell (turf neutral) (leader us) (opening normal))
   (opening-cell (turf ours) (leader none) (opening normal))
   (opening-cell (turf competitor) (leader competitor) (opening abnormal))
   (opening-cell (turf ours) (leader competitor) (opening problem))
   (opening-cell (turf neutral) (leader none) (opening problem))
   (opening-cell (turf neutral) (leader competitor) (opening problem))
   (opening-cell (turf competitor) (leader us) (opening problem))
   (opening-cell (turf competitor) (leader none) (opening problem)))

;;; ------------------------------------------------------------ helpers

(deffunction calendar-months (?from ?to)
   "Months from date text ?from to ?to (YYYY-MM-DD): whole calendar months
    plus the day difference as a fraction, so that the date exactly N months
    ahead gives N and a day later a little more."
   (bind ?y1 (string-to-field (sub-string 1 4 ?from)))
   (bind ?m1 (string-to-field (sub-string 6 7 ?from)))
   (bind ?d1 (string-to-field (sub-string 9 10 ?from)))
   (bind ?y2 (string-to-field (sub-string 1 4 ?to)))
   (bind ?m2 (string-to-field (sub-string 6 7 ?to)))
   (bind ?d2 (string-to-field (sub-string 9 10 ?to)))
   (+ (* 12 (- ?y2 ?y1)) (- ?m2 ?m1) (/ (- ?d2 ?d1) 31.0)))

(deffunction one-decimal (?x)
   "?x rounded to one decimal, as text."
   (str-cat (/ (round (* ?x 10)) 10.0)))

(deffunction answers-no (?real ?compete ?win ?worth)
   "The ids of the four questions answered no."
   (bind ?out (create$))
   (if (eq ?real no) then (bind ?out (create$ ?out is-real)))
   (if (eq ?compete no) then (bind ?out (create$ ?out can-compete)))
   (if (eq ?win no) then (bind ?out (create$ ?out can-win)))
   (if (eq ?worth no) then (bind ?out (create$ ?out worth-winning)))
   ?out)

;;; ------------------------------------------------------------ close time

(defrule close-timing-given
   "Playbook §9: the expected close time, as the rep gave it."
   (declare (salience 30))
   (opportunity (months_to_close ?m&:(numberp ?m)))
   =>
   (assert (close-timing (months ?m) (because (str-cat "opportunity.months_to_close = " ?m)))))

(defrule close-timing-from-date
   "Playbook §9 (reading): with months_to_close unknown, the months from
    today to the deal's expected_close."
   (declare (salience 30))
   (opportunity (months_to_close unknown))
   (deal (expected_close ?close) (today ?today) (days_to_close ?days&:(integerp ?days)&:(>= ?days 0)))
   =>
   (bind ?m (calendar-months ?today ?close))
   (assert (close-timing (months ?m)
      (because "opportunity.months_to_close = unknown"
               (str-cat "expected_close = " ?close " (" (one-decimal ?m) " months from " ?today ")")))))

(defrule close-score-window
   "The smallest close window the deal falls in gives the score."
   (declare (salience 30))
   (close-timing (months ?m) (because $?why))
   (close-window (within ?w&:(<= ?m ?w)) (score ?s))
   (not (close-window (within ?w2&:(<= ?m ?w2)&:(< ?w2 ?w))))
   =>
   (assert (close-score (score ?s) (because ?why))))

(defrule close-score-later
   "Later than every close window: no points for timing."
   (declare (salience 30))
   (close-timing (months ?m) (because $?why))
   (not (close-window (within ?w&:(<= ?m ?w))))
   =>
   (assert (close-score (score 0) (because ?why))))

;;; ------------------------------------------------------------ results

(defrule opportunity-grade
   "Playbook §9, §3 step 1: grade A-D by likelihood and expected close time
    (reading: high 2 / medium 1 / low 0, plus within 3 months 2 / within 6
    months 1 / later 0; 4 A, 3 B, 2 C, 0-1 D)."
   (declare (salience 10))
   (opportunity (likelihood ?l&~unknown))
   (likelihood-score (likelihood ?l) (score ?ls))
   (close-score (score ?cs) (because $?why))
   (grade-band (grade ?grade) (min ?min&:(>= (+ ?ls ?cs) ?min)) (max ?max&:(<= (+ ?ls ?cs) ?max)))
   =>
   (assert (opportunity-grade (grade ?grade)
      (because (str-cat "opportunity.likelihood = " ?l " (" ?ls ")")
               ?why
               (str-cat "close-time score = " ?cs)
               (str-cat "total = " (+ ?ls ?cs) " -> grade " ?grade)))))

(defrule opportunity-value
   "Playbook §9: the customer value matrix - short-term gain x long-term
    impact: 1 big & high, 2 small & high, 3 big & low, 4 small & low."
   (declare (salience 10))
   (opportunity (short_term ?st&~unknown) (long_term ?lt&~unknown))
   (value-cell (short_term ?st) (long_term ?lt) (category ?c))
   =>
   (assert (opportunity-value (category ?c)
      (because (str-cat "opportunity.short_term = " ?st)
               (str-cat "opportunity.long_term = " ?lt)))))

(defrule opportunity-opening
   "Playbook §9: the opening nine-grid - whose turf x who leads now."
   (declare (salience 10))
   (opportunity (turf ?turf&~unknown) (leader ?leader&~unknown))
   (opening-cell (turf ?turf) (leader ?leader) (opening ?opening))
   =>
   (assert (opportunity-opening (opening ?opening)
      (because (str-cat "opportunity.turf = " ?turf)
               (str-cat "opportunity.leader = " ?leader)))))

;;; ------------------------------------------------------------ the four questions

(defrule not-worth-pursuing
   "Playbook §9, §3 step 1: is it real, can we compete, can we win, is it
    worth winning? A no to any of them: give up, or lower the contact level."
   (pursuit-open)
   (opportunity (is-real ?real) (can-compete ?compete) (can-win ?win) (worth-winning ?worth))
   (test (member$ no (create$ ?real ?compete ?win ?worth)))
   =>
   (bind ?no (answers-no ?real ?compete ?win ?worth))
   (bind ?because (create$ (words "answered no" ?no)))
   (assert (finding (id not-worth-pursuing) (severity high) (about ?no) (because ?because)))
   (assert (action (id reconsider-pursuit) (rank 1) (about ?no) (because ?because))))

(defrule ask-opportunity-answers
   "Playbook §9: the four questions not answered yet are asked."
   (pursuit-open)
   (opportunity (is-real ?real) (can-compete ?compete) (can-win ?win) (worth-winning ?worth))
   =>
   (if (eq ?real unknown) then
      (assert (question (id ask-is-real) (field "opportunity.answers.is-real") (rank 25))))
   (if (eq ?compete unknown) then
      (assert (question (id ask-can-compete) (field "opportunity.answers.can-compete") (rank 26))))
   (if (eq ?win unknown) then
      (assert (question (id ask-can-win) (field "opportunity.answers.can-win") (rank 27))))
   (if (eq ?worth unknown) then
      (assert (question (id ask-worth-winning) (field "opportunity.answers.worth-winning") (rank 28)))))

(defrule ask-opportunity-inputs
   "Playbook §9: the inputs of the grade, value and opening not known yet."
   (pursuit-open)
   (opportunity (likelihood ?l) (short_term ?st) (long_term ?lt) (turf ?turf) (leader ?leader))
   =>
   (if (eq ?l unknown) then
      (assert (question (id ask-likelihood) (field "opportunity.likelihood") (rank 40))))
   (if (eq ?st unknown) then
      (assert (question (id ask-short-term) (field "opportunity.short_term") (rank 42))))
   (if (eq ?lt unknown) then
      (assert (question (id ask-long-term) (field "opportunity.long_term") (rank 43))))
   (if (eq ?turf unknown) then
      (assert (question (id ask-turf) (field "opportunity.turf") (rank 44))))
   (if (eq ?leader unknown) then
      (assert (question (id ask-leader) (field "opportunity.leader") (rank 45)))))

(defrule ask-months-to-close
   "Playbook §9: no usable close time (none given, or the date has passed)."
   (pursuit-open)
   (not (close-timing))
   =>
   (assert (question (id ask-months-to-close) (field "opportunity.months_to_close") (rank 41))))

;;; ------------------------------------------------------------ where to put effort

(defrule grade-a-focus
   "Playbook §9: put resources on A opportunities (unless one of the four
    questions was answered no: then not-worth-pursuing speaks)."
   (pursuit-open)
   (opportunity-grade (grade A) (because $?why))
   (opportunity (is-real ~no) (can-compete ~no) (can-win ~no) (worth-winning ~no))
   =>
   (assert (action (id focus-resources) (rank 9) (because ?why))))

(defrule grade-c-limit
   "Playbook §9 (reading): a C opportunity gets limited effort until its
    likelihood or timing improves."
   (pursuit-open)
   (opportunity-grade (grade C) (because $?why))
   (opportunity (is-real ~no) (can-compete ~no) (can-win ~no) (worth-winning ~no))
   =>
   (assert (action (id limit-resources) (rank 8) (because ?why))))

(defrule grade-d-lower-priority
   "Playbook §9, §3 step 1: A-D sets where effort goes first; a D deal
    (late close or low likelihood) goes behind the A-C deals. Giving up
    follows a failed evaluation - a no to one of the four questions
    (not-worth-pursuing) - not the grade. A D deal of value category 1 or 2
    (high long-term impact) is weighed by grade-d-high-value instead."
   (pursuit-open)
   (opportunity-grade (grade D) (because $?why))
   (opportunity (is-real ~no) (can-compete ~no) (can-win ~no) (worth-winning ~no))
   (not (opportunity-value (category 1|2)))
   =>
   (assert (action (id lower-priority) (rank 8) (because ?why))))

(defrule grade-d-high-value
   "Playbook §9: the customer value matrix weighs against the grade - a D
    deal with high long-term impact (value category 1 or 2) is kept and
    worked at its own pace: raise the likelihood, do not drop it."
   (pursuit-open)
   (opportunity-grade (grade D) (because $?why))
   (opportunity-value (category ?c&1|2) (because $?value))
   (opportunity (is-real ~no) (can-compete ~no) (can-win ~no) (worth-winning ~no))
   =>
   (assert (finding (id grade-d-high-value) (severity low) (about ?c)
      (because ?why ?value (str-cat "value category = " ?c)))))

(defrule low-value-opportunity
   "Playbook §9: category 4 - small business, low long-term impact: commit
    few resources."
   (pursuit-open)
   (opportunity-value (category 4) (because $?why))
   =>
   (assert (finding (id low-value-opportunity) (severity low) (because ?why))))

(defrule problem-opening
   "Playbook §9: a problem opening - fix what makes it a problem before
    investing more."
   (pursuit-open)
   (opportunity (turf ?turf) (leader ?leader))
   (opportunity-opening (opening problem) (because $?why))
   =>
   (assert (finding (id problem-opening) (severity medium)
      (about (sym-cat turf- ?turf) (sym-cat lead- ?leader)) (because ?why))))

(defrule abnormal-opening
   "Playbook §9 (reading): on the competitor's turf with the competitor
    leading - change the criteria or reconsider the pursuit."
   (pursuit-open)
   (opportunity-opening (opening abnormal) (because $?why))
   =>
   (assert (finding (id abnormal-opening) (severity high)
      (about turf-competitor lead-competitor) (because ?why)))
   (assert (action (id change-criteria-or-exit) (rank 5) (because ?why))))
