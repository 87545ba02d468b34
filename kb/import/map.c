/* map.c - the CSV import map (see map.h). */
#define _POSIX_C_SOURCE 200809L
#include "map.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

#define MAX_FORMATS 8

/* The date forms a map may name, and how each is read. */
typedef enum date_form { YMD_DASH, MDY_SLASH, DMY_SLASH, YMD_SLASH, DMY_DOT } date_form;
static const char *const form_names[] = {"YYYY-MM-DD", "M/D/YYYY", "D/M/YYYY", "YYYY/M/D",
                                         "D.M.YYYY"};
#define N_FORMS (sizeof form_names / sizeof *form_names)

struct dc_import_map {
    json_t *columns;   /* key of a column name -> field */
    json_t *stages;    /* key of a stage name -> claimed_stage */
    json_t *targets;   /* [[stage, "FILE:LINE"]...] */
    date_form forms[MAX_FORMATS];
    int n_forms;
};

static const struct {
    const char *field;
    dc_import_kind kind;
} fields[] = {
    {"id", DC_IMPORT_ID},
    {"name", DC_IMPORT_TEXT},
    {"customer", DC_IMPORT_TEXT},
    {"owner", DC_IMPORT_TEXT},
    {"currency", DC_IMPORT_TEXT},
    {"amount", DC_IMPORT_AMOUNT},
    {"budget", DC_IMPORT_AMOUNT},
    {"claimed_stage", DC_IMPORT_STAGE},
    {"expected_close", DC_IMPORT_DATE},
    {"size", DC_IMPORT_SYMBOL},
};
#define N_FIELDS (sizeof fields / sizeof *fields)

dc_import_kind dc_import_map_kind(const char *field)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i].field, field) == 0) return fields[i].kind;
    return DC_IMPORT_TEXT;
}

static int known_field(const char *field)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i].field, field) == 0) return 1;
    return 0;
}

dc_import_map *dc_import_map_new(void)
{
    dc_import_map *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->columns = json_object();
    m->stages = json_object();
    m->targets = json_array();
    if (!m->columns || !m->stages || !m->targets) {
        dc_import_map_free(m);
        return NULL;
    }
    m->forms[m->n_forms++] = YMD_DASH; /* until the map says otherwise */
    return m;
}

void dc_import_map_free(dc_import_map *m)
{
    if (!m) return;
    json_decref(m->columns);
    json_decref(m->stages);
    json_decref(m->targets);
    free(m);
}

char *dc_import_key(const char *name)
{
    char *key = malloc(strlen(name) + 1), *o = key;
    if (!key) return NULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p >= 0x80) *o++ = (char)*p;
        else if (isalnum(*p)) *o++ = (char)tolower(*p);
    }
    *o = '\0';
    return key;
}

/* Trim ASCII blanks at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static void problem(json_t *errors, const char *path, long line, const char *fmt, const char *value)
{
    char detail[512], msg[1024];
    snprintf(detail, sizeof detail, fmt, value);
    snprintf(msg, sizeof msg, "%s:%ld: %s", path, line, detail);
    json_array_append_new(errors, json_string(msg));
}

/* Set key(name) -> value in `table`; 0 when out of memory. */
static int put_key(json_t *table, const char *name, const char *value)
{
    char *key = dc_import_key(name);
    int ok = key && *key && json_object_set_new(table, key, json_string(value)) == 0;
    if (key && !*key) ok = 1; /* a name of punctuation only matches nothing */
    free(key);
    return ok;
}

typedef enum section { NONE, COLUMNS, STAGES, DATES } section;

/* One "LEFT = RIGHT" line of a section. DC_OK, DC_EINPUT (reported) or DC_ENOMEM. */
static int read_entry(dc_import_map *m, section in, const char *path, long line, char *left,
                      char *right, json_t *errors)
{
    char where[600];
    switch (in) {
    case COLUMNS:
        if (!known_field(left)) {
            problem(errors, path, line, "unknown field '%s' (fields: id, name, customer, owner, "
                    "currency, amount, budget, claimed_stage, expected_close, size)", left);
            return DC_EINPUT;
        }
        for (char *name = strtok(right, "|"); name; name = strtok(NULL, "|"))
            if (*trim(name) && !put_key(m->columns, name, left)) return DC_ENOMEM;
        return DC_OK;
    case STAGES:
        if (!*right || strchr(right, '|') || strchr(right, ' ')) {
            problem(errors, path, line, "'%s' is not one stage id", right);
            return DC_EINPUT;
        }
        snprintf(where, sizeof where, "%s:%ld", path, line);
        if (!put_key(m->stages, left, right) ||
            json_array_append_new(m->targets, json_pack("[ss]", right, where)))
            return DC_ENOMEM;
        return DC_OK;
    case DATES:
        if (strcmp(left, "formats") != 0) {
            problem(errors, path, line, "unknown setting '%s' (formats = ...)", left);
            return DC_EINPUT;
        }
        m->n_forms = 0;
        for (char *name = strtok(right, "|"); name; name = strtok(NULL, "|")) {
            size_t f = 0;
            name = trim(name);
            while (f < N_FORMS && strcmp(form_names[f], name) != 0) f++;
            if (f == N_FORMS) {
                problem(errors, path, line, "unknown date form '%s' (known: YYYY-MM-DD, M/D/YYYY, "
                        "D/M/YYYY, YYYY/M/D, D.M.YYYY)", name);
                return DC_EINPUT;
            }
            if (m->n_forms < MAX_FORMATS) m->forms[m->n_forms++] = (date_form)f;
        }
        return DC_OK;
    case NONE:
        break;
    }
    problem(errors, path, line, "'%s' comes before any [columns], [stages] or [dates]", left);
    return DC_EINPUT;
}

int dc_import_map_load(dc_import_map *m, const char *path, json_t *errors)
{
    char msg[1024], *buf = NULL;
    size_t cap = 0;
    long line = 0;
    int rc = DC_OK;
    section in = NONE;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(msg, sizeof msg, "%s: cannot read the map: %s", path, strerror(errno));
        json_array_append_new(errors, json_string(msg));
        return DC_EIO;
    }
    while (getline(&buf, &cap, f) >= 0) {
        char *text = buf;
        line++;
        if (line == 1 && strncmp(text, "\xef\xbb\xbf", 3) == 0) text += 3;
        text = trim(text);
        if (!*text || *text == '#') continue;
        if (*text == '[') {
            in = !strcmp(text, "[columns]") ? COLUMNS : !strcmp(text, "[stages]") ? STAGES
               : !strcmp(text, "[dates]") ? DATES : NONE;
            if (in == NONE) {
                problem(errors, path, line, "unknown section %s ([columns], [stages], [dates])", text);
                rc = DC_EINPUT;
            }
            continue;
        }
        char *eq = strstr(text, "=");
        if (!eq) {
            problem(errors, path, line, "expected NAME = VALUE, got '%s'", text);
            rc = DC_EINPUT;
            continue;
        }
        *eq = '\0';
        int got = read_entry(m, in, path, line, trim(text), trim(eq + 1), errors);
        if (got == DC_ENOMEM) {
            rc = DC_ENOMEM;
            break;
        }
        if (got) rc = got;
    }
    if (rc == DC_OK && ferror(f)) {
        snprintf(msg, sizeof msg, "%s: read error: %s", path, strerror(errno));
        json_array_append_new(errors, json_string(msg));
        rc = DC_EIO;
    }
    free(buf);
    fclose(f);
    return rc;
}

static const char *lookup(json_t *table, const char *name)
{
    char *key = dc_import_key(name);
    const char *v = key ? json_string_value(json_object_get(table, key)) : NULL;
    free(key);
    return v;
}

const char *dc_import_map_column(const dc_import_map *m, const char *header)
{
    return lookup(m->columns, header);
}

const char *dc_import_map_stage(const dc_import_map *m, const char *crm_stage)
{
    return lookup(m->stages, crm_stage);
}

json_t *dc_import_map_stage_targets(const dc_import_map *m)
{
    return json_deep_copy(m->targets);
}

/* Up to three numbers separated by `sep` (1 to 4 digits each), then
 * nothing or a blank and anything (a time). */
static int three_numbers(const char *text, char sep, int n[3])
{
    const char *p = text;
    for (int i = 0; i < 3; i++) {
        int digits = 0;
        n[i] = 0;
        while (isdigit((unsigned char)*p) && digits < 5) n[i] = n[i] * 10 + (*p++ - '0'), digits++;
        if (digits == 0 || digits > 4) return 0;
        if (i < 2 && *p++ != sep) return 0;
    }
    return *p == '\0' || *p == ' ' || *p == 'T';
}

int dc_import_map_date(const dc_import_map *m, const char *text, char out[11])
{
    static const char seps[] = {'-', '/', '/', '/', '.'};
    /* which of the three numbers is the year, the month, the day */
    static const int order[][3] = {{0, 1, 2}, {2, 0, 1}, {2, 1, 0}, {0, 1, 2}, {2, 1, 0}};
    int n[3];
    long days;
    for (int i = 0; i < m->n_forms; i++) {
        date_form f = m->forms[i];
        if (!three_numbers(text, seps[f], n)) continue;
        int y = n[order[f][0]], mo = n[order[f][1]], d = n[order[f][2]];
        if (y < 1000) continue;
        char iso[32];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
        if (y > 9999 || mo > 12 || d > 31 || !dc_date_parse(iso, &days)) continue;
        memcpy(out, iso, 11);
        return 1;
    }
    return 0;
}
