/* funnel.h - funnel health across the deals of a pipeline (playbook §1):
 * capacity 粗细, slope 斜率, uniformity 均匀, velocity 流速.
 *
 * dealcoach counts the measures (C: sums, shares, conversions, medians;
 * no judgement) and asserts them as facts into an engine of their own,
  * loaded with rules/00-schema.clp and the rule files of rules/funnel/; the rules there
 * judge them against thresholds a coach edits and conclude findings and
 * actions, as a deal's rules do. The JSON shape is in docs/funnel.md.
 */
#ifndef DC_FUNNEL_H
#define DC_FUNNEL_H

#include <jansson.h>
#include "paths.h"
#include "pipeline.h"

typedef struct dc_funnel dc_funnel;

dc_funnel *dc_funnel_new(void); /* NULL only when out of memory */
void dc_funnel_free(dc_funnel *f); /* NULL is fine */
const char *dc_funnel_message(const dc_funnel *f);

/* Load the schema and the funnel rules of `paths` (rules_dir/00-schema.clp,
 * then rules_dir/funnel/), then each of `extra`: a file or directory of
 * funnel rules a coach gives. DC_ERULES / DC_EIO with the message
 * ("FILE:LINE: ..."). */
int dc_funnel_load(dc_funnel *f, const dc_paths *paths, char *const *extra, size_t n_extra);

/* The funnel of the deals selected in `p`: on DC_OK *out is a new object
 * {"funnel": {capacity, slope, uniformity, velocity}, "findings": [...],
 * "actions": [...]} with texts in the pipeline's language. DC_ELIMIT /
 * DC_ERUNTIME when the rules fail, DC_ENOMEM. */
int dc_funnel_run(dc_funnel *f, const dc_pipeline *p, json_t **out);

#endif
