/* coach.c - the deal coaching pipeline behind one handle. */
#define _POSIX_C_SOURCE 200809L
#include "coach.h"
#include "phrases.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "advice.h"
#include "coach/source.h"
#include "deal.h"
#include "facts.h"
#include "note_facts.h"
#include "plain.h"
#include "sandbox/rules_worker.h"
#include "strbuf.h"

struct dc_coach {
    dc_engine *engine;
    dc_notes *notes;
    dc_catalog *catalog;
    json_t *rule_files;     /* every rule file loaded, in order */
    json_t *catalog_dirs;   /* every catalog directory loaded, in order */
    /* The coach's own rule files (--rules) run in a sandboxed worker; the
     * engine above holds them too, but only for reading (vocabulary, rule
     * comments, lint): it never runs them on a deal. */
    dc_rules_worker *worker;
    json_t *worker_questions; /* of the last advise through the worker */
    json_t *problems;         /* the worker's load problems, "FILE:LINE: ..." */
    json_t *worker_trace;     /* of the last advise through the worker, when tracing */
    int trace;                /* dc_coach_set_trace */
    int keep_facts;           /* dc_coach_keep_facts */
    int probing;              /* dc_coach_set_probing */
    char rules_origin[2048];  /* dc_coach_rules_origin */
    unsigned advice_plain;    /* DC_ADVICE_PLAIN_* (kb/plain.h), asked once */
    char message[2048];
};

int dc_coach_forkable(const dc_coach *c)
{
    return c && !c->worker;
}

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
    c->rule_files = json_array();
    c->catalog_dirs = json_array();
    c->problems = json_array();
    if (!c->engine || !c->notes || !c->catalog || !c->rule_files || !c->catalog_dirs || !c->problems) {
        dc_coach_free(c);
        return NULL;
    }
    /* The optimisations DEALCOACH_PLAIN switches off, asked once. */
    c->advice_plain = dc_advice_plain();
    dc_engine_set_plain(c->engine, dc_plain_engine());
    return c;
}

void dc_coach_free(dc_coach *c)
{
    if (!c) return;
    dc_engine_free(c->engine);
    dc_notes_free(c->notes);
    dc_catalog_free(c->catalog);
    json_decref(c->rule_files);
    json_decref(c->catalog_dirs);
    dc_rules_worker_free(c->worker);
    json_decref(c->worker_questions);
    json_decref(c->worker_trace);
    json_decref(c->problems);
    free(c);
}

const char *dc_coach_message(const dc_coach *c)
{
    return c->message;
}

dc_engine *dc_coach_engine(dc_coach *c) { return c->engine; }
void dc_coach_keep_facts(dc_coach *c, int on) { c->keep_facts = on; }
void dc_coach_set_probing(dc_coach *c, int on) { c->probing = on; }
const char *dc_coach_rules_origin(const dc_coach *c) { return c->rules_origin; }

void dc_coach_set_trace(dc_coach *c, int on)
{
    c->trace = on;
    dc_engine_set_trace(c->engine, on);
}

json_t *dc_coach_trace(dc_coach *c)
{
    if (c->worker) return c->worker_trace ? json_incref(c->worker_trace) : json_array();
    return dc_engine_trace(c->engine);
}
json_t *dc_coach_rule_files(dc_coach *c) { return c->rule_files; }
json_t *dc_coach_catalog_dirs(dc_coach *c) { return c->catalog_dirs; }
dc_notes *dc_coach_notes(dc_coach *c) { return c->notes; }
const dc_catalog *dc_coach_catalog(dc_coach *c) { return c->catalog; }

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Load the shipped rules: from their binary image when `image` is given
 * and matches them (engine.h), else as text. */
static int load_rules(dc_coach *c, const char *path, const char *image, const char *no_image)
{
    json_t *files = dc_source_files(path);
    if (files) json_array_extend(c->rule_files, files);
    json_decref(files);
    int rc = image ? dc_engine_load_image(c->engine, image, path) : DC_ENOTFOUND;
    if (rc == DC_OK) {
        snprintf(c->rules_origin, sizeof c->rules_origin, "the binary image %s", image);
        return DC_OK;
    }
    if (rc == DC_ENOTFOUND)
        snprintf(c->rules_origin, sizeof c->rules_origin, "the rule texts (%s)",
                 image ? dc_engine_message(c->engine) : no_image);
    rc = rc != DC_ENOTFOUND ? rc : is_directory(path) ? dc_engine_load_dir(c->engine, path)
                                                     : dc_engine_load_file(c->engine, path);
    if (rc) set_message(c, "%s", dc_engine_message(c->engine));
    return rc;
}

/* Load a catalog directory; a problem is a warning. */
static void load_catalogs(dc_coach *c, const char *dir, json_t *warnings)
{
    json_array_append_new(c->catalog_dirs, json_string(dir));
    if (dc_catalog_load_dir(c->catalog, dir) && warnings)
        json_array_append_new(warnings, json_string(dc_catalog_message(c->catalog)));
}

/* Read every file of the coach's rule paths (a directory: its *.clp in
 * name order) into texts[]. DC_OK, or DC_EIO / DC_ENOMEM with the message
 * set. *n counts the texts filled, also on failure (the caller frees). */
static int read_own_rules(dc_coach *c, char *const *extra, size_t n_extra, dc_rule_text **texts,
                          size_t *n)
{
    size_t cap = 0;
    *texts = NULL;
    *n = 0;
    for (size_t i = 0; i < n_extra; i++) {
        /* "dir/" names its files "dir/x.clp", as loading a directory does. */
        char *path = strdup(extra[i]);
        if (!path) goto nomem;
        for (size_t len = strlen(path); len > 1 && path[len - 1] == '/'; ) path[--len] = '\0';
        json_t *files = dc_source_files(path), *f;
        free(path);
        size_t k;
        if (!files) goto nomem;
        if (json_array_size(files) == 0) {
            json_decref(files);
            set_message(c, "%s: no *.clp rule files in this directory", extra[i]);
            return DC_EIO;
        }
        json_array_foreach(files, k, f) {
            dc_rule_text t = {NULL, NULL, 0};
            if (*n == cap) {
                dc_rule_text *grown = realloc(*texts, (cap = cap ? cap * 2 : 8) * sizeof *grown);
                if (!grown) { json_decref(files); goto nomem; }
                *texts = grown;
            }
            json_array_append(c->rule_files, f);
            if (!(t.path = strdup(json_string_value(f)))) { json_decref(files); goto nomem; }
            (*texts)[(*n)++] = t;
            if (dc_engine_read_rule_file(c->engine, t.path, &(*texts)[*n - 1].text, &(*texts)[*n - 1].len)) {
                json_decref(files);
                set_message(c, "%s", dc_engine_message(c->engine));
                return DC_EIO;
            }
        }
        json_decref(files);
    }
    return DC_OK;
nomem:
    set_message(c, "out of memory");
    return DC_ENOMEM;
}

/* The coach's own rules: read once; loaded and run by a sandboxed worker
 * first, and only once it has loaded them without harm, parsed here too
 * (the same bytes) for reading. */
static int load_own_rules(dc_coach *c, char *const *extra, size_t n_extra)
{
    dc_rule_text *texts;
    size_t n;
    int rc = read_own_rules(c, extra, n_extra, &texts, &n);
    if (!rc) {
        c->worker = dc_rules_worker_start(c, texts, n, &rc, c->problems, c->message, sizeof c->message);
        if (rc == DC_ERULES && json_array_size(c->problems))
            set_message(c, "%s", json_string_value(json_array_get(c->problems, 0)));
    }
    for (size_t i = 0; !rc && i < n; i++)
        if ((rc = dc_engine_load_text(c->engine, texts[i].path, texts[i].text, texts[i].len)))
            set_message(c, "%s", dc_engine_message(c->engine));
    for (size_t i = 0; i < n; i++) {
        free(texts[i].path);
        free(texts[i].text);
    }
    free(texts);
    return rc;
}

int dc_coach_load(dc_coach *c, const dc_paths *paths, char *const *extra, size_t n_extra,
                  json_t *warnings)
{
    int rc;
    /* Catalogs first: a coach's texts (DIR/messages beside their rules)
     * override the shipped ones, and load errors can be told in words. */
    dc_catalog_use_cache(c->catalog, paths->messages_cache);
    load_catalogs(c, paths->messages_dir, warnings);
    for (size_t i = 0; i < n_extra; i++) {
        char *dir = is_directory(extra[i]) ? dc_path_join(extra[i], "messages") : NULL;
        if (dir && is_directory(dir)) load_catalogs(c, dir, warnings);
        free(dir);
    }
    /* The binary image cannot take the coach's own rules, nor the probes
     * of why-not, after it: then, or when asked for the plain path, the
     * rules are parsed. */
    const char *no_image = n_extra ? "the coach's own rules are added to them"
                         : c->probing ? "why-not probes them"
                         : dc_plain("image") ? "DEALCOACH_PLAIN=image" : NULL;
    char *image = no_image ? NULL : dc_paths_rules_image(paths);
    if (!no_image && !image) return set_message(c, "out of memory"), DC_ENOMEM;
    rc = load_rules(c, paths->rules_dir, image, no_image);
    free(image);
    if (rc) return rc;
    /* Patterns before the worker is made: it needs them for notes. */
    dc_notes_use_cache(c->notes, paths->patterns_cache);
    if (dc_notes_load_dir(c->notes, paths->patterns_dir) && warnings) {
        for (size_t i = 0; i < dc_notes_problem_count(c->notes); i++)
            json_array_append_new(warnings, json_string(dc_notes_problem(c->notes, i)));
        if (dc_notes_problem_count(c->notes) == 0)
            json_array_append_new(warnings, json_string(dc_notes_message(c->notes)));
    }
    /* The learned model of notes: none built is the patterns alone. */
    int model = dc_notes_use_model(c->notes, paths->notes_model);
    if (model != DC_OK && model != DC_ENOTFOUND && warnings)
        json_array_append_new(warnings, json_sprintf("%s (the note patterns are used alone)",
                                                     dc_notes_message(c->notes)));
    return n_extra ? load_own_rules(c, extra, n_extra) : DC_OK;
}

size_t dc_coach_problem_count(const dc_coach *c)
{
    size_t n = json_array_size(c->problems);
    return n ? n : dc_engine_problem_count(c->engine);
}

const char *dc_coach_problem(const dc_coach *c, size_t i)
{
    if (json_array_size(c->problems)) return json_string_value(json_array_get(c->problems, i));
    return dc_engine_problem(c->engine, i);
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
    return dc_coach_advise_history(c, deal, NULL, today, lang, warnings, advice);
}

static int advise_here(dc_coach *c, json_t *deal, json_t *history, const char *today,
                       const char *lang, json_t *warnings, json_t **advice);

/* Through the worker; what the coach tools read after a run comes back in
 * its reply (rules_worker.h). */
static int advise_in_worker(dc_coach *c, json_t *deal, json_t *history, const char *today,
                            const char *lang, json_t *warnings, json_t **advice)
{
    json_t *reply;
    json_decref(c->worker_questions);
    json_decref(c->worker_trace);
    c->worker_trace = NULL;
    int rc = dc_rules_worker_advise(c->worker, deal, history, today, lang, c->trace, warnings, advice,
                                    &c->worker_questions, &reply, c->message, sizeof c->message);
    json_t *fired = json_object_get(reply, "fire_counts");
    if (json_is_object(fired)) dc_engine_set_fire_counts(c->engine, fired);
    if (json_is_array(json_object_get(reply, "trace")))
        c->worker_trace = json_incref(json_object_get(reply, "trace"));
    json_decref(reply);
    if (rc || !c->keep_facts) return rc;
    /* The worker advised on this deal without harm: run it here too, so
     * this engine holds its facts (why-not probes them). */
    json_t *again = NULL;
    rc = advise_here(c, deal, history, today, lang, NULL, &again);
    json_decref(again);
    if (rc) {
        json_decref(*advice);
        *advice = NULL;
    }
    return rc;
}

int dc_coach_advise_history(dc_coach *c, json_t *deal, json_t *history, const char *today,
                            const char *lang, json_t *warnings, json_t **advice)
{
    *advice = NULL;
    if (c->worker) return advise_in_worker(c, deal, history, today, lang, warnings, advice);
    return advise_here(c, deal, history, today, lang, warnings, advice);
}

static int advise_here(dc_coach *c, json_t *deal, json_t *history, const char *today,
                       const char *lang, json_t *warnings, json_t **advice)
{
    *advice = NULL;
    /* One time limit for the deal: reading its notes, then running the rules. */
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    dc_notes_set_time_limit(c->notes, DC_RUN_SECONDS);
    /* What the notes propose: listed "from the notes"; used only when the
     * deal trusts its notes (issue 13), on a copy of the deal. */
    json_t *proposals = dc_note_facts(c->notes, deal);
    int trusted = json_is_true(json_object_get(deal, "trust_notes"));
    json_t *facts_of = trusted && json_array_size(proposals) ? json_deep_copy(deal) : json_incref(deal);
    int rc = !facts_of || (!proposals && json_array_size(json_object_get(deal, "notes")))
                 ? DC_ENOMEM : DC_OK;
    if (!rc && facts_of != deal) rc = dc_note_facts_apply(facts_of, proposals);
    if (!rc) rc = dc_engine_reset(c->engine);
    if (!rc && history && dc_engine_has_template(c->engine, "deal-history"))
        rc = dc_engine_assert(c->engine, "deal-history", history);
    if (!rc) rc = dc_facts_assert_deal(c->engine, c->notes, facts_of, today, warnings);
    json_decref(facts_of);
    dc_notes_set_time_limit(c->notes, 0);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double spent = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    double left = DC_RUN_SECONDS - spent > 0.5 ? DC_RUN_SECONDS - spent : 0.5;
    if (!rc) rc = dc_engine_run(c->engine, DC_FIRING_LIMIT, left, NULL);
    if (rc) {
        set_message(c, "%s", rc == DC_ENOMEM ? "out of memory" : dc_engine_message(c->engine));
        json_decref(proposals);
        return rc;
    }
    *advice = dc_advice_build(c->engine, c->catalog, lang, deal, today, warnings, c->advice_plain);
    if (*advice && json_array_size(proposals)) {
        size_t i;
        json_t *p;
        json_array_foreach(proposals, i, p) json_object_set_new(p, "used", json_boolean(trusted));
        json_object_set(*advice, "from_notes", proposals);
    }
    json_decref(proposals);
    if (!*advice) {
        set_message(c, "out of memory");
        return DC_ENOMEM;
    }
    return DC_OK;
}

/* A question fact with its place among the facts, for a stable sort. */
typedef struct ranked_fact {
    json_t *fact;        /* borrowed from the facts array */
    json_int_t rank;
    size_t position;     /* oldest first */
} ranked_fact;

static int by_rank_then_position(const void *a, const void *b)
{
    const ranked_fact *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->position < y->position ? -1 : x->position > y->position;
}

/* The question facts that can be asked (id and field are texts: a rule may
 * assert anything, types are not checked at run time), ordered by rank,
 * equal ranks oldest first. A malloc'd array of *n items, NULL when out of
 * memory. */
static ranked_fact *askable_by_rank(json_t *facts, size_t *n)
{
    ranked_fact *r = malloc((json_array_size(facts) + 1) * sizeof *r);
    size_t i;
    json_t *f;
    *n = 0;
    if (!r) return NULL;
    json_array_foreach(facts, i, f) {
        if (!json_is_string(json_object_get(f, "id")) || !json_is_string(json_object_get(f, "field")))
            continue;
        r[*n].fact = f;
        r[*n].rank = json_integer_value(json_object_get(f, "rank"));
        r[*n].position = i;
        (*n)++;
    }
    qsort(r, *n, sizeof *r, by_rank_then_position);
    return r;
}

/* The value asked about, NULL for the field as a whole (nil, or not a text). */
static const char *question_value(json_t *fact)
{
    const char *v = json_string_value(json_object_get(fact, "value"));
    return v && strcmp(v, "nil") != 0 ? v : NULL;
}

/* Add the question of `fact` to `out` unless `seen` has its field and value.
 * Returns 0, or -1 when out of memory. */
static int add_question(json_t *out, json_t *seen, json_t *fact)
{
    const char *field = json_string_value(json_object_get(fact, "field"));
    const char *value = question_value(fact);
    dc_buf key = DC_BUF_INIT;
    /* The field's length keeps "field|value" keys apart for any texts. */
    dc_buf_printf(&key, "%zu:%s%s%s", strlen(field), field, value ? "|" : "", value ? value : "");
    char *k = dc_buf_take(&key);
    if (!k) return -1;
    int fresh = !json_object_get(seen, k);
    int rc = fresh ? json_object_set_new(seen, k, json_true()) : 0;
    free(k);
    if (rc || !fresh) return rc;
    json_t *item = json_pack("{sOss}", "id", json_object_get(fact, "id"), "field", field);
    if (!item || (value && json_object_set_new(item, "value", json_string(value)))) {
        json_decref(item);
        return -1;
    }
    return json_array_append_new(out, item);
}

json_t *dc_coach_questions(dc_coach *c)
{
    if (c->worker) return c->worker_questions ? json_deep_copy(c->worker_questions) : json_array();
    json_t *out = json_array(), *seen = json_object(), *facts = NULL;
    ranked_fact *ranked = NULL;
    size_t n = 0;
    int ok = out && seen;
    if (ok && dc_engine_has_template(c->engine, "question")) {
        ok = (facts = dc_engine_facts(c->engine, "question")) && (ranked = askable_by_rank(facts, &n));
        for (size_t i = 0; ok && i < n; i++) ok = add_question(out, seen, ranked[i].fact) == 0;
    }
    free(ranked);
    json_decref(facts);
    json_decref(seen);
    if (ok) return out;
    json_decref(out);
    return NULL;
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
    /* The rule's own comment is the coach's words, in English; another
     * language shows the catalog's rule.NAME when there is one. */
    char key[256];
    snprintf(key, sizeof key, "rule.%s", rule ? rule : "");
    const char *comment = strcmp(lang, "en") == 0 ? (rule ? dc_engine_rule_comment(c->engine, rule) : "")
                        : dc_catalog_has(c->catalog, lang, key) ? dc_catalog_get(c->catalog, lang, key) : "";
    if (comment[0]) dc_buf_printf(&t, "    %s\n", comment);
    dc_buf_printf(&t, "  %s:\n", ui(c->catalog, lang, "ui.because", "because"));
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(item, "because"), i, b) {
        char *line = dc_phrases_render(c->catalog, lang, json_string_value(b) ? json_string_value(b) : "?", NULL);
        dc_buf_printf(&t, "    - %s\n", line ? line : "?");
        free(line);
    }
    snprintf(key, sizeof key, "why.%s", id ? id : "");
    const char *why = dc_catalog_get(c->catalog, lang, key);
    if (why) dc_buf_printf(&t, "  %s: %s\n", ui(c->catalog, lang, "ui.playbook", "playbook"), why);
    return dc_buf_take(&t);
}
