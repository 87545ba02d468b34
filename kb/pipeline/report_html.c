/* report_html.c - the pipeline as one HTML file. Contract in report_html.h. */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#include "chart_svg.h"
#include "listing.h"
#include "phrases.h"
#include "strbuf.h"

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static const char *ui(const dc_catalog *cat, const char *lang, const char *key)
{
    const char *s = dc_catalog_get(cat, lang, key);
    return s ? s : key;
}

/* Text as HTML: & < > " escaped. */
static void esc(dc_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': dc_buf_puts(b, "&amp;"); break;
        case '<': dc_buf_puts(b, "&lt;"); break;
        case '>': dc_buf_puts(b, "&gt;"); break;
        case '"': dc_buf_puts(b, "&quot;"); break;
        default: dc_buf_append(b, s, 1);
        }
    }
}

static void cell(dc_buf *b, const char *s, int number)
{
    dc_buf_puts(b, number ? "<td class=n>" : "<td>");
    esc(b, *s ? s : "-");
    dc_buf_puts(b, "</td>");
}

static const char *number(json_t *v, char buf[48])
{
    return json_is_number(v) ? dc_listing_amount(json_number_value(v), buf) : "";
}

static void deals_table(dc_buf *b, const dc_pipeline *p, const dc_catalog *cat, const char *lang)
{
    static const char *const heads[] = {"ui.pipeline.col.id", "ui.pipeline.col.customer",
        "ui.pipeline.col.amount", "ui.pipeline.col.stage", "ui.pipeline.col.win",
        "ui.pipeline.col.weighted", "ui.pipeline.col.close", "ui.pipeline.col.days",
        "ui.pipeline.col.risk", "ui.pipeline.col.next", NULL};
    dc_buf_puts(b, "<table class=deals><tr>");
    for (int i = 0; heads[i]; i++) {
        dc_buf_puts(b, "<th>");
        esc(b, ui(cat, lang, heads[i]));
        dc_buf_puts(b, "</th>");
    }
    dc_buf_puts(b, "</tr>\n");
    for (size_t i = 0; i < dc_pipeline_count(p); i++) {
        json_t *row = dc_pipeline_get(p, i)->row;
        char a[48], w[48], stage[160], win[16], days[32];
        const char *claimed = str(row, "claimed"), *ev = str(row, "evidenced");
        if (*claimed && strcmp(claimed, ev) != 0)
            snprintf(stage, sizeof stage, "%s → %s", dc_catalog_label(cat, lang, claimed), dc_catalog_label(cat, lang, ev));
        else
            snprintf(stage, sizeof stage, "%s", dc_catalog_label(cat, lang, ev));
        snprintf(win, sizeof win, "%" JSON_INTEGER_FORMAT "%%", json_integer_value(json_object_get(row, "win_probability")));
        json_t *d = json_object_get(row, "days_in_stage");
        if (json_is_integer(d)) snprintf(days, sizeof days, "%" JSON_INTEGER_FORMAT, json_integer_value(d));
        else days[0] = '\0';
        dc_buf_puts(b, strcmp(str(row, "risk_severity"), "high") == 0 ? "<tr class=high>" : "<tr>");
        cell(b, str(row, "id"), 0);
        cell(b, str(row, "customer"), 0);
        cell(b, number(json_object_get(row, "amount"), a), 1);
        cell(b, stage, 0);
        cell(b, win, 1);
        cell(b, number(json_object_get(row, "weighted"), w), 1);
        cell(b, str(row, "expected_close"), 0);
        cell(b, days, 1);
        cell(b, str(row, "risk"), 0);
        cell(b, str(row, "next"), 0);
        dc_buf_puts(b, "</tr>\n");
    }
    dc_buf_puts(b, "</table>\n");
}

/* An SVG document inline: without its XML prolog, and with its ids (cairo
 * names glyphs and clips alike in every document) made its own by
 * `prefix`, so that two charts in one page do not use each other's. */
static int chart(dc_buf *b, char *svg, const char *prefix)
{
    static const char *const refs[] = {"id=\"", "href=\"#", "url(#", NULL};
    if (!svg) return -1;
    const char *p = strstr(svg, "<svg");
    p = p ? p : svg;
    dc_buf_puts(b, "<figure>");
    while (*p) {
        const char *next = NULL, *ref = NULL;
        for (int i = 0; refs[i]; i++) {
            const char *hit = strstr(p, refs[i]);
            if (hit && (!next || hit < next)) {
                next = hit;
                ref = refs[i];
            }
        }
        if (!next) {
            dc_buf_puts(b, p);
            break;
        }
        dc_buf_append(b, p, (size_t)(next - p) + strlen(ref));
        dc_buf_puts(b, prefix);
        p = next + strlen(ref);
    }
    dc_buf_puts(b, "</figure>\n");
    free(svg);
    return 0;
}

static void items(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *list, const char *heading)
{
    if (!json_array_size(list)) return;
    dc_buf_puts(b, "<h2>");
    esc(b, ui(cat, lang, heading));
    dc_buf_puts(b, "</h2>\n<ol>\n");
    size_t i, j;
    json_t *item, *line;
    json_array_foreach(list, i, item) {
        const char *sev = str(item, "severity");
        dc_buf_printf(b, "<li class=\"%s\">", *sev ? sev : "action");
        if (*sev) {
            dc_buf_puts(b, "<b>[");
            esc(b, dc_catalog_label(cat, lang, sev));
            dc_buf_puts(b, "]</b> ");
        }
        esc(b, str(item, "text"));
        dc_buf_puts(b, "<br><small>");
        esc(b, ui(cat, lang, "ui.because"));
        dc_buf_puts(b, ": ");
        json_array_foreach(json_object_get(item, "because"), j, line) {
            char *said = dc_phrases_render(cat, lang, json_is_string(line) ? json_string_value(line) : "?", NULL);
            if (j) dc_buf_puts(b, "; ");
            esc(b, said ? said : "");
            free(said);
        }
        dc_buf_puts(b, " (");
        esc(b, str(item, "rule"));
        dc_buf_puts(b, ")</small></li>\n");
    }
    dc_buf_puts(b, "</ol>\n");
}

static const char style[] =
    "body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:24px;color:#223;max-width:1100px}"
    "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
    "table.deals{border-collapse:collapse;font-size:13px;width:100%}"
    ".deals th,.deals td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}"
    ".deals td.n{text-align:right}.deals tr.high td:nth-child(9){color:#b22}"
    "figure{margin:16px 0}li{margin:6px 0}li.high b{color:#b22}small{color:#556}"
    "pre{font-size:13px}";

char *dc_html_report(const dc_pipeline *p, const dc_catalog *cat, json_t *funnel, json_t *changes,
                     char *why, size_t size)
{
    snprintf(why, size, "out of memory");
    if (dc_chart_load(why, size)) return NULL;
    dc_buf b = DC_BUF_INIT;
    const char *lang = dc_pipeline_lang(p);
    json_t *f = json_object_get(funnel, "funnel"), *capacity = json_object_get(f, "capacity");
    char a[48], w[48], count[32];
    size_t len;
    dc_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head><meta charset=\"utf-8\">\n<title>",
                  strcmp(lang, "zh") == 0 ? "zh-CN" : "en");
    esc(&b, ui(cat, lang, "ui.chart.report-title"));
    dc_buf_printf(&b, " %s</title>\n<style>%s</style></head>\n<body>\n<h1>", dc_pipeline_today(p), style);
    esc(&b, ui(cat, lang, "ui.chart.report-title"));
    dc_buf_printf(&b, " · %s</h1>\n<p>", dc_pipeline_today(p));
    snprintf(count, sizeof count, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(capacity, "deals")));
    json_t *about = json_pack("[sssss]", count, number(json_object_get(capacity, "amount"), a),
                              number(json_object_get(capacity, "weighted"), w), "", "");
    if (about) {
        json_array_set_new(about, 3, json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(capacity, "won"))));
        json_array_set_new(about, 4, json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(capacity, "lost"))));
    }
    char *summary = about ? dc_catalog_format(cat, lang, "ui.funnel.title", about) : NULL;
    json_decref(about);
    esc(&b, summary ? summary : "");
    free(summary);
    dc_buf_puts(&b, "</p>\n");
    int drawn = chart(&b, dc_chart_funnel_svg(f, cat, lang, &len), "funnel-") == 0 &&
                chart(&b, dc_chart_velocity_svg(f, cat, lang, &len), "velocity-") == 0;
    dc_chart_release();
    if (!drawn) {
        snprintf(why, size, "cannot draw the charts: out of memory, or cairo failed");
        free(dc_buf_take(&b));
        return NULL;
    }
    items(&b, cat, lang, json_object_get(funnel, "findings"), "ui.funnel.findings");
    items(&b, cat, lang, json_object_get(funnel, "actions"), "ui.funnel.actions");
    dc_buf_puts(&b, "<h2>");
    esc(&b, ui(cat, lang, "ui.chart.deals"));
    dc_buf_puts(&b, "</h2>\n");
    deals_table(&b, p, cat, lang);
    if (changes) {
        dc_buf_puts(&b, "<h2>");
        json_t *since = json_pack("[s]", str(changes, "since"));
        char *title = since ? dc_catalog_format(cat, lang, "ui.changes.title", since) : NULL;
        json_decref(since);
        esc(&b, title ? title : "");
        free(title);
        dc_buf_puts(&b, "</h2>\n<ul>\n");
        static const char *const kinds[] = {"new", "advanced", "regressed", "pushed", "pulled_in", "won", "lost", NULL};
        for (int k = 0; kinds[k]; k++) {
            json_t *list = json_object_get(changes, kinds[k]);
            if (!json_array_size(list)) continue;
            char key[64];
            snprintf(key, sizeof key, "ui.changes.%s", kinds[k]);
            dc_buf_puts(&b, "<li><b>");
            esc(&b, ui(cat, lang, key));
            dc_buf_puts(&b, "</b>: ");
            size_t i;
            json_t *item;
            json_array_foreach(list, i, item) {
                if (i) dc_buf_puts(&b, ", ");
                if (json_is_string(item)) esc(&b, json_string_value(item));
                else {
                    esc(&b, str(item, "id"));
                    dc_buf_puts(&b, " (");
                    esc(&b, dc_catalog_label(cat, lang, str(item, "from")));
                    dc_buf_puts(&b, " → ");
                    esc(&b, dc_catalog_label(cat, lang, str(item, "to")));
                    dc_buf_puts(&b, ")");
                }
            }
            dc_buf_puts(&b, "</li>\n");
        }
        dc_buf_puts(&b, "</ul>\n");
    }
    dc_buf_puts(&b, "</body>\n</html>\n");
    return dc_buf_take(&b);
}
