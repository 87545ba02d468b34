/* lineio.c - the session's lines: readline on a terminal, stdio otherwise
 * (see lineio.h).
 *
 * On a terminal readline runs through its callback interface, waiting in
 * select(), so that Ctrl-C (SIGINT, caught by us) interrupts the wait and
 * throws the line away instead of ending the program - the way Python's
 * readline module does it. */
#define _POSIX_C_SOURCE 200809L
#include "lineio.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/readline.h>
#include <readline/history.h>

#define HISTORY_LINES 1000

static struct {
    int interactive;
    char *history_path;
    lineio_complete_fn *complete;
    void *ctx;
    char **matches; /* the candidates kept for the word being completed */
    size_t n_matches, next_match;
    char *line;     /* the line readline handed over, or NULL at EOF */
    int line_done;
} io;

static volatile sig_atomic_t interrupted, resized;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void on_sigwinch(int sig)
{
    (void)sig;
    resized = 1;
}

/* --- completion ------------------------------------------------------------ */

static char *next_match(const char *text, int state)
{
    (void)text;
    if (state == 0) io.next_match = 0;
    if (io.next_match >= io.n_matches) return NULL;
    return strdup(io.matches[io.next_match++]);
}

/* A candidate as it goes on the line: quoted when it has a space and the
 * word was not begun with a quote. Takes `candidate`. */
static char *as_typed(char *candidate)
{
    if (rl_completion_quote_character || !strchr(candidate, ' ')) return candidate;
    size_t n = strlen(candidate);
    char *quoted = malloc(n + 3);
    if (quoted) {
        quoted[0] = '"';
        memcpy(quoted + 1, candidate, n);
        quoted[n + 1] = '"';
        quoted[n + 2] = '\0';
    }
    free(candidate);
    return quoted;
}

static char **attempt_completion(const char *text, int start, int end)
{
    (void)end;
    char *before = strndup(rl_line_buffer, (size_t)start);
    char **all = before ? io.complete(io.ctx, before, text) : NULL;
    free(before);
    if (!all) return NULL; /* readline completes file names */
    rl_attempted_completion_over = 1;
    size_t n = 0, kept = 0, len = strlen(text);
    while (all[n]) n++;
    io.matches = malloc((n + 1) * sizeof *io.matches);
    for (size_t i = 0; i < n; i++) {
        int keep = io.matches && strncmp(all[i], text, len) == 0;
        for (size_t j = 0; keep && j < kept; j++)
            if (strcmp(io.matches[j], all[i]) == 0) keep = 0; /* once each */
        if (keep && (io.matches[kept] = as_typed(all[i]))) kept++;
        else if (!keep) free(all[i]);
    }
    free(all);
    io.n_matches = kept;
    /* "roles=" and "a," want the next word right after them. */
    if (kept == 1) {
        size_t m = strlen(io.matches[0]);
        if (m && (io.matches[0][m - 1] == '=' || io.matches[0][m - 1] == ','))
            rl_completion_suppress_append = 1;
    }
    char **out = kept ? rl_completion_matches(text, next_match) : NULL;
    for (size_t i = 0; i < kept; i++) free(io.matches[i]);
    free(io.matches);
    io.matches = NULL;
    io.n_matches = 0;
    return out;
}

/* --- history ----------------------------------------------------------------- */

static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc && errno != EEXIST) return -1;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* The history file's path, its directory made: malloc'd, or NULL when
 * there is no home to put it in. */
static char *history_path(void)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char dir[4096];
    if (xdg && xdg[0] == '/') snprintf(dir, sizeof dir, "%s/dealcoach", xdg);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/share/dealcoach", home);
    else return NULL;
    if (make_dirs(dir)) return NULL;
    size_t n = strlen(dir) + sizeof "/history";
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s/history", dir);
    return path;
}

void lineio_remember(const char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) n--; /* completion's spaces */
    if (!io.interactive || !line[strspn(line, " \t")]) return;
    char *kept = strndup(line, n);
    if (!kept) return;
    HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
    int repeated = last && strcmp(last->line, kept) == 0;
    if (!repeated) add_history(kept);
    free(kept);
    if (repeated) return;
    /* Appended at once, so a killed session keeps what was typed. */
    if (io.history_path && append_history(1, io.history_path) != 0)
        write_history(io.history_path); /* the file did not exist yet */
}

/* --- reading ----------------------------------------------------------------- */

static void on_line(char *line)
{
    io.line = line;
    io.line_done = 1;
    rl_callback_handler_remove(); /* no prompt again until asked */
}

static lineio_status read_terminal(const char *prompt, char **line)
{
    io.line = NULL;
    io.line_done = 0;
    interrupted = 0;
    rl_callback_handler_install(prompt, on_line);
    while (!io.line_done) {
        fd_set in;
        FD_ZERO(&in);
        FD_SET(STDIN_FILENO, &in);
        int ready = select(STDIN_FILENO + 1, &in, NULL, NULL, NULL);
        if (resized) {
            resized = 0;
            rl_resize_terminal();
        }
        if (!interrupted && ready > 0) rl_callback_read_char();
        if (interrupted) {
            interrupted = 0;
            fputs("^C", rl_outstream ? rl_outstream : stdout); /* after what was typed */
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_cleanup_after_signal();
            rl_callback_handler_remove();
            fputs("\n", stdout);
            fflush(stdout);
            return LINEIO_CANCELLED;
        }
        if (ready < 0 && errno != EINTR) {
            rl_callback_handler_remove();
            return LINEIO_EOF;
        }
    }
    if (!io.line) {
        fputs("\n", stdout); /* Ctrl-D: leave the prompt's line tidy */
        return LINEIO_EOF;
    }
    *line = io.line;
    return LINEIO_LINE;
}

static lineio_status read_plain(char **line)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n = getline(&buf, &cap, stdin);
    if (n < 0) {
        free(buf);
        return LINEIO_EOF;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    *line = buf;
    return LINEIO_LINE;
}

lineio_status lineio_read(const char *prompt, char **line)
{
    *line = NULL;
    fflush(stdout);
    return io.interactive ? read_terminal(prompt, line) : read_plain(line);
}

int lineio_interactive(void)
{
    return io.interactive;
}

/* --- setup --------------------------------------------------------------------- */

void lineio_open(int keep_history, lineio_complete_fn *complete, void *ctx)
{
    io.interactive = isatty(STDIN_FILENO);
    if (!io.interactive) return;
    io.complete = complete;
    io.ctx = ctx;

    /* Readline needs the character set to move over Chinese text; a plain
     * "C" locale would take its bytes for meta keys. */
    setlocale(LC_CTYPE, "");
    if (!strstr(nl_langinfo(CODESET), "UTF-8")) setlocale(LC_CTYPE, "C.UTF-8");

    rl_readline_name = "dealcoach"; /* for $if dealcoach in ~/.inputrc */
    rl_attempted_completion_function = attempt_completion;
    rl_completer_word_break_characters = " \t=,";
    rl_completer_quote_characters = "\"";

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_sigint; /* no SA_RESTART: select() must wake up */
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_sigwinch;
    sigaction(SIGWINCH, &sa, NULL);

    using_history();
    stifle_history(HISTORY_LINES);
    if (keep_history && (io.history_path = history_path())) read_history(io.history_path);
}

void lineio_close(void)
{
    if (io.interactive && io.history_path) history_truncate_file(io.history_path, HISTORY_LINES);
    if (io.interactive) clear_history();
    free(io.history_path);
    io.history_path = NULL;
}
