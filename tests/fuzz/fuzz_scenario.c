/* fuzz_scenario.c - a training scenario, any bytes, read and checked
 * (kb/train/train.h: libyaml, the deal, effects applied to a scratch deal,
 * ids, the step graph); when it loads, explored: every path played by the
 * shipped playbook with two random playthroughs. Run from the source root:
 *
 *   clang -fsanitize=fuzzer,address ... tests/fuzz/fuzz_scenario.c
 *   ./fuzz_scenario tests/fuzz/corpus/scenario
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "coach.h"
#include "paths.h"
#include "train/train.h"

static dc_coach *coach;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dc_paths paths;
    json_t *warnings = json_array();
    (void)argc;
    (void)argv;
    if (!warnings || dc_paths_find(&paths) || !(coach = dc_coach_new()) ||
        dc_coach_load(coach, &paths, NULL, 0, warnings) != DC_OK) {
        fprintf(stderr, "fuzz_scenario: cannot load the playbook (run from the source root)\n");
        exit(1);
    }
    dc_paths_free(&paths);
    json_decref(warnings);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *errors = json_array(), *report = NULL;
    dc_scenario *sc = NULL;
    char *message = NULL;
    if (errors && dc_scenario_parse(coach, "fuzz.yaml", (const char *)data, size, &sc, errors) == DC_OK)
        dc_scenario_explore(coach, sc, "en", 1, 2, &report, &message);
    free(message);
    json_decref(report);
    dc_scenario_free(sc);
    json_decref(errors);
    return 0;
}
