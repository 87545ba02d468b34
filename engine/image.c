/* image.c - the binary image file format (see image.h). */
#define _POSIX_C_SOURCE 200809L
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL /* the header alone: no library to load at start */
#include <xxhash.h>

/* The trailer, at the very end of the file. Native byte order and word
 * size: an image is read by the build that wrote it. */
#define MAGIC 0x31474d4943454144ull /* an arbitrary fixed word */
#define FORMAT 3u /* 2: digests by XXH3; 3: the sources' stamp */
typedef struct trailer {
    uint64_t magic;
    uint64_t format;      /* FORMAT, and the sizes of the words it assumes */
    uint64_t bsave_len;
    uint64_t meta_len;
    uint64_t sources;     /* digest of the rule files it was built from */
    uint64_t stamp;       /* and their stamp (stamp.h) */
    uint64_t checksum;    /* dc_image_digest of the bsave bytes, then the meta */
} trailer;

/* The format word: a change of layout or word size makes old images stale. */
static uint64_t format_word(void)
{
    return (uint64_t)FORMAT | (uint64_t)sizeof(long) << 16 | (uint64_t)sizeof(void *) << 24 |
           (uint64_t)sizeof(trailer) << 32;
}

/* An image is never this large (the playbook's is well under 1 MiB). */
#define MAX_IMAGE_BYTES (256u << 20)

uint64_t dc_image_digest(uint64_t digest, const void *data, size_t len)
{
    return XXH3_64bits_withSeed(data, len, digest);
}

static int fail(char *why, size_t why_size, const char *fmt, const char *detail)
{
    snprintf(why, why_size, fmt, detail);
    return -1;
}

/* Read exactly `len` bytes at `offset`. 0, or -1 with errno set (EIO when
 * the file ended first). */
static int read_at(int fd, void *buf, size_t len, off_t offset)
{
    size_t done = 0;
    while (done < len) {
        ssize_t got = pread(fd, (char *)buf + done, len - done, offset + (off_t)done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) {
            errno = EIO;
            return -1;
        }
        done += (size_t)got;
    }
    return 0;
}

int dc_image_open(const char *path, dc_image *img, char *why, size_t why_size)
{
    struct stat st;
    trailer t;
    char *content = NULL;
    img->fd = -1;
    img->meta = NULL;
    img->meta_len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return fail(why, why_size, "cannot open it: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fail(why, why_size, "%s", "not a regular file");
        goto bad;
    }
    if (st.st_size < (off_t)sizeof t || (unsigned long long)st.st_size > MAX_IMAGE_BYTES) {
        fail(why, why_size, "%s", "not an image (wrong size)");
        goto bad;
    }
    size_t size = (size_t)st.st_size;
    if (read_at(fd, &t, sizeof t, (off_t)(size - sizeof t))) {
        fail(why, why_size, "cannot read it: %s", strerror(errno));
        goto bad;
    }
    if (t.magic != MAGIC || t.format != format_word()) {
        fail(why, why_size, "%s", "not an image of this build (or truncated)");
        goto bad;
    }
    if (t.bsave_len == 0 || t.bsave_len > size || t.meta_len > size ||
        t.bsave_len + t.meta_len + sizeof t != size) {
        fail(why, why_size, "%s", "truncated or damaged (sizes do not add up)");
        goto bad;
    }
    /* Checked through a read-only mapping, not a copy: the kernel maps the
     * cached pages (several at a fault) instead of copying half a megabyte
     * into fresh memory, a page fault each. */
    size_t content_len = (size_t)(t.bsave_len + t.meta_len);
    void *map = mmap(NULL, content_len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        fail(why, why_size, "cannot read it: %s", strerror(errno));
        goto bad;
    }
    int intact = dc_image_digest(DC_IMAGE_SEED, map, content_len) == t.checksum;
    img->meta_len = (size_t)t.meta_len;
    content = intact ? malloc(img->meta_len + 1) : NULL; /* the meta part: all we keep */
    if (content) memcpy(content, (const char *)map + t.bsave_len, img->meta_len);
    munmap(map, content_len);
    if (!intact) {
        fail(why, why_size, "%s", "damaged (checksum mismatch)");
        goto bad;
    }
    if (!content) {
        fail(why, why_size, "%s", "out of memory");
        goto bad;
    }
    content[img->meta_len] = '\0';
    if (img->meta_len && content[img->meta_len - 1] != '\0') {
        fail(why, why_size, "%s", "damaged (unterminated table)");
        goto bad;
    }
    img->meta = content;
    img->fd = fd;
    img->sources = t.sources;
    img->stamp = t.stamp;
    return 0;
bad:
    free(content);
    img->meta_len = 0;
    close(fd);
    return -1;
}

void dc_image_close(dc_image *img)
{
    if (img->fd >= 0) close(img->fd);
    free(img->meta);
    img->fd = -1;
    img->meta = NULL;
    img->meta_len = 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t put = write(fd, (const char *)buf + done, len - done);
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) return -1;
        done += (size_t)put;
    }
    return 0;
}

int dc_image_seal(const char *bsave_path, const char *path, uint64_t sources, uint64_t stamp,
                  const char *meta, size_t meta_len, char *why, size_t why_size)
{
    struct stat st;
    char *content = NULL;
    int fd = open(bsave_path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return fail(why, why_size, "cannot open the saved image: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || (unsigned long long)st.st_size > MAX_IMAGE_BYTES) {
        fail(why, why_size, "%s", "the saved image is empty or too large");
        goto bad;
    }
    size_t bsave_len = (size_t)st.st_size;
    if (!(content = malloc(bsave_len + meta_len + 1))) {
        fail(why, why_size, "%s", "out of memory");
        goto bad;
    }
    if (read_at(fd, content, bsave_len, 0)) {
        fail(why, why_size, "cannot read the saved image: %s", strerror(errno));
        goto bad;
    }
    memcpy(content + bsave_len, meta, meta_len);
    trailer t = {MAGIC, format_word(), bsave_len, meta_len, sources, stamp,
                 dc_image_digest(DC_IMAGE_SEED, content, bsave_len + meta_len)};
    if (lseek(fd, 0, SEEK_END) < 0 || write_all(fd, meta, meta_len) || write_all(fd, &t, sizeof t) ||
        fsync(fd) != 0) {
        fail(why, why_size, "cannot write the image: %s", strerror(errno));
        goto bad;
    }
    if (close(fd) != 0) {
        fd = -1;
        fail(why, why_size, "cannot write the image: %s", strerror(errno));
        goto bad;
    }
    fd = -1;
    if (rename(bsave_path, path) != 0) {
        fail(why, why_size, "cannot rename it into place: %s", strerror(errno));
        goto bad;
    }
    free(content);
    return 0;
bad:
    if (fd >= 0) close(fd);
    unlink(bsave_path);
    free(content);
    return -1;
}
