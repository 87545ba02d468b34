/* advice.c - read the rules' conclusions back from the engine as spec §4. */
#include "advice.h"

#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* How facts are read back: dc_engine_facts_lean, the basis rendered only
 * for an item whose rule gave no `because` (DC_ADVICE_PLAIN_BASIS off). */
typedef struct reader {
    dc_engine *e;
    unsigned plain;
} reader;

unsigned dc_advice_plain(void)
{
    return dc_plain("lazy-basis") ? DC_ADVICE_PLAIN_BASIS : 0;
}

/* A new JSON array of the facts of `tmpl`; an empty one when the rule set
 * has no such template (a coach's minimal playbook) or on failure. */
static json_t *facts_of(const reader *r, const char *tmpl)
{
    json_t *facts = !dc_engine_has_template(r->e, tmpl) ? NULL
                  : r->plain & DC_ADVICE_PLAIN_BASIS ? dc_engine_facts(r->e, tmpl)
                  : dc_engine_facts_lean(r->e, tmpl);
    return facts ? facts : json_array();
}

/* A new reference to the first fact of `tmpl`, or NULL if there is none. */
static json_t *the_fact(const reader *r, const char *tmpl)
{
    json_t *facts = facts_of(r, tmpl);
    json_t *first = json_incref(json_array_get(facts, 0));
    json_decref(facts);
    return first;
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* --- stage -------------------------------------------------------------------- */

/* met: stage -> criteria that hold, in the playbook's order. */
static json_t *build_met(const reader *r)
{
    json_t *met = json_object();
    json_t *defs = facts_of(r, "stage-criterion"), *hits = facts_of(r, "criterion-met");
    size_t i, j;
    json_t *def, *hit;
    json_array_foreach(defs, i, def) {
        json_array_foreach(hits, j, hit) {
            if (strcmp(str(def, "stage"), str(hit, "stage")) || strcmp(str(def, "id"), str(hit, "id")))
                continue;
            json_t *list = json_object_get(met, str(def, "stage"));
            if (!list) json_object_set_new(met, str(def, "stage"), list = json_array());
            json_array_append_new(list, json_string(str(def, "id")));
        }
    }
    json_decref(defs);
    json_decref(hits);
    return met;
}

static json_t *build_stage(const reader *r, json_t *deal)
{
    json_t *stage = json_object();
    json_t *ev = the_fact(r, "evidenced-stage");
    json_object_set_new_nocheck(stage, "evidenced", json_string(ev ? str(ev, "id") : "prospect"));
    json_t *claimed = json_object_get(deal, "claimed_stage");
    if (claimed) json_object_set(stage, "claimed", claimed);
    json_object_set_new_nocheck(stage, "win_probability",
                        json_integer(ev ? json_integer_value(json_object_get(ev, "win")) : 0));
    json_decref(ev);
    json_object_set_new_nocheck(stage, "met", build_met(r));

    json_t *next = the_fact(r, "next-stage");
    if (next) {
        json_object_set_new_nocheck(stage, "next", json_pack("{sssOsO}", "id", str(next, "id"),
                            "missing", json_object_get(next, "missing"),
                            "needed", json_object_get(next, "needed")));
        json_decref(next);
    }
    json_t *owner = the_fact(r, "deal-owner");
    if (owner) json_object_set_new_nocheck(stage, "owner", json_string(str(owner, "owner")));
    json_decref(owner);
    json_t *proc = the_fact(r, "procurement-stage");
    if (proc) {
        json_object_set_new_nocheck(stage, "procurement", json_pack("{sssO}", "id", str(proc, "id"),
                            "win_probability", json_object_get(proc, "win")));
        json_decref(proc);
    }
    return stage;
}

/* --- signals -------------------------------------------------------------------- */

/* Every signal once: the first source wins (given, then notes, then
 * derived, which is the order dealcoach and the rules assert them in). */
static json_t *build_signals(const reader *r)
{
    json_t *out = json_array(), *facts = facts_of(r, "signal"), *seen = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f) {
        const char *id = str(f, "id");
        if (json_object_get(seen, id)) continue;
        json_object_set_new(seen, id, json_true());
        json_t *s = json_pack("{ssss}", "id", id, "source", str(f, "source"));
        if (strcmp(str(f, "source"), "note") == 0) {
            json_object_set(s, "note", json_object_get(f, "note"));
            json_object_set(s, "words", json_object_get(f, "words"));
        }
        json_array_append_new(out, s);
    }
    json_decref(facts);
    json_decref(seen);
    return out;
}

/* --- findings and actions -------------------------------------------------------- */

static int severity_order(const char *severity)
{
    return strcmp(severity, "high") == 0 ? 0 : strcmp(severity, "medium") == 0 ? 1 : 2;
}

/* Sort keys live beside the facts while sorting; qsort is not stable, so
 * the original position breaks ties. */
typedef struct keyed { json_t *fact; long key; size_t pos; } keyed;

static int compare_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The text of an item: its own `text` slot, else the catalog's KIND.ID with
 * `about` filled in, else the id followed by what it is about. A fallback
 * is marked, so a coach sees the text is missing (`dealcoach lint` names
 * it): "[en] ..." for the English text shown in another language, "[no
 * text] ID: ABOUT" when there is none. */
static json_t *item_text(const dc_catalog *cat, const char *lang, const char *kind, json_t *f)
{
    json_t *own = str(f, "text")[0] ? json_string(str(f, "text")) : NULL;
    if (own) return own;
    char key[256];
    snprintf(key, sizeof key, "%s.%s", kind, str(f, "id"));
    char *text = dc_catalog_format(cat, lang, key, json_object_get(f, "about"));
    if (text && strcmp(lang, "en") != 0 && !dc_catalog_has(cat, lang, key)) {
        size_t n = strlen(text) + 8;
        char *marked = malloc(n);
        if (marked) snprintf(marked, n, "[en] %s", text);
        free(text);
        text = marked;
    } else if (!text) {
        json_t *about = json_object_get(f, "about");
        char *list = json_dumps(about, JSON_ENCODE_ANY | JSON_COMPACT);
        size_t n = strlen(str(f, "id")) + (list ? strlen(list) : 0) + 16;
        if ((text = malloc(n)))
            snprintf(text, n, "[no text] %s%s%s", str(f, "id"), json_array_size(about) && list ? ": " : "",
                     json_array_size(about) && list ? list : "");
        free(list);
    }
    /* A text slot set by a rule may hold anything: never lose the item. */
    json_t *s = text ? json_string(text) : NULL;
    free(text);
    return s ? s : json_string(str(f, "id"));
}

/* The facts an item rests on: the rule's own words, else the facts it matched. */
static json_t *item_because(const reader *r, json_t *f)
{
    json_t *because = json_object_get(f, "because");
    if (json_array_size(because)) return json_incref(because);
    json_t *basis = json_object_get(f, "_basis");
    if (basis) return json_incref(basis);
    return dc_engine_fact_basis(r->e, json_integer_value(json_object_get(f, "_fact")));
}

static long by_rank(json_t *f) { return (long)json_integer_value(json_object_get(f, "rank")); }
static long by_severity(json_t *f) { return severity_order(str(f, "severity")); }

/* The facts of template `kind` in the order `key_of` gives (ties: as the
 * engine listed them). *facts holds them (the caller decrefs it, also on
 * failure); the returned array (malloc'd, *n entries) borrows from it.
 * NULL when out of memory. */
static keyed *sorted_facts(const reader *r, const char *kind, long (*key_of)(json_t *f), json_t **facts,
                           size_t *n)
{
    *facts = facts_of(r, kind);
    *n = json_array_size(*facts);
    keyed *order = malloc((*n + 1) * sizeof *order);
    for (size_t i = 0; order && i < *n; i++) {
        json_t *f = json_array_get(*facts, i);
        order[i] = (keyed){f, key_of(f), i};
    }
    if (order) qsort(order, *n, sizeof *order, compare_keyed);
    return order;
}

static json_t *build_items(const reader *r, const dc_catalog *cat, const char *lang, const char *kind)
{
    int actions = strcmp(kind, "action") == 0;
    json_t *facts, *out = json_array();
    size_t n, i;
    keyed *order = sorted_facts(r, kind, actions ? by_rank : by_severity, &facts, &n);
    for (i = 0; order && i < n; i++) {
        json_t *f = order[i].fact, *item = json_object();
        json_object_set_new_nocheck(item, "id", json_string(str(f, "id")));
        if (actions) json_object_set_new_nocheck(item, "priority", json_integer((json_int_t)i + 1));
        else json_object_set_new_nocheck(item, "severity", json_string(str(f, "severity")));
        json_object_set_new_nocheck(item, "text", item_text(cat, lang, kind, f));
        json_t *rule = json_object_get(f, "_rule");
        json_object_set_new_nocheck(item, "rule", json_is_string(rule) ? json_incref(rule) : json_string("(asserted)"));
        json_object_set_new_nocheck(item, "because", item_because(r, f));
        json_object_set(item, "about", json_object_get(f, "about"));
        json_array_append_new(out, item);
    }
    free(order);
    json_decref(facts);
    return out;
}

json_t *dc_advice_items(dc_engine *e, const dc_catalog *cat, const char *lang, const char *kind,
                        unsigned plain)
{
    reader rd = {e, plain};
    return build_items(&rd, cat, lang, kind);
}

/* --- concern, tactics, lifecycle, opportunity ------------------------------------- */

static json_t *build_tactics(const reader *r, const dc_catalog *cat, const char *lang,
                             json_t **details)
{
    json_t *facts, *ids = json_array();
    *details = json_array();
    size_t n, i;
    keyed *order = sorted_facts(r, "tactic", by_rank, &facts, &n);
    for (i = 0; order && i < n; i++) {
        json_t *f = order[i].fact;
        json_array_append_new(ids, json_string(str(f, "id")));
        json_array_append_new(*details, json_pack("{ssso so}", "id", str(f, "id"),
                              "text", item_text(cat, lang, "tactic", f),
                              "because", item_because(r, f)));
    }
    free(order);
    json_decref(facts);
    return ids;
}

static void build_lifecycle(const reader *r, json_t *advice)
{
    json_t *f = the_fact(r, "lifecycle-result");
    if (!f) return;
    json_object_set_new_nocheck(advice, "lifecycle", json_pack("{sssssO}", "stage", str(f, "stage"),
                        "risk", str(f, "risk"), "signals", json_object_get(f, "signals")));
    json_decref(f);
}

static void build_opportunity(const reader *r, json_t *advice)
{
    json_t *opp = json_object();
    json_t *grade = the_fact(r, "opportunity-grade");
    json_t *value = the_fact(r, "opportunity-value");
    json_t *opening = the_fact(r, "opportunity-opening");
    if (grade) json_object_set_new_nocheck(opp, "grade", json_string(str(grade, "grade")));
    if (value) json_object_set(opp, "value_category", json_object_get(value, "category"));
    if (opening) json_object_set_new_nocheck(opp, "opening", json_string(str(opening, "opening")));
    json_decref(grade);
    json_decref(value);
    json_decref(opening);
    if (json_object_size(opp)) json_object_set_new_nocheck(advice, "opportunity", opp);
    else json_decref(opp);
}

/* --- what to do now (spec §6) ------------------------------------------------------ */

static int listed_id(json_t *ids, const char *id)
{
    size_t i;
    json_t *s;
    json_array_foreach(ids, i, s)
        if (strcmp(json_string_value(s), id) == 0) return 1;
    return 0;
}

static int listed(json_t *items, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
        if (strcmp(str(item, "id"), id) == 0) return 1;
    return 0;
}

/* The ids of the `do-now` facts the rules chose, by their order: each once,
 * each an action of the advice, at most DC_DO_NOW_MAX. The choice is the
 * rules' (90-judgement.clp); an empty list when they chose none. */
static json_t *build_do_now(const reader *r, json_t *actions)
{
    json_t *facts = facts_of(r, "do-now"), *ids = json_array();
    size_t n = json_array_size(facts), i;
    keyed *order = malloc((n + 1) * sizeof *order);
    for (i = 0; order && i < n; i++) {
        order[i].fact = json_array_get(facts, i);
        order[i].pos = i;
        order[i].key = (long)json_integer_value(json_object_get(order[i].fact, "order"));
    }
    if (order) qsort(order, n, sizeof *order, compare_keyed);
    for (i = 0; order && i < n && json_array_size(ids) < DC_DO_NOW_MAX; i++) {
        const char *id = str(order[i].fact, "id");
        if (listed(actions, id) && !listed_id(ids, id)) json_array_append_new(ids, json_string(id));
    }
    free(order);
    json_decref(facts);
    return ids;
}

/* The items the rules' review took out (`superseded` facts): [{id, by}],
 * each pair once, so a coach can see why an item is missing. */
static json_t *build_superseded(const reader *r)
{
    json_t *facts = facts_of(r, "superseded"), *out = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f) {
        json_t *pair = json_pack("{ssss}", "id", str(f, "id"), "by", str(f, "by"));
        size_t j;
        json_t *seen;
        int dup = 0;
        json_array_foreach(out, j, seen) dup |= json_equal(seen, pair);
        if (dup) json_decref(pair);
        else json_array_append_new(out, pair);
    }
    json_decref(facts);
    return out;
}

json_t *dc_advice_build(dc_engine *e, const dc_catalog *cat, const char *lang,
                        json_t *deal, const char *today, json_t *warnings, unsigned plain)
{
    reader rd = {e, plain}, *r = &rd;
    json_t *advice = json_object();
    if (!advice) return NULL;
    json_object_set(advice, "deal", json_object_get(deal, "id"));
    json_object_set_new_nocheck(advice, "evaluated_on", json_string(today));
    json_object_set_new_nocheck(advice, "stage", build_stage(r, deal));
    json_object_set_new_nocheck(advice, "signals", build_signals(r));

    json_t *concern = the_fact(r, "concern");
    json_object_set_new_nocheck(advice, "concern", json_string(concern ? str(concern, "kind") : "none"));
    if (concern) json_object_set_new_nocheck(advice, "concern_because", item_because(r, concern));
    json_decref(concern);

    json_t *details;
    json_t *tactics = build_tactics(r, cat, lang, &details);
    if (json_array_size(tactics)) {
        json_object_set_new_nocheck(advice, "tactics", tactics);
        json_object_set_new_nocheck(advice, "tactic_details", details);
    } else {
        json_decref(tactics);
        json_decref(details);
    }
    build_lifecycle(r, advice);
    build_opportunity(r, advice);
    json_object_set_new_nocheck(advice, "findings", build_items(r, cat, lang, "finding"));
    json_t *actions = build_items(r, cat, lang, "action");
    json_object_set_new_nocheck(advice, "actions", actions);
    if (json_array_size(actions)) json_object_set_new_nocheck(advice, "do_now", build_do_now(r, actions));
    json_t *superseded = build_superseded(r);
    if (json_array_size(superseded)) json_object_set_new_nocheck(advice, "superseded", superseded);
    else json_decref(superseded);
    json_t *risk = the_fact(r, "biggest-risk");
    if (risk && listed(json_object_get(advice, "findings"), str(risk, "finding")))
        json_object_set_new_nocheck(advice, "biggest_risk", json_string(str(risk, "finding")));
    json_decref(risk);
    json_object_set_new_nocheck(advice, "warnings", warnings ? json_copy(warnings) : json_array());
    return advice;
}
