/* diff.c - what changed in a deal's advice (see diff.h). */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* The ids of a list of items (or of strings), in order: new array. */
static json_t *ids_of(json_t *list)
{
    json_t *ids = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        json_t *id = json_is_object(item) ? json_object_get(item, "id") : item;
        if (json_is_string(id)) json_array_append(ids, id);
    }
    return ids;
}

static long index_of(json_t *ids, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
        if (strcmp(json_string_value(v), id) == 0) return (long)i;
    return -1;
}

/* The ids of `a` that are not in `b`: new array. */
static json_t *minus(json_t *a, json_t *b)
{
    json_t *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
        if (index_of(b, json_string_value(v)) < 0) json_array_append(out, v);
    return out;
}

/* The ids of `a` also in `b`, in a's order: new array. */
static json_t *common(json_t *a, json_t *b)
{
    json_t *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
        if (index_of(b, json_string_value(v)) >= 0) json_array_append(out, v);
    return out;
}

/* Which items of ca (the ids both lists share, in the old order) keep
 * their order in cb (the same ids, new order): a longest common
 * subsequence. keep[i] is set for those; the rest moved. 0, or -1 when
 * out of memory. */
static int kept_in_order(json_t *ca, json_t *cb, char *keep)
{
    size_t n = json_array_size(ca);
    size_t *len = calloc((n + 1) * (n + 1), sizeof *len);
    if (!len) return -1;
#define LEN(i, j) len[(i) * (n + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = n; j-- > 0;)
            LEN(i, j) = json_equal(json_array_get(ca, i), json_array_get(cb, j))
                            ? LEN(i + 1, j + 1) + 1
                            : LEN(i + 1, j) > LEN(i, j + 1) ? LEN(i + 1, j) : LEN(i, j + 1);
    for (size_t i = 0, j = 0; i < n && j < n;) {
        if (json_equal(json_array_get(ca, i), json_array_get(cb, j))) {
            keep[i++] = 1;
            j++;
        } else if (LEN(i + 1, j) >= LEN(i, j + 1)) {
            i++;
        } else {
            j++;
        }
    }
#undef LEN
    free(len);
    return 0;
}

/* {"from": a, "to": b} into out[key] when a and b differ (absent is null). */
static void changed_value(json_t *out, const char *key, json_t *a, json_t *b)
{
    if (json_equal(a ? a : json_null(), b ? b : json_null()) || (!a && !b)) return;
    json_object_set_new(out, key, json_pack("{sOsO}", "from", a ? a : json_null(), "to", b ? b : json_null()));
}

/* added/removed (and moved, for ordered lists) of one list. */
static void changed_list(json_t *out, const char *key, json_t *before, json_t *after, int ordered)
{
    json_t *a = ids_of(before), *b = ids_of(after);
    json_t *part = json_object();
    json_t *added = minus(b, a), *removed = minus(a, b);
    if (json_array_size(added)) json_object_set(part, "added", added);
    if (json_array_size(removed)) json_object_set(part, "removed", removed);
    if (ordered) {
        json_t *ca = common(a, b), *cb = common(b, a), *moved = json_array();
        char *keep = calloc(json_array_size(ca) + 1, 1);
        size_t i;
        json_t *v;
        if (keep && kept_in_order(ca, cb, keep)) memset(keep, 1, json_array_size(ca));
        json_array_foreach(ca, i, v) {
            if (!keep || !keep[i])
                json_array_append_new(moved, json_pack("{sOsIsI}", "id", v, "from",
                                                       (json_int_t)index_of(a, json_string_value(v)) + 1,
                                                       "to", (json_int_t)index_of(b, json_string_value(v)) + 1));
        }
        free(keep);
        if (json_array_size(moved)) json_object_set(part, "moved", moved);
        json_decref(ca);
        json_decref(cb);
        json_decref(moved);
    }
    json_decref(added);
    json_decref(removed);
    json_decref(a);
    json_decref(b);
    if (json_object_size(part)) json_object_set_new(out, key, part);
    else json_decref(part);
}

/* Findings whose severity changed. */
static void changed_severity(json_t *out, json_t *before, json_t *after)
{
    json_t *changes = json_array();
    size_t i, j;
    json_t *f, *g;
    json_array_foreach(before, i, f) {
        json_array_foreach(after, j, g) {
            if (!json_equal(json_object_get(f, "id"), json_object_get(g, "id"))) continue;
            if (!json_equal(json_object_get(f, "severity"), json_object_get(g, "severity")))
                json_array_append_new(changes, json_pack("{sOsOsO}", "id", json_object_get(f, "id"),
                                                         "from", json_object_get(f, "severity"),
                                                         "to", json_object_get(g, "severity")));
            break;
        }
    }
    if (json_array_size(changes)) {
        json_t *part = json_object_get(out, "findings");
        if (!part) json_object_set_new(out, "findings", part = json_object());
        json_object_set(part, "severity", changes);
    }
    json_decref(changes);
}

json_t *dc_advice_diff(json_t *before, json_t *after)
{
    json_t *out = json_object();
    if (!out) return NULL;
    json_t *sa = json_object_get(before, "stage"), *sb = json_object_get(after, "stage");
    changed_value(out, "stage", json_object_get(sa, "evidenced"), json_object_get(sb, "evidenced"));
    changed_value(out, "win_probability", json_object_get(sa, "win_probability"),
                  json_object_get(sb, "win_probability"));
    changed_value(out, "concern", json_object_get(before, "concern"), json_object_get(after, "concern"));
    changed_list(out, "findings", json_object_get(before, "findings"), json_object_get(after, "findings"), 0);
    changed_severity(out, json_object_get(before, "findings"), json_object_get(after, "findings"));
    changed_list(out, "actions", json_object_get(before, "actions"), json_object_get(after, "actions"), 1);
    changed_list(out, "tactics", json_object_get(before, "tactics"), json_object_get(after, "tactics"), 0);
    changed_value(out, "do_now", json_object_get(before, "do_now"), json_object_get(after, "do_now"));
    changed_value(out, "biggest_risk", json_object_get(before, "biggest_risk"),
                  json_object_get(after, "biggest_risk"));
    if (json_object_size(out)) return out;
    json_decref(out);
    return NULL;
}

/* The words of the lines, from the catalog (NULL: English). */
typedef struct wording {
    const dc_catalog *cat;
    const char *lang;
} wording;

static const char *word(const wording *w, const char *key, const char *english)
{
    return dc_catalog_get_or(w->cat, w->lang, key, english);
}

/* A value for a line: ids joined, a text, a number, "none". */
static void put_value(dc_buf *b, const wording *w, json_t *v)
{
    const char *none = word(w, "diff.none", "none");
    if (json_is_array(v)) {
        json_t *ids = ids_of(v);
        size_t i;
        json_t *id;
        if (!json_array_size(ids)) dc_buf_puts(b, none);
        json_array_foreach(ids, i, id) dc_buf_printf(b, "%s%s", i ? ", " : "", json_string_value(id));
        json_decref(ids);
    } else if (json_is_string(v)) {
        dc_buf_puts(b, json_string_value(v));
    } else if (json_is_object(v) && json_is_string(json_object_get(v, "id"))) {
        dc_buf_puts(b, json_string_value(json_object_get(v, "id")));
    } else if (json_is_integer(v)) {
        dc_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (!v || json_is_null(v)) {
        dc_buf_puts(b, none);
    } else {
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        dc_buf_puts(b, text ? text : "?");
        free(text);
    }
}

static void from_to(dc_buf *b, const wording *w, const char *key, const char *english, json_t *change)
{
    if (!change) return;
    dc_buf_printf(b, "  %s: ", word(w, key, english));
    put_value(b, w, json_object_get(change, "from"));
    dc_buf_puts(b, " -> ");
    put_value(b, w, json_object_get(change, "to"));
    dc_buf_puts(b, "\n");
}

static void ids_line(dc_buf *b, const char *sign, const char *kind, json_t *ids)
{
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) dc_buf_printf(b, "  %s %s %s\n", sign, kind, json_string_value(id));
}

/* "  ~ KIND ID WHAT: FROM -> TO" for each change of a place or severity. */
static void changed_line(dc_buf *b, const char *kind, const char *what, json_t *changes)
{
    size_t i;
    json_t *m;
    json_array_foreach(changes, i, m) {
        dc_buf_printf(b, "  ~ %s %s %s: ", kind, json_string_value(json_object_get(m, "id")), what);
        json_t *from = json_object_get(m, "from"), *to = json_object_get(m, "to");
        if (json_is_integer(from))
            dc_buf_printf(b, "%" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT "\n", json_integer_value(from),
                          json_integer_value(to));
        else
            dc_buf_printf(b, "%s -> %s\n", json_string_value(from), json_string_value(to));
    }
}

char *dc_advice_diff_text(const dc_catalog *cat, const char *lang, json_t *diff)
{
    wording w = {cat, lang};
    dc_buf b = DC_BUF_INIT;
    static const char *const lists[][3] = {{"findings", "kind.finding", "finding"},
                                           {"actions", "kind.action", "action"},
                                           {"tactics", "kind.tactic", "tactic"}};
    dc_buf_append(&b, "", 0);
    from_to(&b, &w, "diff.stage", "stage", json_object_get(diff, "stage"));
    from_to(&b, &w, "diff.win-probability", "win probability", json_object_get(diff, "win_probability"));
    from_to(&b, &w, "diff.concern", "concern", json_object_get(diff, "concern"));
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
        json_t *part = json_object_get(diff, lists[k][0]);
        const char *kind = word(&w, lists[k][1], lists[k][2]);
        ids_line(&b, "+", kind, json_object_get(part, "added"));
        ids_line(&b, "-", kind, json_object_get(part, "removed"));
        changed_line(&b, kind, word(&w, "diff.moved", "moved"), json_object_get(part, "moved"));
        changed_line(&b, kind, word(&w, "diff.severity", "severity"), json_object_get(part, "severity"));
    }
    from_to(&b, &w, "diff.do-now", "do now", json_object_get(diff, "do_now"));
    from_to(&b, &w, "diff.biggest-risk", "biggest risk", json_object_get(diff, "biggest_risk"));
    return dc_buf_take(&b);
}
