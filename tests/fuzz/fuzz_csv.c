/* fuzz_csv.c - a CRM export, any bytes, read through the shipped default
 * map (kb/import/csv_import.h): encoding detection and conversion (BOM,
 * UTF-16, GBK), libcsv, the header, every row's cells. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "csv_import.h"
#include "paths.h"

static dc_import_map *map;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    json_t *errors = json_array();
    dc_paths paths;
    char *path = NULL;
    (void)argc;
    (void)argv;
    map = dc_import_map_new();
    if (!map || !errors || dc_paths_find(&paths) || !(path = dc_path_join(paths.import_dir, "default.map")) ||
        dc_import_map_load(map, path, errors) != DC_OK) {
        fprintf(stderr, "fuzz_csv: cannot load the default import map (run from the source root)\n");
        exit(1);
    }
    free(path);
    dc_paths_free(&paths);
    json_decref(errors);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *rows = NULL, *notes = json_array(), *errors = json_array();
    if (notes && errors) dc_csv_read("fuzz.csv", (const char *)data, size, map, &rows, notes, errors);
    json_decref(rows);
    json_decref(notes);
    json_decref(errors);
    return 0;
}
