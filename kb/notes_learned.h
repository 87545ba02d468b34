/* notes_learned.h - signals learned from labelled example notes.
 *
 * The patterns (kb/notes.h) recognise what their words spell out; a rep
 * writing in words no pattern has met is missed. This module reads a note
 * the other way: as the bag of its features (Chinese characters and their
 * pairs and triples, English words, their four-letter pieces, word pairs,
 * numbers, and the patterns' concepts the note mentions, added by
 * kb/notes.c; each also marked when it follows a negation or a hedge in
 * its clause) and scores every signal by a logistic model learned from the
 * phrasing files, whose "+" and "-" lines are examples of what a signal is
 * and is not. kb/notes.c combines the two: a pattern's signal the model
 * finds very unlikely is dropped (below `confirm`), and a signal the
 * model finds very likely is added though no pattern found it (above
 * `add`, in the whole note or, surer still, in one of its sentences),
 * with the clause that weighed most as its words.
 *
 * The model is a build artifact (build/notes.model, installed beside the
 * patterns), trained by tools/gen_notes_model from the files listed in
 * tests/notes/learn.list; it is mapped, not read. Host byte order. */
#ifndef DC_NOTES_LEARNED_H
#define DC_NOTES_LEARNED_H

#include <stddef.h>
#include <stdint.h>

/* The features of one note: hashes, each once, with the byte (of the
 * normalised note) where it first occurs. */
typedef struct dc_features {
    uint64_t *hash;
    size_t *at;
    size_t count, cap;
} dc_features;

/* Per byte of the normalised note, as given to dc_features_of(). */
#define DC_FEATURE_BREAK 1u  /* a clause ends here (the byte is punctuation) */
#define DC_FEATURE_DENIED 2u /* after a negation or hedge cue of its clause */

/* The features of `len` bytes of normalised UTF-8 `text` (kb/notes.c's
 * normal form), with `marks` per byte (DC_FEATURE_*). Appends to *f (which
 * starts zeroed, or emptied by setting count to 0). 0, or -1 when out of
 * memory (*f holds what was found so far). */
int dc_features_of(dc_features *f, const char *text, size_t len, const unsigned char *marks);

/* Append the feature of a name the caller found at byte `at` (a concept of
 * the patterns: "{worry}" in "担心…"), denied or not, as dc_features_of()
 * marks a word; then dc_features_settle() keeps each feature once. 0, or
 * -1 when out of memory. */
int dc_features_add_name(dc_features *f, const char *name, size_t at, int denied);
int dc_features_settle(dc_features *f); /* 0, or -1 when out of memory */
void dc_features_free(dc_features *f);

/* Is `id` a signal id: lowercase letters and digits, words joined by single
 * '-' ("price-pushback")? What a pattern file and a model file may name. */
int dc_signal_id_valid(const char *id);

/* ----------------------------------------------------------------- model */

typedef struct dc_learned dc_learned;

/* Map the model file at `path`. NULL when it cannot be read or is not a
 * sound model (its size, magic, check sum, tables), with the reason in
 * why[size]. */
dc_learned *dc_learned_open(const char *path, char *why, size_t size);
void dc_learned_close(dc_learned *m); /* NULL is fine */

size_t dc_learned_signal_count(const dc_learned *m);
const char *dc_learned_signal(const dc_learned *m, size_t i); /* owned by the model */
double dc_learned_confirm(const dc_learned *m); /* below: a pattern's signal is dropped */
double dc_learned_add(const dc_learned *m);     /* above: the signal is added */

/* Score the note's features: prob[i] is the probability of signal i
 * (dc_learned_signal), top[i] the index in f of the feature that weighed
 * most for it (f->count when none weighed for it). Both arrays have
 * dc_learned_signal_count() elements. */
void dc_learned_score(const dc_learned *m, const dc_features *f, double *prob, size_t *top);

/* --------------------------------------------------------------- training */

typedef struct dc_learner dc_learner;

dc_learner *dc_learner_new(void); /* NULL when out of memory */
void dc_learner_free(dc_learner *l); /* NULL is fine */

/* One example: the note with features f is (positive) or is not an
 * example of `signal`. 0, or -1 when out of memory. */
int dc_learner_add(dc_learner *l, const char *signal, int positive, const dc_features *f);

/* How many examples were added, of how many signals. */
size_t dc_learner_example_count(const dc_learner *l);
size_t dc_learner_signal_count(const dc_learner *l);

/* Train (deterministically: the same examples in the same order give the
 * same bytes) and write the model to `path`, with the thresholds
 * `confirm` and `add`. 0, or -1 with the reason in why[size]. */
int dc_learner_write(dc_learner *l, const char *path, double confirm, double add, char *why, size_t size);

#endif
