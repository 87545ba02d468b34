/* exitcodes.h - the program's exit codes (also listed in the README). */
#ifndef DC_EXITCODES_H
#define DC_EXITCODES_H

enum dc_exit {
    DC_EXIT_OK = 0,          /* advice given (with or without warnings); tests passed */
    DC_EXIT_INTERNAL = 1,    /* an internal failure: out of memory, store error, bug */
    DC_EXIT_INPUT = 2,       /* bad input or usage */
    DC_EXIT_RULES = 3,       /* a rule file did not load */
    DC_EXIT_RUN = 4,         /* the rules failed while running: firing limit hit, runtime error */
    DC_EXIT_TESTS = 5        /* `dealcoach test`: some cases failed */
};

#endif
