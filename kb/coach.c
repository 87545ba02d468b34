/* coach.c - the deal coaching pipeline behind one handle. */
#define _POSIX_C_SOURCE 200809L
#include "coach.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "advice.h"
#include "deal.h"
#include "facts.h"
#include "strbuf.h"

struct dc_coach {
    dc_engine *engine;
    dc_notes *notes;
    dc_catalog *catalog;
    char message[2048];
};

static void set_message(dc_coach *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
}

dc_coach *dc_coach_new(void)
{
    dc_coach *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->engine = dc_engine_new();
    c->notes = dc_notes_new();
    c->catalog = dc_catalog_new();
    if (!c->engine || !c->notes || !c->catalog) {
        dc_coach_free(c);
        return NULL;
    }
    return c;
}

void dc_coach_free(dc_coach *c)
{
    if (!c) return;
    dc_engine_free(c->engine);
    dc_notes_free(c->notes);
    dc_catalog_free(c->catalog);
    free(c);
}

const char *dc_coach_message(const dc_coach *c)
{
    return c->message;
}

dc_engine *dc_coach_engine(dc_coach *c) { return c->engine; }
dc_notes *dc_coach_notes(dc_coach *c) { return c->notes; }
const dc_catalog *dc_coach_catalog(dc_coach *c) { return c->catalog; }

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int load_rules(dc_coach *c, const char *path)
{
    int rc = is_directory(path) ? dc_engine_load_dir(c->engine, path)
                                : dc_engine_load_file(c->engine, path);
    if (rc) set_message(c, "%s", dc_engine_message(c->engine));
    return rc;
}

int dc_coach_load(dc_coach *c, const dc_paths *paths, char *const *extra, size_t n_extra,
                  json_t *warnings)
{
    int rc;
    if ((rc = load_rules(c, paths->rules_dir))) return rc;
    for (size_t i = 0; i < n_extra; i++)
        if ((rc = load_rules(c, extra[i]))) return rc;

    if (dc_catalog_load_dir(c->catalog, paths->messages_dir) && warnings)
        json_array_append_new(warnings, json_string(dc_catalog_message(c->catalog)));
    if (dc_notes_load_dir(c->notes, paths->patterns_dir) && warnings) {
        for (size_t i = 0; i < dc_notes_problem_count(c->notes); i++)
            json_array_append_new(warnings, json_string(dc_notes_problem(c->notes, i)));
        if (dc_notes_problem_count(c->notes) == 0)
            json_array_append_new(warnings, json_string(dc_notes_message(c->notes)));
    }
    return DC_OK;
}

int dc_coach_check(dc_coach *c, const char *origin, json_t *input, json_t **deal,
                   json_t *errors, json_t *warnings)
{
    int rc = dc_deal_check(c->engine, origin, input, deal, errors, warnings);
    if (rc) set_message(c, "%s", json_string_value(json_array_get(errors, 0)));
    return rc;
}

int dc_coach_advise(dc_coach *c, json_t *deal, const char *today, const char *lang,
                    json_t *warnings, json_t **advice)
{
    *advice = NULL;
    int rc = dc_engine_reset(c->engine);
    if (!rc) rc = dc_facts_assert_deal(c->engine, c->notes, deal, today, warnings);
    if (!rc) rc = dc_engine_run(c->engine, DC_FIRING_LIMIT, DC_RUN_SECONDS, NULL);
    if (rc) {
        set_message(c, "%s", dc_engine_message(c->engine));
        return rc;
    }
    *advice = dc_advice_build(c->engine, c->catalog, lang, deal, today, warnings);
    if (!*advice) {
        set_message(c, "out of memory");
        return DC_ENOMEM;
    }
    return DC_OK;
}

json_t *dc_coach_questions(dc_coach *c)
{
    json_t *out = json_array();
    if (!dc_engine_has_template(c->engine, "question")) return out;
    json_t *facts = dc_engine_facts(c->engine, "question");
    /* A few dozen at most: selection by rank is fine. */
    size_t n = json_array_size(facts);
    char *taken = calloc(n + 1, 1);
    for (size_t round = 0; taken && round < n; round++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            if (taken[i]) continue;
            json_int_t r = json_integer_value(json_object_get(json_array_get(facts, i), "rank"));
            if (best == n || r < json_integer_value(json_object_get(json_array_get(facts, best), "rank")))
                best = i;
        }
        taken[best] = 1;
        json_t *f = json_array_get(facts, best);
        const char *field = json_string_value(json_object_get(f, "field"));
        const char *value = json_string_value(json_object_get(f, "value"));
        int dup = 0;
        size_t k;
        json_t *q;
        json_array_foreach(out, k, q) {
            const char *qv = json_string_value(json_object_get(q, "value"));
            if (strcmp(json_string_value(json_object_get(q, "field")), field) == 0 &&
                ((!qv && (!value || strcmp(value, "nil") == 0)) || (qv && value && strcmp(qv, value) == 0)))
                dup = 1;
        }
        if (dup) continue;
        json_t *item = json_pack("{sOss}", "id", json_object_get(f, "id"), "field", field);
        if (value && strcmp(value, "nil") != 0) json_object_set_new(item, "value", json_string(value));
        json_array_append_new(out, item);
    }
    free(taken);
    json_decref(facts);
    return out;
}

/* --- explanations ------------------------------------------------------------------ */

static const char *ui(const dc_catalog *cat, const char *lang, const char *key, const char *fallback)
{
    const char *s = dc_catalog_get(cat, lang, key);
    return s ? s : fallback;
}

char *dc_coach_explain(dc_coach *c, const char *lang, json_t *item)
{
    dc_buf t = DC_BUF_INIT;
    const char *id = json_string_value(json_object_get(item, "id"));
    const char *rule = json_string_value(json_object_get(item, "rule"));
    dc_buf_printf(&t, "%s\n", json_string_value(json_object_get(item, "text")));
    dc_buf_printf(&t, "  %s: %s\n", ui(c->catalog, lang, "ui.rule", "rule"), rule ? rule : "?");
    const char *comment = rule ? dc_engine_rule_comment(c->engine, rule) : "";
    if (comment[0]) dc_buf_printf(&t, "    %s\n", comment);
    dc_buf_printf(&t, "  %s:\n", ui(c->catalog, lang, "ui.because", "because"));
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(item, "because"), i, b)
        dc_buf_printf(&t, "    - %s\n", json_string_value(b));
    char key[256];
    snprintf(key, sizeof key, "why.%s", id ? id : "");
    const char *why = dc_catalog_get(c->catalog, lang, key);
    if (why) dc_buf_printf(&t, "  %s: %s\n", ui(c->catalog, lang, "ui.playbook", "playbook"), why);
    return dc_buf_take(&t);
}
