/* play.c - one playthrough of a scenario: the deal as it unfolds, the
 * trainee's answers and the playbook's verdicts, and the run record. */
#define _POSIX_C_SOURCE 200809L
#include "scenario_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrases.h"

struct dc_trainer {
    dc_coach *coach;
    const dc_scenario *sc;
    char lang[3];
    char *trainee;
    tr_judge *judge;
    json_t *deal;       /* as it stands */
    int step;           /* index of the step now, -1 at the end */
    int entered;        /* its reveal is applied */
    json_t *changes;    /* what the reveal changed */
    json_t *answers, *verdicts, *path;
    char message[1024];
};

dc_trainer *dc_trainer_new(dc_coach *c, const dc_scenario *sc, const char *lang, const char *trainee)
{
    dc_trainer *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->coach = c;
    t->sc = sc;
    snprintf(t->lang, sizeof t->lang, "%s", tr_lang(lang) == TR_ZH ? "zh" : "en");
    t->trainee = strdup(trainee && *trainee ? trainee : "trainee");
    t->judge = tr_judge_new(c, sc, t->lang);
    t->deal = json_deep_copy(sc->deal);
    t->answers = json_array();
    t->verdicts = json_array();
    t->path = json_array();
    t->changes = json_array();
    t->step = sc->n_steps ? 0 : -1;
    if (!t->trainee || !t->judge || !t->deal || !t->answers || !t->verdicts || !t->path || !t->changes) {
        dc_trainer_free(t);
        return NULL;
    }
    return t;
}

void dc_trainer_free(dc_trainer *t)
{
    if (!t) return;
    free(t->trainee);
    tr_judge_free(t->judge);
    json_decref(t->deal);
    json_decref(t->answers);
    json_decref(t->verdicts);
    json_decref(t->path);
    json_decref(t->changes);
    free(t);
}

const char *dc_trainer_message(const dc_trainer *t) { return t->message; }
json_t *dc_trainer_deal(dc_trainer *t) { return t->deal; }

/* The change records of `lines` (neutral notation: field paths, ids) in
 * the trainee's language, in place. */
static void phrase_lines(dc_trainer *t, json_t *lines)
{
    size_t i;
    json_t *v;
    json_array_foreach(lines, i, v) {
        char *text = dc_phrases_render(dc_coach_catalog(t->coach), t->lang, json_string_value(v), NULL);
        if (text) json_string_set(v, text);
        free(text);
    }
}

/* Apply the step's reveal once. */
static int enter(dc_trainer *t)
{
    if (t->entered || t->step < 0) return DC_OK;
    json_t *errors = json_array();
    json_array_clear(t->changes);
    int rc = tr_apply(dc_coach_engine(t->coach), t->deal, t->sc->steps[t->step].reveal, t->changes, errors);
    if (rc) snprintf(t->message, sizeof t->message, "%s", json_string_value(json_array_get(errors, 0)));
    else phrase_lines(t, t->changes);
    json_decref(errors);
    t->entered = rc == DC_OK;
    return rc;
}

json_t *dc_trainer_prompt(dc_trainer *t)
{
    t->message[0] = '\0';
    if (t->step < 0 || enter(t)) return NULL;
    int L = tr_lang(t->lang);
    const tr_step *st = &t->sc->steps[t->step];
    json_t *options = json_array();
    for (size_t i = 0; i < st->n_options; i++)
        json_array_append_new(options, json_pack("{ssss}", "key", st->options[i].key, "text", st->options[i].text[L]));
    json_t *p = json_pack("{ss sI ss sO ss so ss ss}", "step", st->name,
                          "number", (json_int_t)json_array_size(t->verdicts) + 1,
                          "narrative", st->narrative[L], "facts", t->changes, "question", st->question[L],
                          "options", options, "kind", tr_kind_name(st->kind), "area", st->area);
    if (p && json_array_size(t->verdicts) == 0) {
        json_object_set_new(p, "title", json_string(t->sc->title[L]));
        json_object_set_new(p, "briefing", json_string(t->sc->briefing[L]));
    }
    if (!p) snprintf(t->message, sizeof t->message, "out of memory");
    return p;
}

int dc_trainer_answer(dc_trainer *t, const char *key, const char *at, json_t **verdict)
{
    int rc;
    if (verdict) *verdict = NULL;
    t->message[0] = '\0';
    if (t->step < 0) {
        snprintf(t->message, sizeof t->message, "the scenario has ended");
        return DC_EINPUT;
    }
    if ((rc = enter(t))) return rc;
    const tr_step *st = &t->sc->steps[t->step];
    size_t o;
    for (o = 0; o < st->n_options; o++)
        if (!strcmp(st->options[o].key, key)) break;
    if (o == st->n_options) {
        snprintf(t->message, sizeof t->message, "no option '%s'", key);
        return DC_ENOTFOUND;
    }
    json_t *v = tr_judge_verdict(t->judge, st, o, t->deal);
    if (!v) {
        snprintf(t->message, sizeof t->message, "%s", *tr_judge_message(t->judge) ? tr_judge_message(t->judge) : "out of memory");
        return DC_ERUNTIME;
    }
    /* Everything is made first, then recorded together: a failure records
     * nothing, and the deal is changed only on success. */
    json_t *outcome = json_array(), *errors = json_array(), *deal = json_deep_copy(t->deal);
    json_t *answer = json_pack("{ss ss ss*}", "step", st->name, "answer", key, "at", at);
    json_t *step = json_string(st->name);
    rc = outcome && errors && deal && answer && step && !json_object_set(v, "outcome", outcome) ? DC_OK : DC_ENOMEM;
    if (rc) snprintf(t->message, sizeof t->message, "out of memory");
    else if ((rc = tr_apply(dc_coach_engine(t->coach), deal, st->options[o].then, outcome, errors)))
        snprintf(t->message, sizeof t->message, "%s", json_string_value(json_array_get(errors, 0)));
    if (!rc) phrase_lines(t, outcome);
    if (!rc && (json_array_append(t->verdicts, v) || json_array_append(t->answers, answer) ||
                json_array_append(t->path, step))) {
        rc = DC_ENOMEM;
        snprintf(t->message, sizeof t->message, "out of memory");
    }
    if (!rc) {
        json_decref(t->deal);
        t->deal = json_incref(deal);
        t->step = st->options[o].next;
        t->entered = 0;
        if (verdict) *verdict = json_incref(v);
    }
    json_decref(v);
    json_decref(outcome);
    json_decref(errors);
    json_decref(deal);
    json_decref(answer);
    json_decref(step);
    return rc;
}

int tr_percent(int points, int max)
{
    if (max <= 0 || points <= 0) return 0;
    return (int)((points * 100 + max / 2) / max);
}

json_t *dc_trainer_run(dc_trainer *t)
{
    if (t->step >= 0) return NULL;
    int points = 0, max = 0, L = tr_lang(t->lang);
    json_t *areas = json_object();
    static const char *const order[] = {"stage", "people", "concern", "negotiation", "lifecycle"};
    for (int i = 0; i < 5; i++) json_object_set_new(areas, order[i], json_pack("{sisi}", "points", 0, "max", 0));
    size_t i;
    json_t *v;
    json_array_foreach(t->verdicts, i, v) {
        int p = (int)json_integer_value(json_object_get(v, "points"));
        int m = (int)json_integer_value(json_object_get(v, "max"));
        points += p;
        max += m;
        json_t *a = json_object_get(areas, json_string_value(json_object_get(v, "area")));
        if (a) {
            json_object_set_new(a, "points", json_integer(json_integer_value(json_object_get(a, "points")) + p));
            json_object_set_new(a, "max", json_integer(json_integer_value(json_object_get(a, "max")) + m));
        }
    }
    json_t *best = tr_best_path(t->judge, t->sc, dc_coach_engine(t->coach));
    if (!best) {
        snprintf(t->message, sizeof t->message, "%s", tr_judge_message(t->judge));
        json_decref(areas);
        return NULL;
    }
    int percent = tr_percent(points, max);
    json_error_t jerr;
    json_t *run = json_pack_ex(&jerr, 0, "{ss ss ss ss ss ss sO sO sO si si si si sb so so}",
        "scenario", t->sc->id, "title", t->sc->title[L], "file", t->sc->path, "hash", t->sc->hash,
        "trainee", t->trainee, "lang", t->lang, "answers", t->answers, "verdicts", t->verdicts,
        "path", t->path, "points", points, "max", max, "percent", percent, "pass", t->sc->pass,
        "passed", percent >= t->sc->pass, "areas", areas, "best_path", best);
    if (!run) snprintf(t->message, sizeof t->message, "the run record: %s", jerr.text);
    return run;
}
