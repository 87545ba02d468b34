/* deal_edit.c - change a deal from what a rep typed (see deal_edit.h).
 *
 * Nothing here knows the deal's fields: the kind of a field is found by
 * offering the checker (dc_deal_check_field) a sample value of each kind,
 * and every value is checked by it before the deal changes. So a field or
 * an id the schema gains is editable at once. */
#define _POSIX_C_SOURCE 200809L
#include "deal_edit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deal.h"
#include "strbuf.h"

/* Where a value goes: a field of the deal (`path`), or attribute `key` of
 * an entry of the list `list` (people, competitors). */
typedef struct place {
    const char *path;
    const char *list, *key;
} place;

static const char *const person_keys[] = {
    "title", "roles", "attitude", "met", "influence", "above_budget_line", "follow_up_sent", "leaving", NULL};
static const char *const competitor_keys[] = {"leading", "moves", NULL};

const char *const *dc_edit_entry_keys(const char *list)
{
    if (strcmp(list, "people") == 0) return person_keys;
    if (strcmp(list, "competitors") == 0) return competitor_keys;
    return NULL;
}

static int fail(json_t *errors, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(json_t *errors, int status, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (errors) json_array_append_new(errors, json_string(line));
    return status;
}

/* --- words ------------------------------------------------------------------- */

int dc_edit_yes_no(const char *text)
{
    static const char *const yes[] = {"yes", "y", "true", "是", "是的", "对", "有", "已", NULL};
    static const char *const no[] = {"no", "n", "false", "否", "不", "不是", "没有", "无", "未", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(text, yes[i]) == 0) return 1;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(text, no[i]) == 0) return 0;
    return -1;
}

int dc_edit_is_unknown(const char *text)
{
    return strcasecmp(text, "unknown") == 0 || strcmp(text, "未知") == 0 ||
           strcmp(text, "?") == 0 || strcmp(text, "不知道") == 0;
}

/* A number as people write it: "1200000", "1,200,000", "120万", "1.2亿",
 * "300k". 1 and *out on success, else 0. */
static int parse_number(const char *text, double *out)
{
    char digits[64];
    size_t n = 0;
    double scale = 1;
    const char *p = text;
    for (; *p && n + 1 < sizeof digits; p++) {
        if (*p == ',' || *p == '_') continue;
        if ((*p >= '0' && *p <= '9') || *p == '.' || (*p == '-' && n == 0)) digits[n++] = *p;
        else break;
    }
    digits[n] = '\0';
    if (strcmp(p, "万") == 0) scale = 1e4;
    else if (strcmp(p, "亿") == 0) scale = 1e8;
    else if (strcmp(p, "k") == 0 || strcmp(p, "K") == 0) scale = 1e3;
    else if (*p) return 0;
    char *end;
    if (n == 0) return 0;
    double v = strtod(digits, &end);
    if (*end || !isfinite(v)) return 0;
    *out = v * scale;
    return 1;
}

static json_t *number_value(double v)
{
    if (v == floor(v) && fabs(v) < 9e15) return json_integer((json_int_t)v);
    return json_real(v);
}

/* Split "a, b c、d" into a list of strings. */
static json_t *split_list(const char *text)
{
    json_t *list = json_array();
    const char *p = text;
    while (list && *p) {
        size_t skip = 0;
        if (*p == ',' || *p == ' ' || *p == '\t') skip = 1;
        else if (strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0) skip = 3;
        if (skip) {
            p += skip;
            continue;
        }
        size_t n = 0;
        while (p[n] && p[n] != ',' && p[n] != ' ' && p[n] != '\t' &&
               strncmp(p + n, "，", 3) != 0 && strncmp(p + n, "、", 3) != 0)
            n++;
        json_array_append_new(list, json_stringn(p, n));
        p += n;
    }
    return list;
}

/* A value as the history shows it: ids and numbers plain, yes/no for flags,
 * lists joined by ", ", text quoted when it has spaces or is empty. */
static void put_value(dc_buf *b, json_t *v)
{
    size_t i;
    json_t *item;
    switch (json_typeof(v)) {
    case JSON_TRUE: dc_buf_puts(b, "yes"); break;
    case JSON_FALSE: dc_buf_puts(b, "no"); break;
    case JSON_INTEGER: dc_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: dc_buf_printf(b, "%.15g", json_real_value(v)); break;
    case JSON_STRING: {
        const char *s = json_string_value(v);
        if (*s && !strpbrk(s, " \t\",=")) {
            dc_buf_puts(b, s);
        } else {
            char *quoted = json_dumps(v, JSON_ENCODE_ANY);
            dc_buf_puts(b, quoted ? quoted : "?");
            free(quoted);
        }
        break;
    }
    case JSON_ARRAY:
        if (json_array_size(v) == 0) dc_buf_puts(b, "(none)");
        json_array_foreach(v, i, item) {
            if (i) dc_buf_puts(b, ", ");
            put_value(b, item);
        }
        break;
    default: dc_buf_puts(b, "?"); break;
    }
}

char *dc_edit_value_text(json_t *value)
{
    dc_buf b = DC_BUF_INIT;
    put_value(&b, value);
    return dc_buf_take(&b);
}

/* A name, always quoted, so it reads as one: "Zhang Wei". */
static void put_name(dc_buf *b, const char *name)
{
    json_t *s = json_string(name);
    char *quoted = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
    dc_buf_puts(b, quoted ? quoted : "?");
    free(quoted);
    json_decref(s);
}

/* --- paths ------------------------------------------------------------------- */

json_t *dc_edit_get(json_t *deal, const char *path)
{
    char part[128];
    json_t *v = deal;
    while (v && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof part) return NULL;
        memcpy(part, path, n);
        part[n] = '\0';
        v = json_object_get(v, part);
        path += n + (path[n] == '.');
    }
    return v;
}

/* Set the value at a dotted path, making the objects on the way. Steals
 * `value`. */
static int set_at(json_t *deal, const char *path, json_t *value)
{
    char part[128];
    json_t *obj = deal;
    for (;;) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof part || !value) {
            json_decref(value);
            return DC_ENOMEM;
        }
        memcpy(part, path, n);
        part[n] = '\0';
        if (!path[n]) return json_object_set_new(obj, part, value) ? DC_ENOMEM : DC_OK;
        json_t *next = json_object_get(obj, part);
        if (!json_is_object(next)) {
            next = json_object();
            if (!next || json_object_set_new(obj, part, next)) {
                json_decref(value);
                return DC_ENOMEM;
            }
        }
        obj = next;
        path += n + 1;
    }
}

/* Remove the value at a dotted path, and objects left empty on the way. */
static void del_at(json_t *obj, const char *path)
{
    char part[128];
    size_t n = strcspn(path, ".");
    if (n >= sizeof part) return;
    memcpy(part, path, n);
    part[n] = '\0';
    if (!path[n]) {
        json_object_del(obj, part);
        return;
    }
    json_t *child = json_object_get(obj, part);
    if (!json_is_object(child)) return;
    del_at(child, path + n + 1);
    if (json_object_size(child) == 0) json_object_del(obj, part);
}

/* --- checking ------------------------------------------------------------------ */

/* The checker's message made to fit a session line: "deal: people[0].met:
 * expected..." becomes "people.met: expected...". */
static void clean_message(const char *raw, char *out, size_t size)
{
    if (strncmp(raw, "deal: ", 6) == 0) raw += 6;
    const char *colon = strstr(raw, ": ");
    size_t w = 0;
    for (const char *p = raw; *p && w + 1 < size; p++) {
        if (colon && p < colon && strncmp(p, "[0]", 3) == 0) {
            p += 2;
            continue;
        }
        out[w++] = *p;
    }
    out[w] = '\0';
}

/* A place's name in messages: "size", "people.met". */
static void place_name(const place *p, char *out, size_t size)
{
    if (p->path) snprintf(out, size, "%s", p->path);
    else snprintf(out, size, "%s.%s", p->list, p->key);
}

/* Check `value` (borrowed) as the value at `p`. Problems, cleaned, go to
 * `errors` when it is not NULL. */
static int check_at(dc_engine *vocab, const place *p, json_t *value, json_t *errors)
{
    json_t *raw = json_array(), *probe = NULL;
    int rc;
    if (!raw) return DC_ENOMEM;
    if (p->path) {
        rc = dc_deal_check_field(vocab, p->path, value, raw);
    } else {
        json_t *entry = json_pack("{ss}", "name", "x");
        if (entry && value) json_object_set(entry, p->key, value);
        probe = json_array();
        if (!entry || !probe || json_array_append_new(probe, entry)) {
            json_decref(raw);
            json_decref(probe);
            return DC_ENOMEM;
        }
        rc = dc_deal_check_field(vocab, p->list, probe, raw);
    }
    if (rc && errors) {
        char line[1024];
        const char *first = json_string_value(json_array_get(raw, 0));
        clean_message(first ? first : "bad value", line, sizeof line);
        json_array_append_new(errors, json_string(line));
    }
    json_decref(raw);
    json_decref(probe);
    return rc;
}

/* The kind of a place, found by offering the checker a sample of each. */
static dc_field_kind kind_at(dc_engine *vocab, const place *p)
{
    json_t *samples[] = {json_true(), json_integer(1), json_array(), json_string("x")};
    const dc_field_kind kinds[] = {DC_FIELD_FLAG, DC_FIELD_NUMBER, DC_FIELD_LIST, DC_FIELD_TEXT};
    dc_field_kind kind = DC_FIELD_TEXT;
    if (p->path) {
        json_t *sink = json_array();
        int rc = dc_deal_check_field(vocab, p->path, json_null(), sink);
        json_decref(sink);
        if (rc == DC_ENOTFOUND) kind = DC_FIELD_NONE;
    } else {
        int known = 0;
        for (const char *const *k = dc_edit_entry_keys(p->list); k && *k; k++)
            if (strcmp(*k, p->key) == 0) known = 1;
        if (strcmp(p->key, "name") == 0) known = 1;
        if (!known) kind = DC_FIELD_NONE;
    }
    for (size_t i = 0; kind != DC_FIELD_NONE && i < 3; i++) {
        if (check_at(vocab, p, samples[i], NULL) == DC_OK) {
            kind = kinds[i];
            break;
        }
    }
    for (size_t i = 0; i < 4; i++) json_decref(samples[i]);
    return kind;
}

dc_field_kind dc_edit_field_kind(dc_engine *vocab, const char *path)
{
    place p = {path, NULL, NULL};
    return kind_at(vocab, &p);
}

dc_field_kind dc_edit_entry_kind(dc_engine *vocab, const char *list, const char *key)
{
    place p = {NULL, list, key};
    return kind_at(vocab, &p);
}

json_t *dc_edit_field_symbols(dc_engine *vocab, const char *path)
{
    /* The schema names slots after the JSON fields: "A.B" is slot B of
     * template A, "A.answers.B" too, a top-level field is a slot of "deal";
     * these lists are templates of their own. */
    static const struct { const char *prefix, *tmpl, *slot; } special[] = {
        {"criteria", "criterion", "id"},
        {"signals", "signal", "id"},
        {"people.", "person", NULL},
        {"competitors.", "competitor", NULL},
    };
    char tmpl[64] = "deal";
    const char *slot = strrchr(path, '.');
    slot = slot ? slot + 1 : path;
    const char *dot = strchr(path, '.');
    if (dot && (size_t)(dot - path) < sizeof tmpl) snprintf(tmpl, sizeof tmpl, "%.*s", (int)(dot - path), path);
    for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
        size_t n = strlen(special[i].prefix);
        if (strncmp(path, special[i].prefix, n) == 0 &&
            (special[i].slot ? path[n] == '\0' : 1)) {
            snprintf(tmpl, sizeof tmpl, "%s", special[i].tmpl);
            if (special[i].slot) slot = special[i].slot;
        }
    }
    json_t *all = dc_engine_allowed_symbols(vocab, tmpl, slot), *out = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
        if (out && strcmp(json_string_value(s), "unknown") != 0) json_array_append(out, s);
    json_decref(all);
    return out;
}

/* Turn the rep's text into a value of the place's kind and check it. On
 * DC_OK *value is a new reference. */
static int value_from_text(dc_engine *vocab, const place *p, dc_field_kind kind,
                           const char *text, json_t *errors, json_t **value)
{
    char name[256];
    double number;
    place_name(p, name, sizeof name);
    *value = NULL;
    switch (kind) {
    case DC_FIELD_NONE:
        return fail(errors, DC_ENOTFOUND, "%s: no such field", name);
    case DC_FIELD_FLAG: {
        int yes = dc_edit_yes_no(text);
        if (yes < 0) return fail(errors, DC_EINPUT, "%s: expected yes or no, got \"%s\"", name, text);
        *value = json_boolean(yes);
        break;
    }
    case DC_FIELD_NUMBER:
        if (!parse_number(text, &number))
            return fail(errors, DC_EINPUT, "%s: expected a number, got \"%s\"", name, text);
        *value = number_value(number);
        break;
    case DC_FIELD_LIST:
        *value = split_list(text);
        break;
    case DC_FIELD_TEXT:
        *value = json_string(text);
        break;
    }
    if (!*value) return fail(errors, DC_ENOMEM, "out of memory");
    int rc = check_at(vocab, p, *value, errors);
    if (rc) {
        json_decref(*value);
        *value = NULL;
    }
    return rc;
}

/* "unknown" forgets a field, unless the field is free text. */
static int means_unknown(dc_engine *vocab, const char *path, dc_field_kind kind, const char *text)
{
    if (!dc_edit_is_unknown(text) && *text) return 0;
    if (kind != DC_FIELD_TEXT) return 1;
    json_t *symbols = dc_edit_field_symbols(vocab, path);
    int has = json_array_size(symbols) > 0;
    json_decref(symbols);
    return has;
}

static int done(dc_buf *b, char **what)
{
    *what = dc_buf_take(b);
    return *what ? DC_OK : DC_ENOMEM;
}

/* --- fields ---------------------------------------------------------------------- */

int dc_edit_set(dc_engine *vocab, json_t *deal, const char *path, const char *text,
                json_t *errors, char **what)
{
    place p = {path, NULL, NULL};
    json_t *value;
    *what = NULL;
    dc_field_kind kind = kind_at(vocab, &p);
    if (kind == DC_FIELD_NONE) return fail(errors, DC_ENOTFOUND, "%s: no such field", path);
    if (strcmp(path, "id") == 0)
        return fail(errors, DC_EINPUT, "id: a deal's id cannot change (export it, edit the file, import it)");
    if (means_unknown(vocab, path, kind, text)) return dc_edit_unset(vocab, deal, path, errors, what);
    int rc = value_from_text(vocab, &p, kind, text, errors, &value);
    if (rc) return rc;
    json_t *old = dc_edit_get(deal, path);
    if (old && json_equal(old, value)) {
        json_decref(value);
        return DC_OK;
    }
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s = ", path);
    put_value(&b, value);
    if (old) {
        dc_buf_puts(&b, " (was ");
        put_value(&b, old);
        dc_buf_puts(&b, ")");
    }
    if ((rc = set_at(deal, path, value))) {
        free(dc_buf_take(&b));
        return fail(errors, rc, "out of memory");
    }
    return done(&b, what);
}

int dc_edit_unset(dc_engine *vocab, json_t *deal, const char *path, json_t *errors, char **what)
{
    *what = NULL;
    if (dc_edit_field_kind(vocab, path) == DC_FIELD_NONE)
        return fail(errors, DC_ENOTFOUND, "%s: no such field", path);
    if (strcmp(path, "id") == 0) return fail(errors, DC_EINPUT, "id: a deal always has its id");
    json_t *old = dc_edit_get(deal, path);
    if (!old) return DC_OK;
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s = unknown (was ", path);
    put_value(&b, old);
    dc_buf_puts(&b, ")");
    del_at(deal, path);
    return done(&b, what);
}

/* Is the field at `path` a list? DC_OK, else the failure (message). */
static int is_list(dc_engine *vocab, const char *path, json_t *errors)
{
    dc_field_kind kind = dc_edit_field_kind(vocab, path);
    if (kind == DC_FIELD_NONE) return fail(errors, DC_ENOTFOUND, "%s: no such field", path);
    if (kind != DC_FIELD_LIST) return fail(errors, DC_EINPUT, "%s: not a list", path);
    return DC_OK;
}

static size_t find_item(json_t *list, const char *item)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), item) == 0) return i;
    return (size_t)-1;
}

int dc_edit_add_item(dc_engine *vocab, json_t *deal, const char *path, const char *item,
                     json_t *errors, char **what)
{
    place p = {path, NULL, NULL};
    *what = NULL;
    int rc = is_list(vocab, path, errors);
    if (rc) return rc;
    json_t *list = dc_edit_get(deal, path);
    if (find_item(list, item) != (size_t)-1) return DC_OK;
    json_t *probe = json_pack("[s]", item);
    rc = probe ? check_at(vocab, &p, probe, errors) : DC_ENOMEM;
    json_decref(probe);
    if (rc) return rc;
    if (!json_is_array(list)) {
        if (set_at(deal, path, json_array())) return fail(errors, DC_ENOMEM, "out of memory");
        list = dc_edit_get(deal, path);
    }
    if (json_array_append_new(list, json_string(item))) return fail(errors, DC_ENOMEM, "out of memory");
    dc_buf b = DC_BUF_INIT;
    json_t *shown = json_string(item);
    dc_buf_printf(&b, "%s + ", path);
    put_value(&b, shown);
    json_decref(shown);
    return done(&b, what);
}

int dc_edit_remove_item(json_t *deal, const char *path, const char *item,
                        json_t *errors, char **what)
{
    *what = NULL;
    json_t *list = dc_edit_get(deal, path);
    size_t at = find_item(list, item);
    if (at == (size_t)-1) return fail(errors, DC_ENOTFOUND, "%s: \"%s\" is not there", path, item);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s - ", path);
    put_value(&b, json_array_get(list, at));
    json_array_remove(list, at);
    return done(&b, what);
}

int dc_edit_replace_at(dc_engine *vocab, json_t *deal, const char *path, size_t index,
                       const char *text, json_t *errors, char **what)
{
    place p = {path, NULL, NULL};
    *what = NULL;
    json_t *list = dc_edit_get(deal, path);
    if (index >= json_array_size(list))
        return fail(errors, DC_ENOTFOUND, "%s: there is no item %zu", path, index + 1);
    json_t *probe = json_pack("[s]", text);
    int rc = probe ? check_at(vocab, &p, probe, errors) : DC_ENOMEM;
    json_decref(probe);
    if (rc) return rc;
    json_t *old = json_array_get(list, index);
    if (json_is_string(old) && strcmp(json_string_value(old), text) == 0) return DC_OK;
    json_t *value = json_string(text);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s[%zu] = ", path, index + 1);
    put_value(&b, value);
    dc_buf_puts(&b, " (was ");
    put_value(&b, old);
    dc_buf_puts(&b, ")");
    json_array_set_new(list, index, value);
    return done(&b, what);
}

int dc_edit_remove_at(json_t *deal, const char *path, size_t index, json_t *errors, char **what)
{
    *what = NULL;
    json_t *list = dc_edit_get(deal, path);
    if (index >= json_array_size(list))
        return fail(errors, DC_ENOTFOUND, "%s: there is no item %zu", path, index + 1);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s[%zu] - ", path, index + 1);
    put_value(&b, json_array_get(list, index));
    json_array_remove(list, index);
    return done(&b, what);
}

/* --- records --------------------------------------------------------------------- */

/* A record as the history shows it: its values, "date score=6". */
static void put_record(dc_buf *b, json_t *record)
{
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach(record, key, v) {
        if (!first) dc_buf_printf(b, " %s=", key);
        put_value(b, v);
        first = 0;
    }
}

int dc_edit_add_record(dc_engine *vocab, json_t *deal, const char *path, json_t *record,
                       json_t *errors, char **what)
{
    place p = {path, NULL, NULL};
    *what = NULL;
    int rc = is_list(vocab, path, errors);
    if (rc) return rc;
    json_t *probe = json_array();
    if (!probe || json_array_append(probe, record)) {
        json_decref(probe);
        return fail(errors, DC_ENOMEM, "out of memory");
    }
    rc = check_at(vocab, &p, probe, errors);
    json_decref(probe);
    if (rc) return rc;
    json_t *list = dc_edit_get(deal, path);
    if (!json_is_array(list)) {
        if (set_at(deal, path, json_array())) return fail(errors, DC_ENOMEM, "out of memory");
        list = dc_edit_get(deal, path);
    }
    if (json_array_append_new(list, json_deep_copy(record))) return fail(errors, DC_ENOMEM, "out of memory");
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s + ", path);
    put_record(&b, record);
    return done(&b, what);
}

int dc_edit_remove_records(json_t *deal, const char *path, const char *key, const char *value,
                           json_t *errors, char **what)
{
    *what = NULL;
    json_t *list = dc_edit_get(deal, path);
    size_t removed = 0;
    for (size_t i = json_array_size(list); i-- > 0; ) {
        const char *v = json_string_value(json_object_get(json_array_get(list, i), key));
        if (v && strcmp(v, value) == 0) {
            json_array_remove(list, i);
            removed++;
        }
    }
    if (!removed) return fail(errors, DC_ENOTFOUND, "%s: nothing with %s %s", path, key, value);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s - %s", path, value);
    return done(&b, what);
}

/* --- entries --------------------------------------------------------------------- */

/* Find the entry named `name` in `list`: DC_OK and *at, else DC_ENOTFOUND
 * (none) or DC_EINPUT (the name fits several), with a message in `errors`
 * (may be NULL). */
static int find_entry(json_t *list, const char *list_name, const char *name, json_t *errors,
                      size_t *at)
{
    size_t i, matches = 0;
    json_t *entry;
    json_array_foreach(list, i, entry) {
        const char *n = json_string_value(json_object_get(entry, "name"));
        if (n && strcmp(n, name) == 0) {
            *at = i;
            return DC_OK;
        }
    }
    json_array_foreach(list, i, entry) {
        const char *n = json_string_value(json_object_get(entry, "name"));
        if (n && strcasecmp(n, name) == 0) {
            *at = i;
            matches++;
        }
    }
    if (matches == 1) return DC_OK;
    if (matches > 1)
        return fail(errors, DC_EINPUT, "%s: \"%s\" could be several; give the exact name", list_name, name);
    return fail(errors, DC_ENOTFOUND, "%s: nothing called \"%s\"", list_name, name);
}

/* Apply attributes to `entry` (a copy the caller owns). Appends
 * " key=value" (new entries) or "key = v (was w), " (changes) to `b`. */
static int apply_attrs(dc_engine *vocab, json_t *entry, const char *list_name,
                       const dc_edit_attr *attrs, size_t n, int is_new, json_t *errors, dc_buf *b)
{
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        place p = {NULL, list_name, attrs[i].key};
        dc_field_kind kind = kind_at(vocab, &p);
        if (kind == DC_FIELD_NONE) {
            dc_buf keys = DC_BUF_INIT;
            dc_buf_puts(&keys, "name");
            for (const char *const *k = dc_edit_entry_keys(list_name); k && *k; k++)
                dc_buf_printf(&keys, ", %s", *k);
            char *known = dc_buf_take(&keys);
            fail(errors, DC_ENOTFOUND, "%s: no attribute \"%s\" (expected one of: %s)", list_name,
                 attrs[i].key, known ? known : "?");
            free(known);
            return DC_ENOTFOUND;
        }
        json_t *old = json_object_get(entry, attrs[i].key), *value = NULL;
        char path[128];
        snprintf(path, sizeof path, "%s.%s", list_name, attrs[i].key);
        if (strcmp(attrs[i].key, "name") == 0 && !*attrs[i].text)
            return fail(errors, DC_EINPUT, "%s.name: a name is needed", list_name);
        if (strcmp(attrs[i].key, "name") != 0 && means_unknown(vocab, path, kind, attrs[i].text)) {
            if (!old) continue;
        } else {
            int rc = value_from_text(vocab, &p, kind, attrs[i].text, errors, &value);
            if (rc) return rc;
            if (old && json_equal(old, value)) {
                json_decref(value);
                continue;
            }
        }
        if (is_new) {
            dc_buf_printf(b, " %s=", attrs[i].key);
            put_value(b, value);
        } else {
            dc_buf_printf(b, "%s%s = ", first ? ": " : ", ", attrs[i].key);
            if (value) put_value(b, value);
            else dc_buf_puts(b, "unknown");
            if (old) {
                dc_buf_puts(b, " (was ");
                put_value(b, old);
                dc_buf_puts(b, ")");
            }
        }
        first = 0;
        if (value) json_object_set_new(entry, attrs[i].key, value);
        else json_object_del(entry, attrs[i].key);
    }
    return DC_OK;
}

/* Check a whole entry before it goes in. */
static int check_entry(dc_engine *vocab, const char *list_name, json_t *entry, json_t *errors)
{
    place p = {list_name, NULL, NULL};
    json_t *probe = json_array();
    if (!probe || json_array_append(probe, entry)) {
        json_decref(probe);
        return fail(errors, DC_ENOMEM, "out of memory");
    }
    int rc = check_at(vocab, &p, probe, errors);
    json_decref(probe);
    return rc;
}

static int entry_list_ok(const char *list_name, json_t *errors)
{
    if (dc_edit_entry_keys(list_name)) return DC_OK;
    return fail(errors, DC_ENOTFOUND, "%s: not a list of people or competitors", list_name);
}

int dc_edit_entry_add(dc_engine *vocab, json_t *deal, const char *list_name, const char *name,
                      const dc_edit_attr *attrs, size_t n_attrs, json_t *errors, char **what)
{
    int rc;
    *what = NULL;
    if ((rc = entry_list_ok(list_name, errors))) return rc;
    if (!*name) return fail(errors, DC_EINPUT, "%s: a name is needed", list_name);
    json_t *list = json_object_get(deal, list_name);
    size_t at;
    if (find_entry(list, list_name, name, NULL, &at) != DC_ENOTFOUND)
        return fail(errors, DC_EINPUT, "%s: \"%s\" is already there", list_name, name);
    json_t *entry = json_pack("{ss}", "name", name);
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s + ", list_name);
    put_name(&b, name);
    rc = entry ? apply_attrs(vocab, entry, list_name, attrs, n_attrs, 1, errors, &b) : DC_ENOMEM;
    if (!rc) rc = check_entry(vocab, list_name, entry, errors);
    if (!rc) {
        if (!json_is_array(list)) {
            json_object_set_new(deal, list_name, json_array());
            list = json_object_get(deal, list_name);
        }
        if (!list || json_array_append(list, entry)) rc = fail(errors, DC_ENOMEM, "out of memory");
    }
    json_decref(entry);
    if (rc) {
        free(dc_buf_take(&b));
        return rc;
    }
    return done(&b, what);
}

int dc_edit_entry_set(dc_engine *vocab, json_t *deal, const char *list_name, const char *name,
                      const dc_edit_attr *attrs, size_t n_attrs, json_t *errors, char **what)
{
    int rc;
    *what = NULL;
    if ((rc = entry_list_ok(list_name, errors))) return rc;
    json_t *list = json_object_get(deal, list_name);
    size_t at, other;
    if ((rc = find_entry(list, list_name, name, errors, &at))) return rc;
    json_t *entry = json_deep_copy(json_array_get(list, at));
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s ", list_name);
    put_name(&b, json_string_value(json_object_get(entry, "name")));
    /* A rename to another entry's name is refused; to its own, allowed. */
    for (size_t i = 0; entry && i < n_attrs; i++) {
        if (strcmp(attrs[i].key, "name") != 0) continue;
        if (find_entry(list, list_name, attrs[i].text, NULL, &other) != DC_ENOTFOUND && other != at) {
            json_decref(entry);
            free(dc_buf_take(&b));
            return fail(errors, DC_EINPUT, "%s: \"%s\" is already there", list_name, attrs[i].text);
        }
    }
    size_t before = b.len;
    rc = entry ? apply_attrs(vocab, entry, list_name, attrs, n_attrs, 0, errors, &b) : DC_ENOMEM;
    if (!rc) rc = check_entry(vocab, list_name, entry, errors);
    if (rc || b.len == before) {
        json_decref(entry);
        free(dc_buf_take(&b));
        return rc;
    }
    json_array_set_new(list, at, entry);
    return done(&b, what);
}

int dc_edit_entry_remove(json_t *deal, const char *list_name, const char *name,
                         json_t *errors, char **what)
{
    int rc;
    *what = NULL;
    if ((rc = entry_list_ok(list_name, errors))) return rc;
    json_t *list = json_object_get(deal, list_name);
    size_t at;
    if ((rc = find_entry(list, list_name, name, errors, &at))) return rc;
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s - ", list_name);
    put_name(&b, json_string_value(json_object_get(json_array_get(list, at), "name")));
    json_array_remove(list, at);
    return done(&b, what);
}

int dc_edit_entry_add_item(dc_engine *vocab, json_t *deal, const char *list_name, const char *name,
                           const char *key, const char *item, json_t *errors, char **what)
{
    int rc;
    *what = NULL;
    if ((rc = entry_list_ok(list_name, errors))) return rc;
    if (dc_edit_entry_kind(vocab, list_name, key) != DC_FIELD_LIST)
        return fail(errors, DC_EINPUT, "%s.%s: not a list", list_name, key);
    json_t *list = json_object_get(deal, list_name);
    size_t at;
    rc = find_entry(list, list_name, name, NULL, &at);
    if (rc == DC_ENOTFOUND) {
        dc_edit_attr attr = {key, item};
        return dc_edit_entry_add(vocab, deal, list_name, name, &attr, 1, errors, what);
    }
    if (rc) return find_entry(list, list_name, name, errors, &at);
    json_t *entry = json_array_get(list, at);
    json_t *items = json_object_get(entry, key);
    if (find_item(items, item) != (size_t)-1) return DC_OK;
    json_t *copy = json_deep_copy(entry);
    json_t *grown = json_is_array(json_object_get(copy, key)) ? json_object_get(copy, key) : NULL;
    if (!grown && copy) {
        json_object_set_new(copy, key, json_array());
        grown = json_object_get(copy, key);
    }
    if (!grown || json_array_append_new(grown, json_string(item))) {
        json_decref(copy);
        return fail(errors, DC_ENOMEM, "out of memory");
    }
    place p = {NULL, list_name, key};
    if ((rc = check_at(vocab, &p, grown, errors))) {
        json_decref(copy);
        return rc;
    }
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s ", list_name);
    put_name(&b, json_string_value(json_object_get(copy, "name")));
    dc_buf_printf(&b, ": %s + %s", key, item);
    json_array_set_new(list, at, copy);
    return done(&b, what);
}
