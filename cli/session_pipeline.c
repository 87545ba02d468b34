/* session_pipeline.c - `pipeline` in the session: every deal of the store
 * on one line, as `dealcoach pipeline` shows it (cli/pipeline_view.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "pipeline_view.h"
#include "session.h"

int run_pipeline(session *s, const session_words *w)
{
    pipeline_view view;
    int argc = w->argc, code = DC_EXIT_OK;
    char **argv = calloc((size_t)argc + 1, sizeof *argv), *text = NULL;
    json_t *errors = json_array(), *warnings = json_array();
    dc_pipeline *p = NULL;
    memset(&view, 0, sizeof view);
    if (!argv || !errors || !warnings) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        goto out;
    }
    memcpy(argv, w->argv, (size_t)argc * sizeof *argv);
    if (pipeline_view_options(&view, &argc, argv, "pipeline", stderr)) {
        code = DC_EXIT_INPUT;
        goto out;
    }
    if (argc > 1) {
        code = session_fail(s, DC_EXIT_INPUT, "session.pipeline-bad-word", argv[1], NULL);
        goto out;
    }
    if (!(p = dc_pipeline_new(s->coach, s->today, s->lang))) {
        code = session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        goto out;
    }
    int rc = dc_pipeline_add_store(p, s->store, errors, warnings);
    if (rc == DC_EINPUT) code = session_fail_list(s, DC_EXIT_INPUT, errors);
    else if (rc) {
        code = session_fail(s, rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL,
                            "session.pipeline-failed", dc_pipeline_message(p), NULL);
        goto out;
    }
    char msg[2048];
    rc = pipeline_view_render(&view, p, s->interactive && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), &text,
                              msg, sizeof msg);
    if (rc) {
        code = session_fail(s, rc == DC_EINPUT ? DC_EXIT_INPUT
                             : rc == DC_ERULES || rc == DC_EIO ? DC_EXIT_RULES
                             : rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL,
                            "session.pipeline-failed", msg, NULL);
        goto out;
    }
    fputs(text, stdout);
out:
    free(text);
    free(argv);
    dc_pipeline_free(p);
    json_decref(errors);
    json_decref(warnings);
    return code;
}
