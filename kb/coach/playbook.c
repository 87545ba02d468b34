/* playbook.c - an index of rule files, from their text (see playbook.h). */
#define _POSIX_C_SOURCE 200809L
#include "playbook.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

typedef struct pb_function {
    const dc_source *src;
    const dc_sx *form;
    const char *name;
    const dc_sx *params;   /* the parameter list */
} pb_function;

struct dc_playbook {
    dc_engine *engine;
    dc_source **sources;
    size_t n_sources;
    dc_pb_rule *rules;
    size_t n_rules;
    pb_function *functions;
    size_t n_functions;
    dc_pb_emit *emits;
    size_t n_emits, cap_emits;
    json_t *asserted;     /* template -> true */
    json_t *values;       /* "template.slot" -> [constant values] */
    json_t *atoms;        /* every atom of rules and functions -> true */
    json_t *callers;      /* deffunction -> [{"rule", "args": [constant or "*"]}] */
};

static const char *const ce_words[] = {"not", "and", "or", "exists", "forall", "logical", "test", NULL};

static int is_ce_word(const char *w)
{
    for (int i = 0; ce_words[i]; i++)
        if (strcmp(w, ce_words[i]) == 0) return 1;
    return 0;
}

static int is_variable(const char *w)
{
    return w[0] == '?' || (w[0] == '$' && w[1] == '?');
}

/* A plain constant: not a variable, not a constraint. */
static int is_constant(const dc_sx *x)
{
    return x->type == DC_SX_STRING ||
           (x->type == DC_SX_ATOM && !is_variable(x->text) && !strpbrk(x->text, "&|~:=") &&
            strcmp(x->text, "=>") != 0);
}

static void add_value(json_t *values, const char *key, const char *v)
{
    json_t *list = json_object_get(values, key);
    if (!list) json_object_set_new(values, key, list = json_array());
    size_t i;
    json_t *have;
    json_array_foreach(list, i, have)
        if (strcmp(json_string_value(have), v) == 0) return;
    json_array_append_new(list, json_string(v));
}

/* A fact form (T (slot v...)...) seen in deffacts or an assert: note the
 * template as asserted and its constant slot values. */
static void note_fact(dc_playbook *pb, const dc_sx *fact)
{
    const char *tmpl = dc_sx_head(fact);
    if (!tmpl[0]) return;
    json_object_set_new(pb->asserted, tmpl, json_true());
    for (size_t i = 1; i < fact->n; i++) {
        const dc_sx *slot = &fact->items[i];
        const char *name = dc_sx_head(slot);
        if (!name[0]) continue;
        dc_buf key = DC_BUF_INIT;
        dc_buf_printf(&key, "%s.%s", tmpl, name);
        char *k = dc_buf_take(&key);
        for (size_t j = 1; k && j < slot->n; j++)
            if (is_constant(&slot->items[j])) add_value(pb->values, k, slot->items[j].text);
        free(k);
    }
}

static void note_fact_only(dc_playbook *pb, const dc_sx *fact, void *ctx)
{
    (void)ctx;
    note_fact(pb, fact);
}

static void collect_atoms(dc_playbook *pb, const dc_sx *x)
{
    if (x->type == DC_SX_ATOM) json_object_set_new(pb->atoms, x->text, json_true());
    for (size_t i = 0; i < x->n; i++) collect_atoms(pb, &x->items[i]);
}

/* Every (assert F...) inside x: call fn on each F. */
static void for_each_assert(dc_playbook *pb, const dc_sx *x,
                            void (*fn)(dc_playbook *, const dc_sx *, void *), void *ctx)
{
    if (x->type != DC_SX_LIST) return;
    if (strcmp(dc_sx_head(x), "assert") == 0)
        for (size_t i = 1; i < x->n; i++)
            if (x->items[i].type == DC_SX_LIST) fn(pb, &x->items[i], ctx);
    for (size_t i = 0; i < x->n; i++) for_each_assert(pb, &x->items[i], fn, ctx);
}

/* --- resolving ids ---------------------------------------------------------------- */

/* Where an id is asserted: a rule, or a deffunction. */
typedef struct context {
    const dc_rule_src *rule;
    const struct pb_function *function;
    const dc_source *src;
} context;

static json_t *resolve(dc_playbook *pb, const context *cx, const dc_sx *x, int depth);

/* An assert of a rule or deffunction: its template's slot values include
 * what its variables resolve to. */
static void note_asserted(dc_playbook *pb, const dc_sx *fact, void *ctx)
{
    const context *cx = ctx;
    const char *tmpl = dc_sx_head(fact);
    note_fact(pb, fact);
    for (size_t i = 1; cx && tmpl[0] && i < fact->n; i++) {
        const dc_sx *slot = &fact->items[i];
        for (size_t j = 1; j < slot->n; j++) {
            if (is_constant(&slot->items[j])) continue;
            json_t *values = resolve(pb, cx, &slot->items[j], 0);
            dc_buf key = DC_BUF_INIT;
            dc_buf_printf(&key, "%s.%s", tmpl, dc_sx_head(slot));
            char *k = dc_buf_take(&key);
            size_t n;
            json_t *v;
            json_array_foreach(values, n, v) if (k) add_value(pb->values, k, json_string_value(v));
            free(k);
            json_decref(values);
        }
    }
}

static json_t *star(void)
{
    return json_pack("[s]", "*");
}

/* The constants of "?v&a|b|c", or NULL when the constraint is not that. */
static json_t *alternatives(const char *constraint)
{
    if (strpbrk(constraint, "~:?$=")) return NULL;
    json_t *out = json_array();
    char *copy = strdup(constraint), *save = NULL;
    for (char *p = copy ? strtok_r(copy, "|", &save) : NULL; p; p = strtok_r(NULL, "|", &save))
        json_array_append_new(out, json_string(p));
    free(copy);
    if (json_array_size(out) == 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* Find where variable `v` is bound in the conditions `ce` (recursively):
 * its constraint's constants, else the values of the slot. NULL: not here. */
static json_t *bound_in(dc_playbook *pb, const dc_sx *ce, const char *v)
{
    if (ce->type != DC_SX_LIST) return NULL;
    const char *head = dc_sx_head(ce);
    if (is_ce_word(head)) {
        for (size_t i = 1; i < ce->n; i++) {
            json_t *found = bound_in(pb, &ce->items[i], v);
            if (found) return found;
        }
        return NULL;
    }
    size_t vlen = strlen(v);
    for (size_t i = 1; i < ce->n; i++) {
        const dc_sx *slot = &ce->items[i];
        for (size_t j = 1; j < slot->n; j++) {
            const dc_sx *a = &slot->items[j];
            if (a->type != DC_SX_ATOM || strncmp(a->text, v, vlen) != 0) continue;
            if (a->text[vlen] == '&') {
                json_t *alts = alternatives(a->text + vlen + 1);
                if (alts) return alts;
            } else if (a->text[vlen] != '\0') {
                continue;
            }
            dc_buf key = DC_BUF_INIT;
            dc_buf_printf(&key, "%s.%s", head, dc_sx_head(slot));
            char *k = dc_buf_take(&key);
            json_t *values = k ? json_object_get(pb->values, k) : NULL;
            free(k);
            return json_array_size(values) ? json_copy(values) : star();
        }
    }
    return NULL;
}

/* The values a deffunction's parameter takes: the constant arguments its
 * callers give it. */
static json_t *parameter_values(dc_playbook *pb, const pb_function *f, size_t index, const dc_sx *x,
                                json_t *out)
{
    if (x->type != DC_SX_LIST) return out;
    if (strcmp(dc_sx_head(x), f->name) == 0 && index + 1 < x->n) {
        const dc_sx *arg = &x->items[index + 1];
        if (is_constant(arg)) add_value(out, "v", arg->text);
        else add_value(out, "v", "*");
    }
    for (size_t i = 0; i < x->n; i++) parameter_values(pb, f, index, &x->items[i], out);
    return out;
}

static json_t *resolve_variable(dc_playbook *pb, const context *cx, const char *v)
{
    if (cx->rule) {
        for (size_t i = 0; i < cx->rule->n_lhs; i++) {
            json_t *found = bound_in(pb, cx->rule->lhs[i], v);
            if (found) return found;
        }
        return star();
    }
    const dc_sx *params = cx->function->params;
    for (size_t k = 0; params && k < params->n; k++) {
        if (params->items[k].type != DC_SX_ATOM || strcmp(params->items[k].text, v) != 0) continue;
        json_t *acc = json_object();
        for (size_t s = 0; s < pb->n_sources; s++)
            for (size_t i = 0; i < pb->sources[s]->n_forms; i++)
                parameter_values(pb, cx->function, k, &pb->sources[s]->forms[i], acc);
        json_t *values = json_incref(json_object_get(acc, "v"));
        json_decref(acc);
        return values ? values : star();
    }
    return star();
}

/* All concatenations of one value from each part. */
static json_t *concatenations(json_t *parts)
{
    json_t *acc = json_pack("[s]", "");
    size_t i, j, k;
    json_t *part, *prefix, *v;
    json_array_foreach(parts, i, part) {
        json_t *next = json_array();
        json_array_foreach(acc, j, prefix) {
            json_array_foreach(part, k, v) {
                dc_buf b = DC_BUF_INIT;
                dc_buf_printf(&b, "%s%s", json_string_value(prefix), json_string_value(v));
                char *s = dc_buf_take(&b);
                if (s) json_array_append_new(next, json_string(s));
                free(s);
                if (json_array_size(next) > 256) break; /* enough to read intent */
            }
        }
        json_decref(acc);
        acc = next;
    }
    return acc;
}

static json_t *resolve(dc_playbook *pb, const context *cx, const dc_sx *x, int depth)
{
    if (depth > 4) return star();
    if (is_constant(x)) return json_pack("[s]", x->text);
    if (x->type == DC_SX_ATOM && x->text[0] == '?') return resolve_variable(pb, cx, x->text);
    const char *head = dc_sx_head(x);
    if (strcmp(head, "sym-cat") == 0 || strcmp(head, "str-cat") == 0) {
        json_t *parts = json_array();
        for (size_t i = 1; i < x->n; i++) json_array_append_new(parts, resolve(pb, cx, &x->items[i], depth + 1));
        json_t *out = concatenations(parts);
        json_decref(parts);
        return out;
    }
    return star();
}

/* --- emits -------------------------------------------------------------------------- */

static const dc_sx *slot_of(const dc_sx *fact, const char *name)
{
    for (size_t i = 1; i < fact->n; i++)
        if (strcmp(dc_sx_head(&fact->items[i]), name) == 0) return &fact->items[i];
    return NULL;
}

static void add_emit(dc_playbook *pb, const dc_pb_emit *e)
{
    if (pb->n_emits == pb->cap_emits) {
        size_t cap = pb->cap_emits ? pb->cap_emits * 2 : 64;
        dc_pb_emit *grown = realloc(pb->emits, cap * sizeof *grown);
        if (!grown) {
            free(e->id);
            return;
        }
        pb->emits = grown;
        pb->cap_emits = cap;
    }
    pb->emits[pb->n_emits++] = *e;
}

static void note_emit(dc_playbook *pb, const dc_sx *fact, void *ctx)
{
    const context *cx = ctx;
    static const char *const kinds[] = {"finding", "action", "tactic", NULL};
    const char *kind = NULL;
    for (int i = 0; kinds[i]; i++)
        if (strcmp(dc_sx_head(fact), kinds[i]) == 0) kind = kinds[i];
    if (!kind) return;
    const dc_sx *id = slot_of(fact, "id"), *sev = slot_of(fact, "severity"), *rank = slot_of(fact, "rank");
    json_t *ids = id && id->n == 2 ? resolve(pb, cx, &id->items[1], 0) : star();
    int param = -1;
    const dc_sx *params = cx->function ? cx->function->params : NULL;
    for (size_t k = 0; params && id && id->n == 2 && k < params->n; k++)
        if (id->items[1].type == DC_SX_ATOM && params->items[k].type == DC_SX_ATOM &&
            strcmp(params->items[k].text, id->items[1].text) == 0)
            param = (int)k;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        dc_pb_emit e = {kind, strdup(json_string_value(v)), NULL, sev != NULL, rank != NULL,
                        slot_of(fact, "text") != NULL,
                        cx->rule ? cx->rule->name : cx->function->name, cx->function != NULL, param,
                        cx->src->path, fact->line};
        if (sev && sev->n == 2 && is_constant(&sev->items[1])) e.severity = sev->items[1].text;
        if (e.id) add_emit(pb, &e);
    }
    json_decref(ids);
}

/* --- calls --------------------------------------------------------------------------- */

static void note_calls(dc_playbook *pb, const char *rule, const dc_sx *x)
{
    if (x->type != DC_SX_LIST) return;
    for (size_t f = 0; f < pb->n_functions; f++) {
        if (strcmp(dc_sx_head(x), pb->functions[f].name) != 0) continue;
        json_t *list = json_object_get(pb->callers, pb->functions[f].name);
        if (!list) json_object_set_new(pb->callers, pb->functions[f].name, list = json_array());
        json_t *args = json_array();
        for (size_t i = 1; i < x->n; i++)
            json_array_append_new(args, json_string(is_constant(&x->items[i]) ? x->items[i].text : "*"));
        json_array_append_new(list, json_pack("{ssso}", "rule", rule, "args", args));
    }
    for (size_t i = 0; i < x->n; i++) note_calls(pb, rule, &x->items[i]);
}

/* --- reading -------------------------------------------------------------------------- */

static int add_rule(dc_playbook *pb, const dc_source *src, const dc_sx *form)
{
    dc_pb_rule r;
    if (dc_rule_src_cut(form, &r.r)) return 0; /* not a readable rule: CLIPS reports it */
    r.src = src;
    dc_pb_rule *grown = realloc(pb->rules, (pb->n_rules + 1) * sizeof *grown);
    if (!grown) {
        dc_rule_src_clear(&r.r);
        return -1;
    }
    pb->rules = grown;
    pb->rules[pb->n_rules++] = r;
    return 0;
}

static int add_function(dc_playbook *pb, const dc_source *src, const dc_sx *form)
{
    if (form->n < 3 || form->items[1].type != DC_SX_ATOM) return 0;
    pb_function f = {src, form, form->items[1].text, NULL};
    for (size_t i = 2; i < form->n && !f.params; i++)
        if (form->items[i].type == DC_SX_LIST) f.params = &form->items[i];
    pb_function *grown = realloc(pb->functions, (pb->n_functions + 1) * sizeof *grown);
    if (!grown) return -1;
    pb->functions = grown;
    pb->functions[pb->n_functions++] = f;
    return 0;
}

dc_playbook *dc_playbook_read(json_t *files, dc_engine *e)
{
    dc_playbook *pb = calloc(1, sizeof *pb);
    if (!pb) return NULL;
    pb->engine = e;
    pb->asserted = json_object();
    pb->values = json_object();
    pb->atoms = json_object();
    pb->callers = json_object();
    pb->sources = calloc(json_array_size(files) + 1, sizeof *pb->sources);
    if (!pb->asserted || !pb->values || !pb->atoms || !pb->callers || !pb->sources) goto nomem;
    size_t i;
    json_t *path;
    json_array_foreach(files, i, path) {
        dc_source *s = dc_source_read(json_string_value(path));
        if (!s) goto nomem;
        pb->sources[pb->n_sources++] = s;
    }
    /* First the definitions and the data, then what refers to them. */
    for (size_t s = 0; s < pb->n_sources; s++) {
        const dc_source *src = pb->sources[s];
        for (size_t f = 0; f < src->n_forms; f++) {
            const dc_sx *form = &src->forms[f];
            const char *head = dc_sx_head(form);
            int rc = 0;
            if (strcmp(head, "defrule") == 0) rc = add_rule(pb, src, form);
            else if (strcmp(head, "deffunction") == 0) rc = add_function(pb, src, form);
            else if (strcmp(head, "deffacts") == 0)
                for (size_t k = 2; k < form->n; k++)
                    if (form->items[k].type == DC_SX_LIST) note_fact(pb, &form->items[k]);
            if (rc) goto nomem;
            if (strcmp(head, "defrule") == 0 || strcmp(head, "deffunction") == 0) {
                collect_atoms(pb, form);
                for_each_assert(pb, form, note_fact_only, NULL);
            }
        }
    }
    /* Values flow from asserts to the conditions that match them: a few
     * rounds reach the chains a playbook has (signal -> reason -> tactic). */
    for (int round = 0; round < 3; round++) {
        for (size_t r = 0; r < pb->n_rules; r++) {
            context cx = {&pb->rules[r].r, NULL, pb->rules[r].src};
            for (size_t k = 0; k < pb->rules[r].r.n_rhs; k++)
                for_each_assert(pb, &pb->rules[r].r.rhs[k], note_asserted, &cx);
        }
        for (size_t f = 0; f < pb->n_functions; f++) {
            context cx = {NULL, &pb->functions[f], pb->functions[f].src};
            for_each_assert(pb, pb->functions[f].form, note_asserted, &cx);
        }
    }
    for (size_t r = 0; r < pb->n_rules; r++) {
        context cx = {&pb->rules[r].r, NULL, pb->rules[r].src};
        const dc_sx *form = pb->rules[r].r.form;
        for (size_t k = 0; k < pb->rules[r].r.n_rhs; k++)
            for_each_assert(pb, &pb->rules[r].r.rhs[k], note_emit, &cx);
        note_calls(pb, pb->rules[r].r.name, form);
    }
    for (size_t f = 0; f < pb->n_functions; f++) {
        context cx = {NULL, &pb->functions[f], pb->functions[f].src};
        for_each_assert(pb, pb->functions[f].form, note_emit, &cx);
    }
    return pb;
nomem:
    dc_playbook_free(pb);
    return NULL;
}

void dc_playbook_free(dc_playbook *pb)
{
    if (!pb) return;
    for (size_t i = 0; i < pb->n_rules; i++) dc_rule_src_clear(&pb->rules[i].r);
    free(pb->rules);
    for (size_t i = 0; i < pb->n_sources; i++) dc_source_free(pb->sources[i]);
    free(pb->sources);
    free(pb->functions);
    for (size_t i = 0; i < pb->n_emits; i++) free(pb->emits[i].id);
    free(pb->emits);
    json_decref(pb->asserted);
    json_decref(pb->values);
    json_decref(pb->atoms);
    json_decref(pb->callers);
    free(pb);
}

size_t dc_playbook_source_count(const dc_playbook *pb) { return pb->n_sources; }
const dc_source *dc_playbook_source(const dc_playbook *pb, size_t i) { return pb->sources[i]; }
size_t dc_playbook_rule_count(const dc_playbook *pb) { return pb->n_rules; }
const dc_pb_rule *dc_playbook_rule(const dc_playbook *pb, size_t i) { return &pb->rules[i]; }
size_t dc_playbook_emit_count(const dc_playbook *pb) { return pb->n_emits; }
const dc_pb_emit *dc_playbook_emit(const dc_playbook *pb, size_t i) { return &pb->emits[i]; }

const dc_pb_rule *dc_playbook_find_rule(const dc_playbook *pb, const char *name)
{
    for (size_t i = pb->n_rules; i-- > 0;)
        if (strcmp(pb->rules[i].r.name, name) == 0) return &pb->rules[i];
    return NULL;
}

int dc_glob_match(const char *p, const char *t)
{
    if (*p == '\0') return *t == '\0';
    if (*p == '*') {
        for (;; t++) {
            if (dc_glob_match(p + 1, t)) return 1;
            if (!*t) return 0;
        }
    }
    return *p == *t && dc_glob_match(p + 1, t + 1);
}

static void add_unique(json_t *list, const char *s)
{
    size_t i;
    json_t *have;
    json_array_foreach(list, i, have)
        if (strcmp(json_string_value(have), s) == 0) return;
    json_array_append_new(list, json_string(s));
}

json_t *dc_playbook_producers(const dc_playbook *pb, const char *kind, const char *id)
{
    json_t *out = json_array();
    for (size_t i = 0; out && i < pb->n_emits; i++) {
        const dc_pb_emit *e = &pb->emits[i];
        if (strcmp(e->kind, kind) != 0 || !dc_glob_match(e->id, id)) continue;
        if (!e->in_function) {
            add_unique(out, e->rule);
            continue;
        }
        /* the rules calling the function, with an argument that can be id */
        size_t j;
        json_t *call;
        json_array_foreach(json_object_get(pb->callers, e->rule), j, call) {
            const char *arg = json_string_value(json_array_get(json_object_get(call, "args"), (size_t)(e->param >= 0 ? e->param : 0)));
            if (e->param < 0 || !arg || dc_glob_match(arg, id))
                add_unique(out, json_string_value(json_object_get(call, "rule")));
        }
    }
    return out;
}

int dc_playbook_asserts(const dc_playbook *pb, const char *tmpl)
{
    return json_object_get(pb->asserted, tmpl) != NULL;
}

int dc_playbook_mentions(const dc_playbook *pb, const char *word)
{
    return json_object_get(pb->atoms, word) != NULL;
}

void dc_pb_condition_templates(const dc_sx *ce, json_t *out)
{
    const char *head = dc_sx_head(ce);
    if (!head[0] || strcmp(head, "test") == 0) return;
    if (is_ce_word(head)) {
        for (size_t i = 1; i < ce->n; i++) {
            const dc_sx *inner = &ce->items[i];
            if (inner->type == DC_SX_ATOM && i + 2 < ce->n && strcmp(ce->items[i + 1].text ? ce->items[i + 1].text : "", "<-") == 0)
                continue;
            if (inner->type == DC_SX_LIST) dc_pb_condition_templates(inner, out);
        }
        return;
    }
    json_array_append_new(out, json_string(head));
}
