/* version.h - which libdealcoach this is. */
#ifndef DC_VERSION_H
#define DC_VERSION_H

/* The library's version, "MAJOR.MINOR.PATCH" (static). The soname changes
 * with MAJOR: libdealcoach.so.0. */
const char *dc_version(void);

#endif
