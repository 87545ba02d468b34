/* chart_svg.h - the funnel's charts as SVG, drawn with cairo: the funnel
 * (capacity and uniformity: a bar per open stage, its width the stage's
 * deals, with the shape's share drawn behind it; slope: the conversion
 * between stages) and velocity (median days per stage, its limit marked).
 *
 * Input is funnel.h's JSON ("funnel" member); labels come from the
 * catalog in `lang`, drawn in the catalog's ui.chart.font (a CJK font for
 * zh). Each function returns a malloc'd SVG document (its length in *len)
 * of fixed width DC_CHART_WIDTH and a height that grows with the stages,
 * or NULL when out of memory or cairo fails.
 */
#ifndef DC_CHART_SVG_H
#define DC_CHART_SVG_H

#include <stddef.h>
#include <jansson.h>
#include "catalog.h"

#define DC_CHART_WIDTH 760

char *dc_chart_funnel_svg(json_t *funnel, const dc_catalog *cat, const char *lang, size_t *len);
char *dc_chart_velocity_svg(json_t *funnel, const dc_catalog *cat, const char *lang, size_t *len);

/* Release what cairo and fontconfig keep for the whole process (font
 * caches), once no chart is being drawn; the next chart loads them again.
 * So that a leak checker sees only real leaks. */
void dc_chart_release(void);

#endif
