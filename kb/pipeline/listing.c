/* listing.c - the pipeline as text. Contract in listing.h. */
#include "listing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    }
    (void)funnel;
    return dc_buf_take(&b);
}
