/* test_import.c - CSV import: the map, reading CSV (quoting, BOM, GBK, Big5,
 * UTF-16, bad rows, line numbers), slugs, merging into the store, and the
 * importer that does all of it for a file (counts, lines to tell). */
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

#include "testutil.h"

#include "coach.h"
#include "csv_import.h"
#include "importer.h"
#include "merge.h"
#include "store.h"

static dc_import_map *default_map(void)
{
    dc_import_map *m = dc_import_map_new();
    json_t *errors = json_array();
    assert_non_null(m);
    assert_int_equal(dc_import_map_load(m, "kb/import/default.map", errors), DC_OK);
    assert_int_equal(json_array_size(errors), 0);
    json_decref(errors);
    return m;
}

/* Read `csv` with the default map; returns the status, rows in *rows. */
static int read_csv(const char *csv, size_t len, json_t **rows, json_t *notes, json_t *errors)
{
    dc_import_map *m = default_map();
    int rc = dc_csv_read("t.csv", csv, len, m, rows, notes, errors);
    dc_import_map_free(m);
    return rc;
}

/* Row i as "LINE|field=value;..." or "LINE|error: ...", fields sorted. */
static char *row_text(json_t *rows, size_t i)
{
    json_t *row = json_array_get(rows, i), *deal = json_object_get(row, "deal");
    char *buf = malloc(2048);
    size_t n = (size_t)snprintf(buf, 2048, "%" JSON_INTEGER_FORMAT "|",
                                json_integer_value(json_object_get(row, "line")));
    if (!deal) {
        snprintf(buf + n, 2048 - n, "error: %s", json_string_value(json_object_get(row, "error")));
        return buf;
    }
    char *fields = json_dumps(deal, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(buf + n, 2048 - n, "%s", fields);
    free(fields);
    return buf;
}

static void assert_row(json_t *rows, size_t i, const char *want)
{
    char *got = row_text(rows, i);
    if (strcmp(got, want) != 0) fail_msg("row %zu:\n  got  %s\n  want %s", i, got, want);
    free(got);
}

static void salesforce_columns_stages_dates(void **state)
{
    (void)state;
    const char csv[] =
        "Stage,Amount,Opportunity Name,Opportunity ID,Close Date,Account Name,Opportunity Owner,Type\n"
        "Negotiation/Review,\"1,200,000\",ACME MES,006A1,3/31/2027,ACME Steel,Li Na,New\n"
        "Id. Decision Makers,$5000.50,Beta,006A2,2027/1/5,Beta Co,Wang,New\n"
        "Closed Won,0,Gamma,006A3,2027-02-28 00:00,Gamma,Wang,New\n";
    json_t *rows, *notes = json_array(), *errors = json_array();
    assert_int_equal(read_csv(csv, sizeof csv - 1, &rows, notes, errors), DC_OK);
    assert_int_equal(json_array_size(rows), 3);
    assert_row(rows, 0, "2|{\"amount\":1200000,\"claimed_stage\":\"negotiation\",\"customer\":\"ACME Steel\","
                        "\"expected_close\":\"2027-03-31\",\"id\":\"006A1\",\"name\":\"ACME MES\",\"owner\":\"Li Na\"}");
    assert_row(rows, 1, "3|{\"amount\":5000.5,\"claimed_stage\":\"project\",\"customer\":\"Beta Co\","
                        "\"expected_close\":\"2027-01-05\",\"id\":\"006A2\",\"name\":\"Beta\",\"owner\":\"Wang\"}");
    assert_row(rows, 2, "4|{\"amount\":0,\"claimed_stage\":\"closed\",\"customer\":\"Gamma\","
                        "\"expected_close\":\"2027-02-28\",\"id\":\"006A3\",\"name\":\"Gamma\",\"owner\":\"Wang\"}");
    assert_true(has_message(notes, "columns not imported (not in the map): 'Type'"));
    json_decref(rows);
    json_decref(notes);
    json_decref(errors);
}

static void hubspot_with_bom_and_slug_ids(void **state)
{
    (void)state;
    const char csv[] =
        "\xef\xbb\xbf" "Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company\r\n"
        "ACME: MES upgrade!,contractsent,100,2027-01-01,Li,ACME\r\n"
        "华为 一期,Appointment Scheduled,,,,\r\n"
        "Qualified,qualifiedtobuy,1,2027-01-01,Li,Q\r\n";
    json_t *rows, *notes = json_array(), *errors = json_array();
    assert_int_equal(read_csv(csv, sizeof csv - 1, &rows, notes, errors), DC_OK);
    assert_row(rows, 0, "2|{\"amount\":100,\"claimed_stage\":\"negotiation\",\"customer\":\"ACME\","
                        "\"expected_close\":\"2027-01-01\",\"id\":\"acme-mes-upgrade\","
                        "\"name\":\"ACME: MES upgrade!\",\"owner\":\"Li\"}");
    assert_row(rows, 1, "3|{\"claimed_stage\":\"target\",\"id\":\"华为-一期\",\"name\":\"华为 一期\"}");
    assert_row(rows, 2, "4|{\"amount\":1,\"claimed_stage\":\"intent\",\"customer\":\"Q\","
                        "\"expected_close\":\"2027-01-01\",\"id\":\"qualified\",\"name\":\"Qualified\",\"owner\":\"Li\"}");
    assert_int_equal(json_array_size(notes), 0);
    json_decref(rows);
    json_decref(notes);
    json_decref(errors);
}

static void quoting_and_line_numbers(void **state)
{
    (void)state;
    const char csv[] =
        "Record ID,Deal Name,Amount\n"
        "1,\"Comma, inside\",1\n"
        "2,\"Quote \"\"inside\"\"\",2\n"
        "3,\"Line\nbreak\ninside\",3\n"
        "\n"
        ",,\n"
        "4,After the blank lines,4\n"
        "\"5\",\"\",5\n";
    json_t *rows, *notes = json_array(), *errors = json_array();
    assert_int_equal(read_csv(csv, sizeof csv - 1, &rows, notes, errors), DC_OK);
    assert_int_equal(json_array_size(rows), 5);
    assert_row(rows, 0, "2|{\"amount\":1,\"id\":\"1\",\"name\":\"Comma, inside\"}");
    assert_row(rows, 1, "3|{\"amount\":2,\"id\":\"2\",\"name\":\"Quote \\\"inside\\\"\"}");
    assert_row(rows, 2, "4|{\"amount\":3,\"id\":\"3\",\"name\":\"Line\\nbreak\\ninside\"}");
    assert_row(rows, 3, "9|{\"amount\":4,\"id\":\"4\",\"name\":\"After the blank lines\"}");
    assert_row(rows, 4, "10|{\"amount\":5,\"id\":\"5\"}");
    json_decref(rows);
    json_decref(notes);
    json_decref(errors);
}

static void bad_rows_are_reported_with_their_line(void **state)
{
    (void)state;
    const char csv[] =
        "Opportunity ID,Opportunity Name,Amount,Stage,Close Date\n"
        "a1,Good,1,Prospecting,2027-01-01\n"
        "a2,Bad amount,TBD,Prospecting,2027-01-01\n"
        "a3,Negative,-5,Prospecting,2027-01-01\n"
        "a4,Bad stage,1,Maybe,2027-01-01\n"
        "a5,Bad date,1,Prospecting,2027-02-30\n"
        "a6,Bad date form,1,Prospecting,31.12.2027\n"
        "bad id,Space,1,Prospecting,2027-01-01\n"
        "a1,Repeated,1,Prospecting,2027-01-01\n"
        "a9,Too,many,fields,here,x\n"
        "a10,\"Short\n";
    json_t *rows, *notes = json_array(), *errors = json_array();
    assert_int_equal(read_csv(csv, sizeof csv - 1, &rows, notes, errors), DC_EINPUT);
    /* the quote never closed: the whole file is refused, naming the line */
    assert_true(has_message(errors, "t.csv:11: a quoted value is not closed before the end of the file"));
    json_decref(errors);
    errors = json_array();
    assert_int_equal(read_csv(csv, sizeof csv - 12, &rows, notes, errors), DC_OK);
    assert_row(rows, 0, "2|{\"amount\":1,\"claimed_stage\":\"target\",\"expected_close\":\"2027-01-01\","
                        "\"id\":\"a1\",\"name\":\"Good\"}");
    assert_row(rows, 1, "3|error: Amount: 'TBD' is not an amount (a number such as 1200000.50)");
    assert_row(rows, 2, "4|error: Amount: '-5' is not an amount (a number such as 1200000.50)");
    assert_row(rows, 3, "5|error: Stage: 'Maybe' is not a stage of the map (add it under [stages])");
    assert_row(rows, 4, "6|error: Close Date: '2027-02-30' is not a date in a form the map accepts");
    assert_row(rows, 5, "7|error: Close Date: '31.12.2027' is not a date in a form the map accepts");
    assert_row(rows, 6, "8|error: id 'bad id' is not a deal id: a space is not allowed "
                        "(an id is made of letters and digits and - _ . and may be Chinese)");
    assert_row(rows, 7, "9|error: id 'a1' is already on line 2");
    assert_row(rows, 8, "10|error: the header has 5 columns but this row has 6 (a separator or a line break "
                        "in a value that is not quoted?)");
    assert_int_equal(json_array_size(rows), 9);
    json_decref(rows);
    json_decref(notes);
    json_decref(errors);
}

static void encodings(void **state)
{
    (void)state;
    /* GBK: 中文,客户 */
    const char gbk[] = "Deal Name,Associated Company\n\xd6\xd0\xce\xc4,\xbf\xcd\xbb\xa7\n";
    /* UTF-16LE with its BOM: "Deal Name\nX\n" */
    const char utf16[] = "\xff\xfe" "D\0e\0a\0l\0 \0N\0a\0m\0e\0\n\0X\0\n\0";
    /* Big5 (Taiwan, Hong Kong): 台北專案,台灣電力 / 華東一期,上海鋼鐵 */
    const char big5[] = "Deal Name,Associated Company\n"
                        "\xa5\x78\xa5\x5f\xb1\x4d\xae\xd7\x2c\xa5\x78\xc6\x57\xb9\x71\xa4\x4f\x0a"
                        "\xb5\xd8\xaa\x46\xa4\x40\xb4\xc1\x2c\xa4\x57\xae\xfc\xbf\xfb\xc5\x4b\x0a";
    /* neither UTF-8 nor GBK nor Big5: 0xff 0xff */
    const char bad[] = "Deal Name\nok\n\xff\xff\n";
    json_t *rows, *notes = json_array(), *errors = json_array();

    assert_int_equal(read_csv(gbk, sizeof gbk - 1, &rows, notes, errors), DC_OK);
    assert_row(rows, 0, "2|{\"customer\":\"客户\",\"id\":\"中文\",\"name\":\"中文\"}");
    assert_true(has_message(notes, "t.csv: not UTF-8; read as GBK"));
    json_decref(rows);

    assert_int_equal(read_csv(big5, sizeof big5 - 1, &rows, notes, errors), DC_OK);
    assert_row(rows, 0, "2|{\"customer\":\"台灣電力\",\"id\":\"台北專案\",\"name\":\"台北專案\"}");
    assert_row(rows, 1, "3|{\"customer\":\"上海鋼鐵\",\"id\":\"華東一期\",\"name\":\"華東一期\"}");
    assert_true(has_message(notes, "t.csv: not UTF-8; read as BIG5"));
    json_decref(rows);

    assert_int_equal(read_csv(utf16, sizeof utf16 - 1, &rows, notes, errors), DC_OK);
    assert_row(rows, 0, "2|{\"id\":\"x\",\"name\":\"X\"}");
    assert_true(has_message(notes, "t.csv: read as UTF-16"));
    json_decref(rows);

    assert_int_equal(read_csv(bad, sizeof bad - 1, &rows, notes, errors), DC_EINPUT);
    assert_null(rows);
    assert_true(has_message(errors, "t.csv:3: byte 0xff is neither UTF-8 nor GBK nor Big5; save the export as CSV UTF-8"));
    json_decref(errors);

    errors = json_array();
    assert_int_equal(read_csv("a,b\0c\n", 6, &rows, notes, errors), DC_EINPUT);
    assert_true(has_message(errors, "t.csv:1: a NUL byte: this is not a CSV text file"));
    json_decref(notes);
    json_decref(errors);
}

static void whole_file_problems(void **state)
{
    (void)state;
    json_t *rows, *notes = json_array(), *errors = json_array();
    assert_int_equal(read_csv("", 0, &rows, notes, errors), DC_EINPUT);
    assert_true(has_message(errors, "t.csv: empty file"));
    assert_int_equal(read_csv("Colour,Size\nred,big\n", 20, &rows, notes, errors), DC_EINPUT);
    assert_true(has_message(errors, "t.csv:1: no column gives the deal's id or name"));
    /* a semicolon-separated export (Excel in some locales) */
    assert_int_equal(read_csv("Deal Name;Amount\nA;1\n", 20, &rows, notes, errors), DC_OK);
    assert_row(rows, 0, "2|{\"amount\":1,\"id\":\"a\",\"name\":\"A\"}");
    json_decref(rows);
    json_decref(notes);
    json_decref(errors);
}

static void the_map_file(void **state)
{
    (void)state;
    char path[] = "/tmp/dc-map-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("# a coach's map\n[columns]\nname = Projekt\nprice = Preis\n[stages]\nGewonnen = closed\n"
          "Auftrag = very good\nstray line\n[dates]\nformats = D.M.YYYY | DD/MM/YY\n[colours]\n", f);
    fclose(f);
    dc_import_map *m = dc_import_map_new();
    json_t *errors = json_array();
    assert_int_equal(dc_import_map_load(m, path, errors), DC_EINPUT);
    assert_true(has_message(errors, ":4: unknown field 'price'"));
    assert_true(has_message(errors, ":7: 'very good' is not one stage id"));
    assert_true(has_message(errors, ":8: expected NAME = VALUE, got 'stray line'"));
    assert_true(has_message(errors, ":10: unknown date form 'DD/MM/YY'"));
    assert_true(has_message(errors, ":11: unknown section [colours]"));
    /* what was good still reads */
    assert_string_equal(dc_import_map_column(m, "PROJEKT"), "name");
    assert_string_equal(dc_import_map_stage(m, "gewonnen"), "closed");
    char date[11];
    assert_true(dc_import_map_date(m, "31.12.2027", date));
    assert_string_equal(date, "2027-12-31");
    assert_false(dc_import_map_date(m, "2027-12-31", date)); /* only D.M.YYYY now */
    dc_import_map_free(m);
    json_decref(errors);
    remove(path);

    errors = json_array();
    m = dc_import_map_new();
    assert_int_equal(dc_import_map_load(m, "/nonexistent.map", errors), DC_EIO);
    assert_true(has_message(errors, "/nonexistent.map: cannot read the map"));
    dc_import_map_free(m);
    json_decref(errors);
}

static void slugs(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"ACME Steel MES upgrade", "acme-steel-mes-upgrade"},
        {"  --Beta/Gamma--  ", "beta-gamma"},
        {"华为 一期（二）", "华为-一期-二"},
        {"v2.0_final", "v2.0_final"},
        {"!!!", ""},
        {NULL, NULL}};
    for (int i = 0; cases[i][0]; i++) {
        char *slug = dc_import_slug(cases[i][0]);
        assert_string_equal(slug, cases[i][1]);
        free(slug);
    }
}

/* ---- merging into the store ---------------------------------------------- */

typedef struct fixture {
    dc_coach *coach;
    dc_store *store;
} fixture;

static int setup_store(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    dc_paths paths;
    json_t *warnings = json_array();
    assert_int_equal(dc_paths_find(&paths), DC_OK);
    f->coach = dc_coach_new();
    assert_int_equal(dc_coach_load(f->coach, &paths, NULL, 0, warnings), DC_OK);
    dc_paths_free(&paths);
    json_decref(warnings);
    f->store = dc_store_new();
    assert_int_equal(dc_store_open(f->store, ":memory:"), DC_OK);
    *state = f;
    return 0;
}

static int teardown_store(void **state)
{
    fixture *f = *state;
    dc_store_free(f->store);
    dc_coach_free(f->coach);
    free(f);
    return 0;
}

/* Import `json` (whole or not); the outcome, with changes and conflicts
 * joined in *said ("c:...|x:..."), malloc'd. */
static dc_import_outcome import(fixture *f, const char *json, int whole, char **said)
{
    json_t *deal = json_loads(json, 0, NULL);
    dc_import_result r;
    assert_non_null(deal);
    assert_int_equal(dc_import_deal(f->coach, f->store, "2026-11-29", deal, whole, "t", &r), DC_OK);
    json_decref(deal);
    char buf[2048] = "";
    size_t i;
    json_t *m;
    json_array_foreach(r.changes, i, m) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "c:%s|", json_string_value(m));
    json_array_foreach(r.conflicts, i, m) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "x:%s|", json_string_value(m));
    json_array_foreach(r.errors, i, m) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "e:%s|", json_string_value(m));
    *said = strdup(buf);
    dc_import_outcome o = r.outcome;
    dc_import_result_free(&r);
    return o;
}

static void stored_field(fixture *f, const char *id, const char *field, const char *want)
{
    char *text = NULL;
    assert_int_equal(dc_store_get(f->store, id, &text), DC_OK);
    json_t *deal = json_loads(text, 0, NULL);
    char *got = json_dumps(json_object_get(deal, field), JSON_ENCODE_ANY);
    assert_string_equal(got ? got : "absent", want);
    free(got);
    free(text);
    json_decref(deal);
}

static void reimport_keeps_edits(void **state)
{
    fixture *f = *state;
    char *said;
    assert_int_equal(import(f, "{\"id\":\"d\",\"amount\":100,\"owner\":\"Li\",\"size\":\"sme\"}", 0, &said),
                     DC_IMPORT_CREATED);
    assert_string_equal(said, "");
    free(said);
    /* the same again: unchanged */
    assert_int_equal(import(f, "{\"id\":\"d\",\"amount\":100,\"owner\":\"Li\",\"size\":\"sme\"}", 0, &said),
                     DC_IMPORT_UNCHANGED);
    free(said);
    /* an edit in the session (a plain put) */
    assert_int_equal(dc_store_put(f->store, "d", "{\"id\":\"d\",\"amount\":150,\"owner\":\"Li\",\"size\":\"sme\"}",
                                  "amount = 150", NULL), DC_OK);
    /* the CRM changes amount and owner: owner taken, amount a conflict */
    assert_int_equal(import(f, "{\"id\":\"d\",\"amount\":120,\"owner\":\"Wu\"}", 0, &said), DC_IMPORT_UPDATED);
    assert_string_equal(said, "c:owner = Wu (was Li)|x:amount: 150 kept as edited (changed since the last import); "
                              "the file says 120|");
    free(said);
    stored_field(f, "d", "amount", "150");
    stored_field(f, "d", "owner", "\"Wu\"");
    stored_field(f, "d", "size", "\"sme\""); /* not in the CSV row: left alone */
    /* the same file again: quiet */
    assert_int_equal(import(f, "{\"id\":\"d\",\"amount\":120,\"owner\":\"Wu\"}", 0, &said), DC_IMPORT_UNCHANGED);
    assert_string_equal(said, "");
    free(said);
    /* a whole deal file drops what the last import gave and it no longer has */
    assert_int_equal(import(f, "{\"id\":\"d\",\"amount\":120}", 1, &said), DC_IMPORT_UPDATED);
    assert_string_equal(said, "c:owner = unknown (was Wu)|c:size = unknown (was sme)|");
    free(said);
    stored_field(f, "d", "owner", "absent");
    stored_field(f, "d", "size", "absent");
    stored_field(f, "d", "amount", "150"); /* still the edit */
    /* a refused deal changes nothing */
    assert_int_equal(import(f, "{\"id\":\"d\",\"amount\":1,\"size\":\"huge\"}", 0, &said),
                     DC_IMPORT_REFUSED);
    assert_non_null(strstr(said, "e:t: size: unknown value \"huge\""));
    free(said);
    stored_field(f, "d", "amount", "150");
}

static void a_deal_made_here_is_not_overwritten(void **state)
{
    fixture *f = *state;
    char *said;
    assert_int_equal(dc_store_put(f->store, "h", "{\"id\":\"h\",\"amount\":5}", "created", NULL), DC_OK);
    assert_int_equal(import(f, "{\"id\":\"h\",\"amount\":6,\"customer\":\"C\"}", 0, &said), DC_IMPORT_UPDATED);
    assert_string_equal(said, "c:customer = C (was unknown)|x:amount: 5 kept as edited (changed since the last import); "
                              "the file says 6|");
    free(said);
    stored_field(f, "h", "amount", "5");
}

static void one_batch_for_many(void **state)
{
    fixture *f = *state;
    char *said, *text = NULL;
    assert_int_equal(dc_store_begin(f->store), DC_OK);
    assert_int_equal(import(f, "{\"id\":\"b1\"}", 0, &said), DC_IMPORT_CREATED);
    free(said);
    assert_int_equal(import(f, "{\"id\":\"b2\"}", 0, &said), DC_IMPORT_CREATED);
    free(said);
    assert_int_equal(dc_store_end(f->store, 0), DC_OK); /* a dry run */
    assert_int_equal(dc_store_get(f->store, "b1", &text), DC_ENOTFOUND);
    assert_int_equal(dc_store_get(f->store, "b2", &text), DC_ENOTFOUND);
}

/* ---- the importer: a file into the store, counts and lines ------------------ */

/* Write `text` to a new temporary file; its path, malloc'd. */
static char *temp_csv(const char *text, size_t len)
{
    char *path = strdup("/tmp/test_importer_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The lines told so far, each as shown in `lang`, joined by " | ", with
 * the file's path as FILE; malloc'd. Kinds: n(ote) u(pdated) p(roblem) f(atal). */
static char *told(fixture *f, dc_importer *im, const char *lang, const char *path)
{
    json_t *lines = dc_importer_take_lines(im), *line;
    char buf[4096] = "";
    size_t i;
    assert_non_null(lines);
    json_array_foreach(lines, i, line) {
        char *text = dc_import_line_text(dc_coach_catalog(f->coach), lang, line);
        const char *kinds = "nupf";
        assert_non_null(text);
        for (char *at; (at = strstr(text, path)); ) { /* FILE for the path */
            memcpy(at, "FILE", 4);
            memmove(at + 4, at + strlen(path), strlen(at + strlen(path)) + 1);
        }
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%c:%s", i ? " | " : "",
                 kinds[dc_import_line_kind_of(line)], text);
        free(text);
    }
    json_decref(lines);
    return strdup(buf);
}

static char *summary(fixture *f, dc_importer *im, const char *lang)
{
    return dc_import_summary(dc_coach_catalog(f->coach), lang, dc_importer_counts(im));
}

static void importer_counts_and_tells_each_line(void **state)
{
    fixture *f = *state;
    static const char csv[] = "Opportunity ID,Opportunity Name,Close Date,Probability\n"
                              "g1,Good one,2027-01-31,10\n"
                              "d1,Bad date,31/31/2027,20\n";
    char *path = temp_csv(csv, sizeof csv - 1), *said, *text = NULL;
    dc_importer *im = dc_importer_new(f->coach, f->store, "2026-11-29");
    dc_csv_import_options opt = {NULL, "kb/import", 0};
    assert_non_null(im);
    assert_int_equal(dc_importer_csv(im, path, &opt), DC_OK);
    const dc_import_counts *n = dc_importer_counts(im);
    assert_int_equal(n->rows, 2);
    assert_int_equal(n->created, 1);
    assert_int_equal(n->refused, 1);
    assert_int_equal(n->updated + n->unchanged + n->conflicts, 0);
    said = told(f, im, "en", path);
    assert_string_equal(said, "n:FILE: columns not imported (not in the map): 'Probability' | "
                              "p:FILE:3: refused: Close Date: '31/31/2027' is not a date in a form the map accepts");
    free(said);
    said = summary(f, im, "en");
    assert_string_equal(said, "2 deals read: 1 new, 0 updated, 0 unchanged, 1 refused; 0 conflicts");
    free(said);
    said = summary(f, im, "zh");
    assert_string_equal(said, "读到 2 个商机:新建 1,更新 0,未变 0,拒绝 1;冲突 0");
    free(said);
    said = told(f, im, "en", path); /* taken: nothing left */
    assert_string_equal(said, "");
    free(said);
    assert_int_equal(dc_store_get(f->store, "g1", &text), DC_OK); /* committed */
    assert_non_null(strstr(text, "\"expected_close\":\"2027-01-31\""));
    free(text);
    assert_int_equal(dc_store_get(f->store, "d1", &text), DC_ENOTFOUND);
    /* the same lines in Chinese */
    assert_int_equal(dc_importer_csv(im, path, &opt), DC_OK);
    said = told(f, im, "zh", path);
    assert_string_equal(said, "n:FILE:未导入的列(映射中没有):'Probability' | "
                              "p:FILE:3: 已拒绝: Close Date:'31/31/2027'不是映射接受的日期格式");
    free(said);
    assert_int_equal(dc_importer_counts(im)->unchanged, 1); /* counts add up across calls */
    assert_int_equal(dc_importer_counts(im)->rows, 4);
    dc_importer_free(im);
    unlink(path);
    free(path);
}

static void importer_updates_conflicts_and_dry_runs(void **state)
{
    fixture *f = *state;
    static const char first[] = "Deal Name,Amount,Deal owner\nBeta plant,100,Li\n";
    static const char second[] = "Deal Name,Amount,Deal owner\nBeta plant,120,Wu\nGamma,5,Li\n";
    char *path = temp_csv(first, sizeof first - 1), *said, *text = NULL;
    dc_importer *im = dc_importer_new(f->coach, f->store, "2026-11-29");
    dc_csv_import_options opt = {NULL, "kb/import", 0};
    assert_int_equal(dc_importer_csv(im, path, &opt), DC_OK);
    said = told(f, im, "en", path);
    assert_string_equal(said, "");
    free(said);
    /* an edit in the session, then the CRM changes amount and owner */
    assert_int_equal(dc_store_put(f->store, "beta-plant", "{\"id\":\"beta-plant\",\"name\":\"Beta plant\","
                                  "\"amount\":150,\"owner\":\"Li\"}", "amount = 150", NULL), DC_OK);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(second, out);
    fclose(out);
    /* a dry run tells all and saves nothing */
    opt.dry_run = 1;
    assert_int_equal(dc_importer_csv(im, path, &opt), DC_OK);
    said = told(f, im, "en", path);
    assert_string_equal(said, "u:FILE:2: beta-plant: updated: owner = Wu (was Li) | "
                              "p:FILE:2: beta-plant: conflict: amount: 150 kept as edited (changed since the "
                              "last import); the file says 120");
    free(said);
    assert_int_equal(dc_importer_counts(im)->conflicts, 1);
    assert_int_equal(dc_store_get(f->store, "gamma", &text), DC_ENOTFOUND);
    stored_field(f, "beta-plant", "owner", "\"Li\"");
    opt.dry_run = 0;
    assert_int_equal(dc_importer_csv(im, path, &opt), DC_OK);
    said = told(f, im, "zh", path);
    assert_non_null(strstr(said, "u:FILE:2: beta-plant: 已更新: "));
    assert_non_null(strstr(said, "p:FILE:2: beta-plant: 冲突: "));
    free(said);
    stored_field(f, "beta-plant", "owner", "\"Wu\"");
    stored_field(f, "beta-plant", "amount", "150");
    stored_field(f, "gamma", "amount", "5");
    dc_importer_free(im);
    unlink(path);
    free(path);
}

static void importer_whole_file_problems(void **state)
{
    fixture *f = *state;
    static const char gbk[] = "\xc9\xcc\xbb\xfa\xc3\xfb\xb3\xc6\n\xbb\xaa\xb6\xab\n"; /* 商机名称 / 华东 */
    static const char map[] = "[stages]\nWon = victory\n";
    char *csv = temp_csv(gbk, sizeof gbk - 1), *bad_map = temp_csv(map, sizeof map - 1), *said;
    dc_importer *im = dc_importer_new(f->coach, f->store, "2026-11-29");
    dc_csv_import_options opt = {NULL, "kb/import", 0};
    assert_int_equal(dc_importer_csv(im, csv, &opt), DC_OK); /* GBK: converted, and said */
    said = told(f, im, "en", csv);
    assert_string_equal(said, "n:FILE: not UTF-8; read as GBK");
    free(said);
    stored_field(f, "华东", "name", "\"华东\"");
    /* a map naming a stage the schema has not: nothing read */
    opt.map_path = bad_map;
    assert_int_equal(dc_importer_csv(im, csv, &opt), DC_EINPUT);
    said = told(f, im, "en", bad_map);
    assert_string_equal(said, "f:FILE:2: 'victory' is not a stage (claimed_stage ids: prospect, target, intent, "
                              "project, approval, negotiation, closed, lost)");
    free(said);
    /* a file that is not there */
    opt.map_path = NULL;
    assert_int_equal(dc_importer_csv(im, "/nonexistent/deals.csv", &opt), DC_EINPUT);
    said = told(f, im, "en", "/nonexistent/deals.csv");
    assert_non_null(strstr(said, "f:FILE: cannot read"));
    free(said);
    assert_int_equal(dc_importer_counts(im)->rows, 1);
    dc_importer_free(im);
    unlink(csv);
    unlink(bad_map);
    free(csv);
    free(bad_map);
}

/* What the session reads as a CRM export when the name does not say. */
static void csv_or_deal_file_by_content(void **state)
{
    (void)state;
    static const struct { const char *text; size_t len; int csv; } cases[] = {
        {"Deal Name,Amount\nx,1\n", 21, 1},
        {"\xef\xbb\xbf" "Deal Name\nx\n", 15, 1},      /* a BOM before a header */
        {"\xff\xfe" "D\0e\0", 6, 1},                    /* UTF-16 */
        {"{\"id\": \"acme\"}\n", 15, 0},
        {"\xef\xbb\xbf \n\t{\"id\": 1}", 15, 0},        /* a BOM and blanks before JSON */
        {"[1]", 3, 0},
        {" \n", 2, 0},                                     /* nothing in it */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *path = temp_csv(cases[i].text, cases[i].len);
        if (dc_csv_looks_like(path) != cases[i].csv) fail_msg("case %zu: expected %d", i, cases[i].csv);
        unlink(path);
        free(path);
    }
    assert_int_equal(dc_csv_looks_like("/nonexistent/x"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(salesforce_columns_stages_dates),
        cmocka_unit_test(hubspot_with_bom_and_slug_ids),
        cmocka_unit_test(quoting_and_line_numbers),
        cmocka_unit_test(bad_rows_are_reported_with_their_line),
        cmocka_unit_test(encodings),
        cmocka_unit_test(whole_file_problems),
        cmocka_unit_test(the_map_file),
        cmocka_unit_test(slugs),
        cmocka_unit_test_setup_teardown(reimport_keeps_edits, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(a_deal_made_here_is_not_overwritten, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(one_batch_for_many, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(importer_counts_and_tells_each_line, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(importer_updates_conflicts_and_dry_runs, setup_store, teardown_store),
        cmocka_unit_test_setup_teardown(importer_whole_file_problems, setup_store, teardown_store),
        cmocka_unit_test(csv_or_deal_file_by_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
