/* digest.h - a 64-bit digest of bytes and of files, to tell whether a
 * cache built from some files (patterns.cache, messages.cache) still
 * matches them. Not cryptographic: it tells an edited or damaged file from
 * the one a cache was built from, not a forgery. */
#ifndef DC_DIGEST_H
#define DC_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DC_DIGEST_SEED 0xcbf29ce484222325ull

/* The digest grown by `len` bytes at `data` (xxHash's XXH3, seeded with
 * the digest so far). */
uint64_t dc_digest(uint64_t digest, const void *data, size_t len);

/* The digest of the files names[0..count) of `dir`, in that order: each
 * name, length and bytes. 0, or -1 with errno set when one cannot be
 * read. */
int dc_digest_files(const char *dir, char *const *names, size_t count, uint64_t *digest);

/* The stamp (engine/stamp.h) of the files names[0..count) of `dir`: a
 * stat of each, nothing read; 0 (never matches) when one cannot be
 * stat'ed, changed in the last seconds, or memory runs out. */
uint64_t dc_digest_stamp(const char *dir, char *const *names, size_t count);

/* Whether the files still hold the bytes a cache was built from, whose
 * digest was `digest` and stamp `stamp`: at once when their stamp is
 * unchanged, else (and always with DEALCOACH_PLAIN=file-stamps) by
 * digesting their bytes. 1 yes, 0 no (or unreadable). */
int dc_digest_files_match(const char *dir, char *const *names, size_t count, uint64_t digest, uint64_t stamp);

#endif
