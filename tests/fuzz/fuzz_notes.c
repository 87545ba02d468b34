/* fuzz_notes.c - libFuzzer: note recognition over the shipped patterns
 * and the learned model (kb/notes.h): any bytes, valid UTF-8 or not. A
 * first line of under 256 bytes that holds a comma is a deal's competitors
 * (dc_rivals_split, dc_notes_set_rivals), the rest the note. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"
#include "notes_rivals.h"
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
    char *note = text, *eol = memchr(text, '\n', size < 256 ? size : 256);
    size_t count = 0;
    char **names = NULL;
    if (eol && memchr(text, ',', (size_t)(eol - text))) {
        *eol = '\0';
        note = eol + 1;
        names = dc_rivals_split(text, &count);
    }
    dc_notes_set_rivals(notes, (const char *const *)names, names ? count : 0);
    dc_rivals_split_free(names, count);
    dc_notes_set_time_limit(notes, 10);
    dc_notes_scan(notes, note, on_hit, NULL);
    dc_notes_set_time_limit(notes, 0);
    free(text);
    return 0;
}
