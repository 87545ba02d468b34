/* session_housekeeping.c - tidying the store: delete, archive, unarchive.
 *
 * A deleted deal is gone from the store, but its history stays (history
 * ID still answers). An archived deal keeps everything and can be opened;
 * `list` and the pipeline leave it out until it is unarchived. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "exitcodes.h"
#include "session.h"

static const char *open_id(const session *s)
{
    return s->deal ? json_string_value(json_object_get(s->deal, "id")) : NULL;
}

static int store_failed(session *s)
{
    return session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
}

int run_delete(session *s, const session_words *w)
{
    const char *id = w->argv[1];
    int rc = dc_store_delete(s->store, id, NULL);
    if (rc == DC_ENOTFOUND) return session_fail(s, DC_EXIT_INPUT, "session.no-such-deal", id, NULL);
    if (rc) return store_failed(s);
    if (open_id(s) && strcmp(open_id(s), id) == 0) {
        json_decref(s->deal); /* nothing left to change */
        s->deal = NULL;
        json_decref(s->advice);
        s->advice = NULL;
        s->changes++;
    }
    session_say(s, "session.deleted", id, NULL);
    return DC_EXIT_OK;
}

/* archive [ID] / unarchive [ID]: the open deal when no id is given. */
static int set_archived(session *s, const session_words *w, int archived)
{
    const char *id = w->argc > 1 ? w->argv[1] : open_id(s);
    int was;
    if (!id) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    int rc = dc_store_is_archived(s->store, id, &was);
    if (rc == DC_ENOTFOUND) return session_fail(s, DC_EXIT_INPUT, "session.no-such-deal", id, NULL);
    if (rc) return store_failed(s);
    if (was == archived) {
        session_say(s, archived ? "session.already-archived" : "session.not-archived", id, NULL);
        return DC_EXIT_OK;
    }
    if (dc_store_archive(s->store, id, archived, NULL)) return store_failed(s);
    session_say(s, archived ? "session.archived" : "session.unarchived", id, NULL);
    return DC_EXIT_OK;
}

int run_archive(session *s, const session_words *w)
{
    return set_archived(s, w, 1);
}

int run_unarchive(session *s, const session_words *w)
{
    return set_archived(s, w, 0);
}
