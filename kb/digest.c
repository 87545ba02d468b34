/* digest.c - see digest.h. */
#define _POSIX_C_SOURCE 200809L
#include "digest.h"
#include "plain.h"
#include "stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XXH_INLINE_ALL /* the header alone: no library to load at start */
#include <xxhash.h>

uint64_t dc_digest(uint64_t h, const void *data, size_t len)
{
    return XXH3_64bits_withSeed(data, len, h);
}

/* Feed the file at `path` to *h: open, read to the end, close (no stdio:
 * fewer system calls for the 60 small files checked at each start). 0, or
 * -1 with errno set. */
static int digest_file(const char *path, uint64_t *h)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[16384];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) != 0) {
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) break;
        *h = dc_digest(*h, buf, (size_t)got);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return got < 0 ? -1 : 0;
}

/* "DIR/NAME" into a new malloc'd string; NULL (errno ENOMEM) when out of
 * memory. */
static char *path_of(const char *dir, const char *name)
{
    size_t dirlen = strlen(dir), len = strlen(name);
    int slash = dirlen && dir[dirlen - 1] != '/';
    char *path = malloc(dirlen + 1 + len + 1);
    if (!path) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(path, dir, dirlen);
    if (slash) path[dirlen] = '/';
    memcpy(path + dirlen + slash, name, len + 1);
    return path;
}

int dc_digest_files(const char *dir, char *const *names, size_t count, uint64_t *digest)
{
    uint64_t h = DC_DIGEST_SEED;
    for (size_t i = 0; i < count; i++) {
        char *path = path_of(dir, names[i]);
        if (!path) return -1;
        h = dc_digest(h, names[i], strlen(names[i]) + 1);
        int failed = digest_file(path, &h);
        free(path);
        if (failed) return -1;
    }
    *digest = h;
    return 0;
}

uint64_t dc_digest_stamp(const char *dir, char *const *names, size_t count)
{
    uint64_t stamp = DC_STAMP_SEED;
    for (size_t i = 0; i < count && stamp; i++) {
        char *path = path_of(dir, names[i]);
        stamp = path ? dc_stamp_file(stamp, path) : 0;
        free(path);
    }
    return stamp;
}

int dc_digest_files_match(const char *dir, char *const *names, size_t count, uint64_t digest, uint64_t stamp)
{
    uint64_t now;
    if (!dc_plain("file-stamps") && dc_stamp_same(dc_digest_stamp(dir, names, count), stamp)) return 1;
    return dc_digest_files(dir, names, count, &now) == 0 && now == digest;
}
