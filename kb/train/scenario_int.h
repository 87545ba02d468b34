/* scenario_int.h - a loaded scenario, shared by the files of kb/train/.
 * Not part of the module's interface (that is train.h). */
#ifndef DC_SCENARIO_INT_H
#define DC_SCENARIO_INT_H

#include <jansson.h>
#include "train.h"

enum { TR_EN, TR_ZH, TR_LANGS };

/* What a decision asks: a diagnosis (what the rules conclude) or a move. */
typedef enum tr_kind {
    TR_STAGE, TR_CONCERN, TR_GRADE, TR_RISK, TR_OPENING, TR_PROCUREMENT, TR_MOVE, TR_KINDS
} tr_kind;

/* What a move option is mapped to. */
typedef enum tr_map { TR_ANSWER, TR_ACTION, TR_TACTIC, TR_AGAINST } tr_map;

typedef struct tr_option {
    char *key;             /* "a", "b"... */
    char *text[TR_LANGS];
    tr_map map;
    char *id;              /* the answer, action or tactic id; NULL for TR_AGAINST only */
    json_t *against;       /* finding ids the playbook warns with (array), or NULL */
    json_t *then;          /* effects (see apply), may be NULL */
    int next;              /* step index, -1: the end */
    char *pos;             /* "FILE:LINE:COLUMN" of the option */
} tr_option;

typedef struct tr_step {
    char *name;            /* as written: "1", "2a" */
    char *narrative[TR_LANGS];
    json_t *reveal;        /* effects, may be NULL */
    tr_kind kind;
    char *area;            /* stage, people, concern, negotiation, lifecycle */
    char *question[TR_LANGS];
    tr_option *options;
    size_t n_options;
    json_t *expect;        /* pinned option keys (array), or NULL: the playbook judges */
    char *pos;
} tr_step;

struct dc_scenario {
    char *path, *id, *hash;
    char *title[TR_LANGS], *briefing[TR_LANGS];
    char *today;
    int pass;              /* pass mark, percent */
    json_t *deal;          /* the checked starting deal */
    tr_step *steps;
    size_t n_steps;
};

int tr_lang(const char *lang);                 /* TR_EN or TR_ZH */
const char *tr_kind_name(tr_kind k);
/* Default area of a kind (NULL for moves). */
const char *tr_kind_area(tr_kind k);

/* Apply effects (a JSON array of operations made by the loader) to `deal`.
 * Each change's one-line description is appended to `changes` (may be
 * NULL). Removing what is not there changes nothing. DC_OK, or the edit's
 * status with "POS: message" appended to `errors`. */
int tr_apply(dc_engine *vocab, json_t *deal, json_t *effects, json_t *changes, json_t *errors);

/* --- judging (judge.c) --- */

typedef struct tr_judge tr_judge;
tr_judge *tr_judge_new(dc_coach *c, const dc_scenario *sc, const char *lang);
void tr_judge_free(tr_judge *j);
const char *tr_judge_message(const tr_judge *j);

/* The advice for `deal` (borrowed, cached by the deal's content). NULL
 * when the rules fail (message on the judge). */
json_t *tr_judge_advice(tr_judge *j, json_t *deal);

/* The points option `o` of step `st` earns on `deal` (as it stands when
 * the step asks). A warning the option names counts when the rules raise
 * it on the deal now or on the deal after the option's outcome. DC_OK, or
 * DC_ERUNTIME when the rules fail (message on the judge). */
int tr_judge_points(tr_judge *j, const tr_step *st, size_t o, json_t *deal, int *points);

/* The scoring table alone (docs/training.md, "Scoring"): the points option
 * `o` of `st` earns on `advice`, with `after` the advice on the deal after
 * the option's outcome (may be NULL); *reading (may be NULL) gets the
 * reading's catalog key. */
int tr_score(const tr_step *st, size_t o, json_t *advice, json_t *after, const char **reading);

/* Can the playbook judge this step on `advice` (a move, a pinned step, or
 * a diagnosis the rules draw a conclusion for)? */
int tr_judge_concludes(const tr_step *st, json_t *advice);

/* The full verdict on option `o` (new JSON object, see docs/training.md);
 * NULL when the rules fail or out of memory. */
json_t *tr_judge_verdict(tr_judge *j, const tr_step *st, size_t o, json_t *deal);

#define TR_FULL 10        /* points of the best answer */

/* --- exploring (explore.c) --- */

/* The best path from the first step: a new JSON object {"steps": [names],
 * "answers": [keys], "points", "max", "percent"}; NULL when the rules fail. */
json_t *tr_best_path(tr_judge *j, const dc_scenario *sc, dc_engine *vocab);

int tr_percent(int points, int max);

#endif
