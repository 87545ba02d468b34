/* test_image.c - a binary image of a rules directory (engine.h,
 * dc_engine_load_image) loads what the texts load, and is refused - the
 * engine untouched, ready for the texts - when stale, truncated or damaged. */
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

#include "engine.h"

static char dir[64], image[96], rule_file[96];

static void write_file(const char *path, const char *text, size_t len, const char *mode)
{
    FILE *f = fopen(path, mode);
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(4u << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 4u << 20, f);
    fclose(f);
    return buf;
}

static const char tiny[] =
    "(deftemplate deal (slot id (type STRING)) (slot size (type SYMBOL) (allowed-symbols unknown sme large))\n"
    "   (slot amount (type NUMBER SYMBOL) (allowed-symbols unknown) (default unknown)))\n"
    "(deftemplate finding (slot id (type SYMBOL)) (multislot because (type STRING)))\n"
    "(defrule big-deal \"Deals over 100 are big.\"\n"
    "   (deal (amount ?a&:(numberp ?a)&:(> ?a 100)))\n"
    "   =>\n"
    "   (assert (finding (id big) (because (str-cat \"amount = \" ?a)))))\n";

/* A directory holding tiny.clp and its image. */
static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dc-image-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(rule_file, sizeof rule_file, "%s/tiny.clp", dir);
    snprintf(image, sizeof image, "%s.image", dir);
    write_file(rule_file, tiny, strlen(tiny), "w");
    dc_engine *e = dc_engine_new();
    int rc = e ? dc_engine_load_dir(e, dir) : -1;
    if (!rc) rc = dc_engine_save_image(e, image);
    dc_engine_free(e);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    unlink(rule_file);
    rmdir(dir);
    unlink(image);
    return 0;
}

/* A new engine loaded from the image: DC_OK or the status. */
static int from_image(dc_engine **e)
{
    *e = dc_engine_new();
    assert_non_null(*e);
    return dc_engine_load_image(*e, image, dir);
}

static json_t *run_big_deal(dc_engine *e)
{
    json_t *slots = json_pack("{sssi}", "id", "d1", "amount", 500);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    assert_int_equal(dc_engine_assert(e, "deal", slots), DC_OK);
    json_decref(slots);
    assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_OK);
    return dc_engine_facts(e, "finding");
}

static void the_image_loads_what_the_texts_load(void **state)
{
    (void)state;
    dc_engine *text = dc_engine_new(), *img;
    assert_int_equal(dc_engine_load_dir(text, dir), DC_OK);
    assert_int_equal(from_image(&img), DC_OK);
    json_t *a = run_big_deal(text), *b = run_big_deal(img);
    assert_true(json_equal(a, b));
    assert_string_equal(json_string_value(json_object_get(json_array_get(b, 0), "_rule")), "big-deal");
    json_decref(a);
    json_decref(b);
    /* What CLIPS keeps no record of in an image: the rule's file and text. */
    assert_string_equal(dc_engine_rule_file(img, "big-deal"), dc_engine_rule_file(text, "big-deal"));
    assert_string_equal(dc_engine_rule_text(img, "big-deal"), dc_engine_rule_text(text, "big-deal"));
    assert_string_equal(dc_engine_rule_comment(img, "big-deal"), "Deals over 100 are big.");
    /* Slot types and allowed values survive (dynamic constraint checking
     * at save time). */
    json_t *sa = dc_engine_allowed_symbols(text, "deal", "size"), *sb = dc_engine_allowed_symbols(img, "deal", "size");
    assert_int_equal(json_array_size(sb), 3);
    assert_true(json_equal(sa, sb));
    json_decref(sa);
    json_decref(sb);
    json_t *bad = json_pack("{ss}", "size", "huge");
    assert_int_equal(dc_engine_assert(img, "deal", bad), DC_EINPUT);
    json_decref(bad);
    /* Nothing can be added after an image: a clear refusal, no crash. */
    assert_int_equal(dc_engine_load_text(img, "x.clp", "(defrule x =>)", 14), DC_ERULES);
    json_t *matches = NULL;
    assert_int_equal(dc_engine_probe(img, "(deal)", &matches), DC_EINPUT);
    assert_null(matches);
    assert_int_equal(dc_engine_save_image(img, image), DC_EINPUT);
    assert_int_equal(dc_engine_load_image(text, image, dir), DC_EINPUT);
    dc_engine_free(text);
    dc_engine_free(img);
}

/* Refused with DC_ENOTFOUND and `why` in the message; the engine then
 * loads the texts as if nothing had happened. */
static void assert_refused(const char *why)
{
    dc_engine *e;
    assert_int_equal(from_image(&e), DC_ENOTFOUND);
    if (!strstr(dc_engine_message(e), why)) fail_msg("expected \"%s\" in: %s", why, dc_engine_message(e));
    assert_int_equal(dc_engine_load_dir(e, dir), DC_OK);
    json_t *found = run_big_deal(e);
    assert_int_equal(json_array_size(found), 1);
    json_decref(found);
    dc_engine_free(e);
}

static void a_stale_image_is_refused(void **state)
{
    (void)state;
    size_t len;
    char *saved = read_file(rule_file, &len);
    write_file(rule_file, "; edited\n", 9, "a");
    assert_refused("stale");
    write_file(rule_file, saved, len, "w"); /* the same bytes again: usable */
    dc_engine *e;
    assert_int_equal(from_image(&e), DC_OK);
    dc_engine_free(e);
    char renamed[128];
    snprintf(renamed, sizeof renamed, "%s/other.clp", dir); /* same bytes, another name */
    assert_int_equal(rename(rule_file, renamed), 0);
    assert_refused("stale");
    assert_int_equal(rename(renamed, rule_file), 0);
    free(saved);
}

static void damaged_images_are_refused_without_crashing(void **state)
{
    (void)state;
    size_t len;
    char *good = read_file(image, &len);
    assert_true(len > 200);
    const size_t cuts[] = {0, 1, 7, 47, 48, 100, len / 2, len - 49, len - 48, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_file(image, good, cuts[i], "wb");
        assert_refused(cuts[i] < 48 ? "wrong size" : "");
    }
    char *bytes = malloc(len + 1);
    assert_non_null(bytes);
    const size_t flips[] = {0, 20, len / 3, len / 2, len - 60, len - 40, len - 8, len - 1};
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        memcpy(bytes, good, len);
        bytes[flips[i]] ^= 0x20;
        write_file(image, bytes, len, "wb");
        assert_refused("");
    }
    srand(7);
    for (size_t i = 0; i < len; i++) bytes[i] = (char)(rand() & 0xff);
    write_file(image, bytes, len, "wb");
    assert_refused("not an image");
    memcpy(bytes, good, len);
    bytes[len] = 'x'; /* one byte too many */
    write_file(image, bytes, len + 1, "wb");
    assert_refused("");
    unlink(image);
    assert_refused("cannot open");
    write_file(image, good, len, "wb");
    dc_engine *e;
    assert_int_equal(from_image(&e), DC_OK);
    dc_engine_free(e);
    free(bytes);
    free(good);
}

static void only_a_directory_loaded_alone_makes_an_image(void **state)
{
    (void)state;
    dc_engine *e = dc_engine_new();
    char other[128];
    snprintf(other, sizeof other, "%s.other", image);
    assert_int_equal(dc_engine_save_image(e, other), DC_EINPUT); /* nothing loaded */
    assert_int_equal(dc_engine_load_file(e, rule_file), DC_OK);
    assert_int_equal(dc_engine_save_image(e, other), DC_EINPUT); /* a file, not a directory */
    dc_engine_free(e);
    e = dc_engine_new();
    assert_int_equal(dc_engine_load_dir(e, dir), DC_OK);
    assert_int_equal(dc_engine_load_text(e, "more.clp", "(defrule more (deal) =>)", 24), DC_OK);
    assert_int_equal(dc_engine_save_image(e, other), DC_EINPUT); /* more than the directory */
    assert_int_equal(access(other, F_OK), -1);
    dc_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_image_loads_what_the_texts_load),
        cmocka_unit_test(a_stale_image_is_refused),
        cmocka_unit_test(damaged_images_are_refused_without_crashing),
        cmocka_unit_test(only_a_directory_loaded_alone_makes_an_image),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
