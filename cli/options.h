/* options.h - the options several subcommands share, parsed one way. */
#ifndef DC_OPTIONS_H
#define DC_OPTIONS_H

#include <stddef.h>

typedef struct dc_options {
    int json;               /* --json (or --pretty) */
    int pretty;             /* --pretty: indented JSON */
    int all;                /* --all: the full report */
    int help;               /* --help, -h */
    const char *lang;       /* --lang zh|en, or NULL: from the locale */
    const char *today;      /* --today YYYY-MM-DD, or NULL: today */
    const char *db;         /* --db PATH */
    char **rules;           /* --rules PATH, repeatable, in order */
    size_t n_rules;
    int strict;             /* --strict (lint: warnings fail too) */
    int check;              /* --check (diff: fail when anything changed) */
    int trace;              /* --trace (advise: the rules fired, in order) */
    int jsonl;              /* --jsonl (advise: deals in as JSON Lines, advice out) */
    int jobs;               /* -j N, --jobs N (advise --jsonl): worker processes; 0: the cores */
    const char *coverage;   /* --coverage [text|csv|json] (test), or NULL */
    double min_coverage;    /* --min-coverage N (test), percent; -1: none */
    char **base;            /* --base PATH (diff), repeatable, in order */
    size_t n_base;
    char **args;            /* the operands, in order */
    size_t n_args;
} dc_options;

/* Which options a subcommand takes. */
enum { OPT_JSON = 1, OPT_LANG = 2, OPT_TODAY = 4, OPT_RULES = 8, OPT_DB = 16, OPT_ALL = 32,
       OPT_STRICT = 64, OPT_CHECK = 128, OPT_TRACE = 256, OPT_COVERAGE = 512, OPT_BASE = 1024,
       OPT_JSONL = 2048 /* --jsonl and -j N */ };
/* OPT_JSON brings --pretty with it: every subcommand that prints JSON prints
 * one object a line (JSON Lines), or indented objects with --pretty. */

/* Parse argv[1..] (argv[0] is the subcommand's name) into `o`. `--` ends
 * options. Returns 0 on success; -1 on a usage error (message printed to
 * stderr, naming the option and value); 1 when --help was asked for
 * (nothing printed: the caller prints its help, in o->lang, which is set
 * even when --lang comes after --help). `o` holds pointers into
 * argv and two malloc'd arrays: release with dc_options_free. */
int dc_options_parse(dc_options *o, int argc, char **argv, unsigned accepted);
void dc_options_free(dc_options *o);

#endif
