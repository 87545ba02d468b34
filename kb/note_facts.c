/* note_facts.c - the facts a deal's notes propose. See note_facts.h. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note_facts.h"

/* A hit of one scan, kept for the proposals. */
struct note_hits {
    json_t *list; /* [[signal, words], ...] */
};

static void keep_hit(void *ctx, const char *signal, const char *words)
{
    struct note_hits *h = ctx;
    json_array_append_new(h->list, json_pack("[ss]", signal, words));
}

/* The first percentage in `text` ("30%", "30 percent", "30％", "一半",
 * "half"), 1 to 100, or 0. */
static int percent_in(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || (p > text && p[-1] >= '0' && p[-1] <= '9')) continue;
        char *end;
        long v = strtol(p, &end, 10);
        while (*end == ' ') end++;
        int pct = *end == '%' || strncmp(end, "\xEF\xBC\x85", 3) == 0 ||
                  strncmp(end, "percent", 7) == 0 || strncmp(end, "per cent", 8) == 0;
        if (pct && v >= 1 && v <= 100) return (int)v;
    }
    if (strstr(text, "一半") || strstr(text, "减半") || strstr(text, "half")) return 50;
    return 0;
}

/* Does `text` name `name`: the whole of it, or one of its words of three
 * bytes or more ("Zhao" of "Zhao Wei")? */
static int names(const char *text, const char *name)
{
    if (!name || strlen(name) < 2) return 0;
    if (strstr(text, name)) return 1;
    char word[128];
    for (const char *p = name; *p;) {
        size_t len = strcspn(p, " ");
        if (len >= 3 && len < sizeof word) {
            memcpy(word, p, len);
            word[len] = '\0';
            if (strstr(text, word)) return 1;
        }
        p += len;
        p += strspn(p, " ");
    }
    return 0;
}

/* The first of `items` (objects with a "name", and a "title" when
 * `titles`) that `text` names, or NULL. */
static const char *named_in(const char *text, json_t *items, int titles)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const char *name = json_string_value(json_object_get(item, "name"));
        const char *title = titles ? json_string_value(json_object_get(item, "title")) : NULL;
        if (names(text, name) || (title && strlen(title) >= 4 && strstr(text, title))) return name;
    }
    return NULL;
}

/* Is person p our coach (role coach, or attitude mentor)? */
static int is_coach(json_t *p)
{
    size_t k;
    json_t *role;
    int coach = 0;
    json_array_foreach(json_object_get(p, "roles"), k, role)
        coach |= json_is_string(role) && strcmp(json_string_value(role), "coach") == 0;
    const char *attitude = json_string_value(json_object_get(p, "attitude"));
    return coach || (attitude && strcmp(attitude, "mentor") == 0);
}

/* The person of the deal called `name`, or NULL. */
static json_t *person_named(json_t *deal, const char *name)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(deal, "people"), i, p) {
        const char *n = json_string_value(json_object_get(p, "name"));
        if (n && name && strcmp(n, name) == 0) return p;
    }
    return NULL;
}

/* The only coach of the deal, or NULL. */
static const char *only_coach(json_t *deal)
{
    const char *found = NULL;
    size_t i, count = 0;
    json_t *p;
    json_array_foreach(json_object_get(deal, "people"), i, p) {
        if (is_coach(p)) {
            found = json_string_value(json_object_get(p, "name"));
            count++;
        }
    }
    return count == 1 ? found : NULL;
}

static int has_item(json_t *list, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
        if (json_is_string(item) && strcmp(json_string_value(item), id) == 0) return 1;
    return 0;
}

/* The proposal for one hit, or NULL when it proposes nothing (no @propose
 * line, or a criterion the deal has). */
static json_t *proposal_for(dc_notes *n, json_t *deal, const char *text, json_int_t index,
                            const char *signal, const char *words)
{
    const char *spec = dc_notes_proposal(n, signal);
    if (!spec) return NULL;
    char kind[32] = "", what[64] = "";
    if (sscanf(spec, "%31s %63s", kind, what) < 1) return NULL;
    json_t *p = json_pack("{sI ss ss ss}", "note", index, "signal", signal, "words", words,
                          "kind", kind);
    if (!p) return NULL;
    if (strcmp(kind, "criterion") == 0) {
        if (!*what || has_item(json_object_get(deal, "criteria"), what)) {
            json_decref(p);
            return NULL;
        }
        json_object_set_new(p, "id", json_string(what));
    } else if (strcmp(kind, "person") == 0) {
        json_object_set_new(p, "change", json_string(*what ? what : "changed"));
        const char *name = named_in(text, json_object_get(deal, "people"), 1);
        if (!name && strcmp(signal, "coach-leaving") == 0) name = only_coach(deal);
        if (name) json_object_set_new(p, "name", json_string(name));
        /* "负责人赵工下个月离职" when 赵工 is our coach: our coach is leaving,
         * not the account slipping away. */
        int attitude = strcmp(what, "supporter") == 0 || strcmp(what, "opponent") == 0;
        if (!name && (attitude || strcmp(what, "promoted") == 0)) { /* nobody to change */
            json_decref(p);
            return NULL;
        }
        const char *now = json_string_value(json_object_get(person_named(deal, name), "attitude"));
        int same = attitude && now && (strcmp(now, what) == 0 ||
                                       (strcmp(what, "supporter") == 0 && strcmp(now, "mentor") == 0));
        if (same) { /* the deal says so already (a mentor supports us too) */
            json_decref(p);
            return NULL;
        }
        if (name && !attitude && is_coach(person_named(deal, name)) &&
            strcmp(what, "promoted") != 0) {
            json_object_set_new(p, "change", json_string("leaving"));
            json_object_set_new(p, "signal", json_string("coach-leaving"));
            json_object_set_new(p, "coach", json_true());
        }
    } else if (strcmp(kind, "budget") == 0) {
        json_object_set_new(p, "change", json_string(*what ? what : "cut"));
        int pct = percent_in(text);
        json_t *budget = json_object_get(deal, "budget");
        if (pct) json_object_set_new(p, "percent", json_integer(pct));
        if (pct && json_is_number(budget) && pct < 100)
            json_object_set_new(p, "budget",
                                json_integer((json_int_t)(json_number_value(budget) * (100 - pct) / 100)));
    } else if (strcmp(kind, "competitor") == 0) {
        json_object_set_new(p, "move", json_string(*what ? what : "move"));
        const char *name = named_in(text, json_object_get(deal, "competitors"), 0);
        if (name) json_object_set_new(p, "name", json_string(name));
    }
    return p;
}

json_t *dc_note_facts_of(dc_notes *n, json_t *deal, const char *text, json_int_t index)
{
    json_t *out = json_array();
    struct note_hits h = {json_array()};
    if (!out || !h.list) goto fail;
    if (text) dc_notes_scan(n, text, keep_hit, &h); /* what was read counts */
    size_t i;
    json_t *hit;
    json_array_foreach(h.list, i, hit) {
        const char *signal = json_string_value(json_array_get(hit, 0));
        const char *words = json_string_value(json_array_get(hit, 1));
        json_t *p = proposal_for(n, deal, text, index, signal, words);
        if (p) json_array_append_new(out, p);
    }
    json_decref(h.list);
    return out;
fail:
    json_decref(out);
    json_decref(h.list);
    return NULL;
}

/* Does the deal already record what proposal p proposes (the rep accepted
 * it in the session, or wrote it in the deal)? */
static int already_recorded(json_t *deal, json_t *p)
{
    const char *value;
    char buf[64];
    int add;
    const char *path = dc_note_fact_edit(p, &value, buf, sizeof buf, &add);
    if (!path || !value) return 0;
    if (strcmp(path, "signals") == 0 || strcmp(path, "criteria") == 0)
        return has_item(json_object_get(deal, path), value);
    if (strcmp(path, "budget") == 0) {
        json_t *budget = json_object_get(deal, "budget");
        return json_is_number(budget) && json_number_value(budget) == atof(value);
    }
    if (strcmp(path, "people") == 0) {
        json_t *person = person_named(deal, value);
        const char *attitude = json_string_value(json_object_get(person, "attitude"));
        const char *change = json_string_value(json_object_get(p, "change"));
        return attitude && change && strcmp(attitude, change) == 0;
    }
    return 0;
}

json_t *dc_note_facts(dc_notes *n, json_t *deal)
{
    json_t *all = json_array();
    size_t i, k;
    json_t *note, *p;
    json_array_foreach(json_object_get(deal, "notes"), i, note) {
        if (!all || dc_notes_out_of_time(n)) break;
        json_t *some = dc_note_facts_of(n, deal, json_string_value(note), (json_int_t)i);
        if (!some) {
            json_decref(all);
            return NULL;
        }
        json_array_foreach(some, k, p)
            if (!already_recorded(deal, p) && json_array_append(all, p)) {
                json_decref(some);
                json_decref(all);
                return NULL;
            }
        json_decref(some);
    }
    return all;
}

const char *dc_note_fact_edit(json_t *proposal, const char **value, char *buf, size_t size,
                              int *add)
{
    const char *kind = json_string_value(json_object_get(proposal, "kind"));
    *add = 1;
    if (!kind) return NULL;
    if (strcmp(kind, "criterion") == 0) {
        *value = json_string_value(json_object_get(proposal, "id"));
        return *value ? "criteria" : NULL;
    }
    const char *change = json_string_value(json_object_get(proposal, "change"));
    if (strcmp(kind, "person") == 0 && change &&
        (strcmp(change, "supporter") == 0 || strcmp(change, "opponent") == 0)) {
        *value = json_string_value(json_object_get(proposal, "name"));
        *add = 0;
        return *value ? "people" : NULL;
    }
    if (strcmp(kind, "person") == 0 && change && strcmp(change, "promoted") == 0) return NULL;
    json_t *budget = json_object_get(proposal, "budget");
    if (strcmp(kind, "budget") == 0 && json_is_integer(budget)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(budget));
        *value = buf;
        *add = 0;
        return "budget";
    }
    *value = json_string_value(json_object_get(proposal, "signal"));
    return *value ? "signals" : NULL;
}

/* Does person proposal p show an attitude (supporter, opponent)? */
static int attitude_change(json_t *p)
{
    const char *change = json_string_value(json_object_get(p, "change"));
    return change && (strcmp(change, "supporter") == 0 || strcmp(change, "opponent") == 0);
}

int dc_note_facts_apply(json_t *deal, json_t *proposals)
{
    size_t i;
    json_t *p;
    json_array_foreach(proposals, i, p) {
        const char *kind = json_string_value(json_object_get(p, "kind"));
        if (kind && strcmp(kind, "criterion") == 0) {
            json_t *criteria = json_object_get(deal, "criteria");
            const char *id = json_string_value(json_object_get(p, "id"));
            if (!json_is_array(criteria)) {
                criteria = json_array();
                if (!criteria || json_object_set_new(deal, "criteria", criteria)) return DC_ENOMEM;
            }
            if (id && !has_item(criteria, id) && json_array_append_new(criteria, json_string(id)))
                return DC_ENOMEM;
        } else if (kind && strcmp(kind, "budget") == 0 && json_object_get(p, "budget")) {
            if (json_object_set(deal, "budget", json_object_get(p, "budget"))) return DC_ENOMEM;
        } else if (kind && strcmp(kind, "person") == 0 && json_object_get(p, "name") &&
                   attitude_change(p)) {
            json_t *person = person_named(deal, json_string_value(json_object_get(p, "name")));
            if (person && json_object_set(person, "attitude", json_object_get(p, "change")))
                return DC_ENOMEM;
        } else if (kind && strcmp(kind, "person") == 0 && json_is_true(json_object_get(p, "coach"))) {
            /* the note's signal may be personnel-change: record that it is our coach */
            json_t *signals = json_object_get(deal, "signals");
            if (!json_is_array(signals)) {
                signals = json_array();
                if (!signals || json_object_set_new(deal, "signals", signals)) return DC_ENOMEM;
            }
            if (!has_item(signals, "coach-leaving") &&
                json_array_append_new(signals, json_string("coach-leaving")))
                return DC_ENOMEM;
        }
    }
    return DC_OK;
}
