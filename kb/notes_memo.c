/* notes_memo.c - the hits of the last few notes scanned (notes_memo.h). */
#define _POSIX_C_SOURCE 200809L
#include "notes_memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct memo_hit {
    const char *signal, *where; /* the pattern set's */
    char *words;                /* ours */
};

struct memo_note {
    char *text;                 /* NULL: an empty place */
    size_t len;
    uint64_t hash;
    uint64_t context;           /* what else the reading depended on (the deal's rivals) */
    struct memo_hit *hits;
    size_t count, cap;
    int failed;                 /* out of memory while recording */
};

struct dc_notes_memo {
    struct memo_note notes[DC_NOTES_MEMO_SIZE];
    size_t next;                /* the place the next note takes */
    struct memo_note *open;     /* being recorded, or NULL */
    int depth;                  /* scans begun and not ended: a scan inside a
                                 * scan's callback records nothing */
};

static uint64_t hash_of(const char *text, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    return h;
}

static void forget(struct memo_note *note)
{
    for (size_t i = 0; i < note->count; i++) free(note->hits[i].words);
    free(note->hits);
    free(note->text);
    memset(note, 0, sizeof *note);
}

dc_notes_memo *dc_notes_memo_new(void)
{
    return calloc(1, sizeof(dc_notes_memo));
}

void dc_notes_memo_clear(dc_notes_memo *m)
{
    if (!m) return;
    for (size_t i = 0; i < DC_NOTES_MEMO_SIZE; i++) forget(&m->notes[i]);
    m->next = 0;
    m->open = NULL;
    m->depth = 0;
}

void dc_notes_memo_free(dc_notes_memo *m)
{
    dc_notes_memo_clear(m);
    free(m);
}

void dc_notes_memo_begin(dc_notes_memo *m, const char *text, uint64_t context)
{
    if (!m || m->depth++ > 0) return;
    struct memo_note *note = &m->notes[m->next];
    m->next = (m->next + 1) % DC_NOTES_MEMO_SIZE;
    forget(note);
    note->len = strlen(text);
    note->hash = hash_of(text, note->len);
    note->context = context;
    note->failed = !(note->text = malloc(note->len + 1));
    if (note->text) memcpy(note->text, text, note->len + 1);
    m->open = note;
}

void dc_notes_memo_hit(dc_notes_memo *m, const char *signal, const char *words, const char *where)
{
    struct memo_note *note = m && m->depth == 1 ? m->open : NULL;
    if (!note || note->failed) return;
    if (note->count == note->cap) {
        size_t cap = note->cap ? note->cap * 2 : 4;
        struct memo_hit *grown = realloc(note->hits, cap * sizeof *grown);
        if (!grown) {
            note->failed = 1;
            return;
        }
        note->hits = grown;
        note->cap = cap;
    }
    char *copy = strdup(words);
    if (!copy) {
        note->failed = 1;
        return;
    }
    note->hits[note->count++] = (struct memo_hit){signal, where, copy};
}

void dc_notes_memo_end(dc_notes_memo *m, int whole)
{
    if (!m || m->depth == 0 || --m->depth > 0) return;
    struct memo_note *note = m->open;
    if (!note) return;
    m->open = NULL;
    if (!whole || note->failed) forget(note);
}

int dc_notes_memo_replay(dc_notes_memo *m, const char *text, uint64_t context, dc_notes_memo_fn *fn,
                         void *ctx)
{
    if (!m) return 0;
    size_t len = strlen(text);
    uint64_t hash = 0;
    int hashed = 0;
    for (size_t i = 0; i < DC_NOTES_MEMO_SIZE; i++) {
        struct memo_note *note = &m->notes[i];
        if (!note->text || note == m->open || note->len != len || note->context != context) continue;
        if (!hashed) {
            hash = hash_of(text, len);
            hashed = 1;
        }
        if (note->hash != hash || memcmp(note->text, text, len) != 0) continue;
        for (size_t k = 0; fn && k < note->count; k++)
            fn(ctx, note->hits[k].signal, note->hits[k].words, note->hits[k].where);
        return 1;
    }
    return 0;
}
