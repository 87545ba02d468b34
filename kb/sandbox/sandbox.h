/* sandbox.h - run untrusted work (a user's rule files) in a separate
 * process that cannot do harm, and talk to it in JSON messages.
 *
 * dc_sandbox_start forks a worker. The worker first drops what it could
 * misuse: standard input and output become /dev/null, every other file
 * descriptor but its end of the channel is closed, resource limits bound
 * its memory, CPU time, file size and descriptors, and a seccomp filter
 * (libseccomp) leaves it only computation, memory, clocks and its channel:
 * no open, no exec, no fork, no network, no signals to others. Then it
 * calls `begin` once (loading the rules) and `serve` for each request,
 * until the parent closes the channel. A corruption, a memory bomb, a hang
 * or a crash in it cannot reach the store, the terminal or any file: the
 * parent sees an error status with a message saying what happened.
 *
 * Messages are JSON objects, one per line (compact JSON has no raw
 * newline), on a socket pair. The payload is the caller's: add members
 * freely, both sides ignore what they do not know.
 *
 *     dc_sandbox *sb = dc_sandbox_start(&limits, begin, serve, ctx, &first);
 *     if (!sb) fail("out of memory or fork failed");
 *     if (dc_sandbox_failed(sb)) fail(dc_sandbox_message(sb));  // died while beginning
 *     if (dc_sandbox_call(sb, request, 30, &reply)) fail(dc_sandbox_message(sb));
 *     dc_sandbox_free(sb);
 */
#ifndef DC_SANDBOX_H
#define DC_SANDBOX_H

#include <jansson.h>
#include "status.h"

typedef struct dc_sandbox dc_sandbox;

/* How a worker ends when it cannot go on, so the parent can say why:
 * out of memory (also the handler a worker gives the engine), or unable to
 * restrict itself. */
#define DC_SANDBOX_EXIT_OOM 86
#define DC_SANDBOX_EXIT_SETUP 87

/* In the worker, after it is restricted. `begin` returns the first message
 * to the parent; `serve` the reply to a request (NULL: out of memory, the
 * worker then ends). Both run in the worker only. */
typedef json_t *dc_sandbox_begin_fn(void *ctx);
typedef json_t *dc_sandbox_serve_fn(void *ctx, json_t *request);

typedef struct dc_sandbox_limits {
    unsigned long memory_mib;  /* address space (not under AddressSanitizer); 0: none */
    unsigned long cpu_seconds; /* CPU time over the worker's life; 0: none */
    double begin_seconds;      /* wall time the parent waits for `begin` */
} dc_sandbox_limits;

/* Fork the worker and wait for its first message, which *first receives
 * (a new reference; NULL when the worker failed: see dc_sandbox_failed).
 * NULL only when out of memory or the process could not be made. */
dc_sandbox *dc_sandbox_start(const dc_sandbox_limits *limits, dc_sandbox_begin_fn *begin,
                             dc_sandbox_serve_fn *serve, void *ctx, json_t **first);

/* Send `request`, wait at most `seconds` for the reply (*reply, a new
 * reference). DC_OK, or DC_ERUNTIME / DC_ELIMIT (no answer in time) when
 * the worker died, hung or answered garbage: it is then stopped for good,
 * every later call fails the same way, and the message says what happened
 * ("the rules engine crashed (signal 11: Segmentation fault)..."). */
int dc_sandbox_call(dc_sandbox *sb, json_t *request, double seconds, json_t **reply);

/* Has the worker died or been stopped? */
int dc_sandbox_failed(const dc_sandbox *sb);
const char *dc_sandbox_message(const dc_sandbox *sb);

/* Close the channel and reap the worker (killed if it does not end at
 * once). NULL is fine. */
void dc_sandbox_free(dc_sandbox *sb);

/* The restrictions the worker puts on itself, for tests: limits and the
 * seccomp filter, on the calling process, for good. 0, or -1 with errno. */
int dc_sandbox_restrict(const dc_sandbox_limits *limits, int channel_fd);

#endif
