/* setup.c - load the playbook for a subcommand (see setup.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* TIOCGWINSZ */
#endif
#include "setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "asan.h"
#include "batch/json_line.h"
#include "coach/errors.h"
#include "date.h"
#include "deal.h"
#include "phrases.h"
#include "plain.h"
#include "exitcodes.h"
#include "render.h"

void dc_setup_release_coach(const dc_options *o, dc_coach *c)
{
#ifndef DC_ASAN
    if (o->n_rules == 0) return;
#endif
    (void)o;
    dc_coach_free(c);
}

/* CLIPS cannot go on without memory: say so and stop (never a silent
 * exit). Every change the session acknowledged is already in the store. */
static void on_engine_out_of_memory(size_t bytes)
{
    static const char msg[] = "dealcoach: the rules engine ran out of memory; stopping\n";
    (void)bytes;
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(DC_EXIT_INTERNAL);
}

static int setup_coach(const dc_options *o, int probing, dc_coach **coach);

int dc_setup_coach(const dc_options *o, dc_coach **coach)
{
    return setup_coach(o, 0, coach);
}

int dc_setup_coach_probing(const dc_options *o, dc_coach **coach)
{
    return setup_coach(o, 1, coach);
}

static int setup_coach(const dc_options *o, int probing, dc_coach **coach)
{
    dc_paths paths;
    dc_coach *c = NULL;
    json_t *warnings = json_array();
    int code = DC_EXIT_OK;
    *coach = NULL;
    if (!warnings || dc_paths_find(&paths) != DC_OK) {
        fprintf(stderr, "dealcoach: out of memory\n");
        json_decref(warnings);
        return DC_EXIT_INTERNAL;
    }
    if (!(c = dc_coach_new())) {
        fprintf(stderr, "dealcoach: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    dc_engine_set_oom_handler(dc_coach_engine(c), on_engine_out_of_memory);
    dc_coach_set_probing(c, probing);
    int rc = dc_coach_load(c, &paths, o->rules, o->n_rules, warnings);
    if (getenv("DEALCOACH_DEBUG") && strstr(getenv("DEALCOACH_DEBUG"), "rules"))
        fprintf(stderr, "dealcoach: debug: the shipped rules came from %s\n", dc_coach_rules_origin(c));
    if (rc) {
        if (rc == DC_ERULES && dc_coach_problem_count(c) > 0) {
            /* In the coach's words, each once (a missing ')' upsets CLIPS
             * several times over). */
            char *previous = NULL;
            for (size_t i = 0; i < dc_coach_problem_count(c); i++) {
                char *text = dc_rule_error_explain(c, dc_setup_lang(o), dc_coach_problem(c, i));
                const char *shown = text ? text : dc_coach_problem(c, i);
                if (!previous || strcmp(previous, shown) != 0) fprintf(stderr, "dealcoach: %s\n", shown);
                free(previous);
                previous = text;
            }
            free(previous);
        } else {
            fprintf(stderr, "dealcoach: %s\n", dc_coach_message(c));
        }
        code = rc == DC_ERULES || rc == DC_EIO       ? DC_EXIT_RULES
               : rc == DC_ERUNTIME || rc == DC_ELIMIT ? DC_EXIT_RUN
                                                      : DC_EXIT_INTERNAL;
        goto out;
    }
    size_t i;
    json_t *w;
    json_array_foreach(warnings, i, w) fprintf(stderr, "dealcoach: warning: %s\n", json_string_value(w));
    *coach = c;
    c = NULL;
out:
    dc_coach_free(c);
    dc_paths_free(&paths);
    json_decref(warnings);
    return code;
}

int dc_setup_deal(dc_coach *c, const char *path, const char *lang, json_t **deal)
{
    json_t *errors = json_array(), *warnings = json_array(), *input = NULL;
    *deal = NULL;
    int rc = errors && warnings ? dc_deal_read_file(path, &input, errors) : DC_ENOMEM;
    if (!rc) rc = dc_coach_check(c, path, input, deal, errors, warnings);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        char *text = dc_phrases_render_message(dc_coach_catalog(c), lang, json_string_value(e));
        fprintf(stderr, "dealcoach: %s\n", text ? text : json_string_value(e));
        free(text);
    }
    json_decref(errors);
    json_decref(warnings);
    json_decref(input);
    if (!rc) return DC_EXIT_OK;
    return rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT;
}

const char *dc_setup_lang(const dc_options *o)
{
    return o->lang ? o->lang : dc_catalog_lang_from_env();
}

const char *dc_setup_today(const dc_options *o, char buf[11])
{
    if (o->today) return o->today;
    dc_date_today(buf);
    return buf;
}

static int output_lost; /* "cannot write the output" was said: say it once */

static int lose_output(int err)
{
    if (!output_lost)
        fprintf(stderr, "dealcoach: cannot write the output: %s\n", err ? strerror(err) : "write error");
    output_lost = 1;
    return DC_EXIT_INTERNAL;
}

int dc_setup_output(const char *text)
{
    errno = 0;
    if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) return lose_output(errno);
    return DC_EXIT_OK;
}

int dc_setup_output_json(const dc_options *o, json_t *value)
{
    char *text;
    if (!o->pretty && !dc_plain("json-line")) { /* the same bytes as json_dumps, faster */
        dc_buf b = DC_BUF_INIT;
        dc_json_line_spaced(&b, value);
        text = dc_buf_take(&b);
    } else {
        text = json_dumps(value, JSON_PRESERVE_ORDER | (o->pretty ? JSON_INDENT(2) : 0));
    }
    if (!text) {
        fprintf(stderr, "dealcoach: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    int code = dc_setup_output(text);
    if (!code) code = dc_setup_output("\n");
    free(text);
    return code;
}

/* The width a report wraps to on the terminal: $COLUMNS when it is a
 * number, else the terminal's, else 80. */
static size_t terminal_width(void)
{
    const char *env = getenv("COLUMNS");
    char *end;
    long n = env && *env ? strtol(env, &end, 10) : 0;
    if (env && *env && !*end && n > 0 && n < 10000) return (size_t)n;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

int dc_setup_output_report(const dc_catalog *cat, const char *lang, const char *text)
{
    if (!isatty(STDOUT_FILENO)) return dc_setup_output(text);
    const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");
    int colour = !(no_colour && *no_colour) && !(term && strcmp(term, "dumb") == 0);
    char high[64], medium[64], low[64];
    snprintf(high, sizeof high, "[%s]", dc_catalog_label(cat, lang, "high"));
    snprintf(medium, sizeof medium, "[%s]", dc_catalog_label(cat, lang, "medium"));
    snprintf(low, sizeof low, "[%s]", dc_catalog_label(cat, lang, "low"));
    const dc_render_mark severities[] = {{high, "1;31"}, {medium, "33"}, {low, "36"}};
    char *shown = dc_render_text(text, terminal_width(), severities, colour ? 3 : 0);
    if (!shown) {
        fprintf(stderr, "dealcoach: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    int code = dc_setup_output(shown);
    free(shown);
    return code;
}

int dc_setup_finish_output(void)
{
    errno = 0;
    if (fflush(stdout) == EOF || ferror(stdout)) return lose_output(errno);
    return DC_EXIT_OK;
}

int dc_setup_help(const char *lang, const char *help_en, const char *help_zh)
{
    return dc_setup_output(lang && strcmp(lang, "zh") == 0 ? help_zh : help_en);
}
