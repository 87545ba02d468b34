#define _POSIX_C_SOURCE 200809L
/* pipeline_view.c - options and output of the pipeline. See pipeline_view.h. */
#include "pipeline_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "date.h"
#include "funnel.h"
#include "listing.h"
#include "paths.h"
#include "report_html.h"
#include "strbuf.h"

int pipeline_view_options(pipeline_view *v, int *argc, char **argv, const char *prefix, FILE *err)
{
    int out = 1, done = 0;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        const char **value = NULL;
        if (done || strcmp(a, "--") == 0) {
            done = 1;
        } else if (strcmp(a, "--at-risk") == 0) {
            v->filter.at_risk = 1;
            continue;
        } else if (strcmp(a, "--stage") == 0) {
            value = &v->filter.stage;
        } else if (strcmp(a, "--owner") == 0) {
            value = &v->filter.owner;
        } else if (strcmp(a, "--sort") == 0) {
            value = &v->filter.sort;
        } else if (strcmp(a, "--since") == 0) {
            value = &v->since;
        } else if (strcmp(a, "--html") == 0) {
            value = &v->html;
        }
        if (!value) {
            argv[out++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            fprintf(err, "%s: option '%s' needs a value\n", prefix, a);
            return -1;
        }
        *value = argv[++i];
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

/* The funnel of the deals selected: {"funnel", "findings", "actions"}. */
static int funnel_of(dc_pipeline *p, json_t **out, char *msg, size_t size)
{
    dc_paths paths;
    dc_funnel *f = NULL;
    int rc = dc_paths_find(&paths);
    if (rc) return rc;
    if (!(f = dc_funnel_new())) rc = DC_ENOMEM;
    if (!rc) rc = dc_funnel_load(f, &paths, NULL, 0);
    if (!rc) rc = dc_funnel_run(f, p, out);
    if (rc && f) snprintf(msg, size, "%s", dc_funnel_message(f));
    dc_funnel_free(f);
    dc_paths_free(&paths);
    return rc;
}

/* Select the deals; check --since. */
static int select_deals(const pipeline_view *v, dc_pipeline *p, char *msg, size_t size)
{
    long since, today = dc_pipeline_day(p);
    int rc = dc_pipeline_select(p, &v->filter);
    if (rc) snprintf(msg, size, "%s", dc_pipeline_message(p));
    else if (v->since && !dc_date_parse(v->since, &since)) {
        snprintf(msg, size, "--since: '%s' is not a date YYYY-MM-DD", v->since);
        rc = DC_EINPUT;
    } else if (v->since && since > today) {
        snprintf(msg, size, "--since: %s is after the evaluation date %s", v->since, dc_pipeline_today(p));
        rc = DC_EINPUT;
    }
    return rc;
}

/* With --html: write the report (kb/pipeline/report_html.h) to its file. */
static int write_html(const pipeline_view *v, dc_pipeline *p, json_t *funnel, char *msg, size_t size)
{
    if (!v->html) return DC_OK;
    json_t *changes = v->since ? dc_changes(p, v->since) : NULL;
    char why[1024];
    char *html = dc_html_report(p, dc_coach_catalog(dc_pipeline_coach(p)), funnel, changes, why, sizeof why);
    json_decref(changes);
    if (!html) {
        snprintf(msg, size, "--html: %s", why);
        return DC_ENOTFOUND; /* exit 1: the installation, not the input */
    }
    FILE *f = fopen(v->html, "w");
    int rc = DC_OK;
    if (!f || fputs(html, f) == EOF || fflush(f) == EOF) {
        snprintf(msg, size, "--html: cannot write %s: %s", v->html, strerror(errno));
        rc = DC_EIO;
    }
    if (f && fclose(f) == EOF && rc == DC_OK) {
        snprintf(msg, size, "--html: cannot write %s: %s", v->html, strerror(errno));
        rc = DC_EIO;
    }
    free(html);
    return rc;
}

/* What both views do first: pick the deals, judge the funnel, write the
 * HTML report if asked. On DC_OK *funnel is a new reference. */
static int prepare(const pipeline_view *v, dc_pipeline *p, json_t **funnel, char *msg, size_t size)
{
    *funnel = NULL;
    snprintf(msg, size, "%s", "out of memory");
    int rc = select_deals(v, p, msg, size);
    if (rc) return rc;
    if ((rc = funnel_of(p, funnel, msg, size))) return rc;
    if ((rc = write_html(v, p, *funnel, msg, size))) {
        json_decref(*funnel);
        *funnel = NULL;
    }
    return rc;
}

int pipeline_view_json(const pipeline_view *v, dc_pipeline *p, json_t **out, char *msg, size_t size)
{
    json_t *funnel = NULL;
    *out = NULL;
    int rc = prepare(v, p, &funnel, msg, size);
    if (rc) return rc;
    *out = json_pack("{ss so sO sO sO}", "as_of", dc_pipeline_today(p), "deals", dc_pipeline_rows_json(p),
                     "funnel", json_object_get(funnel, "funnel"),
                     "findings", json_object_get(funnel, "findings"),
                     "actions", json_object_get(funnel, "actions"));
    json_decref(funnel);
    if (*out && v->since && json_object_set_new(*out, "changes", dc_changes(p, v->since))) {
        json_decref(*out);
        *out = NULL;
    }
    return *out ? DC_OK : DC_ENOMEM;
}

int pipeline_view_render(const pipeline_view *v, dc_pipeline *p, int color, char **text,
                         char *msg, size_t size)
{
    json_t *funnel = NULL;
    *text = NULL;
    int rc = prepare(v, p, &funnel, msg, size);
    if (rc) return rc;
    const dc_catalog *cat = dc_coach_catalog(dc_pipeline_coach(p));
    char *listing = dc_listing_render(p, cat, funnel, color);
    json_decref(funnel);
    char *changed = NULL;
    if (listing && v->since) {
        json_t *changes = dc_changes(p, v->since);
        changed = changes ? dc_changes_render(cat, dc_pipeline_lang(p), changes) : NULL;
        json_decref(changes);
        if (!changed) {
            free(listing);
            return DC_ENOMEM;
        }
    }
    if (!listing) return DC_ENOMEM;
    if (!changed) {
        *text = listing;
        return DC_OK;
    }
    dc_buf all = DC_BUF_INIT;
    dc_buf_puts(&all, listing);
    dc_buf_puts(&all, changed);
    free(listing);
    free(changed);
    *text = dc_buf_take(&all);
    return *text ? DC_OK : DC_ENOMEM;
}
