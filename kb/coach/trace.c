/* trace.c - the rules fired, for people (see trace.h). */
#include "trace.h"

#include "source.h"
#include "strbuf.h"

char *dc_trace_text(json_t *trace)
{
    dc_buf b = DC_BUF_INIT;
    size_t i, j;
    json_t *step, *fact;
    dc_buf_printf(&b, "Rules fired, in order (%zu):\n", json_array_size(trace));
    json_array_foreach(trace, i, step) {
        const char *file = json_string_value(json_object_get(step, "file"));
        dc_buf_printf(&b, "%4zu. %s  (%s)\n", i + 1, json_string_value(json_object_get(step, "rule")),
                      file ? dc_source_shown_path(file) : "?");
        json_array_foreach(json_object_get(step, "facts"), j, fact)
            dc_buf_printf(&b, "        %s\n", json_string_value(fact));
    }
    return dc_buf_take(&b);
}
