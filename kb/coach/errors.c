/* errors.c - rule-file load errors a coach can act on (see errors.h). */
#define _POSIX_C_SOURCE 200809L
#include "errors.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "strbuf.h"

/* The catalog's text of `key` with {1}..{4} replaced by args (plain, not
 * labels); `fallback` when the catalog lacks it. Appended to b. */
static void put_text(dc_buf *b, const dc_catalog *cat, const char *lang, const char *key,
                     const char *fallback, const char *const args[4])
{
    const char *t = dc_catalog_get(cat, lang, key);
    if (!t) t = fallback;
    for (const char *p = t; *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '4' && p[2] == '}') {
            const char *a = args[p[1] - '1'];
            dc_buf_puts(b, a ? a : "");
            p += 2;
        } else {
            dc_buf_append(b, p, 1);
        }
    }
}

/* "FILE:LINE: MESSAGE" -> its parts (file malloc'd). 0 if it is not that. */
static int split_problem(const char *problem, char **file, long *line, const char **message)
{
    for (const char *p = problem; (p = strchr(p, ':')); p++) {
        const char *q = p + 1;
        if (!isdigit((unsigned char)*q) && *q != '?') continue;
        char *end;
        long n = *q == '?' ? 0 : strtol(q, &end, 10);
        if (*q == '?') end = (char *)q + 1;
        if (end[0] != ':' || end[1] != ' ') continue;
        *file = strndup(problem, (size_t)(p - problem));
        *line = n;
        *message = end + 2;
        return *file != NULL;
    }
    return 0;
}

/* The top-level form the error at `line` belongs to: the last one that
 * starts at or before it. */
static const dc_sx *form_at(const dc_source *s, long line)
{
    const dc_sx *found = NULL;
    for (size_t i = 0; i < s->n_forms; i++)
        if (s->forms[i].line <= line) found = &s->forms[i];
    return found;
}

static char *joined(json_t *list)
{
    dc_buf b = DC_BUF_INIT;
    size_t i;
    json_t *v;
    dc_buf_append(&b, "", 0);
    json_array_foreach(list, i, v) dc_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(v));
    return dc_buf_take(&b);
}

static int list_has(json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (strcmp(json_string_value(v), s) == 0) return 1;
    return 0;
}

/* What was found wrong in a construct. */
typedef struct finding {
    long line;
    const char *tmpl, *slot;
    char *value;          /* the value not allowed, or NULL: the slot itself */
} finding;

/* The literal symbols of a constraint such as "~lost", "a|b", "?x&~c". */
static int bad_literal(const char *constraint, json_t *allowed, char **bad)
{
    char *copy = strdup(constraint), *save = NULL;
    int found = 0;
    for (char *tok = copy ? strtok_r(copy, "&|~", &save) : NULL; tok && !found; tok = strtok_r(NULL, "&|~", &save)) {
        if (tok[0] == '?' || tok[0] == '$' || tok[0] == ':' || tok[0] == '=') continue;
        char *end;
        strtod(tok, &end);
        if (*end == '\0') continue; /* a number */
        if (!list_has(allowed, tok)) {
            *bad = strdup(tok);
            found = *bad != NULL;
        }
    }
    free(copy);
    return found;
}

/* Look through a construct for a slot its template lacks (want_slot) or a
 * value its slot does not allow (!want_slot). */
static int search(dc_engine *e, const dc_sx *x, int want_slot, finding *f)
{
    if (x->type != DC_SX_LIST) return 0;
    const char *head = dc_sx_head(x);
    json_t *slots = head[0] && dc_engine_has_template(e, head) ? dc_engine_template_slots(e, head) : NULL;
    if (slots) {
        int hit = 0;
        for (size_t i = 1; i < x->n && !hit; i++) {
            const dc_sx *slot = &x->items[i];
            const char *name = dc_sx_head(slot);
            if (!name[0]) continue;
            if (!list_has(slots, name)) {
                if (want_slot) {
                    *f = (finding){slot->line, head, name, NULL};
                    hit = 1;
                }
                continue;
            }
            if (want_slot) continue;
            json_t *allowed = dc_engine_allowed_symbols(e, head, name);
            for (size_t j = 1; j < slot->n && !hit && json_array_size(allowed); j++) {
                char *bad = NULL;
                if (slot->items[j].type == DC_SX_ATOM && bad_literal(slot->items[j].text, allowed, &bad)) {
                    *f = (finding){slot->items[j].line, head, name, bad};
                    hit = 1;
                }
            }
            json_decref(allowed);
        }
        json_decref(slots);
        if (hit) return 1;
    }
    for (size_t i = 0; i < x->n; i++)
        if (search(e, &x->items[i], want_slot, f)) return 1;
    return 0;
}

char *dc_rule_error_explain(dc_coach *c, const char *lang, const char *problem)
{
    char *file = NULL;
    long line = 0;
    const char *clips = NULL;
    if (!split_problem(problem, &file, &line, &clips)) return strdup(problem);
    const dc_catalog *cat = dc_coach_catalog(c);
    dc_engine *e = dc_coach_engine(c);
    dc_source *s = dc_source_read(file);
    dc_buf b = DC_BUF_INIT;
    char number[32];
    const char *args[4] = {NULL, NULL, NULL, NULL};
    finding f = {0, NULL, NULL, NULL};

    if (s && strcmp(s->error, "unclosed") == 0) {
        snprintf(number, sizeof number, "%ld", s->construct_line);
        args[0] = s->construct;
        args[1] = number;
        dc_buf_printf(&b, "%s:%ld: ", file, s->error_line);
        put_text(&b, cat, lang, "rule-error.unclosed",
                 "this '(' is never closed (in {1}, which opens at line {2}): a ')' is missing", args);
    } else if (s && strcmp(s->error, "stray") == 0) {
        dc_buf_printf(&b, "%s:%ld: ", file, s->error_line);
        put_text(&b, cat, lang, "rule-error.stray",
                 "this ')' closes nothing: remove it, or add the '(' it belongs with", args);
    } else if (s && form_at(s, line) && strstr(clips, "[TMPLTDEF1]") &&
               search(e, form_at(s, line), 1, &f)) {
        json_t *slots = dc_engine_template_slots(e, f.tmpl);
        char *list = slots ? joined(slots) : NULL;
        args[0] = f.tmpl;
        args[1] = f.slot;
        args[2] = list;
        dc_buf_printf(&b, "%s:%ld: ", file, f.line);
        put_text(&b, cat, lang, "rule-error.slot", "template {1} has no slot \"{2}\"; its slots: {3}", args);
        free(list);
        json_decref(slots);
    } else if (s && form_at(s, line) && strstr(clips, "[CSTRNCHK1]") &&
               search(e, form_at(s, line), 0, &f)) {
        json_t *allowed = dc_engine_allowed_symbols(e, f.tmpl, f.slot);
        char *list = allowed ? joined(allowed) : NULL;
        args[0] = f.tmpl;
        args[1] = f.value;
        args[2] = f.slot;
        args[3] = list;
        dc_buf_printf(&b, "%s:%ld: ", file, f.line);
        put_text(&b, cat, lang, "rule-error.value",
                 "{1}: \"{2}\" is not an allowed value of slot {3}; allowed: {4}", args);
        free(list);
        json_decref(allowed);
    } else {
        dc_source_free(s);
        free(file);
        return strdup(problem);
    }
    dc_buf_puts(&b, " (");
    put_text(&b, cat, lang, "rule-error.clips", "CLIPS said", args);
    dc_buf_printf(&b, ": %s)", clips);
    free(f.value);
    dc_source_free(s);
    free(file);
    return dc_buf_take(&b);
}
