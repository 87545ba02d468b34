/* scenario.c - read a scenario file (YAML, with libyaml) and check it.
 *
 * Every problem is reported as "FILE:LINE:COLUMN: ..." with what was
 * expected; checking goes on after a problem so that one run lists them
 * all. The format is documented in docs/training.md. */
#define _POSIX_C_SOURCE 200809L
#include "scenario_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "date.h"
#include "deal.h"
#include "deal_edit.h"
#include "strbuf.h"

#define MAX_FILE_BYTES (1024 * 1024)
#define MAX_NODES 100000     /* node visits: aliases cannot blow up a walk */
#define MAX_DEPTH 64

static const char *const kind_names[TR_KINDS] = {
    "stage", "concern", "grade", "risk", "opening", "procurement", "move"};
static const char *const kind_areas[TR_KINDS] = {
    "stage", "concern", "stage", "lifecycle", "stage", "stage", NULL};
static const char *const areas[] = {"stage", "people", "concern", "negotiation", "lifecycle", NULL};

const char *tr_kind_name(tr_kind k) { return kind_names[k]; }
const char *tr_kind_area(tr_kind k) { return kind_areas[k]; }
int tr_lang(const char *lang) { return lang && strcmp(lang, "zh") == 0 ? TR_ZH : TR_EN; }

/* The schema slot that holds the answers of a diagnosis kind. */
static const char *const kind_slots[TR_KINDS][2] = {
    {"deal", "claimed_stage"}, {"concern", "kind"}, {"opportunity-grade", "grade"},
    {"lifecycle-result", "risk"}, {"opportunity-opening", "opening"},
    {"procurement-stage", "id"}, {NULL, NULL}};

typedef struct loader {
    const char *file;
    yaml_document_t doc;
    dc_coach *coach;
    dc_engine *vocab;
    json_t *errors;
    dc_scenario *sc;
    long visits;
    json_t *step_names;  /* name -> index */
} loader;

/* ---- messages ------------------------------------------------------- */

static char *pos_of(loader *L, yaml_node_t *n)
{
    char buf[64];
    snprintf(buf, sizeof buf, ":%lu:%lu", n ? (unsigned long)n->start_mark.line + 1 : 1UL,
             n ? (unsigned long)n->start_mark.column + 1 : 1UL);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s%s", L->file, buf);
    return dc_buf_take(&b);
}

static void err(loader *L, yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void err(loader *L, yaml_node_t *n, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *pos = pos_of(L, n);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s: %s", pos ? pos : L->file, msg);
    char *line = dc_buf_take(&b);
    json_array_append_new(L->errors, json_string(line ? line : "out of memory"));
    free(line);
    free(pos);
}

static const char *what_node(yaml_node_t *n)
{
    if (!n) return "nothing";
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a single value";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a mapping";
    default: return "nothing";
    }
}

/* ---- nodes ---------------------------------------------------------- */

static yaml_node_t *node(loader *L, int index)
{
    if (++L->visits > MAX_NODES) return NULL;
    return yaml_document_get_node(&L->doc, index);
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The value of `key` in mapping `map`, or NULL. */
static yaml_node_t *get(loader *L, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar(node(L, p->key));
        if (k && strcmp(k, key) == 0) return node(L, p->value);
    }
    return NULL;
}

/* Report keys of `map` not in `allowed` (NULL-terminated). */
static void only_keys(loader *L, yaml_node_t *map, const char *where, const char *const *allowed)
{
    if (!map || map->type != YAML_MAPPING_NODE) return;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(L, p->key);
        const char *k = scalar(kn);
        int ok = 0;
        for (const char *const *a = allowed; k && *a; a++) ok |= strcmp(k, *a) == 0;
        if (ok) continue;
        dc_buf b = DC_BUF_INIT;
        for (const char *const *a = allowed; *a; a++) dc_buf_printf(&b, "%s%s", a == allowed ? "" : ", ", *a);
        char *list = dc_buf_take(&b);
        if (k) err(L, kn, "%s: unknown field '%s' (expected one of: %s)", where, k, list ? list : "");
        else err(L, kn, "%s: a field name must be a single value", where);
        free(list);
    }
}

static int is_mapping(loader *L, yaml_node_t *n, const char *what)
{
    if (n && n->type == YAML_MAPPING_NODE) return 1;
    err(L, n, "%s: expected a mapping (KEY: VALUE lines), found %s", what, what_node(n));
    return 0;
}

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* A required single value. */
static char *text_of(loader *L, yaml_node_t *map, const char *key, const char *where)
{
    yaml_node_t *n = get(L, map, key);
    const char *s = scalar(n);
    if (!n) err(L, map, "%s: missing '%s'", where, key);
    else if (!s) err(L, n, "%s.%s: expected a single value, found %s", where, key, what_node(n));
    else if (!*s) err(L, n, "%s.%s: expected a value, found an empty one", where, key);
    return s && *s ? dup(s) : NULL;
}

/* Folded YAML lines join with a space; before a Chinese character, after
 * another one or after punctuation, that space is not part of the text:
 * drop it. */
static void join_cjk(char *s)
{
    if (!s) return;
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == ' ' && r > s && ((unsigned char)r[-1] >= 0x80 || strchr(",.;:!?)", r[-1])) &&
            (unsigned char)r[1] >= 0xe0) continue;
        *w++ = *r;
    }
    *w = '\0';
}

/* A text in both languages: {en: ..., zh: ...}. */
static void bilingual(loader *L, yaml_node_t *map, const char *key, const char *where,
                      char *out[TR_LANGS])
{
    yaml_node_t *n = get(L, map, key);
    char what[256];
    snprintf(what, sizeof what, "%s.%s", where, key);
    if (!n) {
        err(L, map, "%s: missing '%s' (a text in both languages: en and zh)", where, key);
        return;
    }
    if (!n || n->type != YAML_MAPPING_NODE) {
        err(L, n, "%s: expected a text in both languages (en: ..., zh: ...), found %s", what, what_node(n));
        return;
    }
    static const char *const langs[] = {"en", "zh", NULL};
    only_keys(L, n, what, langs);
    out[TR_EN] = text_of(L, n, "en", what);
    out[TR_ZH] = text_of(L, n, "zh", what);
    join_cjk(out[TR_ZH]);
}

/* A single value or a list of single values, as a new JSON array. */
static json_t *id_list(loader *L, yaml_node_t *n, const char *what)
{
    json_t *out = json_array();
    if (scalar(n)) {
        json_array_append_new(out, json_string(scalar(n)));
    } else if (n && n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
            yaml_node_t *item = node(L, *i);
            if (scalar(item)) json_array_append_new(out, json_string(scalar(item)));
            else err(L, item, "%s: expected a single value, found %s", what, what_node(item));
        }
    } else {
        err(L, n, "%s: expected a value or a list of values, found %s", what, what_node(n));
    }
    return out;
}

/* Items of a list joined by ", " (a list field set at once, roles). */
static char *joined(json_t *list)
{
    dc_buf b = DC_BUF_INIT;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) dc_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(v));
    return dc_buf_take(&b);
}

/* ---- the deal: YAML to JSON ------------------------------------------ */

static int plain_number(const char *s, double *v)
{
    char *end;
    if (!*s || strspn(s, "+-0123456789.eE") != strlen(s)) return 0;
    errno = 0;
    *v = strtod(s, &end);
    return *end == '\0' && errno == 0;
}

/* A YAML node as JSON: plain scalars are typed (null, true/false/yes/no,
 * numbers), quoted ones are texts. NULL on a problem (reported). */
static json_t *to_json(loader *L, yaml_node_t *n, int depth)
{
    if (!n) {
        err(L, NULL, "the scenario is too large (more than %d values, or aliases that repeat)", MAX_NODES);
        return NULL;
    }
    if (depth > MAX_DEPTH) {
        err(L, n, "nested more than %d levels deep", MAX_DEPTH);
        return NULL;
    }
    if (n->type == YAML_SCALAR_NODE) {
        const char *s = (const char *)n->data.scalar.value;
        double d;
        if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return json_string(s);
        if (!strcmp(s, "~") || !strcmp(s, "null") || !*s) return json_null();
        if (!strcmp(s, "true") || !strcmp(s, "yes")) return json_true();
        if (!strcmp(s, "false") || !strcmp(s, "no")) return json_false();
        if (plain_number(s, &d)) {
            if (strspn(s, "+-0123456789") == strlen(s) && d > -9e15 && d < 9e15)
                return json_integer((json_int_t)d);
            return json_real(d);
        }
        return json_string(s);
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        json_t *a = json_array();
        for (yaml_node_item_t *i = n->data.sequence.items.start; a && i < n->data.sequence.items.top; i++) {
            json_t *v = to_json(L, node(L, *i), depth + 1);
            if (!v) { json_decref(a); return NULL; }
            json_array_append_new(a, v);
        }
        return a;
    }
    if (n->type == YAML_MAPPING_NODE) {
        json_t *o = json_object();
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; o && p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *kn = node(L, p->key);
            const char *k = scalar(kn);
            if (!k) {
                err(L, kn, "a field name must be a single value, found %s", what_node(kn));
                json_decref(o);
                return NULL;
            }
            json_t *v = to_json(L, node(L, p->value), depth + 1);
            if (!v) { json_decref(o); return NULL; }
            json_object_set_new(o, k, v);
        }
        return o;
    }
    err(L, n, "expected a value");
    return NULL;
}

/* The node at a deal checker's field path ("people[0].attitude"), as deep
 * as it can be followed. */
static yaml_node_t *node_at_path(loader *L, yaml_node_t *n, const char *path)
{
    char part[128];
    while (n && *path) {
        size_t len = strcspn(path, ".[");
        if (len) {
            if (len >= sizeof part) break;
            memcpy(part, path, len);
            part[len] = '\0';
            yaml_node_t *next = get(L, n, part);
            if (!next) break;
            n = next;
            path += len;
        }
        if (*path == '[') {
            long i = strtol(path + 1, NULL, 10);
            if (n->type != YAML_SEQUENCE_NODE || i < 0 ||
                i >= n->data.sequence.items.top - n->data.sequence.items.start) break;
            n = node(L, n->data.sequence.items.start[i]);
            path = strchr(path, ']');
            if (!path) break;
            path++;
        }
        if (*path == '.') path++;
        else if (*path != '[') break;
    }
    return n;
}

static void load_deal(loader *L, yaml_node_t *root)
{
    yaml_node_t *n = get(L, root, "deal");
    if (!n) {
        err(L, root, "missing 'deal' (the starting deal: the fields of a deal file)");
        return;
    }
    if (!is_mapping(L, n, "deal")) return;
    json_t *input = to_json(L, n, 0), *errors = json_array(), *warnings = json_array();
    if (!input) goto out;
    const char *origin = "\x01"; /* a marker the messages start with */
    if (dc_coach_check(L->coach, origin, input, &L->sc->deal, errors, warnings)) {
        /* "\x01: PATH: message" -> FILE:LINE:COLUMN of PATH: deal.PATH: message */
        size_t i;
        json_t *e;
        json_array_foreach(errors, i, e) {
            const char *msg = json_string_value(e);
            if (strncmp(msg, "\x01: ", 3) == 0) msg += 3;
            char path[256];
            size_t len = strcspn(msg, ": ");
            snprintf(path, sizeof path, "%.*s", (int)(len < sizeof path ? len : sizeof path - 1), msg);
            err(L, node_at_path(L, n, path), "deal.%s", msg);
        }
    }
    size_t i;
    json_t *w;
    json_array_foreach(warnings, i, w) {
        const char *msg = json_string_value(w);
        if (strncmp(msg, "\x01: ", 3) == 0) msg += 3;
        err(L, n, "deal: %s (not a deal field)", msg);
    }
out:
    json_decref(input);
    json_decref(errors);
    json_decref(warnings);
}

/* ---- effects: facts revealed, facts that change -------------------------- */

static void add_op(json_t *ops, char *pos, const char *op, const char *path, const char *text)
{
    json_t *o = json_pack("{ssssss}", "op", op, "path", path, "pos", pos ? pos : "");
    if (text) json_object_set_new(o, "text", json_string(text));
    json_array_append_new(ops, o);
}

/* An entry (person, competitor): {name: ..., KEY: VALUE or [VALUES]}. */
static void entry_op(loader *L, json_t *ops, const char *list, yaml_node_t *n, const char *where)
{
    if (!is_mapping(L, n, where)) return;
    char *name = text_of(L, n, "name", where);
    if (!name) return;
    const char *const *keys = dc_edit_entry_keys(list);
    json_t *attrs = json_object();
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(L, p->key), *vn = node(L, p->value);
        const char *k = scalar(kn);
        if (!k || !strcmp(k, "name")) continue;
        int known = 0;
        for (const char *const *a = keys; a && *a; a++) known |= strcmp(*a, k) == 0;
        if (!known) {
            dc_buf b = DC_BUF_INIT;
            for (const char *const *a = keys; a && *a; a++) dc_buf_printf(&b, "%s%s", a == keys ? "" : ", ", *a);
            char *list_text = dc_buf_take(&b);
            err(L, kn, "%s: unknown field '%s' (expected name or one of: %s)", where, k, list_text ? list_text : "");
            free(list_text);
            continue;
        }
        json_t *values = id_list(L, vn, where);
        char *text = joined(values);
        json_object_set_new(attrs, k, json_string(text ? text : ""));
        free(text);
        json_decref(values);
    }
    char *pos = pos_of(L, n);
    json_array_append_new(ops, json_pack("{sssssssssO}", "op", "entry", "path", list, "name", name,
                                         "pos", pos ? pos : "", "attrs", attrs));
    json_decref(attrs);
    free(pos);
    free(name);
}

/* Effects of a `reveal:` or `then:` block as a JSON array of operations,
 * each checked by applying it to a copy of the starting deal. */
static json_t *load_effects(loader *L, yaml_node_t *n, const char *where)
{
    static const char *const keys[] = {"set", "unset", "add", "remove", "people", "competitors", NULL};
    if (!n) return NULL;
    if (!is_mapping(L, n, where)) return NULL;
    only_keys(L, n, where, keys);
    json_t *ops = json_array();
    char what[256];
    yaml_node_t *m;
    if ((m = get(L, n, "set"))) {
        snprintf(what, sizeof what, "%s.set", where);
        if (is_mapping(L, m, what))
            for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
                yaml_node_t *kn = node(L, p->key);
                json_t *values = id_list(L, node(L, p->value), what);
                char *text = joined(values), *pos = pos_of(L, kn);
                if (scalar(kn)) add_op(ops, pos, "set", scalar(kn), text);
                free(text);
                free(pos);
                json_decref(values);
            }
    }
    if ((m = get(L, n, "unset"))) {
        snprintf(what, sizeof what, "%s.unset", where);
        json_t *paths = id_list(L, m, what);
        char *pos = pos_of(L, m);
        size_t i;
        json_t *v;
        json_array_foreach(paths, i, v) add_op(ops, pos, "unset", json_string_value(v), NULL);
        free(pos);
        json_decref(paths);
    }
    static const char *const list_ops[] = {"add", "remove"};
    for (int k = 0; k < 2; k++) {
        if (!(m = get(L, n, list_ops[k]))) continue;
        snprintf(what, sizeof what, "%s.%s", where, list_ops[k]);
        if (!is_mapping(L, m, what)) continue;
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            yaml_node_t *kn = node(L, p->key);
            json_t *items = id_list(L, node(L, p->value), what);
            char *pos = pos_of(L, kn);
            size_t i;
            json_t *v;
            json_array_foreach(items, i, v)
                if (scalar(kn)) add_op(ops, pos, list_ops[k], scalar(kn), json_string_value(v));
            free(pos);
            json_decref(items);
        }
    }
    static const char *const lists[] = {"people", "competitors"};
    for (int k = 0; k < 2; k++) {
        if (!(m = get(L, n, lists[k]))) continue;
        snprintf(what, sizeof what, "%s.%s", where, lists[k]);
        if (m->type != YAML_SEQUENCE_NODE) {
            err(L, m, "%s: expected a list of entries (- name: ...), found %s", what, what_node(m));
            continue;
        }
        for (yaml_node_item_t *i = m->data.sequence.items.start; i < m->data.sequence.items.top; i++)
            entry_op(L, ops, lists[k], node(L, *i), what);
    }
    /* Check: apply to a copy of the starting deal; a removal is checked as
     * an addition of the same id (removing an absent item is allowed). */
    if (L->sc->deal) {
        json_t *scratch = json_deep_copy(L->sc->deal), *errors = json_array();
        size_t i;
        json_t *op;
        json_array_foreach(ops, i, op) {
            json_t *one = json_array(), *probe = json_deep_copy(op);
            if (!strcmp(json_string_value(json_object_get(probe, "op")), "remove"))
                json_object_set_new(probe, "op", json_string("add"));
            json_array_append_new(one, probe);
            tr_apply(L->vocab, scratch, one, NULL, errors);
            json_decref(one);
        }
        json_array_foreach(errors, i, op) json_array_append(L->errors, op);
        json_decref(errors);
        json_decref(scratch);
    }
    return ops;
}

static int find_entry(json_t *list, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
        if (!strcmp(json_string_value(json_object_get(e, "name")) ? json_string_value(json_object_get(e, "name")) : "", name))
            return 1;
    return 0;
}

int tr_apply(dc_engine *vocab, json_t *deal, json_t *effects, json_t *changes, json_t *errors)
{
    size_t i;
    json_t *op;
    json_array_foreach(effects, i, op) {
        const char *kind = json_string_value(json_object_get(op, "op"));
        const char *path = json_string_value(json_object_get(op, "path"));
        const char *text = json_string_value(json_object_get(op, "text"));
        const char *pos = json_string_value(json_object_get(op, "pos"));
        json_t *errs = json_array();
        char *what = NULL;
        int rc = DC_OK;
        if (!strcmp(kind, "set")) {
            rc = dc_edit_set(vocab, deal, path, text, errs, &what);
        } else if (!strcmp(kind, "unset")) {
            rc = dc_edit_unset(vocab, deal, path, errs, &what);
            if (rc == DC_ENOTFOUND && dc_edit_field_kind(vocab, path) != DC_FIELD_NONE) rc = DC_OK;
        } else if (!strcmp(kind, "add")) {
            rc = dc_edit_add_item(vocab, deal, path, text, errs, &what);
        } else if (!strcmp(kind, "remove")) {
            rc = dc_edit_remove_item(deal, path, text, errs, &what);
            if (rc == DC_ENOTFOUND) rc = DC_OK;
        } else if (!strcmp(kind, "entry")) {
            const char *name = json_string_value(json_object_get(op, "name"));
            json_t *attrs = json_object_get(op, "attrs");
            dc_edit_attr a[16];
            size_t n = 0;
            const char *key;
            json_t *v;
            json_object_foreach(attrs, key, v) {
                if (n == 16) break;
                a[n].key = key;
                a[n++].text = json_string_value(v);
            }
            if (find_entry(json_object_get(deal, path), name))
                rc = dc_edit_entry_set(vocab, deal, path, name, a, n, errs, &what);
            else
                rc = dc_edit_entry_add(vocab, deal, path, name, a, n, errs, &what);
        }
        if (rc == DC_OK && what && changes) json_array_append_new(changes, json_string(what));
        free(what);
        if (rc) {
            size_t k;
            json_t *e;
            json_array_foreach(errs, k, e) {
                dc_buf b = DC_BUF_INIT;
                dc_buf_printf(&b, "%s: %s", pos, json_string_value(e));
                char *line = dc_buf_take(&b);
                json_array_append_new(errors, json_string(line ? line : "out of memory"));
                free(line);
            }
            json_decref(errs);
            return rc;
        }
        json_decref(errs);
    }
    return DC_OK;
}

/* ---- steps and options ------------------------------------------------ */

static int known_id(loader *L, const char *prefix, const char *id)
{
    char key[300];
    snprintf(key, sizeof key, "%s.%s", prefix, id);
    return dc_catalog_has(dc_coach_catalog(L->coach), "en", key);
}

static int allowed_answer(loader *L, tr_kind kind, const char *id, char **list)
{
    json_t *symbols = dc_engine_allowed_symbols(L->vocab, kind_slots[kind][0], kind_slots[kind][1]);
    int found = 0;
    dc_buf b = DC_BUF_INIT;
    size_t i;
    json_t *s;
    json_array_foreach(symbols, i, s) {
        if (!strcmp(json_string_value(s), "unknown")) continue;
        dc_buf_printf(&b, "%s%s", b.len ? ", " : "", json_string_value(s));
        found |= !strcmp(json_string_value(s), id);
    }
    json_decref(symbols);
    *list = dc_buf_take(&b);
    return found;
}

static void load_option(loader *L, tr_step *st, tr_option *o, yaml_node_t *n, size_t index,
                        json_t *nexts, yaml_node_t *default_next)
{
    static const char *const keys[] = {"key", "text", "answer", "action", "tactic", "against",
                                       "then", "next", NULL};
    char where[128];
    snprintf(where, sizeof where, "step %s, option %zu", st->name ? st->name : "?", index + 1);
    o->pos = pos_of(L, n);
    o->next = -1;
    if (!is_mapping(L, n, where)) return;
    only_keys(L, n, where, keys);
    yaml_node_t *k = get(L, n, "key");
    if (k) o->key = scalar(k) && *scalar(k) ? dup(scalar(k)) : NULL;
    else {
        char key[2] = {(char)('a' + (index < 26 ? index : 25)), '\0'};
        o->key = dup(key);
    }
    if (!o->key) err(L, k, "%s.key: expected a single value (the key the trainee types)", where);
    for (size_t j = 0; o->key && j < index; j++)
        if (st->options[j].key && !strcmp(st->options[j].key, o->key))
            err(L, n, "%s: key '%s' is used twice in this step", where, o->key);
    bilingual(L, n, "text", where, o->text);

    yaml_node_t *answer = get(L, n, "answer"), *action = get(L, n, "action");
    yaml_node_t *tactic = get(L, n, "tactic"), *against = get(L, n, "against");
    int maps = !!answer + !!action + !!tactic;
    char *list = NULL;
    if (st->kind != TR_MOVE) {
        o->map = TR_ANSWER;
        if (action || tactic || against)
            err(L, n, "%s: a %s question takes 'answer', not action/tactic/against", where, kind_names[st->kind]);
        if (!answer) err(L, n, "%s: missing 'answer' (the %s it says)", where, kind_names[st->kind]);
        else if (!scalar(answer)) err(L, answer, "%s.answer: expected a single value, found %s", where, what_node(answer));
        else if (!allowed_answer(L, st->kind, scalar(answer), &list))
            err(L, answer, "%s.answer: unknown %s '%s' (expected one of: %s)", where, kind_names[st->kind],
                scalar(answer), list ? list : "");
        else o->id = dup(scalar(answer));
        free(list);
    } else {
        if (answer) err(L, answer, "%s: a move takes 'action', 'tactic' or 'against', not 'answer'", where);
        if (maps > 1) err(L, n, "%s: expected one of 'action' or 'tactic', not both", where);
        if (!action && !tactic && !against)
            err(L, n, "%s: missing what the move is: 'action: ID', 'tactic: ID' or 'against: FINDING'", where);
        yaml_node_t *idn = action ? action : tactic;
        o->map = action ? TR_ACTION : tactic ? TR_TACTIC : TR_AGAINST;
        if (idn && !scalar(idn)) err(L, idn, "%s: expected an id, found %s", where, what_node(idn));
        else if (idn && !known_id(L, action ? "action" : "tactic", scalar(idn)))
            err(L, idn, "%s: unknown %s id '%s' (expected one of the playbook's %s ids: see "
                "kb/messages/*.en.txt, keys %s.ID)", where, action ? "action" : "tactic", scalar(idn),
                action ? "action" : "tactic", action ? "action" : "tactic");
        else if (idn) o->id = dup(scalar(idn));
        if (against) {
            o->against = id_list(L, against, where);
            size_t i;
            json_t *f;
            json_array_foreach(o->against, i, f)
                if (!known_id(L, "finding", json_string_value(f)))
                    err(L, against, "%s.against: unknown finding id '%s' (expected a finding the playbook "
                        "warns with, e.g. no-price-cut-for-doubt)", where, json_string_value(f));
        }
    }
    yaml_node_t *then = get(L, n, "then");
    char then_where[160];
    snprintf(then_where, sizeof then_where, "%s.then", where);
    o->then = load_effects(L, then, then_where);
    yaml_node_t *next = get(L, n, "next");
    if (!next) next = default_next;
    if (!next) err(L, n, "%s: leads nowhere: expected 'next: STEP' or 'next: end' (here or on the question)", where);
    else if (!scalar(next)) err(L, next, "%s.next: expected a step or 'end', found %s", where, what_node(next));
    else json_array_append_new(nexts, json_pack("{sisiss}", "step", (int)(st - L->sc->steps),
                                                "option", (int)index, "to", scalar(next)));
    if (next && scalar(next)) {
        /* resolved after all steps are read; remember where it was */
        json_t *last = json_array_get(nexts, json_array_size(nexts) - 1);
        char *pos = pos_of(L, next);
        json_object_set_new(last, "pos", json_string(pos ? pos : ""));
        free(pos);
    }
}

static void load_step(loader *L, tr_step *st, yaml_node_t *n, size_t index, json_t *nexts)
{
    static const char *const keys[] = {"step", "narrative", "reveal", "ask", NULL};
    static const char *const ask_keys[] = {"kind", "area", "question", "options", "expect", "next", NULL};
    char where[96];
    snprintf(where, sizeof where, "steps[%zu]", index);
    st->pos = pos_of(L, n);
    if (!is_mapping(L, n, where)) return;
    only_keys(L, n, where, keys);
    st->name = text_of(L, n, "step", where);
    if (st->name) {
        if (json_object_get(L->step_names, st->name))
            err(L, get(L, n, "step"), "%s: step '%s' is numbered twice", where, st->name);
        else json_object_set_new(L->step_names, st->name, json_integer((json_int_t)index));
        snprintf(where, sizeof where, "step %s", st->name);
    }
    bilingual(L, n, "narrative", where, st->narrative);
    char rwhere[128];
    snprintf(rwhere, sizeof rwhere, "%s.reveal", where);
    st->reveal = load_effects(L, get(L, n, "reveal"), rwhere);

    yaml_node_t *ask = get(L, n, "ask");
    char awhere[128];
    snprintf(awhere, sizeof awhere, "%s.ask", where);
    if (!ask) {
        err(L, n, "%s: missing 'ask' (the decision: kind, question, options)", where);
        return;
    }
    if (!is_mapping(L, ask, awhere)) return;
    only_keys(L, ask, awhere, ask_keys);
    char *kind = text_of(L, ask, "kind", awhere);
    st->kind = TR_MOVE;
    if (kind) {
        int found = 0;
        for (int k = 0; k < TR_KINDS; k++)
            if (!strcmp(kind, kind_names[k])) { st->kind = (tr_kind)k; found = 1; }
        if (!found)
            err(L, get(L, ask, "kind"), "%s.kind: unknown kind '%s' (expected one of: stage, concern, "
                "grade, risk, opening, procurement, move)", awhere, kind);
        free(kind);
    }
    yaml_node_t *area = get(L, ask, "area");
    if (area) {
        int found = 0;
        for (const char *const *a = areas; scalar(area) && *a; a++) found |= !strcmp(*a, scalar(area));
        if (!found) err(L, area, "%s.area: expected one of: stage, people, concern, negotiation, lifecycle", awhere);
        else st->area = dup(scalar(area));
    } else if (kind_areas[st->kind]) {
        st->area = dup(kind_areas[st->kind]);
    } else {
        err(L, ask, "%s: a move needs 'area' (one of: stage, people, concern, negotiation, lifecycle)", awhere);
    }
    bilingual(L, ask, "question", awhere, st->question);
    yaml_node_t *opts = get(L, ask, "options");
    if (!opts || opts->type != YAML_SEQUENCE_NODE) {
        err(L, opts ? opts : ask, "%s.options: expected a list of at least two options, found %s", awhere,
            what_node(opts));
        return;
    }
    size_t n_opts = (size_t)(opts->data.sequence.items.top - opts->data.sequence.items.start);
    if (n_opts < 2) err(L, opts, "%s.options: expected at least two options, found %zu", awhere, n_opts);
    if (n_opts > 26) {
        err(L, opts, "%s.options: at most 26 options, found %zu", awhere, n_opts);
        return;
    }
    st->options = calloc(n_opts + 1, sizeof *st->options);
    if (!st->options) return;
    yaml_node_t *default_next = get(L, ask, "next");
    for (size_t i = 0; i < n_opts; i++) {
        st->n_options = i + 1;
        load_option(L, st, &st->options[i], node(L, opts->data.sequence.items.start[i]), i, nexts, default_next);
    }
    yaml_node_t *expect = get(L, ask, "expect");
    if (expect) {
        st->expect = id_list(L, expect, awhere);
        size_t i;
        json_t *key;
        json_array_foreach(st->expect, i, key) {
            int found = 0;
            for (size_t j = 0; j < st->n_options; j++)
                found |= st->options[j].key && !strcmp(st->options[j].key, json_string_value(key));
            if (!found) err(L, expect, "%s.expect: '%s' is not the key of an option", awhere, json_string_value(key));
        }
    }
}

/* Every `next` names a step; every step is reached from the first; every
 * path ends (no cycle). */
static void check_graph(loader *L, json_t *nexts, yaml_node_t *steps_node)
{
    dc_scenario *sc = L->sc;
    size_t i;
    json_t *nx;
    json_array_foreach(nexts, i, nx) {
        const char *to = json_string_value(json_object_get(nx, "to"));
        tr_step *st = &sc->steps[json_integer_value(json_object_get(nx, "step"))];
        tr_option *o = &st->options[json_integer_value(json_object_get(nx, "option"))];
        json_t *index = json_object_get(L->step_names, to);
        if (!strcmp(to, "end")) o->next = -1;
        else if (index) o->next = (int)json_integer_value(index);
        else {
            dc_buf b = DC_BUF_INIT;
            dc_buf_printf(&b, "%s: step %s, option %s: leads nowhere: no step '%s' (expected a step "
                          "number or 'end')", json_string_value(json_object_get(nx, "pos")),
                          st->name ? st->name : "?", o->key ? o->key : "?", to);
            char *line = dc_buf_take(&b);
            json_array_append_new(L->errors, json_string(line ? line : "out of memory"));
            free(line);
            o->next = -2;
        }
    }
    if (json_array_size(L->errors) || !sc->n_steps) return;
    /* Depth-first from step 0: colour 1 on the stack, 2 done. */
    unsigned char *colour = calloc(sc->n_steps, 1);
    size_t *stack = calloc(sc->n_steps + 1, sizeof *stack), *next_opt = calloc(sc->n_steps + 1, sizeof *next_opt);
    if (!colour || !stack || !next_opt) goto out;
    size_t depth = 0;
    stack[0] = 0;
    next_opt[0] = 0;
    colour[0] = 1;
    depth = 1;
    int cycle_reported = 0;
    while (depth) {
        size_t s = stack[depth - 1];
        tr_step *st = &sc->steps[s];
        if (next_opt[depth - 1] >= st->n_options) {
            colour[s] = 2;
            depth--;
            continue;
        }
        tr_option *o = &st->options[next_opt[depth - 1]++];
        if (o->next < 0) continue;
        size_t t = (size_t)o->next;
        if (colour[t] == 1 && !cycle_reported) {
            dc_buf b = DC_BUF_INIT;
            dc_buf_printf(&b, "%s: step %s, option %s: a path with no end: it goes back to step %s (",
                          o->pos, st->name, o->key, sc->steps[t].name);
            for (size_t k = 0; k < depth; k++) dc_buf_printf(&b, "%s -> ", sc->steps[stack[k]].name);
            dc_buf_printf(&b, "%s); expected every path to reach 'end'", sc->steps[t].name);
            char *line = dc_buf_take(&b);
            json_array_append_new(L->errors, json_string(line ? line : "out of memory"));
            free(line);
            cycle_reported = 1;
        } else if (colour[t] == 0) {
            colour[t] = 1;
            stack[depth] = t;
            next_opt[depth] = 0;
            depth++;
        }
    }
    for (size_t s = 0; s < sc->n_steps; s++)
        if (!colour[s]) {
            dc_buf b = DC_BUF_INIT;
            dc_buf_printf(&b, "%s: step %s: no path reaches this step (expected an option with 'next: %s')",
                          sc->steps[s].pos, sc->steps[s].name, sc->steps[s].name);
            char *line = dc_buf_take(&b);
            json_array_append_new(L->errors, json_string(line ? line : "out of memory"));
            free(line);
        }
out:
    (void)steps_node;
    free(colour);
    free(stack);
    free(next_opt);
}

static void load_root(loader *L, yaml_node_t *root)
{
    static const char *const keys[] = {"id", "title", "briefing", "today", "pass", "deal", "steps", NULL};
    dc_scenario *sc = L->sc;
    if (!root) {
        err(L, NULL, "empty file: expected a scenario (id, title, briefing, today, deal, steps)");
        return;
    }
    if (!is_mapping(L, root, "scenario")) return;
    only_keys(L, root, "scenario", keys);
    sc->id = text_of(L, root, "id", "scenario");
    if (sc->id && strspn(sc->id, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(sc->id))
        err(L, get(L, root, "id"), "id: expected lower-case letters, digits and '-' only, found '%s'", sc->id);
    bilingual(L, root, "title", "scenario", sc->title);
    bilingual(L, root, "briefing", "scenario", sc->briefing);
    sc->today = text_of(L, root, "today", "scenario");
    long days;
    if (sc->today && !dc_date_parse(sc->today, &days))
        err(L, get(L, root, "today"), "today: expected a date YYYY-MM-DD (the day the deal is judged), found '%s'",
            sc->today);
    sc->pass = 60;
    yaml_node_t *pass = get(L, root, "pass");
    if (pass) {
        char *end = NULL;
        long v = scalar(pass) ? strtol(scalar(pass), &end, 10) : -1;
        if (!scalar(pass) || *end || v < 0 || v > 100)
            err(L, pass, "pass: expected the pass mark, a whole percent 0 to 100");
        else sc->pass = (int)v;
    }
    load_deal(L, root);
    yaml_node_t *steps = get(L, root, "steps");
    if (!steps || steps->type != YAML_SEQUENCE_NODE ||
        steps->data.sequence.items.top == steps->data.sequence.items.start) {
        err(L, steps ? steps : root, "steps: expected a list of steps (- step: 1 ...), found %s",
            steps ? what_node(steps) : "nothing");
        return;
    }
    size_t n = (size_t)(steps->data.sequence.items.top - steps->data.sequence.items.start);
    if (!(sc->steps = calloc(n, sizeof *sc->steps))) return;
    json_t *nexts = json_array();
    for (size_t i = 0; i < n && L->visits <= MAX_NODES; i++) {
        sc->n_steps = i + 1;
        load_step(L, &sc->steps[i], node(L, steps->data.sequence.items.start[i]), i, nexts);
    }
    if (L->visits > MAX_NODES)
        err(L, steps, "the scenario is too large (more than %d values, or aliases that repeat)", MAX_NODES);
    else check_graph(L, nexts, steps);
    json_decref(nexts);
}

static char *fnv_hex(const unsigned char *s, size_t n)
{
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    char *out = malloc(17);
    if (out) snprintf(out, 17, "%016llx", h);
    return out;
}

static int read_file(const char *path, char **text, size_t *len, json_t *errors)
{
    FILE *f = fopen(path, "rb");
    dc_buf b = DC_BUF_INIT;
    char chunk[65536];
    size_t got;
    if (!f) {
        dc_buf_printf(&b, "%s: cannot read: %s", path, strerror(errno));
        goto fail;
    }
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + got > MAX_FILE_BYTES) {
            fclose(f);
            free(dc_buf_take(&b));
            dc_buf_printf(&b, "%s:1:1: the file is larger than %d bytes: expected a scenario", path, MAX_FILE_BYTES);
            goto fail;
        }
        dc_buf_append(&b, chunk, got);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(dc_buf_take(&b));
        dc_buf_printf(&b, "%s: cannot read: %s", path, strerror(errno));
        goto fail;
    }
    *len = b.len;
    *text = dc_buf_take(&b);
    return *text ? DC_OK : DC_ENOMEM;
fail:;
    char *m = dc_buf_take(&b);
    json_array_append_new(errors, json_string(m ? m : "out of memory"));
    free(m);
    return DC_EIO;
}

int dc_scenario_parse(dc_coach *c, const char *origin, const char *text, size_t len,
                      dc_scenario **out, json_t *errors)
{
    loader L;
    yaml_parser_t parser;
    int rc, parsed = 0, have_parser = 0;
    memset(&L, 0, sizeof L);
    *out = NULL;
    L.file = origin;
    L.coach = c;
    L.vocab = dc_coach_engine(c);
    L.errors = json_array();
    L.step_names = json_object();
    L.sc = calloc(1, sizeof *L.sc);
    if (!L.errors || !L.step_names || !L.sc || !yaml_parser_initialize(&parser)) {
        rc = DC_ENOMEM;
        json_array_append_new(errors, json_string("out of memory"));
        goto out;
    }
    have_parser = 1;
    L.sc->path = strdup(origin);
    L.sc->hash = fnv_hex((const unsigned char *)text, len);
    if (len > MAX_FILE_BYTES) {
        err(&L, NULL, "the file is larger than %d bytes: expected a scenario", MAX_FILE_BYTES);
    } else {
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &L.doc)) {
            const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.context_mark;
            dc_buf b = DC_BUF_INIT;
            dc_buf_printf(&b, "%s:%lu:%lu: not valid YAML: %s%s%s", origin, (unsigned long)m->line + 1,
                          (unsigned long)m->column + 1, parser.problem ? parser.problem : "cannot parse",
                          parser.context ? " " : "", parser.context ? parser.context : "");
            char *line = dc_buf_take(&b);
            json_array_append_new(L.errors, json_string(line ? line : "out of memory"));
            free(line);
        } else {
            parsed = 1;
            load_root(&L, yaml_document_get_root_node(&L.doc));
        }
    }
    rc = json_array_size(L.errors) ? DC_EINPUT : DC_OK;
    json_array_extend(errors, L.errors);
    if (!rc) {
        *out = L.sc;
        L.sc = NULL;
    }
out:
    if (parsed) yaml_document_delete(&L.doc);
    if (have_parser) yaml_parser_delete(&parser);
    dc_scenario_free(L.sc);
    json_decref(L.errors);
    json_decref(L.step_names);
    return rc;
}

int dc_scenario_load(dc_coach *c, const char *path, dc_scenario **out, json_t *errors)
{
    char *text = NULL;
    size_t len = 0;
    int rc;
    *out = NULL;
    if ((rc = read_file(path, &text, &len, errors))) return rc;
    rc = dc_scenario_parse(c, path, text, len, out, errors);
    free(text);
    return rc;
}

static void free_texts(char *t[TR_LANGS])
{
    for (int i = 0; i < TR_LANGS; i++) free(t[i]);
}

void dc_scenario_free(dc_scenario *sc)
{
    if (!sc) return;
    for (size_t i = 0; i < sc->n_steps; i++) {
        tr_step *st = &sc->steps[i];
        for (size_t j = 0; j < st->n_options; j++) {
            tr_option *o = &st->options[j];
            free(o->key);
            free_texts(o->text);
            free(o->id);
            json_decref(o->against);
            json_decref(o->then);
            free(o->pos);
        }
        free(st->options);
        free(st->name);
        free_texts(st->narrative);
        json_decref(st->reveal);
        free(st->area);
        free_texts(st->question);
        json_decref(st->expect);
        free(st->pos);
    }
    free(sc->steps);
    free(sc->path);
    free(sc->id);
    free(sc->hash);
    free_texts(sc->title);
    free_texts(sc->briefing);
    free(sc->today);
    json_decref(sc->deal);
    free(sc);
}

const char *dc_scenario_id(const dc_scenario *sc) { return sc->id; }
const char *dc_scenario_hash(const dc_scenario *sc) { return sc->hash; }
const char *dc_scenario_title(const dc_scenario *sc, const char *lang) { return sc->title[tr_lang(lang)]; }
