/* chart_svg.h - the funnel's charts as SVG, drawn with cairo: the funnel
 * (capacity and uniformity: a bar per open stage, its width the stage's
 * deals, with the shape's share drawn behind it; slope: the conversion
 * between stages) and velocity (median days per stage, its limit marked).
 *
 * Input is funnel.h's JSON ("funnel" member); labels come from the
 * catalog in `lang`, drawn in the catalog's ui.chart.font (a CJK font for
 * zh). Each function returns a malloc'd SVG document (its length in *len)
 * of fixed width DC_CHART_WIDTH and a height that grows with the stages,
 * or NULL when out of memory, cairo fails or the chart module cannot be
 * loaded (dc_chart_load() says why).
 *
 * The cairo code is a module (chart_module.h) loaded at the first chart,
 * found by dc_path_module() or at $DEALCOACH_CHART_MODULE.
 */
#ifndef DC_CHART_SVG_H
#define DC_CHART_SVG_H

#include <stddef.h>
#include <jansson.h>
#include "catalog.h"

#define DC_CHART_WIDTH 760

/* Load the chart module unless it is loaded: 0, or -1 with the reason
 * (the path tried and the loader's message) in why[size]. */
int dc_chart_load(char *why, size_t size);

char *dc_chart_funnel_svg(json_t *funnel, const dc_catalog *cat, const char *lang, size_t *len);
char *dc_chart_velocity_svg(json_t *funnel, const dc_catalog *cat, const char *lang, size_t *len);

/* Release what cairo and fontconfig keep for the whole process (font
 * caches), once no chart is being drawn; the next chart loads them again.
 * So that a leak checker sees only real leaks. */
void dc_chart_release(void);

#endif
