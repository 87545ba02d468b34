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
 *     @propose SIGNAL<TAB>KIND [WHAT [named]]
 * with KIND criterion (WHAT: the criterion id), person (WHAT: leaving,
 * changed, promoted, supporter or opponent), budget (WHAT: cut, new) or
 * competitor (WHAT: the move: price-cut, demo, met-decision-maker,
 * quote-used, dropped-out, incumbent; the deal's competitors[].moves;
 * "named": only when the note names the competitor). Ids marked "@fact-only" (bid-won,
 * person-supports...) are recognised for their proposal only. */
#ifndef DC_NOTE_FACTS_H
#define DC_NOTE_FACTS_H

#include <jansson.h>
#include "notes.h"

/* Read the names of the deal's competitors (competitors[].name; none
 * when `deal` is NULL) in the notes scanned from now on as a competitor
 * (dc_notes_set_rivals): "博越主动降了15%" is then the competitor's move.
 * dc_note_facts_of and dc_facts_assert_deal call it; so does whoever
 * scans a deal's notes itself. DC_OK or DC_ENOMEM. */
int dc_note_rivals_of(dc_notes *n, json_t *deal);

/* The proposals of one note `text` (note number `index`, from 0; -1 for a
 * note not yet in the deal) for `deal`: a new array of objects
 *   {"note": INDEX, "signal": ID, "words": "...", "kind": KIND, ...}
 * with, by kind: "id" (criterion); "change" and "name" when a person of the
 * deal is named (person; "coach": true when that person is our coach);
 * "change" (cut, new), "percent", "by" (an amount cut) and "budget" (the
 * new figure) when known, "currency" when the note names another currency
 * than the deal's (budget); "move", "percent" when the move has one, and
 * "name" when the competitor is known: named in the note (by any form of
 * its name: dc_notes_rival_named), the deal's only
 * competitor, or the company the note's clause starts with (competitor).
 * A criterion the deal already has is not proposed; a note makes at most
 * one budget proposal. NULL when out of memory; a note that cannot be read
 * proposes nothing. */
json_t *dc_note_facts_of(dc_notes *n, json_t *deal, const char *text, json_int_t index);

/* The proposals of all the deal's notes, in note order (same objects),
 * less those the deal already records. */
json_t *dc_note_facts(dc_notes *n, json_t *deal);

/* What accepting a proposal changes in the deal, as one session edit. */
typedef struct dc_note_edit {
    const char *path;  /* "criteria", "signals", "budget", or an entry list: "people", "competitors" */
    const char *value; /* the item to add, the value to set, or the entry's name */
    const char *key;   /* entries: the attribute ("attitude", "leaving", "moves"); else NULL */
    const char *text;  /* entries: its value ("opponent", "yes", "price-cut") */
    int add;           /* 1: add value to the list (entries: text to the list attribute key,
                        * adding the entry when missing); 0: set it */
    char buf[64];      /* room for a value written out (the budget) */
} dc_note_edit;

/* Fill *e for `proposal`; the strings point into the proposal, into e->buf
 * or are static. 0 when the deal has no field for it (a promotion; a
 * competitor's move when no competitor is known; a figure in another
 * currency): shown only. */
int dc_note_fact_edit(json_t *proposal, dc_note_edit *e);

/* Apply every proposal to `deal` (a copy the caller owns), as accepting
 * each would: for a deal that trusts its notes. DC_OK or DC_ENOMEM. */
int dc_note_facts_apply(json_t *deal, json_t *proposals);

#endif
