/* session_import.c - a CRM export (CSV) imported in the session, by the
 * importer `dealcoach import --csv` uses (kb/import/importer.h), with the
 * same lines and summary. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "importer.h"
#include "paths.h"
#include "session.h"

/* The importer's lines: notes and changes are output, the rest failures
 * (a whole-file problem after "FILE: refused, nothing changed:"). */
static int show_lines(session *s, dc_importer *im, const char *path)
{
    json_t *lines = dc_importer_take_lines(im), *line;
    int code = DC_EXIT_OK, said_refused = 0;
    size_t i;
    if (!lines) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    json_array_foreach(lines, i, line) {
        char *text = dc_import_line_text(dc_coach_catalog(s->coach), s->lang, line);
        dc_import_line_kind kind = dc_import_line_kind_of(line);
        if (!text) {
            code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
            break;
        }
        if (kind == DC_IMPORT_LINE_NOTE || kind == DC_IMPORT_LINE_UPDATED) {
            printf("%s\n", text);
        } else {
            if (kind == DC_IMPORT_LINE_FATAL && !said_refused++)
                session_fail(s, DC_EXIT_INPUT, "session.import-refused", path, NULL);
            code = session_fail_text(s, DC_EXIT_INPUT, text);
        }
        free(text);
    }
    json_decref(lines);
    return code;
}

int session_import_csv(session *s, const char *path, const char *map, int dry_run)
{
    dc_paths paths;
    dc_importer *im = NULL;
    int code = DC_EXIT_OK;
    memset(&paths, 0, sizeof paths);
    if (dc_paths_find(&paths) || !(im = dc_importer_new(s->coach, s->store, s->today))) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        goto out;
    }
    dc_csv_import_options opt = {map, paths.import_dir, dry_run};
    int rc = dc_importer_csv(im, path, &opt);
    code = show_lines(s, im, path);
    if (rc == DC_ESTORE) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_importer_message(im), NULL);
        goto out;
    }
    if (rc == DC_ENOMEM) code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    if (rc == DC_EINPUT) code = DC_EXIT_INPUT;
    if (rc != DC_OK) goto out;
    const dc_import_counts *n = dc_importer_counts(im);
    char *summary = dc_import_summary(dc_coach_catalog(s->coach), s->lang, n);
    printf("%s\n", summary ? summary : "");
    free(summary);
    if (n->conflicts) session_say(s, "import.conflicts-kept", NULL);
    if (dry_run) session_say(s, "import.dry-run", NULL);
    else if (n->created || n->updated) session_say(s, "session.imported-csv", NULL);
out:
    dc_importer_free(im);
    dc_paths_free(&paths);
    return code;
}
