/* whynot.h - why a finding, action or tactic is NOT in a deal's advice.
 *
 * After dc_coach_advise on the deal, the engine still holds its facts. The
 * rules that could assert the id are found from their text (playbook.h);
 * for each, its conditions are tried against the facts one prefix at a
 * time (1, then 1-2, then 1-3...) until one has no match: that condition
 * is the one that failed. For a failed pattern, each of its slot tests is
 * tried alone, and the fact that passes most of them is shown as the
 * closest, with the tests it fails.
 */
#ifndef DC_WHYNOT_H
#define DC_WHYNOT_H

#include "coach.h"

/* The explanation, in `lang`, for the deal last advised: a malloc'd text of
 * lines, NULL when out of memory. *unknown (when not NULL) is set to 1 when
 * no loaded rule can assert the id (a typo, most likely), else to 0. */
char *dc_why_not(dc_coach *c, const char *lang, const char *id, int *unknown);

#endif
