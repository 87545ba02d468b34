/* trace.h - the rules fired for one deal, in order, for the expert
 * (`advise --trace`). The trace itself comes from dc_coach_trace. */
#ifndef DC_TRACE_H
#define DC_TRACE_H

#include <jansson.h>

/* "Rules fired, in order (N):" then per firing "  K. RULE  (FILE)" and the
 * facts it matched, one a line. malloc'd, NULL when out of memory. */
char *dc_trace_text(json_t *trace);

#endif
