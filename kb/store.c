/* store.c - the deal store, in SQLite. The contract is in store.h.
 *
 * Schema (version 5; PRAGMA user_version says which one a file has):
 *
 *   deals(id TEXT PRIMARY KEY, json TEXT, updated_at TEXT, archived INTEGER)
 *   history(seq INTEGER PRIMARY KEY, deal_id TEXT, at TEXT, what TEXT, stage TEXT,
 *           deal TEXT)
 *   index history_by_deal(deal_id, seq)
 *   imported(deal_id TEXT PRIMARY KEY, json TEXT, at TEXT): per deal, the
 *       fields the last import wrote, as a JSON object
 *   training_runs(id INTEGER PRIMARY KEY, trainee, scenario, hash, at, percent, json)
 *
 * History rows are never deleted, and have no foreign key to deals, so the
 * history of a deleted deal still answers. `seq` orders them (commit order);
 * `at` is read inside the write lock, so it never goes backwards along `seq`
 * unless the clock does.
 *
 * Each public call records what it is doing on the handle (s->op), so that
 * any failure deep down leaves "PATH: saving deal 'ID': REASON".
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdir, strdup, gmtime_r, getpwuid */
#endif

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

#define APP_ID 1145262932     /* 0x44435354, "DCST": the file is a dealcoach store */
#define STR(x) STR_(x)
#define STR_(x) #x
#define DEFAULT_TIMEOUT_MS 5000

/* Migrations: entry N takes a store from version N to N+1, inside the
 * transaction that migrate() opens. Only ever append to this list. */
static const char *const migrations[] = {
    /* 0 -> 1: deals and their history. */
    "CREATE TABLE deals(id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL,"
    "                   updated_at TEXT NOT NULL);"
    "CREATE TABLE history(deal_id TEXT NOT NULL, at TEXT NOT NULL,"
    "                     what TEXT NOT NULL);"
    "PRAGMA user_version = 1;",

    /* 1 -> 2: history gets the stage after each change and an explicit
     * order (VACUUM may renumber an implicit rowid), and an index by deal.
     * The file is marked as dealcoach's. */
    "CREATE TABLE history2(seq INTEGER PRIMARY KEY, deal_id TEXT NOT NULL,"
    "                      at TEXT NOT NULL, what TEXT NOT NULL, stage TEXT);"
    "INSERT INTO history2(seq, deal_id, at, what)"
    "  SELECT rowid, deal_id, at, what FROM history ORDER BY rowid;"
    "DROP TABLE history;"
    "ALTER TABLE history2 RENAME TO history;"
    "CREATE INDEX history_by_deal ON history(deal_id, seq);"
    "PRAGMA application_id = " STR(APP_ID) ";"
    "PRAGMA user_version = 2;",

    /* 2 -> 3: archived deals stay, flagged; what the last import wrote to
     * each deal, so a re-import can tell a field edited since. */
    "ALTER TABLE deals ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE imported(deal_id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL,"
    "                      at TEXT NOT NULL);"
    "PRAGMA user_version = 3;",

    /* 3 -> 4: each history entry keeps the deal as it was after the change
     * (NULL for a deletion and for entries older than this version), so
     * close dates, claimed stages and amounts have a history too. */
    "ALTER TABLE history ADD COLUMN deal TEXT;"
    "PRAGMA user_version = 4;",

    /* 4 -> 5: training runs (kb/train): the whole run record as JSON, with
     * the columns results are listed and ranked by. */
    "CREATE TABLE training_runs(id INTEGER PRIMARY KEY, trainee TEXT NOT NULL,"
    "                           scenario TEXT NOT NULL, hash TEXT NOT NULL,"
    "                           at TEXT NOT NULL, percent INTEGER NOT NULL,"
    "                           json TEXT NOT NULL);"
    "CREATE INDEX training_runs_by_scenario ON training_runs(scenario, percent);"
    "PRAGMA user_version = 5;",
};

#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

struct op {
    const char *doing;   /* "saving deal", or NULL while opening */
    const char *deal_id; /* or NULL */
};

struct dc_store {
    sqlite3 *db;    /* NULL until open */
    char *path;     /* as given to dc_store_open */
    char *msg;      /* last failure, malloc'd; NULL: none */
    int msg_oom;    /* the last failure's message could not be allocated */
    int timeout_ms; /* busy timeout */
    int busy;       /* the last SQLite failure was a lock held elsewhere */
    int batch;      /* dc_store_begin depth: changes join its transaction */
    int spoiled;    /* a change inside the batch failed: it rolls back */
    char *damage;   /* why quick_check failed on open (writes refused), or NULL */
    double busy_since_ms; /* when the current wait for a lock began */
    struct op op;   /* the public call under way, for messages */
};

/* ---- messages ------------------------------------------------------- */

/* A malloc'd printf, or NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list again;
    char *out;
    int n;

    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0 || !(out = malloc((size_t)n + 1)))
        return NULL;
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    return out;
}

static char *format(const char *fmt, ...)
{
    va_list ap;
    char *out;

    va_start(ap, fmt);
    out = vformat(fmt, ap);
    va_end(ap);
    return out;
}

/* Leave "PATH: DOING 'ID': REASON" on the handle and return `status`.
 * The parts not known (no path yet, no operation, no id) are left out. */
static int fail(dc_store *s, int status, const char *fmt, ...)
{
    va_list ap;
    char *reason, *msg;

    va_start(ap, fmt);
    reason = vformat(fmt, ap);
    va_end(ap);
    if (!reason || !s->path)
        msg = reason;
    else if (!s->op.doing)
        msg = format("%s: %s", s->path, reason);
    else if (!s->op.deal_id)
        msg = format("%s: %s: %s", s->path, s->op.doing, reason);
    else
        msg = format("%s: %s '%s': %s", s->path, s->op.doing, s->op.deal_id, reason);
    if (msg != reason)
        free(reason);
    free(s->msg);
    s->msg = msg;
    s->msg_oom = msg == NULL;
    return status;
}

/* Fail with SQLite's last error, mapped to a status and said plainly. */
static int sql_fail(dc_store *s)
{
    const char *why = sqlite3_errmsg(s->db); /* s->db may be NULL: "out of memory" */
    int code = sqlite3_errcode(s->db);

    s->busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
    switch (code) {
    case SQLITE_NOMEM:
        return fail(s, DC_ENOMEM, "out of memory");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return fail(s, DC_ESTORE, "the store is locked by another process "
                    "(timeout %d ms); try again", s->timeout_ms);
    case SQLITE_NOTADB:
        return fail(s, DC_ESTORE, "not a dealcoach store (%s)", why);
    case SQLITE_CORRUPT:
        return fail(s, DC_ESTORE, "the store is damaged (%s)", why);
    case SQLITE_READONLY:
        return fail(s, DC_EIO, "the store is read-only (%s); check the "
                    "permissions of the file and its directory", why);
    case SQLITE_CANTOPEN:
        return fail(s, DC_EIO, "cannot open the store or its journal (%s); "
                    "is its directory writable?", why);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM:
        return fail(s, DC_EIO, "%s", why);
    default:
        return fail(s, DC_ESTORE, "%s", why);
    }
}

/* Every public call starts here: record what it does, check the handle is
 * open and the deal id (if the call takes one) is usable. */
static int start(dc_store *s, const char *doing, int needs_id, const char *deal_id)
{
    if (!s)
        return DC_EINPUT; /* no handle to leave a message on */
    s->op.doing = doing;
    s->op.deal_id = deal_id;
    if (!s->db)
        return fail(s, DC_EINPUT, "the store is not open");
    if (needs_id && (!deal_id || !*deal_id))
        return fail(s, DC_EINPUT, "no deal id given");
    return DC_OK;
}

/* ---- statements ----------------------------------------------------- */

/* Called for each row a query returns; non-zero stops the query. */
typedef int row_fn(void *ctx, sqlite3_stmt *st);

/* Run one statement, binding `args` (NULL binds SQL NULL) to ?1..?n and
 * calling `fn` (if any) on each row. Returns DC_OK, fn's non-zero return,
 * or a failure with its message. The statement is always finalised. */
static int query(dc_store *s, const char *sql, const char *const *args, int nargs,
                 row_fn *fn, void *ctx)
{
    sqlite3_stmt *st = NULL;
    struct op op = s->op;
    int rc = DC_OK, step, i;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = sql_fail(s);
        goto out;
    }
    for (i = 0; i < nargs; i++) {
        if (sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC) != SQLITE_OK) {
            rc = sql_fail(s);
            goto out;
        }
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn && (rc = fn(ctx, st)) != DC_OK)
            goto out;
        s->op = op; /* fn may have used the store */
    }
    if (step != SQLITE_DONE)
        rc = sql_fail(s);
out:
    s->op = op;
    sqlite3_finalize(st);
    return rc;
}

static int exec(dc_store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? DC_OK : sql_fail(s);
}

/* A write transaction takes the write lock at once (waiting up to the busy
 * timeout), so two writers never deadlock upgrading read locks. A damaged
 * store (see quick_check) takes no writes at all. */
static int begin(dc_store *s)
{
    if (s->damage)
        return fail(s, DC_ESTORE, "the store is damaged (%s); it is open for reading only: "
                    "export your deals and restore a backup", s->damage);
    return s->batch ? DC_OK : exec(s, "BEGIN IMMEDIATE");
}

/* Commit if rc is DC_OK, else (or if the commit fails) roll back. Inside
 * a batch the batch's owner decides; a failure marks it to roll back. */
static int finish(dc_store *s, int rc)
{
    if (s->batch) {
        if (rc != DC_OK) s->spoiled = 1;
        return rc;
    }
    if (rc == DC_OK)
        rc = exec(s, "COMMIT");
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int int_row(void *ctx, sqlite3_stmt *st)
{
    *(sqlite3_int64 *)ctx = sqlite3_column_int64(st, 0);
    return DC_OK;
}

static int query_int(dc_store *s, const char *sql, const char *const *args, int nargs,
                     sqlite3_int64 *out)
{
    *out = 0;
    return query(s, sql, args, nargs, int_row, out);
}

/* Now in ISO 8601 UTC, "2026-11-22T10:04:05Z": fixed width, sorts as text. */
static void utc_now(char out[sizeof "YYYY-MM-DDTHH:MM:SSZ"])
{
    time_t now = time(NULL);
    struct tm tm;

    if (!gmtime_r(&now, &tm) ||
        !strftime(out, sizeof "YYYY-MM-DDTHH:MM:SSZ", "%Y-%m-%dT%H:%M:%SZ", &tm))
        strcpy(out, "1970-01-01T00:00:00Z");
}

/* ---- handle, path, open --------------------------------------------- */

dc_store *dc_store_new(void)
{
    dc_store *s = calloc(1, sizeof *s);

    if (s)
        s->timeout_ms = DEFAULT_TIMEOUT_MS;
    return s;
}

static void close_db(dc_store *s)
{
    if (s->db && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); /* a batch never committed */
    s->batch = 0;
    free(s->damage);
    s->damage = NULL;
    sqlite3_close(s->db); /* every statement is finalised, so this closes */
    s->db = NULL;
    free(s->path);
    s->path = NULL;
}

void dc_store_free(dc_store *s)
{
    if (!s)
        return;
    close_db(s);
    free(s->msg);
    free(s);
}

const char *dc_store_message(const dc_store *s)
{
    if (!s)
        return "";
    if (s->msg_oom)
        return "out of memory";
    return s->msg ? s->msg : "";
}

void dc_store_set_timeout(dc_store *s, int ms)
{
    if (!s)
        return;
    s->timeout_ms = ms < 0 ? 0 : ms; /* busy_poll reads it at each wait */
}

int dc_store_schema_version(void)
{
    return SCHEMA_VERSION;
}

static const char *home_dir(void)
{
    const char *home = getenv("HOME");
    struct passwd *pw;

    if (home && *home)
        return home;
    pw = getpwuid(getuid());
    return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : ".";
}

char *dc_store_default_path(void)
{
    const char *db = getenv("DEALCOACH_DB");
    const char *data = getenv("XDG_DATA_HOME");

    if (db && *db)
        return strdup(db);
    if (data && data[0] == '/') /* the XDG spec: ignore a relative one */
        return format("%s/dealcoach/deals.db", data);
    return format("%s/.local/share/dealcoach/deals.db", home_dir());
}

/* mkdir -p `dir` (new directories are 0700: deals are commercial secrets). */
static int make_dirs(dc_store *s, char *dir)
{
    struct stat st;
    char *p, saved;

    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return DC_OK;
    for (p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        saved = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return fail(s, DC_EIO, "cannot create the directory %s: %s", dir, strerror(errno));
        *p = saved;
        if (saved == '\0')
            break;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(s, DC_EIO, "cannot create the directory %s: it is not a directory", dir);
    return DC_OK;
}

/* Create the parent directory and the file (0600) if they are missing;
 * SQLite would create the file world-readable. */
static int make_file(dc_store *s)
{
    char *dir = strdup(s->path), *slash;
    int rc = DC_OK, fd;

    if (!dir)
        return fail(s, DC_ENOMEM, "out of memory");
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        rc = make_dirs(s, dir);
    }
    free(dir);
    if (rc)
        return rc;
    fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0)
        close(fd);
    else if (errno != EEXIST)
        return fail(s, DC_EIO, "cannot create the store: %s", strerror(errno));
    return DC_OK;
}

/* What the file says of itself, read in one statement: one snapshot, so
 * that another process's migration is seen whole or not at all. */
struct header {
    sqlite3_int64 version, app_id, tables;
};

static int header_row(void *ctx, sqlite3_stmt *st)
{
    struct header *h = ctx;

    h->version = sqlite3_column_int64(st, 0);
    h->app_id = sqlite3_column_int64(st, 1);
    h->tables = sqlite3_column_int64(st, 2);
    return DC_OK;
}

/* The file's schema version, refusing a file that is not ours or newer. */
static int read_version(dc_store *s, int *version)
{
    struct header h = {0, 0, 0};
    int rc;

    if ((rc = query(s, "SELECT (SELECT user_version FROM pragma_user_version),"
                       "       (SELECT application_id FROM pragma_application_id),"
                       "       (SELECT count(*) FROM sqlite_master)",
                    NULL, 0, header_row, &h)))
        return rc;
    if ((h.app_id != 0 && h.app_id != APP_ID) || (h.version == 0 && h.tables > 0))
        return fail(s, DC_ESTORE, "not a dealcoach store (a SQLite database of something else)");
    if (h.version > SCHEMA_VERSION || h.version < 0)
        return fail(s, DC_ESTORE, "store schema version %lld is newer than this dealcoach "
                    "supports (%d); upgrade dealcoach", (long long)h.version, SCHEMA_VERSION);
    *version = (int)h.version;
    return DC_OK;
}

/* Bring an older store up to SCHEMA_VERSION in one transaction: a failed
 * step leaves the file as it was. */
static int migrate(dc_store *s)
{
    int version, rc;

    if ((rc = read_version(s, &version)) || version == SCHEMA_VERSION)
        return rc;
    if ((rc = begin(s)))
        return rc;
    rc = read_version(s, &version); /* again: another process may have done it */
    for (; rc == DC_OK && version < SCHEMA_VERSION; version++)
        rc = exec(s, migrations[version]);
    return finish(s, rc);
}

/* Durability: WAL with synchronous=FULL syncs the WAL at every commit. An
 * acknowledged change survives the process being killed with NORMAL too
 * (the WAL is in the OS's cache), but only FULL also survives a power cut
 * or OS crash; one fsync per change costs nothing noticeable at the rate a
 * person edits deals. Foreign keys are on for any table that declares one.
 * WAL is asked for, not required: where the file system cannot share memory
 * SQLite keeps the rollback journal, which is just as safe, only less
 * concurrent. */
static const char settings[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;";

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int first_problem(void *ctx, sqlite3_stmt *st)
{
    char **problem = ctx;
    const char *text = (const char *)sqlite3_column_text(st, 0);

    if (!*problem && text && strcmp(text, "ok") != 0 && !(*problem = strdup(text)))
        return DC_ENOMEM;
    return DC_OK;
}

/* A store that fails SQLite's quick check is kept for reading only: writing
 * more into a damaged file can only lose more. Its problem is kept in
 * s->damage (dc_store_damage). A lock held elsewhere is not damage. */
static int quick_check(dc_store *s)
{
    char *problem = NULL;
    int rc = query(s, "PRAGMA quick_check(1)", NULL, 0, first_problem, &problem);

    if (rc == DC_ENOMEM)
        return fail(s, DC_ENOMEM, "out of memory");
    if (rc == DC_OK && !problem)
        return DC_OK;
    if (rc && s->busy)
        return rc;
    free(s->damage);
    s->damage = problem ? problem : strdup(dc_store_message(s));
    if (!s->damage)
        return fail(s, DC_ENOMEM, "out of memory");
    for (char *c = s->damage; *c; c++) /* one line */
        if (*c == '\n')
            *c = ' ';
    return DC_OK;
}

/* Settings, the quick check, then migration. Switching a new file to WAL while another
 * process is starting on it too can fail with SQLITE_BUSY at once (SQLite
 * does not wait when waiting could deadlock), so a lock held elsewhere is
 * retried here until the timeout has passed. */
/* Waiting for the write lock: SQLite's own handler sleeps longer and
 * longer (up to 100 ms a try), so a writer that takes the lock again a few
 * milliseconds after releasing it can starve another for the whole
 * timeout. Trying every millisecond or two catches those gaps. */
static int busy_poll(void *ctx, int count)
{
    dc_store *s = ctx;
    static const int sleep_ms[] = {1, 1, 2};

    if (count == 0)
        s->busy_since_ms = now_ms();
    if (now_ms() - s->busy_since_ms >= s->timeout_ms)
        return 0;
    sqlite3_sleep(sleep_ms[count % 3]);
    return 1;
}

static void set_busy_handler(dc_store *s)
{
    sqlite3_busy_handler(s->db, busy_poll, s);
}

static int set_up(dc_store *s)
{
    double deadline = now_ms() + s->timeout_ms;
    int rc;

    for (;;) {
        s->busy = 0;
        if ((rc = exec(s, settings)) == DC_OK && (rc = quick_check(s)) == DC_OK)
            rc = migrate(s);
        if (rc == DC_OK || !s->busy || now_ms() >= deadline)
            return rc;
        sqlite3_sleep(10);
    }
}

const char *dc_store_damage(const dc_store *s)
{
    return s ? s->damage : NULL;
}

int dc_store_open(dc_store *s, const char *path)
{
    int rc;

    if (!s)
        return DC_EINPUT;
    close_db(s);
    s->op.doing = NULL;
    s->op.deal_id = NULL;
    if (!path || !*path)
        return fail(s, DC_EINPUT, "no store path given");
    if (!(s->path = strdup(path)))
        return fail(s, DC_ENOMEM, "out of memory");
    if (strcmp(path, ":memory:") != 0 && (rc = make_file(s)))
        goto out;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        rc = sql_fail(s);
        goto out;
    }
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        rc = fail(s, DC_EIO, "the store is read-only; check the permissions "
                  "of the file and its directory");
        goto out;
    }
    set_busy_handler(s);
    rc = set_up(s);
out:
    if (rc)
        close_db(s);
    return rc;
}

/* ---- deals and history ---------------------------------------------- */

/* What put refuses (index 0: nothing). Spec §1: a deal is a JSON object
 * whose "id" is a string; here it must also be the deal's key. */
static const char *const json_problems[] = {
    NULL,
    "the deal is not JSON",
    "the deal is not a JSON object",
    "the deal has no string \"id\"",
    "the deal's \"id\" is not the id it is saved under",
};

static const char json_check[] =
    "SELECT CASE WHEN NOT json_valid(?2) THEN 1"
    "            WHEN json_type(?2) <> 'object' THEN 2"
    "            WHEN json_type(?2, '$.id') IS NOT 'text' THEN 3"
    "            WHEN json_extract(?2, '$.id') <> ?1 THEN 4"
    "            ELSE 0 END";

static int check_json(dc_store *s, const char *deal_id, const char *deal_json)
{
    const char *args[] = {deal_id, deal_json};
    sqlite3_int64 problem;
    int rc;

    if ((rc = query_int(s, json_check, args, 2, &problem)))
        return rc;
    if (problem > 0 && problem < (sqlite3_int64)(sizeof json_problems / sizeof *json_problems))
        return fail(s, DC_EINPUT, "%s", json_problems[problem]);
    return DC_OK;
}

/* Inside a write transaction: the change's history entry, with the deal
 * as it is after the change (NULL: deleted). */
static int add_history(dc_store *s, const char *deal_id, const char *at,
                       const char *what, const char *stage, const char *deal_json)
{
    const char *args[] = {deal_id, at, what, stage, deal_json};

    return query(s, "INSERT INTO history(deal_id, at, what, stage, deal)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)",
                 args, 5, NULL, NULL);
}

/* "YYYY-MM-DDTHH:MM:SSZ" with digits where digits go. */
static int is_utc_time(const char *at)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    size_t i;

    for (i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (at[i] < '0' || at[i] > '9') : at[i] != shape[i])
            return 0;
    return at[i] == '\0';
}

int dc_store_put(dc_store *s, const char *deal_id, const char *deal_json,
                 const char *what, const char *stage)
{
    return dc_store_put_at(s, deal_id, deal_json, what, stage, NULL);
}

int dc_store_put_at(dc_store *s, const char *deal_id, const char *deal_json,
                    const char *what, const char *stage, const char *when)
{
    char at[sizeof "YYYY-MM-DDTHH:MM:SSZ"];
    const char *args[] = {deal_id, deal_json, at};
    int rc;

    if ((rc = start(s, "saving deal", 1, deal_id)))
        return rc;
    if (!deal_json)
        return fail(s, DC_EINPUT, "no JSON given");
    if (when && !is_utc_time(when))
        return fail(s, DC_EINPUT, "'%s' is not a time as YYYY-MM-DDTHH:MM:SSZ", when);
    if ((rc = check_json(s, deal_id, deal_json)) || (rc = begin(s)))
        return rc;
    if (when)
        strcpy(at, when);
    else
        utc_now(at); /* under the write lock: times follow commit order */
    rc = query(s, "INSERT INTO deals(id, json, updated_at) VALUES (?1, ?2, ?3)"
               " ON CONFLICT(id) DO UPDATE SET json = excluded.json,"
               "                               updated_at = excluded.updated_at",
               args, 3, NULL, NULL);
    if (rc == DC_OK)
        rc = add_history(s, deal_id, at, what ? what : "saved", stage, deal_json);
    return finish(s, rc);
}

int dc_store_delete(dc_store *s, const char *deal_id, const char *what)
{
    char at[sizeof "YYYY-MM-DDTHH:MM:SSZ"];
    int rc;

    if ((rc = start(s, "deleting deal", 1, deal_id)) || (rc = begin(s)))
        return rc;
    utc_now(at);
    rc = query(s, "DELETE FROM deals WHERE id = ?1", &deal_id, 1, NULL, NULL);
    if (rc == DC_OK && sqlite3_changes(s->db) == 0)
        rc = fail(s, DC_ENOTFOUND, "no such deal");
    if (rc == DC_OK)
        rc = query(s, "DELETE FROM imported WHERE deal_id = ?1", &deal_id, 1, NULL, NULL);
    if (rc == DC_OK)
        rc = add_history(s, deal_id, at, what ? what : "deleted", NULL, NULL);
    return finish(s, rc);
}

/* 0: no such deal, 1: in use, 2: archived. */
static const char archived_state[] =
    "SELECT coalesce((SELECT archived + 1 FROM deals WHERE id = ?1), 0)";

int dc_store_archive(dc_store *s, const char *deal_id, int archived, const char *what)
{
    char at[sizeof "YYYY-MM-DDTHH:MM:SSZ"];
    const char *args[] = {deal_id, archived ? "1" : "0"};
    sqlite3_int64 was;
    int rc;

    if ((rc = start(s, archived ? "archiving deal" : "unarchiving deal", 1, deal_id)) ||
        (rc = begin(s)))
        return rc;
    utc_now(at);
    rc = query_int(s, archived_state, &deal_id, 1, &was);
    if (rc == DC_OK && was == 0)
        rc = fail(s, DC_ENOTFOUND, "no such deal");
    if (rc == DC_OK && (was - 1 != 0) == (archived != 0))
        return finish(s, DC_OK); /* already so: nothing to record */
    if (rc == DC_OK)
        rc = query(s, "UPDATE deals SET archived = ?2 WHERE id = ?1", args, 2, NULL, NULL);
    if (rc == DC_OK)
        rc = add_history(s, deal_id, at, what ? what : archived ? "archived" : "unarchived", NULL,
                         NULL);
    return finish(s, rc);
}

int dc_store_is_archived(dc_store *s, const char *deal_id, int *archived)
{
    sqlite3_int64 v;
    int rc;

    if ((rc = start(s, "reading deal", 1, deal_id)))
        return rc;
    if (!archived)
        return fail(s, DC_EINPUT, "nowhere to put the flag");
    *archived = 0;
    if ((rc = query_int(s, archived_state, &deal_id, 1, &v)))
        return rc;
    if (v == 0)
        return fail(s, DC_ENOTFOUND, "no such deal");
    *archived = v == 2;
    return DC_OK;
}

/* Copies of the first row's first two columns (NULL for SQL NULL). */
struct texts {
    int rows;
    int oom;
    char *v[2];
};

static int texts_row(void *ctx, sqlite3_stmt *st)
{
    struct texts *t = ctx;
    int i;

    for (i = 0; i < 2 && i < sqlite3_column_count(st) && !t->rows; i++) {
        const char *text = (const char *)sqlite3_column_text(st, i);
        if (text && !(t->v[i] = strdup(text)))
            t->oom = 1;
    }
    t->rows++;
    return DC_OK;
}

/* query() for at most one row of two texts: DC_ENOTFOUND (saying
 * `missing`) when there is no row; on DC_OK the caller owns t->v. */
static int query_texts(dc_store *s, const char *sql, const char *arg,
                       struct texts *t, const char *missing)
{
    int rc = query(s, sql, &arg, 1, texts_row, t);

    if (rc == DC_OK && t->oom)
        rc = fail(s, DC_ENOMEM, "out of memory");
    if (rc == DC_OK && !t->rows)
        rc = fail(s, DC_ENOTFOUND, "%s", missing);
    if (rc != DC_OK) {
        free(t->v[0]);
        free(t->v[1]);
        t->v[0] = t->v[1] = NULL;
    }
    return rc;
}

int dc_store_get(dc_store *s, const char *deal_id, char **json)
{
    struct texts t = {0, 0, {NULL, NULL}};
    int rc;

    if (json)
        *json = NULL;
    if ((rc = start(s, "reading deal", 1, deal_id)))
        return rc;
    if (!json)
        return fail(s, DC_EINPUT, "nowhere to put the JSON");
    rc = query_texts(s, "SELECT json FROM deals WHERE id = ?1", deal_id, &t, "no such deal");
    *json = t.v[0];
    return rc;
}

/* The walk of dc_store_each_deal: a user callback and its context. */
struct walk {
    dc_store_deal_fn *fn;
    void *ctx;
    int rows;
};

static int walk_row(void *ctx, sqlite3_stmt *st)
{
    struct walk *w = ctx;

    w->rows++;
    return w->fn(w->ctx, (const char *)sqlite3_column_text(st, 0),
                 (const char *)sqlite3_column_text(st, 1),
                 (const char *)sqlite3_column_text(st, 2));
}

int dc_store_each_deal_of(dc_store *s, unsigned which, dc_store_deal_fn *fn, void *ctx)
{
    static const char *const sql[] = {
        NULL,
        "SELECT id, json, updated_at FROM deals WHERE archived = 0 ORDER BY id",
        "SELECT id, json, updated_at FROM deals WHERE archived <> 0 ORDER BY id",
        "SELECT id, json, updated_at FROM deals ORDER BY id",
    };
    struct walk w = {fn, ctx, 0};
    int rc;

    if ((rc = start(s, "listing the deals", 0, NULL)))
        return rc;
    if (!fn)
        return fail(s, DC_EINPUT, "no callback given");
    if (which < 1 || which > DC_DEALS_ALL)
        return fail(s, DC_EINPUT, "no such set of deals");
    return query(s, sql[which], NULL, 0, walk_row, &w);
}

int dc_store_each_deal(dc_store *s, dc_store_deal_fn *fn, void *ctx)
{
    return dc_store_each_deal_of(s, DC_DEALS_ACTIVE, fn, ctx);
}

/* dc_store_each_history is dc_store_each_change without the deal. */
struct history_only {
    dc_store_history_fn *fn;
    void *ctx;
};

static int without_deal(void *ctx, const char *at, const char *what, const char *stage,
                        const char *deal_json)
{
    struct history_only *h = ctx;

    (void)deal_json;
    return h->fn(h->ctx, at, what, stage);
}

int dc_store_each_history(dc_store *s, const char *deal_id,
                          dc_store_history_fn *fn, void *ctx)
{
    struct history_only h = {fn, ctx};

    if (s && !fn) {
        int rc = start(s, "reading the history of deal", 1, deal_id);
        return rc ? rc : fail(s, DC_EINPUT, "no callback given");
    }
    return dc_store_each_change(s, deal_id, without_deal, &h);
}

/* The walk of dc_store_each_change: four columns for one callback. */
struct change_walk {
    dc_store_change_fn *fn;
    void *ctx;
    int rows;
};

static int change_row(void *ctx, sqlite3_stmt *st)
{
    struct change_walk *w = ctx;

    w->rows++;
    return w->fn(w->ctx, (const char *)sqlite3_column_text(st, 0),
                 (const char *)sqlite3_column_text(st, 1),
                 (const char *)sqlite3_column_text(st, 2),
                 (const char *)sqlite3_column_text(st, 3));
}

int dc_store_each_change(dc_store *s, const char *deal_id, dc_store_change_fn *fn, void *ctx)
{
    struct change_walk w = {fn, ctx, 0};
    int rc;

    if ((rc = start(s, "reading the history of deal", 1, deal_id)))
        return rc;
    if (!fn)
        return fail(s, DC_EINPUT, "no callback given");
    rc = query(s, "SELECT at, what, stage, deal FROM history WHERE deal_id = ?1 ORDER BY seq",
               &deal_id, 1, change_row, &w);
    if (rc == DC_OK && w.rows == 0)
        rc = fail(s, DC_ENOTFOUND, "no such deal, and none in the history");
    return rc;
}

int dc_store_history_count(dc_store *s, const char *deal_id, size_t *count)
{
    sqlite3_int64 n;
    int rc;

    if ((rc = start(s, "counting the history of deal", 1, deal_id)))
        return rc;
    if (!count)
        return fail(s, DC_EINPUT, "nowhere to put the count");
    *count = 0;
    if ((rc = query_int(s, "SELECT count(*) FROM history WHERE deal_id = ?1",
                        &deal_id, 1, &n)))
        return rc;
    *count = (size_t)n;
    return DC_OK;
}

/* The current stage is the last one recorded; it was entered at the first
 * entry after the last entry that recorded another stage. A deal deleted
 * and created again under its id starts anew after the deletion. */
static const char stage_since[] =
    "WITH staged AS (SELECT seq, at, stage FROM history"
    "                WHERE deal_id = ?1 AND stage IS NOT NULL"
    "                  AND seq > (SELECT coalesce(max(seq), 0) FROM history"
    "                             WHERE deal_id = ?1 AND what = 'deleted' AND deal IS NULL)),"
    "     cur AS (SELECT stage FROM staged ORDER BY seq DESC LIMIT 1)"
    " SELECT cur.stage,"
    "        (SELECT at FROM staged"
    "         WHERE seq > (SELECT coalesce(max(seq), 0) FROM staged"
    "                      WHERE stage <> cur.stage)"
    "         ORDER BY seq LIMIT 1)"
    " FROM cur";

int dc_store_stage_since(dc_store *s, const char *deal_id, char **stage, char **since)
{
    struct texts t = {0, 0, {NULL, NULL}};
    int rc;

    if (stage)
        *stage = NULL;
    if (since)
        *since = NULL;
    if ((rc = start(s, "reading the stage of deal", 1, deal_id)))
        return rc;
    if (!stage || !since)
        return fail(s, DC_EINPUT, "nowhere to put the stage");
    rc = query_texts(s, stage_since, deal_id, &t, "no stage recorded");
    *stage = t.v[0];
    *since = t.v[1];
    return rc;
}

/* ---- batches and import records -------------------------------------- */

int dc_store_begin(dc_store *s)
{
    int rc;

    if ((rc = start(s, "starting a batch of changes", 0, NULL)))
        return rc;
    if (s->batch) { /* nested: joins the batch under way */
        s->batch++;
        return DC_OK;
    }
    if ((rc = begin(s)))
        return rc;
    s->batch = 1;
    s->spoiled = 0;
    return DC_OK;
}

int dc_store_in_batch(const dc_store *s)
{
    return s && s->batch;
}

int dc_store_end(dc_store *s, int commit)
{
    int rc;

    if ((rc = start(s, commit ? "committing a batch of changes" : "rolling back a batch", 0, NULL)))
        return rc;
    if (!s->batch)
        return fail(s, DC_EINPUT, "no batch under way");
    if (!commit)
        s->spoiled = 1;
    if (--s->batch > 0) /* the outermost one decides */
        return DC_OK;
    if (commit && s->spoiled)
        rc = fail(s, DC_ESTORE, "a change of the batch failed; nothing was written");
    if (!commit || s->spoiled) {
        finish(s, DC_EINPUT); /* a rollback */
        return rc;
    }
    return finish(s, DC_OK);
}

int dc_store_get_imported(dc_store *s, const char *deal_id, char **json)
{
    struct texts t = {0, 0, {NULL, NULL}};
    int rc;

    if (json)
        *json = NULL;
    if ((rc = start(s, "reading what was last imported to deal", 1, deal_id)))
        return rc;
    if (!json)
        return fail(s, DC_EINPUT, "nowhere to put the JSON");
    rc = query_texts(s, "SELECT json FROM imported WHERE deal_id = ?1", deal_id, &t,
                     "nothing imported");
    *json = t.v[0];
    return rc;
}

int dc_store_put_imported(dc_store *s, const char *deal_id, const char *json)
{
    char at[sizeof "YYYY-MM-DDTHH:MM:SSZ"];
    const char *args[] = {deal_id, json, at};
    sqlite3_int64 ok;
    int rc;

    if ((rc = start(s, "recording what was imported to deal", 1, deal_id)))
        return rc;
    if (!json)
        return fail(s, DC_EINPUT, "no JSON given");
    if ((rc = query_int(s, "SELECT CASE WHEN json_valid(?1)"
                           " THEN json_type(?1) = 'object' ELSE 0 END", &json, 1, &ok)))
        return rc;
    if (!ok)
        return fail(s, DC_EINPUT, "the import record is not a JSON object");
    if ((rc = begin(s)))
        return rc;
    utc_now(at);
    rc = query(s, "INSERT INTO imported(deal_id, json, at) VALUES (?1, ?2, ?3)"
               " ON CONFLICT(deal_id) DO UPDATE SET json = excluded.json, at = excluded.at",
               args, 3, NULL, NULL);
    return finish(s, rc);
}

/* ---- training runs -------------------------------------------------- */

static const char run_check[] =
    "SELECT CASE WHEN NOT json_valid(?1) THEN 1"
    "            WHEN json_type(?1) <> 'object' THEN 2"
    "            WHEN json_type(?1, '$.trainee') IS NOT 'text'"
    "              OR json_type(?1, '$.scenario') IS NOT 'text'"
    "              OR json_type(?1, '$.hash') IS NOT 'text' THEN 3"
    "            WHEN json_type(?1, '$.percent') IS NOT 'integer' THEN 4"
    "            ELSE 0 END";

static const char *const run_problems[] = {
    NULL, "the run is not JSON", "the run is not a JSON object",
    "the run has no trainee, scenario or hash", "the run has no integer percent",
};

int dc_store_run_add(dc_store *s, const char *run_json, long long *run_id)
{
    char at[sizeof "YYYY-MM-DDTHH:MM:SSZ"];
    const char *args[] = {run_json, at};
    sqlite3_int64 problem;
    int rc;

    if (run_id)
        *run_id = 0;
    if ((rc = start(s, "saving a training run", 0, NULL)))
        return rc;
    if (!run_json)
        return fail(s, DC_EINPUT, "no JSON given");
    if ((rc = query_int(s, run_check, args, 1, &problem)))
        return rc;
    if (problem > 0 && problem < (sqlite3_int64)(sizeof run_problems / sizeof *run_problems))
        return fail(s, DC_EINPUT, "%s", run_problems[problem]);
    if ((rc = begin(s)))
        return rc;
    utc_now(at);
    rc = query(s, "INSERT INTO training_runs(trainee, scenario, hash, at, percent, json)"
               " VALUES (json_extract(?1, '$.trainee'), json_extract(?1, '$.scenario'),"
               "         json_extract(?1, '$.hash'), ?2, json_extract(?1, '$.percent'), ?1)",
               args, 2, NULL, NULL);
    if (rc == DC_OK && run_id)
        *run_id = (long long)sqlite3_last_insert_rowid(s->db);
    return finish(s, rc);
}

int dc_store_run_get(dc_store *s, long long run_id, char **run_json)
{
    struct texts t = {0, 0, {NULL, NULL}};
    char id[32];
    int rc;

    if (run_json)
        *run_json = NULL;
    if ((rc = start(s, "reading a training run", 0, NULL)))
        return rc;
    if (!run_json)
        return fail(s, DC_EINPUT, "nowhere to put the JSON");
    snprintf(id, sizeof id, "%lld", run_id);
    rc = query_texts(s, "SELECT json FROM training_runs WHERE id = CAST(?1 AS INTEGER)", id, &t,
                     "no such training run");
    *run_json = t.v[0];
    return rc;
}

struct run_walk {
    dc_store_run_fn *fn;
    void *ctx;
};

static int run_row(void *ctx, sqlite3_stmt *st)
{
    struct run_walk *w = ctx;

    return w->fn(w->ctx, (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
}

int dc_store_each_run(dc_store *s, dc_store_run_fn *fn, void *ctx)
{
    struct run_walk w = {fn, ctx};
    int rc;

    if ((rc = start(s, "listing the training runs", 0, NULL)))
        return rc;
    if (!fn)
        return fail(s, DC_EINPUT, "no callback given");
    return query(s, "SELECT id, json FROM training_runs ORDER BY id", NULL, 0, run_row, &w);
}
