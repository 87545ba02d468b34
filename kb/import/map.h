/* map.h - how a CRM export's columns and stage names become deal fields.
 *
 * A map is a small text file (kb/import/default.map is the shipped one;
 * docs/import-map.md describes the format):
 *
 *     [columns]
 *     name = Opportunity Name | Deal Name
 *     [stages]
 *     Closed Won = closed
 *     [dates]
 *     formats = YYYY-MM-DD | M/D/YYYY
 *
 * Column and stage names are matched by their key: ASCII letters lowered,
 * ASCII spaces and punctuation dropped, other characters kept, so "Deal
 * owner", "deal_owner" and "DEAL OWNER" are one name, as are HubSpot's
 * "closedwon" and "Closed Won".
 */
#ifndef DC_IMPORT_MAP_H
#define DC_IMPORT_MAP_H

#include <jansson.h>
#include "status.h"

typedef struct dc_import_map dc_import_map;

/* The deal fields a column can fill, and how its text is read. */
typedef enum dc_import_kind {
    DC_IMPORT_TEXT,   /* name, customer, owner, currency */
    DC_IMPORT_ID,     /* id: a deal id (deal.h) */
    DC_IMPORT_AMOUNT, /* amount, budget: a number >= 0 */
    DC_IMPORT_STAGE,  /* claimed_stage: through [stages] */
    DC_IMPORT_DATE,   /* expected_close: through [dates] */
    DC_IMPORT_SYMBOL  /* size: an id of the schema */
} dc_import_kind;

dc_import_map *dc_import_map_new(void); /* NULL only when out of memory */
void dc_import_map_free(dc_import_map *m); /* NULL is fine */

/* Read a map file. Every problem is appended to `errors` as
 * "FILE:LINE: ..." (an unknown field, a line without " = ", a date form
 * not known...); DC_EINPUT when there was any, DC_EIO when the file cannot
 * be read, DC_ENOMEM. A file read twice: later entries win. */
int dc_import_map_load(dc_import_map *m, const char *path, json_t *errors);

/* The field a column header fills, or NULL. Owned by the map. */
const char *dc_import_map_column(const dc_import_map *m, const char *header);

/* The kind of a field of [columns]; its reading of a cell. */
dc_import_kind dc_import_map_kind(const char *field);

/* The claimed_stage a CRM stage name maps to, or NULL. Owned by the map. */
const char *dc_import_map_stage(const dc_import_map *m, const char *crm_stage);

/* The stage ids the map names, as a new JSON array (to check them against
 * the schema), each with "FILE:LINE" of its entry: [["intent", "f:3"], ...]. */
json_t *dc_import_map_stage_targets(const dc_import_map *m);

/* Read `text` as a date in the map's forms, tried in the map's order (a
 * time after the date is ignored): 1 and out = "YYYY-MM-DD", else 0. */
int dc_import_map_date(const dc_import_map *m, const char *text, char out[11]);

/* The matching key of a name (see above): malloc'd, NULL when out of memory. */
char *dc_import_key(const char *name);

#endif
