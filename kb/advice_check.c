/* advice_check.c - properties every advice must have (see advice_check.h). */
#include "advice_check.h"

#include <string.h>

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static json_t *by_id(json_t *items, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
        if (strcmp(str(item, "id"), id) == 0) return item;
    return NULL;
}

static int has_string(json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) return 1;
    return 0;
}

static void broken(dc_buf *why, int *ok, const char *text, const char *detail)
{
    if (!*ok) dc_buf_puts(why, "; ");
    dc_buf_printf(why, "%s%s%s", text, detail ? ": " : "", detail ? detail : "");
    *ok = 0;
}

static void check_do_now(json_t *advice, dc_buf *why, int *ok)
{
    json_t *actions = json_object_get(advice, "actions"), *now = json_object_get(advice, "do_now");
    size_t i, j;
    json_t *id, *other;
    if (json_array_size(actions) && !json_is_array(now)) {
        broken(why, ok, "do_now is missing although there are actions", NULL);
        return;
    }
    if (json_array_size(now) > 3) broken(why, ok, "do_now lists more than three actions", NULL);
    json_array_foreach(now, i, id) {
        const char *s = json_is_string(id) ? json_string_value(id) : "";
        if (!by_id(actions, s)) broken(why, ok, "do_now names an id that is not an action", s);
        json_array_foreach(now, j, other)
            if (j < i && json_equal(id, other)) broken(why, ok, "do_now names an action twice", s);
    }
}

static const char *const concession_tactics[] = {"retreat-to-advance", "concede-less-give-more",
                                                  "condition-exchange"};

static void check_tactics(json_t *advice, dc_buf *why, int *ok)
{
    json_t *tactics = json_object_get(advice, "tactics");
    if (!json_array_size(tactics)) return;
    json_t *findings = json_object_get(advice, "findings");
    const char *stage = str(json_object_get(advice, "stage"), "evidenced");
    if (json_array_size(tactics) > 3) broken(why, ok, "more than three tactics", NULL);
    if (strcmp(stage, "project") && strcmp(stage, "approval") && strcmp(stage, "negotiation"))
        broken(why, ok, "tactics on a deal whose evidenced stage is", stage);
    if (strcmp(str(advice, "concern"), "objection") == 0) broken(why, ok, "tactics on an objection", NULL);
    if (by_id(findings, "key-node-skipped")) broken(why, ok, "tactics while a key node is skipped", NULL);
    for (size_t k = 0; k < sizeof concession_tactics / sizeof *concession_tactics; k++) {
        const char *t = concession_tactics[k];
        if (!has_string(tactics, t)) continue;
        json_t *zone = by_id(json_object_get(advice, "actions"), "check-agreement-zone");
        json_t *about = json_object_get(zone, "about");
        if (by_id(findings, "negotiating-before-value")) broken(why, ok, "a concession tactic before value is shown", t);
        if (by_id(findings, "no-agreement-zone") || has_string(about, "reservation-price-unknown") ||
            has_string(about, "customer-target-unknown"))
            broken(why, ok, "a concession tactic without a known agreement zone", t);
    }
}

int dc_advice_check(json_t *advice, dc_buf *why)
{
    int ok = 1;
    check_do_now(advice, why, &ok);
    check_tactics(advice, why, &ok);
    return ok;
}
