/* phrases.c - the rules' neutral notation, read in the user's language
 * (see phrases.h). */
#define _POSIX_C_SOURCE 200809L
#include "phrases.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Longest run of words tried as one phrase. */
#define MAX_PHRASE_WORDS 24

typedef enum { WORD, QUOTED, PUNCT } token_kind;

typedef struct token {
    token_kind kind;
    const char *at;
    size_t len;
    int space_before; /* white space stood before it in the line */
} token;

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* ';', ',' and ':' are punctuation before a space or at the end ("a: b",
 * "x, y"), part of a word otherwise ("10:30", "1,5", "f.json:3:5" keeps its
 * colons as punctuation only where a space follows). */
static int is_punct_at(const char *p)
{
    if (*p == '(' || *p == ')') return 1;
    return (*p == ';' || *p == ',' || *p == ':') && (p[1] == '\0' || is_space(p[1]));
}

/* Split `line` into tokens; returns how many, at most `max`. */
static size_t tokenize(const char *line, token *out, size_t max)
{
    size_t n = 0;
    const char *p = line;
    while (*p && n < max) {
        int space = 0;
        while (is_space(*p)) { p++; space = 1; }
        if (!*p) break;
        token *t = &out[n++];
        t->at = p;
        t->space_before = space;
        if (*p == '"' || strncmp(p, "\xC2\xAB", 2) == 0) { /* "..." or «...» */
            const char *close = *p == '"' ? strchr(p + 1, '"') : strstr(p + 2, "\xC2\xBB");
            size_t closing = *p == '"' ? 1 : 2;
            t->kind = QUOTED;
            t->len = close ? (size_t)(close - p) + closing : strlen(p);
        } else if (is_punct_at(p)) {
            t->kind = PUNCT;
            t->len = 1;
        } else {
            const char *q = p;
            while (*q && !is_space(*q) && *q != '"' && !is_punct_at(q)) q++;
            t->kind = WORD;
            t->len = (size_t)(q - p);
        }
        p = t->at + t->len;
    }
    return n;
}

/* The text of `prefix` + `text` in `lang` itself (no English fallback). */
static const char *lookup(const dc_catalog *cat, const char *lang, const char *prefix,
                          const char *text, size_t len)
{
    char key[1024];
    if (strlen(prefix) + len >= sizeof key) return NULL;
    snprintf(key, sizeof key, "%s%.*s", prefix, (int)len, text);
    return dc_catalog_has(cat, lang, key) ? dc_catalog_get(cat, lang, key) : NULL;
}

/* A field path's label: "people[0].met" reads as field.people.met. */
static const char *field_label(const dc_catalog *cat, const char *lang, const char *w, size_t len)
{
    char path[512];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof path; i++) {
        if (w[i] == '[') {
            while (i < len && w[i] != ']') i++;
            continue;
        }
        path[n++] = w[i];
    }
    path[n] = '\0';
    return lookup(cat, lang, "field.", path, n);
}

static int has_latin_letter(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) return 1;
    return 0;
}

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '"' || c == '.' || c == '%';
}

/* Append `piece`; a space from the line survives only where a Latin
 * letter or a digit stands on either side of it, so Chinese runs close up
 * ("信号:客户嫌价格高") while names and numbers keep their spacing; and
 * around an attribute a rep typed ("态度=支持者 职务=经理"), whatever its
 * script. `kv` says the piece is such an attribute; *last_kv remembers
 * whether the last piece was one. */
static void emit_piece(dc_buf *b, int *last_kv, const char *piece, size_t len, int space_before, int kv)
{
    if (!len) return;
    if (space_before && b->len) {
        unsigned char last = (unsigned char)b->s[b->len - 1], first = (unsigned char)piece[0];
        int closes = last == '=' || first == '=';
        int keeps = is_ascii_alnum(last) || is_ascii_alnum(first) || strchr("<>", last) ||
                    strchr("<>", first);
        if (kv || *last_kv || (!closes && keeps)) dc_buf_puts(b, " ");
    }
    dc_buf_append(b, piece, len);
    *last_kv = kv;
}

static void emit(dc_buf *b, int *last_kv, const char *piece, size_t len, int space_before)
{
    emit_piece(b, last_kv, piece, len, space_before, 0);
}

static const char *punct_in(const dc_catalog *cat, const char *lang, char c)
{
    const char *key = c == ';' ? "phrase-punct.semicolon" : c == ',' ? "phrase-punct.comma"
                    : c == ':' ? "phrase-punct.colon" : c == '(' ? "phrase-punct.open"
                    : "phrase-punct.close";
    return lookup(cat, lang, "", key, strlen(key));
}

static char *render(const dc_catalog *cat, const char *lang, const char *line, int ids_too,
                    json_t *leftovers)
{
    if (!cat || !lang || strcmp(lang, "en") == 0) return strdup(line);
    size_t max = strlen(line) + 1;
    token *tokens = malloc(max * sizeof *tokens);
    if (!tokens) return NULL;
    size_t n = tokenize(line, tokens, max);
    dc_buf b = DC_BUF_INIT;
    dc_buf_append(&b, "", 0);
    int last_kv = 0;
    for (size_t i = 0; i < n; ) {
        token *t = &tokens[i];
        if (t->kind == PUNCT) {
            const char *mark = punct_in(cat, lang, *t->at);
            if (mark) dc_buf_puts(&b, mark);
            else emit(&b, &last_kv, t->at, 1, t->space_before);
            if (mark && i + 1 < n) tokens[i + 1].space_before = 0; /* the mark carries its own spacing */
            i++;
            continue;
        }
        if (t->kind == QUOTED) {
            emit(&b, &last_kv, t->at, t->len, t->space_before);
            i++;
            continue;
        }
        /* The longest run of words from here that is a phrase. */
        size_t end = i;
        while (end < n && end - i < MAX_PHRASE_WORDS && tokens[end].kind == WORD &&
               (end == i || tokens[end].space_before))
            end++;
        const char *text = NULL;
        size_t used = 0;
        for (size_t j = end; j > i && !text; j--) {
            size_t len = (size_t)(tokens[j - 1].at + tokens[j - 1].len - t->at);
            if ((text = lookup(cat, lang, "phrase.", t->at, len))) used = j - i;
        }
        if (!text && (text = lookup(cat, lang, "label.", t->at, t->len))) {
            used = 1;
            if (!ids_too) { /* a message: the user types the id, so it stays beside its label */
                dc_buf shown = DC_BUF_INIT;
                dc_buf_printf(&shown, "%s(%.*s)", text, (int)t->len, t->at);
                if (shown.s) emit(&b, &last_kv, shown.s, shown.len, t->space_before);
                free(dc_buf_take(&shown));
                i++;
                continue;
            }
        }
        if (!text && ids_too && (text = field_label(cat, lang, t->at, t->len))) used = 1;
        if (text) {
            emit(&b, &last_kv, text, strlen(text), t->space_before);
            i += used;
            continue;
        }
        const char *eq = ids_too ? memchr(t->at, '=', t->len) : NULL;
        if (eq && eq > t->at) { /* KEY=VALUE as a rep typed it: "attitude=supporter" */
            size_t klen = (size_t)(eq - t->at), vlen = t->len - klen - 1;
            const char *key = field_label(cat, lang, t->at, klen);
            const char *val = vlen ? lookup(cat, lang, "label.", eq + 1, vlen) : NULL;
            dc_buf kv = DC_BUF_INIT;
            dc_buf_printf(&kv, "%s=%.*s", key ? key : "", val ? 0 : (int)vlen, eq + 1);
            if (!key) { /* keep the key as typed */
                free(dc_buf_take(&kv));
                dc_buf_printf(&kv, "%.*s=%.*s", (int)klen, t->at, val ? 0 : (int)vlen, eq + 1);
            }
            if (val) dc_buf_puts(&kv, val);
            if (kv.s) emit_piece(&b, &last_kv, kv.s, kv.len, t->space_before, 1);
            free(dc_buf_take(&kv));
            if (leftovers && !key && has_latin_letter(t->at, klen))
                json_array_append_new(leftovers, json_stringn(t->at, klen));
            i++;
            continue;
        }
        emit(&b, &last_kv, t->at, t->len, t->space_before);
        if (leftovers && has_latin_letter(t->at, t->len))
            json_array_append_new(leftovers, json_stringn(t->at, t->len));
        i++;
    }
    free(tokens);
    return dc_buf_take(&b);
}

char *dc_phrases_render(const dc_catalog *cat, const char *lang, const char *line,
                        json_t *leftovers)
{
    return render(cat, lang, line, 1, leftovers);
}

char *dc_phrases_render_message(const dc_catalog *cat, const char *lang, const char *line)
{
    return render(cat, lang, line, 0, NULL);
}
