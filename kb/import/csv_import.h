/* csv_import.h - a CRM export (CSV) read into deals, through a map.
 *
 * The file is read with libcsv (RFC 4180: quoted fields may hold commas,
 * quotes doubled, line breaks). Its text may be UTF-8 with or without a
 * BOM, UTF-16 with a BOM (converted), or GBK (detected when the text is not
 * UTF-8, converted with iconv); anything else is refused. The first record
 * is the header; the separator is a comma, or a semicolon or a tab when the
 * header has no comma but one of those.
 *
 * Each later record becomes a row: {"line": N, "deal": {...}} with the
 * fields the map gives (spec §1 names; a deal's id from its id column, else
 * a slug of its name), or {"line": N, "error": "why"} when it cannot be
 * read: the wrong number of fields, a bad amount or date, a stage not in
 * the map, a bad or repeated id, no id and no name. N is the line of the
 * file where the record starts. Records whose cells are all empty are
 * skipped. The deals are not checked against the schema here (the caller
 * does, as for any deal).
 */
#ifndef DC_CSV_IMPORT_H
#define DC_CSV_IMPORT_H

#include <stddef.h>
#include <jansson.h>
#include "map.h"

/* Read CSV text (`origin` names it in messages). On DC_OK *rows is a new
 * JSON array of rows as above, and `notes` gets lines worth telling
 * ("read as GBK", "columns not imported: ..."). DC_EINPUT when the file as
 * a whole cannot be read (empty, no header, not UTF-8 nor GBK, no column
 * for the id or the name): one message in `errors` naming the file (and
 * line). DC_ENOMEM. */
int dc_csv_read(const char *origin, const char *text, size_t len, const dc_import_map *map,
                json_t **rows, json_t *notes, json_t *errors);

/* Read a file and dc_csv_read it; DC_EIO (message in `errors`) when it
 * cannot be read. Files over 256 MiB are refused. */
int dc_csv_read_file(const char *path, const dc_import_map *map, json_t **rows, json_t *notes,
                     json_t *errors);

/* Does the file at `path` hold a CSV export rather than a deal file: is
 * its first character (after a UTF-8 BOM and blanks) neither '{' nor '['?
 * 0 when it is empty or cannot be read. Only a guess, for a file whose
 * name does not say: the reading itself tells what is wrong with it. */
int dc_csv_looks_like(const char *path);

/* A deal id made from a name: ASCII letters lowered, letters and digits
 * kept (Chinese too), every other run of characters one '-', at most 200
 * bytes. malloc'd; "" when nothing is left; NULL when out of memory. */
char *dc_import_slug(const char *name);

#endif
