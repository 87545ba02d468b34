/* importer.c - a CRM export imported into the store (see importer.h). */
#define _POSIX_C_SOURCE 200809L
#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_import.h"
#include "deal_edit.h"
#include "map.h"
#include "merge.h"
#include "paths.h"
#include "phrases.h"
#include "strbuf.h"

struct dc_importer {
    dc_coach *coach;
    dc_store *store;
    char today[11];
    dc_import_counts counts;
    json_t *lines;
    char message[1024];
};

dc_importer *dc_importer_new(dc_coach *coach, dc_store *store, const char *today)
{
    dc_importer *im = calloc(1, sizeof *im);
    if (!im || !(im->lines = json_array())) {
        free(im);
        return NULL;
    }
    im->coach = coach;
    im->store = store;
    snprintf(im->today, sizeof im->today, "%s", today ? today : "");
    return im;
}

void dc_importer_free(dc_importer *im)
{
    if (!im) return;
    json_decref(im->lines);
    free(im);
}

const char *dc_importer_message(const dc_importer *im)
{
    return im->message;
}

const dc_import_counts *dc_importer_counts(const dc_importer *im)
{
    return &im->counts;
}

json_t *dc_importer_take_lines(dc_importer *im)
{
    json_t *fresh = json_array(), *taken = im->lines;
    if (!fresh) return NULL;
    im->lines = fresh;
    return taken;
}

/* Keep a line {"kind": kind, "source": source, "id": id, "text": text};
 * NULL members are left out. */
static void tell(dc_importer *im, const char *kind, const char *source, const char *id, const char *text)
{
    json_t *line = json_pack("{ss}", "kind", kind);
    if (!line) return;
    if (source) json_object_set_new(line, "source", json_string(source));
    if (id) json_object_set_new(line, "id", json_string(id));
    if (text) json_object_set_new(line, "text", json_string(text));
    json_array_append_new(im->lines, line);
}

static void tell_each(dc_importer *im, const char *kind, json_t *texts)
{
    size_t i;
    json_t *t;
    json_array_foreach(texts, i, t) tell(im, kind, NULL, NULL, json_string_value(t));
}

static int store_failed(dc_importer *im)
{
    snprintf(im->message, sizeof im->message, "%s", dc_store_message(im->store));
    return DC_ESTORE;
}

int dc_importer_deal(dc_importer *im, json_t *incoming, int whole, const char *source)
{
    dc_import_result r;
    const char *id = json_string_value(json_object_get(incoming, "id"));
    if (!id) id = "?";
    im->counts.rows++;
    int rc = dc_import_deal(im->coach, im->store, im->today, incoming, whole, source, &r);
    if (rc != DC_OK) {
        dc_import_result_free(&r);
        return store_failed(im);
    }
    if (r.outcome == DC_IMPORT_REFUSED) {
        json_t *line = json_pack("{sssssO}", "kind", "refused", "source", source, "errors", r.errors);
        if (line) json_array_append_new(im->lines, line);
        im->counts.refused++;
        dc_import_result_free(&r);
        return DC_OK;
    }
    size_t i;
    json_t *m;
    json_array_foreach(r.warnings, i, m) tell(im, "warning", source, id, json_string_value(m));
    if (r.outcome == DC_IMPORT_CREATED) im->counts.created++;
    if (r.outcome == DC_IMPORT_UNCHANGED) im->counts.unchanged++;
    if (r.outcome == DC_IMPORT_UPDATED) {
        dc_buf changes = DC_BUF_INIT;
        im->counts.updated++;
        json_array_foreach(r.changes, i, m) dc_buf_printf(&changes, "%s%s", i ? "; " : "", json_string_value(m));
        char *text = dc_buf_take(&changes);
        tell(im, "updated", source, id, text ? text : "");
        free(text);
    }
    im->counts.conflicts += (long)json_array_size(r.conflicts);
    json_array_foreach(r.conflicts, i, m) tell(im, "conflict", source, id, json_string_value(m));
    dc_import_result_free(&r);
    return DC_OK;
}

/* Load the map; every stage it names must be one of the schema's. */
static int load_map(dc_importer *im, dc_import_map *map, const char *path, json_t *errors)
{
    int rc = dc_import_map_load(map, path, errors);
    if (rc != DC_OK) return rc;
    json_t *known = dc_edit_field_symbols(dc_coach_engine(im->coach), "claimed_stage");
    json_t *targets = dc_import_map_stage_targets(map), *t, *k;
    size_t i;
    json_array_foreach(targets, i, t) {
        size_t j;
        int found = 0;
        json_array_foreach(known, j, k) found |= json_equal(k, json_array_get(t, 0));
        if (!found) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s: '%s' is not a stage (claimed_stage ids: prospect, "
                     "target, intent, project, approval, negotiation, closed, lost)",
                     json_string_value(json_array_get(t, 1)), json_string_value(json_array_get(t, 0)));
            json_array_append_new(errors, json_string(msg));
            rc = DC_EINPUT;
        }
    }
    json_decref(targets);
    json_decref(known);
    return rc;
}

int dc_importer_csv(dc_importer *im, const char *path, const dc_csv_import_options *opt)
{
    json_t *errors = json_array(), *notes = json_array(), *rows = NULL, *row;
    dc_import_map *map = dc_import_map_new();
    char *default_map = opt->map_path ? NULL : dc_path_join(opt->import_dir ? opt->import_dir : ".", "default.map");
    int rc = DC_OK;
    size_t i;
    if (!errors || !notes || !map || (!opt->map_path && !default_map)) {
        snprintf(im->message, sizeof im->message, "out of memory");
        rc = DC_ENOMEM;
        goto out;
    }
    rc = load_map(im, map, opt->map_path ? opt->map_path : default_map, errors);
    if (rc == DC_OK) rc = dc_csv_read_file(path, map, &rows, notes, errors);
    tell_each(im, "note", notes);
    if (rc != DC_OK) { /* the map or the file as a whole */
        tell_each(im, "error", errors);
        if (rc != DC_ENOMEM) rc = DC_EINPUT;
        snprintf(im->message, sizeof im->message, "%s",
                 json_array_size(errors) ? json_string_value(json_array_get(errors, 0)) : "out of memory");
        goto out;
    }
    if (dc_store_begin(im->store) != DC_OK) {
        rc = store_failed(im);
        goto out;
    }
    json_array_foreach(rows, i, row) {
        char source[600];
        json_t *deal = json_object_get(row, "deal");
        snprintf(source, sizeof source, "%s:%" JSON_INTEGER_FORMAT, path,
                 json_integer_value(json_object_get(row, "line")));
        if (deal) {
            if ((rc = dc_importer_deal(im, deal, 0, source)) != DC_OK) break;
        } else {
            im->counts.rows++;
            im->counts.refused++;
            tell(im, "refused", source, NULL, json_string_value(json_object_get(row, "error")));
        }
    }
    if (rc != DC_OK) {
        dc_store_end(im->store, 0);
    } else if (dc_store_end(im->store, !opt->dry_run) != DC_OK) {
        rc = store_failed(im);
    }
out:
    json_decref(errors);
    json_decref(notes);
    json_decref(rows);
    dc_import_map_free(map);
    free(default_map);
    return rc;
}

/* ---- showing -------------------------------------------------------------- */

static const char *member(const json_t *line, const char *key)
{
    const char *s = json_string_value(json_object_get(line, key));
    return s ? s : "";
}

dc_import_line_kind dc_import_line_kind_of(const json_t *line)
{
    const char *kind = member(line, "kind");
    if (strcmp(kind, "note") == 0) return DC_IMPORT_LINE_NOTE;
    if (strcmp(kind, "updated") == 0) return DC_IMPORT_LINE_UPDATED;
    if (strcmp(kind, "error") == 0) return DC_IMPORT_LINE_FATAL;
    return DC_IMPORT_LINE_PROBLEM;
}

/* A kb message (English notation) in `lang` appended to b. A change or a
 * conflict names the deal's fields by their labels (金额, not amount), as
 * the session's re-import does; a refusal keeps field paths as typed. */
static void put_rendered(dc_buf *b, const dc_catalog *cat, const char *lang, const char *text, int labels)
{
    char *shown = labels ? dc_phrases_render(cat, lang, text, NULL) : dc_phrases_render_message(cat, lang, text);
    dc_buf_puts(b, shown ? shown : text);
    free(shown);
}

char *dc_import_line_text(const dc_catalog *cat, const char *lang, const json_t *line)
{
    dc_buf b = DC_BUF_INIT;
    const char *kind = member(line, "kind"), *source = member(line, "source"), *id = member(line, "id");
    const char *word = strcmp(kind, "refused") == 0 ? "import.refused"
                       : strcmp(kind, "updated") == 0 ? "import.updated"
                       : strcmp(kind, "conflict") == 0 ? "import.conflict" : NULL;
    json_t *errors = json_object_get(line, "errors");
    if (*source) dc_buf_printf(&b, "%s: ", source);
    if (*id) dc_buf_printf(&b, "%s: ", id);
    if (word) dc_buf_printf(&b, "%s", dc_catalog_get_or(cat, lang, word, word));
    if (errors) { /* a refused deal: its reasons below */
        size_t i;
        json_t *e;
        json_array_foreach(errors, i, e) {
            dc_buf_puts(&b, "\n  ");
            put_rendered(&b, cat, lang, json_string_value(e), 0);
        }
    } else {
        if (word) dc_buf_puts(&b, " ");
        put_rendered(&b, cat, lang, member(line, "text"),
                     strcmp(kind, "updated") == 0 || strcmp(kind, "conflict") == 0);
    }
    return dc_buf_take(&b);
}

char *dc_import_summary(const dc_catalog *cat, const char *lang, const dc_import_counts *n)
{
    char count[6][24];
    const char *args[6];
    long value[6] = {n->rows, n->created, n->updated, n->unchanged, n->refused, n->conflicts};
    for (int i = 0; i < 6; i++) {
        snprintf(count[i], sizeof count[i], "%ld", value[i]);
        args[i] = count[i];
    }
    return dc_catalog_fill(cat, lang, "import.summary", "import.summary", args, 6);
}
