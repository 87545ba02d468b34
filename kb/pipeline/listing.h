/* listing.h - the pipeline as a person reads it in a terminal: a heading,
 * one line per deal, and (when given) the funnel's measures, charts and
 * advice. Every word comes from the catalog (messages/pipeline.LANG.txt). */
#ifndef DC_LISTING_H
#define DC_LISTING_H

#include <jansson.h>
#include "catalog.h"
#include "pipeline.h"

/* The listing of the deals selected in `p`, then `funnel` (funnel.h's
 * JSON: measures, findings, actions; NULL: none). `color`: ANSI colours
 * for a terminal. A malloc'd text, or NULL when out of memory. */
char *dc_listing_render(const dc_pipeline *p, const dc_catalog *cat, json_t *funnel, int color);

/* A number with thousands separators ("1,200,000"; "12.5" keeps one
 * decimal) into buf. */
const char *dc_listing_amount(double v, char buf[48]);

#endif
