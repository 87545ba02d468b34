/* lint.h - check a playbook without a deal: what a coach gets wrong that
 * CLIPS accepts. Each problem has a file, a line, a severity and the check
 * that found it:
 *
 *   no-text            a finding, action or tactic id with no text in a
 *                      language (error when in neither: the report would
 *                      show the raw id)
 *   unused-text        a catalog text no rule can emit
 *   no-rank            an action asserted without a rank
 *   no-severity        a finding asserted without a severity
 *   no-doc             a rule without a documentation comment
 *   severity-conflict  one finding id, two rules, different severities
 *   never-asserted     a rule matches a template nothing asserts (error:
 *                      it can never fire)
 *   salience-band      a salience outside the bands the playbook documents
 *                      (";;; Rule layers, by salience:" in a header)
 *   threshold-gap, threshold-overlap
 *                      bands of a deffacts table (min/max slots) that
 *                      leave a gap or overlap
 */
#ifndef DC_LINT_H
#define DC_LINT_H

#include <jansson.h>
#include "coach.h"

/* Lint what `c` loaded (its rule files and catalog directories). Returns
 * a new JSON array of {"file","line","severity","check","message"},
 * errors and warnings in file and line order, messages in `lang` (the
 * catalogs' lint.* keys); NULL when out of memory. */
json_t *dc_lint(dc_coach *c, const char *lang);

#endif
