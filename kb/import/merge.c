/* merge.c - an imported deal brought into the store (see merge.h). */
#define _POSIX_C_SOURCE 200809L
#include "merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deal_edit.h"
#include "strbuf.h"

void dc_import_result_free(dc_import_result *r)
{
    json_decref(r->changes);
    json_decref(r->conflicts);
    json_decref(r->errors);
    json_decref(r->warnings);
    memset(r, 0, sizeof *r);
}

/* Both absent, or equal. */
static int same(json_t *a, json_t *b)
{
    return (!a && !b) || (a && b && json_equal(a, b));
}

/* A line from `fmt`, whose %1$s is the field, %2$s and %3$s the values
 * (absent: "unknown"). */
static void say(json_t *list, const char *fmt, json_t *a, json_t *b, const char *field)
{
    char *ta = a ? dc_edit_value_text(a) : strdup("unknown");
    char *tb = b ? dc_edit_value_text(b) : strdup("unknown");
    dc_buf line = DC_BUF_INIT;
    dc_buf_printf(&line, fmt, field, ta ? ta : "?", tb ? tb : "?");
    char *text = dc_buf_take(&line);
    if (text) json_array_append_new(list, json_string(text));
    free(text);
    free(ta);
    free(tb);
}

/* The stored deal's JSON parsed, or NULL with *rc DC_ENOTFOUND. */
static json_t *stored(dc_store *store, const char *id, int (*get)(dc_store *, const char *, char **),
                      int *rc)
{
    char *text = NULL;
    json_t *v = NULL;
    if ((*rc = get(store, id, &text)) == DC_OK && !(v = json_loads(text, 0, NULL)))
        *rc = DC_ENOTFOUND; /* not JSON: as if absent */
    free(text);
    return v;
}

/* Merge field `f` of `in` into `merged` and `record` (see merge.h). */
static void merge_field(const char *f, json_t *in, json_t *merged, json_t *last, json_t *record,
                        int is_new, dc_import_result *r)
{
    json_t *inc = json_object_get(in, f), *cur = json_object_get(merged, f);
    json_t *lst = last ? json_object_get(last, f) : NULL;
    int edited = last ? !same(cur, lst) : cur != NULL;
    if (!same(inc, cur) && !edited) {
        if (!is_new) say(r->changes, "%1$s = %2$s (was %3$s)", inc, cur, f);
        if (inc) json_object_set(merged, f, inc);
        else json_object_del(merged, f);
    } else if (!same(inc, cur) && !(last && same(inc, lst))) {
        say(r->conflicts, "%1$s: %2$s kept as edited (changed since the last import); the file says %3$s",
            cur, inc, f);
    }
    if (inc) json_object_set(record, f, inc);
    else json_object_del(record, f);
}

/* The history entry of the import: "imported from SOURCE[: changes][;
 * kept ...]". malloc'd. */
static char *history_entry(const char *source, dc_import_result *r)
{
    dc_buf b = DC_BUF_INIT;
    size_t i;
    json_t *c;
    dc_buf_printf(&b, "imported from %s", source);
    json_array_foreach(r->changes, i, c) dc_buf_printf(&b, "%s%s", i ? ", " : ": ", json_string_value(c));
    json_array_foreach(r->conflicts, i, c) {
        const char *text = json_string_value(c);
        dc_buf_printf(&b, "%s%.*s", i ? ", " : "; kept as edited: ", (int)strcspn(text, ":"), text);
    }
    return dc_buf_take(&b);
}

int dc_import_deal(dc_coach *coach, dc_store *store, const char *today, json_t *incoming,
                   int whole, const char *source, dc_import_result *r)
{
    json_t *clean = NULL, *current = NULL, *last = NULL, *merged = NULL, *record = NULL;
    json_t *checked = NULL, *advice = NULL, *value;
    char *deal_text = NULL, *record_text = NULL, *what = NULL;
    const char *id, *key, *stage = NULL;
    int rc = DC_OK, began = 0;
    memset(r, 0, sizeof *r);
    r->changes = json_array();
    r->conflicts = json_array();
    r->errors = json_array();
    r->warnings = json_array();
    if (!r->changes || !r->conflicts || !r->errors || !r->warnings) return DC_ENOMEM;
    r->outcome = DC_IMPORT_REFUSED;
    if (dc_coach_check(coach, source, incoming, &clean, r->errors, r->warnings)) goto out;
    id = json_string_value(json_object_get(clean, "id"));
    current = stored(store, id, dc_store_get, &rc);
    if (rc != DC_OK && rc != DC_ENOTFOUND) goto out;
    last = stored(store, id, dc_store_get_imported, &rc);
    if (rc != DC_OK && rc != DC_ENOTFOUND) goto out;
    rc = DC_OK;
    if (current && (rc = dc_store_is_archived(store, id, &r->archived))) goto out;

    merged = current ? json_deep_copy(current) : json_pack("{ss}", "id", id);
    record = last ? json_deep_copy(last) : json_object();
    if (!merged || !record) {
        rc = DC_ENOMEM;
        goto out;
    }
    json_object_foreach(clean, key, value)
        if (strcmp(key, "id") != 0) merge_field(key, clean, merged, last, record, !current, r);
    if (whole && last) {
        json_object_foreach(last, key, value)
            if (!json_object_get(clean, key)) merge_field(key, clean, merged, last, record, !current, r);
    }
    /* The merged deal is checked again: every part was, but not together. */
    if (dc_coach_check(coach, source, merged, &checked, r->errors, r->warnings)) goto out;
    r->outcome = !current ? DC_IMPORT_CREATED : json_array_size(r->changes) ? DC_IMPORT_UPDATED
                                                                           : DC_IMPORT_UNCHANGED;
    int write = r->outcome != DC_IMPORT_UNCHANGED || json_array_size(r->conflicts);
    json_t *warnings = write ? json_array() : NULL; /* the stage, for the history entry */
    if (warnings && dc_coach_advise(coach, checked, today, "en", warnings, &advice) == DC_OK)
        stage = json_string_value(json_object_get(json_object_get(advice, "stage"), "evidenced"));
    json_decref(warnings);

    if (!(deal_text = json_dumps(checked, JSON_COMPACT | JSON_PRESERVE_ORDER)) ||
        !(record_text = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS)) ||
        !(what = history_entry(source, r))) {
        rc = DC_ENOMEM;
        goto out;
    }
    if ((rc = dc_store_begin(store))) goto out;
    began = 1;
    if (write && (rc = dc_store_put(store, id, deal_text, what, stage && *stage ? stage : NULL)))
        goto out;
    if (!same(record, last)) rc = dc_store_put_imported(store, id, record_text);
out:
    if (began) {
        int ended = dc_store_end(store, rc == DC_OK);
        if (rc == DC_OK) rc = ended;
    }
    if (rc != DC_OK) r->outcome = DC_IMPORT_REFUSED;
    json_decref(clean);
    json_decref(current);
    json_decref(last);
    json_decref(merged);
    json_decref(record);
    json_decref(checked);
    json_decref(advice);
    free(deal_text);
    free(record_text);
    free(what);
    return rc;
}
