/* playbook.h - an index of a playbook's rule files, read from their text:
 * each rule with its file and line, what each rule and deffunction asserts
 * (findings, actions, tactics with their ids, severities and ranks), which
 * templates the rules match and which anything asserts, and the deffacts
 * data. The coach tools (lint, coverage, why-not) share it.
 *
 * Ids are read from the text: a constant; a variable bound to a constraint
 * of constants (?s&a|b), to a slot whose values come from deffacts or
 * constant asserts, or to a deffunction parameter given constants by its
 * callers; (sym-cat ...) of these. What cannot be resolved is a '*' in the
 * id, matching anything.
 */
#ifndef DC_PLAYBOOK_H
#define DC_PLAYBOOK_H

#include <jansson.h>
#include "engine.h"
#include "source.h"

typedef struct dc_playbook dc_playbook;

/* One rule of the playbook. */
typedef struct dc_pb_rule {
    const dc_source *src;
    dc_rule_src r;
} dc_pb_rule;

/* One assert of a finding, action or tactic. */
typedef struct dc_pb_emit {
    const char *kind;        /* "finding", "action", "tactic" */
    char *id;                /* may hold '*' (see above) */
    const char *severity;    /* a constant severity, or NULL */
    int has_severity, has_rank, has_text;
    const char *rule;        /* the rule (or deffunction) whose text asserts it */
    int in_function;
    int param;               /* in a function: the parameter the id is, or -1 */
    const char *file;
    long line;
} dc_pb_emit;

/* Read the rule files `files` (JSON array of paths, in load order). `e`
 * (may be NULL) has them loaded: it supplies the templates' allowed
 * symbols. NULL only when out of memory. */
dc_playbook *dc_playbook_read(json_t *files, dc_engine *e);
void dc_playbook_free(dc_playbook *pb);

size_t dc_playbook_source_count(const dc_playbook *pb);
const dc_source *dc_playbook_source(const dc_playbook *pb, size_t i);

size_t dc_playbook_rule_count(const dc_playbook *pb);
const dc_pb_rule *dc_playbook_rule(const dc_playbook *pb, size_t i);
/* The last definition of a rule by name, or NULL. */
const dc_pb_rule *dc_playbook_find_rule(const dc_playbook *pb, const char *name);

size_t dc_playbook_emit_count(const dc_playbook *pb);
const dc_pb_emit *dc_playbook_emit(const dc_playbook *pb, size_t i);

/* Rules that can assert `kind` `id`: a new JSON array of rule names (a
 * deffunction's assert counts for the rules that call it). */
json_t *dc_playbook_producers(const dc_playbook *pb, const char *kind, const char *id);

/* Does `pattern` (with '*' matching any text) match `text`? */
int dc_glob_match(const char *pattern, const char *text);

/* Is a fact of `tmpl` asserted by a rule, a deffunction or deffacts? */
int dc_playbook_asserts(const dc_playbook *pb, const char *tmpl);

/* Does any rule text mention the atom `word`? */
int dc_playbook_mentions(const dc_playbook *pb, const char *word);

/* The templates a condition matches (its own, and those inside not, and,
 * or, exists, forall, logical): appended to `out` as strings. */
void dc_pb_condition_templates(const dc_sx *ce, json_t *out);

#endif
