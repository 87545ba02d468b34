/* chart_module.h - between chart_svg.c and the chart module (charts.so,
 * built from chart_cairo.c), which holds every call to cairo: a run loads
 * cairo, fontconfig, freetype and the X11 libraries cairo links only when
 * it draws a chart (pipeline --html), not at every start.
 *
 * The module exports one function, DC_CHART_MODULE_SYMBOL, returning its
 * table. It calls back for texts, so it needs no catalog code of its own. */
#ifndef DC_CHART_MODULE_H
#define DC_CHART_MODULE_H

#include <stddef.h>
#include <jansson.h>

#define DC_CHART_MODULE_VERSION 1
#define DC_CHART_MODULE_SYMBOL "dc_chart_module_v1"

/* Where the module reads its texts: a catalog's text of `key` (NULL when
 * there is none) and the label of an id, in the report's language. */
typedef struct dc_chart_texts dc_chart_texts;
struct dc_chart_texts {
    const char *(*text)(const dc_chart_texts *t, const char *key);
    const char *(*label)(const dc_chart_texts *t, const char *id);
    const void *catalog;
    const char *lang;
};

typedef struct dc_chart_module {
    int version; /* DC_CHART_MODULE_VERSION */
    /* chart_svg.h's dc_chart_funnel_svg() and dc_chart_velocity_svg() */
    char *(*funnel)(json_t *funnel, const dc_chart_texts *t, size_t *len);
    char *(*velocity)(json_t *funnel, const dc_chart_texts *t, size_t *len);
    void (*release)(void); /* chart_svg.h's dc_chart_release() */
} dc_chart_module;

const dc_chart_module *dc_chart_module_v1(void);

#endif
