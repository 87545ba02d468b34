/* gen_notes_model.c - train the model of signals learned from example
 * notes (kb/notes_learned.h) from phrasing files, and write it. The build
 * runs it on the files listed in tests/notes/learn.list whenever one of
 * them, a pattern file or the trainer changes; the model is installed
 * beside the patterns.
 *
 *     build/gen_notes_model kb/patterns tests/notes/learn.list build/notes.model
 *
 * Each listed file (a path relative to the list's folder) holds lines
 * "+ SIGNAL<TAB>NOTE[<TAB>WORDS]" (the note is an example of SIGNAL) and
 * "- SIGNAL<TAB>NOTE" (it is not); other lines are skipped. Features are
 * read as dealcoach reads notes: through the patterns' maps, with their
 * negation and hedge cues. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"
#include "notes_learned.h"
#include "notes_training.h"

static int fail(const char *what)
{
    fprintf(stderr, "gen_notes_model: %s\n", what);
    return 1;
}

int main(int argc, char **argv)
{
    double confirm = DC_NOTES_CONFIRM, add = DC_NOTES_ADD;
    if (argc == 6) {
        char *end1, *end2;
        confirm = strtod(argv[4], &end1);
        add = strtod(argv[5], &end2);
        if (*end1 || *end2 || !(confirm >= 0 && confirm <= 1) || !(add >= 0 && add <= 1.01)) argc = 0;
    }
    if (argc != 4 && argc != 6) {
        fprintf(stderr, "usage: gen_notes_model PATTERN_DIR LIST_FILE MODEL_FILE [CONFIRM ADD]\n"
                        "  CONFIRM: a pattern's signal the model gives less is dropped (%g)\n"
                        "  ADD: a signal the model gives more is added (%g; above 1: never)\n",
                DC_NOTES_CONFIRM, DC_NOTES_ADD);
        return 2;
    }
    int rc = 1;
    dc_notes *n = dc_notes_new();
    dc_learner *l = dc_learner_new();
    char why[512];
    if (!n || !l) {
        fail("out of memory");
        goto out;
    }
    if (dc_notes_load_dir(n, argv[1]) != DC_OK) {
        for (size_t i = 0; i < dc_notes_problem_count(n); i++) fail(dc_notes_problem(n, i));
        goto out;
    }
    if (dc_notes_learn_list(n, l, argv[2], why, sizeof why) ||
        dc_learner_write(l, argv[3], confirm, add, why, sizeof why)) {
        fail(why);
        goto out;
    }
    rc = 0;
out:
    dc_learner_free(l);
    dc_notes_free(n);
    return rc;
}
