/* report_html.h - the pipeline as one HTML file a manager can send: the
 * deals, the funnel and velocity charts (SVG drawn with cairo, inline, see
 * chart_svg.h), the funnel's findings and actions, and what changed. No
 * script, no external file: it opens anywhere. */
#ifndef DC_REPORT_HTML_H
#define DC_REPORT_HTML_H

#include <jansson.h>
#include "catalog.h"
#include "pipeline.h"

/* The HTML of the deals selected in `p` with `funnel` (funnel.h's JSON)
 * and `changes` (changes.h's, or NULL). malloc'd, or NULL with the reason
 * in why[size]: out of memory, or a chart could not be drawn. */
char *dc_html_report(const dc_pipeline *p, const dc_catalog *cat, json_t *funnel, json_t *changes,
                     char *why, size_t size);

#endif
