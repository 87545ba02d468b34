/* changes.h - what changed in the pipeline since a date: deals new,
 * advanced, regressed, close dates pushed or pulled in, won, lost.
 *
 * Each deal's state on the date (its last history entry on or before it,
 * kb/pipeline/timeline.h) is compared with its state now (its advice as of
 * the pipeline's date). Deals without history (deal files) cannot say what
 * changed and are left out.
 */
#ifndef DC_CHANGES_H
#define DC_CHANGES_H

#include <jansson.h>
#include "catalog.h"
#include "pipeline.h"

/* The changes among the deals selected in `p` since `since` (YYYY-MM-DD,
 * not after the pipeline's date): a new object
 *   {"since", "new": [id], "advanced": [{"id","from","to"}], "regressed": [...],
 *    "pushed": [{"id","from","to"}], "pulled_in": [...], "won": [id], "lost": [id]}
 * or NULL when out of memory. */
json_t *dc_changes(const dc_pipeline *p, const char *since);

/* The same for a person to read, in the pipeline's language. malloc'd,
 * NULL when out of memory. */
char *dc_changes_render(const dc_catalog *cat, const char *lang, json_t *changes);

#endif
