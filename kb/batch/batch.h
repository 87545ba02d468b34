/* batch.h - advice on a stream of deals: JSON Lines in, JSON Lines out, in
 * input order, by one process or by N worker processes.
 *
 * Each input line is one deal (spec §1, on one line); blank lines are
 * skipped. Each output line is that deal's advice (spec §4, one compact
 * object). A line that is not a good deal, or whose rules fail, gives no
 * output line: it is reported to `problems` as "ORIGIN:LINE: reason" and
 * the stream goes on. A line is read, advised, written and forgotten, so
 * memory stays flat however long the stream; the runner keeps no state
 * between lines, so it can serve as a filter under Spark's RDD.pipe or
 * Hadoop Streaming (docs/batch.md).
 *
 * With jobs > 1 the runner forks that many workers; each loads its own
 * coach through `make_coach` (no CLIPS state is shared) and advises the
 * lines handed to it; the runner writes their answers back in input order.
 * A worker that dies (a crash in a rule file's code) fails the lines it
 * held, which are reported; the others carry on. So does a worker from
 * which nothing has come for `stall_seconds` while it holds lines (no
 * deal takes that long: each has DC_RUN_SECONDS): it is stopped, and the
 * runner says so, instead of waiting for ever.
 *
 *     dc_batch_run run = {.origin = "deals.jsonl", .today = "2026-11-22",
 *                         .lang = "en", .jobs = 2, .make_coach = load, .coach_ctx = &opts};
 *     int rc = dc_batch_advise(&run, in, stdout, stderr);
 */
#ifndef DC_BATCH_H
#define DC_BATCH_H

#include <stdio.h>
#include "coach.h"

/* Make a loaded coach (the caller of dc_batch_advise frees nothing it
 * returns: the runner frees it). NULL when it cannot (reported by it). */
typedef dc_coach *(*dc_batch_coach_fn)(void *ctx);

/* How long a worker holding lines may stay silent: far beyond any deal. */
#define DC_BATCH_STALL_SECONDS 120.0

typedef struct dc_batch_run {
    const char *origin;           /* the input's name in messages ("-": stdin) */
    const char *today, *lang;     /* as for dc_coach_advise */
    int jobs;                     /* worker processes; 1 (or less): in this process */
    double stall_seconds;         /* a worker silent this long is stopped (0: DC_BATCH_STALL_SECONDS) */
    dc_batch_coach_fn make_coach;
    void *coach_ctx;
    /* out: how the lines went */
    long advised;                 /* an advice line written */
    long refused;                 /* not a deal, or a deal refused (spec §5) */
    long failed;                  /* the rules failed, or the worker died */
    long internal;                /* out of memory */
} dc_batch_run;

/* Advise on every line of `in`, writing advice to `out` and problems to
 * `problems`. DC_OK when the stream was read and written to the end
 * (whatever became of single lines: see the counts); DC_EIO when `in`
 * could not be read or `out` written; DC_ENOMEM; DC_ERUNTIME when no
 * coach or no worker could be made. */
int dc_batch_advise(dc_batch_run *run, FILE *in, FILE *out, FILE *problems);

#endif
