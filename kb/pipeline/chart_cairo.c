/* chart_cairo.c - the funnel's charts drawn with cairo into SVG: the chart
 * module (charts.so), loaded by chart_svg.c when a chart is drawn, so that
 * cairo and its X11 stack are mapped only then. Contract in chart_svg.h;
 * the interface in chart_module.h. Only dc_chart_module_v1 is exported. */
#include "chart_module.h"
#include "chart_svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>

#include "strbuf.h"

enum { ROW = 44, TOP = 56, LEFT = 130, BAR_MAX = 380, BOTTOM = 24 };

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static const char *ui(const dc_chart_texts *t, const char *key, const char *fallback)
{
    const char *s = t->text(t, key);
    return s ? s : fallback;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    dc_buf *b = closure;
    dc_buf_append(b, (const char *)data, length);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* A drawing: the SVG surface writing into `out`, and its context. */
typedef struct drawing {
    cairo_surface_t *surface;
    cairo_t *cr;
    dc_buf out;
} drawing;

static int begin(drawing *d, double height, const dc_chart_texts *t)
{
    memset(d, 0, sizeof *d);
    d->surface = cairo_svg_surface_create_for_stream(to_buf, &d->out, DC_CHART_WIDTH, height);
    d->cr = cairo_create(d->surface);
    if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) return -1;
    cairo_select_font_face(d->cr, ui(t, "ui.chart.font", "sans-serif"), CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(d->cr, 1, 1, 1);
    cairo_paint(d->cr);
    return 0;
}

/* Finish the drawing: the SVG text, or NULL. */
static char *end(drawing *d, size_t *len)
{
    int ok = d->cr && cairo_status(d->cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(d->cr);
    cairo_surface_finish(d->surface);
    ok = ok && cairo_surface_status(d->surface) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(d->surface);
    *len = d->out.len;
    char *svg = dc_buf_take(&d->out);
    if (!ok) {
        free(svg);
        return NULL;
    }
    return svg;
}

static void text(cairo_t *cr, double x, double y, double size, const char *s, int align_right, int bold)
{
    cairo_text_extents_t ext;
    cairo_save(cr);
    if (bold) {
        cairo_font_face_t *face = cairo_get_font_face(cr);
        cairo_select_font_face(cr, cairo_toy_font_face_get_family(face), CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_BOLD);
    }
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &ext);
    cairo_move_to(cr, align_right ? x - ext.x_advance : x, y);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.2);
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

static double max_of(json_t *stages, const char *key)
{
    double m = 0;
    size_t i;
    json_t *s;
    json_array_foreach(stages, i, s) {
        double v = json_number_value(json_object_get(s, key));
        if (v > m) m = v;
    }
    return m;
}

/* A chart of `rows` stages under its title (catalog key `title_key`, else
 * `title`) and the key that explains it (`title_key` "-key"). 0, or -1
 * when cairo could not start (end() then gives NULL). */
static int begin_chart(drawing *d, size_t rows, const dc_chart_texts *t, const char *title_key,
                       const char *title)
{
    char key[64];
    if (begin(d, TOP + ROW * (double)rows + BOTTOM, t)) return -1;
    snprintf(key, sizeof key, "%s-key", title_key);
    text(d->cr, 16, 28, 17, ui(t, title_key, title), 0, 1);
    text(d->cr, 16, 46, 11, ui(t, key, ""), 0, 0);
    return 0;
}

static char *funnel_svg(json_t *funnel, const dc_chart_texts *t, size_t *len)
{
    json_t *cap = json_object_get(json_object_get(funnel, "capacity"), "stages");
    json_t *uni = json_object_get(json_object_get(funnel, "uniformity"), "stages");
    json_t *slope = json_object_get(json_object_get(funnel, "slope"), "stages");
    size_t n = json_array_size(cap);
    drawing d;
    char line[160];
    if (begin_chart(&d, n, t, "ui.chart.funnel", "Funnel")) return end(&d, len);
    cairo_t *cr = d.cr;
    /* Bars are centred on this axis, so the stages read as a funnel; a
     * share of the open deals and a bar share one scale. */
    double axis = LEFT + BAR_MAX / 2.0, max = max_of(cap, "deals");
    double open = json_number_value(json_object_get(json_object_get(funnel, "capacity"), "deals"));
    double per_percent = max > 0 ? BAR_MAX * open / (100.0 * max) : BAR_MAX / 100.0;
    size_t i;
    for (i = 0; i < n; i++) {
        json_t *c = json_array_get(cap, i), *u = json_array_get(uni, i), *sl = json_array_get(slope, i);
        double y = TOP + ROW * (double)i, deals = json_number_value(json_object_get(c, "deals"));
        double share = json_number_value(json_object_get(u, "share"));
        double want = json_number_value(json_object_get(u, "expected"));
        const char *status = str(u, "status");
        if (want > 0) { /* the shape's share, dashed, behind the bar */
            double w = want * per_percent;
            if (w > BAR_MAX) w = BAR_MAX;
            double dash[] = {4, 3};
            cairo_rectangle(cr, axis - w / 2, y + 6, w, ROW - 16);
            cairo_set_source_rgb(cr, 0.55, 0.55, 0.6);
            cairo_set_dash(cr, dash, 2, 0);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        }
        if (deals > 0) {
            double w = BAR_MAX * deals / max;
            cairo_rectangle(cr, axis - w / 2, y + 8, w, ROW - 20);
            if (strcmp(status, "bloated") == 0) cairo_set_source_rgb(cr, 0.86, 0.52, 0.16);
            else cairo_set_source_rgb(cr, 0.22, 0.46, 0.72);
            cairo_fill(cr);
        } else if (strcmp(status, "empty") == 0) {
            cairo_set_source_rgb(cr, 0.8, 0.2, 0.2);
            cairo_set_line_width(cr, 2);
            cairo_move_to(cr, axis - 12, y + ROW / 2.0 - 2);
            cairo_line_to(cr, axis + 12, y + ROW / 2.0 - 2);
            cairo_stroke(cr);
        }
        text(cr, LEFT - 10, y + ROW / 2.0 + 3, 13, t->label(t, str(c, "stage")), 1, 0);
        snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT " · %.0f%% (%s %.0f%%)%s%s",
                 json_integer_value(json_object_get(c, "deals")), share,
                 ui(t, "ui.funnel.shape", "shape"), want,
                 strcmp(status, "ok") ? " · " : "",
                 strcmp(status, "bloated") == 0 ? ui(t, "ui.funnel.bloated", "bloated")
                 : strcmp(status, "empty") == 0 ? ui(t, "ui.funnel.empty", "empty") : "");
        text(cr, LEFT + BAR_MAX + 14, y + ROW / 2.0 + 3, 12, line, 0, 0);
        json_t *conv = json_object_get(sl, "conversion");
        if (json_is_integer(conv) && i + 1 < n) {
            snprintf(line, sizeof line, "↓ %" JSON_INTEGER_FORMAT "%%", json_integer_value(conv));
            text(cr, axis + 6, y + ROW + 2, 10, line, 0, 0);
        }
    }
    return end(&d, len);
}

static char *velocity_svg(json_t *funnel, const dc_chart_texts *t, size_t *len)
{
    json_t *vel = json_object_get(json_object_get(funnel, "velocity"), "stages");
    size_t n = json_array_size(vel), i;
    drawing d;
    char line[400];
    if (begin_chart(&d, n, t, "ui.chart.velocity", "Velocity")) return end(&d, len);
    cairo_t *cr = d.cr;
    double max = max_of(vel, "median_days"), lim = max_of(vel, "limit");
    if (lim > max) max = lim;
    for (i = 0; i < n; i++) {
        json_t *v = json_array_get(vel, i), *median = json_object_get(v, "median_days");
        json_t *limit = json_object_get(v, "limit");
        double y = TOP + ROW * (double)i;
        int over = json_is_integer(median) && json_is_integer(limit) &&
                   json_integer_value(median) > json_integer_value(limit);
        text(cr, LEFT - 10, y + ROW / 2.0 + 3, 13, t->label(t, str(v, "stage")), 1, 0);
        if (json_is_integer(median) && max > 0) {
            cairo_rectangle(cr, LEFT, y + 10, BAR_MAX * json_number_value(median) / max, ROW - 22);
            if (over) cairo_set_source_rgb(cr, 0.8, 0.22, 0.2);
            else cairo_set_source_rgb(cr, 0.24, 0.6, 0.45);
            cairo_fill(cr);
        }
        if (json_is_integer(limit) && max > 0) {
            double x = LEFT + BAR_MAX * json_number_value(limit) / max;
            cairo_move_to(cr, x, y + 4);
            cairo_line_to(cr, x, y + ROW - 6);
            cairo_set_source_rgb(cr, 0.15, 0.15, 0.2);
            cairo_set_line_width(cr, 2);
            cairo_stroke(cr);
        }
        dc_buf extra = DC_BUF_INIT;
        json_t *stalled = json_object_get(v, "stalled_deals");
        size_t j;
        json_t *id;
        json_array_foreach(stalled, j, id)
            dc_buf_printf(&extra, "%s%s", j ? ", " : "", json_string_value(id));
        char *ids = dc_buf_take(&extra);
        if (json_is_integer(median))
            snprintf(line, sizeof line, "%" JSON_INTEGER_FORMAT " / %" JSON_INTEGER_FORMAT " %s%s%s%s",
                     json_integer_value(median), json_integer_value(limit), ui(t, "ui.funnel.days", "days"),
                     ids && *ids ? " · " : "", ids && *ids ? ui(t, "ui.funnel.stalled", "stalled") : "",
                     ids && *ids ? ": " : "");
        else
            snprintf(line, sizeof line, "- / %" JSON_INTEGER_FORMAT " %s", json_integer_value(limit),
                     ui(t, "ui.funnel.days", "days"));
        size_t used = strlen(line);
        if (ids && *ids && json_is_integer(median)) snprintf(line + used, sizeof line - used, "%s", ids);
        free(ids);
        text(cr, LEFT + BAR_MAX + 14, y + ROW / 2.0 + 3, 12, line, 0, 0);
    }
    return end(&d, len);
}

static void release(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}

__attribute__((visibility("default"))) const dc_chart_module *dc_chart_module_v1(void)
{
    static const dc_chart_module module = {DC_CHART_MODULE_VERSION, funnel_svg, velocity_svg, release};
    return &module;
}
