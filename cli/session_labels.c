/* session_labels.c - ids typed as their labels: `set claimed_stage 谈判阶段`,
 * `person add 张伟 attitude=支持者`, `tick 需求明确`.
 *
 * A word is an id of the field when the schema allows it; else, when it is
 * exactly the label of one allowed id (label.ID in the zh or en catalog;
 * English compared ignoring ASCII case), it stands for that id. A word
 * that is neither is left as typed, so the edit reports it as unknown. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deal_edit.h"
#include "session.h"
#include "strbuf.h"

static const char *const langs[] = {"zh", "en"};

const char *session_id_for_label(session *s, json_t *ids, const char *word)
{
    const dc_catalog *cat = dc_coach_catalog(s->coach);
    const char *found = NULL;
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        const char *text = json_string_value(id);
        if (strcmp(text, word) == 0) return text;
    }
    json_array_foreach(ids, i, id) {
        const char *text = json_string_value(id);
        int same = 0;
        for (size_t l = 0; l < sizeof langs / sizeof *langs && !same; l++) {
            const char *label = dc_catalog_label(cat, langs[l], text);
            same = label != text && (strcmp(label, word) == 0 || strcasecmp(label, word) == 0);
        }
        if (same && found && strcmp(found, text) != 0) return NULL; /* two ids: ambiguous */
        if (same) found = text;
    }
    return found;
}

/* Cut at the first list separator (',', '，', '、') of `p`: its length. */
static size_t item_length(const char *p, size_t *sep)
{
    static const char *const seps[] = {",", "，", "、"};
    for (size_t n = 0; p[n]; n++)
        for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
            if (strncmp(p + n, seps[k], strlen(seps[k])) == 0) {
                *sep = strlen(seps[k]);
                return n;
            }
    *sep = 0;
    return strlen(p);
}

/* One item: as a whole label, else word by word. */
static void put_item(session *s, json_t *ids, dc_buf *out, char *item)
{
    while (*item == ' ') item++;
    size_t n = strlen(item);
    while (n && item[n - 1] == ' ') item[--n] = '\0';
    const char *id = session_id_for_label(s, ids, item);
    if (id || !strchr(item, ' ')) {
        dc_buf_puts(out, id ? id : item);
        return;
    }
    int first = 1;
    for (char *word = strtok(item, " "); word; word = strtok(NULL, " ")) {
        id = session_id_for_label(s, ids, word);
        dc_buf_printf(out, "%s%s", first ? "" : " ", id ? id : word);
        first = 0;
    }
}

char *session_ids_from_labels(session *s, const char *path, const char *text)
{
    json_t *ids = dc_edit_field_symbols(dc_coach_engine(s->coach), path);
    if (!ids || json_array_size(ids) == 0) {
        json_decref(ids);
        return strdup(text);
    }
    dc_buf out = DC_BUF_INIT;
    const char *whole = session_id_for_label(s, ids, text);
    if (whole) {
        dc_buf_puts(&out, whole);
    } else {
        for (const char *p = text; *p;) {
            size_t sep, n = item_length(p, &sep);
            char *item = strndup(p, n);
            if (!item) break;
            if (p != text) dc_buf_puts(&out, ", ");
            put_item(s, ids, &out, item);
            free(item);
            p += n + sep;
            if (!sep) break;
        }
    }
    json_decref(ids);
    return dc_buf_take(&out);
}

void session_add_labels(session *s, json_t *ids, void (*add)(void *ctx, const char *word), void *ctx)
{
    const dc_catalog *cat = dc_coach_catalog(s->coach);
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        const char *label = dc_catalog_label(cat, s->lang, json_string_value(id));
        if (label != json_string_value(id) && strcmp(label, json_string_value(id)) != 0 &&
            !strpbrk(label, " ,(") && !strstr(label, "，") && !strstr(label, "("))
            add(ctx, label);
    }
}
