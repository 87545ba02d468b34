/* report.h - advice (spec §4 JSON) rendered for a person to read. */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <jansson.h>
#include "catalog.h"

/* A readable report in `lang`: stage and win %, what the next stage needs,
 * the concern, tactics, lifecycle and opportunity when known, then findings
 * and actions in order, each with its reason on one line. `deal` (may be
 * NULL) supplies the name and customer for the heading. Texts of the deal
 * and advice are shown with control characters replaced (newlines and tabs
 * by spaces, others by U+FFFD): the report is safe to print on a terminal.
 * Returns a malloc'd text, or NULL when out of memory. */
char *dc_report_render(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal);

#endif
