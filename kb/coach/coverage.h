/* coverage.h - which rules fired, per rule file, over every deal the
 * coach's engine has run since it loaded (a scenario set, say).
 *
 *     {"fired": 120, "total": 140, "percent": 85.7,
 *      "files": [{"file": "rules/10-stages.clp", "fired": 14, "total": 16,
 *                 "percent": 87.5,
 *                 "rules": [{"rule": "size-known", "line": 61, "fired": 12}, ...]}]}
 *
 * A rule defined again by a later file counts only there (that is the one
 * that ran).
 */
#ifndef DC_COVERAGE_H
#define DC_COVERAGE_H

#include <jansson.h>
#include "coach.h"

/* The coverage so far, as above: a new JSON object, NULL when out of memory. */
json_t *dc_coverage(dc_coach *c);

/* The coverage for people: per file, the percentage, the rules that never
 * fired (FILE:LINE: name) and those that did (name and firings); then the
 * total. As CSV: file,line,rule,fired (a header line first). malloc'd,
 * NULL when out of memory. */
char *dc_coverage_text(json_t *coverage);
char *dc_coverage_csv(json_t *coverage);

#endif
