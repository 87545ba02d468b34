/* batch.c - advice on a stream of deals, in one process or N (batch.h).
 *
 * Between the runner and a worker each line is one message. To a worker:
 * the deal's line. From a worker, one line per deal: 'A' and the advice
 * (compact JSON has no raw newline), or 'I' (input refused), 'R' (the rules
 * failed) or 'M' (out of memory) and the message "ORIGIN:LINE: reason".
 * The runner hands each line to the least busy worker and remembers, in
 * input order, which worker holds it; answers come back in the order each
 * worker got its lines, so the runner writes them out in input order. */
#define _POSIX_C_SOURCE 200809L
#include "batch/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch/json_line.h"
#include "batch/line_reader.h"
#include "deal.h"
#include "plain.h"
#include "strbuf.h"

/* Lines a worker may hold at once: enough to keep it busy, few enough that
 * memory stays flat. */
#define WINDOW 32

/* --- one line ------------------------------------------------------------------ */

static void put_errors(dc_buf *b, json_t *errors)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        if (i) dc_buf_puts(b, "; ");
        dc_buf_puts(b, json_string_value(e));
    }
}

/* The outcome of one input line, as one message (see the top). malloc'd,
 * NULL when out of memory. The advice is written by dc_json_line, or by
 * json_dumps with `plain_json` (DEALCOACH_PLAIN=json-line). */
static char *advise_line(dc_coach *c, const dc_batch_run *run, int plain_json, long lineno,
                         const char *text)
{
    char origin[512];
    snprintf(origin, sizeof origin, "%s:%ld", run->origin, lineno);
    json_t *errors = json_array(), *warnings = json_array(), *input = NULL, *deal = NULL,
           *advice = NULL;
    dc_buf b = DC_BUF_INIT;
    int rc = errors && warnings ? dc_deal_parse(origin, text, strlen(text), &input, errors) : DC_ENOMEM;
    if (!rc) rc = dc_coach_check(c, origin, input, &deal, errors, warnings);
    if (rc) {
        dc_buf_puts(&b, rc == DC_ENOMEM ? "M" : "I");
        if (json_array_size(errors)) put_errors(&b, errors);
        else dc_buf_printf(&b, "%s: out of memory", origin);
    } else if ((rc = dc_coach_advise(c, deal, run->today, run->lang, warnings, &advice))) {
        dc_buf_printf(&b, "%c%s: %s", rc == DC_ENOMEM ? 'M' : 'R', origin, dc_coach_message(c));
    } else if (plain_json) {
        char *json = json_dumps(advice, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (json) {
            dc_buf_append(&b, "A", 1);
            dc_buf_puts(&b, json);
        } else {
            dc_buf_printf(&b, "M%s: out of memory", origin);
        }
        free(json);
    } else {
        dc_buf_append(&b, "A", 1);
        dc_json_line(&b, advice); /* on failure b is failed: NULL below */
    }
    json_decref(errors);
    json_decref(warnings);
    json_decref(input);
    json_decref(deal);
    json_decref(advice);
    char *message = dc_buf_take(&b);
    if (message && message[0] != 'A') /* a message is one line, whatever a rule said */
        for (char *p = message; *p; p++)
            if (*p == '\n' || *p == '\r') *p = ' ';
    return message;
}

/* Write a message out: the advice to `out`, a problem to `problems`. 0, or
 * -1 when `out` could not be written. */
static int emit(dc_batch_run *run, const char *message, FILE *out, FILE *problems)
{
    switch (message[0]) {
    case 'A':
        run->advised++;
        return fputs(message + 1, out) == EOF || putc('\n', out) == EOF ? -1 : 0;
    case 'I': run->refused++; break;
    case 'R': run->failed++; break;
    default: run->internal++; break;
    }
    fprintf(problems, "%s\n", message + 1);
    return 0;
}

/* --- in this process ------------------------------------------------------------- */

/* Before waiting for input: what was written so far is seen now (a
 * stream fed as it goes, `tail -f`). 0, or -1 when `out` failed. */
static int show_written(FILE *out, FILE *problems)
{
    fflush(problems);
    return fflush(out) == EOF ? -1 : 0;
}

static int run_here(dc_batch_run *run, FILE *in, FILE *out, FILE *problems)
{
    int plain_json = dc_plain("json-line");
    dc_coach *c = run->make_coach(run->coach_ctx);
    if (!c) return DC_ERUNTIME;
    dc_line_reader input = DC_LINE_READER_INIT(fileno(in));
    char *line;
    int rc = DC_OK;
    while (rc == DC_OK) {
        if (!(line = dc_line_reader_next(&input))) {
            if (input.eof || input.error) break;
            if (show_written(out, problems)) rc = DC_EIO;
            else dc_line_reader_fill(&input);
            continue;
        }
        char *message = advise_line(c, run, plain_json, input.lineno, line);
        if (!message) {
            run->internal++;
            fprintf(problems, "%s:%ld: out of memory\n", run->origin, input.lineno);
            continue;
        }
        if (emit(run, message, out, problems)) rc = DC_EIO;
        free(message);
    }
    if (rc == DC_OK && input.error) rc = input.error == ENOMEM ? DC_ENOMEM : DC_EIO;
    dc_line_reader_free(&input);
    dc_coach_free(c);
    return rc;
}

/* --- workers ----------------------------------------------------------------------- */

typedef struct worker {
    pid_t pid;
    int to, from;             /* pipe ends in the runner; -1 once closed */
    dc_buf pending;           /* lines not yet written to the worker */
    size_t sent;              /* how much of pending was written */
    dc_buf partial;           /* the start of an answer not yet whole */
    char **answers;           /* whole answers not yet written out, oldest first */
    size_t first, count, cap;
    long held;                /* lines given, not yet answered */
    int gone;                 /* the worker ended */
    int stalled;              /* it was stopped for saying nothing too long */
} worker;

typedef struct ticket {       /* a line in flight: who holds it */
    int worker;
    long lineno;
} ticket;

typedef struct pool {
    dc_batch_run *run;
    worker *w;
    int n;
    ticket *order;            /* ring of lines in flight, in input order */
    size_t head, size, cap;
} pool;

/* The worker's life: read lines, answer each, until its input ends. */
static void worker_main(dc_batch_run *run, int in_fd, int out_fd)
{
    int plain_json = dc_plain("json-line");
    dc_coach *c = run->make_coach(run->coach_ctx);
    FILE *in = fdopen(in_fd, "r");
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno;
    while (c && in && (n = getline(&buf, &cap, in)) > 0) {
        /* "LINENO TEXT\n" */
        char *text;
        lineno = strtol(buf, &text, 10);
        if (n && buf[n - 1] == '\n') buf[n - 1] = '\0';
        char *message = advise_line(c, run, plain_json, lineno, text + 1);
        dc_buf reply = DC_BUF_INIT;
        if (message) {
            dc_buf_puts(&reply, message);
            dc_buf_append(&reply, "\n", 1);
        } else dc_buf_printf(&reply, "M%s:%ld: out of memory\n", run->origin, lineno);
        free(message);
        for (size_t done = 0; reply.s && done < reply.len; ) {
            ssize_t k = write(out_fd, reply.s + done, reply.len - done);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) _exit(1);
            done += (size_t)k;
        }
        free(dc_buf_take(&reply));
    }
    free(buf);
    dc_coach_free(c);
    _exit(c ? 0 : 1);
}

static int push_answer(worker *w, char *answer)
{
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        char **grown = malloc(cap * sizeof *grown);
        if (!grown) return -1;
        for (size_t i = 0; i < w->count; i++) grown[i] = w->answers[(w->first + i) % w->cap];
        free(w->answers);
        w->answers = grown;
        w->first = 0;
        w->cap = cap;
    }
    w->answers[(w->first + w->count++) % w->cap] = answer;
    return 0;
}

static char *pop_answer(worker *w)
{
    char *a = w->answers[w->first];
    w->first = (w->first + 1) % w->cap;
    w->count--;
    return a;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* Start worker i. 0, or -1 (errno) when a pipe or fork fails. */
static int start_worker(pool *p, int i)
{
    int down[2], up[2];
    if (pipe(down)) return -1;
    if (pipe(up)) {
        close(down[0]);
        close(down[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(down[0]); close(down[1]); close(up[0]); close(up[1]);
        return -1;
    }
    if (pid == 0) {
        for (int k = 0; k < i; k++) { /* the other workers' pipes are not ours */
            close_fd(&p->w[k].to);
            close_fd(&p->w[k].from);
        }
        close(down[1]);
        close(up[0]);
        worker_main(p->run, down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    worker *w = &p->w[i];
    w->pid = pid;
    w->to = down[1];
    w->from = up[0];
    fcntl(w->to, F_SETFL, fcntl(w->to, F_GETFL) | O_NONBLOCK);
    fcntl(w->to, F_SETFD, FD_CLOEXEC);
    fcntl(w->from, F_SETFD, FD_CLOEXEC);
    return 0;
}

/* The live worker holding the fewest lines, or -1 when none is left. */
static int least_busy(pool *p)
{
    int best = -1;
    for (int i = 0; i < p->n; i++)
        if (!p->w[i].gone && p->w[i].to >= 0 && (best < 0 || p->w[i].held < p->w[best].held)) best = i;
    return best;
}

static int push_ticket(pool *p, int holder, long lineno)
{
    if (p->size == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        ticket *grown = malloc(cap * sizeof *grown);
        if (!grown) return -1;
        for (size_t i = 0; i < p->size; i++) grown[i] = p->order[(p->head + i) % p->cap];
        free(p->order);
        p->order = grown;
        p->head = 0;
        p->cap = cap;
    }
    p->order[(p->head + p->size++) % p->cap] = (ticket){holder, lineno};
    return 0;
}

static double stall_seconds(const dc_batch_run *run)
{
    return run->stall_seconds > 0 ? run->stall_seconds : DC_BATCH_STALL_SECONDS;
}

/* Worker i ended with lines unanswered: each of them fails, in order. */
static void worker_gone(pool *p, int i)
{
    worker *w = &p->w[i];
    int status = 0;
    w->gone = 1;
    close_fd(&w->to);
    close_fd(&w->from);
    if (w->pid > 0 && waitpid(w->pid, &status, 0) == w->pid) w->pid = -1;
    size_t answered = w->count;
    for (size_t k = 0; k < p->size && w->held > 0; k++) {
        ticket *t = &p->order[(p->head + k) % p->cap];
        if (t->worker != i) continue;
        if (answered) {
            answered--;
            continue;
        }
        dc_buf b = DC_BUF_INIT;
        if (w->stalled)
            dc_buf_printf(&b, "R%s:%ld: no answer from the worker advising it in %g s: the worker was stopped",
                          p->run->origin, t->lineno, stall_seconds(p->run));
        else if (WIFSIGNALED(status))
            dc_buf_printf(&b, "R%s:%ld: the worker advising it was stopped by signal %d (a fault in a "
                          "rule file's code?)", p->run->origin, t->lineno, WTERMSIG(status));
        else
            dc_buf_printf(&b, "R%s:%ld: the worker advising it ended (exit status %d)", p->run->origin,
                          t->lineno, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        char *answer = dc_buf_take(&b);
        if (!answer || push_answer(w, answer)) free(answer);
        w->held--;
    }
    w->held = 0;
}

/* Read what worker i has answered: whole lines become answers, the start
 * of one not yet whole waits in w->partial. */
static void read_answers(pool *p, int i)
{
    worker *w = &p->w[i];
    char chunk[65536];
    ssize_t n = read(w->from, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        worker_gone(p, i);
        return;
    }
    const char *at = chunk, *end = chunk + n;
    for (const char *nl; at < end && (nl = memchr(at, '\n', (size_t)(end - at))); at = nl + 1) {
        dc_buf_append(&w->partial, at, (size_t)(nl - at));
        char *answer = dc_buf_take(&w->partial);
        if (answer && !push_answer(w, answer)) w->held--;
        else free(answer);
    }
    if (at < end) dc_buf_append(&w->partial, at, (size_t)(end - at));
}

/* Nothing came from any worker for the stall time, yet lines are owed:
 * the workers holding them (every live one, should none hold any) are
 * stopped, and their lines fail with the reason; the stream goes on with
 * the workers left. Never a wait for ever. */
static void stop_stalled(pool *p, FILE *problems)
{
    int holding = 0;
    for (int i = 0; i < p->n; i++) holding += !p->w[i].gone && p->w[i].held > 0;
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (w->gone || (holding && w->held <= 0)) continue;
        fprintf(problems, "%s: worker %d (process %ld) gave no answer in %g s while holding %ld line(s): stopped\n",
                p->run->origin, i + 1, (long)w->pid, stall_seconds(p->run), w->held);
        w->stalled = 1;
        if (w->pid > 0) kill(w->pid, SIGKILL);
        worker_gone(p, i);
    }
}

/* Write what worker i still has to get. */
static void send_pending(pool *p, int i)
{
    worker *w = &p->w[i];
    while (w->to >= 0 && w->sent < w->pending.len) {
        ssize_t k = write(w->to, w->pending.s + w->sent, w->pending.len - w->sent);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && errno == EAGAIN) return;
        if (k <= 0) {
            worker_gone(p, i);
            return;
        }
        w->sent += (size_t)k;
    }
    if (w->sent == w->pending.len) {
        w->pending.len = 0;
        w->sent = 0;
    }
}

static int run_pool(dc_batch_run *run, FILE *in, FILE *out, FILE *problems)
{
    pool p = {run, calloc((size_t)run->jobs, sizeof(worker)), run->jobs, NULL, 0, 0, 0};
    if (!p.w) return DC_ENOMEM;
    int rc = DC_OK, eof = 0, started = 0;
    dc_line_reader input = DC_LINE_READER_INIT(fileno(in));
    char *line;
    for (int i = 0; i < p.n; i++) p.w[i].to = p.w[i].from = -1;
    fflush(out);
    fflush(problems);
    for (int i = 0; i < p.n; i++)
        if (start_worker(&p, i) == 0) started++;
    if (!started) rc = DC_ERUNTIME;
    struct pollfd *fds = calloc((size_t)p.n * 2 + 1, sizeof *fds);
    if (!fds) rc = DC_ENOMEM;

    while (rc == DC_OK) {
        /* Hand out the lines at hand while the workers have room. */
        while (!eof && p.size < (size_t)p.n * WINDOW) {
            if (!(line = dc_line_reader_next(&input))) {
                if (input.error) rc = input.error == ENOMEM ? DC_ENOMEM : DC_EIO;
                eof = input.eof || input.error;
                break; /* or no whole line yet: input is waited for below */
            }
            long lineno = input.lineno;
            int i = least_busy(&p);
            if (i < 0) { /* every worker is gone */
                run->failed++;
                fprintf(problems, "%s:%ld: no worker is left to advise it\n", run->origin, lineno);
                continue;
            }
            char number[24]; /* "LINENO TEXT\n", without printf's cost on a long line */
            dc_buf_append(&p.w[i].pending, number, (size_t)snprintf(number, sizeof number, "%ld ", lineno));
            dc_buf_puts(&p.w[i].pending, line);
            dc_buf_append(&p.w[i].pending, "\n", 1);
            if (p.w[i].pending.failed || push_ticket(&p, i, lineno)) {
                rc = DC_ENOMEM;
                break;
            }
            p.w[i].held++;
        }
        /* Write out the answers that are next in input order. */
        while (p.size > 0 && p.w[p.order[p.head].worker].count > 0) {
            char *answer = pop_answer(&p.w[p.order[p.head].worker]);
            if (emit(run, answer, out, problems)) rc = DC_EIO;
            free(answer);
            p.head = (p.head + 1) % p.cap;
            p.size--;
        }
        if (rc || (eof && p.size == 0)) break;
        /* Room again with a line at hand (the answers just written may have
         * been every line in flight, and the workers are then waiting for
         * more): hand out before waiting, or the wait would be for ever. */
        int room = !eof && p.size < (size_t)p.n * WINDOW;
        if (room && dc_line_reader_ready(&input)) continue;
        /* At the end of the input, a worker with nothing left to get is told so. */
        if (eof)
            for (int i = 0; i < p.n; i++)
                if (p.w[i].to >= 0 && p.w[i].pending.len == 0) close_fd(&p.w[i].to);
        nfds_t n = 0;
        for (int i = 0; i < p.n; i++) {
            if (p.w[i].to >= 0 && p.w[i].pending.len > p.w[i].sent)
                fds[n++] = (struct pollfd){p.w[i].to, POLLOUT, 0};
            if (p.w[i].from >= 0) fds[n++] = (struct pollfd){p.w[i].from, POLLIN, 0};
        }
        nfds_t input_at = n; /* the input too, when there is room for its next line */
        if (room) {
            if (show_written(out, problems)) {
                rc = DC_EIO;
                break;
            }
            fds[n++] = (struct pollfd){input.fd, POLLIN, 0};
        }
        if (n == 0) { /* nobody left to hear from, lines still owed: cannot happen */
            rc = DC_ERUNTIME;
            break;
        }
        /* A stall counts only while lines are owed: waiting for input may be long. */
        int ready = poll(fds, n, p.size ? (int)(stall_seconds(run) * 1000) : -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            rc = DC_EIO;
            break;
        }
        if (ready == 0) {
            stop_stalled(&p, problems);
            continue;
        }
        for (nfds_t k = 0; k < n; k++) {
            if (!fds[k].revents) continue;
            if (k == input_at) {
                dc_line_reader_fill(&input);
                continue;
            }
            for (int i = 0; i < p.n; i++) {
                if (fds[k].fd == p.w[i].to && p.w[i].to >= 0) send_pending(&p, i);
                else if (fds[k].fd == p.w[i].from && p.w[i].from >= 0) read_answers(&p, i);
            }
        }
    }

    for (int i = 0; i < p.n; i++) {
        worker *w = &p.w[i];
        close_fd(&w->to);
        close_fd(&w->from);
        if (w->pid > 0) {
            if (rc) kill(w->pid, SIGTERM);
            waitpid(w->pid, NULL, 0);
        }
        while (w->count) free(pop_answer(w));
        free(w->answers);
        free(dc_buf_take(&w->pending));
        free(dc_buf_take(&w->partial));
    }
    free(fds);
    free(p.order);
    free(p.w);
    dc_line_reader_free(&input);
    return rc;
}

int dc_batch_advise(dc_batch_run *run, FILE *in, FILE *out, FILE *problems)
{
    run->advised = run->refused = run->failed = run->internal = 0;
    if (run->jobs <= 1) return run_here(run, in, out, problems);
    /* A worker that dies must not take the runner with it. */
    struct sigaction ignore, old;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &old);
    int rc = run_pool(run, in, out, problems);
    sigaction(SIGPIPE, &old, NULL);
    return rc;
}
