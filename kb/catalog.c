/* catalog.c - message catalogs (see catalog.h for the format). */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"
#include "digest.h"
#include "plain.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char lang[8];
    char *key;
    char *text;
    unsigned char mapped; /* MAPPED_KEY, MAPPED_TEXT: in the cache's map, not malloc'd */
} entry;

enum { MAPPED_KEY = 1, MAPPED_TEXT = 2 };

/* Entries in load order, plus an open-addressing index on (lang, key):
 * slots hold an entry's position + 1, 0 for empty; the index is kept at
 * most half full, so a lookup is one hash and a few compares. */
struct dc_catalog {
    entry *entries;
    size_t count, cap;
    size_t *slots, nslots; /* nslots: a power of two, or 0 */
    char *cache_path;      /* dc_catalog_use_cache(), or NULL */
    void *map;             /* that file, mapped once its entries are taken */
    size_t map_size;
    int from_cache;        /* the entries were taken from it */
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
        if (!(c->entries[i].mapped & MAPPED_KEY)) free(c->entries[i].key);
        if (!(c->entries[i].mapped & MAPPED_TEXT)) free(c->entries[i].text);
    }
    free(c->entries);
    free(c->slots);
    free(c->cache_path);
    if (c->map) munmap(c->map, c->map_size);
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
        if (!(old->mapped & MAPPED_TEXT)) free(old->text);
        old->text = copy;
        old->mapped &= (unsigned char)~MAPPED_TEXT;
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
    e->mapped = 0;
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

/* --------------------------------------------------------- the catalog cache
 *
 * The build parses the shipped catalogs once into messages.cache
 * (dc_catalog_save_cache()); a load of a directory whose catalog files are
 * byte for byte those, into an empty catalog, takes the entries and the
 * index from the mapped file instead of parsing about 4,000 lines: keys and
 * texts stay in the map until a later file replaces a text.
 *
 * File: CATALOG_MAGIC (16 bytes); the digest of the catalog files, the
 * number of entries, of index slots, the strings' length, a checksum of
 * all that follows the head, and the catalog files' stamp
 * (engine/stamp.h: when it is unchanged, the files are not read to check
 * their digest) (64 bits each); the entries (struct cached_entry, in
 * load order); the index (32 bits a slot: an entry's position + 1, 0
 * empty); the strings (key and text, NUL-terminated). Host byte order: the
 * build makes it for the machine it runs on. */

#define CATALOG_MAGIC "dc-catalog 3.0\n" /* 2.0: digests by XXH3; 3.0: the stamp */
#define CATALOG_HEAD (16 + 6 * 8)

struct cached_entry {
    char lang[8];
    uint32_t key, text; /* offsets into the strings */
};

/* The catalog files names[0..count) of `dir` as cached entries in *out (a
 * malloc'd file image of *size bytes). DC_OK, DC_EINPUT (a catalog has
 * problems: no cache), DC_EIO or DC_ENOMEM, with the message on c. */
static int cache_image(dc_catalog *c, uint64_t digest, uint64_t stamp, unsigned char **out, size_t *size)
{
    size_t strings = 0;
    for (size_t i = 0; i < c->count; i++)
        strings += strlen(c->entries[i].key) + strlen(c->entries[i].text) + 2;
    if (strings > UINT32_MAX) return set_message(c, "the catalogs are too large to cache"), DC_EINPUT;
    size_t body = c->count * sizeof(struct cached_entry) + c->nslots * 4 + strings;
    unsigned char *img = calloc(1, CATALOG_HEAD + body);
    if (!img) return set_message(c, "out of memory"), DC_ENOMEM;
    struct cached_entry *records = (struct cached_entry *)(img + CATALOG_HEAD);
    unsigned char *slots = img + CATALOG_HEAD + c->count * sizeof *records;
    char *text = (char *)slots + c->nslots * 4;
    size_t at = 0;
    for (size_t i = 0; i < c->count; i++) {
        memcpy(records[i].lang, c->entries[i].lang, sizeof records[i].lang);
        records[i].key = (uint32_t)at;
        at += (size_t)(stpcpy(text + at, c->entries[i].key) - (text + at)) + 1;
        records[i].text = (uint32_t)at;
        at += (size_t)(stpcpy(text + at, c->entries[i].text) - (text + at)) + 1;
    }
    for (size_t i = 0; i < c->nslots; i++) {
        uint32_t slot = (uint32_t)c->slots[i];
        memcpy(slots + 4 * i, &slot, 4);
    }
    uint64_t head[6] = {digest, c->count, c->nslots, strings,
                        dc_digest(DC_DIGEST_SEED, img + CATALOG_HEAD, body), stamp};
    memcpy(img, CATALOG_MAGIC, 16);
    memcpy(img + 16, head, sizeof head);
    *out = img;
    *size = CATALOG_HEAD + body;
    return DC_OK;
}

/* Take the entries of the files names[0..count) of `dir` from the cache
 * file: 0, or -1 when it is missing, damaged, made from other files or
 * switched off (DEALCOACH_PLAIN=catalog-cache); c is unchanged then. */
static int take_cache(dc_catalog *c, const char *dir, char **names, size_t count)
{
    if (dc_plain("catalog-cache")) return -1;
    int fd = open(c->cache_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    void *map = fstat(fd, &st) == 0 && (size_t)st.st_size > CATALOG_HEAD
              ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED) return -1;
    size_t size = (size_t)st.st_size;
    const unsigned char *m = map;
    uint64_t head[6]; /* digest, count, nslots, strings, checksum, stamp */
    memcpy(head, m + 16, sizeof head);
    uint64_t n = head[1], nslots = head[2], strings = head[3];
    size_t entries_at = CATALOG_HEAD, slots_at = entries_at + n * sizeof(struct cached_entry);
    size_t strings_at = slots_at + nslots * 4;
    int ok = memcmp(m, CATALOG_MAGIC, 16) == 0 && n > 0 && n < size && nslots < size &&
             strings < size && (nslots & (nslots - 1)) == 0 && nslots >= 2 * n &&
             strings_at + strings == size && m[size - 1] == '\0' &&
             dc_digest(DC_DIGEST_SEED, m + CATALOG_HEAD, size - CATALOG_HEAD) == head[4] &&
             dc_digest_files_match(dir, names, count, head[0], head[5]);
    entry *entries = ok ? malloc(n * sizeof *entries) : NULL;
    size_t *slots = entries ? malloc(nslots * sizeof *slots) : NULL;
    for (size_t i = 0; slots && i < n; i++) {
        struct cached_entry r;
        memcpy(&r, m + entries_at + i * sizeof r, sizeof r);
        if (r.key >= strings || r.text >= strings || !memchr(r.lang, '\0', sizeof r.lang)) break;
        memcpy(entries[i].lang, r.lang, sizeof r.lang);
        entries[i].key = (char *)m + strings_at + r.key;
        entries[i].text = (char *)m + strings_at + r.text;
        entries[i].mapped = MAPPED_KEY | MAPPED_TEXT;
        if (i + 1 == n) ok = 2;
    }
    for (size_t i = 0; ok == 2 && i < nslots; i++) {
        uint32_t slot;
        memcpy(&slot, m + slots_at + 4 * i, 4);
        slots[i] = slot;
        if (slot > n) ok = 0;
    }
    if (ok != 2) {
        free(entries);
        free(slots);
        munmap(map, size);
        return -1;
    }
    c->entries = entries;
    c->count = c->cap = n;
    c->slots = slots;
    c->nslots = nslots;
    c->map = map;
    c->map_size = size;
    c->from_cache = 1;
    return 0;
}

void dc_catalog_use_cache(dc_catalog *c, const char *path)
{
    if (!c || !path || c->cache_path) return;
    c->cache_path = strdup(path); /* out of memory: no cache */
}

int dc_catalog_from_cache(const dc_catalog *c)
{
    return c && c->from_cache;
}

/* The catalog files of `dir`, sorted, into names[256] (malloc'd each).
 * Their number, or -1 with the message on c. */
static int catalog_files(dc_catalog *c, const char *dir, char *names[256])
{
    DIR *d = opendir(dir);
    if (!d) {
        set_message(c, "%s: cannot open catalog directory: %s", dir, strerror(errno));
        return -1;
    }
    size_t n = 0;
    struct dirent *ent;
    char lang[8];
    while ((ent = readdir(d)) && n < 256)
        if (ent->d_name[0] != '.' && dc_catalog_lang_of(ent->d_name, lang, sizeof lang))
            if ((names[n] = strdup(ent->d_name))) n++;
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    return (int)n;
}

int dc_catalog_save_cache(const char *dir, const char *path, char *why, size_t size)
{
    dc_catalog *c = dc_catalog_new();
    char *names[256], *tmp = NULL;
    unsigned char *img = NULL;
    size_t img_size = 0;
    uint64_t digest;
    int found = c ? catalog_files(c, dir, names) : -1, rc = c ? DC_EIO : DC_ENOMEM;
    if (c && found < 0) goto out;
    if (c) rc = dc_catalog_load_dir(c, dir);
    if (rc == DC_OK && dc_digest_files(dir, names, (size_t)found, &digest))
        rc = DC_EIO, set_message(c, "%s: %s", dir, strerror(errno));
    if (rc == DC_OK) rc = cache_image(c, digest, dc_digest_stamp(dir, names, (size_t)found), &img, &img_size);
    if (rc == DC_OK && !(tmp = malloc(strlen(path) + 5))) rc = DC_ENOMEM, set_message(c, "out of memory");
    if (rc == DC_OK) {
        FILE *f = fopen(strcat(strcpy(tmp, path), ".tmp"), "wb");
        int bad = !f || fwrite(img, 1, img_size, f) != img_size;
        if ((f && fclose(f) != 0) || bad || rename(tmp, path) != 0) {
            rc = DC_EIO;
            set_message(c, "%s: %s", path, strerror(errno ? errno : EIO));
            remove(tmp);
        }
    }
out:
    snprintf(why, size, "%s", rc == DC_OK ? "" : c ? c->message : "out of memory");
    for (int i = 0; i < found; i++) free(names[i]);
    free(img);
    free(tmp);
    dc_catalog_free(c);
    return rc;
}

int dc_catalog_load_dir(dc_catalog *c, const char *dir)
{
    char *names[256], lang[8];
    int found = catalog_files(c, dir, names);
    if (found < 0) return DC_EIO;
    size_t n = (size_t)found;
    int rc = DC_OK;
    if (c->count == 0 && c->cache_path && take_cache(c, dir, names, n) == 0) {
        for (size_t i = 0; i < n; i++) free(names[i]);
        return DC_OK;
    }
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
