/* rules_worker.c - a coach's rule files in a sandboxed worker (see
 * rules_worker.h). */
#define _POSIX_C_SOURCE 200809L
#include "rules_worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notes.h"
#include "sandbox.h"

/* Limits of the worker: memory for the engine and a deal's facts (the
 * playbook needs ~30 MiB), CPU over its whole life (a session's worth of
 * deals), and how long the parent waits for each answer (the engine's
 * own limits stop a rule well before). */
#define WORKER_MEMORY_MIB 1024
#define WORKER_CPU_SECONDS 3600
#define WORKER_LOAD_SECONDS 60.0
#define WORKER_ADVISE_SECONDS (3 * DC_RUN_SECONDS + 5)

struct dc_rules_worker {
    dc_sandbox *sandbox;
};

typedef struct worker_ctx {
    dc_coach *coach; /* the worker's own copy */
    const dc_rule_text *texts;
    size_t n;
} worker_ctx;

/* --- in the worker ------------------------------------------------------------------ */

static void worker_out_of_memory(size_t bytes)
{
    (void)bytes;
    _exit(DC_SANDBOX_EXIT_OOM);
}

static json_t *begin_loading(void *ctx_)
{
    worker_ctx *ctx = ctx_;
    dc_engine *e = dc_coach_engine(ctx->coach);
    dc_engine_set_oom_handler(e, worker_out_of_memory);
    size_t before = dc_engine_problem_count(e);
    int rc = DC_OK;
    for (size_t i = 0; i < ctx->n && rc == DC_OK; i++)
        rc = dc_engine_load_text(e, ctx->texts[i].path, ctx->texts[i].text, ctx->texts[i].len);
    json_t *problems = json_array();
    for (size_t i = before; problems && i < dc_engine_problem_count(e); i++)
        json_array_append_new(problems, json_string(dc_engine_problem(e, i)));
    return json_pack("{sisssO*}", "status", rc, "message", dc_engine_message(e), "problems", problems);
}

static json_t *serve_advise(worker_ctx *ctx, json_t *request)
{
    json_t *warnings = json_array(), *advice = NULL, *questions = NULL;
    const char *today = json_string_value(json_object_get(request, "today"));
    const char *lang = json_string_value(json_object_get(request, "lang"));
    int tracing = json_is_true(json_object_get(request, "trace"));
    json_t *history = json_object_get(request, "history");
    dc_coach_set_trace(ctx->coach, tracing);
    int rc = dc_coach_advise_history(ctx->coach, json_object_get(request, "deal"),
                                     json_is_null(history) ? NULL : history, today ? today : "",
                                     lang ? lang : "en", warnings, &advice);
    if (rc == DC_OK && !(questions = dc_coach_questions(ctx->coach))) rc = DC_ENOMEM;
    /* Firings per rule over every deal so far: coverage reads them. */
    json_t *fired = dc_engine_fire_counts(dc_coach_engine(ctx->coach)); /* a new object */
    json_t *reply = json_pack("{sisssO*so*so*so*}", "status", rc, "message",
                              rc ? dc_coach_message(ctx->coach) : "", "warnings", warnings,
                              "advice", advice, "questions", questions, "fire_counts", fired);
    if (reply && tracing) json_object_set_new(reply, "trace", dc_coach_trace(ctx->coach));
    json_decref(warnings);
    return reply;
}

static json_t *serve(void *ctx, json_t *request)
{
    const char *op = json_string_value(json_object_get(request, "op"));
    if (op && strcmp(op, "advise") == 0) return serve_advise(ctx, request);
    return json_pack("{siss}", "status", DC_EINPUT, "message", "unknown request");
}

/* --- in the parent -------------------------------------------------------------------- */

static const dc_sandbox_limits limits = {WORKER_MEMORY_MIB, WORKER_CPU_SECONDS, WORKER_LOAD_SECONDS};

dc_rules_worker *dc_rules_worker_start(dc_coach *coach, const dc_rule_text *texts, size_t n,
                                       int *rc, json_t *problems, char *msg, size_t msg_size)
{
    worker_ctx ctx = {coach, texts, n};
    json_t *first = NULL;
    dc_rules_worker *w = calloc(1, sizeof *w);
    *rc = DC_ENOMEM;
    snprintf(msg, msg_size, "out of memory (or no process could be made for the rules)");
    /* The worker may open no file: what reading notes loads on demand
     * (OpenCC) is loaded before it is made. */
    dc_notes_prepare(dc_coach_notes(coach));
    if (!w || !(w->sandbox = dc_sandbox_start(&limits, begin_loading, serve, &ctx, &first))) goto fail;
    if (!first) {
        snprintf(msg, msg_size, "while loading the rule files: %s", dc_sandbox_message(w->sandbox));
        *rc = DC_ERUNTIME;
        goto fail;
    }
    *rc = (int)json_integer_value(json_object_get(first, "status"));
    snprintf(msg, msg_size, "%s", *rc ? json_string_value(json_object_get(first, "message")) : "");
    json_array_extend(problems, json_object_get(first, "problems"));
    json_decref(first);
    first = NULL;
    if (*rc) goto fail;
    return w;
fail:
    json_decref(first);
    dc_rules_worker_free(w);
    return NULL;
}

int dc_rules_worker_advise(dc_rules_worker *w, json_t *deal, json_t *history, const char *today,
                           const char *lang, int trace, json_t *warnings, json_t **advice,
                           json_t **questions, json_t **reply_out, char *msg, size_t msg_size)
{
    json_t *reply = NULL;
    *reply_out = NULL;
    json_t *request = json_pack("{sssOsO*sssssb}", "op", "advise", "deal", deal, "history", history,
                                "today", today, "lang", lang, "trace", trace);
    *advice = *questions = NULL;
    if (!request) {
        snprintf(msg, msg_size, "out of memory");
        return DC_ENOMEM;
    }
    int rc = dc_sandbox_call(w->sandbox, request, WORKER_ADVISE_SECONDS, &reply);
    json_decref(request);
    if (rc) {
        snprintf(msg, msg_size, "%s", dc_sandbox_message(w->sandbox));
        return rc;
    }
    rc = (int)json_integer_value(json_object_get(reply, "status"));
    const char *message = json_string_value(json_object_get(reply, "message"));
    snprintf(msg, msg_size, "%s", message ? message : "");
    if (warnings) json_array_extend(warnings, json_object_get(reply, "warnings"));
    if (rc == DC_OK) {
        *advice = json_incref(json_object_get(reply, "advice"));
        *questions = json_incref(json_object_get(reply, "questions"));
        if (!json_is_object(*advice) || !json_is_array(*questions)) {
            json_decref(*advice);
            json_decref(*questions);
            *advice = *questions = NULL;
            snprintf(msg, msg_size, "the rules engine answered without advice");
            rc = DC_ERUNTIME;
        }
    }
    *reply_out = reply;
    return rc;
}

void dc_rules_worker_free(dc_rules_worker *w)
{
    if (!w) return;
    dc_sandbox_free(w->sandbox);
    free(w);
}
