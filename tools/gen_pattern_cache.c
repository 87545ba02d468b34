/* gen_pattern_cache.c - compile the note patterns of a directory into a
 * cache file (kb/notes.h, dc_notes_save_cache()). The build runs it on
 * kb/patterns/ whenever a pattern file or the compiler changes; the cache
 * is installed beside the patterns.
 *
 *     build/gen_pattern_cache kb/patterns build/patterns.cache */
#include <stdio.h>

#include "notes.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_pattern_cache PATTERN_DIR CACHE_FILE\n");
        return 2;
    }
    char why[512];
    if (dc_notes_save_cache(argv[1], argv[2], why, sizeof why) != DC_OK) {
        fprintf(stderr, "gen_pattern_cache: %s\n", why);
        return 1;
    }
    return 0;
}
