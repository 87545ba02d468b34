/* stamp.h - what a stat says of files, to skip reading them.
 *
 * A stamp is a digest of files' names (the last part of each path), sizes
 * and times of last change, from a stat of each: nothing is read. A cache
 * built from files records their digest (their bytes) and their stamp;
 * when the files' stamp is still the recorded one they are taken to hold
 * the same bytes, as make and git take a file whose size and time are
 * unchanged to be unchanged, and the bytes are not read again. Any
 * difference and the caller digests the bytes as before.
 *
 * Times are taken in whole seconds (cmake --install copies a file's time
 * to the second, so an installed playbook keeps the stamp of the build's).
 * A file changed less than DC_STAMP_SETTLE seconds ago gives no stamp: a
 * change made right after the stamp was taken could share its second and
 * its size. So a file edited after a cache was built has a later second
 * than the one recorded; what a stamp cannot see is a file replaced by
 * other bytes of the same size with its time set back (touch -r, cp -p,
 * tar), as make cannot. No stamp is 0, and 0 never matches. */
#ifndef DC_STAMP_H
#define DC_STAMP_H

#include <stdint.h>

#define DC_STAMP_SEED 0x64637374616d7031ull /* "dcstamp1" */
#define DC_STAMP_SETTLE 2

/* The stamp grown by the file at `path` (start from DC_STAMP_SEED): 0 when
 * `stamp` is 0, or the file cannot be stat'ed, or it changed less than
 * DC_STAMP_SETTLE seconds ago. */
uint64_t dc_stamp_file(uint64_t stamp, const char *path);

/* Whether the files' stamp `now` says they are the ones stamped
 * `recorded`: never when either is 0. */
int dc_stamp_same(uint64_t now, uint64_t recorded);

#endif
