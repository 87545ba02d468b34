/* test_store.c - the deal store: contract, schema migration, bad files,
 * locks, concurrent writers and crash safety.
 *
 * Each test gets a fresh mkdtemp directory under /tmp, removed afterwards.
 * Child processes never touch cmocka: they report through exit codes and
 * pipes, and never inherit an open SQLite connection.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw, fork, kill, setenv */

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store.h"

struct fixture {
    char dir[64];
    char db[96];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/dealcoach-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/deals.db", f->dir);
    *state = f;
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        chmod(path, 0700); /* a test may have made it read-only */
    return remove(path);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc;

    chmod(f->dir, 0700);
    rc = nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* ---- helpers ---------------------------------------------------------- */

static dc_store *open_store(const char *path)
{
    dc_store *s = dc_store_new();
    int rc;

    assert_non_null(s);
    rc = dc_store_open(s, path);
    if (rc)
        fail_msg("open %s: %s", path, dc_store_message(s));
    return s;
}

static void put_ok(dc_store *s, const char *id, const char *json, const char *what,
                   const char *stage)
{
    int rc = dc_store_put(s, id, json, what, stage);

    if (rc)
        fail_msg("put %s: %s", id, dc_store_message(s));
}

static void assert_message_has(const dc_store *s, const char *a, const char *b)
{
    const char *m = dc_store_message(s);

    if (!strstr(m, a) || (b && !strstr(m, b)))
        fail_msg("message \"%s\" lacks \"%s\"%s%s", m, a, b ? " or " : "", b ? b : "");
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
}

/* The first column of the first row, as text in `out`. */
static const char *raw_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static long long raw_int(sqlite3 *db, const char *sql)
{
    char buf[32];

    return atoll(raw_text(db, sql, buf, sizeof buf));
}

static void assert_integrity(const char *path)
{
    sqlite3 *db = raw_open(path);
    char buf[256];

    assert_string_equal(raw_text(db, "PRAGMA integrity_check", buf, sizeof buf), "ok");
    sqlite3_close(db);
}

static int is_utc_time(const char *at)
{
    const char *shape = "dddd-dd-ddTdd:dd:ddZ";
    size_t i;

    if (!at || strlen(at) != strlen(shape))
        return 0;
    for (i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (at[i] < '0' || at[i] > '9') : at[i] != shape[i])
            return 0;
    return 1;
}

/* What a walk saw: "a|b\n" per visit, and whether every time was ISO 8601
 * UTC and none went backwards. A walk may be asked to stop (return 7). */
struct text {
    char buf[4096];
    size_t len;
    int stop_after; /* 0: never */
    int visits;
    char last_at[32];
    int times_ok;
};

static struct text *new_text(void)
{
    struct text *t = calloc(1, sizeof *t);

    assert_non_null(t);
    t->times_ok = 1;
    return t;
}

static int note(struct text *t, const char *at, const char *a, const char *b)
{
    t->visits++;
    if (!is_utc_time(at) || strcmp(at, t->last_at) < 0)
        t->times_ok = 0;
    snprintf(t->last_at, sizeof t->last_at, "%s", at);
    t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s|%s\n", a, b);
    return t->stop_after && t->visits == t->stop_after ? 7 : 0;
}

static int collect_deal(void *ctx, const char *id, const char *json, const char *updated_at)
{
    return note(ctx, updated_at, id, json);
}

static int collect_history(void *ctx, const char *at, const char *what, const char *stage)
{
    return note(ctx, at, what, stage ? stage : "-");
}

static int collect_change(void *ctx, const char *at, const char *what, const char *stage,
                          const char *deal_json)
{
    char both[1024];

    snprintf(both, sizeof both, "%s|%s", stage ? stage : "-", deal_json ? deal_json : "-");
    return note(ctx, at, what, both);
}

/* ---- the contract ------------------------------------------------------ */

static void test_put_get_replace_delete(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    char *json = NULL;
    size_t n;

    put_ok(s, "acme", "{\"id\":\"acme\",\"size\":\"large\"}", "created", "prospect");
    assert_int_equal(dc_store_get(s, "acme", &json), DC_OK);
    assert_string_equal(json, "{\"id\":\"acme\",\"size\":\"large\"}");
    free(json);

    put_ok(s, "acme", "{\"id\":\"acme\",\"size\":\"sme\"}", "set size = sme", NULL);
    assert_int_equal(dc_store_get(s, "acme", &json), DC_OK);
    assert_string_equal(json, "{\"id\":\"acme\",\"size\":\"sme\"}");
    free(json);

    assert_int_equal(dc_store_delete(s, "acme", NULL), DC_OK);
    assert_int_equal(dc_store_get(s, "acme", &json), DC_ENOTFOUND);
    assert_null(json);
    assert_message_has(s, f->db, "reading deal 'acme': no such deal");
    assert_int_equal(dc_store_delete(s, "acme", "again"), DC_ENOTFOUND);
    assert_message_has(s, "deleting deal 'acme'", NULL);

    /* the failed delete wrote nothing; the history outlives the deal */
    assert_int_equal(dc_store_history_count(s, "acme", &n), DC_OK);
    assert_int_equal(n, 3);
    dc_store_free(s);
    assert_integrity(f->db);
}

static void test_list_in_id_order(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    struct text *t = new_text();

    put_ok(s, "zeta", "{\"id\":\"zeta\"}", NULL, NULL);
    put_ok(s, "alpha", "{\"id\":\"alpha\"}", NULL, NULL);
    put_ok(s, "mid", "{\"id\":\"mid\"}", NULL, NULL);
    assert_int_equal(dc_store_each_deal(s, collect_deal, t), DC_OK);
    assert_string_equal(t->buf, "alpha|{\"id\":\"alpha\"}\n"
                                "mid|{\"id\":\"mid\"}\n"
                                "zeta|{\"id\":\"zeta\"}\n");
    assert_true(is_utc_time(t->last_at));

    /* a non-zero return stops the walk and comes back */
    memset(t, 0, sizeof *t);
    t->stop_after = 2;
    assert_int_equal(dc_store_each_deal(s, collect_deal, t), 7);
    assert_int_equal(t->visits, 2);
    free(t);
    dc_store_free(s);
}

static void test_history_order_and_stages(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    struct text *t = new_text();
    char *stage = NULL, *since = NULL;
    sqlite3 *db;

    put_ok(s, "d", "{\"id\":\"d\"}", "created", "prospect");
    put_ok(s, "d", "{\"id\":\"d\",\"size\":\"large\"}", "set size = large", "target");
    put_ok(s, "d", "{\"id\":\"d\",\"size\":\"large\"}", "added a note", NULL);
    put_ok(s, "d", "{\"id\":\"d\",\"size\":\"large\"}", "met the COO", "target");
    assert_int_equal(dc_store_delete(s, "d", "lost interest"), DC_OK);

    assert_int_equal(dc_store_each_history(s, "d", collect_history, t), DC_OK);
    assert_string_equal(t->buf, "created|prospect\n"
                                "set size = large|target\n"
                                "added a note|-\n"
                                "met the COO|target\n"
                                "lost interest|-\n");
    assert_true(t->times_ok); /* ISO 8601 UTC, never going backwards */

    /* Spread the times out by hand to see which entry "since" picks. */
    db = raw_open(f->db);
    raw_exec(db, "UPDATE history SET at = printf('2026-11-%02dT10:04:05Z', seq)");
    sqlite3_close(db);
    assert_int_equal(dc_store_stage_since(s, "d", &stage, &since), DC_OK);
    assert_string_equal(stage, "target");
    assert_string_equal(since, "2026-11-02T10:04:05Z");
    free(stage);
    free(since);

    memset(t, 0, sizeof *t);
    t->stop_after = 1;
    assert_int_equal(dc_store_each_history(s, "d", collect_history, t), 7);
    assert_int_equal(t->visits, 1);
    free(t);
    dc_store_free(s);
}

static void test_missing_deal(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    struct text *t = new_text();
    char *json = (char *)"untouched", *stage, *since;
    size_t n = 99;

    assert_int_equal(dc_store_get(s, "ghost", &json), DC_ENOTFOUND);
    assert_null(json);
    assert_int_equal(dc_store_delete(s, "ghost", NULL), DC_ENOTFOUND);
    assert_int_equal(dc_store_each_history(s, "ghost", collect_history, t), DC_ENOTFOUND);
    assert_message_has(s, f->db, "'ghost'");
    assert_int_equal(t->visits, 0);
    free(t);
    assert_int_equal(dc_store_stage_since(s, "ghost", &stage, &since), DC_ENOTFOUND);
    assert_int_equal(dc_store_history_count(s, "ghost", &n), DC_OK);
    assert_int_equal(n, 0);
    dc_store_free(s);
}

static void test_bad_arguments_change_nothing(void **state)
{
    static const char *const bad[] = {
        "not json", "[1, 2]", "{\"name\":\"x\"}", "{\"id\":42}", "{\"id\":\"other\"}",
    };
    struct fixture *f = *state;
    dc_store *s = dc_store_new();
    char *json = NULL;
    size_t i, n;

    assert_int_equal(dc_store_get(s, "x", &json), DC_EINPUT);
    assert_message_has(s, "not open", NULL);
    assert_int_equal(dc_store_open(s, f->db), DC_OK);
    assert_string_equal(dc_store_message(s), "the store is not open"); /* kept until the next failure */

    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(dc_store_put(s, "x", bad[i], NULL, NULL), DC_EINPUT);
        assert_message_has(s, f->db, "saving deal 'x': the deal");
    }
    assert_int_equal(dc_store_put(s, "", "{\"id\":\"\"}", NULL, NULL), DC_EINPUT);
    assert_int_equal(dc_store_put(s, NULL, "{}", NULL, NULL), DC_EINPUT);
    assert_int_equal(dc_store_put(s, "x", NULL, NULL, NULL), DC_EINPUT);
    assert_int_equal(dc_store_get(s, "x", &json), DC_ENOTFOUND);
    assert_int_equal(dc_store_history_count(s, "x", &n), DC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(dc_store_put(NULL, "x", "{}", NULL, NULL), DC_EINPUT);
    dc_store_free(s);
}

static void test_default_path(void **state)
{
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    char *p;

    (void)state;
    setenv("DEALCOACH_DB", "/srv/deals.db", 1);
    assert_string_equal(p = dc_store_default_path(), "/srv/deals.db");
    free(p);
    unsetenv("DEALCOACH_DB");
    setenv("XDG_DATA_HOME", "/data", 1);
    assert_string_equal(p = dc_store_default_path(), "/data/dealcoach/deals.db");
    free(p);
    setenv("XDG_DATA_HOME", "relative", 1); /* ignored, as the XDG spec says */
    setenv("HOME", "/home/rep", 1);
    assert_string_equal(p = dc_store_default_path(), "/home/rep/.local/share/dealcoach/deals.db");
    free(p);
    unsetenv("XDG_DATA_HOME");
    if (old_home)
        setenv("HOME", old_home, 1);
    free(old_home);
}

static void test_memory_store(void **state)
{
    dc_store *s = open_store(":memory:"); /* for tests elsewhere: no file */
    char *json = NULL;

    (void)state;
    put_ok(s, "m", "{\"id\":\"m\"}", NULL, NULL);
    assert_int_equal(dc_store_get(s, "m", &json), DC_OK);
    assert_string_equal(json, "{\"id\":\"m\"}");
    free(json);
    dc_store_free(s);
}

/* ---- files: creation, schema versions, things that are not stores ------ */

static void test_creates_directories_private(void **state)
{
    struct fixture *f = *state;
    char path[160], dir[160];
    struct stat st;
    dc_store *s;

    snprintf(path, sizeof path, "%s/a/b/c/deals.db", f->dir);
    s = open_store(path);
    dc_store_free(s);
    snprintf(dir, sizeof dir, "%s/a/b/c", f->dir);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    /* a file where a directory should be */
    snprintf(path, sizeof path, "%s/a/b/c/deals.db/sub/deals.db", f->dir);
    s = dc_store_new();
    assert_int_equal(dc_store_open(s, path), DC_EIO);
    assert_message_has(s, path, "cannot create the directory");
    dc_store_free(s);
}

static void test_newer_schema_refused(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    sqlite3 *db;
    char want[200];

    int newer = dc_store_schema_version() + 1;
    char set_newer[64];

    assert_true(dc_store_schema_version() >= 3);
    dc_store_free(s);
    db = raw_open(f->db);
    snprintf(set_newer, sizeof set_newer, "PRAGMA user_version = %d", newer);
    raw_exec(db, set_newer);
    sqlite3_close(db);

    s = dc_store_new();
    assert_int_equal(dc_store_open(s, f->db), DC_ESTORE);
    snprintf(want, sizeof want, "%s: store schema version %d is newer than this "
             "dealcoach supports (%d); upgrade dealcoach", f->db, newer, newer - 1);
    assert_string_equal(dc_store_message(s), want);
    assert_int_equal(dc_store_put(s, "x", "{\"id\":\"x\"}", NULL, NULL), DC_EINPUT);
    dc_store_free(s);

    db = raw_open(f->db); /* refused, not touched */
    assert_int_equal(raw_int(db, "PRAGMA user_version"), newer);
    sqlite3_close(db);
}

/* Version 1, as an old dealcoach wrote it. */
static const char v1_schema[] =
    "CREATE TABLE deals(id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL,"
    "                   updated_at TEXT NOT NULL);"
    "CREATE TABLE history(deal_id TEXT NOT NULL, at TEXT NOT NULL, what TEXT NOT NULL);"
    "PRAGMA user_version = 1;";

static void test_migrates_v1(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = raw_open(f->db);
    struct text *t = new_text();
    char *json = NULL, *stage = NULL, *since = NULL;
    dc_store *s;

    raw_exec(db, v1_schema);
    raw_exec(db, "INSERT INTO deals VALUES ('acme', '{\"id\":\"acme\",\"amount\":5}',"
                 "                          '2025-01-02T03:04:05Z');"
                 "INSERT INTO history VALUES ('acme', '2025-01-01T00:00:00Z', 'created');"
                 "INSERT INTO history VALUES ('gone', '2025-01-01T12:00:00Z', 'created');"
                 "INSERT INTO history VALUES ('acme', '2025-01-02T03:04:05Z', 'set amount = 5');"
                 "INSERT INTO history VALUES ('gone', '2025-01-03T00:00:00Z', 'deleted');");
    sqlite3_close(db);

    s = open_store(f->db);
    assert_int_equal(dc_store_get(s, "acme", &json), DC_OK);
    assert_string_equal(json, "{\"id\":\"acme\",\"amount\":5}");
    free(json);
    assert_int_equal(dc_store_each_history(s, "gone", collect_history, t), DC_OK);
    assert_string_equal(t->buf, "created|-\ndeleted|-\n");

    put_ok(s, "acme", "{\"id\":\"acme\",\"amount\":6}", "set amount = 6", "intent");
    memset(t, 0, sizeof *t);
    t->times_ok = 1;
    assert_int_equal(dc_store_each_history(s, "acme", collect_history, t), DC_OK);
    assert_string_equal(t->buf, "created|-\nset amount = 5|-\nset amount = 6|intent\n");
    assert_true(t->times_ok);
    assert_int_equal(dc_store_stage_since(s, "acme", &stage, &since), DC_OK);
    assert_string_equal(stage, "intent");
    assert_true(is_utc_time(since));
    free(stage);
    free(since);
    dc_store_free(s);
    free(t);

    db = raw_open(f->db);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), dc_store_schema_version());
    assert_int_equal(raw_int(db, "PRAGMA application_id"), 0x44435354);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master"
                                 " WHERE name = 'history_by_deal'"), 1);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master"
                                 " WHERE name = 'training_runs'"), 1);
    sqlite3_close(db);
    assert_integrity(f->db);
}

static void test_failed_migration_rolls_back(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = raw_open(f->db);
    dc_store *s;

    /* a damaged version 1: the history table is missing */
    raw_exec(db, "CREATE TABLE deals(id TEXT PRIMARY KEY, json TEXT, updated_at TEXT);"
                 "INSERT INTO deals VALUES ('a', '{\"id\":\"a\"}', '2025-01-01T00:00:00Z');"
                 "PRAGMA user_version = 1;");
    sqlite3_close(db);
    s = dc_store_new();
    assert_int_equal(dc_store_open(s, f->db), DC_ESTORE);
    assert_message_has(s, f->db, "history");
    dc_store_free(s);

    db = raw_open(f->db);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), 1);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'history2'"), 0);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM deals"), 1);
    sqlite3_close(db);
}

static void test_not_a_store_refused(void **state)
{
    struct fixture *f = *state;
    char text[4096], back[4096], other[128];
    dc_store *s = dc_store_new();
    FILE *fp;
    sqlite3 *db;

    memset(text, 'x', sizeof text);
    memcpy(text, "deal notes, not a database\n", 27);
    assert_non_null(fp = fopen(f->db, "wb"));
    assert_int_equal(fwrite(text, 1, sizeof text, fp), sizeof text);
    fclose(fp);
    assert_int_equal(dc_store_open(s, f->db), DC_ESTORE);
    assert_message_has(s, f->db, "not a dealcoach store (file is not a database)");
    assert_non_null(fp = fopen(f->db, "rb")); /* left as it was */
    assert_int_equal(fread(back, 1, sizeof back, fp), sizeof back);
    fclose(fp);
    assert_memory_equal(text, back, sizeof text);

    /* a SQLite database of something else */
    snprintf(other, sizeof other, "%s/other.db", f->dir);
    db = raw_open(other);
    raw_exec(db, "CREATE TABLE songs(title TEXT)");
    sqlite3_close(db);
    assert_int_equal(dc_store_open(s, other), DC_ESTORE);
    assert_message_has(s, other, "not a dealcoach store");
    dc_store_free(s);
}

static void test_read_only_refused(void **state)
{
    struct fixture *f = *state;
    char path[160];
    dc_store *s = dc_store_new();

    /* Nobody, not even root, can create a directory under /proc. */
    assert_int_equal(dc_store_open(s, "/proc/dealcoach-test/deals.db"), DC_EIO);
    assert_message_has(s, "/proc/dealcoach-test/deals.db", "cannot create the directory");
    dc_store_free(s);

    /* Permission bits: root ignores them, so these checks need another user. */
    if (geteuid() == 0)
        return;
    s = open_store(f->db);
    dc_store_free(s);
    assert_int_equal(chmod(f->db, 0400), 0);
    s = dc_store_new();
    assert_int_equal(dc_store_open(s, f->db), DC_EIO);
    assert_message_has(s, f->db, "read-only");
    assert_int_equal(chmod(f->db, 0600), 0);

    assert_int_equal(chmod(f->dir, 0500), 0);
    snprintf(path, sizeof path, "%s/new/deals.db", f->dir);
    assert_int_equal(dc_store_open(s, path), DC_EIO);
    assert_message_has(s, path, "cannot create the directory");
    assert_int_equal(chmod(f->dir, 0700), 0);
    dc_store_free(s);
}

/* ---- locks ------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_locked_store(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    char *json = NULL;
    sqlite3 *db;
    double t0;

    put_ok(s, "a", "{\"id\":\"a\"}", NULL, NULL);
    dc_store_set_timeout(s, 200);
    db = raw_open(f->db);
    raw_exec(db, "BEGIN IMMEDIATE"); /* another process is writing... */

    t0 = now_s();
    assert_int_equal(dc_store_put(s, "a", "{\"id\":\"a\",\"size\":\"sme\"}", NULL, NULL), DC_ESTORE);
    assert_true(now_s() - t0 >= 0.19);
    assert_message_has(s, f->db, "saving deal 'a': the store is locked by another process");
    assert_int_equal(dc_store_get(s, "a", &json), DC_OK); /* readers go on */
    assert_string_equal(json, "{\"id\":\"a\"}");
    free(json);

    raw_exec(db, "COMMIT"); /* ...and is done */
    put_ok(s, "a", "{\"id\":\"a\",\"size\":\"sme\"}", NULL, NULL);
    sqlite3_close(db);
    dc_store_free(s);
}

static void test_open_locked_past_timeout(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = raw_open(f->db);
    dc_store *s = dc_store_new();

    raw_exec(db, v1_schema); /* an old store, in rollback-journal mode, */
    raw_exec(db, "BEGIN EXCLUSIVE; INSERT INTO deals VALUES ('a', '{}', 'now')");
    dc_store_set_timeout(s, 100); /* held by another process */
    assert_int_equal(dc_store_open(s, f->db), DC_ESTORE);
    assert_message_has(s, f->db, "locked");
    raw_exec(db, "COMMIT");
    sqlite3_close(db);
    assert_int_equal(dc_store_open(s, f->db), DC_OK); /* the same handle, again */
    dc_store_free(s);
}

/* ---- processes --------------------------------------------------------- */

#define WRITERS 4
#define CHANGES 200

/* In a child: CHANGES changes to its own deal and to the shared one. */
static int writer(const char *path, int child)
{
    char id[24], json[64], what[48];
    dc_store *s = dc_store_new();
    int i, rc;

    dc_store_set_timeout(s, 60000); /* slow under valgrind or load; correctness is tested here */
    rc = s ? dc_store_open(s, path) : DC_ENOMEM;
    snprintf(id, sizeof id, "child-%d", child);
    for (i = 0; rc == DC_OK && i < CHANGES; i++) {
        snprintf(what, sizeof what, "child %d change %d", child, i);
        snprintf(json, sizeof json, "{\"id\":\"%s\",\"n\":%d}", id, i);
        rc = dc_store_put(s, id, json, what, i % 2 ? "target" : "intent");
        snprintf(json, sizeof json, "{\"id\":\"shared\",\"by\":%d,\"n\":%d}", child, i);
        if (rc == DC_OK)
            rc = dc_store_put(s, "shared", json, what, NULL);
    }
    if (rc)
        fprintf(stderr, "child %d: %s\n", child, dc_store_message(s));
    dc_store_free(s);
    return rc;
}

/* In a child: open a store that may not exist yet and change it a little. */
static int starter(const char *path, int child)
{
    char json[64];
    dc_store *s = dc_store_new();
    int i, rc = s ? dc_store_open(s, path) : DC_ENOMEM;

    for (i = 0; rc == DC_OK && i < 10; i++) {
        snprintf(json, sizeof json, "{\"id\":\"shared\",\"by\":%d,\"n\":%d}", child, i);
        rc = dc_store_put(s, "shared", json, NULL, NULL);
    }
    if (rc)
        fprintf(stderr, "child %d: %s\n", child, dc_store_message(s));
    dc_store_free(s);
    return rc;
}

static void run_children(int (*child_main)(const char *, int), const char *path)
{
    pid_t pids[WRITERS];
    int i, status;

    fflush(NULL);
    for (i = 0; i < WRITERS; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0)
            _exit(child_main(path, i) ? 1 : 0);
    }
    for (i = 0; i < WRITERS; i++) {
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
}

/* The first processes on a new file race to set it up (switch it to WAL,
 * create the tables) while the quickest are already writing to it. */
static void test_simultaneous_first_open(void **state)
{
    struct fixture *f = *state;
    char path[128];
    size_t count;
    dc_store *s;
    int round;

    for (round = 0; round < 80; round++) {
        snprintf(path, sizeof path, "%s/new-%d.db", f->dir, round);
        run_children(starter, path);
        s = open_store(path);
        assert_int_equal(dc_store_history_count(s, "shared", &count), DC_OK);
        assert_int_equal(count, WRITERS * 10);
        dc_store_free(s);
    }
}

/* Each child's changes must appear once each, in the order it made them. */
struct order {
    int next[WRITERS];
    int bad;
    char last_what[48];
};

static int check_order(void *ctx, const char *at, const char *what, const char *stage)
{
    struct order *o = ctx;
    int child, i;

    (void)at;
    (void)stage;
    if (sscanf(what, "child %d change %d", &child, &i) != 2 || child < 0 ||
        child >= WRITERS || i != o->next[child]++)
        o->bad++;
    snprintf(o->last_what, sizeof o->last_what, "%s", what);
    return 0;
}

static void test_concurrent_writers(void **state)
{
    struct fixture *f = *state;
    struct order o;
    char id[24], *json = NULL, want[64];
    int i, child, n;
    size_t count;
    dc_store *s;

    run_children(writer, f->db);

    s = open_store(f->db);
    for (i = 0; i < WRITERS; i++) {
        snprintf(id, sizeof id, "child-%d", i);
        assert_int_equal(dc_store_history_count(s, id, &count), DC_OK);
        assert_int_equal(count, CHANGES);
    }
    assert_int_equal(dc_store_history_count(s, "shared", &count), DC_OK);
    assert_int_equal(count, WRITERS * CHANGES);
    memset(&o, 0, sizeof o);
    assert_int_equal(dc_store_each_history(s, "shared", check_order, &o), DC_OK);
    assert_int_equal(o.bad, 0);
    for (i = 0; i < WRITERS; i++)
        assert_int_equal(o.next[i], CHANGES);

    /* the shared deal is the one the last history entry speaks of */
    assert_int_equal(sscanf(o.last_what, "child %d change %d", &child, &n), 2);
    snprintf(want, sizeof want, "{\"id\":\"shared\",\"by\":%d,\"n\":%d}", child, n);
    assert_int_equal(dc_store_get(s, "shared", &json), DC_OK);
    assert_string_equal(json, want);
    free(json);
    dc_store_free(s);
    assert_integrity(f->db);
}

/* In a child: change the deal forever, writing each change's number to
 * `ack` once dc_store_put has returned DC_OK. */
static void endless_writer(const char *path, int ack, int from)
{
    char json[64], what[32];
    dc_store *s = dc_store_new();
    int i;

    if (!s || dc_store_open(s, path))
        _exit(1);
    for (i = from;; i++) {
        snprintf(json, sizeof json, "{\"id\":\"crash\",\"n\":%d}", i);
        snprintf(what, sizeof what, "change %d", i);
        if (dc_store_put(s, "crash", json, what, NULL) != DC_OK ||
            write(ack, &i, sizeof i) != (ssize_t)sizeof i)
            _exit(1);
    }
}

struct seen {
    int next;
    int bad;
};

static int check_sequence(void *ctx, const char *at, const char *what, const char *stage)
{
    struct seen *seen = ctx;
    int i;

    (void)at;
    (void)stage;
    if (sscanf(what, "change %d", &i) != 1 || i != seen->next++)
        seen->bad++;
    return 0;
}

/* Kill the writer `rounds` times at a random point; every acknowledged
 * change must be there, in order, and the file sound. */
static void test_killed_writer_loses_nothing_acknowledged(void **state)
{
    struct fixture *f = *state;
    int round, fds[2], acked = 0, n, status;
    struct seen seen;
    char want[64], *json = NULL;
    size_t count = 0;
    dc_store *s;
    pid_t pid;

    srand((unsigned)time(NULL));
    for (round = 0; round < 8; round++) {
        int target = acked + 50 + rand() % 100;

        assert_int_equal(pipe(fds), 0);
        fflush(NULL);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            endless_writer(f->db, fds[1], (int)count);
        }
        close(fds[1]);
        while (acked < target && read(fds[0], &n, sizeof n) == (ssize_t)sizeof n)
            acked = n + 1;
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        while (read(fds[0], &n, sizeof n) == (ssize_t)sizeof n) /* acks in flight */
            acked = n + 1;
        close(fds[0]);

        s = open_store(f->db);
        assert_int_equal(dc_store_history_count(s, "crash", &count), DC_OK);
        /* committed but killed before the ack: one more, at most */
        assert_true(count == (size_t)acked || count == (size_t)acked + 1);
        memset(&seen, 0, sizeof seen);
        assert_int_equal(dc_store_each_history(s, "crash", check_sequence, &seen), DC_OK);
        assert_int_equal(seen.bad, 0);
        /* the deal and its history were written together */
        snprintf(want, sizeof want, "{\"id\":\"crash\",\"n\":%d}", (int)count - 1);
        assert_int_equal(dc_store_get(s, "crash", &json), DC_OK);
        assert_string_equal(json, want);
        free(json);
        dc_store_free(s);
        assert_integrity(f->db);
        acked = (int)count; /* the next child carries on from there */
    }
}

/* ---- housekeeping: archive, batches, import records ---------------------- */

static void test_archive_hides_from_the_walk(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    struct text *t = new_text();
    char *json = NULL;
    int archived = -1;
    size_t n;

    put_ok(s, "a", "{\"id\":\"a\"}", NULL, NULL);
    put_ok(s, "b", "{\"id\":\"b\"}", NULL, NULL);
    assert_int_equal(dc_store_archive(s, "a", 1, NULL), DC_OK);
    assert_int_equal(dc_store_is_archived(s, "a", &archived), DC_OK);
    assert_int_equal(archived, 1);
    assert_int_equal(dc_store_each_deal(s, collect_deal, t), DC_OK);
    assert_string_equal(t->buf, "b|{\"id\":\"b\"}\n");
    memset(t, 0, sizeof *t);
    assert_int_equal(dc_store_each_deal_of(s, DC_DEALS_ARCHIVED, collect_deal, t), DC_OK);
    assert_string_equal(t->buf, "a|{\"id\":\"a\"}\n");
    memset(t, 0, sizeof *t);
    assert_int_equal(dc_store_each_deal_of(s, DC_DEALS_ALL, collect_deal, t), DC_OK);
    assert_int_equal(t->visits, 2);
    assert_int_equal(dc_store_each_deal_of(s, 0, collect_deal, t), DC_EINPUT);

    /* still readable and changeable, and stays archived */
    assert_int_equal(dc_store_get(s, "a", &json), DC_OK);
    free(json);
    put_ok(s, "a", "{\"id\":\"a\",\"size\":\"sme\"}", NULL, NULL);
    assert_int_equal(dc_store_is_archived(s, "a", &archived), DC_OK);
    assert_int_equal(archived, 1);
    /* archiving twice records nothing more */
    assert_int_equal(dc_store_history_count(s, "a", &n), DC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(dc_store_archive(s, "a", 1, NULL), DC_OK);
    assert_int_equal(dc_store_history_count(s, "a", &n), DC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(dc_store_archive(s, "a", 0, NULL), DC_OK);
    assert_int_equal(dc_store_is_archived(s, "a", &archived), DC_OK);
    assert_int_equal(archived, 0);
    memset(t, 0, sizeof *t);
    assert_int_equal(dc_store_each_history(s, "a", collect_history, t), DC_OK);
    assert_string_equal(t->buf, "saved|-\narchived|-\nsaved|-\nunarchived|-\n");

    assert_int_equal(dc_store_archive(s, "nope", 1, NULL), DC_ENOTFOUND);
    assert_int_equal(dc_store_is_archived(s, "nope", &archived), DC_ENOTFOUND);
    free(t);
    dc_store_free(s);
}

static void test_batch_is_one_transaction(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    char *json = NULL;
    size_t n;

    assert_int_equal(dc_store_end(s, 1), DC_EINPUT); /* none under way */
    assert_int_equal(dc_store_begin(s), DC_OK);
    assert_int_equal(dc_store_begin(s), DC_OK); /* nested: joins */
    put_ok(s, "a", "{\"id\":\"a\"}", NULL, NULL);
    assert_int_equal(dc_store_end(s, 1), DC_OK); /* the outer one decides */
    put_ok(s, "b", "{\"id\":\"b\"}", NULL, NULL);
    assert_int_equal(dc_store_end(s, 0), DC_OK); /* dropped, with a */
    assert_int_equal(dc_store_get(s, "a", &json), DC_ENOTFOUND);
    assert_int_equal(dc_store_history_count(s, "a", &n), DC_OK);
    assert_int_equal(n, 0);

    assert_int_equal(dc_store_begin(s), DC_OK);
    put_ok(s, "a", "{\"id\":\"a\"}", NULL, NULL);
    assert_int_equal(dc_store_put_imported(s, "a", "{\"amount\":5}"), DC_OK);
    assert_int_equal(dc_store_end(s, 1), DC_OK);
    assert_int_equal(dc_store_get(s, "a", &json), DC_OK);
    free(json);

    /* a change that fails inside a batch spoils the whole batch */
    assert_int_equal(dc_store_begin(s), DC_OK);
    put_ok(s, "c", "{\"id\":\"c\"}", NULL, NULL);
    assert_int_equal(dc_store_put_imported(s, "c", "[1]"), DC_EINPUT);
    assert_int_equal(dc_store_delete(s, "nope", NULL), DC_ENOTFOUND);
    assert_int_equal(dc_store_end(s, 1), DC_ESTORE);
    assert_message_has(s, "nothing was written", NULL);
    assert_int_equal(dc_store_get(s, "c", &json), DC_ENOTFOUND);

    /* a batch left open is dropped when the store closes */
    assert_int_equal(dc_store_begin(s), DC_OK);
    put_ok(s, "d", "{\"id\":\"d\"}", NULL, NULL);
    dc_store_free(s);
    s = open_store(f->db);
    assert_int_equal(dc_store_get(s, "d", &json), DC_ENOTFOUND);
    dc_store_free(s);
    assert_integrity(f->db);
}

static void test_import_records(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    char *json = NULL;

    put_ok(s, "a", "{\"id\":\"a\"}", NULL, NULL);
    assert_int_equal(dc_store_get_imported(s, "a", &json), DC_ENOTFOUND);
    assert_null(json);
    assert_int_equal(dc_store_put_imported(s, "a", "{\"amount\":5}"), DC_OK);
    assert_int_equal(dc_store_put_imported(s, "a", "{\"amount\":6}"), DC_OK);
    assert_int_equal(dc_store_get_imported(s, "a", &json), DC_OK);
    assert_string_equal(json, "{\"amount\":6}");
    free(json);
    assert_int_equal(dc_store_put_imported(s, "a", "not json"), DC_EINPUT);
    assert_int_equal(dc_store_delete(s, "a", NULL), DC_OK); /* forgets it */
    assert_int_equal(dc_store_get_imported(s, "a", &json), DC_ENOTFOUND);
    dc_store_free(s);
}

/* put_at keeps the time given and each entry keeps the deal as saved. */
static void test_put_at_and_changes(void **state)
{
    struct fixture *f = *state;
    dc_store *s = open_store(f->db);
    struct text *t = new_text();
    char *stage = NULL, *since = NULL;

    assert_int_equal(dc_store_put_at(s, "d", "{\"id\":\"d\",\"amount\":1}", "created", "target",
                                     "2026-01-05T09:00:00Z"), DC_OK);
    assert_int_equal(dc_store_put_at(s, "d", "{\"id\":\"d\",\"amount\":2}", "set amount = 2",
                                     "intent", "2026-02-01T10:00:00Z"), DC_OK);
    assert_int_equal(dc_store_put_at(s, "d", "{\"id\":\"d\"}", "x", NULL, "2026-02-30"), DC_EINPUT);
    assert_message_has(s, "2026-02-30", "YYYY-MM-DDTHH:MM:SSZ");
    assert_int_equal(dc_store_archive(s, "d", 1, NULL), DC_OK);
    assert_int_equal(dc_store_delete(s, "d", NULL), DC_OK);
    assert_int_equal(dc_store_each_change(s, "d", collect_change, t), DC_OK);
    assert_string_equal(t->buf, "created|target|{\"id\":\"d\",\"amount\":1}\n"
                                "set amount = 2|intent|{\"id\":\"d\",\"amount\":2}\n"
                                "archived|-|-\n"
                                "deleted|-|-\n");
    /* deleted: no stage; created again under its id: a new life */
    assert_int_equal(dc_store_stage_since(s, "d", &stage, &since), DC_ENOTFOUND);
    assert_int_equal(dc_store_put(s, "d", "{\"id\":\"d\"}", "created", "intent"), DC_OK);
    assert_int_equal(dc_store_stage_since(s, "d", &stage, &since), DC_OK);
    assert_string_equal(stage, "intent");
    assert_true(strcmp(since, "2026-02-01T10:00:00Z") > 0); /* not the old deal's */
    assert_int_equal(dc_store_each_change(s, "never", collect_change, t), DC_ENOTFOUND);
    free(stage);
    free(since);
    free(t);
    dc_store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_put_get_replace_delete),
        T(test_list_in_id_order),
        T(test_history_order_and_stages),
        T(test_missing_deal),
        T(test_bad_arguments_change_nothing),
        T(test_default_path),
        T(test_memory_store),
        T(test_creates_directories_private),
        T(test_newer_schema_refused),
        T(test_migrates_v1),
        T(test_put_at_and_changes),
        T(test_failed_migration_rolls_back),
        T(test_not_a_store_refused),
        T(test_read_only_refused),
        T(test_locked_store),
        T(test_open_locked_past_timeout),
        T(test_simultaneous_first_open),
        T(test_concurrent_writers),
        T(test_killed_writer_loses_nothing_acknowledged),
        T(test_archive_hides_from_the_walk),
        T(test_batch_is_one_transaction),
        T(test_import_records),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
