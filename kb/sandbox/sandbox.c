/* sandbox.c - a restricted worker process and its JSON-lines channel (see
 * sandbox.h). */
#define _GNU_SOURCE /* close_range via syscall, strsignal */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "asan.h"

/* Under AddressSanitizer (asan.h) there is no RLIMIT_AS (its shadow memory
 * reserves terabytes) and open fails quietly instead of killing (it opens
 * /proc/self/maps to report). */

#define MAX_MESSAGE_BYTES (64u << 20)

struct dc_sandbox {
    pid_t pid;     /* 0 once reaped */
    int fd;        /* our end of the channel, -1 once closed */
    int failed;
    char message[1024];
    char *in;      /* bytes received, not yet a whole line */
    size_t in_len, in_cap;
};

static void set_message(dc_sandbox *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sb->message, sizeof sb->message, fmt, ap);
    va_end(ap);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the channel: one compact JSON object per line -------------------------------- */

/* 0, or -1 when the other side is gone or out of memory. */
static int send_message(int fd, json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    if (!text) return -1;
    size_t n = strlen(text);
    text[n] = '\n'; /* replaces the NUL: the length is known */
    size_t sent = 0;
    int rc = 0;
    while (sent <= n) {
        ssize_t w = send(fd, text + sent, n + 1 - sent, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { rc = -1; break; }
        sent += (size_t)w;
    }
    free(text);
    return rc;
}

enum { GOT_LINE = 0, GOT_EOF, GOT_TIMEOUT, GOT_ERROR, GOT_TOO_LONG };

/* Receive one line into a malloc'd *line (without the newline), waiting
 * until `deadline` (0: for ever). */
static int receive_line(int fd, char **buf, size_t *len, size_t *cap, double deadline, char **line)
{
    *line = NULL;
    for (;;) {
        char *nl = *len ? memchr(*buf, '\n', *len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - *buf);
            if (!(*line = malloc(n + 1))) return GOT_ERROR;
            memcpy(*line, *buf, n);
            (*line)[n] = '\0';
            memmove(*buf, nl + 1, *len - n - 1);
            *len -= n + 1;
            return GOT_LINE;
        }
        if (*len >= MAX_MESSAGE_BYTES) return GOT_TOO_LONG;
        if (deadline > 0) {
            double left = deadline - now_seconds();
            if (left <= 0) return GOT_TIMEOUT;
            struct pollfd p = {.fd = fd, .events = POLLIN};
            int ready = poll(&p, 1, (int)(left * 1000) + 1);
            if (ready < 0 && errno == EINTR) continue;
            if (ready < 0) return GOT_ERROR;
            if (ready == 0) return GOT_TIMEOUT;
        }
        if (*cap - *len < 65536) {
            size_t grown_cap = *cap ? *cap * 2 : 131072;
            char *grown = realloc(*buf, grown_cap);
            if (!grown) return GOT_ERROR;
            *buf = grown;
            *cap = grown_cap;
        }
        ssize_t r = recv(fd, *buf + *len, *cap - *len, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return errno == ECONNRESET ? GOT_EOF : GOT_ERROR;
        if (r == 0) return GOT_EOF;
        *len += (size_t)r;
    }
}

/* --- the worker's restrictions ------------------------------------------------------ */

static int set_limit(int resource, rlim_t value)
{
    struct rlimit r = {value, value};
    return setrlimit(resource, &r);
}

static int add_rules(scmp_filter_ctx f, uint32_t action, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        int nr = seccomp_syscall_resolve_name(names[i]);
        if (nr == __NR_SCMP_ERROR) continue; /* not on this architecture */
        if (seccomp_rule_add(f, action, nr, 0) < 0) return -1;
    }
    return 0;
}

/* What the worker may do: compute, manage memory, read clocks, use its
 * channel and end itself. Everything else fails with EPERM; the calls that
 * would reach outside (running a program, opening a file, the network,
 * making processes) kill it at once, so an attempt is never silent. */
static int install_filter(void)
{
    static const char *const allowed[] = {
        "read", "write", "readv", "writev", "recvfrom", "sendto", "close", "fstat", "lseek",
        "brk", "mmap", "munmap", "mremap", "madvise", "mprotect", "rt_sigreturn",
        "rt_sigprocmask", "rt_sigaction", "sigaltstack", "exit", "exit_group",
        "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep",
        "clock_nanosleep", "getpid", "gettid", "futex", "getrandom", "sched_yield",
        "getrusage", "poll", "ppoll", NULL};
    static const char *const fatal[] = {
        "execve", "execveat", "fork", "vfork", "clone", "clone3", "socket", "socketpair",
        "connect", "bind", "listen", "accept", "accept4", "ptrace", "process_vm_writev",
        "process_vm_readv", "kill", "tkill",
#ifndef DC_ASAN
        "open", "openat", "openat2", "creat",
#endif
        NULL};
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (!f) return -1;
    int rc = add_rules(f, SCMP_ACT_ALLOW, allowed);
    if (!rc) rc = add_rules(f, SCMP_ACT_KILL_PROCESS, fatal);
    /* abort() signals itself; no other process. */
    if (!rc) rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                                   SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
    if (!rc) rc = seccomp_load(f);
    seccomp_release(f);
    return rc ? -1 : 0;
}

int dc_sandbox_restrict(const dc_sandbox_limits *limits, int channel_fd)
{
#ifndef DC_ASAN
    if (limits->memory_mib && set_limit(RLIMIT_AS, (rlim_t)limits->memory_mib << 20)) return -1;
#endif
    if (limits->cpu_seconds) {
        struct rlimit r = {limits->cpu_seconds, limits->cpu_seconds + 5};
        if (setrlimit(RLIMIT_CPU, &r)) return -1;
    }
    if (set_limit(RLIMIT_CORE, 0) || set_limit(RLIMIT_NOFILE, (rlim_t)channel_fd + 1)) return -1;
    return install_filter();
}

/* Standard input and output become /dev/null; the channel becomes
 * descriptor 3 and every descriptor above it is closed (the store, the
 * terminal's other handles...). Standard error stays for crash reports. */
static int isolate_descriptors(int *fd)
{
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0) return -1;
    if (*fd != 3 && dup2(*fd, 3) < 0) return -1;
    *fd = 3;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 4u, ~0u, 0u) == 0) return 0;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    for (long i = 4; i < (max > 0 && max < 65536 ? max : 65536); i++) close((int)i);
    return 0;
}

/* The worker: never returns. */
static void run_worker(int fd, const dc_sandbox_limits *limits, dc_sandbox_begin_fn *begin,
                       dc_sandbox_serve_fn *serve, void *ctx)
{
    /* A crash must reach the parent as the signal it is (under ASan, after
     * ASan's own report, which is kept). */
#ifndef DC_ASAN
    signal(SIGSEGV, SIG_DFL);
#endif
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_IGN); /* Ctrl-C is the parent's to handle */
    json_object_seed(0); /* jansson reads /dev/urandom once: now, while it may */
    if (isolate_descriptors(&fd) || dc_sandbox_restrict(limits, fd)) _exit(DC_SANDBOX_EXIT_SETUP);
    json_t *first = begin(ctx);
    if (!first) _exit(DC_SANDBOX_EXIT_OOM);
    if (send_message(fd, first)) _exit(0);
    json_decref(first);
    char *buf = NULL, *line;
    size_t len = 0, cap = 0;
    while (receive_line(fd, &buf, &len, &cap, 0, &line) == GOT_LINE) {
        json_t *request = json_loads(line, 0, NULL);
        free(line);
        json_t *reply = request ? serve(ctx, request) : NULL;
        json_decref(request);
        if (!reply) _exit(DC_SANDBOX_EXIT_OOM);
        if (send_message(fd, reply)) break;
        json_decref(reply);
    }
    _exit(0);
}

/* --- the parent's side ---------------------------------------------------------------- */

/* Reap the worker: wait a moment for it to end, then kill it. */
static int reap(dc_sandbox *sb, int kill_now)
{
    int status = 0;
    if (!sb->pid) return 0;
    if (kill_now) kill(sb->pid, SIGKILL);
    for (int i = 0; i < 100; i++) {
        pid_t r = waitpid(sb->pid, &status, WNOHANG);
        if (r == sb->pid || (r < 0 && errno != EINTR)) {
            sb->pid = 0;
            return status;
        }
        struct timespec ms10 = {0, 10000000};
        nanosleep(&ms10, NULL);
    }
    kill(sb->pid, SIGKILL);
    while (waitpid(sb->pid, &status, 0) < 0 && errno == EINTR) {}
    sb->pid = 0;
    return status;
}

/* The worker is gone or useless: stop it for good and say why. */
static int give_up(dc_sandbox *sb, int got, double seconds)
{
    int status = reap(sb, got != GOT_EOF);
    if (sb->fd >= 0) close(sb->fd);
    sb->fd = -1;
    sb->failed = 1;
    const char *cause =
        "- a rule or deffunction that recurses without end, a runaway rule, or a bug in CLIPS; "
        "it ran in a separate process, so nothing else was touched";
    if (got == GOT_TIMEOUT) {
        set_message(sb, "the rules engine did not answer within %g s and was stopped %s", seconds, cause);
        return DC_ELIMIT;
    }
    if (got == GOT_TOO_LONG) {
        set_message(sb, "the rules engine answered more than %u MiB and was stopped", MAX_MESSAGE_BYTES >> 20);
        return DC_ERUNTIME;
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
        set_message(sb, "the rules engine tried a forbidden system call and was stopped "
                        "(a bug in CLIPS reached by a rule?); nothing else was touched");
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        set_message(sb, "the rules engine used up its CPU time and was stopped %s", cause);
    else if (WIFSIGNALED(status))
        set_message(sb, "the rules engine crashed (signal %d: %s) %s", WTERMSIG(status),
                    strsignal(WTERMSIG(status)), cause);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == DC_SANDBOX_EXIT_OOM)
        set_message(sb, "the rules engine ran out of memory and was stopped %s", cause);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == DC_SANDBOX_EXIT_SETUP)
        set_message(sb, "the rules engine could not restrict itself (seccomp, resource limits) "
                        "and did not start");
    else
        set_message(sb, "the rules engine stopped unexpectedly (exit status %d) %s",
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1, cause);
    return DC_ERUNTIME;
}

/* Receive a whole message; DC_OK or the worker is given up. */
static int receive(dc_sandbox *sb, double seconds, json_t **msg)
{
    char *line;
    *msg = NULL;
    int got = receive_line(sb->fd, &sb->in, &sb->in_len, &sb->in_cap,
                           seconds > 0 ? now_seconds() + seconds : 0, &line);
    if (got != GOT_LINE) return give_up(sb, got, seconds);
    *msg = json_loads(line, 0, NULL);
    free(line);
    if (!json_is_object(*msg)) {
        json_decref(*msg);
        *msg = NULL;
        return give_up(sb, GOT_ERROR, seconds);
    }
    return DC_OK;
}

dc_sandbox *dc_sandbox_start(const dc_sandbox_limits *limits, dc_sandbox_begin_fn *begin,
                             dc_sandbox_serve_fn *serve, void *ctx, json_t **first)
{
    int fds[2];
    *first = NULL;
    dc_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) return NULL;
    sb->fd = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds)) {
        free(sb);
        return NULL;
    }
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        free(sb);
        return NULL;
    }
    if (pid == 0) {
        close(fds[0]);
        run_worker(fds[1], limits, begin, serve, ctx);
    }
    close(fds[1]);
    sb->pid = pid;
    sb->fd = fds[0];
    receive(sb, limits->begin_seconds, first);
    return sb;
}

int dc_sandbox_call(dc_sandbox *sb, json_t *request, double seconds, json_t **reply)
{
    *reply = NULL;
    if (sb->failed) return DC_ERUNTIME;
    if (send_message(sb->fd, request)) return give_up(sb, GOT_EOF, seconds);
    return receive(sb, seconds, reply);
}

int dc_sandbox_failed(const dc_sandbox *sb)
{
    return sb->failed;
}

const char *dc_sandbox_message(const dc_sandbox *sb)
{
    return sb->message;
}

void dc_sandbox_free(dc_sandbox *sb)
{
    if (!sb) return;
    if (sb->fd >= 0) close(sb->fd); /* the worker reads EOF and ends */
    reap(sb, 0);
    free(sb->in);
    free(sb);
}
