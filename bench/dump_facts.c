/* dump_facts.c - the facts dealcoach asserts for each deal, as JSON Lines:
 * one line a deal, [[TEMPLATE, {SLOT: VALUE...}]...] in assertion order
 * (the deal fact last). dealcoach's own code checks the deal and asserts
 * it (kb/facts.c), so bench/raw_engine.c runs the rules on exactly those
 * facts.
 *
 *     dump_facts TODAY < deals.jsonl > facts.jsonl */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach.h"
#include "deal.h"
#include "facts.h"
#include "paths.h"

/* The facts of `tmpl` in the engine, without dealcoach's own members. */
static void add_facts(dc_engine *e, const char *tmpl, json_t *out)
{
    json_t *facts = dc_engine_facts(e, tmpl);
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f) {
        json_object_del(f, "_rule");
        json_object_del(f, "_basis");
        json_array_append_new(out, json_pack("[sO]", tmpl, f));
    }
    json_decref(facts);
}

int main(int argc, char **argv)
{
    const char *today = argc > 1 ? argv[1] : "2026-11-22";
    dc_paths paths = {0};
    dc_coach *c = dc_coach_new();
    json_t *warnings = json_array();
    if (!c || !warnings || dc_paths_find(&paths) || dc_coach_load(c, &paths, NULL, 0, warnings)) {
        fprintf(stderr, "dump_facts: %s\n", c ? dc_coach_message(c) : "out of memory");
        return 1;
    }
    dc_engine *e = dc_coach_engine(c);
    char *line = NULL;
    size_t cap = 0;
    long dumped = 0;
    while (getline(&line, &cap, stdin) > 0) {
        json_t *errors = json_array(), *input = NULL, *deal = NULL, *out = json_array();
        if (dc_deal_parse("-", line, strlen(line), &input, errors) == DC_OK &&
            dc_coach_check(c, "-", input, &deal, errors, warnings) == DC_OK &&
            dc_engine_reset(e) == DC_OK &&
            dc_facts_assert_deal(e, dc_coach_notes(c), deal, today, warnings) == DC_OK) {
            for (int t = 0; dc_facts_input_templates[t]; t++)
                if (strcmp(dc_facts_input_templates[t], "deal") != 0) add_facts(e, dc_facts_input_templates[t], out);
            add_facts(e, "deal", out);
            char *text = json_dumps(out, JSON_COMPACT);
            if (text) printf("%s\n", text);
            free(text);
            dumped++;
        }
        json_decref(errors);
        json_decref(input);
        json_decref(deal);
        json_decref(out);
        json_array_clear(warnings);
    }
    free(line);
    json_decref(warnings);
    dc_coach_free(c);
    dc_paths_free(&paths);
    fprintf(stderr, "dump_facts: %ld deals\n", dumped);
    return fflush(stdout) != 0;
}
