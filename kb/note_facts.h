/* note_facts.h - the facts a deal's notes propose (issue 13).
 *
 * Besides signals, a note can propose a criterion ("王行长在会上公开表态倾向
 * 我们的方案": dm-public-preference), a change to a person ("负责人赵工下个月
 * 离职", matched to a person of the deal by name or title), a budget change
 * ("budget was cut by 30%": the new budget, when the deal has one) or a
 * competitor's move. Nothing is asserted silently: the session shows each
 * proposal for the rep to accept, and advise lists them "from the notes"
 * and uses them only when the deal says "trust_notes": true.
 *
 * What a recognised signal proposes is data, in the pattern files:
 *     @propose SIGNAL<TAB>KIND [WHAT]
 * with KIND criterion (WHAT: the criterion id), person (WHAT: leaving,
 * changed, promoted, supporter or opponent), budget (WHAT: cut) or
 * competitor (WHAT: the move). Ids marked "@fact-only" (bid-won,
 * person-supports...) are recognised for their proposal only. */
#ifndef DC_NOTE_FACTS_H
#define DC_NOTE_FACTS_H

#include <jansson.h>
#include "notes.h"

/* The proposals of one note `text` (note number `index`, from 0; -1 for a
 * note not yet in the deal) for `deal`: a new array of objects
 *   {"note": INDEX, "signal": ID, "words": "...", "kind": KIND, ...}
 * with, by kind: "id" (criterion); "change" and "name" when a person of the
 * deal is named (person); "change", "percent" and "budget" when known
 * (budget); "move" and "name" when a competitor of the deal is named
 * (competitor). A criterion the deal already has is not proposed. NULL
 * when out of memory; a note that cannot be read proposes nothing. */
json_t *dc_note_facts_of(dc_notes *n, json_t *deal, const char *text, json_int_t index);

/* The proposals of all the deal's notes, in note order (same objects). */
json_t *dc_note_facts(dc_notes *n, json_t *deal);

/* What accepting `proposal` changes in the deal, as a session edit: the
 * dotted field and the value to add (criteria, signals) or set (budget);
 * for an attitude shown, "people" and the person's name (set its attitude
 * to the proposal's "change"). *add is 1 for a list item, 0 for a value to
 * set. The strings point into the proposal or are static; NULL when the
 * deal has no field for it (a promotion: shown only). */
const char *dc_note_fact_edit(json_t *proposal, const char **value, char *buf, size_t size,
                              int *add);

/* Apply every proposal to `deal` (a copy the caller owns): criteria added,
 * the budget set; for a deal that trusts its notes. DC_OK or DC_ENOMEM. */
int dc_note_facts_apply(json_t *deal, json_t *proposals);

#endif
