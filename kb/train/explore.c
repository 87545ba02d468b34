/* explore.c - play a scenario every way it can be played: every option of
 * every step (branch coverage), the lowest and highest reachable score,
 * the best path, and seeded random playthroughs. Advice is cached by the
 * deal's content, so the rules run once per distinct deal, not per path. */
#define _POSIX_C_SOURCE 200809L
#include "scenario_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define PATH_CAP 20000   /* paths enumerated at most; the report says when cut */

typedef struct end {
    int found;
    int points, max, percent;
    size_t n;
    int steps[64];
    size_t opts[64];
} end;

typedef struct explorer {
    tr_judge *j;
    const dc_scenario *sc;
    dc_engine *vocab;
    size_t paths;
    int truncated;
    int failed;
    size_t depth;
    int steps[64];
    size_t opts[64];
    int points, max;
    end best, worst;
    unsigned char *played;   /* [step * 26 + option] */
    int *first_points;       /* per step: points of option 0 at the first visit... */
    unsigned char *differs;  /* per step: options scored differently at some visit */
    unsigned char *unjudged; /* per step: a visit where the playbook drew no conclusion */
    unsigned char *visited;
} explorer;

static int better(const end *a, int percent, int points, size_t n)
{
    if (!a->found) return 1;
    if (percent != a->percent) return percent > a->percent;
    if (points != a->points) return points > a->points;
    return n < a->n;
}

static int worse(const end *a, int percent, int points, size_t n)
{
    if (!a->found) return 1;
    if (percent != a->percent) return percent < a->percent;
    if (points != a->points) return points < a->points;
    return n < a->n;
}

static void keep(explorer *x, end *e)
{
    e->found = 1;
    e->points = x->points;
    e->max = x->max;
    e->percent = tr_percent(x->points, x->max);
    e->n = x->depth;
    memcpy(e->steps, x->steps, x->depth * sizeof *x->steps);
    memcpy(e->opts, x->opts, x->depth * sizeof *x->opts);
}

static void walk(explorer *x, int s, json_t *deal_in)
{
    if (x->failed || x->truncated || x->depth >= 64) return;
    const tr_step *st = &x->sc->steps[s];
    json_t *deal = json_deep_copy(deal_in), *errors = json_array();
    if (!deal || !errors || tr_apply(x->vocab, deal, st->reveal, NULL, errors)) goto fail;
    json_t *advice = tr_judge_advice(x->j, deal);
    if (!advice) goto fail;
    x->visited[s] = 1;
    if (!tr_judge_concludes(st, advice)) x->unjudged[s] = 1;
    int first = 0;
    for (size_t o = 0; o < st->n_options && !x->failed && !x->truncated; o++) {
        int p = 0;
        if (tr_judge_points(x->j, st, o, deal, &p)) goto fail;
        if (o == 0) first = p;
        else if (p != first) x->differs[s] = 1;
        x->played[(size_t)s * 26 + o] = 1;
        json_t *next = json_deep_copy(deal);
        if (!next || tr_apply(x->vocab, next, st->options[o].then, NULL, errors)) {
            json_decref(next);
            goto fail;
        }
        x->steps[x->depth] = s;
        x->opts[x->depth] = o;
        x->depth++;
        x->points += p;
        x->max += TR_FULL;
        if (st->options[o].next < 0) {
            if (++x->paths > PATH_CAP) x->truncated = 1;
            int percent = tr_percent(x->points, x->max);
            if (better(&x->best, percent, x->points, x->depth)) keep(x, &x->best);
            if (worse(&x->worst, percent, x->points, x->depth)) keep(x, &x->worst);
        } else {
            walk(x, st->options[o].next, next);
        }
        x->depth--;
        x->points -= p;
        x->max -= TR_FULL;
        json_decref(next);
    }
    json_decref(deal);
    json_decref(errors);
    return;
fail:
    x->failed = 1;
    json_decref(deal);
    json_decref(errors);
}

static int explore_all(explorer *x, tr_judge *j, const dc_scenario *sc, dc_engine *vocab)
{
    memset(x, 0, sizeof *x);
    x->j = j;
    x->sc = sc;
    x->vocab = vocab;
    x->played = calloc(sc->n_steps * 26 + 1, 1);
    x->differs = calloc(sc->n_steps + 1, 1);
    x->unjudged = calloc(sc->n_steps + 1, 1);
    x->visited = calloc(sc->n_steps + 1, 1);
    if (!x->played || !x->differs || !x->unjudged || !x->visited) return DC_ENOMEM;
    if (sc->n_steps) walk(x, 0, sc->deal);
    return x->failed ? DC_ERUNTIME : DC_OK;
}

static void explorer_free(explorer *x)
{
    free(x->played);
    free(x->differs);
    free(x->unjudged);
    free(x->visited);
}

static json_t *end_json(const dc_scenario *sc, const end *e)
{
    json_t *steps = json_array(), *answers = json_array();
    for (size_t i = 0; i < e->n; i++) {
        const tr_step *st = &sc->steps[e->steps[i]];
        json_array_append_new(steps, json_string(st->name));
        json_array_append_new(answers, json_string(st->options[e->opts[i]].key));
    }
    return json_pack("{sososisisi}", "steps", steps, "answers", answers, "points", e->points,
                     "max", e->max, "percent", e->percent);
}

json_t *tr_best_path(tr_judge *j, const dc_scenario *sc, dc_engine *vocab)
{
    explorer x;
    json_t *out = NULL;
    if (explore_all(&x, j, sc, vocab) == DC_OK && x.best.found) out = end_json(sc, &x.best);
    explorer_free(&x);
    return out;
}

/* xorshift64*: the same seed gives the same playthroughs everywhere. */
static unsigned long long next_random(unsigned long long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* One random playthrough: its percent, or -1 on failure. */
static int random_run(tr_judge *j, const dc_scenario *sc, dc_engine *vocab, unsigned long long *seed)
{
    json_t *deal = json_deep_copy(sc->deal), *errors = json_array();
    int s = 0, points = 0, max = 0, ok = deal && errors;
    while (ok && s >= 0) {
        const tr_step *st = &sc->steps[s];
        size_t o = (size_t)(next_random(seed) % st->n_options);
        int p = 0;
        ok = tr_apply(vocab, deal, st->reveal, NULL, errors) == DC_OK &&
             tr_judge_points(j, st, o, deal, &p) == DC_OK &&
             tr_apply(vocab, deal, st->options[o].then, NULL, errors) == DC_OK;
        points += p;
        max += TR_FULL;
        s = st->options[o].next;
    }
    json_decref(deal);
    json_decref(errors);
    return ok ? tr_percent(points, max) : -1;
}

static void warn(json_t *warnings, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(json_t *warnings, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    json_array_append_new(warnings, json_string(line));
}

int dc_scenario_explore(dc_coach *c, const dc_scenario *sc, const char *lang,
                        unsigned long seed, size_t runs, json_t **report, char **message)
{
    explorer x;
    tr_judge *j = tr_judge_new(c, sc, lang);
    int rc = j ? explore_all(&x, j, sc, dc_coach_engine(c)) : DC_ENOMEM;
    *report = NULL;
    *message = NULL;
    if (rc) {
        *message = strdup(j ? tr_judge_message(j) : "out of memory");
        if (j) explorer_free(&x);
        tr_judge_free(j);
        return rc;
    }
    size_t options = 0, played = 0, decisions = 0;
    json_t *warnings = json_array();
    int any_differs = 0;
    for (size_t s = 0; s < sc->n_steps; s++) {
        const tr_step *st = &sc->steps[s];
        decisions++;
        for (size_t o = 0; o < st->n_options; o++) {
            options++;
            played += x.played[s * 26 + o];
        }
        any_differs |= x.differs[s];
        if (x.visited[s] && !x.differs[s])
            warn(warnings, "%s: step %s: every answer scores the same on every path that reaches it",
                 st->pos, st->name);
        if (x.unjudged[s])
            warn(warnings, "%s: step %s: the playbook draws no %s conclusion on some path here "
                 "(pin the answer with 'expect', or reveal the facts the rules need)",
                 st->pos, st->name, tr_kind_name(st->kind));
    }
    if (x.best.found && x.best.percent < sc->pass)
        warn(warnings, "%s: no one can pass: the highest reachable score is %d%% (pass mark %d%%)",
             sc->path, x.best.percent, sc->pass);
    if (!any_differs || (x.best.found && x.best.percent == x.worst.percent))
        warn(warnings, "%s: every answer scores the same: whatever the trainee chooses, the score is %d%%",
             sc->path, x.best.percent);
    if (x.truncated)
        warn(warnings, "%s: more than %d paths: the scores cover the first %d only", sc->path, PATH_CAP, PATH_CAP);

    unsigned long long state = seed ? seed : 0x9E3779B97F4A7C15ULL;
    int lo = 101, hi = -1, passed = 0;
    long sum = 0;
    for (size_t r = 0; r < runs; r++) {
        int p = random_run(j, sc, dc_coach_engine(c), &state);
        if (p < 0) { rc = DC_ERUNTIME; break; }
        lo = p < lo ? p : lo;
        hi = p > hi ? p : hi;
        sum += p;
        passed += p >= sc->pass;
    }
    if (rc) {
        *message = strdup(tr_judge_message(j));
        json_decref(warnings);
    } else {
        json_t *random = json_pack("{sIsI}", "seed", (json_int_t)seed, "runs", (json_int_t)runs);
        if (runs) {
            json_object_set_new(random, "lowest", json_integer(lo));
            json_object_set_new(random, "highest", json_integer(hi));
            json_object_set_new(random, "mean", json_integer((json_int_t)(sum / (long)runs)));
            json_object_set_new(random, "passed", json_integer(passed));
        }
        *report = json_pack("{ss ss si si sI sI sI sb so so so si so}",
            "scenario", sc->id, "hash", sc->hash, "steps", (int)sc->n_steps, "decisions", (int)decisions,
            "options", (json_int_t)options, "options_played", (json_int_t)played,
            "paths", (json_int_t)(x.paths > PATH_CAP ? PATH_CAP : x.paths), "truncated", x.truncated,
            "lowest", end_json(sc, &x.worst), "highest", end_json(sc, &x.best),
            "random", random, "pass", sc->pass, "warnings", warnings);
        if (!*report) rc = DC_ENOMEM;
    }
    explorer_free(&x);
    tr_judge_free(j);
    return rc;
}
