;; A coach's rule file with every mistake `dealcoach lint` looks for.
(deftemplate score-band
   "A score from min to max gives a grade."
   (slot min (type INTEGER)) (slot max (type INTEGER)) (slot grade (type SYMBOL)))

(deftemplate phantom (slot x))

(deffacts score-bands "Overlapping at 3, and nothing covers 7 to 8."
   (score-band (min 0) (max 3) (grade low))
   (score-band (min 3) (max 6) (grade mid))
   (score-band (min 9) (max 10) (grade high)))

(defrule no-doc-rule
   (deal (size large))
   =>
   (assert (finding (id coach-nodoc) (severity high))))

(defrule conflicting
   "The same finding with another severity."
   (deal (size government))
   =>
   (assert (finding (id coach-nodoc) (severity low))))

(defrule rankless
   "An action without a rank, and no text anywhere."
   (deal)
   =>
   (assert (action (id coach-no-rank-no-text))))

(defrule severity-missing
   "A finding without a severity, with an English text only."
   (deal)
   =>
   (assert (finding (id coach-half-text))))

(defrule odd-salience
   "A salience outside the layers, matching what nothing asserts."
   (declare (salience 99))
   (phantom (x 1))
   =>
   (assert (finding (id coach-nodoc) (severity high))))
