/* listing.c - the pipeline as text. Contract in listing.h. */
#include "listing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bars.h"
#include "phrases.h"
#include "strbuf.h"
#include "width.h"

static const char *ui(const dc_catalog *cat, const char *lang, const char *key)
{
    const char *s = dc_catalog_get(cat, lang, key);
    return s ? s : key;
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

const char *dc_listing_amount(double v, char buf[48])
{
    char digits[40];
    double whole = floor(fabs(v) + 0.5);
    int tenths = fabs(v) != floor(fabs(v)) && fabs(v) < 1e6;
    if (tenths) whole = floor(fabs(v));
    snprintf(digits, sizeof digits, "%.0f", whole < 1e30 ? whole : 1e30);
    size_t n = strlen(digits), o = 0;
    if (v < 0) buf[o++] = '-';
    for (size_t i = 0; i < n && o < 44; i++) {
        if (i && (n - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    if (tenths) snprintf(buf + o, 48 - o, ".%d", (int)floor((fabs(v) - whole) * 10 + 0.5) % 10);
    return buf;
}

/* The columns: catalog key of the heading, width, right-aligned, and the
 * spaces before the next column. The last one takes what it needs. */
typedef struct column {
    const char *key;
    size_t width;
    int right, gap;
} column;

static const column columns[] = {
    {"ui.pipeline.col.id", 20, 0, 1},     {"ui.pipeline.col.customer", 16, 0, 1},
    {"ui.pipeline.col.amount", 12, 1, 2}, {"ui.pipeline.col.stage", 24, 0, 1},
    {"ui.pipeline.col.win", 4, 1, 1},     {"ui.pipeline.col.weighted", 12, 1, 2},
    {"ui.pipeline.col.close", 10, 0, 1},  {"ui.pipeline.col.days", 5, 1, 2},
    {"ui.pipeline.col.risk", 24, 0, 1},   {"ui.pipeline.col.next", 0, 0, 0},
};
#define N_COLUMNS (sizeof columns / sizeof *columns)
enum { COL_RISK = 8 };

/* One line of cells; `highlight` (an ANSI colour or NULL) for one column. */
static void put_cells(dc_buf *b, const char *const cells[N_COLUMNS], int highlight, const char *color)
{
    for (size_t i = 0; i < N_COLUMNS; i++) {
        if (color && (int)i == highlight) dc_buf_puts(b, color);
        if (columns[i].width) dc_width_put(b, cells[i], columns[i].width, columns[i].right);
        else dc_buf_puts(b, cells[i]);
        if (color && (int)i == highlight) dc_buf_puts(b, "\033[0m");
        for (int g = 0; g < columns[i].gap; g++) dc_buf_puts(b, " ");
    }
    dc_buf_puts(b, "\n");
}

static void put_heading_row(dc_buf *b, const dc_catalog *cat, const char *lang)
{
    const char *cells[N_COLUMNS];
    for (size_t i = 0; i < N_COLUMNS; i++) cells[i] = ui(cat, lang, columns[i].key);
    put_cells(b, cells, -1, NULL);
}

static const char *number_text(json_t *v, char buf[48])
{
    return json_is_number(v) ? dc_listing_amount(json_number_value(v), buf) : "-";
}

static const char *or_dash(const char *s)
{
    return *s ? s : "-";
}

static void put_row(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *row, int color)
{
    char stage[160], win[32], days[32], amount[48], weighted[48];
    const char *claimed = str(row, "claimed"), *evidenced = str(row, "evidenced");
    if (*claimed && strcmp(claimed, evidenced) != 0)
        snprintf(stage, sizeof stage, "%s → %s", dc_catalog_label(cat, lang, claimed),
                 dc_catalog_label(cat, lang, evidenced));
    else
        snprintf(stage, sizeof stage, "%s", dc_catalog_label(cat, lang, evidenced));
    snprintf(win, sizeof win, "%" JSON_INTEGER_FORMAT "%%",
             json_integer_value(json_object_get(row, "win_probability")));
    json_t *d = json_object_get(row, "days_in_stage");
    if (json_is_integer(d)) snprintf(days, sizeof days, "%" JSON_INTEGER_FORMAT, json_integer_value(d));
    else snprintf(days, sizeof days, "-");
    const char *cells[N_COLUMNS] = {
        str(row, "id"), str(row, "customer"), number_text(json_object_get(row, "amount"), amount),
        stage, win, number_text(json_object_get(row, "weighted"), weighted),
        or_dash(str(row, "expected_close")), days, or_dash(str(row, "risk")), or_dash(str(row, "next"))};
    int high = strcmp(str(row, "risk_severity"), "high") == 0;
    put_cells(b, cells, COL_RISK, color && high ? "\033[31m" : NULL);
}

static void put_title(dc_buf *b, const dc_pipeline *p, const dc_catalog *cat, const char *lang)
{
    double amount = 0, weighted = 0;
    char count[32], a[48], w[48];
    size_t n = dc_pipeline_count(p);
    for (size_t i = 0; i < n; i++) {
        json_t *row = dc_pipeline_get(p, i)->row;
        amount += json_number_value(json_object_get(row, "amount"));
        weighted += json_number_value(json_object_get(row, "weighted"));
    }
    snprintf(count, sizeof count, "%zu", n);
    json_t *about = json_pack("[ssss]", dc_pipeline_today(p), count, dc_listing_amount(amount, a),
                              dc_listing_amount(weighted, w));
    char *title = about ? dc_catalog_format(cat, lang, "ui.pipeline.title", about) : NULL;
    json_decref(about);
    dc_buf_puts(b, title ? title : "Pipeline");
    dc_buf_puts(b, "\n\n");
    free(title);
}

/* --- the funnel ------------------------------------------------------------------- */

enum { W_STAGE_LABEL = 14, W_BAR = 24 };

static const char *num(json_t *v, char buf[48])
{
    return json_is_number(v) ? dc_listing_amount(json_number_value(v), buf) : "-";
}

static json_t *nth(json_t *measure, size_t i)
{
    return json_array_get(json_object_get(measure, "stages"), i);
}

/* "key" of the catalog filled with the items of a JSON array built here. */
static void put_format(dc_buf *b, const dc_catalog *cat, const char *lang, const char *key, json_t *about)
{
    char *text = about ? dc_catalog_format(cat, lang, key, about) : NULL;
    dc_buf_puts(b, text ? text : key);
    free(text);
    json_decref(about);
}

static double max_of(json_t *measure, const char *key)
{
    double m = 0;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(measure, "stages"), i, s) {
        double v = json_number_value(json_object_get(s, key));
        if (v > m) m = v;
    }
    return m;
}

/* Capacity, uniformity and slope: one line a stage, its deals as a bar. */
static void put_capacity(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *f, int color)
{
    json_t *cap = json_object_get(f, "capacity"), *uni = json_object_get(f, "uniformity");
    json_t *slope = json_object_get(f, "slope");
    char a[48], line[64];
    dc_buf_printf(b, "\n%s\n", ui(cat, lang, "ui.funnel.capacity"));
    double max = max_of(cap, "deals");
    for (size_t i = 0; i < json_array_size(json_object_get(cap, "stages")); i++) {
        json_t *c = nth(cap, i), *u = nth(uni, i), *sl = nth(slope, i);
        const char *status = str(u, "status");
        int flagged = strcmp(status, "ok") != 0;
        dc_buf_puts(b, "  ");
        dc_width_put(b, dc_catalog_label(cat, lang, str(c, "stage")), W_STAGE_LABEL, 0);
        dc_buf_puts(b, " ");
        if (color && flagged) dc_buf_puts(b, "\033[33m");
        dc_bar(b, json_number_value(json_object_get(c, "deals")), max, W_BAR, -1);
        if (color && flagged) dc_buf_puts(b, "\033[0m");
        snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(c, "deals")));
        dc_buf_puts(b, " ");
        dc_width_put(b, line, 3, 1);
        snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT "%%", json_integer_value(json_object_get(u, "share")));
        dc_buf_puts(b, " ");
        dc_width_put(b, line, 4, 1);
        json_t *want = json_object_get(u, "expected");
        if (json_is_integer(want))
            snprintf(line, sizeof line, "(%s %" JSON_INTEGER_FORMAT "%%)", ui(cat, lang, "ui.funnel.shape"),
                     json_integer_value(want));
        else
            snprintf(line, sizeof line, " ");
        dc_buf_puts(b, " ");
        dc_width_put(b, line, 12, 0);
        dc_buf_puts(b, " ");
        dc_width_put(b, num(json_object_get(c, "weighted"), a), 12, 1);
        dc_buf_puts(b, "  ");
        json_t *conv = json_object_get(sl, "conversion");
        if (sl && json_is_integer(conv))
            snprintf(line, sizeof line, "→ %" JSON_INTEGER_FORMAT "%%", json_integer_value(conv));
        else
            snprintf(line, sizeof line, "→ -");
        dc_width_put(b, line, 6, 0);
        if (flagged) {
            char key[64];
            snprintf(key, sizeof key, "ui.funnel.%s", status);
            dc_buf_printf(b, "  %s", ui(cat, lang, key));
        }
        dc_buf_puts(b, "\n");
    }
}

/* Velocity: the median days of each stage as a bar, its limit marked. */
static void put_velocity(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *f, int color)
{
    json_t *vel = json_object_get(f, "velocity");
    char line[64];
    dc_buf_printf(b, "\n%s\n", ui(cat, lang, "ui.funnel.velocity"));
    double max = max_of(vel, "median_days"), lim = max_of(vel, "limit");
    if (lim > max) max = lim;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(vel, "stages"), i, v) {
        json_t *median = json_object_get(v, "median_days"), *limit = json_object_get(v, "limit");
        int over = json_is_integer(median) && json_is_integer(limit) &&
                   json_integer_value(median) > json_integer_value(limit);
        dc_buf_puts(b, "  ");
        dc_width_put(b, dc_catalog_label(cat, lang, str(v, "stage")), W_STAGE_LABEL, 0);
        dc_buf_puts(b, " ");
        if (color && over) dc_buf_puts(b, "\033[31m");
        dc_bar(b, json_number_value(median), max, W_BAR, json_is_integer(limit) ? json_number_value(limit) : -1);
        if (color && over) dc_buf_puts(b, "\033[0m");
        if (json_is_integer(median))
            snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT, json_integer_value(median));
        else
            snprintf(line, sizeof line, "-");
        dc_buf_puts(b, " ");
        dc_width_put(b, line, 4, 1);
        if (json_is_integer(limit))
            snprintf(line, sizeof line, " / %" JSON_INTEGER_FORMAT " %s", json_integer_value(limit),
                     ui(cat, lang, "ui.funnel.days"));
        else
            snprintf(line, sizeof line, " ");
        dc_width_put(b, line, 12, 0);
        json_t *stalled = json_object_get(v, "stalled_deals");
        if (json_array_size(stalled)) {
            dc_buf_printf(b, "  %s: ", ui(cat, lang, "ui.funnel.stalled"));
            size_t j;
            json_t *id;
            json_array_foreach(stalled, j, id) dc_buf_printf(b, "%s%s", j ? ", " : "", json_string_value(id));
        }
        dc_buf_puts(b, "\n");
    }
}

static void put_advice(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *items, const char *heading)
{
    if (!json_array_size(items)) return;
    dc_buf_printf(b, "\n%s\n", ui(cat, lang, heading));
    size_t i, j;
    json_t *item, *line;
    json_array_foreach(items, i, item) {
        const char *severity = str(item, "severity");
        if (severity[0]) dc_buf_printf(b, "%2zu. [%s] %s\n", i + 1, dc_catalog_label(cat, lang, severity), str(item, "text"));
        else dc_buf_printf(b, "%2zu. %s\n", i + 1, str(item, "text"));
        dc_buf_printf(b, "    %s: ", ui(cat, lang, "ui.because"));
        json_array_foreach(json_object_get(item, "because"), j, line) {
            char *said = dc_phrases_render(cat, lang, json_is_string(line) ? json_string_value(line) : "?", NULL);
            const char *sep = dc_catalog_get(cat, lang, "ui.because-separator");
            dc_buf_printf(b, "%s%s", j ? (sep ? sep : "; ") : "", said ? said : "");
            free(said);
        }
        dc_buf_printf(b, "  (%s)\n", str(item, "rule"));
    }
}

static void put_funnel(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *funnel, int color)
{
    json_t *f = json_object_get(funnel, "funnel"), *cap = json_object_get(f, "capacity");
    char n[32], a[48], w[48], won[32], lost[32];
    snprintf(n, sizeof n, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(cap, "deals")));
    snprintf(won, sizeof won, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(cap, "won")));
    snprintf(lost, sizeof lost, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(cap, "lost")));
    dc_buf_puts(b, "\n");
    put_format(b, cat, lang, "ui.funnel.title",
               json_pack("[sssss]", n, num(json_object_get(cap, "amount"), a),
                         num(json_object_get(cap, "weighted"), w), won, lost));
    dc_buf_puts(b, "\n");
    put_capacity(b, cat, lang, f, color);
    put_velocity(b, cat, lang, f, color);
    put_advice(b, cat, lang, json_object_get(funnel, "findings"), "ui.funnel.findings");
    put_advice(b, cat, lang, json_object_get(funnel, "actions"), "ui.funnel.actions");
}

/* Drop the blanks that end lines (padding of a last column), in place. */
static void trim_lines(char *text)
{
    char *out = text, *line_end = text; /* out: where the kept text ends */
    for (const char *p = text; *p; p++) {
        if (*p == '\n') out = line_end;
        *out++ = *p;
        if (*p != ' ') line_end = out;
    }
    *line_end = '\0';
}

char *dc_listing_render(const dc_pipeline *p, const dc_catalog *cat, json_t *funnel, int color)
{
    dc_buf b = DC_BUF_INIT;
    const char *lang = dc_pipeline_lang(p);
    put_title(&b, p, cat, lang);
    if (dc_pipeline_count(p) == 0) {
        dc_buf_puts(&b, ui(cat, lang, "ui.pipeline.empty"));
        dc_buf_puts(&b, "\n");
    } else {
        put_heading_row(&b, cat, lang);
        for (size_t i = 0; i < dc_pipeline_count(p); i++)
            put_row(&b, cat, lang, dc_pipeline_get(p, i)->row, color);
        if (funnel) put_funnel(&b, cat, lang, funnel, color);
    }
    char *text = dc_buf_take(&b);
    if (text) trim_lines(text);
    return text;
}
