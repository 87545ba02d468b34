/* fuzz_session.c - libFuzzer: the session's command line. Each input is a
 * script, one command a line, run against a store in memory that lives for
 * the whole fuzzing run (so later inputs meet the deals earlier ones made). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static session s;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dc_paths paths;
    (void)argc, (void)argv;
    /* What the session prints is not the point; what it does is. The
     * interview reads answers from standard input: give it none. */
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "r", stdin)) exit(1);
    memset(&s, 0, sizeof s);
    if (dc_paths_find(&paths) || !(s.coach = dc_coach_new()) ||
        dc_coach_load(s.coach, &paths, NULL, 0, NULL) || !(s.store = dc_store_new()) ||
        dc_store_open(s.store, ":memory:")) {
        fprintf(stderr, "fuzz_session: cannot set up (run from the source root)\n");
        exit(1);
    }
    dc_paths_free(&paths);
    s.store_path = ":memory:";
    snprintf(s.lang, sizeof s.lang, "en");
    s.today = "2026-11-22";
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *script = malloc(size + 1);
    if (!script) return 0;
    memcpy(script, data, size);
    script[size] = '\0';
    s.quit = 0;
    for (char *line = script, *next; line && !s.quit; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        s.line_no++;
        session_run_line(&s, line);
    }
    free(script);
    return 0;
}
