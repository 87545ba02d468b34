/* store.h - the deal store: deals kept between sessions, in SQLite.
 *
 * A deal is stored as its spec §1 JSON text (kb/deal.h validates it before it
 * gets here). Every change is one transaction that writes the new deal and
 * one history entry with its time, so nothing acknowledged is ever lost and
 * stage transitions have dates. Two processes may use one store at once (WAL
 * journal, busy timeout). A store written by a newer schema version is
 * refused; an older one is migrated on open.
 */
#ifndef DC_STORE_H
#define DC_STORE_H

#include <stddef.h>
#include "status.h"

typedef struct dc_store dc_store;

/* A new handle, not yet open. NULL only when out of memory. */
dc_store *dc_store_new(void);
void dc_store_free(dc_store *s); /* closes it too; NULL is fine */

/* The message left by the last failing call, or "". Owned by the handle. */
const char *dc_store_message(const dc_store *s);

/* The path used when the user names none: $DEALCOACH_DB if set, else
 * $XDG_DATA_HOME/dealcoach/deals.db, else ~/.local/share/dealcoach/deals.db.
 * Returns a malloc'd string the caller frees, or NULL when out of memory. */
char *dc_store_default_path(void);

/* Open (creating the file and its parent directory if needed) and migrate. */
int dc_store_open(dc_store *s, const char *path);

/* Save a deal: insert or replace it and add a history entry. `what` is a
 * one-line description of the change ("set size = large"); `stage` is the
 * evidenced stage after the change, or NULL if unknown. One transaction:
 * either both are written or neither. */
int dc_store_put(dc_store *s, const char *deal_id, const char *deal_json,
                 const char *what, const char *stage);

/* dc_store_put with the history entry's time given: `when` is
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC), or NULL for now. For imports that carry
 * their own dates and for stores generated with a known history; times
 * out of order are kept as given (`seq` still orders the entries).
 * DC_EINPUT when `when` is not such a time. */
int dc_store_put_at(dc_store *s, const char *deal_id, const char *deal_json,
                    const char *what, const char *stage, const char *when);

/* Why the store failed SQLite's quick check when it was opened, or NULL
 * when it passed. A damaged store is open for reading only: every write
 * fails with DC_ESTORE and a message saying so. Owned by the handle. */
const char *dc_store_damage(const dc_store *s);

/* Fetch a deal's JSON. On DC_OK *json is a malloc'd string the caller
 * frees; DC_ENOTFOUND if there is no such deal. */
int dc_store_get(dc_store *s, const char *deal_id, char **json);

/* Remove a deal and record it in the history (which stays, as does the
 * id's history for a deal made again later). DC_ENOTFOUND if absent. */
int dc_store_delete(dc_store *s, const char *deal_id, const char *what);

/* Visit every deal that is not archived, ordered by id. Strings valid
 * during the call only. A non-zero return from the callback stops the walk
 * and is returned. */
typedef int dc_store_deal_fn(void *ctx, const char *deal_id, const char *deal_json,
                             const char *updated_at);
int dc_store_each_deal(dc_store *s, dc_store_deal_fn *fn, void *ctx);

/* Which deals dc_store_each_deal_of visits. */
enum { DC_DEALS_ACTIVE = 1, DC_DEALS_ARCHIVED = 2, DC_DEALS_ALL = 3 };
int dc_store_each_deal_of(dc_store *s, unsigned which, dc_store_deal_fn *fn, void *ctx);

/* Archive (archived 1) or bring back (0) a deal, with a history entry
 * (`what` NULL: "archived" / "unarchived"). An archived deal keeps its JSON
 * and history, can be read with dc_store_get and changed with dc_store_put
 * (it stays archived), but dc_store_each_deal (the pipeline, `list`) leaves
 * it out. A deal already so: DC_OK, nothing recorded. DC_ENOTFOUND if
 * there is no such deal. */
int dc_store_archive(dc_store *s, const char *deal_id, int archived, const char *what);
int dc_store_is_archived(dc_store *s, const char *deal_id, int *archived);

/* A batch: every change between dc_store_begin and dc_store_end is one
 * transaction (an import of many deals). dc_store_end(s, 1) commits it,
 * unless a change inside failed (then nothing is written, DC_ESTORE);
 * dc_store_end(s, 0) drops it. Batches nest: an inner one joins the outer,
 * and only the outermost end commits (an inner end(s, 0) spoils the
 * whole). Closing the store drops an unfinished one.
 * The write lock is taken at begin: a batch that reads a deal and writes it
 * back (a session's change) cannot lose a change made meanwhile elsewhere,
 * since no other process can change anything until end. */
int dc_store_begin(dc_store *s);
int dc_store_end(dc_store *s, int commit);
/* Is a batch under way? */
int dc_store_in_batch(const dc_store *s);

/* What the last import wrote to a deal: a JSON object of field -> value
 * (kb/import/merge.h), kept so that a re-import can tell a field edited
 * since from one the CRM changed. get: malloc'd, DC_ENOTFOUND when the
 * deal was never imported. Deleting a deal forgets it. */
int dc_store_get_imported(dc_store *s, const char *deal_id, char **json);
int dc_store_put_imported(dc_store *s, const char *deal_id, const char *json);

/* Visit a deal's history, oldest first. `at` is ISO 8601 UTC
 * ("2026-11-22T10:04:05Z"); `stage` may be NULL. */
typedef int dc_store_history_fn(void *ctx, const char *at, const char *what,
                                const char *stage);
int dc_store_each_history(dc_store *s, const char *deal_id,
                          dc_store_history_fn *fn, void *ctx);

/* Visit a deal's history with the deal as it was after each change:
 * `deal_json` is NULL for a deletion and for entries written before the
 * store kept it (schema 3). Otherwise as dc_store_each_history. */
typedef int dc_store_change_fn(void *ctx, const char *at, const char *what,
                               const char *stage, const char *deal_json);
int dc_store_each_change(dc_store *s, const char *deal_id, dc_store_change_fn *fn, void *ctx);

/* Training runs (kb/train/train.h): a run record is kept whole as JSON
 * (an object with text "trainee", "scenario", "hash" and an integer
 * "percent"; DC_EINPUT otherwise), numbered from 1 in the order saved.
 * run_get: DC_ENOTFOUND when there is no such run; *run_json is malloc'd.
 * each_run visits every run, oldest first; strings valid during the call. */
int dc_store_run_add(dc_store *s, const char *run_json, long long *run_id);
int dc_store_run_get(dc_store *s, long long run_id, char **run_json);
typedef int dc_store_run_fn(void *ctx, long long run_id, const char *run_json);
int dc_store_each_run(dc_store *s, dc_store_run_fn *fn, void *ctx);

/* The schema version this build writes. */
int dc_store_schema_version(void);

/* Details of the calls above:
 * - put refuses (DC_EINPUT) JSON that is not an object whose "id" is the
 *   string deal_id; `what` NULL records "saved" (delete: "deleted").
 * - each_history on an id with no history at all: DC_ENOTFOUND. A deleted
 *   deal keeps its history.
 * - Callbacks may read the store but should not change it. */

/* How many history entries a deal has (0 for an id never seen). */
int dc_store_history_count(dc_store *s, const char *deal_id, size_t *count);

/* The deal's current stage (the last one recorded) and when it entered it:
 * the time of the first entry since another stage was last recorded
 * (entries without a stage do not count). Both malloc'd, the caller frees
 * them; DC_ENOTFOUND when no stage was ever recorded. */
int dc_store_stage_since(dc_store *s, const char *deal_id, char **stage, char **since);

/* How long a change waits for another process's lock before it fails with
 * DC_ESTORE. Default 5000 ms; applies now and to later opens. */
void dc_store_set_timeout(dc_store *s, int ms);

#endif
