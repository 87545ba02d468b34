/* funnel.c - the funnel's measures counted, judged by rules/funnel/.
 * Contract in funnel.h; the JSON shape in docs/funnel.md. */
#include "funnel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "advice.h"
#include "coach.h"
#include "plain.h"

struct dc_funnel {
    dc_engine *engine;
    char message[2048];
};

#define MAX_STAGES 16

/* What is counted per stage (stages in the funnel's order). */
typedef struct stage_count {
    char id[DC_TIMELINE_ID];
    int order;
    int open;                 /* a stage open deals sit in (not closed) */
    long deals;
    double amount, weighted;
    long reached, advanced;
    long *days;               /* the stays' lengths */
    size_t n_days, cap_days;
    long stalled;
    json_t *stalled_ids;
} stage_count;

typedef struct counts {
    stage_count st[MAX_STAGES];
    size_t n;
    long open, won, lost;
    double amount, weighted;
    int oom;
} counts;

static int fail(dc_funnel *f, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return rc;
}

dc_funnel *dc_funnel_new(void)
{
    dc_funnel *f = calloc(1, sizeof *f);
    if (f && !(f->engine = dc_engine_new())) {
        free(f);
        return NULL;
    }
    if (f) dc_engine_set_plain(f->engine, dc_plain_engine());
    return f;
}

void dc_funnel_free(dc_funnel *f)
{
    if (!f) return;
    dc_engine_free(f->engine);
    free(f);
}

const char *dc_funnel_message(const dc_funnel *f) { return f->message; }

static int load(dc_funnel *f, const char *path)
{
    struct stat st;
    int rc = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? dc_engine_load_dir(f->engine, path)
                                                          : dc_engine_load_file(f->engine, path);
    return rc ? fail(f, rc, "%s", dc_engine_message(f->engine)) : DC_OK;
}

int dc_funnel_load(dc_funnel *f, const dc_paths *paths, char *const *extra, size_t n_extra)
{
    char *schema = dc_path_join(paths->rules_dir, "00-schema.clp");
    char *dir = dc_path_join(paths->rules_dir, "funnel");
    int rc = schema && dir ? load(f, schema) : fail(f, DC_ENOMEM, "out of memory");
    if (!rc) rc = load(f, dir);
    for (size_t i = 0; !rc && i < n_extra; i++) rc = load(f, extra[i]);
    free(schema);
    free(dir);
    return rc;
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static stage_count *stage_named(counts *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->st[i].id, id) == 0) return &c->st[i];
    return NULL;
}

static int by_order(const void *a, const void *b)
{
    const stage_count *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

/* The stages of the funnel (order >= 0), in order, from the rules'
 * stage-def facts; "closed" ends the funnel and holds no open deal. */
static void set_up_stages(counts *c, json_t *order)
{
    const char *id;
    json_t *o;
    json_object_foreach(order, id, o) {
        if (json_integer_value(o) < 0 || c->n == MAX_STAGES || strlen(id) >= DC_TIMELINE_ID) continue;
        stage_count *s = &c->st[c->n++];
        snprintf(s->id, sizeof s->id, "%s", id);
        s->order = (int)json_integer_value(o);
        s->open = strcmp(id, "closed") != 0;
        s->stalled_ids = json_array();
    }
    qsort(c->st, c->n, sizeof *c->st, by_order);
}

static int has_finding(json_t *row, const char *id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(row, "findings"), i, f)
        if (strcmp(json_string_value(f), id) == 0) return 1;
    return 0;
}

static int is_open(json_t *row)
{
    const char *c = str(row, "claimed"), *e = str(row, "evidenced");
    return strcmp(c, "closed") && strcmp(c, "lost") && strcmp(e, "closed") && strcmp(e, "lost");
}

static int on_stay(void *ctx, const char *stage, long from, long to, int open)
{
    counts *c = ctx;
    stage_count *s = stage_named(c, stage);
    (void)open;
    if (!s) return DC_OK;
    if (s->n_days == s->cap_days) {
        size_t cap = s->cap_days ? 2 * s->cap_days : 16;
        long *grown = realloc(s->days, cap * sizeof *grown);
        if (!grown) {
            c->oom = 1;
            return DC_ENOMEM;
        }
        s->days = grown;
        s->cap_days = cap;
    }
    s->days[s->n_days++] = to - from;
    return DC_OK;
}

/* The highest stage order the deal reached: its history, and its stage now. */
static int peak_order(counts *c, const dc_pipeline_deal *d)
{
    int peak = d->stage_order;
    for (size_t i = 0; i < d->timeline.n; i++) {
        stage_count *s = stage_named(c, d->timeline.states[i].stage);
        if (s && s->order > peak) peak = s->order;
    }
    return peak;
}

static void count_deal(counts *c, const dc_pipeline *p, const dc_pipeline_deal *d)
{
    json_t *row = d->row;
    stage_count *s = stage_named(c, str(row, "evidenced"));
    if (is_open(row)) {
        c->open++;
        c->amount += json_number_value(json_object_get(row, "amount"));
        c->weighted += json_number_value(json_object_get(row, "weighted"));
        if (s) {
            s->deals++;
            s->amount += json_number_value(json_object_get(row, "amount"));
            s->weighted += json_number_value(json_object_get(row, "weighted"));
            if (has_finding(row, "stalled-in-stage")) {
                s->stalled++;
                json_array_append(s->stalled_ids, json_object_get(row, "id"));
            }
        }
    } else if (strcmp(str(row, "evidenced"), "closed") == 0 || strcmp(str(row, "claimed"), "closed") == 0) {
        c->won++;
    } else {
        c->lost++;
    }
    int peak = peak_order(c, d);
    for (size_t i = 0; i < c->n; i++) {
        if (c->st[i].order <= peak) c->st[i].reached++;
        if (c->st[i].order < peak) c->st[i].advanced++;
    }
    if (dc_timeline_stays(&d->timeline, dc_pipeline_day(p), on_stay, c)) c->oom = 1;
}

static int compare_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The median of the stays (the mean of the middle two, rounded down), or
 * -1 when there are none. */
static long median(stage_count *s)
{
    if (!s->n_days) return -1;
    qsort(s->days, s->n_days, sizeof *s->days, compare_long);
    size_t m = s->n_days / 2;
    return s->n_days % 2 ? s->days[m] : (s->days[m - 1] + s->days[m]) / 2;
}

static json_t *number(double v)
{
    return v == (double)(json_int_t)v ? json_integer((json_int_t)v) : json_real(v);
}

static long percent(long part, long whole)
{
    return whole ? (part * 100 + whole / 2) / whole : 0;
}

/* --- facts in -------------------------------------------------------------------- */

static int assert_new(dc_engine *e, const char *tmpl, json_t *slots)
{
    int rc = slots ? dc_engine_assert(e, tmpl, slots) : DC_ENOMEM;
    json_decref(slots);
    return rc;
}

/* The stage limits of the deal rules (80-time.clp), so both judge alike. */
static int copy_limits(dc_engine *to, dc_engine *from)
{
    if (!dc_engine_has_template(from, "stage-time-limit")) return DC_OK;
    json_t *limits = dc_engine_facts(from, "stage-time-limit");
    size_t i;
    json_t *l;
    int rc = limits ? DC_OK : DC_ENOMEM;
    json_array_foreach(limits, i, l) {
        if (rc) break;
        rc = assert_new(to, "stage-time-limit", json_pack("{sOsO}", "stage", json_object_get(l, "stage"),
                                                          "days", json_object_get(l, "days")));
    }
    json_decref(limits);
    return rc;
}

static int assert_counts(dc_engine *e, counts *c, const dc_pipeline *p)
{
    int rc = DC_OK;
    for (size_t i = 0; !rc && i < c->n; i++) {
        stage_count *s = &c->st[i];
        if (!s->open) continue;
        json_t *slots = json_pack("{ss si sI so so sI sI sI}", "stage", s->id, "order", s->order,
                                  "deals", (json_int_t)s->deals, "amount", number(s->amount),
                                  "weighted", number(s->weighted),
                                  "share", (json_int_t)percent(s->deals, c->open),
                                  "reached", (json_int_t)s->reached, "advanced", (json_int_t)s->advanced);
        if (i + 1 < c->n) json_object_set_new(slots, "next", json_string(c->st[i + 1].id));
        if (s->reached) json_object_set_new(slots, "conversion", json_integer(percent(s->advanced, s->reached)));
        long m = median(s);
        if (m >= 0) json_object_set_new(slots, "median_days", json_integer(m));
        json_object_set_new(slots, "stays", json_integer((json_int_t)s->n_days));
        json_object_set_new(slots, "stalled", json_integer(s->stalled));
        rc = assert_new(e, "funnel-stage", slots);
    }
    for (size_t i = 0; !rc && i < dc_pipeline_count(p); i++) {
        json_t *row = dc_pipeline_get(p, i)->row;
        rc = assert_new(e, "funnel-deal", json_pack("{sOsssssO}", "id", json_object_get(row, "id"),
                        "stage", str(row, "evidenced"), "open", is_open(row) ? "yes" : "no",
                        "findings", json_object_get(row, "findings")));
    }
    if (!rc)
        rc = assert_new(e, "funnel-total", json_pack("{sI so so sI sI}", "deals", (json_int_t)c->open,
                        "amount", number(c->amount), "weighted", number(c->weighted),
                        "won", (json_int_t)c->won, "lost", (json_int_t)c->lost));
    return rc;
}

/* --- the measures out -------------------------------------------------------------- */

/* A stage's value in facts of `tmpl` (stage, `slot`), or NULL. */
static json_t *stage_value(json_t *facts, const char *stage, const char *slot)
{
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f)
        if (strcmp(str(f, "stage"), stage) == 0) return json_object_get(f, slot);
    return NULL;
}

/* uniformity status of a stage: the uniformity finding about it, or ok. */
static const char *status_of(json_t *findings, const char *stage)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f) {
        const char *id = str(f, "id");
        const char *about = json_string_value(json_array_get(json_object_get(f, "about"), 0));
        if (!about || strcmp(about, stage) != 0) continue;
        if (strcmp(id, "stage-bloated") == 0) return "bloated";
        if (strcmp(id, "stage-empty") == 0) return "empty";
    }
    return "ok";
}

static json_t *measures(dc_engine *e, counts *c, json_t *findings)
{
    json_t *shape = dc_engine_facts(e, "funnel-shape"), *limits = dc_engine_facts(e, "stage-time-limit");
    json_t *cap = json_array(), *slope = json_array(), *uni = json_array(), *vel = json_array();
    for (size_t i = 0; i < c->n; i++) {
        stage_count *s = &c->st[i];
        if (i + 1 < c->n)
            json_array_append_new(slope, json_pack("{ss ss sI sI so}", "from", s->id, "to", c->st[i + 1].id,
                                  "reached", (json_int_t)s->reached, "advanced", (json_int_t)s->advanced,
                                  "conversion", s->reached ? json_integer(percent(s->advanced, s->reached))
                                                           : json_null()));
        if (!s->open) continue;
        json_array_append_new(cap, json_pack("{ss sI so so}", "stage", s->id, "deals", (json_int_t)s->deals,
                              "amount", number(s->amount), "weighted", number(s->weighted)));
        json_t *want = stage_value(shape, s->id, "share");
        json_array_append_new(uni, json_pack("{ss sI sI sO ss}", "stage", s->id, "deals", (json_int_t)s->deals,
                              "share", (json_int_t)percent(s->deals, c->open),
                              "expected", want ? want : json_null(), "status", status_of(findings, s->id)));
        long m = median(s);
        json_t *limit = stage_value(limits, s->id, "days");
        json_array_append_new(vel, json_pack("{ss so sI sO sI sO}", "stage", s->id,
                              "median_days", m >= 0 ? json_integer(m) : json_null(),
                              "stays", (json_int_t)s->n_days, "limit", limit ? limit : json_null(),
                              "stalled", (json_int_t)s->stalled, "stalled_deals", s->stalled_ids));
    }
    json_decref(shape);
    json_decref(limits);
    return json_pack("{s{sI so so sI sI so} s{so} s{so} s{so}}",
                     "capacity", "deals", (json_int_t)c->open, "amount", number(c->amount),
                     "weighted", number(c->weighted), "won", (json_int_t)c->won, "lost", (json_int_t)c->lost,
                     "stages", cap,
                     "slope", "stages", slope, "uniformity", "stages", uni, "velocity", "stages", vel);
}

int dc_funnel_run(dc_funnel *f, const dc_pipeline *p, json_t **out)
{
    counts c;
    int rc;
    *out = NULL;
    memset(&c, 0, sizeof c);
    set_up_stages(&c, dc_pipeline_stage_order(p));
    for (size_t i = 0; i < dc_pipeline_count(p); i++) count_deal(&c, p, dc_pipeline_get(p, i));
    if (c.oom) {
        rc = fail(f, DC_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = dc_engine_reset(f->engine)) ||
        (rc = copy_limits(f->engine, dc_coach_engine(dc_pipeline_coach(p)))) ||
        (rc = assert_counts(f->engine, &c, p)) ||
        (rc = dc_engine_run(f->engine, DC_FIRING_LIMIT, DC_RUN_SECONDS, NULL))) {
        fail(f, rc, "funnel rules: %s", dc_engine_message(f->engine));
        goto out;
    }
    const dc_catalog *cat = dc_coach_catalog(dc_pipeline_coach(p));
    json_t *findings = dc_advice_items(f->engine, cat, dc_pipeline_lang(p), "finding", dc_advice_plain());
    json_t *actions = dc_advice_items(f->engine, cat, dc_pipeline_lang(p), "action", dc_advice_plain());
    json_t *m = measures(f->engine, &c, findings);
    *out = json_pack("{so so so}", "funnel", m, "findings", findings, "actions", actions);
    if (!*out) rc = fail(f, DC_ENOMEM, "out of memory");
out:
    for (size_t i = 0; i < c.n; i++) {
        free(c.st[i].days);
        json_decref(c.st[i].stalled_ids);
    }
    return rc;
}
