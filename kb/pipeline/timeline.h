/* timeline.h - a deal's history in the store, read as dated states.
 *
 * Each history entry of the store (kb/store.h) becomes one state: the day
 * of the change, the evidenced stage recorded with it, and what the deal
 * said then (claimed stage, expected close, amount). From these come the
 * deal-history fact of the time rules (rules/80-time.clp), the stays in
 * each stage of the funnel's velocity, and "what changed since".
 *
 * Days are day numbers (kb/date.h) of the entry's local date. Entries dated
 * after the evaluation date are left out, so an evaluation "as of" a past
 * date sees the history as it was then.
 */
#ifndef DC_TIMELINE_H
#define DC_TIMELINE_H

#include <stddef.h>
#include <jansson.h>

#include "engine.h"
#include "store.h"

#define DC_TIMELINE_ID 32 /* room for a stage or claimed-stage id */

typedef struct dc_state {
    long day;
    char date[11];                   /* the same day as YYYY-MM-DD */
    char stage[DC_TIMELINE_ID];      /* evidenced stage recorded, "" if none */
    char claimed[DC_TIMELINE_ID];    /* claimed_stage then, "" if unknown */
    char close[11];                  /* expected_close then, "" if unknown */
    double amount;                   /* amount then, when has_amount */
    int has_amount;
    int deleted;                     /* the entry records a deletion */
    int has_deal;                    /* the entry kept the deal (schema >= 3) */
} dc_state;

typedef struct dc_timeline {
    dc_state *states; /* oldest first */
    size_t n;
} dc_timeline;

/* Read the history of `deal_id` up to and including day `today`. DC_OK
 * with t filled (n may be 0: no history, or all of it after today), or
 * the store's status with its message on the store. Release with
 * dc_timeline_free. */
int dc_timeline_read(dc_timeline *t, dc_store *s, const char *deal_id, long today);
void dc_timeline_free(dc_timeline *t);

/* The last state on or before `day`, or NULL (the deal did not exist). */
const dc_state *dc_timeline_at(const dc_timeline *t, long day);

/* The funnel's stage order, from the loaded rules' stage-def facts
 * (00-schema.clp): a new JSON object {stage id: order}, or NULL when out
 * of memory or the rules have no stage-def template. Resets the engine. */
json_t *dc_timeline_stage_order(dc_engine *e);

/* The slots of the deal-history fact (00-schema.clp) as of `today`, or
 * NULL when the timeline is empty or out of memory. Stages not in
 * `order` are left out of the stage counts (a rule set without them). A
 * deal deleted and created again under its id starts anew: only the states
 * after its last deletion count. */
json_t *dc_timeline_fact(const dc_timeline *t, json_t *order, long today);

/* All of the above for a stored deal: its deal-history fact as of `today`
 * (YYYY-MM-DD, local), or NULL when it has no history then, or the store
 * cannot say, or out of memory: the advice then goes on without it. */
json_t *dc_timeline_history_fact(dc_store *s, dc_engine *e, const char *deal_id,
                                 const char *today);

/* A stay in one stage: entered on day `from`, left on day `to` (today for
 * the stay still going on, with `open` set). */
typedef int dc_stay_fn(void *ctx, const char *stage, long from, long to, int open);
/* Visit the stays in recorded stages, oldest first; a non-zero return
 * stops the walk and is returned. A deleted deal's last stay ends at the
 * deletion. */
int dc_timeline_stays(const dc_timeline *t, long today, dc_stay_fn *fn, void *ctx);

#endif
