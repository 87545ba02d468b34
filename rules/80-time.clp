;;; 80-time.clp - time in the deal's own advice (spec §6): stalled in a
;;; stage, the expected close already past or pushed again and again, the
;;; stage gone backwards, no update for too long.
;;;
;;; close-date-passed needs only the deal (works on a deal file); the others
;;; need the deal-history fact, which dealcoach asserts when it advises a
;;; deal from the store (the session, `dealcoach pipeline`).
;;;
;;; What is data here (a coach edits one line): the days each stage may
;;; last (stage-time-limit) and the other thresholds (time-threshold).
;;;
;;; Readings (the playbook names velocity 流速 but gives no numbers):
;;;   - stage limits grow with the stage's weight: a target should become
;;;     an intent within a month, a project takes longest to prepare;
;;;   - a close date moved later twice is a pattern, once is news;
;;;   - a regression matters for 30 days, unless the deal has climbed back;
;;;   - a deal untouched for 21 days has no recorded next step;
;;;   - none of this applies to a deal closed or lost (claimed or evidenced).
;;;
;;; Action ranks: 24 find why the deal went backwards (with the customer's
;;; concern, band 20-29); 36 unstick a stalled deal, 37 requalify the close
;;; date (the next stage's work, band 30-39); 58 bring the deal up to date
;;; (follow-up, band 50-59).

(deftemplate time-threshold
   "A threshold of the time rules: id and value (days, or a count)."
   (slot id (type SYMBOL))
   (slot value (type INTEGER)))

(deffacts stage-time-limits "Days a deal may stay in each stage (reading)."
   (stage-time-limit (stage prospect) (days 30))
   (stage-time-limit (stage target) (days 30))
   (stage-time-limit (stage intent) (days 45))
   (stage-time-limit (stage project) (days 60))
   (stage-time-limit (stage approval) (days 45))
   (stage-time-limit (stage negotiation) (days 30)))

(deffacts time-thresholds "The other time thresholds (reading)."
   (time-threshold (id close-pushes) (value 2))         ; times moved later
   (time-threshold (id regression-window) (value 30))   ; days a regression is news
   (time-threshold (id no-update) (value 21)))          ; days without a change

(deffunction deal-open (?claimed ?evidenced)
   "Neither claimed nor evidenced closed or lost."
   (and (neq ?claimed closed) (neq ?claimed lost)
        (neq ?evidenced closed) (neq ?evidenced lost)))

;;; ------------------------------------------------------------ findings

(defrule close-date-passed
   "Spec §6: the expected close is before the evaluation date and the deal
    is neither closed nor lost."
   (deal (claimed_stage ?c) (expected_close ?close) (today ?today)
         (days_to_close ?d&:(integerp ?d)&:(< ?d 0)))
   (evidenced-stage (id ?s&:(deal-open ?c ?s)))
   =>
   (assert (finding (id close-date-passed) (severity high) (about ?close (abs ?d))
      (because (str-cat "expected_close = " ?close) (str-cat "today = " ?today)
               (str-cat "days overdue = " (abs ?d)))))
   (assert (action (id requalify-close-date) (rank 37) (about ?close)
      (because (str-cat "expected_close = " ?close) (str-cat "days overdue = " (abs ?d))))))

(defrule close-date-pushed
   "Spec §6: the expected close moved later at least `close-pushes` times."
   (deal (claimed_stage ?c) (expected_close ?close))
   (evidenced-stage (id ?s&:(deal-open ?c ?s)))
   (deal-history (close_pushes ?n) (first_close ?first))
   (time-threshold (id close-pushes) (value ?min&:(>= ?n ?min)))
   =>
   (assert (finding (id close-date-pushed) (severity medium) (about ?n ?first ?close)
      (because (str-cat "times moved later = " ?n " (threshold " ?min ")")
               (str-cat "first expected close = " ?first)
               (str-cat "expected_close = " ?close))))
   (if (not (any-factp ((?a action)) (eq ?a:id requalify-close-date))) then
      (assert (action (id requalify-close-date) (rank 37) (about ?close)
         (because (str-cat "times moved later = " ?n))))))

(defrule stalled-in-stage
   "Spec §6: longer in the evidenced stage than the stage's limit."
   (deal (claimed_stage ?c))
   (evidenced-stage (id ?s&:(deal-open ?c ?s)))
   (deal-history (stage ?s) (stage_since ?since) (days_in_stage ?d&:(integerp ?d)))
   (stage-time-limit (stage ?s) (days ?max&:(> ?d ?max)))
   =>
   (assert (finding (id stalled-in-stage) (severity medium) (about ?s ?d ?max)
      (because (str-cat "evidenced stage = " ?s) (str-cat "in stage since = " ?since)
               (str-cat "days in stage = " ?d " (limit " ?max ")"))))
   (assert (action (id unstick-stalled-deal) (rank 36) (about ?s ?d)
      (because (str-cat "evidenced stage = " ?s) (str-cat "days in stage = " ?d " (limit " ?max ")")))))

(defrule stage-regressed
   "Spec §6: the evidenced stage went backwards, recently, and the deal has
    not climbed back."
   (deal (claimed_stage ?c))
   (evidenced-stage (id ?s&:(deal-open ?c ?s)))
   (deal-history (regressed_from ?from&~none) (regressed_to ?to)
                 (days_since_regression ?d&:(integerp ?d)))
   (time-threshold (id regression-window) (value ?window&:(<= ?d ?window)))
   (test (< (stage-order ?s) (stage-order ?from)))
   =>
   (assert (finding (id stage-regressed) (severity high) (about ?from ?to ?d)
      (because (str-cat "stage before = " ?from) (str-cat "stage after = " ?to)
               (str-cat "days since = " ?d " (window " ?window ")")
               (str-cat "evidenced stage = " ?s))))
   (assert (action (id find-regression-cause) (rank 24) (about ?from ?to)
      (because (str-cat "stage before = " ?from) (str-cat "stage after = " ?to)))))

(defrule no-recent-update
   "Spec §6: nothing recorded on the deal for longer than `no-update` days."
   (deal (claimed_stage ?c))
   (evidenced-stage (id ?s&:(deal-open ?c ?s)))
   (deal-history (last_update ?last) (days_since_update ?d&:(integerp ?d)))
   (time-threshold (id no-update) (value ?max&:(> ?d ?max)))
   =>
   (assert (finding (id no-recent-update) (severity low) (about ?d ?last)
      (because (str-cat "last change = " ?last)
               (str-cat "days without a change = " ?d " (limit " ?max ")"))))
   (assert (action (id update-deal) (rank 58) (about ?d)
      (because (str-cat "days without a change = " ?d)))))
