/* notes_memo.h - the hits of the last few notes scanned, to replay.
 *
 * `advise` reads each note twice: once for its signals (kb/facts.c) and
 * once for the facts it proposes (kb/note_facts.c), each through
 * dc_notes_scan. The memo keeps the hits of the last DC_NOTES_MEMO_SIZE
 * notes scanned whole, so the second reading replays them instead of
 * scanning again. kb/notes.c clears it whenever its patterns change;
 * DEALCOACH_PLAIN=scan-memo scans every time.
 *
 * Memory is bounded: at most DC_NOTES_MEMO_SIZE notes and their hits,
 * the oldest dropped first. */
#ifndef DC_NOTES_MEMO_H
#define DC_NOTES_MEMO_H

#include <stddef.h>
#include <stdint.h>

#define DC_NOTES_MEMO_SIZE 16

typedef struct dc_notes_memo dc_notes_memo;

/* Called for each hit of a replayed note, as dc_notes_scan_at's callback. */
typedef void dc_notes_memo_fn(void *ctx, const char *signal, const char *words, const char *where);

dc_notes_memo *dc_notes_memo_new(void); /* NULL when out of memory */
void dc_notes_memo_free(dc_notes_memo *m); /* NULL is fine */
void dc_notes_memo_clear(dc_notes_memo *m);

/* Start recording the hits of `text` read in `context` (what else the
 * reading depended on: a digest of the deal's competitors' names, 0 for
 * none), replacing the oldest note kept. A
 * scan begun inside another (from its callback) records nothing; the
 * outer one records only its own hits.
 * `signal` and `where` given to dc_notes_memo_hit must outlive the memo's
 * next clear (the pattern set's strings); `words` is copied. Until
 * dc_notes_memo_end, the note is not found. */
void dc_notes_memo_begin(dc_notes_memo *m, const char *text, uint64_t context);
void dc_notes_memo_hit(dc_notes_memo *m, const char *signal, const char *words, const char *where);
/* The note is kept when `whole` (its scan read all of it and succeeded);
 * otherwise, or when memory ran out on the way, it is dropped. */
void dc_notes_memo_end(dc_notes_memo *m, int whole);

/* Replay the hits of `text` read in `context` through `fn`: 1 when it was
 * kept, 0 when not (nothing is called). */
int dc_notes_memo_replay(dc_notes_memo *m, const char *text, uint64_t context, dc_notes_memo_fn *fn,
                         void *ctx);

#endif
