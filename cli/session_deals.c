/* session_deals.c - deals in the store: new, open, list, show, history,
 * import, export; and how every change of the open deal is saved. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_import.h"
#include "deal.h"
#include "deal_edit.h"
#include "exitcodes.h"
#include "merge.h"
#include "session.h"
#include "strbuf.h"
#include "timeline.h"

static const char *deal_id(json_t *deal)
{
    return json_string_value(json_object_get(deal, "id"));
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* Warnings (unknown fields of an imported file) are shown, not failures. */
static void warn_list(const session *s, json_t *warnings)
{
    size_t i;
    json_t *w;
    fflush(stdout);
    json_array_foreach(warnings, i, w) {
        fputs(session_text(s, "session.warning"), stderr);
        fprintf(stderr, " %s\n", json_string_value(w));
    }
    fflush(stderr);
}

/* Parse and check stored or imported JSON. DC_OK and *deal (new reference),
 * else the problems are in `errors`. */
static int checked(session *s, const char *origin, const char *text, json_t **deal,
                   json_t *errors, json_t *warnings)
{
    json_t *input = NULL;
    *deal = NULL;
    int rc = dc_deal_parse(origin, text, strlen(text), &input, errors);
    if (!rc) rc = dc_coach_check(s->coach, origin, input, deal, errors, warnings);
    json_decref(input);
    return rc;
}

/* Load a stored deal. DC_EXIT_OK and *deal, else reported. */
static int load(session *s, const char *id, json_t **deal)
{
    char *text = NULL;
    json_t *errors = json_array(), *warnings = json_array();
    int code = DC_EXIT_OK, rc = dc_store_get(s->store, id, &text);
    *deal = NULL;
    if (rc == DC_ENOTFOUND) {
        code = session_fail(s, DC_EXIT_INPUT, "session.no-such-deal", id, NULL);
    } else if (rc) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
    } else if (checked(s, id, text, deal, errors, warnings)) {
        /* A deal stored under a vocabulary that has since changed. */
        session_fail(s, DC_EXIT_INPUT, "session.stored-deal-refused", id, NULL);
        code = session_fail_list(s, DC_EXIT_INPUT, errors);
    }
    free(text);
    json_decref(errors);
    json_decref(warnings);
    return code;
}

int session_advise(session *s, json_t *deal, json_t **advice)
{
    json_t *warnings = json_array();
    json_t *history = dc_timeline_history_fact(s->store, dc_coach_engine(s->coach),
                                               deal_id(deal), s->today);
    int rc = dc_coach_advise_history(s->coach, deal, history, s->today, s->lang, warnings, advice);
    json_decref(history);
    json_decref(warnings);
    if (rc == DC_OK) return DC_EXIT_OK;
    return session_fail(s, rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL,
                        "session.rules-failed", dc_coach_message(s->coach), NULL);
}

/* --- saving ---------------------------------------------------------------------- */

/* Adopt a deal as the open one. */
static void adopt(session *s, json_t *deal)
{
    json_decref(s->deal);
    s->deal = deal;
    json_decref(s->advice);
    s->advice = NULL;
    s->changes++;
}

void session_refresh(session *s)
{
    char *text = NULL;
    json_t *fresh = NULL, *errors = json_array(), *warnings = json_array();
    if (s->deal && dc_store_get(s->store, deal_id(s->deal), &text) == DC_OK &&
        checked(s, deal_id(s->deal), text, &fresh, errors, warnings) == DC_OK &&
        !json_equal(fresh, s->deal)) {
        adopt(s, fresh);
        fresh = NULL;
    }
    json_decref(fresh);
    json_decref(errors);
    json_decref(warnings);
    free(text);
}

int session_begin_change(session *s, json_t **deal)
{
    char *text = NULL;
    *deal = NULL;
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    /* Read, change and write back under one write lock (ended by
     * session_commit, or by session_run_line whatever happens). */
    int rc = dc_store_begin(s->store);
    if (rc) return session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
    rc = dc_store_get(s->store, deal_id(s->deal), &text);
    if (rc && rc != DC_ENOTFOUND)
        return session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
    if (text) {
        json_t *errors = json_array(), *warnings = json_array();
        checked(s, deal_id(s->deal), text, deal, errors, warnings);
        json_decref(errors);
        json_decref(warnings);
        free(text);
    }
    if (!*deal) *deal = json_deep_copy(s->deal); /* not stored (any more): ours stands */
    return *deal ? DC_EXIT_OK : session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
}

int session_commit(session *s, json_t *deal, const char *what)
{
    json_t *errors = json_array(), *warnings = json_array(), *clean = NULL, *advice = NULL;
    char *text = NULL, *was = NULL, *since = NULL;
    int code = DC_EXIT_OK;
    if (dc_coach_check(s->coach, "deal", deal, &clean, errors, warnings)) {
        code = session_fail_list(s, DC_EXIT_INPUT, errors);
        goto out;
    }
    /* The stage is part of the history entry; when the rules fail the
     * change is still saved, without one. */
    const char *stage = NULL;
    int advised = session_advise(s, clean, &advice);
    if (advised == DC_EXIT_OK) stage = str(json_object_get(advice, "stage"), "evidenced");
    else code = advised;
    dc_store_stage_since(s->store, deal_id(clean), &was, &since);
    if (!(text = json_dumps(clean, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        goto out;
    }
    if (dc_store_put(s->store, deal_id(clean), text, what, stage && *stage ? stage : NULL) ||
        (dc_store_in_batch(s->store) && dc_store_end(s->store, 1))) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
        goto out;
    }
    char *shown = session_phrased(s, what);
    session_say(s, "session.saved", shown ? shown : what, NULL);
    free(shown);
    if (stage && *stage && (!was || strcmp(was, stage) != 0))
        session_say(s, "session.stage-now", session_label(s, stage), NULL);
    json_decref(s->deal);
    s->deal = clean;
    clean = NULL;
    s->changes++;
out:
    if (dc_store_in_batch(s->store)) dc_store_end(s->store, 0); /* not saved: nothing of it stays */
    json_decref(deal);
    json_decref(clean);
    json_decref(advice);
    json_decref(errors);
    json_decref(warnings);
    free(text);
    free(was);
    free(since);
    return code;
}


/* --- the commands ------------------------------------------------------------------ */

int run_new(session *s, const session_words *w)
{
    const char *id = w->argv[1];
    json_t *errors = json_array(), *value = json_string(id), *deal = NULL;
    char *text = NULL, *name = session_rest(w, 2);
    int code = DC_EXIT_OK;
    if (!errors || !value || !name) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        goto out;
    }
    char why[DC_DEAL_ID_WHY];
    if (dc_deal_id_problem(id, why)) {
        char *shown = session_phrased(s, dc_deal_id_problem(id, why));
        code = session_fail(s, DC_EXIT_INPUT, "session.bad-id", id, shown ? shown : why, NULL);
        free(shown);
        goto out;
    }
    /* Whether it exists and creating it: one change (see session_commit). */
    int rc = dc_store_begin(s->store);
    if (!rc) rc = dc_store_get(s->store, id, &text);
    if (rc == DC_OK) {
        code = session_fail(s, DC_EXIT_INPUT, "session.deal-exists", id, NULL);
        goto out;
    }
    if (rc != DC_ENOTFOUND) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
        goto out;
    }
    deal = json_pack("{ss}", "id", id);
    if (deal && *name) json_object_set_new(deal, "name", json_string(name));
    if (!deal) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        goto out;
    }
    code = session_commit(s, deal, "created"); /* and it is the open deal */
out:
    json_decref(errors);
    json_decref(value);
    free(text);
    free(name);
    return code;
}

/* "since 2026-11-22 10:04", from the store's stage history. */
static void say_stage_since(session *s, const char *id)
{
    char *stage = NULL, *since = NULL, when[32];
    if (dc_store_stage_since(s->store, id, &stage, &since) == DC_OK)
        session_say(s, "session.stage-since", session_label(s, stage), session_time(since, when), NULL);
    free(stage);
    free(since);
}

int run_open(session *s, const session_words *w)
{
    json_t *deal;
    int code = load(s, w->argv[1], &deal);
    if (code) return code;
    adopt(s, deal);
    session_say(s, "session.opened", deal_id(deal), str(deal, "name"), NULL);
    say_stage_since(s, deal_id(deal));
    int archived = 0;
    if (dc_store_is_archived(s->store, deal_id(deal), &archived) == DC_OK && archived)
        session_say(s, "session.open-archived", deal_id(deal), NULL);
    return DC_EXIT_OK;
}

typedef struct list_walk {
    session *s;
    int count;
} list_walk;

static int list_one(void *ctx, const char *id, const char *json, const char *updated_at)
{
    list_walk *walk = ctx;
    session *s = walk->s;
    json_t *deal = json_loads(json, 0, NULL);
    char *stage = NULL, *since = NULL, when[32];
    (void)updated_at;
    int open = s->deal && strcmp(deal_id(s->deal), id) == 0;
    printf("%s %s", open ? "*" : " ", id);
    if (str(deal, "name")[0]) printf("  %s", str(deal, "name"));
    if (str(deal, "customer")[0]) printf(" (%s)", str(deal, "customer"));
    if (dc_store_stage_since(s->store, id, &stage, &since) == DC_OK) {
        printf("  · ");
        fflush(stdout);
        session_say(s, "session.list-stage", session_label(s, stage), session_time(since, when), NULL);
    } else {
        printf("\n");
    }
    free(stage);
    free(since);
    json_decref(deal);
    walk->count++;
    return 0;
}

static int count_one(void *ctx, const char *id, const char *json, const char *updated_at)
{
    (void)id;
    (void)json;
    (void)updated_at;
    ++*(int *)ctx;
    return 0;
}

/* list: the deals in use; list archived: the archived ones. */
int run_list(session *s, const session_words *w)
{
    list_walk walk = {s, 0};
    int archived = w->argc > 1, hidden = 0;
    if (archived && strcmp(w->argv[1], "archived") != 0)
        return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.list.usage"), NULL);
    if (dc_store_each_deal_of(s->store, archived ? DC_DEALS_ARCHIVED : DC_DEALS_ACTIVE, list_one, &walk) ||
        (!archived && dc_store_each_deal_of(s->store, DC_DEALS_ARCHIVED, count_one, &hidden)))
        return session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
    if (walk.count == 0) session_say(s, archived ? "session.no-archived" : "session.no-deals", NULL);
    if (hidden) {
        char n[16];
        snprintf(n, sizeof n, "%d", hidden);
        session_say(s, "session.archived-hidden", n, NULL);
    }
    return DC_EXIT_OK;
}

/* --- show ------------------------------------------------------------------------------ */

/* The label of `value` when it is one of the ids `path` allows and the
 * catalogs name it, else NULL: "large" of size is "中大型企业". */
static const char *id_label(session *s, const char *path, json_t *value)
{
    if (!json_is_string(value)) return NULL;
    const char *id = json_string_value(value), *label = NULL;
    json_t *ids = dc_edit_field_symbols(dc_coach_engine(s->coach), path);
    size_t i;
    json_t *allowed;
    json_array_foreach(ids, i, allowed) {
        if (strcmp(json_string_value(allowed), id) != 0) continue;
        label = session_label(s, id);
        if (strcmp(label, id) == 0) label = NULL;
        break;
    }
    json_decref(ids);
    return label;
}

/* A value as `set` takes it, then its label as a list item shows it
 * ("large — 中大型企业"). */
static void show_value(session *s, const char *path, json_t *v)
{
    char *text = dc_edit_value_text(v);
    const char *label = id_label(s, path, v);
    if (label) printf(" %s — %s\n", text ? text : "?", label);
    else printf(" %s\n", text ? text : "?");
    free(text);
}

/* An entry (a person, a competitor) as `person add` would take it; in
 * Chinese each id then has its label in brackets ("attitude=supporter
 * (支持者)"). */
static void show_entry(session *s, const char *path, json_t *entry)
{
    const char *key;
    json_t *v;
    int zh = strcmp(s->lang, "zh") == 0;
    printf("    \"%s\"", str(entry, "name"));
    json_object_foreach(entry, key, v) {
        if (strcmp(key, "name") == 0) continue;
        char *text = dc_edit_value_text(v);
        printf(" %s=%s", key, text ? text : "?");
        free(text);
        if (!zh) continue;
        char attr[128];
        snprintf(attr, sizeof attr, "%s.%s", path, key);
        json_t *items = json_is_array(v) ? json_incref(v) : json_pack("[O]", v);
        size_t i, shown = 0;
        json_t *item;
        json_array_foreach(items, i, item) {
            const char *label = id_label(s, attr, item);
            if (label) printf("%s%s", shown++ ? "、" : " (", label);
        }
        if (shown) printf(")");
        json_decref(items);
    }
    printf("\n");
}

/* A field's name as shown: the path `set` takes, after its label in
 * Chinese ("预算 (budget)"), where the catalogs have one. */
static void show_name(session *s, const char *path)
{
    char key[128];
    snprintf(key, sizeof key, "field.%s", path);
    const char *label = strcmp(s->lang, "zh") == 0 ? dc_catalog_get(dc_coach_catalog(s->coach), s->lang, key) : NULL;
    if (label && strcmp(label, path) != 0) printf("  %s (%s):", label, path);
    else printf("  %s:", path);
}

static void show_field(session *s, const char *path, json_t *v)
{
    size_t i;
    json_t *item;
    show_name(s, path);
    if (!json_is_array(v) || json_array_size(v) == 0) {
        show_value(s, path, v);
        return;
    }
    printf("\n");
    json_array_foreach(v, i, item) {
        if (json_is_object(item)) {
            show_entry(s, path, item);
        } else if (strcmp(path, "notes") == 0) {
            printf("    %zu. %s\n", i + 1, json_string_value(item));
        } else {
            const char *id = json_string_value(item), *label = session_label(s, id);
            if (strcmp(label, id) != 0) printf("    %s — %s\n", id, label);
            else printf("    %s\n", id);
        }
    }
}

int run_show(session *s, const session_words *w)
{
    json_t *deal = NULL, *advice = NULL, *paths = NULL;
    int code;
    if (w->argc > 1) {
        if ((code = load(s, w->argv[1], &deal))) return code;
    } else if (!s->deal) {
        return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    } else {
        deal = json_incref(s->deal);
    }
    printf("%s", deal_id(deal));
    if (str(deal, "name")[0]) printf(" — %s", str(deal, "name"));
    if (str(deal, "customer")[0]) printf(" (%s)", str(deal, "customer"));
    printf("\n");
    if ((code = session_advise(s, deal, &advice)) == DC_EXIT_OK) {
        json_t *stage = json_object_get(advice, "stage");
        char win[16];
        snprintf(win, sizeof win, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(stage, "win_probability")));
        session_say(s, "session.show-stage", session_label(s, str(stage, "evidenced")), win, NULL);
    }
    paths = dc_deal_field_paths();
    size_t i;
    json_t *p;
    json_array_foreach(paths, i, p) {
        const char *path = json_string_value(p);
        json_t *v = dc_edit_get(deal, path);
        if (v && strcmp(path, "id") != 0) show_field(s, path, v);
    }
    json_decref(paths);
    json_decref(advice);
    json_decref(deal);
    return code;
}

/* --- history ----------------------------------------------------------------------- */

typedef struct history_walk {
    session *s;
    const char *id;
    int entries;
    char last_stage[64];
} history_walk;

static int history_one(void *ctx, const char *at, const char *what, const char *stage)
{
    history_walk *walk = ctx;
    char when[32];
    if (walk->entries++ == 0) session_say(walk->s, "session.history-heading", walk->id, NULL);
    char *shown = session_phrased(walk->s, what);
    printf("  %s  %s", session_time(at, when), shown ? shown : what);
    free(shown);
    if (stage && strcmp(stage, walk->last_stage) != 0) {
        fflush(stdout);
        session_say(walk->s, "session.history-stage", session_label(walk->s, stage), NULL);
        snprintf(walk->last_stage, sizeof walk->last_stage, "%s", stage);
    } else {
        printf("\n");
    }
    if (!stage && strcmp(what, "deleted") == 0) walk->last_stage[0] = '\0'; /* a new life may follow */
    return 0;
}

int run_history(session *s, const session_words *w)
{
    const char *id = w->argc > 1 ? w->argv[1] : s->deal ? deal_id(s->deal) : NULL;
    history_walk walk = {s, id, 0, ""};
    if (!id) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    int rc = dc_store_each_history(s->store, id, history_one, &walk);
    if (rc == DC_ENOTFOUND) return session_fail(s, DC_EXIT_INPUT, "session.no-such-deal", id, NULL);
    if (rc) return session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
    return DC_EXIT_OK;
}

/* --- import and export ------------------------------------------------------------ */

/* A deal file brought in as `dealcoach import` does (merge.h): a field
 * edited here since the last import of the deal is kept, and the conflict
 * said. The deal is then the open one. */
static int import_deal_file(session *s, const char *path)
{
    json_t *errors = json_array(), *input = NULL, *deal = NULL;
    char *was = NULL, *since = NULL, *stage = NULL;
    dc_import_result r;
    int code = DC_EXIT_OK;
    memset(&r, 0, sizeof r);
    int rc = dc_deal_read_file(path, &input, errors);
    const char *id = json_string_value(json_object_get(input, "id"));
    if (id) dc_store_stage_since(s->store, id, &was, &since);
    if (!rc) rc = dc_import_deal(s->coach, s->store, s->today, input, 1, path, &r);
    if (rc == DC_OK) warn_list(s, r.warnings);
    if (rc == DC_OK && r.outcome == DC_IMPORT_REFUSED) json_array_extend(errors, r.errors);
    if (rc == DC_ESTORE || (rc == DC_EIO && !json_array_size(errors))) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
        goto out;
    }
    if (rc || r.outcome == DC_IMPORT_REFUSED) { /* a refused file changes nothing */
        session_fail(s, DC_EXIT_INPUT, "session.import-refused", path, NULL);
        code = session_fail_list(s, rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT, errors);
        goto out;
    }
    if (r.outcome == DC_IMPORT_UNCHANGED && !json_array_size(r.conflicts)) {
        session_say(s, "session.unchanged", NULL);
    } else {
        dc_buf what = DC_BUF_INIT;
        size_t i;
        json_t *c;
        dc_buf_printf(&what, "imported from %s", path);
        json_array_foreach(r.changes, i, c) dc_buf_printf(&what, "%s%s", i ? ", " : ": ", json_string_value(c));
        char *text = dc_buf_take(&what), *shown = text ? session_phrased(s, text) : NULL;
        session_say(s, "session.saved", shown ? shown : text ? text : path, NULL);
        free(shown);
        free(text);
    }
    size_t i;
    json_t *c;
    json_array_foreach(r.conflicts, i, c) {
        char *shown = session_phrased(s, json_string_value(c));
        session_fail(s, DC_EXIT_OK, "session.import-conflict", shown ? shown : json_string_value(c), NULL);
        free(shown);
    }
    free(since);
    since = NULL;
    if (dc_store_stage_since(s->store, id, &stage, &since) == DC_OK && (!was || strcmp(was, stage) != 0))
        session_say(s, "session.stage-now", session_label(s, stage), NULL);
    if ((code = load(s, id, &deal)) == DC_EXIT_OK) {
        adopt(s, deal);
        session_say(s, "session.opened", deal_id(s->deal), str(s->deal, "name"), NULL);
    }
out:
    dc_import_result_free(&r);
    json_decref(errors);
    json_decref(input);
    free(was);
    free(since);
    free(stage);
    return code;
}

/* import FILE [--map MAP] [--dry-run]: a file named *.csv or *.tsv, or
 * one that does not start as JSON does, is a CRM export (session_import.c);
 * any other a deal file. */
int run_import(session *s, const session_words *w)
{
    const char *path = NULL, *map = NULL;
    int dry_run = 0, bad = 0;
    for (int i = 1; i < w->argc; i++) {
        if (strcmp(w->argv[i], "--dry-run") == 0) dry_run = 1;
        else if (strcmp(w->argv[i], "--map") == 0 && i + 1 < w->argc && !map) map = w->argv[++i];
        else if (!path && strcmp(w->argv[i], "--map") != 0) path = w->argv[i];
        else bad = 1;
    }
    if (bad || !path) return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.import.usage"), NULL);
    size_t len = strlen(path);
    int csv_name = len > 4 && (strcasecmp(path + len - 4, ".csv") == 0 || strcasecmp(path + len - 4, ".tsv") == 0);
    if (csv_name) return session_import_csv(s, path, map, dry_run);
    if (dc_csv_looks_like(path)) { /* said, since the name does not say it */
        session_say(s, "session.import-as-csv", path, NULL);
        return session_import_csv(s, path, map, dry_run);
    }
    if (map || dry_run) return session_fail(s, DC_EXIT_INPUT, "session.import-csv-options", path, NULL);
    return import_deal_file(s, path);
}

/* export --jsonl [FILE]: every deal in use, one per line. */
static int write_line(void *out, const char *id, const char *json, const char *updated_at)
{
    json_t *deal = json_loads(json, 0, NULL);
    char *line = deal ? json_dumps(deal, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    int rc = fprintf(out, "%s\n", line ? line : json) < 0 ? -1 : 0;
    (void)id;
    (void)updated_at;
    free(line);
    json_decref(deal);
    return rc;
}

static int export_all(session *s, const char *path)
{
    FILE *f = path ? fopen(path, "w") : stdout;
    if (!f) return session_fail(s, DC_EXIT_INPUT, "session.cannot-write", path, strerror(errno), NULL);
    int rc = dc_store_each_deal(s->store, write_line, f), closed = path ? fclose(f) : fflush(f);
    if (rc == -1 || closed != 0)
        return session_fail(s, DC_EXIT_INPUT, "session.cannot-write", path ? path : "-", strerror(errno), NULL);
    if (rc)
        return session_fail(s, DC_EXIT_INTERNAL, "session.store-failed", dc_store_message(s->store), NULL);
    if (path) session_say(s, "session.exported-all", path, NULL);
    return DC_EXIT_OK;
}

int run_export(session *s, const session_words *w)
{
    if (w->argc > 1 && strcmp(w->argv[1], "--jsonl") == 0) return export_all(s, w->argc > 2 ? w->argv[2] : NULL);
    if (w->argc > 2) return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.export.usage"), NULL);
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    char *text = json_dumps(s->deal, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    int code = DC_EXIT_OK;
    if (w->argc == 1) {
        printf("%s\n", text);
    } else {
        const char *path = w->argv[1];
        FILE *f = fopen(path, "w");
        int written = f && fprintf(f, "%s\n", text) >= 0;
        if (f && fclose(f) != 0) written = 0;
        if (!written) {
            code = session_fail(s, DC_EXIT_INPUT, "session.cannot-write", path, strerror(errno), NULL);
        } else {
            session_say(s, "session.exported", deal_id(s->deal), path, NULL);
        }
    }
    free(text);
    return code;
}

typedef struct id_walk {
    json_t *ids;
} id_walk;

static int collect_id(void *ctx, const char *id, const char *json, const char *updated_at)
{
    (void)json;
    (void)updated_at;
    json_array_append_new(((id_walk *)ctx)->ids, json_string(id));
    return 0;
}

json_t *session_deal_ids(session *s, unsigned which)
{
    id_walk walk = {json_array()};
    if (walk.ids) dc_store_each_deal_of(s->store, which, collect_id, &walk);
    return walk.ids;
}
