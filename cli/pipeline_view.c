/* pipeline_view.c - options and output of the pipeline. See pipeline_view.h. */
#include "pipeline_view.h"

#include <stdlib.h>
#include <string.h>

#include "listing.h"

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

int pipeline_view_json(const pipeline_view *v, dc_pipeline *p, json_t **out)
{
    *out = NULL;
    int rc = dc_pipeline_select(p, &v->filter);
    if (rc) return rc;
    *out = json_pack("{ss so}", "as_of", dc_pipeline_today(p), "deals", dc_pipeline_rows_json(p));
    return *out ? DC_OK : DC_ENOMEM;
}

int pipeline_view_render(const pipeline_view *v, dc_pipeline *p, int color, char **text)
{
    *text = NULL;
    int rc = dc_pipeline_select(p, &v->filter);
    if (rc) return rc;
    *text = dc_listing_render(p, dc_coach_catalog(dc_pipeline_coach(p)), NULL, color);
    return *text ? DC_OK : DC_ENOMEM;
}
