/* image.h - the file format of a binary image of a rules directory
 * (internal to engine/; engine.c is its only user, and only engine.c calls
 * CLIPS).
 *
 * An image is one file: the bytes CLIPS's EnvBsave wrote, then a table of
 * what CLIPS does not keep in a binary image (each rule's file and text),
 * then a trailer of fixed size:
 *
 *     [bsave bytes][meta: "RULE\0FILE\0TEXT\0" per rule][trailer]
 *
 * The trailer holds the sizes of both parts, a digest of the rule files the
 * image was built from (their names and bytes, see dc_image_digest), their
 * stamp (engine/stamp.h) and a checksum of both parts. EnvBload stops at the end marker of the bsave
 * bytes and never reads what follows. An image is only handed to CLIPS
 * after its checksum matched: CLIPS trusts the sizes it reads, so a
 * truncated or damaged file given to it as is could crash the process.
 */
#ifndef DC_IMAGE_H
#define DC_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* A digest grows by feeding parts in order; start from DC_IMAGE_SEED.
 * Not cryptographic: it tells an edited or damaged file from the one an
 * image was built from, not a forgery. */
#define DC_IMAGE_SEED 0x6463696d61676531ull /* "dcimage1" */
uint64_t dc_image_digest(uint64_t digest, const void *data, size_t len);

/* An image opened and verified: `fd` is open on it (EnvBload reads it again
 * through /proc/self/fd/FD, so the file checked is the file loaded); `meta`
 * is a malloc'd copy of the meta part, `meta_len` bytes, NUL-terminated. */
typedef struct dc_image {
    int fd;
    char *meta;
    size_t meta_len;
    uint64_t sources, stamp; /* what the image was built from (stamp.h) */
} dc_image;

/* Open `path` and check that it is a whole, undamaged image. Whether it was
 * built from the rule files at hand is the caller's to check, against
 * `sources` (the files' digest) or, cheaper, `stamp` (dc_stamp_same). 0 on
 * success; -1 with the reason in `why` (missing, not an image, truncated,
 * damaged, out of memory) and `img` cleared. Never hands anything to
 * CLIPS. */
int dc_image_open(const char *path, dc_image *img, char *why, size_t why_size);
void dc_image_close(dc_image *img); /* a cleared image is fine */

/* Turn the file `bsave_path` (EnvBsave's output) into an image: append
 * `meta` and the trailer, then rename it to `path` (so a reader sees the
 * old image or the new one, never half of one). 0, or -1 with the reason
 * in `why` (the file at bsave_path is removed). */
int dc_image_seal(const char *bsave_path, const char *path, uint64_t sources, uint64_t stamp,
                  const char *meta, size_t meta_len, char *why, size_t why_size);

#endif
