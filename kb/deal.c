/* deal.c - read and check a deal file against spec §1. */
#define _POSIX_C_SOURCE 200809L
#include "deal.h"
#include "plain.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "json_read.h"
#include "strbuf.h"

#define MAX_DEAL_BYTES (8u << 20) /* a deal file is small; refuse a runaway one */

typedef enum field_kind {
    TEXT,      /* any string */
    DEAL_ID,   /* a slug: see dc_deal_id_problem */
    AMOUNT,    /* a number >= 0 */
    DATE,      /* "YYYY-MM-DD" */
    FLAG,      /* true / false */
    SYMBOL,    /* one id from the schema's allowed symbols */
    SYMBOLS,   /* a list of such ids */
    INFLUENCE, /* an integer 1..5 */
    DAYS,      /* an integer >= 1 */
    COUNT,     /* an integer >= 0 */
    SCORE,     /* an integer 1..10 (a satisfaction survey) */
    OBJECT,    /* an object with the given children */
    OBJECTS,   /* a list of such objects */
    TEXTS      /* a list of strings */
} field_kind;

typedef struct field {
    const char *name;
    field_kind kind;
    const char *tmpl, *slot;       /* SYMBOL(S): where the vocabulary lives */
    const struct field *children;  /* OBJECT(S) */
    int required;
} field;

static const field person_fields[] = {
    {"name", TEXT, NULL, NULL, NULL, 1},
    {"title", TEXT, NULL, NULL, NULL, 0},
    {"roles", SYMBOLS, "person", "roles", NULL, 0},
    {"attitude", SYMBOL, "person", "attitude", NULL, 0},
    {"met", FLAG, NULL, NULL, NULL, 0},
    {"influence", INFLUENCE, NULL, NULL, NULL, 0},
    {"above_budget_line", FLAG, NULL, NULL, NULL, 0},
    {"follow_up_sent", FLAG, NULL, NULL, NULL, 0},
    {"leaving", FLAG, NULL, NULL, NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field competitor_fields[] = {
    {"name", TEXT, NULL, NULL, NULL, 1},
    {"leading", FLAG, NULL, NULL, NULL, 0},
    {"moves", SYMBOLS, "competitor", "moves", NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field evaluation_fields[] = {
    {"solution_evaluated", FLAG, NULL, NULL, NULL, 0},
    {"preferred", SYMBOL, "evaluation", "preferred", NULL, 0},
    {"criteria_influenced", FLAG, NULL, NULL, NULL, 0},
    {"proposal_submitted", FLAG, NULL, NULL, NULL, 0},
    {"needs_explored", FLAG, NULL, NULL, NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field negotiation_fields[] = {
    {"phase", SYMBOL, "negotiation", "phase", NULL, 0},
    {"preconditions", SYMBOLS, "negotiation", "preconditions", NULL, 0},
    {"reservation_price", AMOUNT, NULL, NULL, NULL, 0},
    {"our_offer", AMOUNT, NULL, NULL, NULL, 0},
    {"customer_target", AMOUNT, NULL, NULL, NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field answer_fields[] = {
    {"is-real", FLAG, NULL, NULL, NULL, 0},
    {"can-compete", FLAG, NULL, NULL, NULL, 0},
    {"can-win", FLAG, NULL, NULL, NULL, 0},
    {"worth-winning", FLAG, NULL, NULL, NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field opportunity_fields[] = {
    {"answers", OBJECT, NULL, NULL, answer_fields, 0},
    {"short_term", SYMBOL, "opportunity", "short_term", NULL, 0},
    {"long_term", SYMBOL, "opportunity", "long_term", NULL, 0},
    {"turf", SYMBOL, "opportunity", "turf", NULL, 0},
    {"leader", SYMBOL, "opportunity", "leader", NULL, 0},
    {"months_to_close", AMOUNT, NULL, NULL, NULL, 0},
    {"likelihood", SYMBOL, "opportunity", "likelihood", NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field visit_fields[] = {
    {"date", DATE, NULL, NULL, NULL, 1},
    {"who", TEXT, NULL, NULL, NULL, 0},
    {"notes", TEXT, NULL, NULL, NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field survey_fields[] = {
    {"date", DATE, NULL, NULL, NULL, 1},
    {"score", SCORE, NULL, NULL, NULL, 1},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field account_fields[] = {
    {"lifecycle", SYMBOL, "account", "lifecycle", NULL, 0},
    {"last_purchase", DATE, NULL, NULL, NULL, 0},
    {"purchase_interval_days", DAYS, NULL, NULL, NULL, 0},
    {"owner", TEXT, NULL, NULL, NULL, 0},
    {"credit_class", SYMBOL, "account", "credit_class", NULL, 0},
    {"credit_limit", AMOUNT, NULL, NULL, NULL, 0},
    {"credit_approved", FLAG, NULL, NULL, NULL, 0},
    {"receivables", AMOUNT, NULL, NULL, NULL, 0},
    {"overdue_amount", AMOUNT, NULL, NULL, NULL, 0},
    {"overdue_since", DATE, NULL, NULL, NULL, 0},
    {"last_receivables_review", DATE, NULL, NULL, NULL, 0},
    {"on_time_payments", COUNT, NULL, NULL, NULL, 0},
    {"late_payments", COUNT, NULL, NULL, NULL, 0},
    {"billing", SYMBOL, "account", "billing", NULL, 0},
    {"file", SYMBOLS, "account", "file", NULL, 0},
    {"visits", OBJECTS, NULL, NULL, visit_fields, 0},
    {"satisfaction", OBJECTS, NULL, NULL, survey_fields, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

static const field deal_fields[] = {
    {"id", DEAL_ID, NULL, NULL, NULL, 1},
    {"name", TEXT, NULL, NULL, NULL, 0},
    {"customer", TEXT, NULL, NULL, NULL, 0},
    {"owner", TEXT, NULL, NULL, NULL, 0},
    {"size", SYMBOL, "deal", "size", NULL, 0},
    {"amount", AMOUNT, NULL, NULL, NULL, 0},
    {"budget", AMOUNT, NULL, NULL, NULL, 0},
    {"trust_notes", FLAG, NULL, NULL, NULL, 0},
    {"currency", TEXT, NULL, NULL, NULL, 0},
    {"claimed_stage", SYMBOL, "deal", "claimed_stage", NULL, 0},
    {"expected_close", DATE, NULL, NULL, NULL, 0},
    {"criteria", SYMBOLS, "criterion", "id", NULL, 0},
    {"people", OBJECTS, NULL, NULL, person_fields, 0},
    {"competitors", OBJECTS, NULL, NULL, competitor_fields, 0},
    {"evaluation", OBJECT, NULL, NULL, evaluation_fields, 0},
    {"negotiation", OBJECT, NULL, NULL, negotiation_fields, 0},
    {"opportunity", OBJECT, NULL, NULL, opportunity_fields, 0},
    {"account", OBJECT, NULL, NULL, account_fields, 0},
    {"signals", SYMBOLS, "signal", "id", NULL, 0},
    {"notes", TEXTS, NULL, NULL, NULL, 0},
    {NULL, TEXT, NULL, NULL, NULL, 0}};

/* The vocabulary of a field, looked up once per check. */
#define VOCAB_CACHE 16

/* The state of one check: where problems go and how to name them. */
typedef struct checker {
    dc_engine *vocab;
    const char *origin;
    json_t *errors, *warnings;
    int failed;
    const char *cached_tmpl[VOCAB_CACHE]; /* the field table's own strings */
    const char *cached_slot[VOCAB_CACHE];
    json_t *cached_list[VOCAB_CACHE];
    int cached;
    /* "lazy-check" switched off (kb/plain.h): every value is rendered for
     * a message whether or not there is one. */
    int plain;
} checker;

/* Append "ORIGIN: PATH: DETAIL" to `list`. The line is made valid UTF-8
 * (a file name or a value cut short could break it), so it is never lost. */
static void report(checker *c, json_t *list, const char *path, const char *fmt, ...)
{
    char detail[768], line[1280];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (path && *path) snprintf(line, sizeof line, "%s: %s: %s", c->origin, path, detail);
    else snprintf(line, sizeof line, "%s: %s", c->origin, detail);
    dc_utf8_sanitize(line);
    json_array_append_new(list, json_string(line));
    if (list == c->errors) c->failed = 1;
}

/* A short rendering of a JSON value for messages: at most ~60 bytes, cut
 * between characters. */
static void describe(json_t *value, char *buf, size_t size)
{
    char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!text) {
        snprintf(buf, size, "(a value)");
        return;
    }
    size_t keep = dc_utf8_prefix(text, 57);
    if (strlen(text) > 60) snprintf(buf, size, "%.*s...", (int)keep, text);
    else snprintf(buf, size, "%s", text);
    free(text);
}

/* "PARENT.NAME" (or "NAME") into out[size], cut short to fit. Every field
 * checked gets its path, valid or not, so no printf here. */
static void join_path(char *out, size_t size, const char *parent, const char *name)
{
    size_t at = 0;
    for (const char *p = parent && *parent ? parent : ""; *p && at + 1 < size; p++) out[at++] = *p;
    if (at && at + 1 < size) out[at++] = '.';
    for (const char *p = name; *p && at + 1 < size; p++) out[at++] = *p;
    out[at] = '\0';
}

/* "PATH[I]" into out[size], cut short to fit. */
static void item_path(char *out, size_t size, const char *path, size_t i)
{
    char digits[24];
    size_t n = 0, at = 0;
    do digits[n++] = (char)('0' + i % 10); while ((i /= 10) != 0);
    for (const char *p = path; *p && at + 1 < size; p++) out[at++] = *p;
    if (at + 1 < size) out[at++] = '[';
    while (n && at + 1 < size) out[at++] = digits[--n];
    if (at + 1 < size) out[at++] = ']';
    out[at] = '\0';
}

/* The schema's allowed symbols for a field; NULL when the schema has no
 * such slot (nothing to check against). A new reference: the cache keeps
 * its own, so a list is looked up once per check. */
static json_t *vocabulary(checker *c, const field *f)
{
    for (int i = 0; i < c->cached; i++)
        if (c->cached_tmpl[i] == f->tmpl && c->cached_slot[i] == f->slot)
            return json_incref(c->cached_list[i]);
    json_t *list = dc_engine_allowed_symbols(c->vocab, f->tmpl, f->slot);
    if (list && c->cached < VOCAB_CACHE) {
        c->cached_tmpl[c->cached] = f->tmpl;
        c->cached_slot[c->cached] = f->slot;
        c->cached_list[c->cached++] = json_incref(list);
    }
    return list;
}

static void forget_vocabulary(checker *c)
{
    for (int i = 0; i < c->cached; i++) json_decref(c->cached_list[i]);
    c->cached = 0;
}

/* Is `id` among the slot's allowed symbols? "unknown" is the schema's
 * own default, never a value a deal gives (absent means unknown). Fills
 * `expected` for messages. */
static int allowed(checker *c, const field *f, const char *id, char *expected, size_t size)
{
    expected[0] = '\0';
    if (!c->plain) { /* asked without a list; the list only for a message */
        int r = dc_engine_slot_allows(c->vocab, f->tmpl, f->slot, id);
        if (r == DC_SLOT_ANY || r == DC_SLOT_NONE || (r == DC_SLOT_ALLOWS && strcmp(id, "unknown") != 0))
            return 1;
    }
    json_t *list = vocabulary(c, f);
    int ok = 0;
    size_t used = 0, i;
    json_t *item;
    expected[0] = '\0';
    if (!list) return 1;
    if (json_array_size(list) == 0) ok = 1;
    json_array_foreach(list, i, item) {
        const char *s = json_string_value(item);
        if (strcmp(s, "unknown") != 0 && strcmp(s, id) == 0) ok = 1;
    }
    /* The list for the message: only when it is shown (or on the plain path). */
    json_array_foreach(list, i, item) {
        const char *s = json_string_value(item);
        if ((ok && !c->plain) || strcmp(s, "unknown") == 0) continue;
        if (used + strlen(s) + 3 >= size) continue;
        used += (size_t)snprintf(expected + used, size - used, "%s%s", used ? ", " : "", s);
    }
    json_decref(list);
    return ok;
}

static json_t *check_value(checker *c, const field *f, const char *path, json_t *value);

/* --- deal ids ------------------------------------------------------------------ */

/* Beyond ASCII: Latin with accents, Greek, Cyrillic, kana, Hangul, and the
 * CJK ideographs (with their extensions). */
int dc_deal_id_letter(long cp)
{
    if (cp < 0x80) return cp >= 0 && isalnum((int)cp);
    return (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
           (cp >= 0x370 && cp <= 0x3ff && cp != 0x37e && cp != 0x387) ||
           (cp >= 0x400 && cp <= 0x4ff) || cp == 0x3007 ||
           (cp >= 0x3041 && cp <= 0x30ff && cp != 0x30a0 && cp != 0x30fb) ||
           (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
           (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0x20000 && cp <= 0x3134f);
}

const char *dc_deal_id_problem(const char *id, char why[DC_DEAL_ID_WHY])
{
    const char *p = id;
    size_t len;
    if (!id || !*id) return "it is empty";
    if (strlen(id) > DC_DEAL_ID_MAX) return "it is longer than 200 bytes";
    if (*p == '-' || *p == '.') return "it must start with a letter or a digit";
    for (; *p; p += len) {
        long cp = dc_utf8_next(p, &len);
        if (cp < 0) return "it is not valid UTF-8";
        if (dc_deal_id_letter(cp) || cp == '-' || cp == '_' || cp == '.') continue;
        if (cp == ' ') return "a space is not allowed";
        if (cp < 0x20 || cp == 0x7f) return "a control character is not allowed";
        snprintf(why, DC_DEAL_ID_WHY, "'%.*s' is not allowed", (int)len, p);
        return why;
    }
    return NULL;
}

static json_t *check_object(checker *c, const field *fields, const char *path, json_t *value)
{
    char where[256], shown[80];
    if (!json_is_object(value)) {
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected an object, got %s", shown);
        return NULL;
    }
    json_t *clean = json_object();
    const char *key;
    json_t *member;
    json_object_foreach(value, key, member) {
        const field *f = fields;
        while (f->name && strcmp(f->name, key) != 0) f++;
        join_path(where, sizeof where, path, key);
        if (!f->name) {
            report(c, c->warnings, where, "unknown field, ignored");
            continue;
        }
        if (json_is_null(member)) continue; /* null: unknown, like absent */
        json_t *ok = check_value(c, f, where, member);
        if (ok) json_object_set_new_nocheck(clean, key, ok); /* a known field's name: ASCII */
    }
    for (const field *f = fields; f->name; f++) {
        if (f->required && !json_object_get(clean, f->name) &&
            !json_object_get(value, f->name)) {
            join_path(where, sizeof where, path, f->name);
            report(c, c->errors, where, "required field is missing");
        }
    }
    return clean;
}

static json_t *check_list(checker *c, const field *f, const char *path, json_t *value)
{
    char where[256], shown[80];
    if (!json_is_array(value)) {
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected a list, got %s", shown);
        return NULL;
    }
    field item_field = *f;
    item_field.kind = f->kind == SYMBOLS ? SYMBOL : f->kind == OBJECTS ? OBJECT : TEXT;
    json_t *clean = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(value, i, item) {
        item_path(where, sizeof where, path, i);
        json_t *ok = check_value(c, &item_field, where, item);
        if (ok) json_array_append_new(clean, ok);
    }
    return clean;
}

static json_t *check_value(checker *c, const field *f, const char *path, json_t *value)
{
    char shown[80], expected[512];
    long days;
    if (c->plain) describe(value, shown, sizeof shown);
    switch (f->kind) {
    case TEXT:
        if (json_is_string(value)) return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected text, got %s", shown);
        return NULL;
    case DEAL_ID: {
        char buf[DC_DEAL_ID_WHY];
        const char *why = json_is_string(value) ? dc_deal_id_problem(json_string_value(value), buf)
                                                : "it is not text";
        if (!why) return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "%s is not a deal id: %s (%s)", shown, why, DC_DEAL_ID_RULE);
        return NULL;
    }
    case AMOUNT:
        if (json_is_number(value) && json_number_value(value) >= 0 &&
            isfinite(json_number_value(value)))
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, json_is_number(value) ? "must not be negative, got %s"
                                                         : "expected a number, got %s", shown);
        return NULL;
    case DATE:
        if (json_is_string(value) && dc_date_parse(json_string_value(value), &days))
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected a date YYYY-MM-DD, got %s", shown);
        return NULL;
    case FLAG:
        if (json_is_boolean(value)) return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected true or false, got %s", shown);
        return NULL;
    case SYMBOL:
        if (!json_is_string(value)) {
            describe(value, shown, sizeof shown);
            report(c, c->errors, path, "expected an id, got %s", shown);
            return NULL;
        }
        if (allowed(c, f, json_string_value(value), expected, sizeof expected))
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "unknown value %s (expected one of: %s)", shown, expected);
        return NULL;
    case INFLUENCE:
        if (json_is_integer(value) && json_integer_value(value) >= 1 && json_integer_value(value) <= 5)
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected a whole number from 1 to 5, got %s", shown);
        return NULL;
    case DAYS:
        if (json_is_integer(value) && json_integer_value(value) >= 1)
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected a whole number of days >= 1, got %s", shown);
        return NULL;
    case COUNT:
        if (json_is_integer(value) && json_integer_value(value) >= 0)
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected a whole number >= 0, got %s", shown);
        return NULL;
    case SCORE:
        if (json_is_integer(value) && json_integer_value(value) >= 1 && json_integer_value(value) <= 10)
            return json_incref(value);
        describe(value, shown, sizeof shown);
        report(c, c->errors, path, "expected a whole number from 1 to 10, got %s", shown);
        return NULL;
    case OBJECT:
        return check_object(c, f->children, path, value);
    case SYMBOLS:
    case OBJECTS:
    case TEXTS:
        return check_list(c, f, path, value);
    }
    return NULL;
}

int dc_deal_check(dc_engine *vocab, const char *origin, json_t *input,
                  json_t **deal, json_t *errors, json_t *warnings)
{
    checker c = {vocab, origin, errors, warnings, 0, {NULL}, {NULL}, {NULL}, 0, dc_plain("lazy-check")};
    *deal = NULL;
    json_t *clean = check_object(&c, deal_fields, "", input);
    forget_vocabulary(&c);
    if (c.failed || !clean) {
        json_decref(clean);
        return DC_EINPUT;
    }
    *deal = clean;
    return DC_OK;
}

/* Find a field by dotted path ("evaluation.preferred"). */
static const field *find_field(const char *path)
{
    const field *fields = deal_fields;
    char part[64];
    while (fields) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof part) return NULL;
        memcpy(part, path, n);
        part[n] = '\0';
        const field *f = fields;
        while (f->name && strcmp(f->name, part) != 0) f++;
        if (!f->name) return NULL;
        if (path[n] == '\0') return f;
        path += n + 1;
        fields = f->kind == OBJECT ? f->children : NULL;
    }
    return NULL;
}

int dc_deal_check_field(dc_engine *vocab, const char *path, json_t *value, json_t *errors)
{
    checker c = {vocab, "deal", errors, errors, 0, {NULL}, {NULL}, {NULL}, 0, 0};
    const field *f = find_field(path);
    if (!f) {
        report(&c, errors, path, "no such field");
        return DC_ENOTFOUND;
    }
    json_t *ok = check_value(&c, f, path, value);
    forget_vocabulary(&c);
    json_decref(ok);
    return c.failed || !ok ? DC_EINPUT : DC_OK;
}

static void add_paths(json_t *out, const field *fields, const char *prefix)
{
    char path[256];
    for (const field *f = fields; f->name; f++) {
        join_path(path, sizeof path, prefix, f->name);
        if (f->kind == OBJECT) add_paths(out, f->children, path);
        else json_array_append_new(out, json_string(path));
    }
}

json_t *dc_deal_field_paths(void)
{
    json_t *out = json_array();
    if (out) add_paths(out, deal_fields, "");
    return out;
}

/* --- parsing ------------------------------------------------------------------ */

int dc_deal_parse(const char *origin, const char *text, size_t len,
                  json_t **input, json_t *errors)
{
    char line[1024];
    *input = NULL;
    size_t i = 0;
    /* A UTF-8 byte order mark (some Windows editors write one) is not part
     * of the JSON: skip it rather than refuse an invisible character. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) i++;
    if (i == len) {
        snprintf(line, sizeof line, "%s: empty file: expected a JSON deal object", origin);
        json_array_append_new(errors, json_string(line));
        return DC_EINPUT;
    }
    json_error_t err;
    json_t *value = dc_plain("json-read") ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &err)
                                          : dc_json_read(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!value) {
        snprintf(line, sizeof line, "%s:%d:%d: not a JSON deal: %s", origin, err.line,
                 err.column, err.text);
        json_array_append_new(errors, json_string(line));
        return DC_EINPUT;
    }
    if (!json_is_object(value)) {
        snprintf(line, sizeof line, "%s: expected a JSON object (a deal), got a %s", origin,
                 json_is_array(value) ? "list" : "plain value");
        json_array_append_new(errors, json_string(line));
        json_decref(value);
        return DC_EINPUT;
    }
    *input = value;
    return DC_OK;
}

int dc_deal_read_file(const char *path, json_t **input, json_t *errors)
{
    char line[1024];
    *input = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(line, sizeof line, "%s: cannot read: %s", path, strerror(errno));
        json_array_append_new(errors, json_string(line));
        return DC_EIO;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int rc = DC_OK;
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
        if (len == cap) {
            if (cap >= MAX_DEAL_BYTES) {
                snprintf(line, sizeof line, "%s: larger than %u MiB: not a deal file", path,
                         MAX_DEAL_BYTES >> 20);
                json_array_append_new(errors, json_string(line));
                rc = DC_EINPUT;
                goto out;
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    if (!buf) {
        json_array_append_new(errors, json_string("out of memory"));
        rc = DC_ENOMEM;
        goto out;
    }
    if (ferror(f)) {
        snprintf(line, sizeof line, "%s: read error: %s", path, strerror(errno));
        json_array_append_new(errors, json_string(line));
        rc = DC_EIO;
        goto out;
    }
    rc = dc_deal_parse(path, buf, len, input, errors);
out:
    free(buf);
    fclose(f);
    return rc;
}
