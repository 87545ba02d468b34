/* pipeline_view.h - the pipeline as `dealcoach pipeline` and the session's
 * `pipeline` command show it: the view's options, then the listing or
 * spec §8 JSON. */
#ifndef DC_PIPELINE_VIEW_H
#define DC_PIPELINE_VIEW_H

#include <stdio.h>
#include "pipeline.h"

typedef struct pipeline_view {
    dc_pipeline_filter filter;
    const char *since;   /* --since DATE: what changed since then, or NULL */
    const char *html;    /* --html FILE: also write the HTML report there */
} pipeline_view;

/* Take the view's own options (--stage S, --owner O, --at-risk, --sort
 * KEY, --since DATE, --html FILE) out of argv[1..argc-1], moving the other words down in order and
 * updating *argc. Returns 0, or -1 after printing "PREFIX: problem" to
 * `err` (a missing value). Values are checked when the view is shown. */
int pipeline_view_options(pipeline_view *v, int *argc, char **argv, const char *prefix, FILE *err);

/* Select the deals, judge their funnel (kb/pipeline/funnel.h) and render
 * it all: on DC_OK *text is the listing, malloc'd, the caller frees it.
 * `color`: ANSI colours. Otherwise a status, with what went wrong in `msg`
 * (an unknown stage or sort key: DC_EINPUT; the funnel rules: DC_ERULES,
 * DC_ELIMIT, DC_ERUNTIME) or DC_ENOMEM. */
int pipeline_view_render(const pipeline_view *v, dc_pipeline *p, int color, char **text,
                         char *msg, size_t size);

/* The same as spec §8 JSON: on DC_OK *json is a new reference. */
int pipeline_view_json(const pipeline_view *v, dc_pipeline *p, json_t **json, char *msg, size_t size);

#endif
