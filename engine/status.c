/* status.c - names of the status codes. */
#include "status.h"

const char *dc_status_name(int status)
{
    switch (status) {
    case DC_OK: return "ok";
    case DC_ENOMEM: return "out of memory";
    case DC_EIO: return "input/output error";
    case DC_EINPUT: return "bad input";
    case DC_ERULES: return "rule file did not load";
    case DC_ELIMIT: return "rules did not settle";
    case DC_ERUNTIME: return "rule failed while running";
    case DC_ENOTFOUND: return "not found";
    case DC_ESTORE: return "store error";
    default: return "unknown status";
    }
}
