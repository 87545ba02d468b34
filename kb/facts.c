/* facts.c - assert a checked deal as engine facts (see 00-schema.clp). */
#include "facts.h"
#include "note_facts.h"

#include <stdio.h>
#include <string.h>

#include "date.h"

const char *const dc_facts_input_templates[] = {
    "deal", "criterion", "person", "competitor", "signal", "note", "evaluation",
    "negotiation", "opportunity", "account",
    "deal-history", /* from the store's history, by dc_coach_advise_history */
    NULL};

/* true/false -> yes/no; absent stays absent (the slot's default: unknown). */
static void copy_flag(json_t *slots, const char *slot, json_t *from, const char *key)
{
    json_t *v = json_object_get(from, key);
    if (json_is_boolean(v)) json_object_set_new(slots, slot, json_string(json_is_true(v) ? "yes" : "no"));
}

static void copy_value(json_t *slots, const char *slot, json_t *from, const char *key)
{
    json_t *v = json_object_get(from, key);
    if (v) json_object_set(slots, slot, v);
}

/* Copy the named members as they are. */
static void copy_values(json_t *slots, json_t *from, const char *const *keys)
{
    for (int i = 0; keys[i]; i++) copy_value(slots, keys[i], from, keys[i]);
}

/* Assert and release `slots`. */
static int assert_new(dc_engine *e, const char *tmpl, json_t *slots)
{
    int rc = slots ? dc_engine_assert(e, tmpl, slots) : DC_ENOMEM;
    json_decref(slots);
    return rc;
}

/* Days from date text `from` to date text `to`, or 0 with *ok = 0. */
static long days_between(const char *from, const char *to, int *ok)
{
    long a, b;
    *ok = from && to && dc_date_parse(from, &a) && dc_date_parse(to, &b);
    return *ok ? b - a : 0;
}

static int assert_list(dc_engine *e, json_t *deal, const char *key, const char *tmpl,
                       const char *slot)
{
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(deal, key), i, item) {
        json_t *slots = json_pack("{sO}", slot, item);
        if (tmpl && strcmp(tmpl, "signal") == 0) json_object_set_new_nocheck(slots, "source", json_string("given"));
        int rc = assert_new(e, tmpl, slots);
        if (rc) return rc;
    }
    return DC_OK;
}

static int assert_people(dc_engine *e, json_t *deal)
{
    static const char *const same[] = {"name", "title", "roles", "attitude", "influence", NULL};
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(deal, "people"), i, p) {
        json_t *slots = json_object();
        copy_values(slots, p, same);
        copy_flag(slots, "met", p, "met");
        copy_flag(slots, "above_budget_line", p, "above_budget_line");
        copy_flag(slots, "follow_up_sent", p, "follow_up_sent");
        copy_flag(slots, "leaving", p, "leaving");
        int rc = assert_new(e, "person", slots);
        if (rc) return rc;
    }
    json_array_foreach(json_object_get(deal, "competitors"), i, p) {
        json_t *slots = json_object();
        copy_value(slots, "name", p, "name");
        copy_flag(slots, "leading", p, "leading");
        copy_value(slots, "moves", p, "moves");
        int rc = assert_new(e, "competitor", slots);
        if (rc) return rc;
    }
    return DC_OK;
}

static int assert_evaluation(dc_engine *e, json_t *deal)
{
    json_t *ev = json_object_get(deal, "evaluation");
    json_t *slots = json_object();
    copy_flag(slots, "solution_evaluated", ev, "solution_evaluated");
    copy_value(slots, "preferred", ev, "preferred");
    copy_flag(slots, "criteria_influenced", ev, "criteria_influenced");
    copy_flag(slots, "proposal_submitted", ev, "proposal_submitted");
    copy_flag(slots, "needs_explored", ev, "needs_explored");
    return assert_new(e, "evaluation", slots);
}

static int assert_negotiation(dc_engine *e, json_t *deal)
{
    static const char *const same[] = {"phase", "preconditions", "reservation_price",
                                       "our_offer", "customer_target", NULL};
    json_t *neg = json_object_get(deal, "negotiation");
    json_t *slots = json_object();
    copy_values(slots, neg, same);
    json_object_set_new_nocheck(slots, "preconditions_known",
                        json_string(json_object_get(neg, "preconditions") ? "yes" : "no"));
    return assert_new(e, "negotiation", slots);
}

static int assert_opportunity(dc_engine *e, json_t *deal)
{
    static const char *const same[] = {"short_term", "long_term", "turf", "leader",
                                       "months_to_close", "likelihood", NULL};
    static const char *const answers[] = {"is-real", "can-compete", "can-win", "worth-winning", NULL};
    json_t *opp = json_object_get(deal, "opportunity");
    json_t *slots = json_object();
    copy_values(slots, opp, same);
    for (int i = 0; answers[i]; i++)
        copy_flag(slots, answers[i], json_object_get(opp, "answers"), answers[i]);
    return assert_new(e, "opportunity", slots);
}

/* slots[slot] = days from the date at acc[key] to today, when both are dates. */
static void copy_days_since(json_t *slots, const char *slot, json_t *acc, const char *key,
                            const char *today)
{
    int ok;
    long days = days_between(json_string_value(json_object_get(acc, key)), today, &ok);
    if (ok) json_object_set_new(slots, slot, json_integer(days));
}

/* The latest visit (by date, not by place in the list): its date. */
static void copy_last_visit(json_t *slots, json_t *acc, const char *today)
{
    json_t *visits = json_object_get(acc, "visits");
    if (!visits) return;
    json_object_set_new_nocheck(slots, "visits_known", json_string("yes"));
    const char *last = NULL;
    size_t i;
    json_t *v;
    json_array_foreach(visits, i, v) {
        const char *date = json_string_value(json_object_get(v, "date"));
        if (date && (!last || strcmp(date, last) > 0)) last = date; /* YYYY-MM-DD sorts */
    }
    if (!last) return;
    json_object_set_new_nocheck(slots, "last_visit", json_string(last));
    json_t *shown = json_pack("{ss}", "d", last);
    copy_days_since(slots, "days_since_visit", shown, "d", today);
    json_decref(shown);
}

/* The two latest satisfaction surveys by date: their scores and dates. */
static void copy_satisfaction(json_t *slots, json_t *acc)
{
    json_t *latest = NULL, *previous = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(acc, "satisfaction"), i, s) {
        const char *date = json_string_value(json_object_get(s, "date"));
        if (!date) continue;
        if (!latest || strcmp(date, json_string_value(json_object_get(latest, "date"))) >= 0) {
            previous = latest;
            latest = s;
        } else if (!previous || strcmp(date, json_string_value(json_object_get(previous, "date"))) > 0) {
            previous = s;
        }
    }
    if (latest) {
        copy_value(slots, "satisfaction_latest", latest, "score");
        copy_value(slots, "satisfaction_latest_date", latest, "date");
    }
    if (previous) {
        copy_value(slots, "satisfaction_previous", previous, "score");
        copy_value(slots, "satisfaction_previous_date", previous, "date");
    }
}

static int assert_account(dc_engine *e, json_t *deal, const char *today)
{
    static const char *const same[] = {"lifecycle", "last_purchase", "purchase_interval_days",
                                       "owner", "credit_class", "credit_limit", "receivables",
                                       "overdue_amount", "overdue_since", "last_receivables_review",
                                       "on_time_payments", "late_payments", "billing", "file", NULL};
    json_t *acc = json_object_get(deal, "account");
    if (!json_is_object(acc) || json_object_size(acc) == 0) return DC_OK;
    json_t *slots = json_object();
    copy_values(slots, acc, same);
    copy_flag(slots, "credit_approved", acc, "credit_approved");
    json_object_set_new_nocheck(slots, "file_known", json_string(json_object_get(acc, "file") ? "yes" : "no"));
    copy_days_since(slots, "days_since_purchase", acc, "last_purchase", today);
    copy_days_since(slots, "days_overdue", acc, "overdue_since", today);
    copy_days_since(slots, "days_since_review", acc, "last_receivables_review", today);
    copy_last_visit(slots, acc, today);
    copy_satisfaction(slots, acc);
    return assert_new(e, "account", slots);
}

/* Context for note scanning: where to assert. */
typedef struct note_scan {
    dc_engine *e;
    dc_notes *notes;
    size_t index;
    int rc;
} note_scan;

static void on_note_signal(void *ctx, const char *signal, const char *words)
{
    note_scan *scan = ctx;
    if (scan->rc || dc_notes_fact_only(scan->notes, signal)) return; /* proposes, is no signal */
    json_t *slots = json_pack("{ss ss sI ss}", "id", signal, "source", "note",
                              "note", (json_int_t)scan->index, "words", words);
    scan->rc = assert_new(scan->e, "signal", slots);
}

static int assert_notes(dc_engine *e, dc_notes *notes, json_t *deal, json_t *warnings)
{
    size_t i;
    json_t *note;
    if (notes && dc_note_rivals_of(notes, deal)) return DC_ENOMEM;
    json_array_foreach(json_object_get(deal, "notes"), i, note) {
        json_t *slots = json_pack("{sI sO}", "index", (json_int_t)i, "text", note);
        int rc = assert_new(e, "note", slots);
        if (rc) return rc;
        if (!notes || dc_notes_out_of_time(notes)) continue; /* warned once already */
        note_scan scan = {e, notes, i, DC_OK};
        if (dc_notes_scan(notes, json_string_value(note), on_note_signal, &scan) != DC_OK) {
            char line[512];
            snprintf(line, sizeof line, "notes[%zu]: %s", i, dc_notes_message(notes));
            json_array_append_new(warnings, json_string(line));
        }
        if (scan.rc) return scan.rc;
    }
    return DC_OK;
}

static int assert_the_deal(dc_engine *e, json_t *deal, const char *today)
{
    static const char *const same[] = {"id", "name", "customer", "size", "amount", "budget",
                                       "currency", "claimed_stage", "expected_close", NULL};
    json_t *slots = json_object();
    copy_values(slots, deal, same);
    json_object_set_new_nocheck(slots, "today", json_string(today));
    int ok;
    long days = days_between(today, json_string_value(json_object_get(deal, "expected_close")), &ok);
    if (ok) json_object_set_new_nocheck(slots, "days_to_close", json_integer(days));
    return assert_new(e, "deal", slots);
}

int dc_facts_assert_deal(dc_engine *e, dc_notes *notes, json_t *deal,
                         const char *today, json_t *warnings)
{
    int rc;
    if ((rc = assert_list(e, deal, "criteria", "criterion", "id"))) return rc;
    if ((rc = assert_people(e, deal))) return rc;
    if ((rc = assert_evaluation(e, deal))) return rc;
    if ((rc = assert_negotiation(e, deal))) return rc;
    if ((rc = assert_opportunity(e, deal))) return rc;
    if ((rc = assert_account(e, deal, today))) return rc;
    if ((rc = assert_list(e, deal, "signals", "signal", "id"))) return rc;
    if ((rc = assert_notes(e, notes, deal, warnings))) return rc;
    return assert_the_deal(e, deal, today);
}
