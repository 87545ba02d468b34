/* advice_check.c - properties every advice must have (see advice_check.h). */
#include "advice_check.h"

#include <string.h>

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static json_t *by_id(json_t *items, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
        if (strcmp(str(item, "id"), id) == 0) return item;
    return NULL;
}

static void broken(dc_buf *why, int *ok, const char *text, const char *detail)
{
    if (!*ok) dc_buf_puts(why, "; ");
    dc_buf_printf(why, "%s%s%s", text, detail ? ": " : "", detail ? detail : "");
    *ok = 0;
}

static void check_do_now(json_t *advice, dc_buf *why, int *ok)
{
    json_t *actions = json_object_get(advice, "actions"), *now = json_object_get(advice, "do_now");
    size_t i, j;
    json_t *id, *other;
    if (json_array_size(actions) && !json_is_array(now)) {
        broken(why, ok, "do_now is missing although there are actions", NULL);
        return;
    }
    if (json_array_size(now) > 3) broken(why, ok, "do_now lists more than three actions", NULL);
    json_array_foreach(now, i, id) {
        const char *s = json_is_string(id) ? json_string_value(id) : "";
        if (!by_id(actions, s)) broken(why, ok, "do_now names an id that is not an action", s);
        json_array_foreach(now, j, other)
            if (j < i && json_equal(id, other)) broken(why, ok, "do_now names an action twice", s);
    }
}

int dc_advice_check(json_t *advice, dc_buf *why)
{
    int ok = 1;
    check_do_now(advice, why, &ok);
    return ok;
}
