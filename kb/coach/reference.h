/* reference.h - every id of a playbook with what it means, in English and
 * Chinese: the values each field takes (the allowed symbols of the rule
 * files' templates) and the findings, actions and tactics its rules can
 * give, with their catalog texts. docs/ids.md is this reference for the
 * shipped playbook, rendered by tools/gen_ids_doc.c; a test regenerates it
 * and fails when it drifts or an id has no text.
 *
 *     json_t *ref = dc_reference(coach);
 *     char *md = dc_reference_markdown(ref);
 */
#ifndef DC_REFERENCE_H
#define DC_REFERENCE_H

#include <jansson.h>
#include "coach.h"

/* The reference of the playbook loaded in `c`: a new JSON object
 *   {"groups": [{"title", "field", "ids": [{"id", "en", "zh"}]}],
 *    "missing": ["zh: label.sme", ...]}
 * where a text absent from a language is null and named in "missing".
 * NULL only when out of memory. */
json_t *dc_reference(dc_coach *c);

/* The reference as a Markdown page; malloc'd, NULL when out of memory. */
char *dc_reference_markdown(json_t *ref);

#endif
