/* source.h - rule files as their author wrote them: the text, read into
 * nested lists with the line of every item, for the coach tools (lint,
 * coverage, why-not, readable load errors). CLIPS itself never sees this;
 * it only reads what CLIPS keeps no record of: lines, comments, layout.
 *
 *     dc_source *s = dc_source_read("my-rules.clp");   // NULL: no memory
 *     if (s->error[0]) report(s->path, s->error_line, s->error);
 *     for (size_t i = 0; i < s->n_forms; i++) ... s->forms[i] ...
 */
#ifndef DC_SOURCE_H
#define DC_SOURCE_H

#include <stddef.h>
#include <jansson.h>

typedef enum { DC_SX_LIST, DC_SX_ATOM, DC_SX_STRING } dc_sx_type;

/* One item: a list "( ... )", an atom (symbol, number, variable, constraint
 * such as ?x&~a|b, kept whole) or a string (text without the quotes,
 * escapes resolved). */
typedef struct dc_sx {
    dc_sx_type type;
    char *text;              /* atoms and strings; NULL for lists */
    long line;               /* where it starts, from 1 */
    size_t begin, end;       /* byte span in the file's text */
    struct dc_sx *items;     /* lists: the items, in order */
    size_t n;
    int unclosed;            /* lists: cut by the end of the file or the
                                next construct, not closed by a ')' */
    /* top-level forms only: a ';' comment on the lines right above it */
    int commented;
} dc_sx;

typedef struct dc_source {
    char *path;
    char *text;              /* the whole file, NUL-terminated */
    size_t len;
    dc_sx *forms;            /* the top-level lists, in order */
    size_t n_forms;
    /* The first problem with the parentheses ("" when they balance): a form
     * never closed (error_line: where it opens) or a ')' that closes
     * nothing (error_line: where it is). */
    char error[256];
    long error_line;
    /* For an unclosed form: the construct it is in and where that opens. */
    long construct_line;
    char construct[128];
} dc_source;

/* Read and parse `path`. NULL only when out of memory; a file that cannot
 * be read gives a source whose `error` says so (error_line 0). */
dc_source *dc_source_read(const char *path);
void dc_source_free(dc_source *s); /* NULL is fine */

/* Parse a text (e.g. a construct's pretty-print form) the same way; `path`
 * only names it. NULL only when out of memory. */
dc_source *dc_source_parse(const char *path, const char *text, size_t len);

/* The head atom of a list ("defrule", "assert", a template name...), or "". */
const char *dc_sx_head(const dc_sx *x);

/* The item's text exactly as in the source; malloc'd, NULL when out of memory. */
char *dc_sx_source(const dc_source *s, const dc_sx *x);

/* `path` as shown to people: relative to the working directory when it is
 * under it. Points into `path`. */
const char *dc_source_shown_path(const char *path);

/* Every *.clp of a directory (name order), or the file itself: a new JSON
 * array of paths. NULL when out of memory. A path that does not exist is
 * returned as is (reading it then reports the problem). */
json_t *dc_source_files(const char *path);

/* --- rules ------------------------------------------------------------------ */

/* A defrule, cut into its parts (pointers into the source's items). */
typedef struct dc_rule_src {
    const dc_sx *form;
    const char *name;
    const char *comment;      /* the documentation string, or NULL */
    int has_salience;
    long salience;            /* 0 unless declared */
    long salience_line;
    const dc_sx *const *lhs;  /* conditions: each a list, with "?f <-" folded in */
    size_t n_lhs;
    const dc_sx *rhs;         /* the first action after "=>", and n_rhs after it */
    size_t n_rhs;
    /* For each condition, the variable bound to the fact ("?f" of "?f <-"),
     * or NULL. */
    const char *const *fact_var;
} dc_rule_src;

/* Cut a (defrule ...) form into `r`; 0 on success, -1 if it is not a
 * well-formed defrule (or out of memory). Release with dc_rule_src_clear. */
int dc_rule_src_cut(const dc_sx *form, dc_rule_src *r);
void dc_rule_src_clear(dc_rule_src *r);

#endif
