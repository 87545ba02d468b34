/* phrases.h - the rules' neutral notation, read in the user's language.
 *
 * Because-lines ("claimed_stage = negotiation; signal price-pushback (note 0
 * says "贵了")") and the deal checker's messages are written in a neutral,
 * English-like notation: field paths, ids, numbers, names and a few fixed
 * phrases, joined by "=", ":", ";", "," and "(...)". In English a line is
 * shown as it is. In another language each piece is looked up in that
 * language's catalog:
 *
 *   a run of words (longest first)   phrase.WORDS     "not signed yet"
 *   one word that is an id           label.ID         "price-pushback"
 *   one word that is a field path    field.PATH       "evaluation.preferred"
 *                                    (indexes dropped: people[0].met -> people.met)
 *
 * and the punctuation takes the language's form (ui.phrase-semicolon...).
 * Anything else - numbers, dates, names, quoted words - stays as it is.
 * Coaches add phrases for their own because-lines in their catalogs
 * (kb/messages/because.zh.txt shows the format).
 */
#ifndef DC_PHRASES_H
#define DC_PHRASES_H

#include <jansson.h>
#include "catalog.h"

/* `line` in `lang`. A malloc'd string the caller frees; NULL only when out
 * of memory. With `leftovers` (may be NULL), every word that had to stay as
 * it was and holds a Latin letter is appended to it (a JSON array of
 * strings): how a test finds English left in a Chinese report. */
char *dc_phrases_render(const dc_catalog *cat, const char *lang, const char *line,
                        json_t *leftovers);

/* A message about the user's input ("deal.json: size: unknown value "huge"
 * (expected one of: sme, large, government)") in `lang`: only its phrases
 * are translated; field paths and ids stay as they are, since the user types
 * them. malloc'd; NULL only when out of memory. */
char *dc_phrases_render_message(const dc_catalog *cat, const char *lang, const char *line);

#endif
