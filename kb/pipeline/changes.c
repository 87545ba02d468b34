/* changes.c - what changed since a date. Contract in changes.h. */
#include "changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "strbuf.h"

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static int order_of(const dc_pipeline *p, const char *stage)
{
    json_t *o = json_object_get(dc_pipeline_stage_order(p), stage);
    return json_is_integer(o) ? (int)json_integer_value(o) : -2;
}

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }

static json_t *move(json_t *row, const char *from, const char *to)
{
    return json_pack("{sOssss}", "id", json_object_get(row, "id"), "from", from, "to", to);
}

json_t *dc_changes(const dc_pipeline *p, const char *since)
{
    long day;
    if (!dc_date_parse(since, &day)) return NULL;
    json_t *out = json_pack("{ss s[] s[] s[] s[] s[] s[] s[]}", "since", since, "new", "advanced",
                            "regressed", "pushed", "pulled_in", "won", "lost");
    for (size_t i = 0; out && i < dc_pipeline_count(p); i++) {
        const dc_pipeline_deal *d = dc_pipeline_get(p, i);
        if (!d->timeline.n) continue; /* no history: nothing to compare */
        json_t *row = d->row;
        const dc_state *then = dc_timeline_at(&d->timeline, day);
        const char *claimed = str(row, "claimed"), *stage = str(row, "evidenced");
        int won = is(claimed, "closed") || is(stage, "closed");
        int lost = !won && (is(claimed, "lost") || is(stage, "lost"));
        if (!then) {
            json_array_append(json_object_get(out, "new"), json_object_get(row, "id"));
            continue;
        }
        int was_won = is(then->claimed, "closed") || is(then->stage, "closed");
        int was_lost = !was_won && (is(then->claimed, "lost") || is(then->stage, "lost"));
        if (won && !was_won) json_array_append(json_object_get(out, "won"), json_object_get(row, "id"));
        else if (lost && !was_lost) json_array_append(json_object_get(out, "lost"), json_object_get(row, "id"));
        else if (then->stage[0] && !won && !lost) {
            int a = order_of(p, then->stage), b = order_of(p, stage);
            if (a >= 0 && b >= 0 && b != a)
                json_array_append_new(json_object_get(out, b > a ? "advanced" : "regressed"),
                                      move(row, then->stage, stage));
        }
        const char *close = str(row, "expected_close");
        if (then->close[0] && close[0] && strcmp(close, then->close) != 0)
            json_array_append_new(json_object_get(out, strcmp(close, then->close) > 0 ? "pushed" : "pulled_in"),
                                  move(row, then->close, close));
    }
    return out;
}

static const char *const kinds[] = {"new", "advanced", "regressed", "pushed", "pulled_in", "won", "lost", NULL};

char *dc_changes_render(const dc_catalog *cat, const char *lang, json_t *changes)
{
    dc_buf b = DC_BUF_INIT;
    json_t *about = json_pack("[s]", str(changes, "since"));
    char *title = about ? dc_catalog_format(cat, lang, "ui.changes.title", about) : NULL;
    json_decref(about);
    dc_buf_printf(&b, "\n%s\n", title ? title : "What changed");
    free(title);
    int any = 0;
    for (int k = 0; kinds[k]; k++) {
        json_t *list = json_object_get(changes, kinds[k]);
        if (!json_array_size(list)) continue;
        char key[64];
        snprintf(key, sizeof key, "ui.changes.%s", kinds[k]);
        const char *heading = dc_catalog_get(cat, lang, key);
        dc_buf_printf(&b, "  %s (%zu): ", heading ? heading : kinds[k], json_array_size(list));
        size_t i;
        json_t *item;
        json_array_foreach(list, i, item) {
            if (i) dc_buf_puts(&b, ", ");
            if (json_is_string(item)) {
                dc_buf_puts(&b, json_string_value(item));
            } else {
                const char *from = str(item, "from"), *to = str(item, "to");
                dc_buf_printf(&b, "%s (%s → %s)", str(item, "id"), dc_catalog_label(cat, lang, from),
                              dc_catalog_label(cat, lang, to));
            }
        }
        dc_buf_puts(&b, "\n");
        any = 1;
    }
    if (!any) {
        const char *none = dc_catalog_get(cat, lang, "ui.changes.none");
        dc_buf_printf(&b, "  %s\n", none ? none : "nothing");
    }
    return dc_buf_take(&b);
}
