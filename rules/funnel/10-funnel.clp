;;; funnel/10-funnel.clp - funnel health across many deals (playbook §1):
;;; capacity 粗细, slope 斜率, uniformity 均匀, velocity 流速.
;;;
;;; A second pass, over the whole pipeline: dealcoach advises every deal
;;; with the playbook (rules/*.clp), then loads rules/00-schema.clp and this
;;; directory into an engine of their own and asserts the facts below, the
;;; measures it counted (kb/pipeline/funnel.h). Nothing here fires on a
;;; single deal, and nothing in the deal playbook sees these facts.
;;;
;;; What is data (a coach edits one line): the funnel's shape (the share of
;;; open deals each stage should hold), the thresholds (funnel-threshold)
;;; and, shared with the deal rules, the days a stage may last
;;; (stage-time-limit in 80-time.clp, copied in by dealcoach).
;;;
;;; Readings (the playbook names the four measures but gives no numbers):
;;;   - shape: a funnel narrows: more targets than intents than projects...;
;;;   - a stage is bloated above 1.5 x its share (with 3 deals or more),
;;;     empty when it holds none of 5 open deals or more;
;;;   - conversion below 30% from one stage to the next, over 4 deals or
;;;     more that reached the stage, is a leak;
;;;   - fewer than 5 open deals is too thin a funnel to forecast from.
;;;
;;; Action ranks (the funnel's own list): 10 fill the funnel, 11 overdue
;;; deals, 12 stalled deals, 15 a bloated stage, 20 an empty stage, 25 a
;;; leaking stage, 30 a slow stage.

;;; ------------------------------------------------------------ facts in

(deftemplate funnel-total
   "The pipeline as a whole: open deals (neither closed nor lost), their
    amount and weighted amount (amount x win %), deals won and lost."
   (slot deals (type INTEGER))
   (slot amount (type NUMBER))
   (slot weighted (type NUMBER))
   (slot won (type INTEGER) (default 0))
   (slot lost (type INTEGER) (default 0)))

(deftemplate funnel-stage
   "One open stage: its deals and their share of the open deals (percent);
    reached: deals (open or not) that ever got this far (from the history),
    advanced: those of them that got further, conversion = advanced /
    reached in percent (unknown when none reached it); the median days of
    the stays in it (unknown without history) and how many deals are
    stalled there (the deal rules' stalled-in-stage)."
   (slot stage (type SYMBOL))
   (slot order (type INTEGER))
   (slot deals (type INTEGER))
   (slot amount (type NUMBER))
   (slot weighted (type NUMBER))
   (slot share (type INTEGER))
   (slot reached (type INTEGER) (default 0))
   (slot advanced (type INTEGER) (default 0))
   (slot next (type SYMBOL) (default none))
   (slot conversion (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot median_days (type INTEGER SYMBOL) (allowed-symbols unknown) (default unknown))
   (slot stays (type INTEGER) (default 0))
   (slot stalled (type INTEGER) (default 0)))

(deftemplate funnel-deal
   "One deal of the pipeline, with the ids of its findings."
   (slot id (type STRING))
   (slot stage (type SYMBOL))
   (slot open (type SYMBOL) (allowed-symbols yes no))
   (multislot findings (type SYMBOL)))

;;; ------------------------------------------------------------ data a coach edits

(deftemplate funnel-shape
   "The share of open deals (percent) a stage should hold."
   (slot stage (type SYMBOL))
   (slot share (type INTEGER)))

(deftemplate funnel-threshold
   (slot id (type SYMBOL))
   (slot value (type NUMBER)))

(deffacts funnel-shape "A funnel that narrows (reading); the shares add up to
   100. Prospects (no stage evidenced yet) are the pool the funnel draws
   from, not a stage to keep in shape: share 0."
   (funnel-shape (stage prospect) (share 0))
   (funnel-shape (stage target) (share 28))
   (funnel-shape (stage intent) (share 24))
   (funnel-shape (stage project) (share 20))
   (funnel-shape (stage approval) (share 16))
   (funnel-shape (stage negotiation) (share 12)))

(deffacts funnel-thresholds "Thresholds of funnel health (reading)."
   (funnel-threshold (id min-open-deals) (value 5))       ; fewer: too thin
   (funnel-threshold (id weighted-target) (value 0))      ; the team's target; 0: none set
   (funnel-threshold (id bloated-ratio) (value 150))      ; percent of the shape's share
   (funnel-threshold (id bloated-min-deals) (value 3))
   (funnel-threshold (id min-conversion) (value 30))      ; percent
   (funnel-threshold (id conversion-min-reached) (value 4)))

(deffunction funnel-ids (?finding)
   "The ids of the open deals that carry finding ?finding."
   (bind ?ids (create$))
   (do-for-all-facts ((?d funnel-deal)) (and (eq ?d:open yes) (member$ ?finding ?d:findings))
      (bind ?ids (create$ ?ids ?d:id)))
   ?ids)

;;; ------------------------------------------------------------ capacity 粗细

(defrule funnel-thin
   "Playbook §1 capacity: too few open deals to forecast from or to lose any."
   (funnel-total (deals ?n) (weighted ?w))
   (funnel-threshold (id min-open-deals) (value ?min&:(< ?n ?min)))
   =>
   (assert (finding (id funnel-thin) (severity high) (about ?n ?min)
      (because (str-cat "open deals = " ?n " (minimum " ?min ")") (str-cat "weighted pipeline = " ?w))))
   (assert (action (id fill-the-funnel) (rank 10) (about ?n)
      (because (str-cat "open deals = " ?n)))))

(defrule funnel-below-target
   "Playbook §1 capacity: the weighted pipeline is below the target the
    coach set (weighted-target; 0 means none)."
   (funnel-total (weighted ?w))
   (funnel-threshold (id weighted-target) (value ?t&:(> ?t 0)&:(< ?w ?t)))
   =>
   (assert (finding (id weighted-below-target) (severity high) (about ?w ?t)
      (because (str-cat "weighted pipeline = " ?w) (str-cat "weighted target = " ?t))))
   (if (not (any-factp ((?a action)) (eq ?a:id fill-the-funnel))) then
      (assert (action (id fill-the-funnel) (rank 10) (about ?w)
         (because (str-cat "weighted pipeline = " ?w) (str-cat "weighted target = " ?t))))))

;;; ------------------------------------------------------------ uniformity 均匀

(defrule funnel-stage-bloated
   "Playbook §1 uniformity: a stage holds far more of the open deals than
    the shape gives it."
   (funnel-threshold (id bloated-ratio) (value ?ratio))
   (funnel-threshold (id bloated-min-deals) (value ?min))
   (funnel-shape (stage ?s) (share ?want&:(> ?want 0)))
   (funnel-stage (stage ?s) (deals ?n&:(>= ?n ?min)) (share ?has&:(> (* 100 ?has) (* ?ratio ?want))))
   =>
   (assert (finding (id stage-bloated) (severity medium) (about ?s ?has ?want)
      (because (str-cat "deals in " ?s " = " ?n) (str-cat "share = " ?has "%")
               (str-cat "shape share = " ?want "%") (str-cat "bloated ratio = " ?ratio "%"))))
   (assert (action (id clear-bloated-stage) (rank 15) (about ?s)
      (because (str-cat "share = " ?has "%") (str-cat "shape share = " ?want "%")))))

(defrule funnel-stage-empty
   "Playbook §1 uniformity: a stage the shape expects holds no deal, so the
    stages after it will run dry."
   (funnel-total (deals ?total))
   (funnel-threshold (id min-open-deals) (value ?min&:(>= ?total ?min)))
   (funnel-shape (stage ?s) (share ?want&:(> ?want 0)))
   (funnel-stage (stage ?s) (deals 0))
   =>
   (assert (finding (id stage-empty) (severity medium) (about ?s ?want)
      (because (str-cat "deals in " ?s " = 0") (str-cat "open deals = " ?total)
               (str-cat "shape share = " ?want "%"))))
   (assert (action (id fill-empty-stage) (rank 20) (about ?s)
      (because (str-cat "deals in " ?s " = 0")))))

;;; ------------------------------------------------------------ slope 斜率

(defrule funnel-low-conversion
   "Playbook §1 slope: too few of the deals that reached a stage got past
    it: the stage leaks."
   (funnel-threshold (id min-conversion) (value ?min))
   (funnel-threshold (id conversion-min-reached) (value ?sample))
   (funnel-stage (stage ?s) (next ?next&~none) (reached ?r&:(>= ?r ?sample)) (advanced ?a)
                 (conversion ?c&:(integerp ?c)&:(< ?c ?min)))
   =>
   (assert (finding (id low-conversion) (severity medium) (about ?s ?next ?c)
      (because (str-cat "reached " ?s " = " ?r) (str-cat "went on to " ?next " = " ?a)
               (str-cat "conversion = " ?c "% (minimum " ?min "%)"))))
   (assert (action (id review-stage-exit) (rank 25) (about ?s ?next)
      (because (str-cat "conversion from " ?s " = " ?c "%")))))

;;; ------------------------------------------------------------ velocity 流速

(defrule funnel-slow-stage
   "Playbook §1 velocity: deals typically stay in this stage longer than
    its limit."
   (funnel-stage (stage ?s) (median_days ?d&:(integerp ?d)) (stays ?n&:(>= ?n 2)))
   (stage-time-limit (stage ?s) (days ?max&:(> ?d ?max)))
   =>
   (assert (finding (id slow-stage) (severity medium) (about ?s ?d ?max)
      (because (str-cat "median days in " ?s " = " ?d " (limit " ?max ")")
               (str-cat "stays in stage = " ?n))))
   (assert (action (id speed-up-stage) (rank 30) (about ?s)
      (because (str-cat "median days in " ?s " = " ?d " (limit " ?max ")")))))

(defrule funnel-stalled-deals
   "Playbook §1 velocity: the open deals stalled past their stage's limit
    (the deal rule stalled-in-stage), named."
   (funnel-deal (open yes) (findings $? stalled-in-stage $?))
   (not (finding (id stalled-deals)))
   =>
   (bind ?ids (funnel-ids stalled-in-stage))
   (assert (finding (id stalled-deals) (severity medium) (about (length$ ?ids) ?ids)
      (because (words "stalled-in-stage" ?ids))))
   (assert (action (id review-stalled-deals) (rank 12) (about ?ids)
      (because (words "stalled-in-stage" ?ids)))))

(defrule funnel-overdue-deals
   "The open deals whose expected close is past (the deal rule
    close-date-passed), named: the forecast counts them."
   (funnel-deal (open yes) (findings $? close-date-passed $?))
   (not (finding (id overdue-deals)))
   =>
   (bind ?ids (funnel-ids close-date-passed))
   (assert (finding (id overdue-deals) (severity high) (about (length$ ?ids) ?ids)
      (because (words "close-date-passed" ?ids))))
   (assert (action (id requalify-overdue-deals) (rank 11) (about ?ids)
      (because (words "close-date-passed" ?ids)))))
