/* build_image - compile a rules directory into a binary image, at build
 * time (CMake runs it whenever a rule file or the engine changes):
 *
 *     build_image RULES_DIR IMAGE
 *
 * The rules are loaded exactly as dealcoach loads them (same allowlist and
 * guards); a directory that does not load gives no image and exit 1. */
#include <stdio.h>

#include "engine.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: build_image RULES_DIR IMAGE\n");
        return 2;
    }
    dc_engine *e = dc_engine_new();
    int rc = e ? dc_engine_load_dir(e, argv[1]) : DC_ENOMEM;
    if (!rc) rc = dc_engine_save_image(e, argv[2]);
    if (rc) fprintf(stderr, "build_image: %s\n", e ? dc_engine_message(e) : "out of memory");
    dc_engine_free(e);
    return rc ? 1 : 0;
}
