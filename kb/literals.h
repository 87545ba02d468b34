/* literals.h - the strings a regular expression cannot match without.
 *
 * For a PCRE2 pattern compiled with UTF | UCP | CASELESS, dc_literals_of()
 * finds a small set of strings such that every match contains at least one
 * of them (ASCII letters lowercased): "(怕|担心)(丢单|输掉)" needs one of
 * 丢单 输掉 (or of 怕 担心). A note in which none occurs (compared after
 * dc_literals_fold()) cannot match, so the pattern need not be run: a
 * cheap first look before the regular expressions (kb/notes.c).
 *
 * Conservative: where it is not sure (classes, escapes such as \d, inline
 * options, back references, letters other than ASCII and CJK...) an item
 * gives no literal, and a pattern without a sure set gives none at all. */
#ifndef DC_LITERALS_H
#define DC_LITERALS_H

#include <stddef.h>

/* Larger sets are not worth checking. A concept's alternation of a hundred
 * words is: each is looked for through a byte-pair bitmap first, far
 * cheaper than running the alternation over a note (issue 15; 32 before). */
#define DC_LITERALS_MAX 256

/* The set for `pattern`: 1 with *out a malloc'd array of *count malloc'd
 * strings (free with dc_literals_free()); 0 when there is none (nothing to
 * free); -1 when out of memory. */
int dc_literals_of(const char *pattern, char ***out, size_t *count);
void dc_literals_free(char **set, size_t count);

/* `text` as the literals are compared: ASCII letters lowercased, and the
 * characters that match an ASCII letter caselessly (KELVIN SIGN, LONG S)
 * as that letter. A malloc'd string (its length in *len), or NULL when out
 * of memory. */
char *dc_literals_fold(const char *text, size_t len, size_t *out_len);

#endif
