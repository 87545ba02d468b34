/* guards.h - what keeps a hostile rule file inside the engine (internal to
 * engine/; only engine.c and the sandbox worker include it).
 *
 * CLIPS 6.30 has known memory bugs and functions that reach outside the
 * engine (see docs/hardening.md). These guards make them unreachable:
 * - an allowlist: every CLIPS function not on it is undefined, so a rule
 *   calling it does not load;
 * - rule files are read by us, not by CLIPS: regular files only, at most
 *   DC_GUARD_MAX_RULE_BYTES, nesting at most DC_GUARD_MAX_NESTING deep (the
 *   pretty-printer overflows a stack buffer at about 41 levels);
 * - CLIPS's file router is switched off, so nothing reaches standard output
 *   or reads standard input whatever logical name a rule prints to.
 */
#ifndef DC_GUARDS_H
#define DC_GUARDS_H

#include <stddef.h>

/* Parentheses in a rule file nested deeper than this are refused. The
 * shipped playbook nests at most 8; CLIPS breaks at about 41. */
#define DC_GUARD_MAX_NESTING 32

/* A rule file larger than this is refused (the playbook is ~200 KiB). */
#define DC_GUARD_MAX_RULE_BYTES (4u << 20)

/* Undefine every CLIPS function of `env` that is not on the allowlist: no
 * rule, deffunction or probe can name it (the parsers do not find it);
 * CLIPS's own system message-handlers still reach the ones they use.
 * Returns how many were removed. Call before any construct is loaded. */
size_t dc_guard_apply_allowlist(void *env);

/* Was `name` a CLIPS function the allowlist removed? (For messages.) */
int dc_guard_is_removed(const char *name);

/* Switch off CLIPS's own console and file router: afterwards only routers
 * we add can print or read. Returns 0, or -1 if CLIPS has no such router. */
int dc_guard_close_console(void *env);

/* Read a rule file whole: only a regular file (not a FIFO, device or
 * directory; it is opened without blocking), at most
 * DC_GUARD_MAX_RULE_BYTES. Returns 0 and a malloc'd, NUL-terminated *text
 * (the caller frees it), or -1 with the reason in `why` (without the path). */
int dc_guard_read_rule_file(const char *path, char **text, size_t *len, char *why, size_t why_size);

/* The line where parentheses first nest deeper than DC_GUARD_MAX_NESTING,
 * or 0. Strings and comments are skipped. */
long dc_guard_too_deep_at(const char *text, size_t len);

#endif
