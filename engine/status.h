/* status.h - status codes shared by every dealcoach module.
 *
 * Every call that can fail returns one of these and leaves a human-readable
 * message on its handle (see each module's *_message()). DC_OK is 0, so
 * `if (rc) ...` reads as "if it failed". */
#ifndef DC_STATUS_H
#define DC_STATUS_H

enum dc_status {
    DC_OK = 0,
    DC_ENOMEM,    /* out of memory */
    DC_EIO,       /* a file could not be opened, read or written */
    DC_EINPUT,    /* bad input: malformed, wrong type, unknown id, bad value */
    DC_ERULES,    /* a rule file did not load (syntax error, forbidden call) */
    DC_ELIMIT,    /* the firing limit was hit: a rule probably loops */
    DC_ERUNTIME,  /* a rule's right-hand side failed while running */
    DC_ENOTFOUND, /* no such deal, template, id... */
    DC_ESTORE     /* the store refused: locked, corrupt, newer schema */
};

/* A short English name for a status, e.g. "bad input". Never NULL; static. */
const char *dc_status_name(int status);

#endif
