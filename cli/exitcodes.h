/* exitcodes.h - the program's exit codes (also listed in the README). */
#ifndef DC_EXITCODES_H
#define DC_EXITCODES_H

enum dc_exit {
    DC_EXIT_OK = 0,          /* advice given (with or without warnings); tests passed */
    DC_EXIT_INTERNAL = 1,    /* an internal failure: out of memory, store error, bug */
    DC_EXIT_INPUT = 2,       /* bad input or usage */
    DC_EXIT_RULES = 3,       /* a rule file did not load */
    DC_EXIT_RUN = 4,         /* the rules failed while running: firing limit hit, runtime error */
    DC_EXIT_TESTS = 5,       /* `dealcoach test`: some cases failed, or coverage below --min-coverage */
    DC_EXIT_LINT = 6,        /* `dealcoach lint`: errors found (or warnings, with --strict) */
    DC_EXIT_CHANGED = 7      /* `dealcoach diff --check`: the advice changed */
};

/* Severity of an exit code, for combining the results of several files in
 * a fixed order that does not depend on which came first:
 * RUN > INTERNAL (and any other failure) > INPUT > OK. */
static inline int dc_exit_severity(int code)
{
    switch (code) {
    case DC_EXIT_OK: return 0;
    case DC_EXIT_INPUT: return 1;
    case DC_EXIT_RUN: return 3;
    default: return 2;
    }
}

/* The more severe of two exit codes (the first when they rank the same). */
static inline int dc_exit_most_severe(int a, int b)
{
    return dc_exit_severity(b) > dc_exit_severity(a) ? b : a;
}

#endif
