/* notes_words.c - words of a dialect read as Mandarin words (notes_words.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "notes_words.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "strbuf.h"

struct word {
    char *raw_from, *raw_to; /* as given */
    char *from, *to;         /* as settled: through the character maps */
    size_t len;              /* of all four */
    size_t order;            /* of adding: a later word wins */
};

struct dc_words {
    struct word *words; /* sorted by `from` once settled */
    size_t count, cap;
    size_t added;       /* words added ever, for `order` */
    unsigned char has_len[DC_WORDS_BYTES + 1]; /* 1 where a settled word has that length */
    size_t max_len;
};

dc_words *dc_words_new(void)
{
    return calloc(1, sizeof(dc_words));
}

static void free_word(struct word *x)
{
    free(x->raw_from);
    free(x->raw_to);
    free(x->from);
    free(x->to);
}

void dc_words_clear(dc_words *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->count; i++) free_word(&w->words[i]);
    w->count = 0;
    w->max_len = 0;
    memset(w->has_len, 0, sizeof w->has_len);
}

void dc_words_free(dc_words *w)
{
    if (!w) return;
    dc_words_clear(w);
    free(w->words);
    free(w);
}

/* 1 when s is well-formed UTF-8 of non-ASCII characters only, 1 to
 * DC_WORDS_BYTES bytes. */
static int is_word(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > DC_WORDS_BYTES || dc_utf8_invalid_at(s, len) != len) return 0;
    for (size_t i = 0; i < len; i++)
        if (!((unsigned char)s[i] & 0x80)) return 0;
    return 1;
}

int dc_words_add(dc_words *w, const char *from, const char *to)
{
    if (!w || !is_word(from) || !is_word(to) || strlen(from) != strlen(to) || w->count >= DC_WORDS_MAX)
        return DC_EINPUT;
    if (w->count == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;
        struct word *grown = realloc(w->words, cap * sizeof *grown);
        if (!grown) return DC_ENOMEM;
        w->words = grown;
        w->cap = cap;
    }
    struct word x = {strdup(from), strdup(to), strdup(from), strdup(to), strlen(from), w->added};
    if (!x.raw_from || !x.raw_to || !x.from || !x.to) {
        free_word(&x);
        return DC_ENOMEM;
    }
    w->words[w->count++] = x;
    w->added++;
    return DC_OK;
}

static int compare_words(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    int c = strcmp(x->from, y->from);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

void dc_words_settle(dc_words *w, dc_words_read_fn *read, void *ctx)
{
    if (!w) return;
    for (size_t i = 0; read && i < w->count; i++) {
        struct word *x = &w->words[i];
        memcpy(x->from, x->raw_from, x->len + 1);
        memcpy(x->to, x->raw_to, x->len + 1);
        read(ctx, x->from);
        read(ctx, x->to);
    }
    if (w->count > 1) /* qsort of no array is undefined */
        qsort(w->words, w->count, sizeof *w->words, compare_words);
    size_t kept = 0; /* of words reading the same, the last added */
    for (size_t i = 0; i < w->count; i++) {
        if (i + 1 < w->count && strcmp(w->words[i].from, w->words[i + 1].from) == 0) {
            free_word(&w->words[i]);
            continue;
        }
        w->words[kept++] = w->words[i];
    }
    w->count = kept;
    memset(w->has_len, 0, sizeof w->has_len);
    w->max_len = 0;
    for (size_t i = 0; i < w->count; i++) {
        w->has_len[w->words[i].len] = 1;
        if (w->words[i].len > w->max_len) w->max_len = w->words[i].len;
    }
}

size_t dc_words_count(const dc_words *w)
{
    return w ? w->count : 0;
}

const char *dc_words_from(const dc_words *w, size_t i)
{
    return w->words[i].from;
}

const char *dc_words_to(const dc_words *w, size_t i)
{
    return w->words[i].to;
}

/* The settled word that is exactly key[0..len), or NULL: the order of
 * strcmp, for a key that holds no NUL. */
static const struct word *find_exact(const dc_words *w, const char *key, size_t len)
{
    size_t lo = 0, hi = w->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct word *x = &w->words[mid];
        int c = memcmp(x->from, key, x->len < len ? x->len : len);
        if (c == 0) c = (x->len > len) - (x->len < len);
        if (c == 0) return x;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

size_t dc_words_match(const dc_words *w, const char *text, size_t len, const char **to)
{
    if (!w || !w->count || len == 0 || !((unsigned char)text[0] & 0x80)) return 0;
    for (size_t n = w->max_len < len ? w->max_len : len; n > 0; n--) {
        if (!w->has_len[n]) continue;
        const struct word *x = find_exact(w, text, n);
        if (x) {
            *to = x->to;
            return n;
        }
    }
    return 0;
}

void dc_words_apply(const dc_words *w, char *text, size_t len)
{
    if (!w || !w->count) return;
    for (size_t i = 0; i < len;) {
        const char *to;
        size_t n = dc_words_match(w, text + i, len - i, &to);
        if (n) {
            memcpy(text + i, to, n);
            i += n;
            continue;
        }
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80) i++; /* to the next character */
    }
}
