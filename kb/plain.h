/* plain.h - switching an optimisation off, to prove it changes nothing.
 *
 * Every speed-up that could change output (the binary image of the shipped
 * playbook, per-deal retraction, lazy texts, cached patterns...) has a name
 * and a plain path. DEALCOACH_PLAIN=NAME[,NAME...] in the environment takes
 * the plain path for those names; DEALCOACH_PLAIN=all for every one.
 * tests/perf/identical.sh runs generated deals both ways and compares.
 *
 * Only kb/ and cli/ ask: the engine takes the choice as a parameter. */
#ifndef DC_PLAIN_H
#define DC_PLAIN_H

#include <stdbool.h>

/* True when the optimisation NAME is switched off. Reads the environment on
 * every call (callers ask once, at set-up); never fails. */
bool dc_plain(const char *name);

/* The engine's DC_ENGINE_PLAIN_* bits (engine.h) for the names switched
 * off: cheap-hooks, retract-deal, cached-lookups. */
unsigned dc_plain_engine(void);

#endif
