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

(defrule news-coach-leaving
   "Playbook §4.1, §4.3: our coach is leaving: develop a new coach, re-map."
   (pursuit-open)
   (exists (signal (id coach-leaving)))
   =>
   (bind ?coaches (coach-names))
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
