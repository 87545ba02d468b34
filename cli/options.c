/* options.c - shared option parsing (see options.h). */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static int takes(unsigned accepted, unsigned flag, const char *sub, const char *opt)
{
    if (accepted & flag) return 1;
    fprintf(stderr, "dealcoach %s: unknown option '%s' (see --help)\n", sub, opt);
    return 0;
}

/* The value of option argv[*i], or NULL (message printed) if it is missing. */
static const char *value_of(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "dealcoach %s: option '%s' needs a value\n", argv[0], argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int dc_options_parse(dc_options *o, int argc, char **argv, unsigned accepted)
{
    memset(o, 0, sizeof *o);
    o->rules = calloc((size_t)argc + 1, sizeof *o->rules);
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    o->base = calloc((size_t)argc + 1, sizeof *o->base);
    o->min_coverage = -1;
    if (!o->rules || !o->args || !o->base) {
        fprintf(stderr, "dealcoach: out of memory\n");
        return -1;
    }
    int options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            o->args[o->n_args++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            options_done = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = 1;
        } else if (strcmp(a, "--json") == 0) {
            if (!takes(accepted, OPT_JSON, argv[0], a)) return -1;
            o->json = 1;
        } else if (strcmp(a, "--all") == 0) {
            if (!takes(accepted, OPT_ALL, argv[0], a)) return -1;
            o->all = 1;
        } else if (strcmp(a, "--jsonl") == 0) {
            if (!takes(accepted, OPT_JSONL, argv[0], a)) return -1;
            o->jsonl = 1;
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 ||
                   (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9')) { /* -j N, -jN */
            const char *v = a[2] ? a + 2 : NULL;
            char *end;
            if (!takes(accepted, OPT_JSONL, argv[0], a) || !(v || (v = value_of(argc, argv, &i)))) return -1;
            long n = strtol(v, &end, 10);
            if (*end || end == v || n < 1 || n > 256) {
                fprintf(stderr, "dealcoach %s: %s: '%s' is not a number of jobs from 1 to 256\n", argv[0], a, v);
                return -1;
            }
            o->jobs = (int)n;
        } else if (strcmp(a, "--pretty") == 0) {
            if (!takes(accepted, OPT_JSON, argv[0], a)) return -1;
            o->json = o->pretty = 1;
        } else if (strcmp(a, "--lang") == 0) {
            if (!takes(accepted, OPT_LANG, argv[0], a) || !(o->lang = value_of(argc, argv, &i))) return -1;
            if (strcmp(o->lang, "zh") && strcmp(o->lang, "en")) {
                fprintf(stderr, "dealcoach %s: --lang: unknown language '%s' (zh or en)\n", argv[0], o->lang);
                return -1;
            }
        } else if (strcmp(a, "--today") == 0) {
            long days;
            if (!takes(accepted, OPT_TODAY, argv[0], a) || !(o->today = value_of(argc, argv, &i))) return -1;
            if (!dc_date_parse(o->today, &days)) {
                fprintf(stderr, "dealcoach %s: --today: '%s' is not a date YYYY-MM-DD\n", argv[0], o->today);
                return -1;
            }
        } else if (strcmp(a, "--rules") == 0) {
            const char *v;
            if (!takes(accepted, OPT_RULES, argv[0], a) || !(v = value_of(argc, argv, &i))) return -1;
            o->rules[o->n_rules++] = (char *)v;
        } else if (strcmp(a, "--strict") == 0) {
            if (!takes(accepted, OPT_STRICT, argv[0], a)) return -1;
            o->strict = 1;
        } else if (strcmp(a, "--check") == 0) {
            if (!takes(accepted, OPT_CHECK, argv[0], a)) return -1;
            o->check = 1;
        } else if (strcmp(a, "--trace") == 0) {
            if (!takes(accepted, OPT_TRACE, argv[0], a)) return -1;
            o->trace = 1;
        } else if (strncmp(a, "--coverage", 10) == 0 && (a[10] == '\0' || a[10] == '=')) {
            if (!takes(accepted, OPT_COVERAGE, argv[0], a)) return -1;
            o->coverage = a[10] == '=' ? a + 11 : "text";
            if (strcmp(o->coverage, "text") && strcmp(o->coverage, "csv") && strcmp(o->coverage, "json")) {
                fprintf(stderr, "dealcoach %s: --coverage: unknown format '%s' (text, csv or json)\n",
                        argv[0], o->coverage);
                return -1;
            }
        } else if (strcmp(a, "--min-coverage") == 0) {
            const char *v;
            char *end;
            if (!takes(accepted, OPT_COVERAGE, argv[0], a) || !(v = value_of(argc, argv, &i))) return -1;
            o->min_coverage = strtod(v, &end);
            if (end == v || *end || o->min_coverage < 0 || o->min_coverage > 100) {
                fprintf(stderr, "dealcoach %s: --min-coverage: '%s' is not a percentage from 0 to 100\n",
                        argv[0], v);
                return -1;
            }
            if (!o->coverage) o->coverage = "text";
        } else if (strcmp(a, "--base") == 0) {
            const char *v;
            if (!takes(accepted, OPT_BASE, argv[0], a) || !(v = value_of(argc, argv, &i))) return -1;
            o->base[o->n_base++] = (char *)v;
        } else if (strcmp(a, "--db") == 0) {
            if (!takes(accepted, OPT_DB, argv[0], a) || !(o->db = value_of(argc, argv, &i))) return -1;
        } else {
            fprintf(stderr, "dealcoach %s: unknown option '%s' (see --help)\n", argv[0], a);
            return -1;
        }
    }
    return o->help;
}

void dc_options_free(dc_options *o)
{
    free(o->rules);
    free(o->args);
    free(o->base);
    memset(o, 0, sizeof *o);
}
