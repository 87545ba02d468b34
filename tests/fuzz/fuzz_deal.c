/* fuzz_deal.c - libFuzzer: a deal file, read, checked and advised on with
 * the shipped playbook (kb/deal.h, kb/coach.h, the report). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "coach.h"
#include "deal.h"
#include "report.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dc_coach *coach;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dc_paths paths;
    (void)argc, (void)argv;
    if (dc_paths_find(&paths) || !(coach = dc_coach_new()) || dc_coach_load(coach, &paths, NULL, 0, NULL)) {
        fprintf(stderr, "fuzz_deal: cannot load the playbook (run from the source root)\n");
        exit(1);
    }
    dc_paths_free(&paths);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *errors = json_array(), *warnings = json_array(), *input = NULL, *deal = NULL, *advice = NULL;
    if (dc_deal_parse("fuzz.json", (const char *)data, size, &input, errors) == DC_OK &&
        dc_coach_check(coach, "fuzz.json", input, &deal, errors, warnings) == DC_OK &&
        dc_coach_advise(coach, deal, "2026-11-22", size % 2 ? "zh" : "en", warnings, &advice) == DC_OK) {
        free(dc_report_render(dc_coach_catalog(coach), size % 2 ? "zh" : "en", advice, deal, 1));
        json_decref(dc_coach_questions(coach));
    }
    json_decref(errors);
    json_decref(warnings);
    json_decref(input);
    json_decref(deal);
    json_decref(advice);
    return 0;
}
