/* plain.c - see plain.h. */
#include "plain.h"

#include "engine.h"

#include <stdlib.h>
#include <string.h>

bool dc_plain(const char *name)
{
    const char *list = getenv("DEALCOACH_PLAIN");
    if (!list || !*list) return false;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if ((len == 3 && strncmp(p, "all", 3) == 0) || (len == n && strncmp(p, name, n) == 0)) return true;
        p += len;
        if (*p == ',') p++;
    }
    return false;
}

unsigned dc_plain_engine(void)
{
    return (dc_plain("cheap-hooks") ? DC_ENGINE_PLAIN_HOOKS : 0) |
           (dc_plain("retract-deal") ? DC_ENGINE_PLAIN_RESET : 0) |
           (dc_plain("cached-lookups") ? DC_ENGINE_PLAIN_LOOKUPS : 0) |
           (dc_plain("reference-facts") ? DC_ENGINE_PLAIN_REFERENCE : 0) |
           (dc_plain("file-stamps") ? DC_ENGINE_PLAIN_STAMPS : 0);
}
