/* source.c - rule files read into nested lists with lines (see source.h). */
#define _POSIX_C_SOURCE 200809L
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

/* Deeper than this the reader stops (the engine refuses such files anyway). */
#define MAX_DEPTH 600

typedef struct reader {
    dc_source *s;
    size_t pos;
    long line;
    int failed;      /* out of memory */
    int depth;
    /* the open lists, outermost first, for the balance report */
    const dc_sx *open[MAX_DEPTH + 1];
} reader;

static const char *const construct_words[] = {
    "defrule", "deftemplate", "deffacts", "deffunction", "defglobal", "defmodule",
    "defgeneric", "defmethod", "defclass", "definstances", "defmessage-handler", NULL};

static int is_construct_word(const char *w, size_t n)
{
    for (int i = 0; construct_words[i]; i++)
        if (strlen(construct_words[i]) == n && strncmp(construct_words[i], w, n) == 0) return 1;
    return 0;
}

static int is_delimiter(int c)
{
    return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '(' || c == ')' || c == '"' || c == ';';
}

/* Skip blanks and comments. */
static void skip_space(reader *r)
{
    const char *t = r->s->text;
    while (r->pos < r->s->len) {
        char c = t[r->pos];
        if (c == '\n') {
            r->line++;
            r->pos++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            r->pos++;
        } else if (c == ';') {
            while (r->pos < r->s->len && t[r->pos] != '\n') r->pos++;
        } else {
            break;
        }
    }
}

static int add_item(reader *r, dc_sx *list, const dc_sx *item)
{
    dc_sx *grown = realloc(list->items, (list->n + 1) * sizeof *grown);
    if (!grown) {
        r->failed = 1;
        return -1;
    }
    list->items = grown;
    list->items[list->n++] = *item;
    return 0;
}

static void free_sx(dc_sx *x)
{
    free(x->text);
    for (size_t i = 0; i < x->n; i++) free_sx(&x->items[i]);
    free(x->items);
}

/* Does a construct keyword follow the '(' at pos? */
static int construct_at(const reader *r, size_t pos)
{
    const char *w = r->s->text + pos + 1;
    size_t n = 0;
    while (!is_delimiter(w[n])) n++;
    return is_construct_word(w, n);
}

static void read_item(reader *r, dc_sx *out);

/* The '(' at r->pos: read the list up to its ')'. A construct keyword
 * inside it, or the end of the file, means a ')' is missing: the list ends
 * there (the error is recorded by the caller's balance check). */
static void read_list(reader *r, dc_sx *out)
{
    memset(out, 0, sizeof *out);
    out->type = DC_SX_LIST;
    out->line = r->line;
    out->begin = r->pos++;
    r->depth++;
    for (;;) {
        skip_space(r);
        if (r->failed || r->pos >= r->s->len) break;
        char c = r->s->text[r->pos];
        if (c == ')') {
            r->pos++;
            out->end = r->pos;
            r->depth--;
            return;
        }
        if (c == '(' && construct_at(r, r->pos)) break;
        if (r->depth > MAX_DEPTH) {
            r->failed = 1;
            break;
        }
        dc_sx item;
        read_item(r, &item);
        if (add_item(r, out, &item)) {
            free_sx(&item);
            break;
        }
    }
    out->end = r->pos;
    out->unclosed = 1;
    r->depth--;
}

static void read_string(reader *r, dc_sx *out)
{
    const char *t = r->s->text;
    dc_buf b = DC_BUF_INIT;
    memset(out, 0, sizeof *out);
    out->type = DC_SX_STRING;
    out->line = r->line;
    out->begin = r->pos++;
    dc_buf_append(&b, "", 0);
    while (r->pos < r->s->len && t[r->pos] != '"') {
        if (t[r->pos] == '\\' && r->pos + 1 < r->s->len) r->pos++;
        if (t[r->pos] == '\n') r->line++;
        dc_buf_append(&b, t + r->pos, 1);
        r->pos++;
    }
    if (r->pos < r->s->len) r->pos++;
    out->end = r->pos;
    if (!(out->text = dc_buf_take(&b))) r->failed = 1;
}

static void read_item(reader *r, dc_sx *out)
{
    const char *t = r->s->text;
    if (t[r->pos] == '(') {
        read_list(r, out);
        return;
    }
    if (t[r->pos] == '"') {
        read_string(r, out);
        return;
    }
    memset(out, 0, sizeof *out);
    out->type = DC_SX_ATOM;
    out->line = r->line;
    out->begin = r->pos;
    while (r->pos < r->s->len && !is_delimiter(t[r->pos])) r->pos++;
    out->end = r->pos;
    if (!(out->text = strndup(t + out->begin, out->end - out->begin))) r->failed = 1;
}

/* The column of byte `pos` (from 0). */
static size_t column_of(const dc_source *s, size_t pos)
{
    size_t start = pos;
    while (start > 0 && s->text[start - 1] != '\n') start--;
    return pos - start;
}

/* In a construct that is not closed, the list most likely missing its ')':
 * the first whose items go on, on a later line, at or left of its own '('.
 * NULL when the layout gives no hint. */
static const dc_sx *suspect_list(const dc_source *s, const dc_sx *x)
{
    if (x->type != DC_SX_LIST) return NULL;
    size_t col = column_of(s, x->begin);
    for (size_t i = 0; i < x->n; i++) {
        const dc_sx *item = &x->items[i];
        if (item->line > x->line && column_of(s, item->begin) <= col) return x;
        const dc_sx *inner = suspect_list(s, item);
        if (inner) return inner;
    }
    return NULL;
}

/* Was the list closed by a ')' (rather than cut by the end of the file or
 * the next construct)? */
static int closed(const dc_sx *x)
{
    return !x->unclosed;
}

static int deepest_unclosed(const dc_sx *x, const dc_sx **found)
{
    if (x->type != DC_SX_LIST || closed(x)) return 0;
    *found = x;
    for (size_t i = 0; i < x->n; i++)
        if (deepest_unclosed(&x->items[i], found)) return 1;
    return 1;
}

/* Describe the first balance problem of the source, if any. */
static void explain_balance(dc_source *s, long stray_line)
{
    for (size_t i = 0; i < s->n_forms; i++) {
        const dc_sx *f = &s->forms[i];
        if (closed(f)) continue;
        const dc_sx *where = NULL;
        deepest_unclosed(f, &where);
        const dc_sx *hint = NULL;
        for (size_t j = 0; j < f->n && !hint; j++) hint = suspect_list(s, &f->items[j]);
        if (hint) where = hint;
        snprintf(s->construct, sizeof s->construct, "%s %s", dc_sx_head(f),
                 f->n > 1 && f->items[1].type == DC_SX_ATOM ? f->items[1].text : "");
        s->construct_line = f->line;
        s->error_line = where ? where->line : f->line;
        snprintf(s->error, sizeof s->error, "unclosed");
        return;
    }
    if (stray_line) {
        s->error_line = stray_line;
        snprintf(s->error, sizeof s->error, "stray");
        return;
    }
    s->error[0] = '\0';
    s->error_line = 0;
}

/* Mark the top-level forms that have a ';' comment on the lines just above. */
static void mark_comments(dc_source *s)
{
    for (size_t i = 0; i < s->n_forms; i++) {
        size_t p = s->forms[i].begin;
        while (p > 0 && s->text[p - 1] != '\n') p--;   /* start of its line */
        if (p == 0) continue;
        size_t q = p - 1;                              /* the '\n' ending the line above */
        while (q > 0 && s->text[q - 1] != '\n') q--;   /* start of the line above */
        const char *above = s->text + q;
        while (*above == ' ' || *above == '\t') above++;
        s->forms[i].commented = *above == ';';
    }
}

dc_source *dc_source_parse(const char *path, const char *text, size_t len)
{
    dc_source *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->path = strdup(path);
    s->text = malloc(len + 1);
    if (!s->path || !s->text) goto nomem;
    memcpy(s->text, text, len);
    s->text[len] = '\0';
    s->len = strlen(s->text); /* stop at a NUL byte, as the engine's reader does */

    reader r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.line = 1;
    long stray_line = 0;
    for (;;) {
        skip_space(&r);
        if (r.failed || r.pos >= s->len) break;
        char c = s->text[r.pos];
        if (c != '(') {
            /* a ')' closing nothing, or text between constructs */
            if (c == ')' && !stray_line) stray_line = r.line;
            dc_sx junk;
            if (c == ')') {
                r.pos++;
                continue;
            }
            read_item(&r, &junk);
            free_sx(&junk);
            continue;
        }
        dc_sx form;
        read_list(&r, &form);
        dc_sx *grown = realloc(s->forms, (s->n_forms + 1) * sizeof *grown);
        if (!grown) {
            free_sx(&form);
            goto nomem;
        }
        s->forms = grown;
        s->forms[s->n_forms++] = form;
    }
    if (r.failed) goto nomem;
    explain_balance(s, stray_line);
    mark_comments(s);
    return s;
nomem:
    dc_source_free(s);
    return NULL;
}

dc_source *dc_source_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        dc_source *s = dc_source_parse(path, "", 0);
        if (s) snprintf(s->error, sizeof s->error, "cannot read: %s", strerror(errno));
        return s;
    }
    dc_buf b = DC_BUF_INIT;
    char chunk[8192];
    size_t n;
    dc_buf_append(&b, "", 0);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) dc_buf_append(&b, chunk, n);
    fclose(f);
    size_t len = b.len;
    char *text = dc_buf_take(&b);
    if (!text) return NULL;
    dc_source *s = dc_source_parse(path, text, len);
    free(text);
    return s;
}

void dc_source_free(dc_source *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_forms; i++) free_sx(&s->forms[i]);
    free(s->forms);
    free(s->path);
    free(s->text);
    free(s);
}

const char *dc_sx_head(const dc_sx *x)
{
    if (!x || x->type != DC_SX_LIST || x->n == 0 || x->items[0].type != DC_SX_ATOM) return "";
    return x->items[0].text;
}

char *dc_sx_source(const dc_source *s, const dc_sx *x)
{
    return strndup(s->text + x->begin, x->end - x->begin);
}

const char *dc_source_shown_path(const char *path)
{
    char cwd[4096];
    if (path[0] != '/' || !getcwd(cwd, sizeof cwd)) return path;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

json_t *dc_source_files(const char *path)
{
    json_t *files = json_array();
    struct stat st;
    if (!files) return NULL;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        json_array_append_new(files, json_string(path));
        return files;
    }
    DIR *d = opendir(path);
    struct dirent *ent;
    while (d && (ent = readdir(d))) {
        if (ent->d_name[0] == '.' || !ends_with(ent->d_name, ".clp")) continue;
        dc_buf b = DC_BUF_INIT;
        dc_buf_printf(&b, "%s/%s", path, ent->d_name);
        char *full = dc_buf_take(&b);
        if (full) json_array_append_new(files, json_string(full));
        free(full);
    }
    if (d) closedir(d);
    /* name order, as the engine loads them */
    size_t n = json_array_size(files);
    json_t **items = malloc((n + 1) * sizeof *items);
    if (!items) {
        json_decref(files);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) items[i] = json_incref(json_array_get(files, i));
    qsort(items, n, sizeof *items, by_string);
    json_array_clear(files);
    for (size_t i = 0; i < n; i++) json_array_append_new(files, items[i]);
    free(items);
    return files;
}

/* --- rules ------------------------------------------------------------------ */

int dc_rule_src_cut(const dc_sx *form, dc_rule_src *r)
{
    memset(r, 0, sizeof *r);
    if (strcmp(dc_sx_head(form), "defrule") != 0 || form->n < 2 || form->items[1].type != DC_SX_ATOM)
        return -1;
    r->form = form;
    r->name = form->items[1].text;
    size_t i = 2;
    if (i < form->n && form->items[i].type == DC_SX_STRING) r->comment = form->items[i++].text;
    const dc_sx **lhs = calloc(form->n + 1, sizeof *lhs);
    const char **vars = calloc(form->n + 1, sizeof *vars);
    if (!lhs || !vars) {
        free(lhs);
        free((void *)vars);
        return -1;
    }
    r->lhs = lhs;
    r->fact_var = vars;
    for (; i < form->n; i++) {
        const dc_sx *x = &form->items[i];
        if (x->type == DC_SX_ATOM && strcmp(x->text, "=>") == 0) {
            r->rhs = i + 1 < form->n ? &form->items[i + 1] : NULL;
            r->n_rhs = form->n - i - 1;
            return 0;
        }
        if (strcmp(dc_sx_head(x), "declare") == 0) {
            for (size_t j = 1; j < x->n; j++) {
                const dc_sx *d = &x->items[j];
                if (strcmp(dc_sx_head(d), "salience") == 0 && d->n == 2 && d->items[1].type == DC_SX_ATOM) {
                    r->has_salience = 1;
                    r->salience = strtol(d->items[1].text, NULL, 10);
                    r->salience_line = d->line;
                }
            }
            continue;
        }
        /* "?f <- (pattern)" */
        if (x->type == DC_SX_ATOM && x->text[0] == '?' && i + 2 < form->n &&
            form->items[i + 1].type == DC_SX_ATOM && strcmp(form->items[i + 1].text, "<-") == 0) {
            vars[r->n_lhs] = x->text;
            i += 2;
            x = &form->items[i];
        }
        if (x->type == DC_SX_LIST) lhs[r->n_lhs++] = x;
    }
    dc_rule_src_clear(r);
    return -1; /* no "=>" */
}

void dc_rule_src_clear(dc_rule_src *r)
{
    free((void *)r->lhs);
    free((void *)r->fact_var);
    memset(r, 0, sizeof *r);
}
