/* importer.h - a CRM export (CSV) imported into the store, row by row,
 * with the counts and what to tell about each line; what `dealcoach import`
 * and the session's `import` both run.
 *
 * An importer works on a coach (the schema, the checks, the advice that
 * dates a deal's stage) and a store, both borrowed. dc_importer_csv reads
 * the file through a map (csv_import.h) and merges every row (merge.h) in
 * one store batch; dc_importer_deal merges one deal read elsewhere (a deal
 * file, a JSON line). Nothing is printed: counts add up across calls, and
 * every line worth telling (a note about the file, a refused row, an
 * update, a conflict...) is kept in order, as a JSON object, for the caller
 * to show with dc_import_line_text.
 */
#ifndef DC_IMPORT_IMPORTER_H
#define DC_IMPORT_IMPORTER_H

#include <jansson.h>
#include "catalog.h"
#include "coach.h"
#include "store.h"

typedef struct dc_import_counts {
    long rows;      /* rows and deals read (refused ones too) */
    long created, updated, unchanged, refused;
    long conflicts; /* fields kept as edited against the file's value */
} dc_import_counts;

typedef struct dc_csv_import_options {
    const char *map_path;   /* the map (map.h); NULL: default.map of import_dir */
    const char *import_dir; /* dc_paths' import_dir */
    int dry_run;            /* read, check, count and tell, but save nothing */
} dc_csv_import_options;

typedef struct dc_importer dc_importer;

/* `today` (YYYY-MM-DD, copied) dates the stage in each history entry.
 * NULL only when out of memory. */
dc_importer *dc_importer_new(dc_coach *coach, dc_store *store, const char *today);
void dc_importer_free(dc_importer *im); /* NULL is fine */
const char *dc_importer_message(const dc_importer *im);
const dc_import_counts *dc_importer_counts(const dc_importer *im);

/* Import the CSV export at `path`. The map is loaded and its stage names
 * checked against the schema first. DC_OK: every row was handled (some may
 * be refused: see the counts and lines). DC_EINPUT: the map or the file as
 * a whole cannot be read (lines of kind "error" say why; nothing was
 * imported). DC_ESTORE: the store failed (message on the importer); the
 * batch is dropped. DC_ENOMEM. */
int dc_importer_csv(dc_importer *im, const char *path, const dc_csv_import_options *opt);

/* Merge one parsed deal (merge.h: `whole` for a deal file, not for a CSV
 * row); `source` ("FILE" or "FILE:LINE") names it in the lines and the
 * history. Runs in the caller's batch, if any. DC_OK, or DC_ESTORE when
 * the store failed (message on the importer). */
int dc_importer_deal(dc_importer *im, json_t *incoming, int whole, const char *source);

/* The lines told since the last call, oldest first: a new JSON array (the
 * caller owns it), NULL only when out of memory. Each is an object with
 * "kind" and, by kind, "source", "id", "text" or "errors". */
json_t *dc_importer_take_lines(dc_importer *im);

/* How a line is meant to be shown. */
typedef enum dc_import_line_kind {
    DC_IMPORT_LINE_NOTE,    /* about the file: "not UTF-8; read as GBK" */
    DC_IMPORT_LINE_UPDATED, /* a deal's changes: the output proper */
    DC_IMPORT_LINE_PROBLEM, /* a refused row, a warning, a conflict */
    DC_IMPORT_LINE_FATAL    /* the file or the map cannot be read */
} dc_import_line_kind;

dc_import_line_kind dc_import_line_kind_of(const json_t *line);

/* A line in `lang`: "deals.csv:4: refused: Amount: 'ten' is not an amount
 * ..." (a refused deal takes one line per reason after the first, each
 * indented by two spaces, joined by '\n'; no final line break). malloc'd;
 * NULL only when out of memory. */
char *dc_import_line_text(const dc_catalog *cat, const char *lang, const json_t *line);

/* The summary "N deals read: N new, N updated, N unchanged, N refused; N
 * conflicts" in `lang`. malloc'd; NULL only when out of memory. */
char *dc_import_summary(const dc_catalog *cat, const char *lang, const dc_import_counts *n);

#endif
