/* gen_catalog_cache.c - parse the message catalogs of a directory into a
 * cache file (kb/catalog.h, dc_catalog_save_cache()). The build runs it on
 * kb/messages/ whenever a catalog changes; the cache is installed beside
 * the catalogs.
 *
 *     build/gen_catalog_cache kb/messages build/messages.cache */
#include <stdio.h>

#include "catalog.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_catalog_cache CATALOG_DIR CACHE_FILE\n");
        return 2;
    }
    char why[1024];
    if (dc_catalog_save_cache(argv[1], argv[2], why, sizeof why) != DC_OK) {
        fprintf(stderr, "gen_catalog_cache: %s\n", why);
        return 1;
    }
    return 0;
}
