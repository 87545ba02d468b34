/* lint.c - checks of a playbook without a deal (see lint.h). */
#define _POSIX_C_SOURCE 200809L
#include "lint.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "paths.h"
#include "source.h"
#include "playbook.h"
#include "strbuf.h"

static const char *const languages[] = {"en", "zh", NULL};

typedef struct linter {
    dc_coach *coach;
    dc_playbook *pb;
    dc_playbook *funnel;  /* rules/funnel/ (kb/pipeline/funnel.h), read for what it asserts */
    json_t *problems;
    json_t *texts;        /* catalog key -> {"LANG": true, "file", "line"} */
    const char *lang;     /* of the messages */
} linter;

/* A problem, its message the catalog's lint.KEY in the linter's language
 * with {1}.. from the NULL-terminated strings after `english` (the text
 * when no catalog has the key). */
static void report(linter *l, const char *file, long line, const char *severity, const char *check,
                   const char *key, const char *english, ...)
{
    const char *args[9];
    size_t n = 0;
    va_list ap;
    va_start(ap, english);
    for (const char *a; n < 9 && (a = va_arg(ap, const char *));) args[n++] = a;
    va_end(ap);
    char name[96];
    snprintf(name, sizeof name, "lint.%s", key);
    char *message = dc_catalog_fill(dc_coach_catalog(l->coach), l->lang, name, english, args, n);
    json_array_append_new(l->problems, json_pack("{sssIssssss}", "file", dc_source_shown_path(file), "line", (json_int_t)line,
                                                 "severity", severity, "check", check,
                                                 "message", message ? message : english));
    free(message);
}

/* A kind of advice item (finding, action, tactic) in the linter's language. */
static const char *kind_word(linter *l, const char *kind)
{
    char key[64];
    snprintf(key, sizeof key, "kind.%s", kind);
    return dc_catalog_get_or(dc_coach_catalog(l->coach), l->lang, key, kind);
}

/* %g and %ld as text, for report's arguments. */
typedef struct number { char s[32]; } number;
static number num(double v) { number n; snprintf(n.s, sizeof n.s, "%g", v); return n; }
static number whole(long v) { number n; snprintf(n.s, sizeof n.s, "%ld", v); return n; }

/* --- catalogs, read for their lines ----------------------------------------------- */

static void read_catalog(linter *l, const char *path, const char *lang)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    while (f && getline(&line, &cap, f) != -1) {
        lineno++;
        char *t = line + strspn(line, " \t");
        char *eq = strstr(t, " = ");
        if (*t == '#' || !eq) continue;
        while (eq > t && (eq[-1] == ' ' || eq[-1] == '\t')) eq--;
        *eq = '\0';
        json_t *entry = json_object_get(l->texts, t);
        if (!entry) {
            entry = json_pack("{sssI}", "file", path, "line", (json_int_t)lineno);
            json_object_set_new(l->texts, t, entry);
        }
        json_object_set_new(entry, lang, json_true());
    }
    free(line);
    if (f) fclose(f);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_catalogs(linter *l, const char *dir)
{
    DIR *d = opendir(dir);
    char *names[512];
    size_t n = 0;
    struct dirent *ent;
    char lang[8];
    while (d && (ent = readdir(d)) && n < sizeof names / sizeof *names)
        if (ent->d_name[0] != '.' && dc_catalog_lang_of(ent->d_name, lang, sizeof lang))
            if ((names[n] = strdup(ent->d_name))) n++;
    if (d) closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        dc_buf b = DC_BUF_INIT;
        dc_buf_printf(&b, "%s/%s", dir, names[i]);
        char *path = dc_buf_take(&b);
        dc_catalog_lang_of(names[i], lang, sizeof lang);
        if (path) read_catalog(l, path, lang);
        free(path);
        free(names[i]);
    }
}

static int has_text(linter *l, const char *kind, const char *id, const char *lang)
{
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s.%s", kind, id);
    char *key = dc_buf_take(&b);
    int has = key && json_object_get(json_object_get(l->texts, key), lang) != NULL;
    free(key);
    return has;
}

/* --- the checks ---------------------------------------------------------------------- */

/* no-text, no-rank, no-severity, severity-conflict */
static void check_emits(linter *l)
{
    json_t *seen = json_object(), *severities = json_object();
    for (size_t i = 0; i < dc_playbook_emit_count(l->pb); i++) {
        const dc_pb_emit *e = dc_playbook_emit(l->pb, i);
        if (strcmp(e->kind, "action") == 0 && !e->has_rank)
            report(l, e->file, e->line, "warning", "no-rank", "no-rank",
                   "action {1} is asserted without a rank: it sorts as 50, among proposal and "
                   "follow-up actions (docs/priorities.md)", e->id, NULL);
        if (strcmp(e->kind, "finding") == 0 && !e->has_severity)
            report(l, e->file, e->line, "warning", "no-severity", "no-severity",
                   "finding {1} is asserted without a severity", e->id, NULL);
        if (strchr(e->id, '*')) continue;
        if (strcmp(e->kind, "finding") == 0 && e->severity) {
            json_t *first = json_object_get(severities, e->id);
            if (!first) {
                json_object_set_new(severities, e->id, json_pack("{ssss}", "severity", e->severity,
                                                                 "rule", e->rule));
            } else if (strcmp(json_string_value(json_object_get(first, "severity")), e->severity) != 0 &&
                       strcmp(json_string_value(json_object_get(first, "rule")), e->rule) != 0) {
                report(l, e->file, e->line, "warning", "severity-conflict", "severity-conflict",
                       "finding {1} is {2} here but {3} in rule {4}", e->id, e->severity,
                       json_string_value(json_object_get(first, "severity")),
                       json_string_value(json_object_get(first, "rule")), NULL);
            }
        }
        dc_buf b = DC_BUF_INIT;
        dc_buf_printf(&b, "%s.%s", e->kind, e->id);
        char *key = dc_buf_take(&b);
        if (!key || json_object_get(seen, key)) {
            free(key);
            continue;
        }
        json_object_set_new(seen, key, json_true());
        if (e->has_text) { /* its own text: no catalog needed */
            free(key);
            continue;
        }
        int missing = 0;
        const char *lacking = NULL;
        for (int k = 0; languages[k]; k++)
            if (!has_text(l, e->kind, e->id, languages[k])) {
                missing++;
                lacking = languages[k];
            }
        if (missing == 2)
            report(l, e->file, e->line, "error", "no-text", "no-text",
                   "{1} {2} has no text in any language: add '{3} = ...' to a catalog "
                   "(messages/AREA.en.txt and AREA.zh.txt); the report would show the raw id",
                   kind_word(l, e->kind), e->id, key, NULL);
        else if (missing == 1)
            report(l, e->file, e->line, "warning", "no-text", "no-text-in",
                   "{1} {2} has no {3} text: add '{4} = ...' to a {3} catalog (the English text "
                   "is shown, marked)", kind_word(l, e->kind), e->id, lacking, key, NULL);
        free(key);
    }
    json_decref(seen);
    json_decref(severities);
}

static int emits(const dc_playbook *pb, const char *kind, const char *id)
{
    for (size_t i = 0; pb && i < dc_playbook_emit_count(pb); i++) {
        const dc_pb_emit *e = dc_playbook_emit(pb, i);
        if ((!kind || strcmp(e->kind, kind) == 0) && dc_glob_match(e->id, id)) return 1;
    }
    return 0;
}

/* Can any rule assert `kind` (or any kind, for NULL) `id`? The funnel
 * rules' findings and actions share the catalogs, so they count too. */
static int can_emit(linter *l, const char *kind, const char *id)
{
    return emits(l->pb, kind, id) || emits(l->funnel, kind, id);
}

/* The shipped funnel rules (rules/funnel/: a pass of their own over many
 * deals), or NULL when there are none. */
static dc_playbook *read_funnel_rules(dc_coach *c)
{
    dc_paths paths;
    dc_playbook *pb = NULL;
    if (dc_paths_find(&paths) != DC_OK) return NULL;
    char *dir = dc_path_join(paths.rules_dir, "funnel");
    json_t *files = dir ? dc_source_files(dir) : NULL;
    if (json_array_size(files)) pb = dc_playbook_read(files, dc_coach_engine(c));
    json_decref(files);
    free(dir);
    dc_paths_free(&paths);
    return pb;
}

/* unused-text */
static void check_unused_texts(linter *l)
{
    static const char *const kinds[] = {"finding", "action", "tactic", "why", NULL};
    const char *key;
    json_t *entry;
    json_object_foreach(l->texts, key, entry) {
        for (int k = 0; kinds[k]; k++) {
            size_t n = strlen(kinds[k]);
            if (strncmp(key, kinds[k], n) != 0 || key[n] != '.') continue;
            const char *id = key + n + 1;
            int why = strcmp(kinds[k], "why") == 0;
            if (can_emit(l, why ? NULL : kinds[k], id)) continue;
            report(l, json_string_value(json_object_get(entry, "file")),
                   (long)json_integer_value(json_object_get(entry, "line")), "warning", "unused-text",
                   why ? "unused-why" : "unused-text",
                   why ? "{1}: no rule can assert a finding or action {2} (a typo in the id, or a rule removed?)"
                       : "{1}: no rule can assert {3} {2} (a typo in the id, or a rule removed?)",
                   key, id, kind_word(l, kinds[k]), NULL);
        }
    }
}

/* no-doc, never-asserted */
static void check_rules(linter *l)
{
    for (size_t i = 0; i < dc_playbook_rule_count(l->pb); i++) {
        const dc_pb_rule *r = dc_playbook_rule(l->pb, i);
        if (!r->r.comment && !r->r.form->commented)
            report(l, r->src->path, r->r.form->line, "warning", "no-doc", "no-doc",
                   "rule {1} has no documentation comment: say what it concludes and from which "
                   "playbook section (a string after its name)", r->r.name, NULL);
        json_t *templates = json_array();
        for (size_t c = 0; c < r->r.n_lhs; c++) {
            json_array_clear(templates);
            dc_pb_condition_templates(r->r.lhs[c], templates);
            size_t k;
            json_t *t;
            json_array_foreach(templates, k, t) {
                const char *name = json_string_value(t);
                int input = strcmp(name, "initial-fact") == 0;
                for (int j = 0; dc_facts_input_templates[j]; j++)
                    if (strcmp(dc_facts_input_templates[j], name) == 0) input = 1;
                if (input || dc_playbook_asserts(l->pb, name)) continue;
                int negated = strcmp(dc_sx_head(r->r.lhs[c]), "not") == 0;
                report(l, r->src->path, r->r.lhs[c]->line, negated ? "warning" : "error",
                       "never-asserted", negated ? "never-asserted-not" : "never-asserted",
                       negated ? "rule {1} matches {2} facts, but no rule, deffacts or deal asserts any "
                                 "(so this 'not' always holds)"
                               : "rule {1} matches {2} facts, but no rule, deffacts or deal asserts any: "
                                 "it can never fire",
                       r->r.name, name, NULL);
            }
        }
        json_decref(templates);
    }
}

/* The salience bands documented in a header: the numbers of the lines
 * after ";;; Rule layers, by salience:". A new JSON array of integers. */
static json_t *documented_bands(linter *l, const char **where)
{
    json_t *bands = json_array();
    *where = NULL;
    for (size_t s = 0; s < dc_playbook_source_count(l->pb); s++) {
        const dc_source *src = dc_playbook_source(l->pb, s);
        const char *p = strstr(src->text, "Rule layers, by salience:");
        if (!p) continue;
        *where = src->path;
        for (p = strchr(p, '\n'); p && strncmp(p + 1, ";;;", 3) == 0; p = strchr(p + 1, '\n')) {
            char *end;
            long v = strtol(p + 4, &end, 10);
            if (end == p + 4) break;
            json_array_append_new(bands, json_integer(v));
        }
    }
    return bands;
}

/* salience-band */
static void check_salience(linter *l)
{
    const char *where;
    json_t *bands = documented_bands(l, &where);
    char list[256] = "";
    size_t k;
    json_t *b;
    json_array_foreach(bands, k, b)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%" JSON_INTEGER_FORMAT,
                 k ? ", " : "", json_integer_value(b));
    for (size_t i = 0; where && i < dc_playbook_rule_count(l->pb); i++) {
        const dc_pb_rule *r = dc_playbook_rule(l->pb, i);
        long s = r->r.salience;
        int ok = 0;
        json_array_foreach(bands, k, b) ok |= json_integer_value(b) == s;
        if (!ok)
            report(l, r->src->path, r->r.has_salience ? r->r.salience_line : r->r.form->line, "warning",
                   "salience-band", "salience-band",
                   "rule {1} has salience {2}, outside the documented layers ({3}; see {4})", r->r.name,
                   whole(s).s, list, dc_source_shown_path(where), NULL);
    }
    json_decref(bands);
}

/* A deftemplate's slots, as {name: type}: the first word of (type ...). */
static json_t *template_slots(const dc_sx *form)
{
    json_t *slots = json_object();
    for (size_t i = 2; i < form->n; i++) {
        const dc_sx *slot = &form->items[i];
        if (strcmp(dc_sx_head(slot), "slot") && strcmp(dc_sx_head(slot), "multislot")) continue;
        if (slot->n < 2 || slot->items[1].type != DC_SX_ATOM) continue;
        const char *type = "";
        for (size_t j = 2; j < slot->n; j++)
            if (strcmp(dc_sx_head(&slot->items[j]), "type") == 0 && slot->items[j].n > 1)
                type = slot->items[j].items[1].text;
        json_object_set_new(slots, slot->items[1].text, json_string(type));
    }
    return slots;
}

/* The number in slot `name` of a fact form, into *v; 0 if absent. */
static int fact_number(const dc_sx *fact, const char *name, double *v)
{
    for (size_t i = 1; i < fact->n; i++) {
        const dc_sx *slot = &fact->items[i];
        if (strcmp(dc_sx_head(slot), name) == 0 && slot->n == 2 && slot->items[1].type == DC_SX_ATOM) {
            char *end;
            *v = strtod(slot->items[1].text, &end);
            return *end == '\0';
        }
    }
    return 0;
}

typedef struct band { double lo, hi; long line; const char *file; } band;

static int by_low(const void *a, const void *b)
{
    const band *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* threshold-gap, threshold-overlap: the bands of one table template. */
static void check_table(linter *l, const char *tmpl, const char *lo, const char *hi, int integer)
{
    band bands[256];
    size_t n = 0;
    for (size_t s = 0; s < dc_playbook_source_count(l->pb); s++) {
        const dc_source *src = dc_playbook_source(l->pb, s);
        for (size_t f = 0; f < src->n_forms; f++) {
            const dc_sx *form = &src->forms[f];
            if (strcmp(dc_sx_head(form), "deffacts")) continue;
            for (size_t k = 2; k < form->n && n < sizeof bands / sizeof *bands; k++) {
                const dc_sx *fact = &form->items[k];
                if (strcmp(dc_sx_head(fact), tmpl) != 0) continue;
                if (!fact_number(fact, lo, &bands[n].lo) || !fact_number(fact, hi, &bands[n].hi)) continue;
                bands[n].line = fact->line;
                bands[n].file = src->path;
                n++;
            }
        }
    }
    qsort(bands, n, sizeof *bands, by_low);
    for (size_t i = 1; i < n; i++) {
        const band *a = &bands[i - 1], *b = &bands[i];
        if (b->lo <= a->hi)
            report(l, b->file, b->line, "warning", "threshold-overlap", "threshold-overlap",
                   "{1} from {2} to {3} overlaps the band from {4} to {5} (line {6}): a value in both "
                   "gets two answers", tmpl, num(b->lo).s, num(b->hi).s, num(a->lo).s, num(a->hi).s,
                   whole(a->line).s, NULL);
        else if (integer ? b->lo > a->hi + 1 : b->lo > a->hi)
            report(l, b->file, b->line, "warning", "threshold-gap", integer ? "threshold-gap" : "threshold-gap-above",
                   integer ? "{1}: nothing covers {2} to {3} (between the bands at lines {4} and {5})"
                           : "{1}: nothing covers above {2} to {3} (exclusive) (between the bands at lines {4} and {5})",
                   tmpl, num(integer ? a->hi + 1 : a->hi).s, num(integer ? b->lo - 1 : b->lo).s, whole(a->line).s,
                   whole(b->line).s, NULL);
    }
}

static void check_tables(linter *l)
{
    static const char *const pairs[][2] = {{"min", "max"}, {"from", "to"}, {"low", "high"}, {NULL, NULL}};
    for (size_t s = 0; s < dc_playbook_source_count(l->pb); s++) {
        const dc_source *src = dc_playbook_source(l->pb, s);
        for (size_t f = 0; f < src->n_forms; f++) {
            const dc_sx *form = &src->forms[f];
            if (strcmp(dc_sx_head(form), "deftemplate") || form->n < 2) continue;
            json_t *slots = template_slots(form);
            for (int p = 0; pairs[p][0]; p++) {
                json_t *lo = json_object_get(slots, pairs[p][0]), *hi = json_object_get(slots, pairs[p][1]);
                if (lo && hi)
                    check_table(l, form->items[1].text, pairs[p][0], pairs[p][1],
                                strcmp(json_string_value(lo), "INTEGER") == 0);
            }
            json_decref(slots);
        }
    }
}

static int by_place(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c = strcmp(json_string_value(json_object_get(x, "file")), json_string_value(json_object_get(y, "file")));
    if (c) return c;
    json_int_t lx = json_integer_value(json_object_get(x, "line")), ly = json_integer_value(json_object_get(y, "line"));
    return lx < ly ? -1 : lx > ly;
}

json_t *dc_lint(dc_coach *c, const char *lang)
{
    linter l = {c, NULL, NULL, json_array(), json_object(), lang};
    if (!l.problems || !l.texts) goto nomem;
    if (!(l.pb = dc_playbook_read(dc_coach_rule_files(c), dc_coach_engine(c)))) goto nomem;
    l.funnel = read_funnel_rules(c);
    size_t i;
    json_t *dir;
    json_array_foreach(dc_coach_catalog_dirs(c), i, dir) read_catalogs(&l, json_string_value(dir));
    check_emits(&l);
    check_unused_texts(&l);
    check_rules(&l);
    check_salience(&l);
    check_tables(&l);
    /* file and line order (stable: ties keep the order found) */
    size_t n = json_array_size(l.problems);
    json_t **items = malloc((n + 1) * sizeof *items);
    if (!items) goto nomem;
    for (i = 0; i < n; i++) items[i] = json_incref(json_array_get(l.problems, i));
    for (i = 1; i < n; i++) /* insertion sort: stable, and lists are short */
        for (size_t j = i; j > 0 && by_place(&items[j - 1], &items[j]) > 0; j--) {
            json_t *t = items[j];
            items[j] = items[j - 1];
            items[j - 1] = t;
        }
    json_array_clear(l.problems);
    for (i = 0; i < n; i++) json_array_append_new(l.problems, items[i]);
    free(items);
    dc_playbook_free(l.pb);
    dc_playbook_free(l.funnel);
    json_decref(l.texts);
    return l.problems;
nomem:
    dc_playbook_free(l.pb);
    dc_playbook_free(l.funnel);
    json_decref(l.problems);
    json_decref(l.texts);
    return NULL;
}
