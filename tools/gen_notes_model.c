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

#define CONFIRM 0.05 /* a pattern's signal below this is dropped */
#define ADD 0.9      /* a signal above this is added */

static int fail(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "gen_notes_model: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return 1;
}

/* Is `signal` an id the loaded patterns know? A typo in a phrasing file
 * would otherwise become a signal only the model can add. */
static int known_signal(const dc_notes *n, const char *signal)
{
    for (size_t i = 0; i < dc_notes_signal_count(n); i++)
        if (strcmp(dc_notes_signal(n, i), signal) == 0) return 1;
    return 0;
}

/* Add the examples of one phrasing file. 0, or 1 after saying why. */
static int add_file(dc_notes *n, dc_learner *l, dc_features *f, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) return fail("%s: cannot be read%s", path, "");
    char *line = NULL;
    size_t cap = 0, number = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, fp) >= 0) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        if ((line[0] != '+' && line[0] != '-') || line[1] != ' ') continue;
        char *signal = line + 2, *tab = strchr(signal, '\t');
        if (!tab) continue;
        *tab = '\0';
        char *text = tab + 1, *end = strchr(text, '\t');
        if (end) *end = '\0';
        int st = dc_notes_features(n, text, f);
        if (!known_signal(n, signal)) {
            fprintf(stderr, "gen_notes_model: %s:%zu: \"%s\" is no signal id of the patterns\n", path, number,
                    signal);
            rc = 1;
        } else if (st == DC_EINPUT) {
            fprintf(stderr, "gen_notes_model: %s:%zu: %s\n", path, number, dc_notes_message(n));
            rc = 1;
        } else if (st || dc_learner_add(l, signal, line[0] == '+', f)) {
            rc = fail("out of memory%s%s", "", "");
        }
    }
    free(line);
    fclose(fp);
    return rc;
}

int main(int argc, char **argv)
{
    double confirm = CONFIRM, add = ADD;
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
                CONFIRM, ADD);
        return 2;
    }
    int rc = 1;
    dc_notes *n = dc_notes_new();
    dc_learner *l = dc_learner_new();
    dc_features f = {0};
    FILE *list = fopen(argv[2], "r");
    char *line = NULL, *path = NULL;
    size_t cap = 0;
    if (!n || !l) {
        fail("out of memory%s%s", "", "");
        goto out;
    }
    if (!list) {
        fail("%s: cannot be read%s", argv[2], "");
        goto out;
    }
    if (dc_notes_load_dir(n, argv[1]) != DC_OK) {
        for (size_t i = 0; i < dc_notes_problem_count(n); i++)
            fprintf(stderr, "gen_notes_model: %s\n", dc_notes_problem(n, i));
        goto out;
    }
    const char *slash = strrchr(argv[2], '/');
    int dir_len = slash ? (int)(slash - argv[2]) : 1;
    const char *dir = slash ? argv[2] : ".";
    while (getline(&line, &cap, list) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        free(path);
        size_t size = (size_t)dir_len + strlen(line) + 2;
        if (!(path = malloc(size))) goto out;
        snprintf(path, size, "%.*s/%s", dir_len, dir, line);
        if (add_file(n, l, &f, path)) goto out;
    }
    char why[512];
    if (dc_learner_write(l, argv[3], confirm, add, why, sizeof why)) {
        fail("%s%s", why, "");
        goto out;
    }
    rc = 0;
out:
    if (list) fclose(list);
    free(line);
    free(path);
    dc_features_free(&f);
    dc_learner_free(l);
    dc_notes_free(n);
    return rc;
}
