/* notes_words.h - words of a dialect read as the Mandarin words they stand for.
 *
 * A character map (kb/patterns/cantonese.map) reads one character as
 * another. Some words cannot be read a character at a time: Hunan's 冒 is
 * 没 in 冒得, 冒做 but not in 感冒 or 冒出来; Cantonese 倾 is 谈 in 倾掂,
 * 倾价 but not in 倾向. A map line of two words of the same UTF-8 length
 * ("冒得 没得") reads the first as the second, after the character maps
 * and OpenCC, so every concept and pattern written in Mandarin reads it.
 *
 * A replacement never changes a note's length, so the places of the words
 * a pattern found still point into the note as written. */
#ifndef DC_NOTES_WORDS_H
#define DC_NOTES_WORDS_H

#include <stddef.h>

typedef struct dc_words dc_words;

dc_words *dc_words_new(void);      /* NULL when out of memory */
void dc_words_free(dc_words *w);   /* NULL is fine */
void dc_words_clear(dc_words *w);

/* Read `from` as `to`, replacing an earlier word `from`. Both are copied.
 * DC_OK; DC_EINPUT when they are empty or differ in byte length; DC_ENOMEM. */
int dc_words_add(dc_words *w, const char *from, const char *to);

/* Pass every word as given to dc_words_add through `read` (in place, the
 * length kept: the character maps), then make them ready for
 * dc_words_apply. Called after the maps are loaded; `read` NULL only sorts. */
typedef void dc_words_read_fn(void *ctx, char *text);
void dc_words_settle(dc_words *w, dc_words_read_fn *read, void *ctx);

size_t dc_words_count(const dc_words *w);
/* The i'th word, as settled, and what it is read as; owned by w. */
const char *dc_words_from(const dc_words *w, size_t i);
const char *dc_words_to(const dc_words *w, size_t i);

/* Replace, in text[0..len) of valid UTF-8, every word by what it is read
 * as, the longest word first at each character, left to right; a
 * replacement is not read again. */
void dc_words_apply(const dc_words *w, char *text, size_t len);

#endif
