/* catalog.c - message catalogs (see catalog.h for the format). */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char lang[8];
    char *key;
    char *text;
} entry;

/* Entries in load order, plus an open-addressing index on (lang, key):
 * slots hold an entry's position + 1, 0 for empty; the index is kept at
 * most half full, so a lookup is one hash and a few compares. */
struct dc_catalog {
    entry *entries;
    size_t count, cap;
    size_t *slots, nslots; /* nslots: a power of two, or 0 */
    char message[1024];
};

static void set_message(dc_catalog *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
}

dc_catalog *dc_catalog_new(void)
{
    return calloc(1, sizeof(dc_catalog));
}

void dc_catalog_free(dc_catalog *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->count; i++) {
        free(c->entries[i].key);
        free(c->entries[i].text);
    }
    free(c->entries);
    free(c->slots);
    free(c);
}

const char *dc_catalog_message(const dc_catalog *c)
{
    return c->message;
}

static size_t hash(const char *lang, const char *key)
{
    size_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)lang; *p; p++) h = (h ^ *p) * 1099511628211u;
    h = (h ^ 0xff) * 1099511628211u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 1099511628211u;
    return h;
}

/* The slot of (lang, key): the one holding it, or the empty one where it
 * would go. Requires nslots > 0. */
static size_t *slot_of(const dc_catalog *c, const char *lang, const char *key)
{
    size_t mask = c->nslots - 1, i = hash(lang, key) & mask;
    for (;; i = (i + 1) & mask) {
        size_t *slot = &c->slots[i];
        if (!*slot) return slot;
        const entry *e = &c->entries[*slot - 1];
        if (strcmp(e->key, key) == 0 && strcmp(e->lang, lang) == 0) return slot;
    }
}

static entry *find(const dc_catalog *c, const char *lang, const char *key)
{
    if (!c->nslots) return NULL;
    size_t *slot = slot_of(c, lang, key);
    return *slot ? &c->entries[*slot - 1] : NULL;
}

/* Make room in the index for one more entry. */
static int grow_index(dc_catalog *c)
{
    if ((c->count + 1) * 2 <= c->nslots) return DC_OK;
    /* The shipped catalogs hold about 2,100 texts: room for them at once,
     * rather than rehashing them three times while loading. */
    size_t n = c->nslots ? c->nslots * 2 : 4096;
    size_t *slots = calloc(n, sizeof *slots), *old = c->slots;
    if (!slots) return DC_ENOMEM;
    c->slots = slots;
    c->nslots = n;
    for (size_t i = 0; i < c->count; i++)
        *slot_of(c, c->entries[i].lang, c->entries[i].key) = i + 1;
    free(old);
    return DC_OK;
}

/* Copy `text`, turning the two characters "\n" into a line break. */
static char *unescape(const char *text)
{
    char *out = malloc(strlen(text) + 1), *w = out;
    if (!out) return NULL;
    for (const char *p = text; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            *w++ = '\n';
            p++;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return out;
}

static int put(dc_catalog *c, const char *lang, const char *key, const char *text)
{
    entry *old = find(c, lang, key);
    char *copy = unescape(text);
    if (!copy) return DC_ENOMEM;
    if (old) {
        free(old->text);
        old->text = copy;
        return DC_OK;
    }
    if (grow_index(c) != DC_OK) { free(copy); return DC_ENOMEM; }
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        entry *grown = realloc(c->entries, cap * sizeof *grown);
        if (!grown) { free(copy); return DC_ENOMEM; }
        c->entries = grown;
        c->cap = cap;
    }
    entry *e = &c->entries[c->count];
    size_t lang_len = strnlen(lang, sizeof e->lang - 1); /* as snprintf would cut it, faster */
    memcpy(e->lang, lang, lang_len);
    e->lang[lang_len] = '\0';
    e->text = copy;
    if (!(e->key = strdup(key))) { free(copy); return DC_ENOMEM; }
    c->count++;
    *slot_of(c, e->lang, e->key) = c->count;
    return DC_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

int dc_catalog_load_file(dc_catalog *c, const char *lang, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        set_message(c, "%s: cannot read catalog: %s", path, strerror(errno));
        return DC_EIO;
    }
    char *buf = NULL;
    size_t cap = 0;
    int rc = DC_OK, lineno = 0;
    while (getline(&buf, &cap, f) != -1) {
        lineno++;
        char *line = trim(buf);
        if (!*line || *line == '#') continue;
        if (dc_utf8_sanitize(line)) {
            set_message(c, "%s:%d: not valid UTF-8; line skipped", path, lineno);
            rc = DC_EINPUT;
            continue;
        }
        char *eq = strstr(line, " = ");
        /* A phrase may itself hold " = " ("nobody has role = "): its text
         * starts after the last one. */
        if (eq && strncmp(line, "phrase.", 7) == 0)
            for (char *later; (later = strstr(eq + 1, " = ")); ) eq = later;
        if (!eq) {
            set_message(c, "%s:%d: expected KEY = TEXT", path, lineno);
            rc = DC_EINPUT;
            continue;
        }
        *eq = '\0';
        char *value = trim(eq + 3);
        size_t n = strlen(value);
        if (n >= 2 && value[0] == '"' && value[n - 1] == '"') { /* "…": keep edge spaces */
            value[n - 1] = '\0';
            value++;
        }
        if (put(c, lang, trim(line), value) != DC_OK) {
            set_message(c, "out of memory");
            rc = DC_ENOMEM;
            break;
        }
    }
    free(buf);
    fclose(f);
    return rc;
}

int dc_catalog_lang_of(const char *name, char *lang, size_t size)
{
    size_t n = strlen(name);
    if (n < 5 || strcmp(name + n - 4, ".txt") != 0) return 0;
    const char *end = name + n - 4, *start = end;
    while (start > name && start[-1] != '.') start--;
    if (end - start < 2 || (size_t)(end - start) >= size) return 0;
    snprintf(lang, size, "%.*s", (int)(end - start), start);
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int dc_catalog_load_dir(dc_catalog *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        set_message(c, "%s: cannot open catalog directory: %s", dir, strerror(errno));
        return DC_EIO;
    }
    char *names[256];
    size_t n = 0;
    struct dirent *ent;
    char lang[8];
    while ((ent = readdir(d)) && n < sizeof names / sizeof *names)
        if (ent->d_name[0] != '.' && dc_catalog_lang_of(ent->d_name, lang, sizeof lang))
            if ((names[n] = strdup(ent->d_name))) n++;
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    int rc = DC_OK;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        dc_catalog_lang_of(names[i], lang, sizeof lang);
        snprintf(path, sizeof path, "%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/",
                 names[i]);
        int one = dc_catalog_load_file(c, lang, path);
        if (one && !rc) rc = one;
        free(names[i]);
    }
    return rc;
}

const char *dc_catalog_get(const dc_catalog *c, const char *lang, const char *key)
{
    entry *e = find(c, lang, key);
    if (!e && strcmp(lang, "en") != 0) e = find(c, "en", key);
    return e ? e->text : NULL;
}

const char *dc_catalog_get_or(const dc_catalog *c, const char *lang, const char *key, const char *fallback)
{
    const char *text = c ? dc_catalog_get(c, lang, key) : NULL;
    return text ? text : fallback;
}

int dc_catalog_has(const dc_catalog *c, const char *lang, const char *key)
{
    return find(c, lang, key) != NULL;
}

static int compare_json_strings(const void *a, const void *b)
{
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

json_t *dc_catalog_keys(const dc_catalog *c, const char *lang, const char *prefix)
{
    size_t n = strlen(prefix), count = 0;
    json_t **found = malloc((c->count + 1) * sizeof *found), *keys = json_array();
    if (!found || !keys) {
        free(found);
        json_decref(keys);
        return NULL;
    }
    for (size_t i = 0; i < c->count; i++) {
        const entry *e = &c->entries[i];
        if (strcmp(e->lang, lang) == 0 && strncmp(e->key, prefix, n) == 0 &&
            find(c, lang, e->key) == e) /* the entry in force, once */
            if ((found[count] = json_string(e->key + n))) count++;
    }
    qsort(found, count, sizeof *found, compare_json_strings);
    int failed = 0;
    for (size_t i = 0; i < count; i++) failed |= json_array_append_new(keys, found[i]);
    free(found);
    if (failed) {
        json_decref(keys);
        return NULL;
    }
    return keys;
}

const char *dc_catalog_label(const dc_catalog *c, const char *lang, const char *id)
{
    char key[256];
    snprintf(key, sizeof key, "label.%s", id);
    const char *text = dc_catalog_get(c, lang, key);
    return text ? text : id;
}

static void append_item(dc_buf *o, const dc_catalog *c, const char *lang, json_t *item)
{
    char number[64];
    const char *text = number;
    if (json_is_string(item)) text = dc_catalog_label(c, lang, json_string_value(item));
    else if (json_is_integer(item)) snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value(item));
    else if (json_is_real(item)) snprintf(number, sizeof number, "%g", json_real_value(item));
    else number[0] = '\0';
    dc_buf_append(o, text, strlen(text));
}

static void append_items(dc_buf *o, const dc_catalog *c, const char *lang, json_t *about, size_t from)
{
    const char *sep = dc_catalog_get(c, lang, "ui.list-separator");
    if (!sep) sep = ", ";
    for (size_t i = from; i < json_array_size(about); i++) {
        if (i > from) dc_buf_append(o, sep, strlen(sep));
        append_item(o, c, lang, json_array_get(about, i));
    }
}

char *dc_catalog_format(const dc_catalog *c, const char *lang, const char *key, json_t *about)
{
    const char *text = dc_catalog_get(c, lang, key);
    if (!text) return NULL;
    dc_buf o = DC_BUF_INIT;
    dc_buf_append(&o, "", 0);
    for (const char *p = text; *p; ) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            const char *next = strchr(p + 1, '{');
            size_t n = next ? (size_t)(next - p) : strlen(p);
            dc_buf_append(&o, p, n);
            p += n;
            continue;
        }
        size_t n = (size_t)(close - p - 1);
        if (n == 5 && strncmp(p + 1, "about", 5) == 0) {
            append_items(&o, c, lang, about, 0);
        } else if (n == 4 && strncmp(p + 1, "rest", 4) == 0) {
            append_items(&o, c, lang, about, 1);
        } else if (n >= 1 && n <= 2 && p[1] >= '1' && p[1] <= '9') {
            size_t index = (size_t)strtoul(p + 1, NULL, 10);
            json_t *item = json_array_get(about, index - 1);
            if (item) append_item(&o, c, lang, item);
        } else {
            dc_buf_append(&o, p, n + 2); /* not a placeholder: keep it as written */
        }
        p = close + 1;
    }
    return dc_buf_take(&o);
}

char *dc_catalog_fill(const dc_catalog *c, const char *lang, const char *key, const char *fallback,
                      const char *const *args, size_t n)
{
    const char *text = dc_catalog_get_or(c, lang, key, fallback);
    dc_buf o = DC_BUF_INIT;
    dc_buf_append(&o, "", 0);
    for (const char *p = text; *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            size_t i = (size_t)(p[1] - '1');
            if (i < n && args[i]) dc_buf_puts(&o, args[i]);
            p += 2;
        } else {
            dc_buf_append(&o, p, 1);
        }
    }
    return dc_buf_take(&o);
}

const char *dc_catalog_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG", NULL};
    for (int i = 0; vars[i]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v) continue;
        return strncmp(v, "zh", 2) == 0 ? "zh" : "en";
    }
    return "en";
}
