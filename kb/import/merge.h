/* merge.h - bring an imported deal into the store without losing an edit.
 *
 * The store keeps, per deal, what the last import wrote to each field
 * (dc_store_get_imported). A re-import then tells, for each field the
 * import gives:
 *   - the deal has the field as the last import left it (or has it not at
 *     all): the new value is taken, and the change recorded in history;
 *   - the field was edited since (in the session, by hand) and the import
 *     brings the same value as last time: the edit stands, quietly;
 *   - edited since AND the import brings a new value: a CONFLICT. The
 *     edit stands; the conflict is reported (field, kept value, the
 *     file's value) and noted in the history entry. The import record takes
 *     the file's value, so the same file imported again is quiet.
 * A deal never imported but already in the store counts as edited: a value
 * it has is not overwritten by a different one.
 */
#ifndef DC_IMPORT_MERGE_H
#define DC_IMPORT_MERGE_H

#include <jansson.h>
#include "coach.h"
#include "store.h"

/* What happened to one deal. */
typedef enum dc_import_outcome {
    DC_IMPORT_CREATED,
    DC_IMPORT_UPDATED,
    DC_IMPORT_UNCHANGED,
    DC_IMPORT_REFUSED
} dc_import_outcome;

typedef struct dc_import_result {
    dc_import_outcome outcome;
    json_t *changes;   /* strings: "amount = 1200000 (was 1000000)" */
    json_t *conflicts; /* strings: "amount: kept 1300000 (changed since the last
                        * import); the file says 1200000" */
    json_t *errors;    /* why it was refused (deal check messages) */
    json_t *warnings;  /* unknown fields of the incoming deal */
    int archived;      /* the deal is archived (it stays so) */
} dc_import_result;

/* Merge `incoming` (a parsed deal: spec §1 fields, unchecked; its "id"
 * names the deal) into the store. `whole`: the incoming deal is the whole
 * deal (a deal file), so a field the last import gave and the file no
 * longer has is removed (if not edited since); otherwise (a CSV row) only
 * the fields given are considered. The merged deal is checked with the
 * coach (refused: nothing written), advised as of `today` for the stage of
 * its history entry, and saved with the import record, in one transaction
 * (or in the caller's dc_store_begin batch). `source` names the import in
 * the history ("deals.csv:12").
 *
 * `r` is filled (call dc_import_result_free after). Returns DC_OK when the
 * deal was handled (created, updated, unchanged or refused: see
 * r->outcome), DC_ESTORE/DC_EIO/DC_ENOMEM when the store failed (message
 * on the store). */
int dc_import_deal(dc_coach *coach, dc_store *store, const char *today, json_t *incoming,
                   int whole, const char *source, dc_import_result *r);

void dc_import_result_free(dc_import_result *r);

#endif
