/* errors.h - rule-file load errors in words a coach can act on.
 *
 * CLIPS reports a missing ')' as whatever it stumbles on next, a mistyped
 * value as "[CSTRNCHK1] A literal restriction value found in CE #2" at the
 * line where the rule ends, an unknown slot without the slots there are.
 * This reads the file's text and the loaded templates to say instead, at
 * the right line, in the reader's language:
 *
 *   my.clp:3: the '(' opened here is never closed (in defrule big, line 1) ...
 *   my.clp:4: deal: "larg" is not an allowed value of slot size; allowed: ...
 *   my.clp:4: template deal has no slot "sise"; its slots: id, name, ...
 *
 * keeping CLIPS's own words at the end, for experts.
 */
#ifndef DC_ERRORS_H
#define DC_ERRORS_H

#include "coach.h"

/* `problem` is one of the engine's load problems ("FILE:LINE: MESSAGE").
 * Returns a malloc'd "FILE:LINE: MESSAGE" in `lang` (the problem as it was
 * when nothing better can be said), or NULL when out of memory. */
char *dc_rule_error_explain(dc_coach *c, const char *lang, const char *problem);

#endif
