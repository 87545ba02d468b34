/* pipeline.c - many deals at once. Contract in pipeline.h. */
#include "pipeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

struct dc_pipeline {
    dc_coach *coach;          /* borrowed */
    char today[11];
    long day;
    char lang[8];
    json_t *order;            /* {stage: order} */
    dc_pipeline_deal *deals;  /* every deal added */
    size_t n, cap;
    size_t *selected;         /* indexes into deals, in order */
    size_t n_selected;
    const char *sort;         /* the key of the last select */
    char message[512];
};

const char *const dc_pipeline_sort_keys[] = {"weighted", "amount", "win", "close", "days",
                                             "stage", "id", "customer", NULL};

static int fail(dc_pipeline *p, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    return rc;
}

dc_pipeline *dc_pipeline_new(dc_coach *coach, const char *today, const char *lang)
{
    long day;
    if (!coach || !dc_date_parse(today, &day)) return NULL;
    dc_pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->coach = coach;
    memcpy(p->today, today, 11);
    p->day = day;
    snprintf(p->lang, sizeof p->lang, "%s", lang ? lang : "en");
    p->order = dc_timeline_stage_order(dc_coach_engine(coach));
    if (!p->order) p->order = json_object(); /* a rule set without stages */
    if (!p->order) {
        free(p);
        return NULL;
    }
    return p;
}

void dc_pipeline_free(dc_pipeline *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        json_decref(p->deals[i].deal);
        json_decref(p->deals[i].advice);
        json_decref(p->deals[i].row);
        dc_timeline_free(&p->deals[i].timeline);
    }
    free(p->deals);
    free(p->selected);
    json_decref(p->order);
    free(p);
}

const char *dc_pipeline_message(const dc_pipeline *p) { return p->message; }
size_t dc_pipeline_count(const dc_pipeline *p) { return p->n_selected; }
const dc_pipeline_deal *dc_pipeline_get(const dc_pipeline *p, size_t i)
{
    return i < p->n_selected ? &p->deals[p->selected[i]] : NULL;
}
const char *dc_pipeline_today(const dc_pipeline *p) { return p->today; }
long dc_pipeline_day(const dc_pipeline *p) { return p->day; }
const char *dc_pipeline_lang(const dc_pipeline *p) { return p->lang; }
dc_coach *dc_pipeline_coach(const dc_pipeline *p) { return p->coach; }
json_t *dc_pipeline_stage_order(const dc_pipeline *p) { return p->order; }

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static int order_of(const dc_pipeline *p, const char *stage)
{
    json_t *o = json_object_get(p->order, stage);
    return json_is_integer(o) ? (int)json_integer_value(o) : -2;
}

/* The first move: do_now's first id (spec §6), else the first action. */
static json_t *next_action(json_t *advice)
{
    json_t *now = json_array_get(json_object_get(advice, "do_now"), 0);
    if (json_is_string(now)) return json_incref(now);
    json_t *first = json_object_get(json_array_get(json_object_get(advice, "actions"), 0), "id");
    return first ? json_incref(first) : json_null();
}

/* The spec §8 line of a deal and its advice; days_in_stage when the
 * history's stage is the evidenced one. */
static json_t *make_row(json_t *deal, json_t *advice, json_t *history)
{
    json_t *stage = json_object_get(advice, "stage");
    json_t *amount = json_object_get(deal, "amount");
    json_int_t win = json_integer_value(json_object_get(stage, "win_probability"));
    json_t *row = json_object();
    json_object_set(row, "id", json_object_get(deal, "id"));
    json_object_set_new(row, "customer", json_string(str(deal, "customer")));
    json_object_set(row, "amount", amount ? amount : json_null());
    json_object_set(row, "claimed", json_object_get(deal, "claimed_stage") ? json_object_get(deal, "claimed_stage") : json_null());
    json_object_set_new(row, "evidenced", json_string(str(stage, "evidenced")));
    json_object_set_new(row, "win_probability", json_integer(win));
    if (json_is_number(amount)) {
        double w = json_number_value(amount) * (double)win / 100.0;
        json_object_set_new(row, "weighted", w == floor(w) && fabs(w) < 9e15 ? json_integer((json_int_t)w)
                                                                              : json_real(w));
    } else {
        json_object_set_new(row, "weighted", json_null());
    }
    json_object_set(row, "expected_close", json_object_get(deal, "expected_close") ? json_object_get(deal, "expected_close") : json_null());
    json_t *days = json_object_get(history, "days_in_stage");
    int same = strcmp(str(history, "stage"), str(stage, "evidenced")) == 0;
    json_object_set(row, "days_in_stage", same && json_is_integer(days) ? days : json_null());
    json_t *top = json_array_get(json_object_get(advice, "findings"), 0);
    json_object_set(row, "risk", top ? json_object_get(top, "id") : json_null());
    json_object_set_new(row, "next", next_action(advice));
    /* Beyond spec §8: the name, owner, the top risk's severity and every finding's id. */
    json_object_set_new(row, "name", json_string(str(deal, "name")));
    if (json_object_get(deal, "owner")) json_object_set(row, "owner", json_object_get(deal, "owner"));
    json_object_set(row, "risk_severity", top ? json_object_get(top, "severity") : json_null());
    json_t *ids = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(advice, "findings"), i, f)
        json_array_append(ids, json_object_get(f, "id"));
    json_object_set_new(row, "findings", ids);
    return row;
}

static int known_id(const dc_pipeline *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(str(p->deals[i].deal, "id"), id) == 0) return 1;
    return 0;
}

int dc_pipeline_add(dc_pipeline *p, const char *origin, json_t *input, dc_store *store,
                    json_t *errors, json_t *warnings)
{
    json_t *deal = NULL, *advice = NULL, *history = NULL;
    dc_timeline tl = {NULL, 0};
    char line[600];
    int rc = dc_coach_check(p->coach, origin, input, &deal, errors, warnings);
    if (rc) return rc;
    const char *id = str(deal, "id");
    if (known_id(p, id)) {
        snprintf(line, sizeof line, "%s: deal '%s' is already in the pipeline; this one is left out",
                 origin, id);
        json_array_append_new(errors, json_string(line));
        rc = fail(p, DC_EINPUT, "%s", line);
        goto out;
    }
    if (store && (rc = dc_timeline_read(&tl, store, id, p->day))) {
        rc = fail(p, rc, "%s", dc_store_message(store));
        goto out;
    }
    history = dc_timeline_fact(&tl, p->order, p->day);
    rc = dc_coach_advise_history(p->coach, deal, history, p->today, p->lang, warnings, &advice);
    if (rc) {
        rc = fail(p, rc, "%s: %s", origin, dc_coach_message(p->coach));
        goto out;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 32;
        dc_pipeline_deal *grown = realloc(p->deals, cap * sizeof *grown);
        size_t *sel = realloc(p->selected, cap * sizeof *sel);
        if (grown) p->deals = grown;
        if (sel) p->selected = sel;
        if (!grown || !sel) {
            rc = fail(p, DC_ENOMEM, "out of memory");
            goto out;
        }
        p->cap = cap;
    }
    json_t *row = make_row(deal, advice, history);
    if (!row) {
        rc = fail(p, DC_ENOMEM, "out of memory");
        goto out;
    }
    dc_pipeline_deal *d = &p->deals[p->n];
    d->deal = deal;
    d->advice = advice;
    d->row = row;
    d->timeline = tl;
    d->stage_order = order_of(p, str(row, "evidenced"));
    p->selected[p->n_selected++] = p->n++;
    deal = advice = NULL;
    tl.states = NULL;
    tl.n = 0;
out:
    dc_timeline_free(&tl);
    json_decref(history);
    json_decref(deal);
    json_decref(advice);
    return rc;
}

/* --- selecting and sorting ------------------------------------------------------- */

/* qsort has no context argument: each element carries its pipeline. */
typedef struct sort_item {
    const dc_pipeline *p;
    size_t i;
} sort_item;

static double number(json_t *row, const char *key, int *known)
{
    json_t *v = json_object_get(row, key);
    *known = json_is_number(v);
    return *known ? json_number_value(v) : 0;
}

/* Larger first; unknown last. */
static int by_number_desc(json_t *a, json_t *b, const char *key)
{
    int ka, kb;
    double x = number(a, key, &ka), y = number(b, key, &kb);
    if (ka != kb) return ka ? -1 : 1;
    return x > y ? -1 : x < y;
}

static int compare(const void *pa, const void *pb)
{
    const sort_item *x = pa, *y = pb;
    const dc_pipeline_deal *a = &x->p->deals[x->i], *b = &y->p->deals[y->i];
    const char *key = x->p->sort;
    int c = 0;
    if (strcmp(key, "weighted") == 0 || strcmp(key, "amount") == 0)
        c = by_number_desc(a->row, b->row, key);
    else if (strcmp(key, "win") == 0)
        c = by_number_desc(a->row, b->row, "win_probability");
    else if (strcmp(key, "days") == 0)
        c = by_number_desc(a->row, b->row, "days_in_stage");
    else if (strcmp(key, "stage") == 0)
        c = a->stage_order > b->stage_order ? -1 : a->stage_order < b->stage_order;
    else if (strcmp(key, "close") == 0) {
        const char *ca = str(a->row, "expected_close"), *cb = str(b->row, "expected_close");
        c = !*ca != !*cb ? (*ca ? -1 : 1) : strcmp(ca, cb); /* soonest first, unknown last */
    } else if (strcmp(key, "customer") == 0)
        c = strcmp(str(a->row, "customer"), str(b->row, "customer"));
    if (c == 0) c = strcmp(str(a->row, "id"), str(b->row, "id"));
    return c;
}

static int lets_through(const dc_pipeline_filter *f, const dc_pipeline_deal *d)
{
    if (f->stage && strcmp(str(d->row, "evidenced"), f->stage) != 0) return 0;
    if (f->owner && strcmp(str(d->deal, "owner"), f->owner) != 0) return 0;
    if (f->at_risk && strcmp(str(d->row, "risk_severity"), "high") != 0) return 0;
    return 1;
}

int dc_pipeline_select(dc_pipeline *p, const dc_pipeline_filter *f)
{
    const char *sort = f && f->sort ? f->sort : "weighted";
    int known = 0;
    for (int i = 0; dc_pipeline_sort_keys[i]; i++)
        if (strcmp(sort, dc_pipeline_sort_keys[i]) == 0) known = 1;
    if (!known)
        return fail(p, DC_EINPUT, "unknown sort key '%s' (one of: weighted, amount, win, close, "
                    "days, stage, id, customer)", sort);
    if (f && f->stage && order_of(p, f->stage) == -2)
        return fail(p, DC_EINPUT, "unknown stage '%s'", f->stage);
    sort_item *items = malloc((p->n + 1) * sizeof *items);
    if (!items) return fail(p, DC_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (!f || lets_through(f, &p->deals[i])) items[n++] = (sort_item){p, i};
    p->sort = sort;
    qsort(items, n, sizeof *items, compare);
    for (size_t i = 0; i < n; i++) p->selected[i] = items[i].i;
    p->n_selected = n;
    free(items);
    return DC_OK;
}

json_t *dc_pipeline_rows_json(const dc_pipeline *p)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < p->n_selected; i++)
        if (json_array_append(rows, p->deals[p->selected[i]].row)) {
            json_decref(rows);
            return NULL;
        }
    return rows;
}

/* --- the store -------------------------------------------------------------------- */

struct store_walk {
    dc_pipeline *p;
    dc_store *store;
    json_t *errors, *warnings;
    int worst; /* DC_EINPUT when a deal was refused */
};

static int add_stored(void *ctx, const char *deal_id, const char *deal_json, const char *updated_at)
{
    struct store_walk *w = ctx;
    json_t *input = json_loads(deal_json, 0, NULL);
    char origin[300];
    (void)updated_at;
    snprintf(origin, sizeof origin, "deal '%s'", deal_id);
    if (!input) {
        char line[400];
        snprintf(line, sizeof line, "%s: the store holds no JSON for it", origin);
        json_array_append_new(w->errors, json_string(line));
        w->worst = DC_EINPUT;
        return DC_OK;
    }
    int rc = dc_pipeline_add(w->p, origin, input, w->store, w->errors, w->warnings);
    json_decref(input);
    if (rc == DC_EINPUT) {
        w->worst = DC_EINPUT;
        w->p->message[0] = '\0';
        return DC_OK; /* one bad deal does not hide the others */
    }
    return rc;
}

int dc_pipeline_add_store(dc_pipeline *p, dc_store *store, json_t *errors, json_t *warnings)
{
    struct store_walk w = {p, store, errors, warnings, DC_OK};
    p->message[0] = '\0';
    int rc = dc_store_each_deal(store, add_stored, &w);
    if (rc && !p->message[0]) fail(p, rc, "%s", dc_store_message(store));
    return rc ? rc : w.worst;
}
