/* diff.h - what changed in a deal's advice between two playbooks.
 *
 * Only what changed is listed:
 *
 *   {"stage": {"from": "intent", "to": "project"},
 *    "concern": {"from": "none", "to": "doubt"},
 *    "findings": {"added": [ids], "removed": [ids],
 *                 "severity": [{"id", "from", "to"}]},
 *    "actions": {"added": [ids], "removed": [ids],
 *                "moved": [{"id", "from", "to"}]},          priorities
 *    "tactics": {"added": [ids], "removed": [ids]},
 *    "do_now": {"from": [ids], "to": [ids]},
 *    "biggest_risk": {"from": ..., "to": ...}}
 *
 * An action counts as moved when its place among the actions both advices
 * share changed (an action added above it does not move it). A part an
 * advice lacks (do_now from an older playbook) compares as absent.
 */
#ifndef DC_DIFF_H
#define DC_DIFF_H

#include <jansson.h>

#include "catalog.h"

/* NULL when nothing changed; else a new JSON object as above. */
json_t *dc_advice_diff(json_t *before, json_t *after);

/* The changes for people, a line each, indented by two spaces, in `lang`
 * with the words of the catalog's diff.* keys (English when `cat` is NULL);
 * ids stay ids. malloc'd, NULL when out of memory. */
char *dc_advice_diff_text(const dc_catalog *cat, const char *lang, json_t *diff);

#endif
