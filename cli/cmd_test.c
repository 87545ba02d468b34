/* cmd_test.c - `dealcoach test`: scenario tests as plain data files.
 *
 * A scenario file holds cases; each is a deal and what its advice must (and
 * must not) contain. The format is in tests/scenarios/README.md:
 *
 *     === target holds with 2 of its 3 criteria
 *     today: 2026-11-22
 *     deal:
 *     {"id": "t1", "size": "sme", "criteria": ["initial-contact", "visit-scheduled"]}
 *     expect:
 *     stage.evidenced = target
 *     no finding size-unknown
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "deal.h"
#include "exitcodes.h"
#include "setup.h"
#include "strbuf.h"

static const char help[] =
    "usage: dealcoach test [--rules PATH]... [--today YYYY-MM-DD] PATH...\n"
    "\n"
    "Run scenario tests: each PATH is a .test file or a directory searched for\n"
    "them. A case gives a deal and what its advice must and must not contain;\n"
    "see tests/scenarios/README.md for the format. Each failure is printed with\n"
    "its file, line and case; the last line is 'N passed, N failed'.\n"
    "\n"
    "  --rules PATH   load a rule file or directory after the shipped playbook,\n"
    "                 to test a coach's own rules (repeatable)\n"
    "  --today DATE   the evaluation date of cases that do not set one\n"
    "                 (default: 2026-11-22, so results do not change with the day)\n"
    "\n"
    "Exit: 0 all passed, 5 some failed, 2 a test file is unreadable or malformed,\n"
    "3 a rule file did not load.\n";

#define DEFAULT_TEST_DATE "2026-11-22"

typedef struct test_case {
    char name[256];
    int line;               /* where "=== name" is */
    char today[11];
    char lang[4];
    dc_buf deal;            /* inline deal JSON */
    char deal_file[1024];   /* or a file, relative to the test file */
    int deal_line;
    char **expect;          /* assertion lines */
    int *expect_line;
    size_t n_expect, cap_expect;
} test_case;

typedef struct runner {
    dc_coach *coach;
    const char *default_today;
    int passed, failed, broken;
} runner;

/* --- looking things up in the advice -------------------------------------------- */

/* Follow a path like "stage.next.missing", "findings[stage-inflated].because"
 * or "actions[0].id" through `root`. Borrowed reference, or NULL. */
static json_t *lookup(json_t *root, const char *path)
{
    json_t *node = root;
    char seg[256];
    while (node && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof seg) return NULL;
        memcpy(seg, path, n);
        seg[n] = '\0';
        path += n + (path[n] == '.');
        char *bracket = strchr(seg, '[');
        if (bracket) *bracket = '\0';
        if (seg[0]) node = json_object_get(node, seg);
        while (node && bracket) {
            char *close = strchr(bracket + 1, ']');
            if (!close) return NULL;
            *close = '\0';
            const char *key = bracket + 1;
            if (isdigit((unsigned char)key[0])) {
                node = json_array_get(node, strtoul(key, NULL, 10));
            } else {
                json_t *found = NULL, *item;
                size_t i;
                json_array_foreach(node, i, item) {
                    const char *id = json_string_value(json_object_get(item, "id"));
                    if (id && strcmp(id, key) == 0) { found = item; break; }
                }
                node = found;
            }
            bracket = strchr(close + 1, '[');
        }
    }
    return node;
}

/* An expected value as written: a JSON literal if it parses as one, else
 * the text itself. New reference. */
static json_t *expected_value(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

static int values_equal(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
    return json_equal(a, b);
}

static int list_has(json_t *list, json_t *want)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        if (values_equal(item, want)) return 1;
        const char *id = json_string_value(json_object_get(item, "id"));
        if (id && json_is_string(want) && strcmp(id, json_string_value(want)) == 0) return 1;
    }
    return 0;
}

static char *show(json_t *v)
{
    return v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : strdup("(absent)");
}

/* Does any string of `list` contain `needle`? */
static int any_contains(json_t *list, const char *needle)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s)
        if (json_is_string(s) && strstr(json_string_value(s), needle)) return 1;
    return 0;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* A quoted text is a JSON string ("say \"hi\""): decode it in place. */
static void unquote(char *s)
{
    if (s[0] != '"') return;
    json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
    if (json_is_string(v)) memmove(s, json_string_value(v), strlen(json_string_value(v)) + 1);
    json_decref(v);
}

/* The list a shorthand like "finding X" looks in. */
static const char *shorthand_list(const char *word)
{
    static const char *const map[][2] = {
        {"finding", "findings"}, {"action", "actions"}, {"signal", "signals"},
        {"tactic", "tactics"}, {"warning", "warnings"}, {NULL, NULL}};
    for (int i = 0; map[i][0]; i++)
        if (strcmp(word, map[i][0]) == 0) return map[i][1];
    return NULL;
}

/* Check one assertion. Returns 1 if it holds; else 0 with `why` filled. */
static int check(const char *line, json_t *advice, json_t *questions, json_t *errors,
                 json_t *warnings, char *why, size_t why_size)
{
    char buf[1024], word[64], rest[960];
    snprintf(buf, sizeof buf, "%s", line);
    int negate = 0;
    const char *p = buf;
    if (strncmp(p, "no ", 3) == 0) { negate = 1; p = skip_spaces(p + 3); }
    if (sscanf(p, "%63s", word) != 1) { snprintf(why, why_size, "empty assertion"); return 0; }
    snprintf(rest, sizeof rest, "%s", skip_spaces(p + strlen(word)));

    if (strcmp(word, "refused") == 0 || (strcmp(word, "warning") == 0 && !advice)) {
        json_t *list = strcmp(word, "refused") == 0 ? errors : warnings;
        unquote(rest);
        int ok = (!rest[0] ? json_array_size(list) > 0 : any_contains(list, rest)) != negate;
        if (strcmp(word, "refused") == 0 && advice && !negate) ok = 0;
        char *got = show(list);
        snprintf(why, why_size, "expected %s%s \"%s\", got %s", negate ? "no " : "", word, rest,
                 advice && strcmp(word, "refused") == 0 ? "advice (the deal was accepted)" : got);
        free(got);
        return ok;
    }
    if (!advice) {
        char *got = show(errors);
        snprintf(why, why_size, "the deal was refused: %s", got);
        free(got);
        return 0;
    }
    if (strcmp(word, "warning") == 0) {
        unquote(rest);
        int ok = any_contains(json_object_get(advice, "warnings"), rest) != negate;
        snprintf(why, why_size, "expected %swarning containing \"%s\"", negate ? "no " : "", rest);
        return ok;
    }
    if (strcmp(word, "order") == 0) {
        char first[128], second[128];
        if (sscanf(rest, "%127s < %127s", first, second) != 2) {
            snprintf(why, why_size, "order wants: order ACTION < ACTION");
            return 0;
        }
        char path_a[300], path_b[300];
        snprintf(path_a, sizeof path_a, "actions[%s].priority", first);
        snprintf(path_b, sizeof path_b, "actions[%s].priority", second);
        json_t *a = lookup(advice, path_a), *b = lookup(advice, path_b);
        int ok = a && b && json_integer_value(a) < json_integer_value(b);
        snprintf(why, why_size, "expected action %s before %s (priorities %" JSON_INTEGER_FORMAT
                 " and %" JSON_INTEGER_FORMAT ")", first, second, json_integer_value(a), json_integer_value(b));
        return ok;
    }
    if (strcmp(word, "question") == 0) {
        /* "question ID [VALUE]": the rules asked it (about VALUE). */
        char id[256], value[256] = "";
        if (sscanf(rest, "%255s %255s", id, value) < 1) {
            snprintf(why, why_size, "question wants an id");
            return 0;
        }
        int found = 0;
        size_t i;
        json_t *q;
        json_array_foreach(questions, i, q) {
            const char *qv = json_string_value(json_object_get(q, "value"));
            if (strcmp(json_string_value(json_object_get(q, "id")), id) == 0 &&
                (!value[0] || (qv && strcmp(qv, value) == 0)))
                found = 1;
        }
        char *got = show(questions);
        snprintf(why, why_size, "expected %squestion %s%s%s, got %s", negate ? "no " : "", id,
                 value[0] ? " " : "", value, got);
        free(got);
        return found != negate;
    }
    const char *list_name = shorthand_list(word);
    if (list_name) {
        char id[256], extra[700] = "";
        if (sscanf(rest, "%255s %699[^\n]", id, extra) < 1) {
            snprintf(why, why_size, "%s wants an id", word);
            return 0;
        }
        json_t *list = json_object_get(advice, list_name), *want = json_string(id);
        int found = list_has(list, want);
        json_decref(want);
        if (found && extra[0] && strncmp(extra, "about ", 6) == 0) {
            /* "finding X about Y": Y is among the finding's `about`. */
            char path[400];
            snprintf(path, sizeof path, "%s[%s].about", list_name, id);
            json_t *y = json_string(skip_spaces(extra + 6));
            found = list_has(lookup(advice, path), y);
            json_decref(y);
        }
        char *got = show(list);
        snprintf(why, why_size, "expected %s%s %s%s%s, got %s", negate ? "no " : "", word, id,
                 extra[0] ? " " : "", extra, got);
        free(got);
        return found != negate;
    }

    /* PATH OP VALUE */
    char path[512], op[16], value[700] = "";
    if (sscanf(p, "%511s %15s %699[^\n]", path, op, value) < 2) {
        snprintf(why, why_size, "cannot read assertion (see tests/scenarios/README.md)");
        return 0;
    }
    json_t *got = lookup(advice, path);
    char *shown = show(got);
    int ok;
    if (strcmp(op, "absent") == 0) ok = got == NULL;
    else if (strcmp(op, "present") == 0) ok = got != NULL;
    else if (strcmp(op, "contains") == 0) {
        unquote(value);
        ok = got && ((json_is_string(got) && strstr(json_string_value(got), value)) ||
                     any_contains(got, value));
    } else {
        json_t *want = expected_value(value);
        if (strcmp(op, "=") == 0) ok = got && values_equal(got, want);
        else if (strcmp(op, "!=") == 0) ok = !got || !values_equal(got, want);
        else if (strcmp(op, "has") == 0) ok = got && list_has(got, want);
        else if (strcmp(op, "lacks") == 0) ok = !got || !list_has(got, want);
        else ok = -1;
        json_decref(want);
    }
    if (ok == -1) snprintf(why, why_size, "unknown operator '%s' (= != has lacks contains absent present)", op);
    else snprintf(why, why_size, "expected %s %s%s%s, got %s", path, op, value[0] ? " " : "", value, shown);
    free(shown);
    if (negate && ok != -1) ok = !ok;
    return ok == 1;
}

/* --- running a case ------------------------------------------------------------ */

static void dir_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(out, size, "%.*s", (int)(slash - path), path);
    else snprintf(out, size, ".");
}

static void run_case(runner *r, const char *file, test_case *tc)
{
    json_t *errors = json_array(), *warnings = json_array();
    json_t *input = NULL, *deal = NULL, *advice = NULL, *questions = NULL;
    char origin[1100];
    int rc;
    if (tc->deal_file[0]) {
        char dir[1024], path[2100];
        dir_of(file, dir, sizeof dir);
        snprintf(path, sizeof path, "%s/%s", dir, tc->deal_file);
        snprintf(origin, sizeof origin, "%s", tc->deal_file);
        rc = dc_deal_read_file(path, &input, errors);
    } else {
        snprintf(origin, sizeof origin, "deal");
        rc = dc_deal_parse(origin, tc->deal.s ? tc->deal.s : "", tc->deal.len, &input, errors);
    }
    if (!rc) rc = dc_coach_check(r->coach, origin, input, &deal, errors, warnings);
    if (!rc) {
        const char *today = tc->today[0] ? tc->today : r->default_today;
        const char *lang = tc->lang[0] ? tc->lang : "en";
        rc = dc_coach_advise(r->coach, deal, today, lang, warnings, &advice);
        if (rc) json_array_append_new(errors, json_string(dc_coach_message(r->coach)));
        else questions = dc_coach_questions(r->coach);
    }

    int ok = 1;
    for (size_t i = 0; i < tc->n_expect; i++) {
        char why[2048];
        if (check(tc->expect[i], advice, questions, errors, warnings, why, sizeof why)) continue;
        printf("%s:%d: case '%s': %s\n", file, tc->expect_line[i], tc->name, why);
        ok = 0;
    }
    if (tc->n_expect == 0) {
        printf("%s:%d: case '%s': no expectations (a case must check something)\n", file, tc->line, tc->name);
        ok = 0;
    }
    if (ok) r->passed++;
    else r->failed++;
    json_decref(errors);
    json_decref(warnings);
    json_decref(input);
    json_decref(deal);
    json_decref(advice);
    json_decref(questions);
}

static void clear_case(test_case *tc)
{
    for (size_t i = 0; i < tc->n_expect; i++) free(tc->expect[i]);
    free(tc->expect);
    free(tc->expect_line);
    free(dc_buf_take(&tc->deal));
    memset(tc, 0, sizeof *tc);
}

static int add_expect(test_case *tc, const char *line, int lineno)
{
    if (tc->n_expect == tc->cap_expect) {
        size_t cap = tc->cap_expect ? tc->cap_expect * 2 : 16;
        char **e = realloc(tc->expect, cap * sizeof *e);
        if (!e) return -1;
        tc->expect = e;
        int *l = realloc(tc->expect_line, cap * sizeof *l);
        if (!l) return -1;
        tc->expect_line = l;
        tc->cap_expect = cap;
    }
    if (!(tc->expect[tc->n_expect] = strdup(line))) return -1;
    tc->expect_line[tc->n_expect++] = lineno;
    return 0;
}

/* Parse and run the cases of one file. Returns 0, or -1 if the file is
 * unreadable or malformed (message printed). */
static int run_file(runner *r, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "dealcoach test: %s: %s\n", file, strerror(errno));
        return -1;
    }
    enum { OUTSIDE, HEADER, DEAL, EXPECT } state = OUTSIDE;
    test_case tc;
    memset(&tc, 0, sizeof tc);
    char line[8192];
    int lineno = 0, bad = 0;
    while (!bad && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "===", 3) == 0) {
            if (state != OUTSIDE) run_case(r, file, &tc);
            clear_case(&tc);
            snprintf(tc.name, sizeof tc.name, "%s", skip_spaces(line + 3));
            tc.line = lineno;
            state = HEADER;
            continue;
        }
        const char *t = skip_spaces(line);
        if (state == DEAL && strcmp(t, "expect:") != 0) {
            dc_buf_puts(&tc.deal, line);
            dc_buf_puts(&tc.deal, "\n");
            continue;
        }
        if (!*t || *t == '#') continue;
        if (state == OUTSIDE) {
            fprintf(stderr, "dealcoach test: %s:%d: expected '=== case name'\n", file, lineno);
            bad = 1;
        } else if (strcmp(t, "expect:") == 0) {
            state = EXPECT;
        } else if (state == EXPECT) {
            if (add_expect(&tc, t, lineno)) bad = 1;
        } else if (strncmp(t, "today:", 6) == 0) {
            snprintf(tc.today, sizeof tc.today, "%s", skip_spaces(t + 6));
        } else if (strncmp(t, "lang:", 5) == 0) {
            snprintf(tc.lang, sizeof tc.lang, "%s", skip_spaces(t + 5));
        } else if (strncmp(t, "deal-file:", 10) == 0) {
            snprintf(tc.deal_file, sizeof tc.deal_file, "%s", skip_spaces(t + 10));
        } else if (strcmp(t, "deal:") == 0) {
            state = DEAL;
            tc.deal_line = lineno;
        } else {
            fprintf(stderr, "dealcoach test: %s:%d: expected today:, lang:, deal:, deal-file: or expect:\n",
                    file, lineno);
            bad = 1;
        }
    }
    if (!bad && state != OUTSIDE) run_case(r, file, &tc);
    clear_case(&tc);
    fclose(f);
    return bad ? -1 : 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every *.test under a directory (in name order). */
static int run_path(runner *r, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "dealcoach test: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) return run_file(r, path);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "dealcoach test: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    int rc = 0;
    while ((ent = readdir(d))) {
        size_t len = strlen(ent->d_name);
        char full[4096];
        if (ent->d_name[0] == '.') continue;
        snprintf(full, sizeof full, "%s/%s", path, ent->d_name);
        struct stat sub;
        int is_dir = stat(full, &sub) == 0 && S_ISDIR(sub.st_mode);
        if (!is_dir && (len < 5 || strcmp(ent->d_name + len - 5, ".test") != 0)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, cap * sizeof *grown);
            if (!grown) { rc = -1; break; }
            names = grown;
        }
        if (!(names[n] = strdup(full))) { rc = -1; break; }
        n++;
    }
    closedir(d);
    if (names) qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && run_path(r, names[i])) rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int cmd_test(int argc, char **argv)
{
    dc_options o;
    runner r = {NULL, DEFAULT_TEST_DATE, 0, 0, 0};
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_TODAY);
    if (parsed != 0) {
        if (parsed > 0) fputs(help, stdout);
        dc_options_free(&o);
        return parsed > 0 ? DC_EXIT_OK : DC_EXIT_INPUT;
    }
    if (o.n_args == 0) {
        fprintf(stderr, "dealcoach test: no test file or directory given (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &r.coach))) goto out;
    if (o.today) r.default_today = o.today;
    for (size_t i = 0; i < o.n_args; i++)
        if (run_path(&r, o.args[i])) r.broken = 1;
    printf("%d passed, %d failed\n", r.passed, r.failed);
    code = r.broken ? DC_EXIT_INPUT : r.failed ? DC_EXIT_TESTS : DC_EXIT_OK;
out:
    dc_coach_free(r.coach);
    dc_options_free(&o);
    return code;
}
