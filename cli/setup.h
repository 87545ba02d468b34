/* setup.h - what every subcommand does first: find the shipped data and
 * load the playbook plus the user's rule files. */
#ifndef DC_SETUP_H
#define DC_SETUP_H

#include "coach.h"
#include "options.h"

/* Load the coach for these options. On success returns DC_EXIT_OK and
 * *coach (the caller frees it). Otherwise prints the problem to stderr
 * ("dealcoach: FILE:LINE: message" for a rule file) and returns the exit
 * code: DC_EXIT_RULES for rules that do not load, else DC_EXIT_INTERNAL /
 * DC_EXIT_INPUT. Non-fatal problems (catalog, pattern files) go to stderr
 * as warnings. */
int dc_setup_coach(const dc_options *o, dc_coach **coach);

/* As dc_setup_coach, for a subcommand that asks why-not: the rules can be
 * probed (dc_coach_set_probing). */
int dc_setup_coach_probing(const dc_options *o, dc_coach **coach);

/* DEALCOACH_DEBUG=rules: both say on stderr where the shipped rules came
 * from (their binary image, or their texts and why). */

/* Release the coach of a command that is about to end: in a plain build
 * the process exits right after and the exit reclaims the memory at once
 * (freeing CLIPS's environment and the note patterns piece by piece takes
 * longer than loading the rules from their image), so it is left alone.
 * It is freed under AddressSanitizer (whose leak check runs at exit) and
 * when a coach's own rules run in a worker process (which is stopped).
 * NULL is fine. Only for a coach from dc_setup_coach with the same `o`. */
void dc_setup_release_coach(const dc_options *o, dc_coach *c);

/* Read deal file `path` and check it against the loaded vocabulary into
 * *deal (the caller owns it). On a refusal prints the errors in `lang`
 * and returns DC_EXIT_INPUT (DC_EXIT_INTERNAL when out of memory);
 * warnings are dropped. */
int dc_setup_deal(dc_coach *c, const char *path, const char *lang, json_t **deal);

/* The language to use: --lang, else the locale. */
const char *dc_setup_lang(const dc_options *o);

/* The evaluation date: --today, else today's date, into buf. */
const char *dc_setup_today(const dc_options *o, char buf[11]);

/* Print a help text in `lang` ("zh": help_zh, else help_en): DC_EXIT_OK,
 * or DC_EXIT_INTERNAL when it could not be written (as dc_setup_output). */
int dc_setup_help(const char *lang, const char *help_en, const char *help_zh);

/* Write `text` to standard output and flush it. DC_EXIT_OK, or
 * DC_EXIT_INTERNAL after printing "dealcoach: cannot write the output:
 * REASON" (a full disk, a closed pipe...). The message is printed once per
 * run, however many writes fail after it. */
int dc_setup_output(const char *text);

/* Write a JSON value as the options ask: on one line (JSON Lines), or
 * indented with --pretty; then a line break. As dc_setup_output. */
int dc_setup_output_json(const dc_options *o, json_t *value);

/* Write a report (report.h) to standard output. On a terminal its lines
 * wrap to the width ($COLUMNS, else the terminal's) and severities are in
 * colour, unless $NO_COLOR is set or TERM=dumb; otherwise, piped or to a
 * file, the text is written as it is. As dc_setup_output. */
int dc_setup_output_report(const dc_catalog *cat, const char *lang, const char *text);

/* Flush standard output and check that all of it, printf'd or not, was
 * written: DC_EXIT_OK, or DC_EXIT_INTERNAL with the message as above.
 * Output lost is never silent. */
int dc_setup_finish_output(void);

#endif
