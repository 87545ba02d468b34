/* pipeline.h - many deals at once: one row per deal, filtered and sorted.
 *
 *     dc_pipeline *p = dc_pipeline_new(coach, "2026-11-29", "en");
 *     dc_pipeline_add(p, "deals.jsonl:3", input, store_or_NULL, errors, warnings);
 *     ...
 *     dc_pipeline_select(p, &filter);
 *     json_t *rows = dc_pipeline_rows_json(p);
 *
 * Each deal is checked and advised with the coach (kb/coach.h); a deal
 * read from the store is advised with its history (kb/pipeline/timeline.h),
 * so the time rules (rules/80-time.clp) see it. The pipeline keeps each
 * deal, its advice and its timeline for the funnel (funnel.h) and for
 * "what changed" (changes.h).
 */
#ifndef DC_PIPELINE_H
#define DC_PIPELINE_H

#include <stddef.h>
#include <jansson.h>

#include "coach.h"
#include "store.h"
#include "timeline.h"

typedef struct dc_pipeline dc_pipeline;

/* One deal of the pipeline. Owned by the pipeline. */
typedef struct dc_pipeline_deal {
    json_t *deal;        /* checked deal (spec §1) */
    json_t *advice;      /* its advice (spec §4) */
    json_t *row;         /* its spec §8 line */
    dc_timeline timeline; /* its history (empty for a deal file) */
    int stage_order;     /* evidenced stage's order in the funnel */
} dc_pipeline_deal;

/* Which deals a listing shows, and in what order. NULL / 0 members: no
 * filter. `sort` is one of dc_pipeline_sort_keys (NULL: weighted). */
typedef struct dc_pipeline_filter {
    const char *stage;   /* evidenced stage id */
    const char *owner;   /* the deal's owner, exactly */
    int at_risk;         /* only deals whose top finding is high */
    const char *sort;
} dc_pipeline_filter;

/* The sort keys, NULL-terminated: weighted amount win close days stage id customer. */
extern const char *const dc_pipeline_sort_keys[];

/* A new pipeline evaluated as of `today` (YYYY-MM-DD) in `lang`; `coach`
 * is borrowed and must be loaded. NULL when out of memory or `today` is
 * not a date. */
dc_pipeline *dc_pipeline_new(dc_coach *coach, const char *today, const char *lang);
void dc_pipeline_free(dc_pipeline *p); /* NULL is fine */
const char *dc_pipeline_message(const dc_pipeline *p);

/* Check `input` (a parsed deal; `origin` names it in messages) and advise
 * on it; with `store`, its history comes from there. DC_EINPUT when the
 * deal is refused (errors appended; nothing added); DC_ELIMIT /
 * DC_ERUNTIME when the rules fail; DC_ENOMEM. A deal whose id is already
 * in the pipeline is refused. Non-fatal problems go to `warnings`. */
int dc_pipeline_add(dc_pipeline *p, const char *origin, json_t *input, dc_store *store,
                    json_t *errors, json_t *warnings);

/* Add every deal of the store, each with its history. A deal refused is
 * reported in `errors` and the others are still added: DC_EINPUT then.
 * Other failures (the store, the rules) stop the walk. */
int dc_pipeline_add_store(dc_pipeline *p, dc_store *store, json_t *errors, json_t *warnings);

/* Keep only the deals `f` lets through, in its order. DC_EINPUT (message
 * set) for an unknown sort key or stage. May be called again: it always
 * starts from every deal added. */
int dc_pipeline_select(dc_pipeline *p, const dc_pipeline_filter *f);

/* The deals selected, in order. */
size_t dc_pipeline_count(const dc_pipeline *p);
const dc_pipeline_deal *dc_pipeline_get(const dc_pipeline *p, size_t i);

/* The rows selected as a new JSON array (spec §8 "deals"). */
json_t *dc_pipeline_rows_json(const dc_pipeline *p);

const char *dc_pipeline_today(const dc_pipeline *p);
long dc_pipeline_day(const dc_pipeline *p);
const char *dc_pipeline_lang(const dc_pipeline *p);
dc_coach *dc_pipeline_coach(const dc_pipeline *p);
/* {stage id: order} of the loaded rules (borrowed). */
json_t *dc_pipeline_stage_order(const dc_pipeline *p);

#endif
