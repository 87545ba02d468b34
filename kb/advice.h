/* advice.h - what the rules concluded, as spec §4 JSON. */
#ifndef DC_ADVICE_H
#define DC_ADVICE_H

#include <jansson.h>
#include "catalog.h"
#include "engine.h"

/* At most this many actions in "do_now" (spec §6). */
#define DC_DO_NOW_MAX 3

/* Build the advice object of spec §4 from the facts in `e` after a run.
 * Texts are in `lang`. Findings are ordered by severity (high, medium, low),
 * actions by the rank the rules gave them (then the order they were made)
 * and numbered from 1 as "priority". Each finding and action also carries
 * "about" (what it is about: names, ids). "do_now" (spec §6) lists the
 * ids of the actions the rules chose as the moves to make now (`do-now`
 * facts, by their order; each also in "actions"; at most DC_DO_NOW_MAX),
 * present whenever there is an action; "biggest_risk" the finding the
 * rules named (`biggest-risk`), when there is one; "stage"."owner" who
 * should drive the deal at its evidenced stage (`deal-owner`), when known;
 * "superseded" the items the review took out, [{id, by}], when any. `warnings` (strings) is
 * copied in; `plain` takes the plain paths (DC_ADVICE_PLAIN_*, below).
 * Returns a new reference, or NULL with the engine's message set. */
json_t *dc_advice_build(dc_engine *e, const dc_catalog *cat, const char *lang,
                        json_t *deal, const char *today, json_t *warnings, unsigned plain);

/* Optimisations of reading the advice back that have a plain path
 * (kb/plain.h); a set bit takes it. The advice is the same either way.
 * - DC_ADVICE_PLAIN_BASIS ("lazy-basis"): render every fact's basis as it
 *   is read, not only for the items whose rule gave no `because`. */
#define DC_ADVICE_PLAIN_BASIS 1u

/* The plain paths DEALCOACH_PLAIN asks for, as DC_ADVICE_PLAIN_* bits. */
unsigned dc_advice_plain(void);

/* The findings (`kind` "finding") or actions ("action") of the facts in
 * `e`, as in the advice: ordered, numbered, with text, rule and because.
 * For advice that is not a deal's (the funnel). A new array; empty on
 * failure. */
json_t *dc_advice_items(dc_engine *e, const dc_catalog *cat, const char *lang, const char *kind,
                        unsigned plain);

#endif
