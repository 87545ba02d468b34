/* cmd_whynot.c - `dealcoach why-not`: why a finding, action or tactic is
 * not in a deal's advice. */
#include <stdio.h>
#include <stdlib.h>

#include "coach/whynot.h"
#include "commands.h"
#include "exitcodes.h"
#include "setup.h"

static const char help[] =
    "usage: dealcoach why-not [--rules PATH]... [--lang zh|en] [--today YYYY-MM-DD] DEAL ID\n"
    "\n"
    "Why the advice on DEAL (a deal file) has no finding, action or tactic ID:\n"
    "the rules that could assert it (read from their text), and for each the\n"
    "first of its conditions that does not hold on this deal, with the fact\n"
    "that came closest and the tests it fails. An ID no loaded rule asserts is\n"
    "said so, with the ids it may be a typo of.\n"
    "\n"
    "Exit: 0 explained, 2 the deal is refused or bad usage, 3 a rule file did\n"
    "not load, 4 the rules failed while running, 1 internal failure.\n";

int cmd_whynot(int argc, char **argv)
{
    dc_options o;
    dc_coach *c = NULL;
    json_t *deal = NULL, *advice = NULL;
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_LANG | OPT_TODAY);
    if (parsed != 0) {
        if (parsed > 0) fputs(help, stdout);
        code = parsed > 0 ? DC_EXIT_OK : DC_EXIT_INPUT;
        goto out;
    }
    if (o.n_args != 2) {
        fprintf(stderr, "dealcoach why-not: wants a deal file and an id (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    const char *lang = dc_setup_lang(&o);
    if ((code = dc_setup_coach(&o, &c)) || (code = dc_setup_deal(c, o.args[0], lang, &deal))) goto out;
    char today[11];
    int rc;
    if ((rc = dc_coach_advise(c, deal, dc_setup_today(&o, today), lang, NULL, &advice))) {
        fprintf(stderr, "dealcoach: %s: %s\n", o.args[0], dc_coach_message(c));
        code = rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL;
        goto out;
    }
    char *text = dc_why_not(c, lang, o.args[1]);
    code = text ? dc_setup_output(text) : DC_EXIT_INTERNAL;
    free(text);
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    json_decref(deal);
    json_decref(advice);
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
