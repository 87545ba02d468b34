/* version.c - the library's version (see version.h). */
#include "version.h"

const char *dc_version(void)
{
    return DC_VERSION;
}
