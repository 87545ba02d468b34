/* notes_rivals.h - a deal's competitors, read in its notes as "a competitor".
 *
 * The vocabulary knows competitor words (竞品, 友商, "the rival") and some
 * vendors by name, but not the names a rep's deal lists: "博越主动降了15%"
 * is the competitor's move, yet nothing in the patterns says 博越 is one.
 * kb/notes.c rewrites each listed name in a normalised note as the
 * vocabulary's own word before reading it: "竞品" next to Chinese, "rival"
 * otherwise. The words reported for a hit are still the note as written.
 *
 * Names are matched as they are given (already normalised): Latin letters
 * without regard to case and only as whole words ("Vantex's" yes,
 * "Vantexia" no), Chinese characters anywhere. A longer name wins over a
 * shorter one at the same place. */
#ifndef DC_NOTES_RIVALS_H
#define DC_NOTES_RIVALS_H

#include <stddef.h>

typedef struct dc_rivals dc_rivals;

dc_rivals *dc_rivals_new(void);     /* NULL when out of memory */
void dc_rivals_free(dc_rivals *r);  /* NULL is fine */
void dc_rivals_clear(dc_rivals *r); /* no names */
size_t dc_rivals_count(const dc_rivals *r);

/* Add the name s[0..len) (valid UTF-8, normalised as notes are), a form
 * of the competitor numbered `owner` (the caller's). Names too short to
 * tell apart from ordinary words (one Chinese character, one Latin letter)
 * and names added before are skipped, and so are names longer than
 * DC_RIVALS_NAME_BYTES and any past the first DC_RIVALS_MAX: the time to
 * read a note stays linear in the note whatever a deal lists. DC_OK or
 * DC_ENOMEM. */
#define DC_RIVALS_MAX 32
#define DC_RIVALS_NAME_BYTES 128
int dc_rivals_add(dc_rivals *r, const char *s, size_t len, size_t owner);

/* The owner of the first name in text[0..len) (normalised), or -1. */
long dc_rivals_find(const dc_rivals *r, const char *text, size_t len);

/* Rewrite text[0..*len) in place of its names. `from` maps each byte of
 * text (and *len itself) to its place in the note as written; the word
 * put in for a name maps to where the name began, its last character to
 * the name's last (the words of a hit end with the name). On a change,
 * *text and *from are replaced by new malloc'd arrays (the old are
 * freed) and *len updated; without a name in the text nothing changes.
 * DC_OK or DC_ENOMEM (text and from unchanged). */
int dc_rivals_rewrite(const dc_rivals *r, char **text, size_t **from, size_t *len);

/* The names of a list as a rep writes it: "博越, 慧学通、StayWise Ltd."
 * (split at commas, 、 ， ; and tabs; blanks around a name dropped, empty
 * names skipped). A malloc'd array of malloc'd strings, *count of them,
 * to free with dc_rivals_split_free; NULL when out of memory. */
char **dc_rivals_split(const char *list, size_t *count);
void dc_rivals_split_free(char **names, size_t count);

#endif
