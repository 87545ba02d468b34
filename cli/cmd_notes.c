/* cmd_notes.c - `dealcoach notes`: show the signals a note yields, or run
 * phrasing test files against the patterns.
 *
 *   dealcoach notes [--patterns DIR|FILE]... [--no-default-patterns] [--where] TEXT...
 *   dealcoach notes [options] --file FILE      one note per line of FILE ("-": stdin)
 *   dealcoach notes [--patterns DIR|FILE]... --test FILE...
 *   dealcoach notes [--patterns DIR|FILE]... --learn MODEL FILE...
 *
 * A phrasing test file holds lines
 *   + SIGNAL<TAB>TEXT[<TAB>WORDS]   TEXT must yield SIGNAL (from WORDS, if given)
 *   - SIGNAL<TAB>TEXT               TEXT must not yield SIGNAL
 * with blank lines and #-comments; see kb/patterns/README.md. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "exitcodes.h"
#include "notes.h"
#include "notes_learned.h"
#include "notes_training.h"
#include "paths.h"
#include "setup.h"

static const char usage_en[] =
    "usage: dealcoach notes [options] TEXT...\n"
    "       dealcoach notes [options] --file FILE\n"
    "       dealcoach notes [options] --test FILE...\n"
    "       dealcoach notes [options] --learn MODEL FILE...\n"
    "\n"
    "Show the deal signals that free-text notes (Chinese or English) yield,\n"
    "with the words that produced each, or \"(no signal)\".\n"
    "\n"
    "options:\n"
    "  --patterns DIR|FILE    also load these patterns (repeatable): a file, a map\n"
    "                         (FILE.map: words read as others), or every *.txt\n"
    "                         and *.map of a directory\n"
    "  --no-default-patterns  load only the --patterns given, not the shipped ones\n"
    "  --where                show the pattern file and line behind each signal\n"
    "  --model FILE           weigh the patterns' signals by this learned model\n"
    "                         (made by --learn) instead of the shipped one\n"
    "  --no-model             the patterns alone, no learned model\n"
    "  --learn MODEL FILE...  learn a model from phrasing files (the lines of --test;\n"
    "                         a FILE.list names such files) and write it to MODEL,\n"
    "                         for --model\n"
    "  --file FILE            read the notes from FILE, one a line (\"-\": stdin)\n"
    "  --competitors LIST     the deal's competitors (\"博越, StayWise Ltd.\"): read\n"
    "                         as a competitor in the notes, as advise reads a\n"
    "                         deal's (in a --test file: a line \"@competitors LIST\")\n"
    "  --lang zh|en           the language of messages and of this help (signal ids\n"
    "                         are the same)\n"
    "  --test FILE...         run phrasing test files: lines\n"
    "                           + SIGNAL<TAB>TEXT[<TAB>WORDS]  must yield SIGNAL\n"
    "                           - SIGNAL<TAB>TEXT             must not\n"
    "  --min-recall PCT       with --test: pass when all signals together are\n"
    "                         found in at least PCT% of the \"+\" lines...\n"
    "  --max-false-alarms PCT ...and yielded on at most PCT% of the \"-\" lines\n"
    "                         (for sets not tuned against: tests/notes/blind)\n"
    "  --help                 show this help\n"
    "  --                     what follows is TEXT, even if it starts with '-'\n"
    "\n"
    "exit: 0 ok, 2 bad usage or unreadable file, 5 some phrasing tests failed,\n"
    "      1 internal failure\n";

static const char usage_zh[] =
    "用法: dealcoach notes [选项] 文本...\n"
    "      dealcoach notes [选项] --file 文件\n"
    "      dealcoach notes [选项] --test 文件...\n"
    "      dealcoach notes [选项] --learn 模型 文件...\n"
    "\n"
    "显示自由文本笔记 (中文或英文) 中识别出的商机信号, 以及产生每个信号的词语;\n"
    "没有信号时显示 \"(无信号)\"。\n"
    "\n"
    "选项:\n"
    "  --patterns 目录|文件   另外加载这些识别模式 (可重复): 一个文件, 一个映射\n"
    "                         (文件.map: 把一些字词读作另一些), 或一个目录中的\n"
    "                         所有 *.txt 和 *.map\n"
    "  --no-default-patterns  只加载给出的 --patterns, 不加载内置模式\n"
    "  --where                显示每个信号来自哪个模式文件的哪一行\n"
    "  --model 文件           用这个从示例笔记学得的模型 (--learn 生成)\n"
    "                         代替内置模型来衡量信号\n"
    "  --no-model             只用识别模式, 不用学得的模型\n"
    "  --learn 模型 文件...   从措辞测试文件 (--test 的格式; 文件.list 列出这类文件)\n"
    "                         学习一个模型, 写入 模型 文件, 供 --model 使用\n"
    "  --file 文件            从文件读取笔记, 每行一条 (\"-\": 标准输入)\n"
    "  --competitors 名单     商机的竞争对手 (\"博越, StayWise Ltd.\"): 笔记中\n"
    "                         按竞争对手理解, 与 advise 读商机时一样\n"
    "                         (--test 文件中: 一行 \"@competitors 名单\")\n"
    "  --lang zh|en           消息和本帮助的语言 (信号编号不变)\n"
    "  --test 文件...         运行措辞测试文件, 每行:\n"
    "                           + 信号<TAB>文本[<TAB>词语]  必须产生该信号\n"
    "                           - 信号<TAB>文本             不得产生\n"
    "  --min-recall 百分比    与 --test 同用: 所有信号合计在 \"+\" 行中的识别率\n"
    "                         不低于该百分比……\n"
    "  --max-false-alarms 百分比 ……且在 \"-\" 行中误报率不高于该百分比时通过\n"
    "                         (用于未据以调整模式的测试集: tests/notes/blind)\n"
    "  --help                 显示本帮助\n"
    "  --                     其后都是文本, 即使以 '-' 开头\n"
    "\n"
    "退出码: 0 正常, 2 用法错误或文件无法读取, 5 有措辞测试未通过,\n"
    "        1 内部错误\n";

struct options {
    const char **patterns; /* --patterns, in order */
    size_t npatterns;
    const char **args;     /* texts, or test files with --test */
    size_t nargs;
    const char *file;      /* --file */
    const char *competitors; /* --competitors */
    const char *lang;      /* --lang, else from the locale */
    const char *model;     /* --model, else the shipped one */
    const char *learn;     /* --learn: the model file to write */
    double min_recall, max_false_alarms; /* percentages; < 0: not given */
    int no_default, no_model, test, where, help;
};

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "dealcoach notes: %s%s (see dealcoach notes --help)\n", what, arg);
    return DC_EXIT_INPUT;
}

/* Fill `o` from argv; both arrays have room for argc entries. An exit code. */
static int parse_options(int argc, char **argv, struct options *o)
{
    int only_args = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') o->args[o->nargs++] = a;
        else if (strcmp(a, "--") == 0) only_args = 1;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) o->help = 1;
        else if (strcmp(a, "--test") == 0) o->test = 1;
        else if (strcmp(a, "--where") == 0) o->where = 1;
        else if (strcmp(a, "--no-default-patterns") == 0) o->no_default = 1;
        else if (strcmp(a, "--no-model") == 0) o->no_model = 1;
        else if (strcmp(a, "--learn") == 0) {
            if (++i == argc) return usage_error("--learn needs the model file to write", "");
            o->learn = argv[i];
        }
        else if (strcmp(a, "--model") == 0) {
            if (++i == argc) return usage_error("--model needs a file", "");
            o->model = argv[i];
        }
        else if (strcmp(a, "--patterns") == 0) {
            if (++i == argc) return usage_error("--patterns needs a file or directory", "");
            o->patterns[o->npatterns++] = argv[i];
        } else if (strncmp(a, "--patterns=", 11) == 0 && a[11]) {
            o->patterns[o->npatterns++] = a + 11;
        } else if (strcmp(a, "--competitors") == 0) {
            if (++i == argc) return usage_error("--competitors needs a list of names", "");
            o->competitors = argv[i];
        } else if (strcmp(a, "--file") == 0) {
            if (++i == argc) return usage_error("--file needs a file", "");
            o->file = argv[i];
        } else if (strcmp(a, "--min-recall") == 0 || strcmp(a, "--max-false-alarms") == 0) {
            char *end;
            if (++i == argc) return usage_error(a, " needs a percentage");
            double pct = strtod(argv[i], &end);
            if (end == argv[i] || *end || pct < 0 || pct > 100)
                return usage_error("expected a percentage from 0 to 100, got ", argv[i]);
            *(a[2] == 'm' && a[3] == 'i' ? &o->min_recall : &o->max_false_alarms) = pct;
        } else if (strcmp(a, "--lang") == 0) {
            if (++i == argc) return usage_error("--lang needs zh or en", "");
            o->lang = argv[i];
            if (strcmp(o->lang, "zh") && strcmp(o->lang, "en"))
                return usage_error("--lang: unknown language (zh or en): ", o->lang);
        } else {
            return usage_error("unknown option ", a);
        }
    }
    if (o->help) return DC_EXIT_OK;
    if (o->file && (o->test || o->nargs))
        return usage_error("--file takes no TEXT and no --test", "");
    if (o->learn && (o->test || o->file || o->model))
        return usage_error("--learn takes phrasing files, not --test, --file or --model", "");
    if (o->competitors && (o->test || o->learn))
        return usage_error("--competitors is for TEXT and --file (a phrasing file has its own "
                           "\"@competitors\" lines)", "");
    if (o->learn && o->nargs == 0) return usage_error("--learn needs phrasing FILEs to learn from", "");
    if (o->nargs == 0 && !o->file)
        return usage_error(o->test ? "--test needs a FILE" : "no TEXT given", "");
    return DC_EXIT_OK;
}

/* Load a pattern directory, a map (*.map) or a pattern file. An exit code;
 * line problems are not failures here (they are printed once everything is
 * loaded). A map reads the notes, and the patterns loaded after it. */
static int load_patterns_from(dc_notes *n, const char *path)
{
    struct stat st;
    size_t len = strlen(path);
    int rc;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        rc = dc_notes_load_dir(n, path);
    else if (len > 4 && strcmp(path + len - 4, ".map") == 0) /* characters or words, read as others */
        rc = dc_notes_load_map(n, path);
    else
        rc = dc_notes_load_file(n, path);
    if (rc == DC_OK || rc == DC_EINPUT) return DC_EXIT_OK;
    fprintf(stderr, "dealcoach notes: %s\n", dc_notes_message(n));
    return rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT;
}

/* The shipped patterns, and the shipped model unless `use_model` is 0. */
static int load_shipped_patterns(dc_notes *n, int use_model)
{
    dc_paths paths;
    if (dc_paths_find(&paths)) {
        fprintf(stderr, "dealcoach notes: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    dc_notes_use_cache(n, paths.patterns_cache);
    int rc = load_patterns_from(n, paths.patterns_dir);
    if (!rc && use_model) {
        int model = dc_notes_use_model(n, paths.notes_model);
        if (model == DC_ENOMEM) rc = DC_EXIT_INTERNAL;
        if (model != DC_OK && model != DC_ENOTFOUND) /* none built: the patterns alone */
            fprintf(stderr, "dealcoach notes: %s (the patterns are used alone)\n", dc_notes_message(n));
    }
    dc_paths_free(&paths);
    return rc;
}

/* Load what the options ask for and print any problems to stderr. Fails
 * (an exit code) when a file cannot be read or no pattern loaded at all. */
static int load_patterns(dc_notes *n, const struct options *o)
{
    int rc = o->no_default ? DC_EXIT_OK : load_shipped_patterns(n, !o->no_model && !o->model && !o->learn);
    for (size_t i = 0; !rc && i < o->npatterns; i++) rc = load_patterns_from(n, o->patterns[i]);
    if (!rc && o->model && dc_notes_use_model(n, o->model) != DC_OK) {
        fprintf(stderr, "dealcoach notes: --model: %s\n", dc_notes_message(n));
        return DC_EXIT_INPUT;
    }
    for (size_t i = 0; i < dc_notes_problem_count(n); i++)
        fprintf(stderr, "%s\n", dc_notes_problem(n, i));
    if (!rc && dc_notes_signal_count(n) == 0) {
        fprintf(stderr, "dealcoach notes: no signal pattern loaded\n");
        rc = DC_EXIT_INPUT;
    }
    return rc;
}

/* Print s between double quotes, escaping quotes, backslashes and controls. */
static void print_quoted(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\x%02x", c);
        else putchar(c);
    }
    putchar('"');
}

/* What show_signals() passes to print_hit() for one note. */
struct shown {
    int count;
    int where;
};

static void print_hit(void *ctx, const char *signal, const char *words, const char *where)
{
    struct shown *shown = ctx;
    printf("%s  ", signal);
    print_quoted(words);
    if (shown->where) printf("  (%s)", where);
    putchar('\n');
    shown->count++;
}

/* Show the signals of note `i` (from 1); `many`: with a heading. An exit
 * code: a note that is not UTF-8, or only partly read, is an input error. */
static int show_note(dc_notes *n, const struct options *o, size_t i, const char *text, int many)
{
    struct shown shown = {0, o->where};
    if (many) printf("%snote %zu: %s\n", i > 1 ? "\n" : "", i, text);
    int rc = dc_notes_scan_at(n, text, print_hit, &shown);
    if (rc) fprintf(stderr, "dealcoach notes: note %zu: %s\n", i, dc_notes_message(n));
    if (shown.count == 0 && rc != DC_EINPUT) puts(strcmp(o->lang, "zh") == 0 ? "(无信号)" : "(no signal)");
    return rc == DC_ENOMEM ? DC_EXIT_INTERNAL : rc ? DC_EXIT_INPUT : DC_EXIT_OK;
}

/* `dealcoach notes --file FILE`: every line a note. An exit code. */
static int show_file(dc_notes *n, const struct options *o)
{
    int is_stdin = strcmp(o->file, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(o->file, "r");
    if (!in) {
        perror(o->file);
        return DC_EXIT_INPUT;
    }
    char *line = NULL;
    size_t cap = 0, count = 0;
    ssize_t len;
    int status = DC_EXIT_OK;
    while (status != DC_EXIT_INTERNAL && (len = getline(&line, &cap, in)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        int rc = show_note(n, o, ++count, line, 1);
        if (rc) status = rc;
    }
    if (ferror(in)) {
        perror(o->file);
        status = DC_EXIT_INPUT;
    }
    free(line);
    if (!is_stdin) fclose(in);
    return status;
}

/* `dealcoach notes TEXT...`: an exit code. */
static int show_signals(dc_notes *n, const struct options *o)
{
    if (o->competitors && dc_notes_set_rivals_list(n, o->competitors)) {
        fprintf(stderr, "dealcoach notes: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    if (o->file) return show_file(n, o);
    int status = DC_EXIT_OK;
    for (size_t i = 0; i < o->nargs; i++) {
        int rc = show_note(n, o, i + 1, o->args[i], o->nargs > 1);
        if (rc) status = rc;
    }
    return status;
}

/* ---------------------------------------------------------- phrasing tests */

/* The signals one text yielded: parallel arrays of malloc'd strings. */
struct found {
    char **signals, **words, **wheres;
    size_t count;
    int out_of_memory;
};

static void found_clear(struct found *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->signals[i]);
        free(f->words[i]);
        free(f->wheres[i]);
    }
    free(f->signals);
    free(f->words);
    free(f->wheres);
    memset(f, 0, sizeof *f);
}

static void collect_hit(void *ctx, const char *signal, const char *words, const char *where)
{
    struct found *f = ctx;
    size_t k = f->count + 1;
    char **s = realloc(f->signals, k * sizeof *s);
    if (s) f->signals = s;
    char **w = realloc(f->words, k * sizeof *w);
    if (w) f->words = w;
    char **p = realloc(f->wheres, k * sizeof *p);
    if (p) f->wheres = p;
    if (!s || !w || !p) { f->out_of_memory = 1; return; }
    s[f->count] = strdup(signal);
    w[f->count] = strdup(words);
    p[f->count] = strdup(where);
    f->count = k;
    if (!s[k - 1] || !w[k - 1] || !p[k - 1]) f->out_of_memory = 1;
}

/* Index of `signal` among the found ones, or -1. */
static long found_index(const struct found *f, const char *signal)
{
    for (size_t i = 0; i < f->count; i++)
        if (f->signals[i] && strcmp(f->signals[i], signal) == 0) return (long)i;
    return -1;
}

static int is_known_signal(const dc_notes *n, const char *signal)
{
    for (size_t i = 0; i < dc_notes_signal_count(n); i++)
        if (strcmp(dc_notes_signal(n, i), signal) == 0) return 1;
    return 0;
}

/* One parsed test line: "+ SIGNAL<TAB>TEXT[<TAB>WORDS]", split in place. */
struct test_case {
    int must_match;
    const char *signal, *text, *words; /* words may be NULL */
};

static int parse_test_line(char *line, struct test_case *t)
{
    if ((line[0] != '+' && line[0] != '-') || (line[1] != ' ' && line[1] != '\t')) return 0;
    t->must_match = line[0] == '+';
    char *p = line + 1 + strspn(line + 1, " \t");
    t->signal = p;
    p += strcspn(p, " \t");
    if (*p == '\0') return 0;
    *p++ = '\0';
    p += strspn(p, " \t");
    t->text = p;
    p = strchr(p, '\t');
    t->words = NULL;
    if (p) {
        *p++ = '\0';
        t->words = *p ? p : NULL;
    }
    return *t->signal && *t->text;
}

static void print_got(const struct found *f)
{
    printf("got [");
    for (size_t i = 0; i < f->count; i++) printf("%s%s", i ? ", " : "", f->signals[i]);
    printf("]");
}

/* Check one case; prints the failure, "FILE:LINE: ...". 1 passed, 0 failed. */
static int check_case(const struct test_case *t, const struct found *f, const char *where)
{
    long i = found_index(f, t->signal);
    if (t->must_match && i < 0) {
        printf("%s: expected %s in \"%s\", ", where, t->signal, t->text);
        print_got(f);
        printf("\n");
        return 0;
    }
    if (t->must_match && t->words && strcmp(f->words[i], t->words) != 0) {
        printf("%s: expected %s from \"%s\" in \"%s\", got \"%s\"\n", where, t->signal, t->words,
               t->text, f->words[i]);
        return 0;
    }
    if (!t->must_match && i >= 0) {
        printf("%s: unexpected %s in \"%s\" (words \"%s\", pattern %s)\n", where, t->signal,
               t->text, f->words[i], f->wheres[i]);
        return 0;
    }
    return 1;
}

/* Recall and false alarms of one signal over the phrasing tests. */
struct tally {
    char *signal;
    int must, found;     /* "+" lines, and those that yielded the signal */
    int must_not, false_alarms;
};

struct tallies {
    struct tally *items;
    size_t count;
    int out_of_memory;
};

/* Count one case of `signal`: a "+" (must) or "-" line, and whether the
 * signal was yielded. */
static void tally_case(struct tallies *t, const char *signal, int must, int yielded)
{
    size_t i = 0;
    while (i < t->count && strcmp(t->items[i].signal, signal) != 0) i++;
    if (i == t->count) {
        struct tally *more = realloc(t->items, (t->count + 1) * sizeof *more);
        char *copy = more ? strdup(signal) : NULL;
        if (more) t->items = more;
        if (!copy) { t->out_of_memory = 1; return; }
        t->items[t->count++] = (struct tally){copy, 0, 0, 0, 0};
    }
    struct tally *x = &t->items[i];
    if (must) x->must++, x->found += yielded;
    else x->must_not++, x->false_alarms += yielded;
}

static int by_signal(const void *a, const void *b)
{
    return strcmp(((const struct tally *)a)->signal, ((const struct tally *)b)->signal);
}

/* Per signal: recall on the "+" lines, false alarms on the "-" lines
 * (negations, hedges, near misses); then all signals together, which is
 * returned in *total. */
static void print_tallies(struct tallies *t, struct tally *total)
{
    *total = (struct tally){NULL, 0, 0, 0, 0};
    if (!t->count) return;
    qsort(t->items, t->count, sizeof *t->items, by_signal);
    struct tally all = {"all signals", 0, 0, 0, 0};
    printf("\n%-26s %16s %20s\n", "signal", "recall", "false alarms");
    for (size_t i = 0; i <= t->count; i++) {
        struct tally *x = i < t->count ? &t->items[i] : &all;
        if (i < t->count) {
            all.must += x->must, all.found += x->found;
            all.must_not += x->must_not, all.false_alarms += x->false_alarms;
        }
        char recall[32] = "-", alarms[32] = "-";
        if (x->must)
            snprintf(recall, sizeof recall, "%d/%d %5.1f%%", x->found, x->must,
                     100.0 * x->found / x->must);
        if (x->must_not) snprintf(alarms, sizeof alarms, "%d/%d", x->false_alarms, x->must_not);
        printf("%-26s %16s %20s\n", x->signal, recall, alarms);
    }
    putchar('\n');
    *total = all;
}

static void free_tallies(struct tallies *t)
{
    for (size_t i = 0; i < t->count; i++) free(t->items[i].signal);
    free(t->items);
}

/* Run one test line, counting it in `t`. 1 passed, 0 failed, -1 out of
 * memory. */
static int run_test_line(dc_notes *n, char *line, const char *where, struct tallies *t)
{
    struct test_case tc;
    if (!parse_test_line(line, &tc)) {
        printf("%s: expected \"+ SIGNAL<TAB>TEXT\" or \"- SIGNAL<TAB>TEXT\"\n", where);
        return 0;
    }
    if (!is_known_signal(n, tc.signal)) {
        printf("%s: no loaded pattern yields %s\n", where, tc.signal);
        return 0;
    }
    struct found f = {0};
    int rc = dc_notes_scan_at(n, tc.text, collect_hit, &f);
    int result = rc == DC_ENOMEM || f.out_of_memory ? -1 : 0;
    if (rc && result == 0) printf("%s: %s\n", where, dc_notes_message(n));
    else if (result == 0) {
        result = check_case(&tc, &f, where);
        tally_case(t, tc.signal, tc.must_match, found_index(&f, tc.signal) >= 0);
        if (t->out_of_memory) result = -1;
    }
    found_clear(&f);
    return result;
}

/* Run a phrasing test file, adding to the counts. An exit code: failed
 * cases are not an error here, an unreadable file is. */
static int run_test_file(dc_notes *n, const char *path, int *passed, int *failed,
                         struct tallies *t)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        perror(path);
        return DC_EXIT_INPUT;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int status = DC_EXIT_OK, r;
    if (dc_notes_set_rivals(n, NULL, 0)) { /* no deal's competitors before its own line */
        fprintf(stderr, "dealcoach notes: out of memory\n");
        fclose(in);
        return DC_EXIT_INTERNAL;
    }
    while (getline(&line, &cap, in) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *start = line + strspn(line, " \t");
        if (*start == '\0' || *start == '#') continue;
        char where[1024];
        snprintf(where, sizeof where, "%s:%zu", path, lineno);
        r = dc_phrasing_competitors(n, start);
        if (r == 0) r = run_test_line(n, start, where, t);
        else if (r > 0) continue;
        if (r < 0) {
            fprintf(stderr, "dealcoach notes: out of memory\n");
            status = DC_EXIT_INTERNAL;
            break;
        }
        ++*(r ? passed : failed);
    }
    if (status == DC_EXIT_OK && ferror(in)) {
        perror(path);
        status = DC_EXIT_INPUT;
    }
    free(line);
    fclose(in);
    return status;
}

/* `dealcoach notes --test FILE...`: an exit code. */
/* --learn MODEL FILE...: the examples of every file, then the model. */
static int learn(dc_notes *n, const struct options *o)
{
    dc_learner *l = dc_learner_new();
    char why[512];
    int rc = l ? DC_OK : DC_ENOMEM;
    if (!l) snprintf(why, sizeof why, "out of memory");
    for (size_t i = 0; !rc && i < o->nargs; i++) rc = dc_notes_learn_path(n, l, o->args[i], why, sizeof why);
    if (!rc && dc_learner_example_count(l) == 0) {
        snprintf(why, sizeof why, "no \"+\" or \"-\" line to learn from");
        rc = DC_EINPUT;
    }
    if (!rc && dc_learner_write(l, o->learn, DC_NOTES_CONFIRM, DC_NOTES_ADD, why, sizeof why)) rc = DC_EIO;
    if (!rc)
        printf("learned %zu examples of %zu signals into %s (use it with --model %s)\n",
               dc_learner_example_count(l), dc_learner_signal_count(l), o->learn, o->learn);
    else
        fprintf(stderr, "dealcoach notes: --learn: %s\n", why);
    dc_learner_free(l);
    return rc == DC_OK ? DC_EXIT_OK : rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT;
}

static int run_tests(dc_notes *n, const struct options *o)
{
    int passed = 0, failed = 0, status = DC_EXIT_OK;
    struct tallies t = {NULL, 0, 0};
    for (size_t i = 0; i < o->nargs && status == DC_EXIT_OK; i++)
        status = run_test_file(n, o->args[i], &passed, &failed, &t);
    struct tally all;
    print_tallies(&t, &all);
    free_tallies(&t);
    if (status) {
        printf("%d passed, %d failed\n", passed, failed);
        return status;
    }
    if (o->min_recall < 0 && o->max_false_alarms < 0) {
        printf("%d passed, %d failed\n", passed, failed);
        return failed ? DC_EXIT_TESTS : DC_EXIT_OK;
    }
    /* Judged on the rates: the lines above are what was missed. */
    double recall = all.must ? 100.0 * all.found / all.must : 100.0;
    double alarms = all.must_not ? 100.0 * all.false_alarms / all.must_not : 0.0;
    int recall_ok = o->min_recall < 0 || recall >= o->min_recall;
    int alarms_ok = o->max_false_alarms < 0 || alarms <= o->max_false_alarms;
    printf("recall %.1f%% (at least %.1f%% asked), false alarms %.1f%% (at most %.1f%% asked)\n",
           recall, o->min_recall < 0 ? 0.0 : o->min_recall, alarms,
           o->max_false_alarms < 0 ? 100.0 : o->max_false_alarms);
    printf("%d passed, %d failed\n", recall_ok + alarms_ok, 2 - recall_ok - alarms_ok);
    return recall_ok && alarms_ok ? DC_EXIT_OK : DC_EXIT_TESTS;
}

int cmd_notes(int argc, char **argv)
{
    struct options o = {0};
    o.min_recall = o.max_false_alarms = -1;
    dc_notes *n = NULL;
    int rc = DC_EXIT_INTERNAL;
    o.patterns = calloc((size_t)argc, sizeof *o.patterns);
    o.args = calloc((size_t)argc, sizeof *o.args);
    if (!o.patterns || !o.args) {
        fprintf(stderr, "dealcoach notes: out of memory\n");
        goto out;
    }
    rc = parse_options(argc, argv, &o);
    if (!o.lang) o.lang = dc_catalog_lang_from_env();
    if (rc || o.help) {
        if (o.help) rc = dc_setup_help(o.lang, usage_en, usage_zh);
        goto out;
    }
    n = dc_notes_new();
    if (!n) {
        fprintf(stderr, "dealcoach notes: out of memory\n");
        rc = DC_EXIT_INTERNAL;
        goto out;
    }
    rc = load_patterns(n, &o);
    if (rc == DC_EXIT_OK) rc = o.learn ? learn(n, &o) : o.test ? run_tests(n, &o) : show_signals(n, &o);
out:
    dc_notes_free(n);
    free(o.patterns);
    free(o.args);
    return rc;
}
