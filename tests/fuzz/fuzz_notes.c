/* fuzz_notes.c - libFuzzer: note recognition over the shipped patterns
 * and the learned model (kb/notes.h): any bytes, valid UTF-8 or not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"
#include "paths.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dc_notes *notes;
static size_t hits;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dc_paths paths;
    (void)argc, (void)argv;
    if (dc_paths_find(&paths) || !(notes = dc_notes_new()) ||
        dc_notes_load_dir(notes, paths.patterns_dir) == DC_EIO ||
        dc_notes_use_model(notes, paths.notes_model) != DC_OK) {
        fprintf(stderr, "fuzz_notes: cannot load the patterns and the model (run from the source root, after a build)\n");
        exit(1);
    }
    dc_paths_free(&paths);
    return 0;
}

static void on_hit(void *ctx, const char *signal, const char *words)
{
    (void)ctx;
    hits += strlen(signal) + strlen(words); /* read both: they must be valid */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    dc_notes_set_time_limit(notes, 10);
    dc_notes_scan(notes, text, on_hit, NULL);
    dc_notes_set_time_limit(notes, 0);
    free(text);
    return 0;
}
