/* engine.c - the CLIPS adapter: the only file of dealcoach that talks to CLIPS.
 *
 * Design notes (see ../shared/notes/clips-6.30.md for the traps):
 * - All CLIPS output goes through a router that captures it in a buffer on
 *   the handle, so nothing is ever printed; error text becomes our message.
 * - Parse errors come with file and line through the parser error callback.
 * - Facts are asserted through the fact API, never EnvAssertString: a failed
 *   string assert would block EnvClear for the environment's life.
 * - Provenance: a before-run hook notes which activation is about to fire and
 *   an assert hook ties each new fact to that rule and the facts it matched.
 * - Only the functions of an allowlist stay defined, CLIPS's console router
 *   is off, rule files are read and checked by us (guards.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <clips.h>

#include "guards.h"
#include "image.h"
#include "stamp.h"

#define ROUTER_NAME "dealcoach-capture"
#define REFERENCE_READS 8 /* templates of reference facts read back, kept */
#define HOOK_NAME "dealcoach-provenance"

/* What a fact was made from: the firing that asserted it (e->firings).
 * Fact indexes only grow while a deal runs, so the list is sorted. */
typedef struct provenance {
    long long fact_index;
    size_t firing;
} provenance;

/* One firing that asserted facts: the rule (its name symbol, counted so it
 * outlives a redefinition) and the facts it matched, kept as fact indexes
 * (e->basis_ids[basis .. basis + n_basis - 1]) and rendered only when read;
 * on the plain path as CLIPS's text "f-3,f-1,*" (basis_text). */
typedef struct firing {
    void *rule_name;
    size_t basis, n_basis;
    char *basis_text;
} firing;

struct dc_engine {
    void *env;
    char message[2048];

    /* CLIPS output captured by the router since the last clear. */
    char *output;
    size_t output_len, output_cap;

    /* Load problems, "FILE:LINE: MESSAGE". */
    char **problems;
    size_t problem_count, problem_cap;
    size_t problems_at_load_start;

    /* Optimisations switched off (dc_engine_set_plain). */
    unsigned plain;

    /* While running: the firing now is firings[firing_count] until it
     * asserts a fact, which keeps it (firing_open). */
    int running, firing_open, firing_kept;
    void *last_rule;         /* the defrule that fired last, for messages */
    firing *firings;
    size_t firing_count, firing_cap;
    long long *basis_ids;
    size_t basis_count, basis_cap;

    provenance *prov;
    size_t prov_count, prov_cap;
    unsigned periodic_calls; /* the clock is read every DC_CLOCK_EVERY calls */

    /* Per-deal retraction (see dc_engine_reset): the state a full reset
     * leaves, recorded after one - the reference facts (deffacts), the
     * counters, and the agenda (rule and basis of each activation, in
     * order). ref_ok: recorded and still true of the loaded rules;
     * settled: the last run since then ended with nothing left to fire. */
    int ref_ok, settled;
    size_t ref_facts;
    struct fact *ref_last;
    long long ref_next_index, ref_timetag;
    struct ref_activation { void *rule; size_t basis, n_basis; } *ref_agenda;
    size_t ref_agenda_count, ref_agenda_cap;
    long long *ref_basis;
    size_t ref_basis_count, ref_basis_cap;
    unsigned long reset_full, reset_retract; /* how often each way, for tests */

    /* Looked up once, until rules load again: templates by name (NULL:
     * none), and what each slot of a template asserted from C takes. */
    struct template_entry { char *name; void *tmpl; } *templates;
    size_t templates_cap, templates_used;
    struct slot_specs { void *tmpl; size_t n; struct slot_spec *spec; } *specs;
    size_t specs_count, specs_cap;

    /* Reference facts read back (dc_engine_facts_lean): per template whose
     * facts were all reference facts, their indexes and their JSON, valid
     * while no full reset came between (reset_full) and the template has
     * exactly those facts; forgotten when rules load. */
    struct reference_read {
        void *tmpl;
        unsigned long epoch;
        size_t n;
        long long *indexes;
        json_t *facts;
    } reference_reads[REFERENCE_READS];
    size_t reference_reads_used;

    /* Wall-clock deadline of the current call, 0 when none, and why the
     * periodic check stopped CLIPS (0: it did not). */
    double deadline;
    enum { STOPPED_NOT = 0, STOPPED_TIME, STOPPED_DEPTH, STOPPED_MEMORY } stopped;

    char *scratch; /* returned by dc_engine_rule_comment */
    dc_engine_oom_fn *on_oom; /* ends the process when CLIPS runs out of memory */
    double guard_seconds; /* time limit of load, reset and assert */

    /* For the coach tools: the file each rule came from (name -> path),
     * and, when tracing, each firing of the last run {rule, basis ids}. */
    json_t *rule_files, *trace;
    int tracing;
    /* Firings per rule since the last load and in the current run: an
     * open-addressing table keyed by the rule's pointer, so counting costs
     * a few instructions a firing. */
    struct fire_count { void *rule; long total, run; unsigned run_id; } *counts;
    size_t counts_cap, counts_used;
    unsigned run_id;

    /* Loaded so far: rule texts parsed, and whether the rules came from a
     * binary image (then nothing can be added, and what CLIPS does not
     * keep in an image - each rule's text - is read from image_meta:
     * "RULE\0FILE\0TEXT\0" per rule). */
    size_t texts_loaded;
    int from_image;
    char *image_meta;
    size_t image_meta_len;
    /* The digest of the rule files of the one directory loaded as text
     * (dc_engine_load_dir), what an image of these rules records; valid
     * only when nothing else was loaded (texts_loaded == dir_texts). */
    uint64_t dir_digest, dir_stamp;
    size_t dir_texts;
    int dir_digest_valid;
};

/* Deeper than this, an evaluation is a runaway recursion: stop it before
 * it overflows the C stack (CLIPS overflows at a few thousand frames). */
#define MAX_EVALUATION_DEPTH 1500

/* More than this much memory in CLIPS's hands is a runaway rule (the
 * shipped playbook uses a few MiB). */
#define MEMORY_LIMIT_BYTES (128L << 20)

/* The default time limit of loading, resetting and asserting (runs take
 * their own). */
#define GUARD_SECONDS 10.0

/* The periodic check reads the clock once every this many calls (a power
 * of two): CLIPS calls it after every firing and every loop iteration of
 * a right-hand side, so a loop still meets its deadline within a few
 * microseconds' work. The plain path reads it on every call. */
#define DC_CLOCK_EVERY 16

static void forget_lookups(dc_engine *e);

/* --- small helpers -------------------------------------------------------- */

static void set_message(dc_engine *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy) memcpy(copy, s, n);
    return copy;
}

static void replace_string(char **slot, const char *s)
{
    free(*slot);
    *slot = s ? dup_string(s) : NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The captured CLIPS output, trimmed, as one line (newlines become spaces). */
static const char *captured_text(dc_engine *e)
{
    if (!e->output) return "";
    char *p = e->output, *w = e->output;
    int space = 0;
    for (; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
            space = (w != e->output);
            continue;
        }
        if (space) *w++ = ' ';
        space = 0;
        *w++ = *p;
    }
    *w = '\0';
    e->output_len = (size_t)(w - e->output);
    return e->output;
}

static void clear_output(dc_engine *e)
{
    e->output_len = 0;
    if (e->output) e->output[0] = '\0';
}

/* --- the capture router ----------------------------------------------------- */

/* Every logical name CLIPS writes to or reads from the console is ours:
 * nothing reaches the terminal, and rules read no standard input. CLIPS's
 * own console router is off (guards.c), so any other name a rule prints
 * to is an error, captured like the rest. */
static int router_query(void *env, const char *name)
{
    (void)env;
    static const char *const names[] = {"werror", "wwarning", "wtrace", "wdisplay", "wclips",
                                         "wdialog", "wprompt", "stdout", "stdin", "t", NULL};
    /* Asked for every character CLIPS reads (of the rule text, too): the
     * names all begin with w, s or t, so most questions end here. */
    if (name[0] != 'w' && name[0] != 's' && name[0] != 't') return FALSE;
    for (int i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0) return TRUE;
    return FALSE;
}

static int is_error_channel(const char *name)
{
    return strcmp(name, "werror") == 0 || strcmp(name, "wwarning") == 0;
}

/* Keep what CLIPS writes to werror and wwarning (it becomes our message);
 * drop what rules print. On out of memory the text is dropped: the caller
 * still gets a status, only the detail is lost. */
static int router_print(void *env, const char *name, const char *text)
{
    dc_engine *e = GetEnvironmentRouterContext(env);
    if (!is_error_channel(name)) return TRUE;
    size_t n = strlen(text);
    if (e->output_len + n + 1 > e->output_cap) {
        size_t cap = e->output_cap ? e->output_cap : 256;
        while (cap < e->output_len + n + 1) cap *= 2;
        if (cap > (1u << 20)) return TRUE; /* a runaway printout: keep the first MiB */
        char *grown = realloc(e->output, cap);
        if (!grown) return TRUE;
        e->output = grown;
        e->output_cap = cap;
    }
    memcpy(e->output + e->output_len, text, n + 1);
    e->output_len += n;
    return TRUE;
}

static int router_getc(void *env, const char *name)
{
    (void)env, (void)name;
    return EOF; /* rules get no standard input */
}

static int router_ungetc(void *env, int ch, const char *name)
{
    (void)env, (void)name;
    return ch;
}

/* --- load problems ---------------------------------------------------------- */

static void add_problem(dc_engine *e, const char *text)
{
    if (e->problem_count == e->problem_cap) {
        size_t cap = e->problem_cap ? e->problem_cap * 2 : 8;
        char **grown = realloc(e->problems, cap * sizeof *grown);
        if (!grown) return;
        e->problems = grown;
        e->problem_cap = cap;
    }
    char *copy = dup_string(text);
    if (copy) e->problems[e->problem_count++] = copy;
}

/* A hint for CLIPS messages that mislead people who write rules. */
static const char *hint_for(const char *message)
{
    static const char *const constructs[] = {"defrule.", "deftemplate.", "deffacts.",
                                             "deffunction.", "defglobal.", NULL};
    const char *missing = strstr(message, "Missing function declaration for ");
    if (!missing) return "";
    const char *name = missing + strlen("Missing function declaration for ");
    for (int i = 0; constructs[i]; i++)
        if (strncmp(name, constructs[i], strlen(constructs[i])) == 0)
            return " (a parenthesis is probably missing in the construct before it)";
    char function[128];
    size_t n = strcspn(name, ". \n");
    snprintf(function, sizeof function, "%.*s", (int)(n < sizeof function ? n : sizeof function - 1), name);
    if (dc_guard_is_removed(function)) return " (this function is not allowed in dealcoach rules)";
    return "";
}

/* CLIPS calls this once per parse error, with the file and line. Its text
 * spans several lines ("[CODE] message", then the construct so far); the
 * first line says what went wrong. */
static void on_parse_error(void *env, const char *file, const char *warning,
                           const char *error, long line)
{
    dc_engine *e = GetEnvironmentContext(env);
    const char *what = error ? error : warning ? warning : "";
    while (*what == '\n' || *what == ' ') what++;
    size_t n = strcspn(what, "\n");
    char first[512];
    snprintf(first, sizeof first, "%.*s", (int)(n < sizeof first ? n : sizeof first - 1), what);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s:%ld: %s%s", file ? file : "?", line,
             first[0] ? first : "syntax error", hint_for(first));
    add_problem(e, buf);
}

/* --- firing counts -------------------------------------------------------------- */

static size_t count_slot(const dc_engine *e, const void *rule)
{
    size_t h = (size_t)(((unsigned long long)(uintptr_t)rule >> 4) * 11400714819323198485ull);
    size_t i = h & (e->counts_cap - 1);
    while (e->counts[i].rule && e->counts[i].rule != rule) i = (i + 1) & (e->counts_cap - 1);
    return i;
}

/* The count of `rule`, added when new; NULL when out of memory (the firing
 * goes uncounted: only the coach tools' figures lose it). */
static struct fire_count *count_of(dc_engine *e, void *rule, int add)
{
    if (!e->counts_cap) {
        if (!add) return NULL;
        if (!(e->counts = calloc(64, sizeof *e->counts))) return NULL;
        e->counts_cap = 64;
    }
    struct fire_count *c = &e->counts[count_slot(e, rule)];
    if (c->rule || !add) return c->rule ? c : NULL;
    if ((e->counts_used + 1) * 10 > e->counts_cap * 7) { /* grow past 70% */
        struct fire_count *old = e->counts;
        size_t old_cap = e->counts_cap;
        if (!(e->counts = calloc(old_cap * 2, sizeof *e->counts))) {
            e->counts = old;
            return NULL;
        }
        e->counts_cap = old_cap * 2;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].rule) e->counts[count_slot(e, old[i].rule)] = old[i];
        free(old);
        c = &e->counts[count_slot(e, rule)];
    }
    c->rule = rule;
    e->counts_used++;
    return c;
}

static void count_firing(dc_engine *e, void *rule)
{
    struct fire_count *c = count_of(e, rule, 1);
    if (!c) return;
    if (c->run_id != e->run_id) {
        c->run_id = e->run_id;
        c->run = 0;
    }
    c->total++;
    c->run++;
}

/* Forget the counts: rules loaded since may reuse a freed rule's address. */
static void forget_counts(dc_engine *e)
{
    free(e->counts);
    e->counts = NULL;
    e->counts_cap = e->counts_used = 0;
}

/* --- provenance hooks ------------------------------------------------------- */

/* Room for one more item of `size` bytes in *array (holding *count of
 * *cap); 0, or -1 when out of memory. */
static int reserve(void **array, size_t *cap, size_t count, size_t more, size_t size)
{
    if (count + more <= *cap) return 0;
    size_t n = *cap ? *cap : 64;
    while (n < count + more) n *= 2;
    void *grown = realloc(*array, n * size);
    if (!grown) return -1;
    *array = grown;
    *cap = n;
    return 0;
}

/* Close the record of the firing that just ended: kept when it asserted
 * a fact, else its place is reused. */
static void close_firing(dc_engine *e)
{
    if (!e->firing_open) return;
    firing *f = &e->firings[e->firing_count];
    if (e->firing_kept) {
        e->basis_count = f->basis + f->n_basis;
        e->firing_count++;
    } else {
        free(f->basis_text);
    }
    e->firing_open = e->firing_kept = 0;
}

/* Open the record of the firing about to happen (e->firings[firing_count],
 * kept only if the firing asserts a fact): the rule and the facts it
 * matched. On the plain path, the facts as CLIPS's text "f-3,f-1,*"; else
 * their indexes, and the text only when an item is not a fact (an
 * instance). Out of memory leaves no record: the facts this firing
 * asserts just have no provenance. */
static void open_firing(dc_engine *e, void *env, struct activation *a)
{
    if (reserve((void **)&e->firings, &e->firing_cap, e->firing_count, 1, sizeof *e->firings)) return;
    firing *f = &e->firings[e->firing_count];
    struct partialMatch *basis = a->basis;
    f->rule_name = a->theRule->header.name;
    f->basis = e->basis_count;
    f->n_basis = 0;
    f->basis_text = NULL;
    int text = (e->plain & DC_ENGINE_PLAIN_HOOKS) != 0;
    if (!text && reserve((void **)&e->basis_ids, &e->basis_cap, e->basis_count, basis->bcount,
                         sizeof *e->basis_ids))
        return;
    for (unsigned short i = 0; !text && i < basis->bcount; i++) {
        struct alphaMatch *m = basis->binds[i].gm.theMatch;
        if (!m || !m->matchingItem) continue; /* a "not": no fact */
        if (m->matchingItem->theInfo != &FactData(env)->FactInfo) text = 1;
        else e->basis_ids[f->basis + f->n_basis++] = ((struct fact *)m->matchingItem)->factIndex;
    }
    if (text) {
        char ids[4096];
        EnvGetActivationBasisPPForm(env, ids, sizeof ids, a);
        if (!(f->basis_text = dup_string(ids))) return;
        f->n_basis = 0;
    }
    e->firing_open = 1;
}

static void on_before_fire(void *env, void *activation)
{
    dc_engine *e = GetEnvironmentContext(env);
    struct activation *a = activation;
    close_firing(e);
    open_firing(e, env, a);
    e->last_rule = a->theRule;
    count_firing(e, a->theRule);
    if (e->tracing) {
        char ids[4096];
        EnvGetActivationBasisPPForm(env, ids, sizeof ids, activation);
        json_array_append_new(e->trace, json_pack("{ssss}", "rule", EnvGetActivationName(env, activation),
                                                  "basis", ids));
    }
}

static void on_assert(void *env, void *fact)
{
    dc_engine *e = GetEnvironmentContext(env);
    if (!e->running || !e->firing_open) return;
    if (reserve((void **)&e->prov, &e->prov_cap, e->prov_count, 1, sizeof *e->prov)) return;
    if (!e->firing_kept) {
        e->firing_kept = 1;
        IncrementSymbolCount(e->firings[e->firing_count].rule_name);
    }
    e->prov[e->prov_count].fact_index = EnvFactIndex(env, fact);
    e->prov[e->prov_count++].firing = e->firing_count;
}

/* The firing that asserted fact `index`, or NULL (a fact from C or from
 * deffacts). */
static const firing *find_provenance(const dc_engine *e, long long index)
{
    size_t lo = 0, hi = e->prov_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->prov[mid].fact_index < index) lo = mid + 1;
        else hi = mid;
    }
    return lo < e->prov_count && e->prov[lo].fact_index == index ? &e->firings[e->prov[lo].firing] : NULL;
}

static void forget_provenance(dc_engine *e)
{
    close_firing(e);
    for (size_t i = 0; i < e->firing_count; i++) {
        DecrementSymbolCount(e->env, e->firings[i].rule_name);
        free(e->firings[i].basis_text);
    }
    e->firing_count = e->basis_count = e->prov_count = 0;
}

/* Called by CLIPS now and then while it evaluates: enforce the deadline
 * and stop runaway recursion before it overflows the stack. */
static void on_periodic(void *env)
{
    dc_engine *e = GetEnvironmentContext(env);
    if (e->stopped) return;
    if (EvaluationData(env)->CurrentEvaluationDepth > MAX_EVALUATION_DEPTH) {
        e->stopped = STOPPED_DEPTH;
    } else if (EnvMemUsed(env) > MEMORY_LIMIT_BYTES) {
        e->stopped = STOPPED_MEMORY;
    } else if (e->deadline != 0 &&
               ((e->plain & DC_ENGINE_PLAIN_HOOKS) || (++e->periodic_calls & (DC_CLOCK_EVERY - 1)) == 0) &&
               now_seconds() > e->deadline) {
        e->stopped = STOPPED_TIME;
    } else {
        return;
    }
    SetHaltExecution(env, TRUE);
    EnvHalt(env);
}

/* CLIPS's own handler calls exit() with no word of why. There is no way
 * back (CLIPS does not check for NULL), so the process ends here, through
 * the caller's handler, which says so. */
static int on_out_of_memory(void *env, size_t bytes)
{
    dc_engine *e = GetEnvironmentContext(env);
    if (e && e->on_oom) e->on_oom(bytes);
    abort();
}

void dc_engine_set_oom_handler(dc_engine *e, dc_engine_oom_fn *fn)
{
    e->on_oom = fn;
}

/* --- life cycle --------------------------------------------------------------- */

dc_engine *dc_engine_new(void)
{
    dc_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->env = CreateEnvironment();
    if (!e->env) {
        free(e);
        return NULL;
    }
    SetEnvironmentContext(e->env, e);
    e->guard_seconds = GUARD_SECONDS;
    e->rule_files = json_object();
    e->trace = json_array();
    if (!e->rule_files || !e->trace) {
        dc_engine_free(e);
        return NULL;
    }
    EnvAddRouterWithContext(e->env, ROUTER_NAME, 40, router_query, router_print,
                            router_getc, router_ungetc, NULL, e);
    EnvSetParserErrorCallback(e->env, on_parse_error);
    EnvAddBeforeRunFunction(e->env, HOOK_NAME, on_before_fire, 0);
    EnvAddAssertFunction(e->env, HOOK_NAME, on_assert, 0);
    EnvAddPeriodicFunction(e->env, HOOK_NAME, on_periodic, 0);
    EnvSetOutOfMemoryFunction(e->env, on_out_of_memory);
    dc_guard_apply_allowlist(e->env);
    dc_guard_close_console(e->env);
    return e;
}

void dc_engine_free(dc_engine *e)
{
    if (!e) return;
    if (e->env) forget_provenance(e); /* releases CLIPS symbols: before the environment goes */
    if (e->env) DestroyEnvironment(e->env);
    json_decref(e->rule_files);
    forget_counts(e);
    json_decref(e->trace);
    for (size_t i = 0; i < e->problem_count; i++) free(e->problems[i]);
    free(e->problems);
    free(e->prov);
    forget_lookups(e);
    free(e->specs);
    free(e->ref_agenda);
    free(e->ref_basis);
    free(e->firings);
    free(e->basis_ids);
    free(e->output);
    free(e->scratch);
    free(e->image_meta);
    free(e);
}

void dc_engine_set_plain(dc_engine *e, unsigned plain)
{
    e->plain = plain;
}

void dc_engine_set_time_limit(dc_engine *e, double seconds)
{
    e->guard_seconds = seconds;
}

const char *dc_engine_message(const dc_engine *e)
{
    return e->message;
}

size_t dc_engine_problem_count(const dc_engine *e)
{
    return e->problem_count;
}

const char *dc_engine_problem(const dc_engine *e, size_t i)
{
    return i < e->problem_count ? e->problems[i] : NULL;
}

/* --- guarding CLIPS calls ------------------------------------------------------ */

/* Arm the periodic check for one CLIPS call: a deadline `seconds` from now
 * (0: none) and a clean slate of CLIPS's error flags. */
static void guard_begin(dc_engine *e, double seconds)
{
    clear_output(e);
    e->stopped = STOPPED_NOT;
    e->deadline = seconds > 0 ? now_seconds() + seconds : 0;
    SetHaltExecution(e->env, FALSE);
    SetEvaluationError(e->env, FALSE);
}

/* After the call: DC_OK, or DC_ELIMIT (deadline, runaway recursion) or
 * DC_ERUNTIME (an evaluation failed, on either side of a rule) with the
 * message "WHAT: ...". Always leaves CLIPS's error flags cleared, so the
 * environment stays usable. */
static int guard_end(dc_engine *e, const char *what, double seconds)
{
    int rc = DC_OK;
    if (e->stopped == STOPPED_TIME) {
        set_message(e, "%s: ran for more than %g s without settling: a rule probably loops",
                    what, seconds);
        rc = DC_ELIMIT;
    } else if (e->stopped == STOPPED_MEMORY) {
        set_message(e, "%s: the rules used more than %ld MiB of memory: a rule builds something without end",
                    what, MEMORY_LIMIT_BYTES >> 20);
        rc = DC_ELIMIT;
    } else if (e->stopped == STOPPED_DEPTH) {
        set_message(e, "%s: evaluation nested deeper than %d levels: a runaway recursion",
                    what, MAX_EVALUATION_DEPTH);
        rc = DC_ELIMIT;
    } else if (GetHaltExecution(e->env) || GetEvaluationError(e->env)) {
        set_message(e, "%s: %s", what, captured_text(e)[0] ? captured_text(e) : "evaluation failed");
        rc = DC_ERUNTIME;
    }
    SetHaltExecution(e->env, FALSE);
    SetEvaluationError(e->env, FALSE);
    e->deadline = 0;
    e->stopped = STOPPED_NOT;
    return rc;
}

/* --- loading ------------------------------------------------------------------ */

/* The rules defined by loading `path`: those not seen before, and those it
 * redefined (a redefined rule moves to the end of the list, so every rule
 * after the last one already known came from this file). */
static void note_rule_files(dc_engine *e, const char *path)
{
    void *last_known = NULL;
    for (void *r = EnvGetNextDefrule(e->env, NULL); r; r = EnvGetNextDefrule(e->env, r))
        if (json_object_get(e->rule_files, EnvGetDefruleName(e->env, r))) last_known = r;
    for (void *r = EnvGetNextDefrule(e->env, last_known); r; r = EnvGetNextDefrule(e->env, r))
        json_object_set_new(e->rule_files, EnvGetDefruleName(e->env, r), json_string(path));
}

#define SOURCE_NAME "dealcoach-rule-source"

/* Parse rule text with CLIPS from memory (a string router), so CLIPS never
 * opens a file itself; `path` names it in messages. */
static int parse_text(dc_engine *e, const char *path, const char *text)
{
    void *env = e->env;
    if (!OpenStringSource(env, SOURCE_NAME, text, 0)) {
        set_message(e, "%s: out of memory", path);
        return DC_ENOMEM;
    }
    EnvSetParsingFileName(env, path);
    SetLineCount(env, 1);
    RouterData(env)->LineCountRouter = SOURCE_NAME;
    int rc = LoadConstructsFromLogicalName(env, SOURCE_NAME);
    RouterData(env)->LineCountRouter = NULL;
    EnvSetParsingFileName(env, NULL);
    CloseStringSource(env, SOURCE_NAME);
    return rc ? DC_OK : DC_ERULES;
}

int dc_engine_load_text(dc_engine *e, const char *path, const char *text, size_t len)
{
    char buf[1536];
    e->problems_at_load_start = e->problem_count;
    if (e->from_image) {
        snprintf(buf, sizeof buf, "%s: the rules came from a binary image: no rule file can be added", path);
        add_problem(e, buf);
        set_message(e, "%s", buf);
        return DC_ERULES;
    }
    e->texts_loaded++;
    long deep = dc_guard_too_deep_at(text, len);
    if (deep) {
        snprintf(buf, sizeof buf, "%s:%ld: parentheses nested deeper than %d levels",
                 path, deep, DC_GUARD_MAX_NESTING);
        add_problem(e, buf);
        set_message(e, "%s", buf);
        return DC_ERULES;
    }
    if (strlen(text) != len) {
        snprintf(buf, sizeof buf, "%s: contains a NUL byte: not a text file", path);
        add_problem(e, buf);
        set_message(e, "%s", buf);
        return DC_ERULES;
    }

    e->ref_ok = 0; /* new rules, new reference state: the next reset is a full one */
    forget_lookups(e); /* templates may be defined or redefined */
    guard_begin(e, e->guard_seconds);
    int rc = parse_text(e, path, text);
    const char *detail = captured_text(e);
    snprintf(buf, sizeof buf, "%s:?: %s", path, detail[0] ? detail : "syntax error");
    /* A defglobal's value is evaluated while loading: it too can loop. */
    int guarded = guard_end(e, path, e->guard_seconds);
    if (rc == DC_ENOMEM) return rc;
    note_rule_files(e, path);
    forget_counts(e);
    if (guarded && e->problem_count == e->problems_at_load_start)
        add_problem(e, e->message);
    else if (rc && e->problem_count == e->problems_at_load_start)
        add_problem(e, buf); /* a parse error the callback did not place */
    if (e->problem_count == e->problems_at_load_start) {
        e->message[0] = '\0';
        return DC_OK;
    }
    set_message(e, "%s", e->problems[e->problems_at_load_start]);
    return DC_ERULES;
}

int dc_engine_read_rule_file(dc_engine *e, const char *path, char **text, size_t *len)
{
    char why[256];
    if (dc_guard_read_rule_file(path, text, len, why, sizeof why)) {
        set_message(e, "%s: %s", path, why);
        return DC_EIO;
    }
    return DC_OK;
}

int dc_engine_load_file(dc_engine *e, const char *path)
{
    char *text;
    size_t len;
    if (dc_engine_read_rule_file(e, path, &text, &len)) return DC_EIO;
    int rc = dc_engine_load_text(e, path, text, len);
    free(text);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "DIR/NAME" as loading a directory names its files (no "//"): malloc'd,
 * NULL when out of memory. */
static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return path;
}

/* The *.clp files of `dir`, in name order, as malloc'd paths "DIR/NAME"
 * into *names (*count of them; the caller frees each and the array, also
 * on failure). DC_OK, DC_EIO (message set) or DC_ENOMEM. */
static int list_rule_files(dc_engine *e, const char *dir, char ***names, size_t *count)
{
    DIR *d = opendir(dir);
    *names = NULL;
    *count = 0;
    if (!d) {
        set_message(e, "%s: cannot open rules directory: %s", dir, strerror(errno));
        return DC_EIO;
    }
    size_t cap = 0;
    int rc = DC_OK;
    struct dirent *entry;
    while ((entry = readdir(d))) {
        if (entry->d_name[0] == '.' || !ends_with(entry->d_name, ".clp")) continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(*names, cap * sizeof *grown);
            if (!grown) { rc = DC_ENOMEM; goto out; }
            *names = grown;
        }
        if (!((*names)[*count] = path_in(dir, entry->d_name))) { rc = DC_ENOMEM; goto out; }
        (*count)++;
    }
    if (*count == 0) {
        set_message(e, "%s: no *.clp rule files in this directory", dir);
        rc = DC_EIO;
        goto out;
    }
    qsort(*names, *count, sizeof **names, compare_names);
out:
    if (rc == DC_ENOMEM) set_message(e, "out of memory");
    closedir(d);
    return rc;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
}

/* A rule file's part of a directory's digest: its name (not the
 * directory's) and its bytes. */
static uint64_t digest_file(uint64_t digest, const char *path, const char *text, size_t len)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    return dc_image_digest(dc_image_digest(digest, name, strlen(name)), text, len);
}

/* Read the *.clp files of `dir` in name order into the digest of their
 * names and bytes (what an image of them records) and, when `stamp` is not
 * NULL, their stamp (stamp.h), loading each when `load`. Stops at the
 * first file that fails, with its status. */
static int read_dir(dc_engine *e, const char *dir, int load, uint64_t *digest, uint64_t *stamp)
{
    char **names;
    size_t count;
    int rc = list_rule_files(e, dir, &names, &count);
    *digest = DC_IMAGE_SEED;
    if (stamp) *stamp = DC_STAMP_SEED;
    for (size_t i = 0; i < count && rc == DC_OK; i++) {
        if (stamp) *stamp = dc_stamp_file(*stamp, names[i]);
        char *text;
        size_t len;
        if ((rc = dc_engine_read_rule_file(e, names[i], &text, &len))) break;
        *digest = digest_file(*digest, names[i], text, len);
        if (load) rc = dc_engine_load_text(e, names[i], text, len);
        free(text);
    }
    free_names(names, count);
    return rc;
}

/* The stamp (stamp.h) of the *.clp files of `dir`, in name order: nothing
 * is read. DC_OK, or the status of listing them. */
static int dir_stamp(dc_engine *e, const char *dir, uint64_t *stamp)
{
    char **names;
    size_t count;
    int rc = list_rule_files(e, dir, &names, &count);
    *stamp = DC_STAMP_SEED;
    for (size_t i = 0; i < count && rc == DC_OK; i++) *stamp = dc_stamp_file(*stamp, names[i]);
    free_names(names, count);
    return rc;
}

int dc_engine_load_dir(dc_engine *e, const char *dir)
{
    int fresh = e->texts_loaded == 0 && !e->from_image;
    int rc = read_dir(e, dir, 1, &e->dir_digest, &e->dir_stamp);
    e->dir_digest_valid = rc == DC_OK && fresh;
    e->dir_texts = e->texts_loaded;
    return rc;
}

/* --- binary images ------------------------------------------------------------ */

int dc_engine_save_image(dc_engine *e, const char *image)
{
    void *env = e->env;
    if (!e->dir_digest_valid || e->texts_loaded != e->dir_texts) {
        set_message(e, "%s: only the rules of one directory, loaded alone, make an image", image);
        return DC_EINPUT;
    }
    /* The meta part: what a binary image does not keep. */
    size_t cap = 4096, used = 0;
    char *meta = malloc(cap);
    int rc = meta ? DC_OK : DC_ENOMEM;
    for (void *r = EnvGetNextDefrule(env, NULL); rc == DC_OK && r; r = EnvGetNextDefrule(env, r)) {
        const char *name = EnvGetDefruleName(env, r);
        const char *file = dc_engine_rule_file(e, name);
        const char *pp = EnvGetDefrulePPForm(env, r);
        file = file ? (strrchr(file, '/') ? strrchr(file, '/') + 1 : file) : "";
        const char *parts[3] = {name, file, pp ? pp : ""};
        for (int k = 0; k < 3 && rc == DC_OK; k++) {
            size_t n = strlen(parts[k]) + 1;
            while (used + n > cap) {
                char *grown = realloc(meta, cap *= 2);
                if (!grown) { rc = DC_ENOMEM; break; }
                meta = grown;
            }
            if (rc == DC_OK) memcpy(meta + used, parts[k], n), used += n;
        }
    }
    if (rc) {
        free(meta);
        set_message(e, "out of memory");
        return rc;
    }
    size_t n = strlen(image) + 32;
    char *saved = malloc(n), why[512];
    if (!saved) {
        free(meta);
        set_message(e, "out of memory");
        return DC_ENOMEM;
    }
    snprintf(saved, n, "%s.%ld.tmp", image, (long)getpid());
    /* Slot types and allowed values are kept in an image only with dynamic
     * constraint checking on; loading turns it back off. */
    int dynamic = EnvGetDynamicConstraintChecking(env);
    EnvSetDynamicConstraintChecking(env, TRUE);
    clear_output(e);
    int saved_ok = EnvBsave(env, saved);
    EnvSetDynamicConstraintChecking(env, dynamic);
    if (!saved_ok) {
        set_message(e, "%s: cannot save the image: %s", image, captured_text(e)[0] ? captured_text(e) : "bsave failed");
        unlink(saved);
        rc = DC_EIO;
    } else if (dc_image_seal(saved, image, e->dir_digest, e->dir_stamp, meta, used, why, sizeof why)) {
        set_message(e, "%s: %s", image, why);
        rc = DC_EIO;
    }
    free(saved);
    free(meta);
    return rc;
}

/* One record "RULE\0FILE\0TEXT\0" of an image's meta part starting at
 * `p`: its file and text into *file and *text, and where the next one
 * starts; NULL at the end (or at a record cut short). */
static const char *meta_record(const char *p, const char *end, const char **file, const char **text)
{
    if (p >= end) return NULL;
    *file = p + strlen(p) + 1;
    *text = *file < end ? *file + strlen(*file) + 1 : end;
    return *text < end ? *text + strlen(*text) + 1 : NULL;
}

/* The text of `rule` as CLIPS prints it: CLIPS's own, or for rules from an
 * image, the text the image recorded. NULL when there is none. */
static const char *rule_pp_form(dc_engine *e, void *rule)
{
    const char *pp = EnvGetDefrulePPForm(e->env, rule);
    if (pp || !e->image_meta) return pp;
    const char *name = EnvGetDefruleName(e->env, rule);
    const char *end = e->image_meta + e->image_meta_len, *file, *text;
    for (const char *p = e->image_meta, *next; (next = meta_record(p, end, &file, &text)); p = next)
        if (strcmp(p, name) == 0) return text;
    return NULL;
}

int dc_engine_load_image(dc_engine *e, const char *image, const char *dir)
{
    void *env = e->env;
    char why[512], fd_path[64];
    uint64_t stamp, sources;
    dc_image img;
    if (e->texts_loaded || e->from_image) {
        set_message(e, "%s: an image loads only into an engine with no rules", image);
        return DC_EINPUT;
    }
    int rc = dir_stamp(e, dir, &stamp);
    if (rc == DC_ENOMEM) return rc;
    if (rc) return DC_ENOTFOUND; /* the text path will say what is wrong */
    if (dc_image_open(image, &img, why, sizeof why)) {
        set_message(e, "%s: %s", image, why);
        return strcmp(why, "out of memory") == 0 ? DC_ENOMEM : DC_ENOTFOUND;
    }
    /* Built from these rule files? Their stamp says so without reading
     * them; else their bytes must have the digest the image records. */
    if ((e->plain & DC_ENGINE_PLAIN_STAMPS) || !dc_stamp_same(stamp, img.stamp)) {
        rc = read_dir(e, dir, 0, &sources, NULL);
        if (rc || sources != img.sources) {
            dc_image_close(&img);
            if (rc == DC_ENOMEM) return rc;
            if (rc) return DC_ENOTFOUND; /* the text path will say what is wrong */
            set_message(e, "%s: built from other rule files (stale)", image);
            return DC_ENOTFOUND;
        }
    }
    /* CLIPS reads the very file checked, not whatever the path names now. */
    snprintf(fd_path, sizeof fd_path, "/proc/self/fd/%d", img.fd);
    int dynamic = EnvGetDynamicConstraintChecking(env);
    e->ref_ok = 0; /* new rules: the next reset is a full one */
    forget_lookups(e);
    guard_begin(e, e->guard_seconds);
    int loaded = EnvBload(env, fd_path);
    const char *detail = captured_text(e);
    snprintf(why, sizeof why, "%s", detail[0] ? detail : "CLIPS refused it");
    int guarded = guard_end(e, image, e->guard_seconds);
    EnvSetDynamicConstraintChecking(env, dynamic);
    if (!loaded || guarded) {
        if (loaded) EnvClear(env);
        set_message(e, "%s: %s", image, guarded ? e->message : why);
        dc_image_close(&img);
        return DC_ENOTFOUND;
    }
    /* Each rule's file, named as dc_engine_load_dir(e, dir) names it. */
    rc = DC_OK;
    const char *end = img.meta + img.meta_len, *file, *text;
    for (const char *p = img.meta, *next; rc == DC_OK && (next = meta_record(p, end, &file, &text)); p = next) {
        if (file[0]) {
            char *path = path_in(dir, file);
            if (!path || json_object_set_new(e->rule_files, p, json_string(path))) rc = DC_ENOMEM;
            free(path);
        }
    }
    e->image_meta = img.meta;
    e->image_meta_len = img.meta_len;
    img.meta = NULL;
    dc_image_close(&img);
    e->from_image = 1;
    forget_counts(e);
    if (rc) {
        set_message(e, "out of memory");
        return rc;
    }
    e->message[0] = '\0';
    return DC_OK;
}

/* --- facts in ----------------------------------------------------------------- */

/* In a recorded basis: a "not" (no fact); -1 is an item that is not a
 * fact (an instance). Fact indexes start at 0 (initial-fact). */
#define NOT_A_FACT (-2LL)

/* The facts a basis matched, as fact indexes into *ids (grown as needed);
 * -1 for an item that is not a fact. 0, or -1 when out of memory. */
static int basis_indexes(void *env, struct partialMatch *basis, long long **ids, size_t *count,
                         size_t *cap)
{
    if (reserve((void **)ids, cap, *count, basis->bcount, sizeof **ids)) return -1;
    for (unsigned short i = 0; i < basis->bcount; i++) {
        struct alphaMatch *m = basis->binds[i].gm.theMatch;
        if (!m || !m->matchingItem) (*ids)[(*count)++] = NOT_A_FACT; /* a "not" */
        else if (m->matchingItem->theInfo != &FactData(env)->FactInfo) (*ids)[(*count)++] = -1;
        else (*ids)[(*count)++] = ((struct fact *)m->matchingItem)->factIndex;
    }
    return 0;
}

/* Record the state a full reset has just left (see dc_engine_reset).
 * Per-deal retraction stays off (ref_ok 0) when it could not give the
 * same state: defglobals (a reset restores their values), modules other
 * than MAIN (a reset resets the focus), an item that is not a fact. */
static void record_reference(dc_engine *e)
{
    void *env = e->env;
    e->ref_ok = 0;
    e->ref_agenda_count = e->ref_basis_count = 0;
    if (EnvGetNextDefglobal(env, NULL) || EnvGetNextDefmodule(env, EnvGetNextDefmodule(env, NULL)))
        return;
    e->ref_facts = 0;
    e->ref_last = NULL;
    for (struct fact *f = EnvGetNextFact(env, NULL); f; f = EnvGetNextFact(env, f)) {
        e->ref_facts++;
        e->ref_last = f;
    }
    e->ref_next_index = FactData(env)->NextFactIndex;
    e->ref_timetag = DefruleData(env)->CurrentEntityTimeTag;
    for (struct activation *a = EnvGetNextActivation(env, NULL); a; a = EnvGetNextActivation(env, a)) {
        if (reserve((void **)&e->ref_agenda, &e->ref_agenda_cap, e->ref_agenda_count, 1, sizeof *e->ref_agenda))
            return;
        struct ref_activation *r = &e->ref_agenda[e->ref_agenda_count++];
        r->rule = a->theRule;
        r->basis = e->ref_basis_count;
        if (basis_indexes(env, a->basis, &e->ref_basis, &e->ref_basis_count, &e->ref_basis_cap)) return;
        r->n_basis = e->ref_basis_count - r->basis;
        for (size_t i = r->basis; i < e->ref_basis_count; i++)
            if (e->ref_basis[i] < 0) return;
    }
    e->ref_ok = 1;
}

/* Are the reference facts as the reset left them: the first ref_facts of
 * the fact list, ending with ref_last, numbered 1, 2, ... (a rule that
 * retracted or modified one breaks the numbering)? */
static int reference_intact(dc_engine *e)
{
    struct fact *f = NULL;
    long long expected = 0;
    for (size_t i = 0; i < e->ref_facts; i++) {
        f = EnvGetNextFact(e->env, f);
        if (!f || (i > 0 && f->factIndex != expected + 1)) return 0;
        expected = f->factIndex;
    }
    return f == e->ref_last && expected + 1 == e->ref_next_index;
}

/* Does partial match `pm` match the facts of the basis recorded in `r`? */
static int same_basis(dc_engine *e, struct partialMatch *pm, const struct ref_activation *r)
{
    if (pm->bcount != r->n_basis) return 0;
    for (unsigned short k = 0; k < pm->bcount; k++) {
        struct alphaMatch *m = pm->binds[k].gm.theMatch;
        long long id = !m || !m->matchingItem ? NOT_A_FACT
                     : m->matchingItem->theInfo != &FactData(e->env)->FactInfo ? -1
                     : ((struct fact *)m->matchingItem)->factIndex;
        if (id != e->ref_basis[r->basis + k]) return 0;
    }
    return 1;
}

/* The partial match of the recorded activation `r` that satisfies its
 * rule and has no activation (it fired), or NULL. */
static struct partialMatch *unfired_match(dc_engine *e, const struct ref_activation *r)
{
    struct betaMemory *memory = ((struct defrule *)r->rule)->lastJoin->leftMemory;
    for (unsigned long b = 0; memory && b < memory->size; b++)
        for (struct partialMatch *pm = memory->beta[b]; pm; pm = pm->nextInMemory)
            if (!pm->marker && same_basis(e, pm, r)) return pm;
    return NULL;
}

/* Is the agenda the one the reset left (ref_agenda)? */
static int agenda_as_recorded(dc_engine *e)
{
    size_t i = 0;
    for (struct activation *a = EnvGetNextActivation(e->env, NULL); a;
         a = EnvGetNextActivation(e->env, a), i++)
        if (i >= e->ref_agenda_count || a->theRule != e->ref_agenda[i].rule ||
            !same_basis(e, a->basis, &e->ref_agenda[i]))
            return 0;
    return i == e->ref_agenda_count;
}

/* Back to the state of a full reset by retracting the deal's facts, newest
 * first, and putting the reference activations back on the agenda
 * (refresh). 1 when the state is then the recorded one; 0 when it is not
 * (the caller resets in full). */
static int retract_deal(dc_engine *e)
{
    void *env = e->env;
    EnvIncrementGCLocks(env);
    struct fact *f;
    while ((f = FactData(env)->LastFact) && f != e->ref_last) EnvRetract(env, f);
    EnvDecrementGCLocks(env);
    if (!reference_intact(e) || EnvGetNextActivation(env, NULL)) return 0;
    FactData(env)->NextFactIndex = e->ref_next_index;
    DefruleData(env)->CurrentEntityTimeTag = e->ref_timetag;
    EnvClearFocusStack(env);
    EnvFocus(env, EnvFindDefmodule(env, "MAIN"));
    EnvSetCurrentModule(env, EnvFindDefmodule(env, "MAIN"));
    /* The activations the reset made, oldest first, so the agenda orders
     * them as it did (EnvRefresh adds them in memory order instead). */
    for (size_t i = e->ref_agenda_count; i-- > 0; ) {
        struct partialMatch *pm = unfired_match(e, &e->ref_agenda[i]);
        if (!pm) return 0;
        AddActivation(env, e->ref_agenda[i].rule, pm);
    }
    return agenda_as_recorded(e);
}

/* Forget the deal: back to the loaded rules and their deffacts. A full
 * reset retracts and re-asserts every reference fact (thresholds, grids,
 * maps: ~200 in the playbook) for each deal. Per-deal retraction takes
 * back only the deal's facts, when the last run settled, the reference
 * facts are untouched and the agenda comes back exactly as a reset leaves
 * it (checked each time); otherwise, and on the plain path, a full reset. */
int dc_engine_reset(dc_engine *e)
{
    e->running = 0;
    forget_provenance(e);
    guard_begin(e, e->guard_seconds);
    int retracted = !(e->plain & DC_ENGINE_PLAIN_RESET) && e->ref_ok && e->settled && retract_deal(e);
    if (!retracted) EnvReset(e->env);
    e->settled = 0;
    int rc = guard_end(e, "reset", e->guard_seconds);
    if (retracted) e->reset_retract++;
    else e->reset_full++;
    if (rc == DC_OK && !retracted) record_reference(e);
    if (rc) e->ref_ok = 0;
    if (rc == DC_OK) e->message[0] = '\0';
    return rc;
}

void dc_engine_reset_counts(const dc_engine *e, unsigned long *full, unsigned long *retracted)
{
    *full = e->reset_full;
    *retracted = e->reset_retract;
}

static int multifield_has_symbol(DATA_OBJECT *mf, const char *name)
{
    if (GetType(*mf) != MULTIFIELD) return 0;
    void *fields = GetValue(*mf);
    for (long i = GetDOBegin(*mf); i <= GetDOEnd(*mf); i++) {
        int type = GetMFType(fields, i);
        if ((type == SYMBOL || type == STRING) &&
            strcmp(ValueToString(GetMFValue(fields, i)), name) == 0)
            return 1;
    }
    return 0;
}

/* What the template allows in a slot (read once: see slot_spec_of). */
typedef struct slot_spec {
    int known;     /* read yet? */
    int takes_symbol, takes_string, takes_integer, takes_float, multi;
    const struct expr *allowed; /* the allowed values (allowed-symbols...), NULL: any */
} slot_spec;

static void read_slot_spec(void *env, void *tmpl, const struct templateSlot *ts, slot_spec *spec)
{
    DATA_OBJECT types;
    const char *slot = ValueToString(ts->slotName);
    EnvDeftemplateSlotTypes(env, tmpl, slot, &types);
    spec->takes_symbol = multifield_has_symbol(&types, "SYMBOL") ||
                         multifield_has_symbol(&types, "LEXEME");
    spec->takes_string = multifield_has_symbol(&types, "STRING") ||
                         multifield_has_symbol(&types, "LEXEME");
    spec->takes_integer = multifield_has_symbol(&types, "INTEGER") ||
                          multifield_has_symbol(&types, "NUMBER");
    spec->takes_float = multifield_has_symbol(&types, "FLOAT") ||
                        multifield_has_symbol(&types, "NUMBER");
    spec->multi = ts->multislot;
    /* As EnvDeftemplateSlotAllowedValues gives them, without copying:
     * the list lives as long as the template. */
    spec->allowed = ts->constraints ? ts->constraints->restrictionList : NULL;
    spec->known = 1;
}

/* Is `name` among the allowed values (symbols or strings)? */
static int allows(const struct expr *allowed, const char *name)
{
    for (const struct expr *x = allowed; x; x = x->nextArg)
        if ((x->type == SYMBOL || x->type == STRING) && strcmp(ValueToString(x->value), name) == 0)
            return 1;
    return 0;
}

/* Forget the reference facts read back (see reference_read). */
static void forget_reference_reads(dc_engine *e)
{
    for (size_t i = 0; i < e->reference_reads_used; i++) {
        free(e->reference_reads[i].indexes);
        json_decref(e->reference_reads[i].facts);
    }
    e->reference_reads_used = 0;
}

/* Forget the templates and slot specs looked up: rules are loading. */
static void forget_lookups(dc_engine *e)
{
    forget_reference_reads(e);
    for (size_t i = 0; i < e->templates_cap; i++) free(e->templates[i].name);
    free(e->templates);
    e->templates = NULL;
    e->templates_cap = e->templates_used = 0;
    for (size_t i = 0; i < e->specs_count; i++) free(e->specs[i].spec);
    e->specs_count = 0;
}

/* The spec of slot `slot` of template `tmpl`, or NULL when the template
 * has no such slot (or out of memory: then *nomem is set). */
static const slot_spec *slot_spec_of(dc_engine *e, struct deftemplate *tmpl, const char *slot, int *nomem)
{
    size_t k = 0, pos = 0;
    while (k < e->specs_count && e->specs[k].tmpl != tmpl) k++;
    if (k == e->specs_count) {
        if (reserve((void **)&e->specs, &e->specs_cap, e->specs_count, 1, sizeof *e->specs)) goto nomem;
        struct slot_specs *ss = &e->specs[k];
        ss->tmpl = tmpl;
        ss->n = tmpl->numberOfSlots;
        if (!(ss->spec = calloc(ss->n + 1, sizeof *ss->spec))) goto nomem;
        e->specs_count++;
    }
    const struct templateSlot *ts = tmpl->slotList;
    for (; ts && strcmp(ValueToString(ts->slotName), slot) != 0; ts = ts->next) pos++;
    if (!ts || tmpl->implied || pos >= e->specs[k].n) return NULL;
    slot_spec *spec = &e->specs[k].spec[pos];
    if (!spec->known || (e->plain & DC_ENGINE_PLAIN_LOOKUPS)) read_slot_spec(e->env, tmpl, ts, spec);
    return spec;
nomem:
    *nomem = 1;
    return NULL;
}

/* The template named `name`, or NULL; looked up in CLIPS once. */
static void *find_template(dc_engine *e, const char *name)
{
    if (e->plain & DC_ENGINE_PLAIN_LOOKUPS) return EnvFindDeftemplate(e->env, name);
    size_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 1099511628211u;
    if (e->templates_cap) {
        for (size_t i = h & (e->templates_cap - 1); e->templates[i].name; i = (i + 1) & (e->templates_cap - 1))
            if (strcmp(e->templates[i].name, name) == 0) return e->templates[i].tmpl;
    }
    void *tmpl = EnvFindDeftemplate(e->env, name);
    if ((e->templates_used + 1) * 2 > e->templates_cap) { /* grow: keep it at most half full */
        size_t cap = e->templates_cap ? e->templates_cap * 2 : 64;
        struct template_entry *grown = calloc(cap, sizeof *grown), *old = e->templates;
        if (!grown) return tmpl; /* not remembered: looked up again next time */
        for (size_t i = 0; i < e->templates_cap; i++) {
            if (!old[i].name) continue;
            size_t g = 14695981039346656037u;
            for (const unsigned char *p = (const unsigned char *)old[i].name; *p; p++) g = (g ^ *p) * 1099511628211u;
            size_t j = g & (cap - 1);
            while (grown[j].name) j = (j + 1) & (cap - 1);
            grown[j] = old[i];
        }
        free(old);
        e->templates = grown;
        e->templates_cap = cap;
    }
    size_t i = h & (e->templates_cap - 1);
    while (e->templates[i].name) i = (i + 1) & (e->templates_cap - 1);
    if ((e->templates[i].name = dup_string(name))) {
        e->templates[i].tmpl = tmpl;
        e->templates_used++;
    }
    return tmpl;
}

/* Convert one JSON scalar to a CLIPS field. Returns DC_OK or DC_EINPUT with
 * the message set. */
static int to_field(dc_engine *e, const char *tmpl, const char *slot,
                    const slot_spec *spec, json_t *value, int *type, void **field)
{
    void *env = e->env;
    if (json_is_string(value)) {
        const char *s = json_string_value(value);
        if (spec->takes_symbol && !spec->takes_string) {
            if (!s[0] || strpbrk(s, " \t\n\r()&|~<>;\"?$")) {
                set_message(e, "%s.%s: \"%s\" is not a valid id", tmpl, slot, s);
                return DC_EINPUT;
            }
            if (spec->allowed && !allows(spec->allowed, s)) {
                set_message(e, "%s.%s: unknown value \"%s\"", tmpl, slot, s);
                return DC_EINPUT;
            }
            *type = SYMBOL;
        } else if (spec->takes_string) {
            *type = STRING;
        } else {
            set_message(e, "%s.%s: expected a number, got \"%s\"", tmpl, slot, s);
            return DC_EINPUT;
        }
        *field = EnvAddSymbol(env, s);
    } else if (json_is_integer(value)) {
        if (spec->takes_integer) {
            *type = INTEGER;
            *field = EnvAddLong(env, json_integer_value(value));
        } else if (spec->takes_float) {
            *type = FLOAT;
            *field = EnvAddDouble(env, (double)json_integer_value(value));
        } else {
            set_message(e, "%s.%s: a number is not allowed here", tmpl, slot);
            return DC_EINPUT;
        }
    } else if (json_is_real(value)) {
        double d = json_real_value(value);
        if (spec->takes_float) {
            *type = FLOAT;
            *field = EnvAddDouble(env, d);
        } else if (spec->takes_integer && d == (double)(long long)d) {
            *type = INTEGER;
            *field = EnvAddLong(env, (long long)d);
        } else {
            set_message(e, "%s.%s: %g is not allowed here", tmpl, slot, d);
            return DC_EINPUT;
        }
    } else {
        set_message(e, "%s.%s: only strings and numbers can be asserted", tmpl, slot);
        return DC_EINPUT;
    }
    return DC_OK;
}

/* Convert the JSON value of one slot into `v`, checking it against the
 * template. DC_OK, or DC_EINPUT / DC_ENOTFOUND with the message set. */
static int to_slot_value(dc_engine *e, void *tmpl_ptr, const char *tmpl,
                         const char *slot, json_t *value, DATA_OBJECT *v)
{
    void *env = e->env;
    int nomem = 0;
    const slot_spec *spec = slot_spec_of(e, tmpl_ptr, slot, &nomem);
    if (nomem) {
        set_message(e, "out of memory");
        return DC_ENOMEM;
    }
    if (!spec) {
        set_message(e, "template %s has no slot %s", tmpl, slot);
        return DC_ENOTFOUND;
    }
    int type, rc;
    void *field;

    if (!spec->multi) {
        if ((rc = to_field(e, tmpl, slot, spec, value, &type, &field))) return rc;
        SetpType(v, type);
        SetpValue(v, field);
        return DC_OK;
    }
    if (!json_is_array(value)) {
        set_message(e, "%s.%s: expected a list", tmpl, slot);
        return DC_EINPUT;
    }
    long n = (long)json_array_size(value);
    void *mf = EnvCreateMultifield(env, n); /* ephemeral until asserted */
    for (long i = 0; i < n; i++) {
        if ((rc = to_field(e, tmpl, slot, spec, json_array_get(value, (size_t)i),
                           &type, &field)))
            return rc;
        SetMFType(mf, i + 1, type);
        SetMFValue(mf, i + 1, field);
    }
    SetpType(v, MULTIFIELD);
    SetpValue(v, mf);
    SetpDOBegin(v, 1);
    SetpDOEnd(v, n);
    return DC_OK;
}

int dc_engine_assert(dc_engine *e, const char *tmpl, json_t *slots)
{
    void *env = e->env;
    void *tmpl_ptr = find_template(e, tmpl);
    if (!tmpl_ptr) {
        set_message(e, "no template named %s (is the schema loaded?)", tmpl);
        return DC_ENOTFOUND;
    }
    if (!json_is_object(slots)) {
        set_message(e, "%s: slots must be a JSON object", tmpl);
        return DC_EINPUT;
    }
    /* Convert and check every slot first, so a bad value never leaves a
     * half-built fact behind. */
    size_t count = json_object_size(slots), n = 0;
    const char **names = malloc((count + 1) * sizeof *names);
    DATA_OBJECT *values = malloc((count + 1) * sizeof *values);
    int rc = DC_OK;
    if (!names || !values) {
        set_message(e, "out of memory");
        rc = DC_ENOMEM;
        goto out;
    }
    const char *slot;
    json_t *value;
    json_object_foreach(slots, slot, value) {
        if (json_is_null(value)) continue;
        if ((rc = to_slot_value(e, tmpl_ptr, tmpl, slot, value, &values[n]))) goto out;
        names[n++] = slot;
    }
    struct fact *fact = EnvCreateFact(env, tmpl_ptr);
    if (!fact) {
        set_message(e, "%s: cannot create the fact", tmpl);
        rc = DC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) EnvPutFactSlot(env, fact, names[i], &values[i]);
    EnvAssignFactSlotDefaults(env, fact);
    e->settled = 0; /* a fact since the run: the next reset is a full one */
    /* Asserting matches the rules' left-hand sides: their tests run now. */
    guard_begin(e, e->guard_seconds);
    EnvAssert(env, fact); /* NULL for a duplicate: not an error */
    char what[300] = "";
    if (e->stopped || GetHaltExecution(env) || GetEvaluationError(env)) /* named only when it is said */
        snprintf(what, sizeof what, "asserting a %s fact", tmpl);
    rc = guard_end(e, what, e->guard_seconds);
out:
    free(names);
    free(values);
    return rc;
}

/* --- running ------------------------------------------------------------------ */

/* The rule that fired most in the current run, or NULL; *times (may be
 * NULL) gets how often. Rules cannot be removed while running, so the
 * pointers counted in this run are rules still defined. */
static const char *busiest_rule(dc_engine *e, long *times)
{
    const struct fire_count *best = NULL;
    for (size_t i = 0; i < e->counts_cap; i++) {
        const struct fire_count *c = &e->counts[i];
        if (c->rule && c->run_id == e->run_id && c->run > 0 && (!best || c->run > best->run)) best = c;
    }
    if (times) *times = best ? best->run : 0;
    return best ? EnvGetDefruleName(e->env, best->rule) : NULL;
}

/* "A (FILE) N, B (FILE) M, C (FILE) K": the (at most) three rules that
 * fired most in this run, most first, into out. A loop usually involves
 * more than one rule - a coach's and a shipped one reacting to it - so the
 * message names them all. */
static void busiest_rules(dc_engine *e, char *out, size_t size)
{
    const struct fire_count *top[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < e->counts_cap; i++) {
        const struct fire_count *c = &e->counts[i];
        if (!c->rule || c->run_id != e->run_id || c->run <= 0) continue;
        for (int k = 0; k < 3; k++) {
            if (top[k] && top[k]->run >= c->run) continue;
            for (int m = 2; m > k; m--) top[m] = top[m - 1];
            top[k] = c;
            break;
        }
    }
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < 3 && top[k] && used < size; k++) {
        const char *name = EnvGetDefruleName(e->env, top[k]->rule);
        const char *file = json_string_value(json_object_get(e->rule_files, name));
        used += (size_t)snprintf(out + used, size - used, "%s%s (%s) %ld", k ? ", " : "", name,
                                 file ? file : "?", top[k]->run);
    }
}

int dc_engine_run(dc_engine *e, long limit, double seconds, long *fired)
{
    void *env = e->env;
    guard_begin(e, seconds);
    e->running = 1;
    e->last_rule = NULL;
    e->run_id++;
    json_array_clear(e->trace);

    long long n = EnvRun(env, limit > 0 ? limit : -1);

    e->running = 0;
    close_firing(e);
    if (fired) *fired = (long)n;

    /* A loop is blamed on the rule that fired most (a rule that fails is
     * the last one fired), with the file it came from. */
    char what[600];
    const char *blamed = e->last_rule ? EnvGetDefruleName(env, e->last_rule) : NULL;
    if (e->stopped == STOPPED_TIME && busiest_rule(e, NULL)) blamed = busiest_rule(e, NULL);
    const char *file = blamed ? json_string_value(json_object_get(e->rule_files, blamed)) : NULL;
    snprintf(what, sizeof what, "rule %s%s%s%s", blamed ? blamed : "?", file ? " (" : "",
             file ? file : "", file ? ")" : "");
    int rc = guard_end(e, what, seconds);
    if (rc) return rc;
    if (limit > 0 && n >= limit && EnvGetNextActivation(env, NULL)) {
        char most[600];
        busiest_rules(e, most, sizeof most);
        set_message(e, "the rules fired %ld times without settling; those that fired most: %s."
                    " One of them probably loops", limit, most[0] ? most : "?");
        return DC_ELIMIT;
    }
    e->settled = !EnvGetNextActivation(env, NULL);
    e->message[0] = '\0';
    return DC_OK;
}

/* --- facts out ---------------------------------------------------------------- */

static json_t *field_to_json(int type, void *value)
{
    switch (type) {
    case SYMBOL:
    case STRING:
    case INSTANCE_NAME:
        return json_string(ValueToString(value));
    case INTEGER:
        return json_integer(ValueToLong(value));
    case FLOAT:
        return json_real(ValueToDouble(value));
    default:
        return json_null();
    }
}

static json_t *slot_to_json(DATA_OBJECT *v)
{
    if (GetpType(v) != MULTIFIELD) return field_to_json(GetpType(v), GetpValue(v));
    json_t *list = json_array();
    void *fields = GetpValue(v);
    for (long i = GetpDOBegin(v); list && i <= GetpDOEnd(v); i++)
        json_array_append_new(list, field_to_json(GetMFType(fields, i), GetMFValue(fields, i)));
    return list;
}

/* The CLIPS form of fact `index`, as a JSON string; a fact retracted
 * since is shown by its id alone. */
static json_t *basis_item(void *env, long long index)
{
    struct fact *f = FindIndexedFact(env, index);
    char form[1024];
    if (f) EnvGetFactPPForm(env, form, sizeof form, f);
    else snprintf(form, sizeof form, "f-%lld (retracted since)", index);
    const char *text = f && strchr(form, '(') ? strchr(form, '(') : form;
    /* A form cut at the buffer's end may end inside a UTF-8 character. */
    size_t n = strlen(text);
    json_t *item = NULL;
    for (int cut = 0; !item && cut < 4 && cut <= (int)n; cut++) item = json_stringn(text, n - (size_t)cut);
    return item;
}

/* "f-3,f-1,*" -> the CLIPS forms of facts 3 and 1. */
static json_t *basis_to_json(void *env, const char *ids)
{
    json_t *list = json_array();
    for (const char *p = ids; list && p && (p = strstr(p, "f-")); ) {
        p += 2;
        json_array_append_new(list, basis_item(env, strtoll(p, NULL, 10)));
    }
    return list;
}

/* The facts firing `f` matched (none when NULL), in CLIPS form. */
static json_t *firing_basis(dc_engine *e, const firing *f)
{
    if (!f || f->basis_text) return basis_to_json(e->env, f ? f->basis_text : NULL);
    json_t *list = json_array();
    for (size_t i = 0; list && i < f->n_basis; i++)
        json_array_append_new(list, basis_item(e->env, e->basis_ids[f->basis + i]));
    return list;
}

json_t *dc_engine_fact_basis(dc_engine *e, long long index)
{
    json_t *list = firing_basis(e, find_provenance(e, index));
    if (!list) set_message(e, "out of memory");
    return list;
}

/* One field of a fact as JSON. */
static json_t *field_value(const struct field *fld)
{
    if (fld->type != MULTIFIELD) return field_to_json(fld->type, fld->value);
    const struct multifield *mf = fld->value;
    json_t *list = json_array();
    for (long i = 1; list && i <= mf->multifieldLength; i++)
        json_array_append_new(list, field_to_json(GetMFType(mf, i), GetMFValue(mf, i)));
    return list;
}

/* The facts of `t` when they are all reference facts (asserted by the
 * last full reset, below ref_next_index) and were read back before since
 * that reset: a new array of the same, shared fact objects. NULL
 * otherwise: read them. A fact is never changed in place and an index is
 * not given twice between two full resets (a per-deal retraction gives
 * the deal's indexes again, never a reference fact's), so the same
 * indexes are the same facts. */
static json_t *reference_read(dc_engine *e, struct deftemplate *t, struct reference_read **slot)
{
    void *env = e->env;
    *slot = NULL;
    if ((e->plain & DC_ENGINE_PLAIN_REFERENCE) || !e->ref_ok) return NULL;
    struct reference_read *r = NULL;
    for (size_t i = 0; i < e->reference_reads_used && !r; i++)
        if (e->reference_reads[i].tmpl == t) r = &e->reference_reads[i];
    size_t n = 0;
    int same = r && r->epoch == e->reset_full;
    for (struct fact *f = EnvGetNextFactInTemplate(env, t, NULL); f; f = EnvGetNextFactInTemplate(env, t, f), n++) {
        if (f->factIndex >= e->ref_next_index || find_provenance(e, f->factIndex))
            return NULL; /* a deal's fact, or one a rule asserted again: read them */
        if (same && (n >= r->n || r->indexes[n] != f->factIndex)) same = 0;
    }
    if (same && n == r->n) return json_copy(r->facts);
    if (!r && e->reference_reads_used < REFERENCE_READS) r = &e->reference_reads[e->reference_reads_used++];
    else if (r) free(r->indexes), json_decref(r->facts);
    if (r) *r = (struct reference_read){t, e->reset_full, 0, NULL, NULL};
    *slot = r;
    return NULL;
}

/* Remember `facts`, just read from `t`, in `slot` (from reference_read):
 * on failure the slot stays empty and the next read reads again. */
static void remember_reference_read(dc_engine *e, struct deftemplate *t, struct reference_read *slot, json_t *facts)
{
    size_t n = json_array_size(facts);
    if (!slot || !(slot->indexes = malloc((n ? n : 1) * sizeof *slot->indexes))) return;
    size_t i = 0;
    for (struct fact *f = EnvGetNextFactInTemplate(e->env, t, NULL); f && i < n; f = EnvGetNextFactInTemplate(e->env, t, f))
        slot->indexes[i++] = f->factIndex;
    slot->n = i;
    slot->facts = json_incref(facts);
}

/* The facts of `tmpl` as dc_engine_facts gives them, with "_basis" when
 * `with_basis`, else "_fact" (the fact's index, for dc_engine_fact_basis).
 * Slots are read in place, by position. */
static json_t *read_facts(dc_engine *e, const char *tmpl, int with_basis)
{
    void *env = e->env;
    struct deftemplate *t = find_template(e, tmpl);
    if (!t) {
        set_message(e, "no template named %s", tmpl);
        return NULL;
    }
    struct reference_read *kept = NULL;
    json_t *facts = with_basis ? NULL : reference_read(e, t, &kept);
    if (facts) return facts;
    facts = json_array();
    if (!facts) goto nomem;
    for (struct fact *f = EnvGetNextFactInTemplate(env, t, NULL); f;
         f = EnvGetNextFactInTemplate(env, t, f)) {
        json_t *obj = json_object();
        if (!obj || json_array_append_new(facts, obj)) goto nomem;
        if (t->implied) { /* an ordered fact: its one multifield, named as CLIPS names it */
            DATA_OBJECT names, v;
            EnvDeftemplateSlotNames(env, t, &names);
            for (long i = GetDOBegin(names); i <= GetDOEnd(names); i++)
                if (EnvGetFactSlot(env, f, NULL, &v))
                    json_object_set_new(obj, ValueToString(GetMFValue(GetValue(names), i)), slot_to_json(&v));
        } else {
            const struct templateSlot *slot = t->slotList;
            for (long i = 0; slot && i < f->theProposition.multifieldLength; i++, slot = slot->next)
                json_object_set_new(obj, ValueToString(slot->slotName),
                                    field_value(&f->theProposition.theFields[i]));
        }
        const firing *p = find_provenance(e, f->factIndex);
        json_object_set_new(obj, "_rule", p ? json_string(ValueToString(p->rule_name)) : json_null());
        if (with_basis) json_object_set_new(obj, "_basis", firing_basis(e, p));
        else json_object_set_new(obj, "_fact", json_integer(f->factIndex));
    }
    if (kept) remember_reference_read(e, t, kept, facts);
    return facts;
nomem:
    json_decref(facts);
    set_message(e, "out of memory");
    return NULL;
}

json_t *dc_engine_facts(dc_engine *e, const char *tmpl)
{
    return read_facts(e, tmpl, 1);
}

json_t *dc_engine_facts_lean(dc_engine *e, const char *tmpl)
{
    return read_facts(e, tmpl, 0);
}

json_t *dc_engine_allowed_symbols(dc_engine *e, const char *tmpl, const char *slot)
{
    void *tmpl_ptr = EnvFindDeftemplate(e->env, tmpl);
    if (!tmpl_ptr || !EnvDeftemplateSlotExistP(e->env, tmpl_ptr, slot)) {
        set_message(e, "no slot %s in template %s", slot, tmpl);
        return NULL;
    }
    DATA_OBJECT allowed;
    EnvDeftemplateSlotAllowedValues(e->env, tmpl_ptr, slot, &allowed);
    json_t *list = json_array();
    if (!list || GetType(allowed) != MULTIFIELD) return list;
    void *fields = GetValue(allowed);
    for (long i = GetDOBegin(allowed); i <= GetDOEnd(allowed); i++)
        if (GetMFType(fields, i) == SYMBOL)
            json_array_append_new(list, json_string(ValueToString(GetMFValue(fields, i))));
    return list;
}

int dc_engine_slot_allows(dc_engine *e, const char *tmpl, const char *slot, const char *name)
{
    struct deftemplate *t = find_template(e, tmpl);
    int nomem = 0;
    const slot_spec *spec = t ? slot_spec_of(e, t, slot, &nomem) : NULL;
    if (!spec) return DC_SLOT_NONE; /* out of memory too: nothing checked here, the assert checks */
    int symbols = 0;
    for (const struct expr *x = spec->allowed; x; x = x->nextArg) {
        if (x->type != SYMBOL) continue;
        symbols = 1;
        if (strcmp(ValueToString(x->value), name) == 0) return DC_SLOT_ALLOWS;
    }
    return symbols ? DC_SLOT_REFUSES : DC_SLOT_ANY;
}

int dc_engine_has_template(dc_engine *e, const char *tmpl)
{
    return find_template(e, tmpl) != NULL;
}

json_t *dc_engine_rule_names(dc_engine *e)
{
    json_t *names = json_array();
    for (void *r = EnvGetNextDefrule(e->env, NULL); names && r; r = EnvGetNextDefrule(e->env, r))
        json_array_append_new(names, json_string(EnvGetDefruleName(e->env, r)));
    return names;
}

const char *dc_engine_rule_comment(dc_engine *e, const char *rule)
{
    replace_string(&e->scratch, "");
    void *r = EnvFindDefrule(e->env, rule);
    const char *pp = r ? rule_pp_form(e, r) : NULL;
    if (!pp) return e->scratch ? e->scratch : "";
    /* (defrule MAIN::name "comment" ...: the first string after the name. */
    const char *open = strchr(pp, '"');
    const char *arrow = strstr(pp, "=>");
    const char *paren = strchr(pp + 1, '(');
    if (!open || (arrow && open > arrow) || (paren && open > paren)) return e->scratch;
    size_t cap = strlen(open);
    char *out = malloc(cap);
    if (!out) return e->scratch;
    size_t n = 0;
    for (const char *p = open + 1; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) p++;
        out[n++] = *p;
    }
    out[n] = '\0';
    free(e->scratch);
    e->scratch = out;
    return out;
}

/* --- introspection for the coach tools ----------------------------------------- */

const char *dc_engine_rule_file(dc_engine *e, const char *rule)
{
    return json_string_value(json_object_get(e->rule_files, rule));
}

const char *dc_engine_rule_text(dc_engine *e, const char *rule)
{
    void *r = EnvFindDefrule(e->env, rule);
    const char *pp = r ? rule_pp_form(e, r) : NULL;
    return pp ? pp : "";
}

json_t *dc_engine_fire_counts(dc_engine *e)
{
    json_t *out = json_object();
    for (void *r = EnvGetNextDefrule(e->env, NULL); out && r; r = EnvGetNextDefrule(e->env, r)) {
        const struct fire_count *c = count_of(e, r, 0);
        json_object_set_new(out, EnvGetDefruleName(e->env, r), json_integer(c ? c->total : 0));
    }
    return out;
}

void dc_engine_set_fire_counts(dc_engine *e, json_t *counts)
{
    const char *name;
    json_t *n;
    json_object_foreach(counts, name, n) {
        void *rule = json_is_integer(n) ? EnvFindDefrule(e->env, name) : NULL;
        struct fire_count *c = rule ? count_of(e, rule, 1) : NULL;
        if (c) c->total = (long)json_integer_value(n);
    }
}

void dc_engine_set_trace(dc_engine *e, int on)
{
    e->tracing = on;
    if (!on) json_array_clear(e->trace);
}

json_t *dc_engine_trace(dc_engine *e)
{
    json_t *out = json_array();
    size_t i;
    json_t *step;
    json_array_foreach(e->trace, i, step) {
        if (!out) break;
        const char *rule = json_string_value(json_object_get(step, "rule"));
        const char *file = dc_engine_rule_file(e, rule);
        json_array_append_new(out, json_pack("{sssos{}}", "rule", rule,
                              "file", file ? json_string(file) : json_null(), "facts"));
        json_object_set_new(json_array_get(out, i), "facts",
                            basis_to_json(e->env, json_string_value(json_object_get(step, "basis"))));
    }
    return out;
}

json_t *dc_engine_template_slots(dc_engine *e, const char *tmpl)
{
    void *t = EnvFindDeftemplate(e->env, tmpl);
    if (!t) {
        set_message(e, "no template named %s", tmpl);
        return NULL;
    }
    DATA_OBJECT names;
    EnvDeftemplateSlotNames(e->env, t, &names);
    json_t *list = json_array();
    if (!list || GetType(names) != MULTIFIELD) return list;
    void *fields = GetValue(names);
    for (long i = GetDOBegin(names); i <= GetDOEnd(names); i++)
        json_array_append_new(list, json_string(ValueToString(GetMFValue(fields, i))));
    return list;
}

#define PROBE_RULE "dealcoach-why-not-probe"

int dc_engine_probe(dc_engine *e, const char *conditions, json_t **matches)
{
    *matches = NULL;
    void *env = e->env;
    if (e->from_image) {
        set_message(e, "the rules came from a binary image, which takes no probe: load them as text");
        return DC_EINPUT;
    }
    size_t n = strlen(conditions) + 128;
    char *text = malloc(n);
    if (!text) {
        set_message(e, "out of memory");
        return DC_ENOMEM;
    }
    snprintf(text, n, "(defrule MAIN::%s %s => )", PROBE_RULE, conditions);
    e->ref_ok = 0; /* a rule comes and goes: the next reset is a full one */
    forget_lookups(e); /* its patterns may define templates (implied ones) */
    /* The probe is primed with the facts in memory as it is defined; its
     * activations are the matches. It never fires: it is removed at once. */
    guard_begin(e, e->guard_seconds);
    int built = EnvBuild(env, text);
    const char *detail = captured_text(e);
    char why[512];
    snprintf(why, sizeof why, "%s", detail[0] ? detail : "the conditions do not parse");
    int rc = guard_end(e, "probe", e->guard_seconds);
    free(text);
    void *rule = built ? EnvFindDefrule(env, PROBE_RULE) : NULL;
    if (!rule) { /* the conditions do not parse: that is the caller's input */
        set_message(e, "%s", why);
        return rc == DC_ELIMIT ? rc : DC_EINPUT;
    }
    json_t *list = json_array();
    for (void *a = EnvGetNextActivation(env, NULL); list && a; a = EnvGetNextActivation(env, a)) {
        if (EnvGetActivationRule(env, a) != rule) continue; /* another rule's, left as it was */
        char ids[4096];
        EnvGetActivationBasisPPForm(env, ids, sizeof ids, a);
        json_t *match = json_array();
        for (const char *p = ids; match && (p = strstr(p, "f-")); ) {
            p += 2;
            json_array_append_new(match, json_integer(strtoll(p, NULL, 10)));
        }
        json_array_append_new(list, match);
    }
    EnvUndefrule(env, rule);
    if (!list) {
        set_message(e, "out of memory");
        return DC_ENOMEM;
    }
    *matches = list;
    return rc;
}

char *dc_engine_fact_text(dc_engine *e, long long index)
{
    struct fact *f = FindIndexedFact(e->env, index);
    if (!f) return NULL;
    char form[1024];
    EnvGetFactPPForm(e->env, form, sizeof form, f);
    const char *text = strchr(form, '(') ? strchr(form, '(') : form;
    return dup_string(text);
}

const char *dc_engine_fact_template(dc_engine *e, long long index)
{
    struct fact *f = FindIndexedFact(e->env, index);
    return f ? EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, f)) : NULL;
}
