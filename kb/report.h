/* report.h - advice (spec §4 JSON) rendered for a person to read. */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <jansson.h>
#include "catalog.h"

/* A readable report in `lang`. It opens with a one-line diagnosis (the
 * evidenced stage against the claimed one, the concern, the biggest risk)
 * and the actions of "do_now" with their reasons; then the stage and what
 * the next stage needs, the concern, tactics, lifecycle and opportunity
 * when known, the findings and the other actions. Items are numbered in
 * the order of dc_report_items. With `full` every item has its reason
 * line and the criteria met, procurement stage and signals are shown;
 * without, the rest is one line an item and a closing line says how to
 * see everything. `deal` (may be
 * NULL) supplies the name and customer for the heading. Texts of the deal
 * and advice are shown with control characters replaced (newlines and tabs
 * by spaces, others by U+FFFD): the report is safe to print on a terminal.
 * Returns a malloc'd text, or NULL when out of memory. */
char *dc_report_render(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal, int full);

/* Does the report `text` (dc_report_render of `advice`) open as a busy rep
 * needs it: the heading, then the one-line diagnosis, and - when the
 * advice has do_now - a blank line, "Do this now" and exactly those
 * actions (at most three) before the next blank line? 1 if so. */
int dc_report_opening_ok(const dc_catalog *cat, const char *lang, json_t *advice, const char *text);

/* The findings and actions of `advice` in the order the report numbers
 * them from 1: the do_now actions, the findings, the other actions. A new
 * array (the items are shared with `advice`); NULL when out of memory. */
json_t *dc_report_items(json_t *advice);

/* One fact a note proposes (kb/note_facts.h), in words of `lang`: "record
 * the criterion ...", "赵工 is leaving", "the budget was cut by 30%: budget
 * 700000". malloc'd, NULL when out of memory. */
char *dc_report_proposal(const dc_catalog *cat, const char *lang, json_t *proposal);

/* The words of the report in `lang` that stayed English: Latin words of two
 * letters or more that are neither an id the advice names (findings,
 * actions, tactics, the rules that made them) nor part of the deal's own
 * words (its id, name, customer, people, competitors, notes), nor an
 * acronym in capitals (SPIN, MES). Each is appended to `words` once. How a
 * test proves a Chinese report speaks Chinese. DC_OK, or DC_ENOMEM. */
int dc_report_untranslated(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal,
                           json_t *words);

#endif
