/* timeline.c - a deal's history as dated states. Contract in timeline.h. */
#define _POSIX_C_SOURCE 200809L /* localtime_r */
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

struct reader {
    dc_timeline *t;
    size_t cap;
    long today;
    int oom;
};

static void copy_id(char *dst, const char *src)
{
    snprintf(dst, DC_TIMELINE_ID, "%s", src && strlen(src) < DC_TIMELINE_ID ? src : "");
}

/* What the deal said at the time of one entry. */
static void read_deal(dc_state *st, const char *deal_json)
{
    json_t *deal = deal_json ? json_loads(deal_json, 0, NULL) : NULL;
    const char *close = json_string_value(json_object_get(deal, "expected_close"));
    json_t *amount = json_object_get(deal, "amount");
    long ignored;

    st->has_deal = deal != NULL;
    copy_id(st->claimed, json_string_value(json_object_get(deal, "claimed_stage")));
    if (close && dc_date_parse(close, &ignored)) memcpy(st->close, close, 11);
    if (json_is_number(amount)) {
        st->amount = json_number_value(amount);
        st->has_amount = 1;
    }
    json_decref(deal);
}

/* The local date of a store time ("2026-11-22T10:04:05Z", UTC), as the
 * evaluation date is local too. 0 when `at` is not such a time. */
static int local_date(const char *at, char date[11], long *day)
{
    char utc[11];
    int h, m, sec;
    snprintf(utc, sizeof utc, "%.10s", at ? at : "");
    if (!dc_date_parse(utc, day) || strlen(at) < 19 ||
        sscanf(at + 11, "%2d:%2d:%2d", &h, &m, &sec) != 3)
        return 0;
    time_t when = (time_t)*day * 86400 + h * 3600 + m * 60 + sec;
    struct tm local;
    if (!localtime_r(&when, &local) || !strftime(date, 11, "%Y-%m-%d", &local))
        return 0;
    return dc_date_parse(date, day);
}

static int on_change(void *ctx, const char *at, const char *what, const char *stage,
                     const char *deal_json)
{
    struct reader *r = ctx;
    dc_state st;
    char date[11];

    memset(&st, 0, sizeof st);
    if (!local_date(at, date, &st.day) || st.day > r->today) return DC_OK;
    memcpy(st.date, date, sizeof date);
    copy_id(st.stage, stage);
    st.deleted = !deal_json && what && strcmp(what, "deleted") == 0;
    read_deal(&st, deal_json);
    if (!deal_json && !st.deleted && r->t->n) { /* archived...: the deal as it was */
        const dc_state *was = &r->t->states[r->t->n - 1];
        memcpy(st.claimed, was->claimed, sizeof st.claimed);
        memcpy(st.close, was->close, sizeof st.close);
        st.amount = was->amount;
        st.has_amount = was->has_amount;
        st.has_deal = was->has_deal;
    }
    if (r->t->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        dc_state *grown = realloc(r->t->states, cap * sizeof *grown);
        if (!grown) {
            r->oom = 1;
            return DC_ENOMEM;
        }
        r->t->states = grown;
        r->cap = cap;
    }
    r->t->states[r->t->n++] = st;
    return DC_OK;
}

int dc_timeline_read(dc_timeline *t, dc_store *s, const char *deal_id, long today)
{
    struct reader r = {t, 0, today, 0};
    int rc;

    t->states = NULL;
    t->n = 0;
    rc = dc_store_each_change(s, deal_id, on_change, &r);
    if (rc == DC_ENOTFOUND) rc = DC_OK; /* no history: an empty timeline */
    if (rc) dc_timeline_free(t);
    return rc;
}

void dc_timeline_free(dc_timeline *t)
{
    if (!t) return;
    free(t->states);
    t->states = NULL;
    t->n = 0;
}

const dc_state *dc_timeline_at(const dc_timeline *t, long day)
{
    const dc_state *found = NULL;
    for (size_t i = 0; i < t->n && t->states[i].day <= day; i++) found = &t->states[i];
    return found && !found->deleted ? found : NULL;
}

json_t *dc_timeline_stage_order(dc_engine *e)
{
    if (!dc_engine_has_template(e, "stage-def") || dc_engine_reset(e)) return NULL;
    json_t *defs = dc_engine_facts(e, "stage-def"), *order = json_object();
    size_t i;
    json_t *d;
    json_array_foreach(defs, i, d) {
        const char *id = json_string_value(json_object_get(d, "id"));
        if (id) json_object_set(order, id, json_object_get(d, "order"));
    }
    json_decref(defs);
    if (!defs || !order) {
        json_decref(order);
        return NULL;
    }
    return order;
}

static int known(json_t *order, const char *stage)
{
    return stage[0] && json_is_integer(json_object_get(order, stage));
}

static long order_of(json_t *order, const char *stage)
{
    return (long)json_integer_value(json_object_get(order, stage));
}

/* Stage facts: current stage and since when, peak, last regression. */
static void stage_slots(const dc_timeline *t, json_t *order, long today, json_t *slots)
{
    const dc_state *cur = NULL, *entered = NULL, *peak = NULL;
    const char *reg_from = NULL, *reg_to = NULL;
    long reg_day = 0;
    for (size_t i = 0; i < t->n; i++) {
        const dc_state *st = &t->states[i];
        if (!known(order, st->stage)) continue;
        if (!cur || strcmp(cur->stage, st->stage) != 0) {
            if (cur && order_of(order, st->stage) < order_of(order, cur->stage)) {
                reg_from = cur->stage;
                reg_to = st->stage;
                reg_day = st->day;
            }
            entered = st;
        }
        cur = st;
        if (!peak || order_of(order, st->stage) > order_of(order, peak->stage)) peak = st;
    }
    if (!cur) return;
    json_object_set_new(slots, "stage", json_string(cur->stage));
    json_object_set_new(slots, "stage_since", json_string(entered->date));
    json_object_set_new(slots, "days_in_stage", json_integer(today - entered->day));
    json_object_set_new(slots, "peak_stage", json_string(peak->stage));
    if (reg_from) {
        json_object_set_new(slots, "regressed_from", json_string(reg_from));
        json_object_set_new(slots, "regressed_to", json_string(reg_to));
        json_object_set_new(slots, "days_since_regression", json_integer(today - reg_day));
    }
}

/* Close-date facts: how often it moved later or earlier. */
static void close_slots(const dc_timeline *t, json_t *slots)
{
    const char *last = NULL, *first = NULL;
    int pushes = 0, pulls = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *close = t->states[i].close;
        if (!close[0]) continue;
        if (!first) first = close;
        if (last) {
            int cmp = strcmp(close, last); /* YYYY-MM-DD sorts as text */
            pushes += cmp > 0;
            pulls += cmp < 0;
        }
        last = close;
    }
    json_object_set_new(slots, "close_pushes", json_integer(pushes));
    json_object_set_new(slots, "close_pulls", json_integer(pulls));
    if (first) json_object_set_new(slots, "first_close", json_string(first));
}

json_t *dc_timeline_history_fact(dc_store *s, dc_engine *e, const char *deal_id,
                                 const char *today)
{
    dc_timeline t;
    long day;
    json_t *order = NULL, *fact = NULL;
    if (!dc_date_parse(today, &day) || dc_timeline_read(&t, s, deal_id, day)) return NULL;
    if (t.n && (order = dc_timeline_stage_order(e))) fact = dc_timeline_fact(&t, order, day);
    json_decref(order);
    dc_timeline_free(&t);
    return fact;
}

json_t *dc_timeline_fact(const dc_timeline *all, json_t *order, long today)
{
    /* A deal deleted and created again under its id starts a new life: only
     * the states after the last deletion count. */
    size_t start = all->n;
    while (start > 0 && !all->states[start - 1].deleted) start--;
    const dc_timeline life = {all->states + start, all->n - start}, *t = &life;
    if (!t->n) return NULL;
    json_t *slots = json_object();
    if (!slots) return NULL;
    const dc_state *last = &t->states[t->n - 1];
    json_object_set_new(slots, "entries", json_integer((json_int_t)t->n));
    stage_slots(t, order, today, slots);
    close_slots(t, slots);
    json_object_set_new(slots, "last_update", json_string(last->date));
    json_object_set_new(slots, "days_since_update", json_integer(today - last->day));
    return slots;
}

int dc_timeline_stays(const dc_timeline *t, long today, dc_stay_fn *fn, void *ctx)
{
    const dc_state *cur = NULL;
    long from = 0;
    int rc;
    for (size_t i = 0; i < t->n; i++) {
        const dc_state *st = &t->states[i];
        if (st->deleted) {
            if (cur && (rc = fn(ctx, cur->stage, from, st->day, 0))) return rc;
            cur = NULL;
            continue;
        }
        if (!st->stage[0] || (cur && strcmp(cur->stage, st->stage) == 0)) continue;
        if (cur && (rc = fn(ctx, cur->stage, from, st->day, 0))) return rc;
        cur = st;
        from = st->day;
    }
    return cur ? fn(ctx, cur->stage, from, today, 1) : DC_OK;
}
