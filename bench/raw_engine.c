/* raw_engine.c - the engine's own limit: a plain C program that links
 * libclips.a, loads the same rule files as dealcoach and, for each deal,
 * resets, asserts exactly the facts dealcoach asserts (dumped by
 * bench/dump_facts) through the fact API, and runs. Nothing else: no deal
 * checking, no notes, no reading results back, no texts, no JSON out.
 * bench/engine.sh sets dealcoach's whole process beside it.
 *
 *     raw_engine RULES_DIR FACTS.jsonl      prints "N deals in S s = R deals/s"
 *
 * The facts are converted to CLIPS values once, before timing; each run
 * then builds facts from them the way dealcoach's engine does (a symbol
 * where the slot takes symbols and no strings, else a string). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <clips.h>
#include <jansson.h>

typedef struct value {   /* one slot's value, ready for EnvPutFactSlot */
    int type;            /* SYMBOL, STRING, INTEGER, FLOAT or MULTIFIELD */
    void *field;         /* the field; for MULTIFIELD unused */
    int n;               /* MULTIFIELD: the items */
    int *types;
    void **fields;
} value;

typedef struct pfact {
    void *tmpl;
    size_t n;
    char **slots;
    value *values;
} pfact;

typedef struct pdeal {
    pfact *facts;
    size_t n;
} pdeal;

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_rules(void *env, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char *names[256];
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) && n < 256) {
        size_t len = strlen(ent->d_name);
        if (len > 4 && strcmp(ent->d_name + len - 4, ".clp") == 0) names[n++] = strdup(ent->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (EnvLoad(env, path) != 1) {
            fprintf(stderr, "raw_engine: %s did not load\n", path);
            rc = -1;
        }
        free(names[i]);
    }
    return rc;
}

/* Does the slot take symbols and not strings? */
static int takes_symbols(void *env, void *tmpl, const char *slot)
{
    DATA_OBJECT types;
    EnvDeftemplateSlotTypes(env, tmpl, (char *)slot, &types);
    int symbol = 0, string = 0;
    if (GetType(types) == MULTIFIELD)
        for (long i = GetDOBegin(types); i <= GetDOEnd(types); i++) {
            const char *t = ValueToString(GetMFValue(GetValue(types), i));
            symbol |= strcmp(t, "SYMBOL") == 0;
            string |= strcmp(t, "STRING") == 0;
        }
    return symbol && !string;
}

/* A field from a JSON scalar, kept alive across resets. */
static void field_of(void *env, json_t *j, int symbols, int *type, void **field)
{
    if (json_is_integer(j)) {
        *type = INTEGER;
        *field = EnvAddLong(env, json_integer_value(j));
        IncrementIntegerCount((INTEGER_HN *)*field);
    } else if (json_is_real(j)) {
        *type = FLOAT;
        *field = EnvAddDouble(env, json_real_value(j));
        IncrementFloatCount((FLOAT_HN *)*field);
    } else {
        *type = symbols ? SYMBOL : STRING;
        *field = EnvAddSymbol(env, json_is_string(j) ? json_string_value(j) : "");
        IncrementSymbolCount((SYMBOL_HN *)*field);
    }
}

static int prepare(void *env, json_t *line, pdeal *d)
{
    d->n = json_array_size(line);
    d->facts = calloc(d->n + 1, sizeof *d->facts);
    for (size_t i = 0; i < d->n; i++) {
        json_t *pair = json_array_get(line, i), *slots = json_array_get(pair, 1);
        pfact *f = &d->facts[i];
        if (!(f->tmpl = EnvFindDeftemplate(env, json_string_value(json_array_get(pair, 0))))) return -1;
        f->slots = calloc(json_object_size(slots) + 1, sizeof *f->slots);
        f->values = calloc(json_object_size(slots) + 1, sizeof *f->values);
        const char *slot;
        json_t *v;
        json_object_foreach(slots, slot, v) {
            if (json_is_null(v)) continue;
            value *val = &f->values[f->n];
            int symbols = takes_symbols(env, f->tmpl, slot);
            if (json_is_array(v)) {
                val->type = MULTIFIELD;
                val->n = (int)json_array_size(v);
                val->types = calloc((size_t)val->n + 1, sizeof *val->types);
                val->fields = calloc((size_t)val->n + 1, sizeof *val->fields);
                for (int k = 0; k < val->n; k++)
                    field_of(env, json_array_get(v, (size_t)k), symbols, &val->types[k], &val->fields[k]);
            } else {
                field_of(env, v, symbols, &val->type, &val->field);
            }
            f->slots[f->n++] = strdup(slot);
        }
    }
    return 0;
}

/* One deal: reset, assert, run. Returns the rules fired. */
__attribute__((noinline)) static long run_deal(void *env, const pdeal *d)
{
    EnvReset(env);
    for (size_t i = 0; i < d->n; i++) {
        const pfact *f = &d->facts[i];
        struct fact *fact = EnvCreateFact(env, f->tmpl);
        for (size_t s = 0; s < f->n; s++) {
            const value *val = &f->values[s];
            DATA_OBJECT v;
            if (val->type == MULTIFIELD) {
                void *mf = EnvCreateMultifield(env, val->n);
                for (int k = 0; k < val->n; k++) {
                    SetMFType(mf, k + 1, val->types[k]);
                    SetMFValue(mf, k + 1, val->fields[k]);
                }
                SetType(v, MULTIFIELD);
                SetValue(v, mf);
                SetDOBegin(v, 1);
                SetDOEnd(v, val->n);
            } else {
                SetType(v, val->type);
                SetValue(v, val->field);
            }
            EnvPutFactSlot(env, fact, f->slots[s], &v);
        }
        EnvAssignFactSlotDefaults(env, fact);
        EnvAssert(env, fact);
    }
    return EnvRun(env, -1);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: raw_engine RULES_DIR FACTS.jsonl\n");
        return 2;
    }
    void *env = CreateEnvironment();
    if (!env || load_rules(env, argv[1])) return 1;
    FILE *in = fopen(argv[2], "r");
    if (!in) {
        perror(argv[2]);
        return 1;
    }
    size_t n = 0, cap = 1024;
    pdeal *deals = calloc(cap, sizeof *deals);
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, in) > 0) {
        json_t *facts = json_loads(line, 0, NULL);
        if (!facts) continue;
        if (n == cap) deals = realloc(deals, (cap *= 2) * sizeof *deals);
        if (prepare(env, facts, &deals[n]) == 0) n++;
        json_decref(facts);
    }
    free(line);
    fclose(in);
    struct timespec t0, t1;
    long fired = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t i = 0; i < n; i++) fired += run_deal(env, &deals[i]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu deals in %.3f s = %.0f deals/s (%.1f rules fired a deal)\n", n, s, s > 0 ? (double)n / s : 0.0,
           n ? (double)fired / (double)n : 0.0);
    return 0; /* the process ends here: the OS takes the memory back */
}
