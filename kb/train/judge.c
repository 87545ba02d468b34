/* judge.c - the playbook judges a decision from the deal as it stands.
 *
 * Scoring (docs/training.md, "Scoring"): every decision is worth TR_FULL
 * (10) points.
 *   diagnosis  10 when the answer is what the rules conclude (stage
 *              evidenced, concern, grade, lifecycle risk, opening,
 *              procurement stage), else 0.
 *   action     10 the first of do_now; 7 elsewhere in do_now; 4 among the
 *              other recommended actions; 0 not recommended.
 *   tactic     10 the first tactic; 7 the second or third; 4 a later one;
 *              0 not among the tactics.
 *   warned     -5 when the option names a finding the playbook raises on
 *              the deal now (against: no-price-cut-for-doubt...), whatever
 *              else the option is.
 *   pinned     when the step says `expect`, 10 for those options, 0 for
 *              the others (still -5 when warned).
 * Until the advice carries do_now (spec §6), the first three actions by
 * priority stand in for it. */
#define _POSIX_C_SOURCE 200809L
#include "scenario_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrases.h"
#include "strbuf.h"

#define PTS_DO_NOW 7
#define PTS_LISTED 4
#define PTS_WARNED (-5)
#define TOP_N 3

struct tr_judge {
    dc_coach *coach;
    const dc_scenario *sc;
    const char *lang;
    json_t *cache;   /* deal text -> advice */
    char message[1024];
};

tr_judge *tr_judge_new(dc_coach *c, const dc_scenario *sc, const char *lang)
{
    tr_judge *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->coach = c;
    j->sc = sc;
    j->lang = tr_lang(lang) == TR_ZH ? "zh" : "en";
    if (!(j->cache = json_object())) {
        free(j);
        return NULL;
    }
    return j;
}

void tr_judge_free(tr_judge *j)
{
    if (!j) return;
    json_decref(j->cache);
    free(j);
}

const char *tr_judge_message(const tr_judge *j) { return j->message; }

json_t *tr_judge_advice(tr_judge *j, json_t *deal)
{
    char *key = json_dumps(deal, JSON_COMPACT | JSON_SORT_KEYS);
    json_t *advice = key ? json_object_get(j->cache, key) : NULL;
    if (!key) {
        snprintf(j->message, sizeof j->message, "out of memory");
        return NULL;
    }
    if (!advice) {
        json_t *warnings = json_array();
        int rc = dc_coach_advise(j->coach, deal, j->sc->today, j->lang, warnings, &advice);
        json_decref(warnings);
        if (rc) {
            snprintf(j->message, sizeof j->message, "%s", dc_coach_message(j->coach));
            free(key);
            return NULL;
        }
        json_object_set_new(j->cache, key, advice);
    }
    free(key);
    return advice;
}

/* --- what the playbook says -------------------------------------------------- */

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The rules' conclusion for a diagnosis kind, or NULL when they draw none. */
static const char *conclusion(tr_kind kind, json_t *advice)
{
    switch (kind) {
    case TR_STAGE: return str(json_object_get(advice, "stage"), "evidenced");
    case TR_CONCERN: return str(advice, "concern");
    case TR_GRADE: return str(json_object_get(advice, "opportunity"), "grade");
    case TR_RISK: return str(json_object_get(advice, "lifecycle"), "risk");
    case TR_OPENING: return str(json_object_get(advice, "opportunity"), "opening");
    case TR_PROCUREMENT:
        return str(json_object_get(json_object_get(advice, "stage"), "procurement"), "id");
    default: return NULL;
    }
}

/* The ids of do_now, or the first TOP_N actions when the advice has none. */
static json_t *do_now(json_t *advice, int *fallback)
{
    json_t *d = json_object_get(advice, "do_now");
    *fallback = !json_is_array(d);
    if (json_is_array(d)) return json_incref(d);
    json_t *out = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(advice, "actions"), i, a) {
        if (i >= TOP_N) break;
        json_array_append_new(out, json_string(str(a, "id")));
    }
    return out;
}

static long index_of(json_t *ids, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        const char *s = json_is_string(v) ? json_string_value(v) : str(v, "id");
        if (s && id && !strcmp(s, id)) return (long)i;
    }
    return -1;
}

static json_t *item_by_id(json_t *list, const char *id)
{
    long i = index_of(list, id);
    return i < 0 ? NULL : json_array_get(list, (size_t)i);
}

/* The first finding of the option's `against` the advice raises, or NULL.
 * A finding the one-voice review merged into another (advice "superseded")
 * still warns: through the finding that speaks for it. */
static json_t *warned_by(const tr_option *o, json_t *advice)
{
    json_t *findings = json_object_get(advice, "findings");
    size_t i, k;
    json_t *f, *s;
    json_array_foreach(o->against, i, f) {
        json_t *item = item_by_id(findings, json_string_value(f));
        if (item) return item;
        json_array_foreach(json_object_get(advice, "superseded"), k, s) {
            const char *id = json_string_value(json_object_get(s, "id"));
            if (id && strcmp(id, json_string_value(f)) == 0 &&
                (item = item_by_id(findings, json_string_value(json_object_get(s, "by")))))
                return item;
        }
    }
    return NULL;
}

static int pinned(const tr_step *st, const tr_option *o)
{
    return index_of(st->expect, o->key) >= 0;
}

/* Points and the reading's catalog key and its argument. */
typedef struct score {
    int points;
    const char *reading;
    char arg[256];
    int fallback;        /* do_now stood in by the first actions */
} score;

static score judge(const tr_step *st, const tr_option *o, json_t *advice, json_t *after)
{
    score s = {0, "train.reading.not-recommended", "", 0};
    json_t *warned = warned_by(o, advice);
    if (!warned && after) warned = warned_by(o, after);
    if (st->expect) {
        s.points = pinned(st, o) ? TR_FULL : 0;
        s.reading = pinned(st, o) ? "train.reading.pinned-match" : "train.reading.pinned-wrong";
    } else if (st->kind != TR_MOVE) {
        const char *c = conclusion(st->kind, advice);
        if (!c) {
            s.reading = "train.reading.no-conclusion";
        } else {
            s.points = o->id && !strcmp(o->id, c) ? TR_FULL : 0;
            s.reading = s.points ? "train.reading.match" : "train.reading.wrong";
            snprintf(s.arg, sizeof s.arg, "%s", c); /* the caller shows its label */
        }
    } else if (o->map == TR_ACTION) {
        json_t *now = do_now(advice, &s.fallback);
        long at = index_of(now, o->id);
        json_t *item = item_by_id(json_object_get(advice, "actions"), o->id);
        if (at == 0) {
            s.points = TR_FULL;
            s.reading = "train.reading.do-now-first";
        } else if (at > 0) {
            s.points = PTS_DO_NOW;
            s.reading = "train.reading.do-now";
            snprintf(s.arg, sizeof s.arg, "%ld", at + 1);
        } else if (item) {
            s.points = PTS_LISTED;
            s.reading = "train.reading.recommended";
            snprintf(s.arg, sizeof s.arg, "%lld", (long long)json_integer_value(json_object_get(item, "priority")));
        }
        json_decref(now);
    } else if (o->map == TR_TACTIC) {
        long at = index_of(json_object_get(advice, "tactics"), o->id);
        if (at == 0) {
            s.points = TR_FULL;
            s.reading = "train.reading.tactic-first";
        } else if (at > 0) {
            s.points = at < TOP_N ? PTS_DO_NOW : PTS_LISTED;
            s.reading = "train.reading.tactic-listed";
            snprintf(s.arg, sizeof s.arg, "%ld", at + 1);
        } else if (!json_array_size(json_object_get(advice, "tactics"))) {
            s.reading = "train.reading.no-tactics";
        }
    }
    if (warned) {
        s.points = PTS_WARNED;
        s.reading = "train.reading.warned";
        snprintf(s.arg, sizeof s.arg, "%s", str(warned, "text") ? str(warned, "text") : str(warned, "id"));
    }
    return s;
}

int tr_score(const tr_step *st, size_t o, json_t *advice, json_t *after, const char **reading)
{
    score s = judge(st, &st->options[o], advice, after);
    if (reading) *reading = s.reading;
    return s.points;
}

int tr_judge_concludes(const tr_step *st, json_t *advice)
{
    return st->kind == TR_MOVE || st->expect || conclusion(st->kind, advice) != NULL;
}

/* The advice on the deal after the option's outcome, when the option is
 * checked for warnings and changes the deal (borrowed from the cache);
 * NULL otherwise. *failed when the rules fail. */
static json_t *advice_after(tr_judge *j, const tr_option *o, json_t *deal, int *failed)
{
    *failed = 0;
    if (!o->against || !json_array_size(o->then)) return NULL;
    json_t *copy = json_deep_copy(deal), *errors = json_array(), *advice = NULL;
    if (!copy || !errors || tr_apply(dc_coach_engine(j->coach), copy, o->then, NULL, errors) ||
        !(advice = tr_judge_advice(j, copy))) {
        *failed = 1;
        if (!j->message[0]) snprintf(j->message, sizeof j->message, "%s",
                                     json_string_value(json_array_get(errors, 0)) ? json_string_value(json_array_get(errors, 0)) : "out of memory");
    }
    json_decref(copy);
    json_decref(errors);
    return advice;
}

int tr_judge_points(tr_judge *j, const tr_step *st, size_t o, json_t *deal, int *points)
{
    int failed;
    json_t *advice = tr_judge_advice(j, deal);
    json_t *after = advice ? advice_after(j, &st->options[o], deal, &failed) : NULL;
    if (!advice || failed) return DC_ERUNTIME;
    *points = judge(st, &st->options[o], advice, after).points;
    return DC_OK;
}

/* --- the verdict, with its reasons --------------------------------------------- */

static const char *ui(tr_judge *j, const char *key)
{
    const char *s = dc_catalog_get(dc_coach_catalog(j->coach), j->lang, key);
    return s ? s : key;
}

/* A catalog text with {1} replaced by `arg`. malloc'd. */
static char *fill(tr_judge *j, const char *key, const char *arg)
{
    dc_buf b = DC_BUF_INIT;
    for (const char *p = ui(j, key); *p; p++) {
        if (p[0] == '{' && p[1] == '1' && p[2] == '}') {
            dc_buf_puts(&b, arg);
            p += 2;
        } else {
            dc_buf_append(&b, p, 1);
        }
    }
    return dc_buf_take(&b);
}

static void append_explain(tr_judge *j, dc_buf *b, json_t *item)
{
    char *text = item ? dc_coach_explain(j->coach, j->lang, item) : NULL;
    if (text) dc_buf_puts(b, text);
    free(text);
}

/* Findings that explain each diagnosis kind, when the rules raise them. */
static const char *const kind_findings[TR_KINDS][4] = {
    {"stage-inflated", "key-node-skipped", NULL},
    {"customer-doubt", "customer-objection", "behind-at-doubt", NULL},
    {"not-worth-pursuing", "low-value-opportunity", NULL},
    {"lifecycle-high-risk", "purchase-gap", NULL},
    {"abnormal-opening", "problem-opening", NULL},
    {NULL}, {NULL}};

/* "    - LABEL: a, b" for ids, texts, or objects with an "id" (signals). */
static void list_line(dc_buf *b, const char *label, json_t *ids)
{
    if (!json_array_size(ids)) return;
    dc_buf_printf(b, "    - %s: ", label);
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
        dc_buf_printf(b, "%s%s", i ? ", " : "", json_is_string(v) ? json_string_value(v)
                      : json_string_value(json_object_get(v, "id")) ? json_string_value(json_object_get(v, "id")) : "?");
    dc_buf_puts(b, "\n");
}

static const char *deal_text(json_t *deal, const char *obj, const char *key, char buf[64])
{
    json_t *v = obj ? json_object_get(json_object_get(deal, obj), key) : json_object_get(deal, key);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) { snprintf(buf, 64, "%lld", (long long)json_integer_value(v)); return buf; }
    if (json_is_real(v)) { snprintf(buf, 64, "%g", json_real_value(v)); return buf; }
    if (json_is_boolean(v)) return json_is_true(v) ? "yes" : "no";
    return "unknown";
}

/* Why the rules conclude what they do for a diagnosis: the facts behind
 * the conclusion, then the findings that carry it (rule and reasons). */
static char *diagnosis_why(tr_judge *j, const tr_step *st, json_t *advice, json_t *deal)
{
    dc_buf b = DC_BUF_INIT;
    json_t *stage = json_object_get(advice, "stage");
    char x[64], y[64];
    dc_buf_printf(&b, "  %s:\n", ui(j, "ui.because"));
    switch (st->kind) {
    case TR_STAGE:
    case TR_PROCUREMENT: {
        const char *k;
        json_t *met;
        json_object_foreach(json_object_get(stage, "met"), k, met) list_line(&b, k, met);
        json_t *next = json_object_get(stage, "next");
        if (next) {
            char label[128];
            snprintf(label, sizeof label, "%s %s (%lld)", ui(j, "train.next-needs"), str(next, "id"),
                     (long long)json_integer_value(json_object_get(next, "needed")));
            list_line(&b, label, json_object_get(next, "missing"));
        }
        if (st->kind == TR_PROCUREMENT && json_object_get(stage, "procurement"))
            dc_buf_printf(&b, "    - procurement = %s\n", str(json_object_get(stage, "procurement"), "id"));
        break;
    }
    case TR_CONCERN:
        list_line(&b, "concern", json_object_get(advice, "concern_because"));
        list_line(&b, "signals", json_object_get(advice, "signals"));
        break;
    case TR_GRADE:
        dc_buf_printf(&b, "    - opportunity.likelihood = %s, opportunity.months_to_close = %s\n",
                      deal_text(deal, "opportunity", "likelihood", x),
                      deal_text(deal, "opportunity", "months_to_close", y));
        break;
    case TR_OPENING:
        dc_buf_printf(&b, "    - opportunity.turf = %s, opportunity.leader = %s\n",
                      deal_text(deal, "opportunity", "turf", x), deal_text(deal, "opportunity", "leader", y));
        break;
    case TR_RISK:
        dc_buf_printf(&b, "    - account.lifecycle = %s\n", deal_text(deal, "account", "lifecycle", x));
        list_line(&b, "lifecycle signals", json_object_get(json_object_get(advice, "lifecycle"), "signals"));
        break;
    default:
        break;
    }
    /* The facts above are in the rules' notation: read them in the run's
     * language, line by line (phrases.h); the explanations below already are. */
    char *facts = dc_buf_take(&b);
    dc_buf out = DC_BUF_INIT;
    dc_buf_append(&out, "", 0);
    for (char *line = facts, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end) *end = '\0';
        size_t lead = strspn(line, " ");
        if (strncmp(line + lead, "- ", 2) == 0) lead += 2; /* the list's layout stays */
        char *shown = dc_phrases_render(dc_coach_catalog(j->coach), j->lang, line + lead, NULL);
        dc_buf_printf(&out, "%.*s%s\n", (int)lead, line, shown ? shown : line + lead);
        free(shown);
        if (!end) break;
    }
    free(facts);
    for (const char *const *f = kind_findings[st->kind]; *f; f++)
        append_explain(j, &out, item_by_id(json_object_get(advice, "findings"), *f));
    return dc_buf_take(&out);
}

/* The item of the advice a move option stands for (an action, or a tactic
 * with its reasons), or NULL when the advice has none. A new reference. */
static json_t *move_item(json_t *advice, const tr_option *o)
{
    if (o->map == TR_ACTION) return json_incref(item_by_id(json_object_get(advice, "actions"), o->id));
    if (o->map == TR_TACTIC) {
        json_t *t = item_by_id(json_object_get(advice, "tactic_details"), o->id);
        if (!t) return NULL;
        json_t *copy = json_deep_copy(t);
        /* The advice carries no rule for a tactic: the playbook folds every
         * tactic reason into one ranked tactic in rule tactic-rank. */
        if (!json_object_get(copy, "rule")) json_object_set_new(copy, "rule", json_string("tactic-rank"));
        return copy;
    }
    return NULL;
}

/* The best option: the highest points, the first of equals. */
static size_t best_option(tr_judge *j, const tr_step *st, json_t *deal)
{
    size_t best = 0;
    int top = -1000, p;
    for (size_t i = 0; i < st->n_options; i++)
        if (tr_judge_points(j, st, i, deal, &p) == DC_OK && p > top) { top = p; best = i; }
    return best;
}

json_t *tr_judge_verdict(tr_judge *j, const tr_step *st, size_t o, json_t *deal)
{
    int L = tr_lang(j->lang), failed;
    const tr_option *opt = &st->options[o];
    json_t *advice = tr_judge_advice(j, deal);
    json_t *after = advice ? advice_after(j, opt, deal, &failed) : NULL;
    if (!advice || failed) return NULL;
    score s = judge(st, opt, advice, after);
    size_t best = best_option(j, st, deal);
    const tr_option *bopt = &st->options[best];
    if (st->kind != TR_MOVE && !strcmp(s.reading, "train.reading.wrong"))
        snprintf(s.arg, sizeof s.arg, "%s", dc_catalog_label(dc_coach_catalog(j->coach), j->lang, s.arg));
    char *reading = fill(j, s.reading, s.arg);
    dc_buf why = DC_BUF_INIT;
    if (st->kind != TR_MOVE) {
        char *text = diagnosis_why(j, st, advice, deal);
        if (text) dc_buf_puts(&why, text);
        free(text);
    } else {
        json_t *item = move_item(advice, bopt);
        append_explain(j, &why, item);
        json_decref(item);
        if (o != best) {
            item = move_item(advice, opt);
            append_explain(j, &why, item);
            json_decref(item);
        }
    }
    json_t *warned = warned_by(opt, advice);
    if (!warned && after) warned = warned_by(opt, after);
    if (warned) append_explain(j, &why, warned);
    if (s.fallback && st->kind == TR_MOVE && opt->map == TR_ACTION)
        dc_buf_printf(&why, "  (%s)\n", ui(j, "train.no-do-now"));
    char *why_text = dc_buf_take(&why);
    const char *conc = st->kind != TR_MOVE ? conclusion(st->kind, advice) : NULL;
    json_t *v = json_pack("{ss ss ss ss ss ss* ss si si ss ss ss* ss ss}",
        "step", st->name, "kind", tr_kind_name(st->kind), "area", st->area ? st->area : "stage",
        "question", st->question[L], "answer", opt->key, "answer_id", opt->id,
        "answer_text", opt->text[L], "points", s.points, "max", TR_FULL,
        "reading", reading ? reading : "", "best", bopt->key, "best_id", bopt->id,
        "best_text", bopt->text[L], "why", why_text ? why_text : "");
    if (v && conc) json_object_set_new(v, "playbook", json_string(conc));
    if (v && st->expect) json_object_set_new(v, "pinned", json_true());
    free(reading);
    free(why_text);
    return v;
}
