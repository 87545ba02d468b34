#define _POSIX_C_SOURCE 200809L /* strtok_r */
/* gen_store.c - write a deal store with a known history, for the pipeline
 * tests: gen_store PATH. Every entry has a fixed time (dc_store_put_at), so
 * `dealcoach pipeline --today 2026-11-29` sees the same history every run.
 *
 * The deals and what the tests expect of them as of 2026-11-29 (the time
 * rules' thresholds are those of rules/80-time.clp):
 *   stalled-intent   intent since 2026-08-01 (120 days > 45): stalled-in-stage
 *   pushed-close     close date moved later twice: close-date-pushed
 *   overdue          expected close 2026-11-15 is past: close-date-passed
 *   regressed        approval -> project on 2026-11-15: stage-regressed
 *   quiet            target since 2026-09-01, last change 2026-10-01:
 *                    stalled-in-stage and no-recent-update
 *   fast-nego        target -> negotiation in 50 days: no time warning
 *   won              closed on 2026-11-10 (claimed closed): no time warning
 *   lost-deal        reached intent, then claimed lost on 2026-11-26
 *   new-this-week    created 2026-11-25 at target
 *   pulled-in        expected close moved earlier on 2026-11-24
 *   gone             created, then deleted: history only
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store.h"

static dc_store *store;

/* The deal's JSON from its parts; criteria are space-separated ids. */
static char *deal(const char *id, const char *customer, const char *owner, long amount,
                  const char *claimed, const char *close, const char *size, const char *criteria)
{
    json_t *d = json_pack("{ss ss ss sI}", "id", id, "name", customer, "customer", customer,
                          "amount", (json_int_t)amount);
    json_t *list = json_array();
    char buf[512], *save = NULL;
    if (owner) json_object_set_new(d, "owner", json_string(owner));
    if (claimed) json_object_set_new(d, "claimed_stage", json_string(claimed));
    if (close) json_object_set_new(d, "expected_close", json_string(close));
    json_object_set_new(d, "size", json_string(size));
    snprintf(buf, sizeof buf, "%s", criteria);
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
        json_array_append_new(list, json_string(w));
    json_object_set_new(d, "criteria", list);
    char *text = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(d);
    return text;
}

static void put(const char *when, const char *stage, const char *what, char *json)
{
    char at[32];
    const char *id;
    json_t *d = json_loads(json, 0, NULL);
    id = json_string_value(json_object_get(d, "id"));
    snprintf(at, sizeof at, "%sT12:00:00Z", when);
    if (dc_store_put_at(store, id, json, what, stage, at) != DC_OK) {
        fprintf(stderr, "gen_store: %s\n", dc_store_message(store));
        exit(1);
    }
    json_decref(d);
    free(json);
}

#define T "initial-contact visit-scheduled"
#define I T " formal-visit need-clear"
#define P I " decision-process-known core-requirements-clear"
#define A P " bid-won"
#define N A " our-contract-sent"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_store PATH\n");
        return 2;
    }
    remove(argv[1]);
    store = dc_store_new();
    if (!store || dc_store_open(store, argv[1]) != DC_OK) {
        fprintf(stderr, "gen_store: %s\n", dc_store_message(store));
        return 1;
    }

    put("2026-07-20", "target", "created", deal("stalled-intent", "Stalled Steel", "Li Lei", 800000, "project", "2027-02-28", "sme", T));
    put("2026-08-01", "intent", "criteria + need-clear", deal("stalled-intent", "Stalled Steel", "Li Lei", 800000, "project", "2027-02-28", "sme", I));
    put("2026-11-20", "intent", "amount = 900000", deal("stalled-intent", "Stalled Steel", "Li Lei", 900000, "project", "2027-02-28", "sme", I));

    put("2026-09-01", "intent", "created", deal("pushed-close", "Pushed Paper", "Li Lei", 500000, "intent", "2026-09-30", "sme", I));
    put("2026-09-25", "intent", "expected_close = 2026-10-31", deal("pushed-close", "Pushed Paper", "Li Lei", 500000, "intent", "2026-10-31", "sme", I));
    put("2026-10-28", "intent", "expected_close = 2026-12-31", deal("pushed-close", "Pushed Paper", "Li Lei", 500000, "intent", "2026-12-31", "sme", I));
    put("2026-11-27", "project", "criteria + decision-process-known", deal("pushed-close", "Pushed Paper", "Li Lei", 500000, "project", "2026-12-31", "sme", P));

    put("2026-10-01", "intent", "created", deal("overdue", "Overdue Oil", "Wang Fang", 1200000, "project", "2026-11-15", "sme", I));
    put("2026-10-20", "project", "criteria + core-requirements-clear", deal("overdue", "Overdue Oil", "Wang Fang", 1200000, "project", "2026-11-15", "sme", P));

    put("2026-09-10", "project", "created", deal("regressed", "Regressed Rail", "Wang Fang", 2000000, "approval", "2027-01-31", "sme", P));
    put("2026-10-20", "approval", "criteria + bid-won", deal("regressed", "Regressed Rail", "Wang Fang", 2000000, "approval", "2027-01-31", "sme", A));
    put("2026-11-15", "project", "criteria - bid-won", deal("regressed", "Regressed Rail", "Wang Fang", 2000000, "approval", "2027-01-31", "sme", P));

    put("2026-09-01", "target", "created", deal("quiet", "Quiet Quarry", "Li Lei", 300000, "intent", "2027-03-31", "sme", T));
    put("2026-10-01", "target", "amount = 300000", deal("quiet", "Quiet Quarry", "Li Lei", 300000, "intent", "2027-03-31", "sme", T));

    put("2026-10-01", "target", "created", deal("fast-nego", "Fast Foods", "Wang Fang", 1500000, "target", "2027-01-15", "sme", T));
    put("2026-10-10", "intent", "criteria + need-clear", deal("fast-nego", "Fast Foods", "Wang Fang", 1500000, "intent", "2027-01-15", "sme", I));
    put("2026-10-25", "project", "criteria + core-requirements-clear", deal("fast-nego", "Fast Foods", "Wang Fang", 1500000, "project", "2027-01-15", "sme", P));
    put("2026-11-05", "approval", "criteria + bid-won", deal("fast-nego", "Fast Foods", "Wang Fang", 1500000, "approval", "2027-01-15", "sme", A));
    put("2026-11-20", "negotiation", "criteria + our-contract-sent", deal("fast-nego", "Fast Foods", "Wang Fang", 1500000, "negotiation", "2027-01-15", "sme", N));

    put("2026-08-15", "intent", "created", deal("won", "Won Water", "Li Lei", 700000, "intent", "2026-11-30", "sme", I));
    put("2026-09-20", "approval", "criteria + bid-won", deal("won", "Won Water", "Li Lei", 700000, "approval", "2026-11-30", "sme", A));
    put("2026-10-15", "negotiation", "criteria + our-contract-sent", deal("won", "Won Water", "Li Lei", 700000, "negotiation", "2026-11-30", "sme", N));
    put("2026-11-10", "closed", "criteria + contract-signed", deal("won", "Won Water", "Li Lei", 700000, "closed", "2026-11-30", "sme", N " contract-signed"));

    put("2026-09-05", "target", "created", deal("lost-deal", "Lost Lumber", "Wang Fang", 400000, "target", "2026-12-15", "sme", T));
    put("2026-10-05", "intent", "criteria + need-clear", deal("lost-deal", "Lost Lumber", "Wang Fang", 400000, "intent", "2026-12-15", "sme", I));
    put("2026-11-26", "intent", "claimed_stage = lost", deal("lost-deal", "Lost Lumber", "Wang Fang", 400000, "lost", "2026-12-15", "sme", I));

    put("2026-11-25", "target", "created", deal("new-this-week", "New Nickel", "Li Lei", 600000, "target", "2027-04-30", "sme", T));

    put("2026-10-15", "intent", "created", deal("pulled-in", "Pulled Plastics", "Wang Fang", 900000, "intent", "2027-03-31", "sme", I));
    put("2026-11-24", "intent", "expected_close = 2027-01-31", deal("pulled-in", "Pulled Plastics", "Wang Fang", 900000, "intent", "2027-01-31", "sme", I));

    put("2026-10-01", "target", "created", deal("gone", "Gone Glass", "Li Lei", 100000, "target", "2026-12-31", "sme", T));
    if (dc_store_delete(store, "gone", NULL) != DC_OK) {
        fprintf(stderr, "gen_store: %s\n", dc_store_message(store));
        return 1;
    }
    dc_store_free(store);
    return 0;
}
