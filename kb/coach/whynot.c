/* whynot.c - why an id is not in the advice (see whynot.h). */
#define _POSIX_C_SOURCE 200809L
#include "whynot.h"

#include <stdlib.h>
#include <string.h>

#include "playbook.h"
#include "strbuf.h"

/* How many candidate rules are examined, and facts shown per condition. */
#define MAX_RULES 8
#define MAX_SHOWN 3

static const char *const kinds[] = {"finding", "action", "tactic", NULL};

typedef struct explainer {
    dc_coach *c;
    dc_engine *e;
    const char *lang;
    dc_buf out;
} explainer;

/* The catalog's text of `key` with {1}..{3} replaced by args; `fallback`
 * when the catalog lacks it. */
static void say(explainer *x, const char *key, const char *fallback, const char *a1, const char *a2,
                const char *a3)
{
    const char *args[3] = {a1, a2, a3};
    char *text = dc_catalog_fill(dc_coach_catalog(x->c), x->lang, key, fallback, args, 3);
    if (text) dc_buf_puts(&x->out, text);
    else x->out.failed = 1;
    free(text);
}

/* Is the id in the advice already? Says so and returns 1. */
static int present(explainer *x, const char *id)
{
    for (int k = 0; kinds[k]; k++) {
        json_t *facts = dc_engine_has_template(x->e, kinds[k]) ? dc_engine_facts(x->e, kinds[k]) : NULL;
        size_t i;
        json_t *f;
        json_array_foreach(facts, i, f) {
            const char *fid = json_string_value(json_object_get(f, "id"));
            if (!fid || strcmp(fid, id) != 0) continue;
            const char *rule = json_string_value(json_object_get(f, "_rule"));
            say(x, "why-not.present", "{1} is in the advice: {2} asserted by rule {3}.\n", id, kinds[k],
                rule ? rule : "?");
            json_decref(facts);
            return 1;
        }
        json_decref(facts);
    }
    return 0;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64) return 99;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

/* No rule can assert it: say so, with the ids it may be a typo of. */
static void no_producer(explainer *x, const dc_playbook *pb, const char *id)
{
    say(x, "why-not.no-rule", "No loaded rule can assert {1}.\n", id, NULL, NULL);
    json_t *near = json_array();
    for (size_t i = 0; i < dc_playbook_emit_count(pb); i++) {
        const dc_pb_emit *em = dc_playbook_emit(pb, i);
        if (strchr(em->id, '*') || edit_distance(em->id, id) > 3) continue;
        int seen = 0;
        size_t j;
        json_t *v;
        json_array_foreach(near, j, v) seen |= strcmp(json_string_value(v), em->id) == 0;
        if (!seen) json_array_append_new(near, json_string(em->id));
    }
    if (json_array_size(near)) {
        dc_buf list = DC_BUF_INIT;
        size_t j;
        json_t *v;
        json_array_foreach(near, j, v) dc_buf_printf(&list, "%s%s", j ? ", " : "", json_string_value(v));
        char *text = dc_buf_take(&list);
        say(x, "why-not.did-you-mean", "Did you mean: {1}?\n", text, NULL, NULL);
        free(text);
    }
    json_decref(near);
}

/* The text of condition i of a rule, with its "?f <-" binding. malloc'd. */
static char *condition_text(const dc_source *src, const dc_rule_src *r, size_t i)
{
    char *ce = dc_sx_source(src, r->lhs[i]);
    dc_buf b = DC_BUF_INIT;
    if (r->fact_var[i]) dc_buf_printf(&b, "%s <- ", r->fact_var[i]);
    dc_buf_puts(&b, ce ? ce : "");
    free(ce);
    return dc_buf_take(&b);
}

/* Conditions 0..n-1 joined, then `extra` (may be NULL). malloc'd. */
static char *prefix_text(const dc_source *src, const dc_rule_src *r, size_t n, const char *extra)
{
    dc_buf b = DC_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char *ce = condition_text(src, r, i);
        dc_buf_printf(&b, "%s ", ce ? ce : "");
        free(ce);
    }
    if (extra) dc_buf_puts(&b, extra);
    return dc_buf_take(&b);
}

/* The facts at the last position of each match (the last condition's),
 * each once: a new JSON array of indexes. NULL if the probe failed. */
static json_t *last_facts(explainer *x, const char *conditions)
{
    json_t *matches = NULL;
    if (dc_engine_probe(x->e, conditions, &matches)) return NULL;
    json_t *facts = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(matches, i, m) {
        json_t *last = json_array_get(m, json_array_size(m) - 1);
        if (!last) continue;
        size_t j;
        json_t *have;
        int seen = 0;
        json_array_foreach(facts, j, have) seen |= json_integer_value(have) == json_integer_value(last);
        if (!seen) json_array_append(facts, last);
    }
    json_decref(matches);
    return facts;
}

static void show_fact(explainer *x, json_int_t index, const char *indent)
{
    char *text = dc_engine_fact_text(x->e, (long long)index);
    dc_buf_printf(&x->out, "%s%s\n", indent, text ? text : "?");
    free(text);
}

/* A pattern that matched nothing: the closest fact and the slot tests it
 * fails. */
static void closest(explainer *x, const dc_source *src, const dc_rule_src *r, size_t k, const dc_sx *pattern)
{
    const char *tmpl = dc_sx_head(pattern);
    char *all = NULL;
    dc_buf one = DC_BUF_INIT;
    dc_buf_printf(&one, "(%s)", tmpl);
    all = dc_buf_take(&one);
    json_t *any = all ? last_facts(x, all) : NULL;
    free(all);
    if (!any || json_array_size(any) == 0) {
        say(x, "why-not.no-fact", "      there is no {1} fact for this deal\n", tmpl, NULL, NULL);
        json_decref(any);
        return;
    }
    /* per slot test: which facts pass it (after the conditions before) */
    size_t n = pattern->n;
    json_t **passing = calloc(n + 1, sizeof *passing);
    for (size_t j = 1; passing && j < n; j++) {
        char *slot = dc_sx_source(src, &pattern->items[j]);
        dc_buf t = DC_BUF_INIT;
        dc_buf_printf(&t, "(%s %s)", tmpl, slot ? slot : "");
        char *test = dc_buf_take(&t);
        char *conditions = test ? prefix_text(src, r, k, test) : NULL;
        passing[j] = conditions ? last_facts(x, conditions) : NULL; /* NULL: not testable alone */
        free(slot);
        free(test);
        free(conditions);
    }
    json_int_t best = -1;
    size_t best_score = 0;
    size_t i;
    json_t *f;
    json_array_foreach(any, i, f) {
        size_t score = 0;
        for (size_t j = 1; passing && j < n; j++) {
            size_t m;
            json_t *p;
            json_array_foreach(passing[j], m, p) score += json_integer_value(p) == json_integer_value(f);
        }
        if (best < 0 || score > best_score) {
            best = json_integer_value(f);
            best_score = score;
        }
    }
    say(x, "why-not.closest", "      closest: ", NULL, NULL, NULL);
    show_fact(x, best, "");
    dc_buf misses = DC_BUF_INIT;
    int missed = 0;
    for (size_t j = 1; passing && j < n; j++) {
        if (!passing[j]) continue;
        int has = 0;
        size_t m;
        json_t *p;
        json_array_foreach(passing[j], m, p) has |= json_integer_value(p) == best;
        if (has) continue;
        char *slot = dc_sx_source(src, &pattern->items[j]);
        dc_buf_printf(&misses, "%s%s", missed++ ? " " : "", slot ? slot : "");
        free(slot);
    }
    char *text = dc_buf_take(&misses);
    if (missed)
        say(x, "why-not.differs", "      it fails the test{2} {1}\n", text, missed > 1 ? "s" : "", NULL);
    else
        say(x, "why-not.together", "      each test holds alone, not together with the conditions before\n",
            NULL, NULL, NULL);
    free(text);
    for (size_t j = 1; passing && j < n; j++) json_decref(passing[j]);
    free(passing);
    json_decref(any);
}

/* Condition k (0-based) of the rule is the first with no match: say why. */
static void failed_condition(explainer *x, const dc_source *src, const dc_rule_src *r, size_t k)
{
    const dc_sx *ce = r->lhs[k];
    const char *head = dc_sx_head(ce);
    char number[32], total[32];
    snprintf(number, sizeof number, "%zu", k + 1);
    snprintf(total, sizeof total, "%zu", r->n_lhs);
    char *text = condition_text(src, r, k);
    char where[64];
    snprintf(where, sizeof where, "%ld", ce->line);
    say(x, "why-not.fails", "    condition {1} of {2} (line {3}) does not hold:\n", number, total, where);
    dc_buf_printf(&x->out, "      %s\n", text ? text : "");
    free(text);
    if (strcmp(head, "not") == 0 && ce->n == 2) {
        char *inner = dc_sx_source(src, &ce->items[1]);
        char *conditions = inner ? prefix_text(src, r, k, inner) : NULL;
        json_t *blockers = conditions ? last_facts(x, conditions) : NULL;
        say(x, "why-not.blocked", "      it wants no such fact, but there is:\n", NULL, NULL, NULL);
        size_t i;
        json_t *f;
        json_array_foreach(blockers, i, f) if (i < MAX_SHOWN) show_fact(x, json_integer_value(f), "        ");
        json_decref(blockers);
        free(inner);
        free(conditions);
    } else if (strcmp(head, "test") == 0) {
        say(x, "why-not.test-false", "      the test is false for the facts the conditions before it matched\n",
            NULL, NULL, NULL);
    } else if (strcmp(head, "exists") == 0 && ce->n == 2 && ce->items[1].type == DC_SX_LIST) {
        closest(x, src, r, k, &ce->items[1]);
    } else if (head[0] && strcmp(head, "and") && strcmp(head, "or") && strcmp(head, "forall") &&
               strcmp(head, "logical")) {
        closest(x, src, r, k, ce);
    } else {
        say(x, "why-not.no-match", "      no facts of this deal satisfy it\n", NULL, NULL, NULL);
    }
}

static void explain_rule(explainer *x, const dc_pb_rule *rule, const char *id)
{
    const dc_source *src = rule->src;
    const dc_rule_src *r = &rule->r;
    char where[512];
    snprintf(where, sizeof where, "%s:%ld", dc_source_shown_path(src->path), r->form->line);
    say(x, "why-not.rule", "  rule {1} ({2}) can assert it:\n", r->name, where, NULL);
    for (size_t k = 1; k <= r->n_lhs; k++) {
        char *conditions = prefix_text(src, r, k, NULL);
        json_t *matches = NULL;
        int rc = conditions ? dc_engine_probe(x->e, conditions, &matches) : DC_ENOMEM;
        free(conditions);
        size_t n = json_array_size(matches);
        json_decref(matches);
        if (rc) {
            say(x, "why-not.untestable", "    condition {1} could not be tried: {2}\n", "?",
                dc_engine_message(x->e), NULL);
            return;
        }
        if (n == 0) {
            failed_condition(x, src, r, k - 1);
            return;
        }
    }
    char total[32];
    snprintf(total, sizeof total, "%zu", r->n_lhs);
    say(x, "why-not.all-hold",
        "    all {1} conditions hold for this deal, so the rule fired: its right-hand side decides "
        "whether {2} is asserted (or a later rule took it back)\n", total, id, NULL);
}

char *dc_why_not(dc_coach *c, const char *lang, const char *id, int *unknown)
{
    explainer x = {c, dc_coach_engine(c), lang, DC_BUF_INIT};
    if (unknown) *unknown = 0;
    dc_buf_append(&x.out, "", 0);
    if (present(&x, id)) return dc_buf_take(&x.out);
    dc_playbook *pb = dc_playbook_read(dc_coach_rule_files(c), x.e);
    if (!pb) {
        free(dc_buf_take(&x.out));
        return NULL;
    }
    json_t *rules = json_array();
    for (int k = 0; kinds[k]; k++) {
        json_t *some = dc_playbook_producers(pb, kinds[k], id);
        json_array_extend(rules, some);
        json_decref(some);
    }
    if (json_array_size(rules) == 0) {
        if (unknown) *unknown = 1;
        no_producer(&x, pb, id);
    } else {
        say(&x, "why-not.intro", "{1} is not in the advice.\n", id, NULL, NULL);
        size_t i;
        json_t *name;
        json_array_foreach(rules, i, name) {
            if (i == MAX_RULES) break;
            const dc_pb_rule *rule = dc_playbook_find_rule(pb, json_string_value(name));
            if (rule) explain_rule(&x, rule, id);
        }
    }
    json_decref(rules);
    dc_playbook_free(pb);
    return dc_buf_take(&x.out);
}
