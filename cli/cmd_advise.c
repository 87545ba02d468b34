/* cmd_advise.c - `dealcoach advise`: advice on deal files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "deal.h"
#include "exitcodes.h"
#include "report.h"
#include "setup.h"

static const char help[] =
    "usage: dealcoach advise [--json] [--lang zh|en] [--today YYYY-MM-DD]\n"
    "                        [--rules PATH]... FILE...\n"
    "\n"
    "Read each deal FILE (JSON, see examples/) and say where it really stands,\n"
    "what is at risk and what to do next, with the reason for each line.\n"
    "\n"
    "  --json           print the advice as JSON (spec §4), one object per deal\n"
    "  --lang zh|en     language of the texts (default: from the locale)\n"
    "  --today DATE     evaluate as of DATE (default: today), for reproducible results\n"
    "  --rules PATH     also load a rule file, or a directory of *.clp files,\n"
    "                   after the shipped playbook (repeatable, loaded in order)\n"
    "  FILE             a deal file; - reads standard input\n"
    "\n"
    "Exit: 0 advice given, 2 a deal refused or bad usage, 3 a rule file did not\n"
    "load, 4 the rules failed while running, 1 internal failure.\n";

static int read_stdin_deal(json_t **input, json_t *errors)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len, stdin);
        len += n;
        if (n == 0) break;
        if (len == cap) {
            char *grown = cap < (8u << 20) ? realloc(buf, cap * 2) : NULL;
            if (!grown) { free(buf); buf = NULL; break; }
            buf = grown;
            cap *= 2;
        }
    }
    if (!buf) {
        json_array_append_new(errors, json_string("-: too large or out of memory"));
        return DC_EINPUT;
    }
    int rc = dc_deal_parse("-", buf, len, input, errors);
    free(buf);
    return rc;
}

static void print_list(json_t *list, const char *prefix)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) fprintf(stderr, "dealcoach: %s%s\n", prefix, json_string_value(s));
}

/* Advise on one file; returns its exit code. */
static int advise_file(dc_coach *c, const dc_options *o, const char *path,
                       const char *today, const char *lang)
{
    json_t *errors = json_array(), *warnings = json_array();
    json_t *input = NULL, *deal = NULL, *advice = NULL;
    int code = DC_EXIT_OK;
    int rc = strcmp(path, "-") == 0 ? read_stdin_deal(&input, errors)
                                    : dc_deal_read_file(path, &input, errors);
    if (!rc) rc = dc_coach_check(c, path, input, &deal, errors, warnings);
    if (rc) {
        print_list(errors, "");
        print_list(warnings, "warning: ");
        code = rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT;
        goto out;
    }
    rc = dc_coach_advise(c, deal, today, lang, warnings, &advice);
    if (rc) {
        fprintf(stderr, "dealcoach: %s: %s\n", path, dc_coach_message(c));
        code = rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL;
        goto out;
    }
    if (o->json) {
        char *text = json_dumps(advice, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (!text) { code = DC_EXIT_INTERNAL; goto out; }
        puts(text);
        free(text);
    } else {
        char *text = dc_report_render(dc_coach_catalog(c), lang, advice, deal);
        if (!text) { code = DC_EXIT_INTERNAL; goto out; }
        fputs(text, stdout);
        free(text);
    }
out:
    json_decref(errors);
    json_decref(warnings);
    json_decref(input);
    json_decref(deal);
    json_decref(advice);
    return code;
}

int cmd_advise(int argc, char **argv)
{
    dc_options o;
    dc_coach *c = NULL;
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_JSON | OPT_LANG | OPT_TODAY | OPT_RULES);
    if (parsed != 0) {
        if (parsed > 0) fputs(help, stdout);
        dc_options_free(&o);
        return parsed > 0 ? DC_EXIT_OK : DC_EXIT_INPUT;
    }
    if (o.n_args == 0) {
        fprintf(stderr, "dealcoach advise: no deal file given (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &c))) goto out;
    char today_buf[11];
    const char *today = dc_setup_today(&o, today_buf);
    const char *lang = dc_setup_lang(&o);
    for (size_t i = 0; i < o.n_args; i++) {
        if (i && !o.json) puts("");
        int one = advise_file(c, &o, o.args[i], today, lang);
        /* The most serious failure decides the exit code. */
        if (one && (code == DC_EXIT_OK || one == DC_EXIT_INTERNAL || one == DC_EXIT_RUN)) code = one;
    }
    fflush(stdout);
out:
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
