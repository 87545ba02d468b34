/* facts.h - a checked deal (kb/deal.h) turned into engine facts.
 *
 * One fact per part of the deal (criterion, person, competitor, signal,
 * note), one each for evaluation, negotiation and opportunity (always, so
 * rules can match unknowns), an account fact when the deal says anything of
 * the account, and the deal fact LAST, so rules that test the whole deal see
 * all its parts. Dates become day counts against `today`.
 */
#ifndef DC_FACTS_H
#define DC_FACTS_H

#include <jansson.h>
#include "engine.h"
#include "notes.h"

/* Assert the facts of `deal` (already checked) into a freshly reset engine.
 * `today` is YYYY-MM-DD. Notes are scanned with `notes` (may be NULL: no
 * recognition) and each recognised signal asserted with the note's index
 * and the words that produced it. Problems that are not fatal (a note that
 * is not valid UTF-8) are appended to `warnings`. Returns DC_OK or the
 * engine's status, with the message on the engine. */
/* The templates dealcoach asserts from a deal (the rest only rules and
 * deffacts assert), NULL-terminated. */
extern const char *const dc_facts_input_templates[];

int dc_facts_assert_deal(dc_engine *e, dc_notes *notes, json_t *deal,
                         const char *today, json_t *warnings);

#endif
