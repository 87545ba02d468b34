/* session_commands.c - the session's commands: the table, the words of a
 * line, help, and the few commands about the session itself. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "session.h"

static session_run_fn run_lang, run_help, run_quit;

typedef struct command {
    const char *name;
    session_run_fn *run;
    int min_args, max_args; /* words after the name; -1: no limit */
} command;

/* In the order `help` lists them. Each has help.NAME.usage, help.NAME and
 * help.NAME.more in the session catalog. */
static const command commands[] = {
    {"new", run_new, 1, -1},
    {"open", run_open, 1, 1},
    {"list", run_list, 0, 1},
    {"show", run_show, 0, 1},
    {"set", run_set, 2, -1},
    {"unset", run_unset, 1, 1},
    {"tick", run_tick, 1, -1},
    {"untick", run_untick, 1, -1},
    {"person", run_person, 2, -1},
    {"competitor", run_competitor, 2, -1},
    {"visit", run_visit, 1, -1},
    {"survey", run_survey, 2, 2},
    {"signal", run_signal, 2, 2},
    {"note", run_note, 1, -1},
    {"notes", run_notes, 0, -1},
    {"advise", run_advise, 0, 1},
    {"why", run_why, 1, 1},
    {"why-not", run_why_not, 1, 1},
    {"interview", run_interview, 0, 0},
    {"history", run_history, 0, 1},
    {"pipeline", run_pipeline, 0, -1},
    {"import", run_import, 1, 4},
    {"export", run_export, 0, 2},
    {"archive", run_archive, 0, 1},
    {"unarchive", run_unarchive, 0, 1},
    {"delete", run_delete, 1, 1},
    {"lang", run_lang, 1, 1},
    {"help", run_help, 0, 1},
    {"quit", run_quit, 0, 0},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

static const struct { const char *alias, *name; } aliases[] = {
    {"create", "new"}, {"exit", "quit"}, {"?", "help"}};

const char *const *session_command_names(void)
{
    static const char *names[N_COMMANDS + 1];
    for (size_t i = 0; i < N_COMMANDS; i++) names[i] = commands[i].name;
    return names;
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(name, aliases[i].alias) == 0) name = aliases[i].name;
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0) return &commands[i];
    return NULL;
}

/* --- words ------------------------------------------------------------------- */

static const char *const quote_open[] = {"\"", "“", "「"};
static const char *const quote_close[] = {"\"", "”", "」"};

/* The length of a space at p: ASCII blank or the ideographic space. */
static size_t space_at(const char *p)
{
    if (*p == ' ' || *p == '\t') return 1;
    if (strncmp(p, "　", 3) == 0) return 3;
    return 0;
}

static int quote_at(const char *p, size_t *len)
{
    for (int i = 0; i < 3; i++) {
        *len = strlen(quote_open[i]);
        if (strncmp(p, quote_open[i], *len) == 0) return i;
    }
    return -1;
}

int session_split(const char *line, session_words *w)
{
    size_t n = strlen(line), cap = n / 2 + 2;
    memset(w, 0, sizeof *w);
    w->line = line;
    w->argv = calloc(cap, sizeof *w->argv);
    w->start = calloc(cap, sizeof *w->start);
    char *word = malloc(n + 1);
    if (!w->argv || !w->start || !word) {
        free(word);
        session_words_free(w);
        return -1;
    }
    const char *p = line;
    while (*p) {
        size_t skip = space_at(p);
        if (skip) {
            p += skip;
            continue;
        }
        size_t len = 0, q;
        w->start[w->argc] = (size_t)(p - line);
        int quote = -1;
        while (*p) {
            if (quote < 0 && space_at(p)) break;
            int opens = quote < 0 ? quote_at(p, &q) : -1;
            if (opens >= 0) {
                quote = opens;
                p += q;
            } else if (quote >= 0 && strncmp(p, quote_close[quote], strlen(quote_close[quote])) == 0) {
                p += strlen(quote_close[quote]);
                quote = -1;
            } else {
                word[len++] = *p++;
            }
        }
        w->open_quote = quote >= 0;
        if (!(w->argv[w->argc] = strndup(word, len))) {
            free(word);
            session_words_free(w);
            return -1;
        }
        w->argc++;
    }
    free(word);
    return 0;
}

void session_words_free(session_words *w)
{
    for (int i = 0; w->argv && i < w->argc; i++) free(w->argv[i]);
    free(w->argv);
    free(w->start);
    memset(w, 0, sizeof *w);
}

char *session_rest(const session_words *w, int i)
{
    if (i >= w->argc) return strdup("");
    const char *from = w->line + w->start[i];
    size_t n = strlen(from), q;
    while (n && (from[n - 1] == ' ' || from[n - 1] == '\t')) n--;
    int opens = quote_at(from, &q);
    if (i == w->argc - 1 && opens >= 0) return strdup(w->argv[i]); /* one quoted word */
    return strndup(from, n);
}

/* --- running a line --------------------------------------------------------------- */

static int usage(session *s, const command *c)
{
    char key[64];
    snprintf(key, sizeof key, "help.%s.usage", c->name);
    return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, key), NULL);
}

int session_run_line(session *s, const char *line)
{
    session_words w;
    const char *text = line + strspn(line, " \t");
    if (!*text || *text == '#') return DC_EXIT_OK; /* blank lines and comments */
    if (session_split(text, &w))
        return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    int code;
    const command *c = w.argc ? find_command(w.argv[0]) : NULL;
    if (w.argc == 0) {
        code = DC_EXIT_OK;
    } else if (!c) {
        code = session_fail(s, DC_EXIT_INPUT, "session.unknown-command", w.argv[0], NULL);
    } else if (w.open_quote) {
        code = session_fail(s, DC_EXIT_INPUT, "session.open-quote", NULL);
    } else if (w.argc - 1 < c->min_args || (c->max_args >= 0 && w.argc - 1 > c->max_args)) {
        code = usage(s, c);
    } else {
        session_refresh(s);
        code = c->run(s, &w);
        while (dc_store_in_batch(s->store)) dc_store_end(s->store, 0); /* a change not committed is undone */
    }
    session_words_free(&w);
    return code;
}

/* --- the session's own commands ---------------------------------------------------- */

static int run_lang(session *s, const session_words *w)
{
    const char *lang = w->argv[1];
    if (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        return session_fail(s, DC_EXIT_INPUT, "session.bad-lang", lang, NULL);
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    session_say(s, "session.lang-set", NULL);
    return DC_EXIT_OK;
}

static int run_help(session *s, const session_words *w)
{
    char key[64];
    if (w->argc == 1) {
        session_say(s, "session.help-heading", NULL);
        for (size_t i = 0; i < N_COMMANDS; i++) {
            snprintf(key, sizeof key, "help.%s.usage", commands[i].name);
            const char *use = session_text(s, key);
            snprintf(key, sizeof key, "help.%s", commands[i].name);
            if (strlen(use) > 30) printf("  %s\n  %-30s %s\n", use, "", session_text(s, key));
            else printf("  %-30s %s\n", use, session_text(s, key));
        }
        session_say(s, "session.help-more", NULL);
        return DC_EXIT_OK;
    }
    const command *c = find_command(w->argv[1]);
    if (!c) return session_fail(s, DC_EXIT_INPUT, "session.unknown-command", w->argv[1], NULL);
    snprintf(key, sizeof key, "help.%s.usage", c->name);
    printf("%s\n", session_text(s, key));
    snprintf(key, sizeof key, "help.%s", c->name);
    printf("  %s\n", session_text(s, key));
    snprintf(key, sizeof key, "help.%s.more", c->name);
    const char *more = session_text(s, key);
    if (strcmp(more, key) != 0) {
        for (const char *p = more; *p; ) { /* indent every line */
            size_t n = strcspn(p, "\n");
            printf("  %.*s\n", (int)n, p);
            p += n + (p[n] == '\n');
        }
    }
    return DC_EXIT_OK;
}

static int run_quit(session *s, const session_words *w)
{
    (void)w;
    s->quit = 1;
    return DC_EXIT_OK;
}
