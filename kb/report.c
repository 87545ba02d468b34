/* report.c - the readable report. Every word comes from the catalog. */
#include "report.h"

#include <string.h>

#include "strbuf.h"

static const char *ui(const dc_catalog *cat, const char *lang, const char *key)
{
    const char *s = dc_catalog_get(cat, lang, key);
    return s ? s : key + 3; /* "ui.stage" -> "stage" when no catalog is loaded */
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static const char *label(const dc_catalog *cat, const char *lang, const char *id)
{
    return dc_catalog_label(cat, lang, id);
}

/* Items of a JSON list, each by its label, joined by the catalog's separator. */
static void put_list(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *list)
{
    const char *sep = dc_catalog_get(cat, lang, "ui.list-separator");
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        if (i) dc_buf_puts(b, sep ? sep : ", ");
        dc_buf_puts(b, json_is_string(item) ? label(cat, lang, json_string_value(item)) : "?");
    }
}

static void put_because(dc_buf *b, json_t *because)
{
    size_t i;
    json_t *line;
    json_array_foreach(because, i, line) {
        if (i) dc_buf_puts(b, "; ");
        dc_buf_puts(b, json_is_string(line) ? json_string_value(line) : "?");
    }
}

static void put_stage(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *stage)
{
    dc_buf_printf(b, "%s: %s (%" JSON_INTEGER_FORMAT "%%)", ui(cat, lang, "ui.stage"),
                  label(cat, lang, str(stage, "evidenced")),
                  json_integer_value(json_object_get(stage, "win_probability")));
    if (json_object_get(stage, "claimed"))
        dc_buf_printf(b, " · %s: %s", ui(cat, lang, "ui.claimed"), label(cat, lang, str(stage, "claimed")));
    dc_buf_puts(b, "\n");

    const char *name;
    json_t *list;
    json_object_foreach(json_object_get(stage, "met"), name, list) {
        dc_buf_printf(b, "  %s %s: ", ui(cat, lang, "ui.met"), label(cat, lang, name));
        put_list(b, cat, lang, list);
        dc_buf_puts(b, "\n");
    }
    json_t *next = json_object_get(stage, "next");
    if (next) {
        dc_buf_printf(b, "%s: %s — ", ui(cat, lang, "ui.next"), label(cat, lang, str(next, "id")));
        if (json_array_size(json_object_get(next, "missing")) == 0 ||
            json_integer_value(json_object_get(next, "needed")) == 0) {
            dc_buf_printf(b, "%s\n", ui(cat, lang, "ui.next-ready"));
        } else {
            dc_buf_printf(b, "%s %" JSON_INTEGER_FORMAT " %s: ", ui(cat, lang, "ui.needs"),
                          json_integer_value(json_object_get(next, "needed")), ui(cat, lang, "ui.of"));
            put_list(b, cat, lang, json_object_get(next, "missing"));
            dc_buf_puts(b, "\n");
        }
    }
    json_t *proc = json_object_get(stage, "procurement");
    if (proc)
        dc_buf_printf(b, "%s: %s (%" JSON_INTEGER_FORMAT "%%)\n", ui(cat, lang, "ui.procurement"),
                      label(cat, lang, str(proc, "id")),
                      json_integer_value(json_object_get(proc, "win_probability")));
}

static void put_situation(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *advice)
{
    const char *concern = str(advice, "concern");
    if (strcmp(concern, "none") != 0) {
        dc_buf_printf(b, "%s: %s", ui(cat, lang, "ui.concern"), label(cat, lang, concern));
        if (json_array_size(json_object_get(advice, "concern_because"))) {
            dc_buf_puts(b, " — ");
            put_because(b, json_object_get(advice, "concern_because"));
        }
        dc_buf_puts(b, "\n");
    }
    size_t i;
    json_t *t;
    if (json_array_size(json_object_get(advice, "tactic_details"))) {
        dc_buf_printf(b, "%s:\n", ui(cat, lang, "ui.tactics"));
        json_array_foreach(json_object_get(advice, "tactic_details"), i, t) {
            dc_buf_printf(b, "  - %s: %s\n    %s: ", label(cat, lang, str(t, "id")), str(t, "text"),
                          ui(cat, lang, "ui.because"));
            put_because(b, json_object_get(t, "because"));
            dc_buf_puts(b, "\n");
        }
    }
    json_t *life = json_object_get(advice, "lifecycle");
    if (life) {
        dc_buf_printf(b, "%s: %s, %s %s", ui(cat, lang, "ui.lifecycle"), label(cat, lang, str(life, "stage")),
                      ui(cat, lang, "ui.risk"), label(cat, lang, str(life, "risk")));
        if (json_array_size(json_object_get(life, "signals"))) {
            dc_buf_puts(b, " (");
            put_list(b, cat, lang, json_object_get(life, "signals"));
            dc_buf_puts(b, ")");
        }
        dc_buf_puts(b, "\n");
    }
    json_t *opp = json_object_get(advice, "opportunity");
    if (opp) {
        dc_buf_printf(b, "%s:", ui(cat, lang, "ui.opportunity"));
        if (json_object_get(opp, "grade"))
            dc_buf_printf(b, " %s %s", ui(cat, lang, "ui.grade"), str(opp, "grade"));
        if (json_object_get(opp, "value_category"))
            dc_buf_printf(b, " · %s %" JSON_INTEGER_FORMAT, ui(cat, lang, "ui.value-category"),
                          json_integer_value(json_object_get(opp, "value_category")));
        if (json_object_get(opp, "opening"))
            dc_buf_printf(b, " · %s %s", ui(cat, lang, "ui.opening"), label(cat, lang, str(opp, "opening")));
        dc_buf_puts(b, "\n");
    }
    json_t *signals = json_object_get(advice, "signals");
    if (json_array_size(signals)) {
        dc_buf_printf(b, "%s: ", ui(cat, lang, "ui.signals"));
        json_array_foreach(signals, i, t) {
            if (i) dc_buf_puts(b, ", ");
            dc_buf_puts(b, label(cat, lang, str(t, "id")));
            if (json_object_get(t, "words")) dc_buf_printf(b, " «%s»", str(t, "words"));
        }
        dc_buf_puts(b, "\n");
    }
}

static void put_items(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *items,
                      const char *heading, int *number)
{
    if (!json_array_size(items)) return;
    dc_buf_printf(b, "\n%s\n", ui(cat, lang, heading));
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const char *severity = str(item, "severity");
        ++*number;
        if (severity[0]) dc_buf_printf(b, "%2d. [%s] %s\n", *number, label(cat, lang, severity), str(item, "text"));
        else dc_buf_printf(b, "%2d. %s\n", *number, str(item, "text"));
        dc_buf_printf(b, "    %s: ", ui(cat, lang, "ui.because"));
        put_because(b, json_object_get(item, "because"));
        dc_buf_printf(b, "  (%s)\n", str(item, "id"));
    }
}

char *dc_report_render(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal)
{
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s %s", ui(cat, lang, "ui.deal"), str(advice, "deal"));
    if (deal && str(deal, "name")[0]) dc_buf_printf(&b, " — %s", str(deal, "name"));
    if (deal && str(deal, "customer")[0]) dc_buf_printf(&b, " (%s)", str(deal, "customer"));
    dc_buf_printf(&b, "  [%s %s]\n", ui(cat, lang, "ui.as-of"), str(advice, "evaluated_on"));
    put_stage(&b, cat, lang, json_object_get(advice, "stage"));
    put_situation(&b, cat, lang, advice);
    int number = 0;
    put_items(&b, cat, lang, json_object_get(advice, "findings"), "ui.findings", &number);
    put_items(&b, cat, lang, json_object_get(advice, "actions"), "ui.actions", &number);
    json_t *warnings = json_object_get(advice, "warnings");
    if (json_array_size(warnings)) {
        dc_buf_printf(&b, "\n%s\n", ui(cat, lang, "ui.warnings"));
        size_t i;
        json_t *w;
        json_array_foreach(warnings, i, w) dc_buf_printf(&b, "  - %s\n", json_string_value(w));
    }
    return dc_buf_take(&b);
}
