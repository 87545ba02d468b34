/* notes_training.h - teach the learned model of notes (kb/notes_learned.h)
 * from phrasing files, as dealcoach reads notes.
 *
 * A phrasing file holds lines "+ SIGNAL<TAB>NOTE[<TAB>WORDS]" (the note is
 * an example of SIGNAL) and "- SIGNAL<TAB>NOTE" (it is not); other lines
 * are skipped. The build trains the shipped model with it
 * (tools/gen_notes_model), a coach trains their own with
 * `dealcoach notes --learn MODEL FILE...`. */
#ifndef DC_NOTES_TRAINING_H
#define DC_NOTES_TRAINING_H

#include <stddef.h>

#include "notes.h"
#include "notes_learned.h"

/* The thresholds written into a model unless asked otherwise: a pattern's
 * signal the model gives less is dropped, a signal it gives more is
 * added (a sentence read alone must score halfway from `add` to 1). Add
 * was chosen on a blind phrasing set the model had not learned from
 * (round 7: 0.9), then by leaving each writer of the labelled notes out of
 * training in turn (round 14, 48 writers: 0.85 finds 109 more of 18,181
 * signals for 8 more false alarms of 11,187 near misses; 0.8 another 71
 * for 12 more); confirm so too (round 12). Round 19 moved both, on 48
 * left-out writers: dropping under 0.25 and adding from 0.8 finds 55 more
 * signals and gives 5 fewer false alarms than 0.15 and 0.85. Round 20
 * gave the model the patterns' concepts as features and moved confirm to
 * 0.4, on the same 48: 78 more signals and 7 fewer false alarms than
 * round 19's model and thresholds. tests/notes/README.md has them. */
#define DC_NOTES_CONFIRM 0.40
#define DC_NOTES_ADD 0.80

/* Add the examples of the phrasing file at `path` to l, their features
 * read through the patterns loaded into n (its maps, negation and hedge
 * cues). DC_OK; DC_EIO when the file cannot be read; DC_EINPUT for a line
 * whose id no loaded pattern knows (a typo would become a signal only the
 * model can add) or whose note is not UTF-8; DC_ENOMEM. On failure the
 * reason ("FILE:LINE: ...") is in why[size]; the examples before it were
 * added. */
/* dc_notes_set_rivals() with the names of a list as a rep writes it
 * ("博越, StayWise Ltd.", split by dc_rivals_split()). DC_OK or DC_ENOMEM. */
int dc_notes_set_rivals_list(dc_notes *n, const char *list);

/* A phrasing file's "@competitors NAME, NAME" line: the competitors of the
 * deal the lines after it are about, until the next such line or the end
 * of the file, as a deal's competitors are given to dc_notes_set_rivals()
 * (dc_notes_set_rivals_list()). 1 when `line` is one (the names
 * are now n's), 0 when it is not, -1 when out of memory. Readers of a
 * phrasing file call dc_notes_set_rivals(n, NULL, 0) before its first line. */
int dc_phrasing_competitors(dc_notes *n, const char *line);

int dc_notes_learn_file(dc_notes *n, dc_learner *l, const char *path, char *why, size_t size);

/* The same for every file a list names: a file of paths, one a line,
 * relative to its own folder unless they start with '/', with blank lines
 * and #-comments (the build's tests/notes/learn.list, installed as
 * phrasings/learn.list); a file it names that cannot be read is reported
 * as "LIST:LINE: FILE: reason". A path ending in ".list" is read as a
 * list, any other as a phrasing file. */
int dc_notes_learn_list(dc_notes *n, dc_learner *l, const char *path, char *why, size_t size);
int dc_notes_learn_path(dc_notes *n, dc_learner *l, const char *path, char *why, size_t size);

#endif
