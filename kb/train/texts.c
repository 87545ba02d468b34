/* texts.c - what a trainer and a trainee read: the debrief of a run, the
 * report of `train --check`, the results and their CSV. Everything is
 * rendered from JSON records only, so a stored run renders the same text
 * whenever it is replayed. */
#define _POSIX_C_SOURCE 200809L
#include "scenario_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static const char *ui(const dc_catalog *cat, const char *lang, const char *key)
{
    const char *s = dc_catalog_get(cat, lang, key);
    return s ? s : key;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static long num(json_t *o, const char *key)
{
    return (long)json_integer_value(json_object_get(o, key));
}

/* Text safe for a terminal: control characters but newline become spaces. */
static void put_clean(dc_buf *b, const char *s)
{
    for (; *s; s++) {
        char c = (unsigned char)*s < 0x20 && *s != '\n' ? ' ' : *s;
        dc_buf_append(b, &c, 1);
    }
}

/* "PATH: a -> b -> c  (ANSWERS: ...)". */
static void put_path(dc_buf *b, const dc_catalog *cat, const char *lang, const char *label,
                     json_t *steps, json_t *answers, long percent)
{
    dc_buf_printf(b, "  %s: ", ui(cat, lang, label));
    size_t i;
    json_t *v;
    json_array_foreach(steps, i, v) {
        dc_buf_printf(b, "%s", i ? " -> " : "");
        put_clean(b, json_string_value(v) ? json_string_value(v) : "?");
        json_t *a = json_array_get(answers, i);
        if (json_is_string(a)) {
            dc_buf_puts(b, "(");
            put_clean(b, json_string_value(a));
            dc_buf_puts(b, ")");
        }
    }
    dc_buf_printf(b, "  %ld%%\n", percent);
}

char *dc_train_debrief(const dc_catalog *cat, json_t *run)
{
    const char *lang = str(run, "lang");
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "== %s: ", ui(cat, lang, "train.debrief"));
    put_clean(&b, str(run, "title"));
    dc_buf_puts(&b, " (");
    put_clean(&b, str(run, "trainee"));
    dc_buf_puts(&b, ")\n");
    dc_buf_printf(&b, "%s: %ld/%ld = %ld%%, %s (%s %ld%%)\n", ui(cat, lang, "train.score"),
                  num(run, "points"), num(run, "max"), num(run, "percent"),
                  ui(cat, lang, json_is_true(json_object_get(run, "passed")) ? "train.passed" : "train.failed"),
                  ui(cat, lang, "train.pass-mark"), num(run, "pass"));
    dc_buf_printf(&b, "\n%s:\n", ui(cat, lang, "train.by-area"));
    const char *area;
    json_t *a;
    json_object_foreach(json_object_get(run, "areas"), area, a) {
        char key[64];
        snprintf(key, sizeof key, "train.area.%s", area);
        if (num(a, "max") == 0) dc_buf_printf(&b, "  %s: -\n", ui(cat, lang, key));
        else dc_buf_printf(&b, "  %s: %ld/%ld\n", ui(cat, lang, key), num(a, "points"), num(a, "max"));
    }
    dc_buf_printf(&b, "\n%s:\n", ui(cat, lang, "train.step-by-step"));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(run, "verdicts"), i, v) {
        char key[64];
        snprintf(key, sizeof key, "train.area.%s", str(v, "area"));
        dc_buf_printf(&b, "\n%zu. [%s] ", i + 1, ui(cat, lang, key));
        put_clean(&b, str(v, "question"));
        dc_buf_printf(&b, "\n   %s: %s) ", ui(cat, lang, "train.you"), str(v, "answer"));
        put_clean(&b, str(v, "answer_text"));
        dc_buf_printf(&b, "  %+ld/%ld\n      ", num(v, "points"), num(v, "max"));
        put_clean(&b, str(v, "reading"));
        dc_buf_printf(&b, "\n   %s: %s) ", ui(cat, lang, json_is_true(json_object_get(v, "pinned"))
                                                      ? "train.trainer" : "train.playbook"),
                      str(v, "best"));
        put_clean(&b, str(v, "best_text"));
        dc_buf_puts(&b, "\n");
        if (*str(v, "why")) {
            dc_buf_printf(&b, "   %s:\n", ui(cat, lang, "train.why"));
            /* indent the explanation by three */
            const char *p = str(v, "why");
            while (*p) {
                size_t len = strcspn(p, "\n");
                dc_buf_puts(&b, "   ");
                char *line = strndup(p, len);
                if (line) put_clean(&b, line);
                free(line);
                dc_buf_puts(&b, "\n");
                p += len + (p[len] == '\n');
            }
        }
    }
    json_t *best = json_object_get(run, "best_path");
    json_t *answers = json_array();
    json_array_foreach(json_object_get(run, "verdicts"), i, v) json_array_append_new(answers, json_string(str(v, "answer")));
    dc_buf_puts(&b, "\n");
    put_path(&b, cat, lang, "train.path-taken", json_object_get(run, "path"), answers, num(run, "percent"));
    put_path(&b, cat, lang, "train.best-path", json_object_get(best, "steps"), json_object_get(best, "answers"),
             num(best, "percent"));
    json_decref(answers);
    return dc_buf_take(&b);
}

char *dc_train_check_text(const dc_catalog *cat, const char *lang, const char *file, json_t *r)
{
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s: %s %s (%s)\n", file, ui(cat, lang, "train.check.scenario"), str(r, "scenario"),
                  str(r, "hash"));
    dc_buf_printf(&b, "  %s: %ld, %s: %ld/%ld%s\n", ui(cat, lang, "train.check.steps"), num(r, "steps"),
                  ui(cat, lang, "train.check.branches"), num(r, "options_played"), num(r, "options"),
                  json_is_true(json_object_get(r, "truncated")) ? " (truncated)" : "");
    dc_buf_printf(&b, "  %s: %ld\n", ui(cat, lang, "train.check.paths"), num(r, "paths"));
    json_t *lo = json_object_get(r, "lowest"), *hi = json_object_get(r, "highest");
    dc_buf_printf(&b, "  %s: %ld%% .. %ld%% (%s %ld%%)\n", ui(cat, lang, "train.check.range"),
                  num(lo, "percent"), num(hi, "percent"), ui(cat, lang, "train.pass-mark"), num(r, "pass"));
    put_path(&b, cat, lang, "train.best-path", json_object_get(hi, "steps"), json_object_get(hi, "answers"),
             num(hi, "percent"));
    put_path(&b, cat, lang, "train.check.worst-path", json_object_get(lo, "steps"), json_object_get(lo, "answers"),
             num(lo, "percent"));
    json_t *rnd = json_object_get(r, "random");
    if (num(rnd, "runs"))
        dc_buf_printf(&b, "  %s: %s %ld, %ld %s: %ld%% .. %ld%%, %s %ld%%, %s %ld\n",
                      ui(cat, lang, "train.check.random"), ui(cat, lang, "train.check.seed"), num(rnd, "seed"),
                      num(rnd, "runs"), ui(cat, lang, "train.check.runs"), num(rnd, "lowest"),
                      num(rnd, "highest"), ui(cat, lang, "train.check.mean"), num(rnd, "mean"),
                      ui(cat, lang, "train.check.passed"), num(rnd, "passed"));
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(r, "warnings"), i, w) {
        dc_buf_printf(&b, "  %s: ", ui(cat, lang, "train.check.warning"));
        put_clean(&b, json_string_value(w));
        dc_buf_puts(&b, "\n");
    }
    return dc_buf_take(&b);
}

/* --- results ---------------------------------------------------------------- */

char *dc_train_results_text(const dc_catalog *cat, const char *lang, json_t *runs)
{
    dc_buf b = DC_BUF_INIT;
    json_t *by_trainee = json_object(), *best = json_object(); /* scenario -> trainee -> best */
    size_t i;
    json_t *r;
    if (!json_array_size(runs)) dc_buf_printf(&b, "%s\n", ui(cat, lang, "train.results.none"));
    json_array_foreach(runs, i, r) {
        json_t *rec = json_object_get(r, "record");
        const char *who = str(rec, "trainee");
        if (!json_object_get(by_trainee, who)) json_object_set_new(by_trainee, who, json_array());
        json_array_append(json_object_get(by_trainee, who), r);
        const char *scn = str(rec, "scenario");
        if (!json_object_get(best, scn)) json_object_set_new(best, scn, json_object());
        json_t *per = json_object_get(best, scn), *prev = json_object_get(per, who);
        if (!prev || num(rec, "percent") > num(json_object_get(prev, "record"), "percent"))
            json_object_set(per, who, r);
    }
    const char *who;
    json_t *list;
    json_object_foreach(by_trainee, who, list) {
        dc_buf_puts(&b, "== ");
        put_clean(&b, who);
        dc_buf_puts(&b, "\n");
        json_t *last = json_object(); /* scenario -> last percent: progress */
        json_array_foreach(list, i, r) {
            json_t *rec = json_object_get(r, "record");
            const char *scn = str(rec, "scenario");
            json_t *prev = json_object_get(last, scn);
            char change[32] = "";
            if (prev) snprintf(change, sizeof change, " (%+ld)", num(rec, "percent") - (long)json_integer_value(prev));
            dc_buf_printf(&b, "  #%ld  %.16s  %-28s %3ld%%%s  %s\n", num(r, "run"), str(rec, "finished"), scn,
                          num(rec, "percent"), change,
                          ui(cat, lang, json_is_true(json_object_get(rec, "passed")) ? "train.passed" : "train.failed"));
            json_object_set_new(last, scn, json_integer(num(rec, "percent")));
        }
        json_decref(last);
    }
    const char *scn;
    json_t *per;
    json_object_foreach(best, scn, per) {
        dc_buf_printf(&b, "== %s: %s\n", ui(cat, lang, "train.results.ranking"), scn);
        /* selection by best percent, then earlier run */
        size_t n = json_object_size(per), rank = 0;
        json_t *done = json_object();
        while (rank < n) {
            const char *pick = NULL, *k;
            json_t *pr = NULL, *v;
            json_object_foreach(per, k, v) {
                if (json_object_get(done, k)) continue;
                json_t *rec = json_object_get(v, "record");
                if (!pr || num(rec, "percent") > num(json_object_get(pr, "record"), "percent") ||
                    (num(rec, "percent") == num(json_object_get(pr, "record"), "percent") && num(v, "run") < num(pr, "run"))) {
                    pick = k;
                    pr = v;
                }
            }
            if (!pick) break;
            json_object_set_new(done, pick, json_true());
            rank++;
            dc_buf_printf(&b, "  %zu. ", rank);
            put_clean(&b, pick);
            dc_buf_printf(&b, "  %ld%% (#%ld)\n", num(json_object_get(pr, "record"), "percent"), num(pr, "run"));
        }
        json_decref(done);
    }
    json_decref(by_trainee);
    json_decref(best);
    return dc_buf_take(&b);
}

static void csv_field(dc_buf *b, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        dc_buf_puts(b, s);
        return;
    }
    dc_buf_puts(b, "\"");
    for (; *s; s++) {
        if (*s == '"') dc_buf_puts(b, "\"");
        dc_buf_append(b, s, 1);
    }
    dc_buf_puts(b, "\"");
}

char *dc_train_results_csv(json_t *runs)
{
    dc_buf b = DC_BUF_INIT;
    dc_buf_puts(&b, "run,trainee,scenario,hash,lang,started,finished,points,max,percent,passed,"
                    "stage,people,concern,negotiation,lifecycle,answers\r\n");
    size_t i;
    json_t *r;
    json_array_foreach(runs, i, r) {
        json_t *rec = json_object_get(r, "record");
        dc_buf_printf(&b, "%ld,", num(r, "run"));
        csv_field(&b, str(rec, "trainee"));
        dc_buf_puts(&b, ",");
        csv_field(&b, str(rec, "scenario"));
        dc_buf_printf(&b, ",%s,%s,%s,%s,%ld,%ld,%ld,%s", str(rec, "hash"), str(rec, "lang"), str(rec, "started"),
                      str(rec, "finished"), num(rec, "points"), num(rec, "max"), num(rec, "percent"),
                      json_is_true(json_object_get(rec, "passed")) ? "yes" : "no");
        static const char *const areas[] = {"stage", "people", "concern", "negotiation", "lifecycle"};
        for (int k = 0; k < 5; k++) {
            json_t *a = json_object_get(json_object_get(rec, "areas"), areas[k]);
            if (num(a, "max")) dc_buf_printf(&b, ",%ld/%ld", num(a, "points"), num(a, "max"));
            else dc_buf_puts(&b, ",");
        }
        dc_buf_puts(&b, ",");
        dc_buf c = DC_BUF_INIT;
        size_t k;
        json_t *ans;
        json_array_foreach(json_object_get(rec, "answers"), k, ans)
            dc_buf_printf(&c, "%s%s=%s@%s", k ? " " : "", str(ans, "step"), str(ans, "answer"), str(ans, "at"));
        char *cell = dc_buf_take(&c);
        csv_field(&b, cell ? cell : "");
        free(cell);
        dc_buf_puts(&b, "\r\n");
    }
    return dc_buf_take(&b);
}
