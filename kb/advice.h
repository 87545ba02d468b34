/* advice.h - what the rules concluded, as spec §4 JSON. */
#ifndef DC_ADVICE_H
#define DC_ADVICE_H

#include <jansson.h>
#include "catalog.h"
#include "engine.h"

/* Build the advice object of spec §4 from the facts in `e` after a run.
 * Texts are in `lang`. Findings are ordered by severity (high, medium, low),
 * actions by the rank the rules gave them (then the order they were made)
 * and numbered from 1 as "priority". Each finding and action also carries
 * "about" (what it is about: names, ids). `warnings` (strings) is copied
 * in. Returns a new reference, or NULL with the engine's message set. */
json_t *dc_advice_build(dc_engine *e, const dc_catalog *cat, const char *lang,
                        json_t *deal, const char *today, json_t *warnings);

#endif
