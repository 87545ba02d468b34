/* cmd_lint.c - `dealcoach lint`: check a playbook without a deal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/lint.h"
#include "commands.h"
#include "exitcodes.h"
#include "setup.h"

static const char help[] =
    "usage: dealcoach lint [--rules PATH]... [--strict] [--json] [--lang zh|en]\n"
    "\n"
    "Check the shipped playbook and the given rule files without a deal, for\n"
    "what CLIPS accepts but a coach gets wrong. Each problem is printed as\n"
    "FILE:LINE: error|warning: MESSAGE [CHECK]; the last line counts them.\n"
    "\n"
    "Checks: no-text (an id without a text in en or zh), unused-text (a\n"
    "catalog text no rule can assert), no-rank, no-severity, no-doc (a rule\n"
    "without a documentation comment), severity-conflict, never-asserted (a\n"
    "rule matches a template nothing asserts), salience-band (outside the\n"
    "layers documented in rules/00-schema.clp), threshold-gap and\n"
    "threshold-overlap (deffacts bands with min/max slots).\n"
    "\n"
    "  --rules PATH   a rule file or directory to load after the shipped\n"
    "                 playbook (repeatable); DIR/messages/*.txt catalogs too\n"
    "  --strict       warnings fail too\n"
    "  --json         the problems as a JSON array\n"
    "\n"
    "Exit: 0 clean (warnings allowed unless --strict), 6 problems found,\n"
    "3 a rule file did not load, 1 internal failure.\n";

int cmd_lint(int argc, char **argv)
{
    dc_options o;
    dc_coach *c = NULL;
    json_t *problems = NULL;
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_STRICT | OPT_JSON | OPT_LANG);
    if (parsed != 0) {
        if (parsed > 0) fputs(help, stdout);
        dc_options_free(&o);
        return parsed > 0 ? DC_EXIT_OK : DC_EXIT_INPUT;
    }
    if (o.n_args) {
        fprintf(stderr, "dealcoach lint: unexpected argument '%s' (rule files go after --rules)\n", o.args[0]);
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &c))) goto out;
    if (!(problems = dc_lint(c))) {
        fprintf(stderr, "dealcoach lint: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    size_t i, errors = 0, warnings = 0;
    json_t *p;
    json_array_foreach(problems, i, p) {
        int error = strcmp(json_string_value(json_object_get(p, "severity")), "error") == 0;
        errors += error;
        warnings += !error;
        if (!o.json)
            printf("%s:%" JSON_INTEGER_FORMAT ": %s: %s [%s]\n", json_string_value(json_object_get(p, "file")),
                   json_integer_value(json_object_get(p, "line")), error ? "error" : "warning",
                   json_string_value(json_object_get(p, "message")),
                   json_string_value(json_object_get(p, "check")));
    }
    if (o.json) {
        char *text = json_dumps(problems, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        code = text ? dc_setup_output(text) : DC_EXIT_INTERNAL;
        if (!code) code = dc_setup_output("\n");
        free(text);
    } else {
        printf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
    }
    if (!code && (errors || (o.strict && warnings))) code = DC_EXIT_LINT;
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    json_decref(problems);
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
