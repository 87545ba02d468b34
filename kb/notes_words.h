/* notes_words.h - words of a dialect read as the Mandarin words they stand for.
 *
 * A character map (kb/patterns/cantonese.map) reads one character as
 * another. Some words cannot be read a character at a time: Hunan's 冒 is
 * 没 in 冒得, 冒做 but not in 感冒 or 冒出来; Cantonese 倾 is 谈 in 倾掂,
 * 倾价 but not in 倾向. A map line of two words of the same UTF-8 length
 * ("冒得 没得") reads the first as the second, after the character maps
 * and OpenCC, so every concept and pattern written in Mandarin reads it.
 *
 * Words are non-ASCII UTF-8 (no ASCII character at all), so a word never
 * touches a pattern's syntax. A replacement never changes a text's length,
 * so the places of the words a pattern found still point into the note as
 * written, and a text of valid UTF-8 stays valid. */
#ifndef DC_NOTES_WORDS_H
#define DC_NOTES_WORDS_H

#include <stddef.h>

#define DC_WORDS_MAX 4096      /* words a handle holds; more are refused */
#define DC_WORDS_BYTES 64      /* bytes of one word, at most */

typedef struct dc_words dc_words;

dc_words *dc_words_new(void);      /* NULL when out of memory */
void dc_words_free(dc_words *w);   /* NULL is fine */
void dc_words_clear(dc_words *w);  /* NULL is fine */

/* Read `from` as `to` (both copied). A later word `from` replaces an earlier
 * one at the next dc_words_settle(). DC_OK; DC_EINPUT, nothing added, when
 * either is not valid non-ASCII UTF-8 of 1 to DC_WORDS_BYTES bytes, they
 * differ in length, or DC_WORDS_MAX words are held; DC_ENOMEM, nothing
 * added. Words added since the last settle are not yet read. */
int dc_words_add(dc_words *w, const char *from, const char *to);

/* Pass every word and what it is read as, as given to dc_words_add, through
 * `read` (in place, the length kept: the character maps), drop an earlier
 * word that reads the same as a later one, and make them ready to read.
 * Call after the maps are loaded, again after more are; `read` NULL leaves
 * the words as given. */
typedef void dc_words_read_fn(void *ctx, char *text);
void dc_words_settle(dc_words *w, dc_words_read_fn *read, void *ctx);

size_t dc_words_count(const dc_words *w); /* NULL: 0 */
/* The i'th settled word (i < count) and what it is read as; owned by w,
 * valid until the next add, settle or clear. */
const char *dc_words_from(const dc_words *w, size_t i);
const char *dc_words_to(const dc_words *w, size_t i);

/* The byte length of the longest settled word that text[0..len) starts
 * with, 0 for none; *to gets what it is read as. */
size_t dc_words_match(const dc_words *w, const char *text, size_t len, const char **to);

/* Replace, in text[0..len) of valid UTF-8, every word by what it is read
 * as: left to right, the longest word at each character, a replacement not
 * read again. A word of DC_WORDS_BYTES bytes costs a few binary searches
 * per character, whatever the number of words. */
void dc_words_apply(const dc_words *w, char *text, size_t len);

#endif
