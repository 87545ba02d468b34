/* test_notes_learned.c - signals learned from example notes
 * (kb/notes_learned.h): features, training that is the same every time, a
 * damaged model refused, and the model weighing the patterns' hits in a
 * scan (kb/notes.h: dc_notes_use_model). */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "notes.h"
#include "notes_learned.h"

/* The features of a plain ASCII or Chinese text, no marks but breaks at
 * commas. */
static dc_features features_of(const char *text, int deny_from)
{
    dc_features f = {0};
    size_t len = strlen(text);
    unsigned char *marks = calloc(len + 1, 1);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == ',') marks[i] = DC_FEATURE_BREAK;
        if (deny_from >= 0 && (int)i >= deny_from) marks[i] |= DC_FEATURE_DENIED;
    }
    assert_int_equal(dc_features_of(&f, text, len, marks), 0);
    free(marks);
    return f;
}

static void features_are_unique_and_placed(void **state)
{
    (void)state;
    dc_features f = features_of("价格价格", -1); /* 价 格 价格 格价 价格价 格价格: 6 */
    assert_int_equal(f.count, 6);
    for (size_t i = 0; i < f.count; i++)
        for (size_t j = i + 1; j < f.count; j++) assert_true(f.hash[i] != f.hash[j]);
    dc_features_free(&f);
    /* a word gives itself, its four-letter pieces (^price$: 4) and no pair */
    f = features_of("Price", -1);
    assert_int_equal(f.count, 5);
    dc_features_free(&f);
    /* denied words add their marked twins; the pieces are not doubled */
    dc_features g = features_of("price", 0);
    assert_int_equal(g.count, 6);
    dc_features_free(&g);
    /* a pair of words within a clause, not across a break */
    f = features_of("too high", -1);
    g = features_of("too,high", -1);
    assert_int_equal(f.count, g.count + 1);
    dc_features_free(&f);
    dc_features_free(&g);
    /* a trailing question mark is a feature of its own */
    f = features_of("pricing ?", -1);
    g = features_of("pricing", -1);
    assert_int_equal(f.count, g.count + 1);
    dc_features_free(&f);
    dc_features_free(&g);
}

/* The patterns' concepts are features too: two notes that share no
 * character but a concept's words share that concept's feature, and a
 * denied mention has its marked twin (kb/notes.c). */
static void a_concept_is_a_feature(void **state)
{
    (void)state;
    char patterns[] = "/tmp/dc-concept-feature-XXXXXX";
    int fd = mkstemp(patterns);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("@concept worry\t担心|顾虑\n@negation\t没有\nrisk-concern\t{worry}\n", f);
    fclose(f);
    dc_notes *n = dc_notes_new();
    assert_int_equal(dc_notes_load_file(n, patterns), DC_OK);
    dc_features a = {0}, b = {0}, c = {0};
    assert_int_equal(dc_notes_features(n, "担心", &a), DC_OK);
    assert_int_equal(dc_notes_features(n, "顾虑", &b), DC_OK);
    assert_int_equal(dc_notes_features(n, "没有顾虑", &c), DC_OK);
    size_t shared = 0;
    for (size_t i = 0; i < a.count; i++)
        for (size_t j = 0; j < b.count; j++) shared += a.hash[i] == b.hash[j];
    assert_int_equal(shared, 1);                             /* {worry} alone */
    dc_features words = features_of("担心", -1);
    assert_int_equal(a.count, words.count + 1); /* one more than its characters */
    dc_features_free(&words);
    words = features_of("没有顾虑", 6); /* 顾虑 after 没有: marked, the concept too */
    assert_int_equal(c.count, words.count + 2);            /* {worry} and its marked twin */
    dc_features_free(&words);
    /* placed at its own words, in the second sentence as in the first */
    dc_features d = {0}, gu = features_of("顾", -1);
    assert_int_equal(dc_notes_features(n, "价格。顾虑", &d), DC_OK);
    size_t concept_at = SIZE_MAX, word_at = SIZE_MAX;
    for (size_t i = 0; i < d.count; i++) {
        for (size_t j = 0; j < a.count; j++)
            if (d.hash[i] == a.hash[j]) concept_at = d.at[i];
        if (d.hash[i] == gu.hash[0]) word_at = d.at[i];
    }
    assert_true(word_at > 0 && word_at != SIZE_MAX);
    assert_int_equal(concept_at, word_at);
    dc_features_free(&d);
    dc_features_free(&gu);
    dc_features_free(&a);
    dc_features_free(&b);
    dc_features_free(&c);
    dc_notes_free(n);
    unlink(patterns);
}

static char model_path[64];

/* A model learned from a few examples: "too expensive" is price, "not
 * expensive" is not; "signing slips" is delay. */
static void learn(const char *path, double confirm, double add)
{
    static const struct {
        const char *signal, *text;
        int positive, deny_from;
    } examples[] = {
        {"price-pushback", "too expensive", 1, -1},  {"price-pushback", "way too expensive", 1, -1},
        {"price-pushback", "expensive they say", 1, -1}, {"price-pushback", "not expensive", 0, 3},
        {"price-pushback", "never expensive", 0, 5}, {"signing-delayed", "signing slips again", 1, -1},
        {"signing-delayed", "the signing slips", 1, -1}, {"signing-delayed", "signing on time", 0, -1},
    };
    dc_learner *l = dc_learner_new();
    assert_non_null(l);
    for (int round = 0; round < 4; round++)
        for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
            dc_features f = features_of(examples[i].text, examples[i].deny_from);
            assert_int_equal(dc_learner_add(l, examples[i].signal, examples[i].positive, &f), 0);
            dc_features_free(&f);
        }
    char why[256];
    assert_int_equal(dc_learner_write(l, path, confirm, add, why, sizeof why), 0);
    dc_learner_free(l);
}

static char *read_all(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    rewind(f);
    char *data = malloc((size_t)*size);
    assert_int_equal(fread(data, 1, (size_t)*size, f), (size_t)*size);
    fclose(f);
    return data;
}

static void training_is_the_same_every_time(void **state)
{
    (void)state;
    char other[80];
    snprintf(other, sizeof other, "%s.again", model_path);
    learn(model_path, 0.01, 0.95);
    learn(other, 0.01, 0.95);
    long a_size, b_size;
    char *a = read_all(model_path, &a_size), *b = read_all(other, &b_size);
    assert_int_equal(a_size, b_size);
    assert_memory_equal(a, b, (size_t)a_size);
    free(a);
    free(b);
    unlink(other);
}

static double probability(const dc_learned *m, const char *signal, const char *text, int deny_from)
{
    dc_features f = features_of(text, deny_from);
    double prob[8];
    size_t top[8];
    assert_true(dc_learned_signal_count(m) <= 8);
    dc_learned_score(m, &f, prob, top);
    dc_features_free(&f);
    for (size_t i = 0; i < dc_learned_signal_count(m); i++)
        if (strcmp(dc_learned_signal(m, i), signal) == 0) return prob[i];
    fail_msg("no signal %s in the model", signal);
    return -1;
}

/* The model learned from the test's examples, mapped (the caller closes it). */
static dc_learned *learned_model(void)
{
    learn(model_path, 0.01, 0.95);
    char why[256];
    dc_learned *m = dc_learned_open(model_path, why, sizeof why);
    assert_non_null(m);
    return m;
}

static void a_model_rewritten_in_use_stays_whole(void **state)
{
    (void)state;
    dc_learned *m = learned_model();
    learn(model_path, 0.01, 0.95); /* a build while a session runs */
    assert_true(probability(m, "price-pushback", "too expensive", -1) > 0.5); /* no SIGBUS */
    dc_learned_close(m);
}

static void the_model_learns_its_examples(void **state)
{
    (void)state;
    dc_learned *m = learned_model();
    assert_int_equal(dc_learned_signal_count(m), 2);
    assert_true(dc_learned_confirm(m) == 0.01 && dc_learned_add(m) == 0.95);
    assert_true(probability(m, "price-pushback", "too expensive", -1) > 0.5);
    assert_true(probability(m, "price-pushback", "not expensive", 3) < 0.5);
    assert_true(probability(m, "signing-delayed", "signing slips", -1) > 0.5);
    assert_true(probability(m, "signing-delayed", "too expensive", -1) < 0.5);
    dc_learned_close(m);
}

/* Write the model with one byte changed (or cut to `keep` bytes). */
static void spoil(const char *from, const char *to, long at, long keep)
{
    long size;
    char *data = read_all(from, &size);
    if (at >= 0) data[at] ^= 0x40;
    FILE *f = fopen(to, "wb");
    fwrite(data, 1, (size_t)(keep >= 0 ? keep : size), f);
    fclose(f);
    free(data);
}

static void a_damaged_model_is_refused(void **state)
{
    (void)state;
    learn(model_path, 0.01, 0.95);
    char bad[80], why[256];
    snprintf(bad, sizeof bad, "%s.bad", model_path);
    long size;
    free(read_all(model_path, &size));
    spoil(model_path, bad, 16 + 16 + 16 + 1, -1); /* a signal's name */
    assert_null(dc_learned_open(bad, why, sizeof why));
    assert_non_null(strstr(why, "damaged"));
    spoil(model_path, bad, -1, size - 8);
    assert_null(dc_learned_open(bad, why, sizeof why));
    assert_non_null(strstr(why, bad));
    spoil(model_path, bad, 0, -1);
    assert_null(dc_learned_open(bad, why, sizeof why));
    assert_non_null(strstr(why, "not a dealcoach model"));
    unlink(bad);
    assert_null(dc_learned_open(bad, why, sizeof why));
    assert_non_null(strstr(why, "No such file"));
    /* the tables of features are checked where they are read: a damaged
     * slot or weight is skipped, never read outside the file */
    long head = 16 + 16 + 16 + 2 * 64 + 8; /* two signals */
    char *data = read_all(model_path, &size);
    memset(data + head, 0xFF, (size_t)(size - 8 - head));
    FILE *f = fopen(bad, "wb");
    fwrite(data, 1, (size_t)size, f);
    fclose(f);
    free(data);
    dc_learned *m = dc_learned_open(bad, why, sizeof why);
    assert_non_null(m);
    double p = probability(m, "price-pushback", "too expensive", -1);
    assert_true(p >= 0 && p <= 1);
    dc_learned_close(m);
    /* a signal's id is printed as it is: one that is no id is refused */
    data = read_all(model_path, &size);
    memcpy(data + 48, "evil\tid", 8);
    f = fopen(bad, "wb");
    fwrite(data, 1, (size_t)size, f);
    fclose(f);
    free(data);
    assert_null(dc_learned_open(bad, why, sizeof why));
    /* the notes: refused with the reason, the patterns used alone */
    spoil(model_path, bad, 16 + 16 + 16 + 1, -1);
    dc_notes *n = dc_notes_new();
    assert_int_equal(dc_notes_use_model(n, bad), DC_EINPUT);
    assert_false(dc_notes_has_model(n));
    assert_non_null(strstr(dc_notes_message(n), "damaged"));
    assert_int_equal(dc_notes_problem_count(n), 0); /* the patterns' state cache stays usable */
    unlink(bad);
    assert_int_equal(dc_notes_use_model(n, bad), DC_ENOTFOUND);
    dc_notes_free(n);
}

struct seen {
    char signals[256];
    char where[256];
};

static void collect(void *ctx, const char *signal, const char *words, const char *where)
{
    struct seen *s = ctx;
    snprintf(s->signals + strlen(s->signals), sizeof s->signals - strlen(s->signals), "%s=%s;", signal, words);
    snprintf(s->where, sizeof s->where, "%s", where);
}

static struct seen scan(dc_notes *n, const char *text)
{
    struct seen s = {"", ""};
    assert_int_equal(dc_notes_scan_at(n, text, collect, &s), DC_OK);
    return s;
}

static void the_model_weighs_the_patterns_hits(void **state)
{
    (void)state;
    char patterns[80];
    snprintf(patterns, sizeof patterns, "%s.txt", model_path);
    FILE *f = fopen(patterns, "w");
    fputs("price-pushback\texpensive\n@negation\tnot|never\n@hedge\t\\bif\\b\n"
          "@question\t\\bwill\\b\n", f);
    fclose(f);
    learn(model_path, 0.01, 0.95);
    dc_notes *n = dc_notes_new();
    assert_int_equal(dc_notes_load_file(n, patterns), DC_OK);
    /* without the model: the pattern alone */
    struct seen s = scan(n, "signing slips, sadly");
    assert_string_equal(s.signals, "");
    assert_int_equal(dc_notes_use_model(n, model_path), DC_OK);
    assert_true(dc_notes_has_model(n));
    /* added by the model, the clause that weighed most as its words */
    s = scan(n, "signing slips, sadly");
    assert_string_equal(s.signals, "signing-delayed=signing slips;");
    assert_non_null(strstr(s.where, "learned from example notes"));
    /* ... but not where the patterns' own mentions would be no news: a
     * hedge in its clause, the rep's own question */
    s = scan(n, "if signing slips, sadly");
    assert_string_equal(s.signals, "");
    s = scan(n, "will signing slips?");
    assert_string_equal(s.signals, "");
    /* the pattern's hit, confirmed */
    s = scan(n, "too expensive");
    assert_string_equal(s.signals, "price-pushback=expensive;");
    dc_notes_free(n);
    /* a pattern's hit the model finds very unlikely is dropped */
    learn(model_path, 0.99, 1.01);
    n = dc_notes_new();
    assert_int_equal(dc_notes_load_file(n, patterns), DC_OK);
    assert_int_equal(dc_notes_use_model(n, model_path), DC_OK);
    s = scan(n, "signing slips");
    assert_string_equal(s.signals, ""); /* above 1: never added */
    s = scan(n, "the buyer said on the phone today that the whole offer is expensive");
    assert_string_equal(s.signals, "");
    /* ... unless the note is too short for the model to judge (FEW_FEATURES) */
    s = scan(n, "expensive");
    assert_string_equal(s.signals, "price-pushback=expensive;");
    dc_notes_free(n);
    unlink(patterns);
}

static int setup(void **state)
{
    (void)state;
    snprintf(model_path, sizeof model_path, "/tmp/dc-learned-%ld.model", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(model_path);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(features_are_unique_and_placed),
        cmocka_unit_test(a_concept_is_a_feature),
        cmocka_unit_test(training_is_the_same_every_time),
        cmocka_unit_test(the_model_learns_its_examples),
        cmocka_unit_test(a_model_rewritten_in_use_stays_whole),
        cmocka_unit_test(a_damaged_model_is_refused),
        cmocka_unit_test(the_model_weighs_the_patterns_hits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
