/* guards.c - the limits that keep a hostile rule file inside the engine
 * (see guards.h). */
#define _POSIX_C_SOURCE 200809L
#include "guards.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clips.h>

/* The CLIPS functions a playbook may call: computation, strings,
 * multifields, control flow, fact queries, assert/retract/modify, and
 * printout/format (their output is captured, never shown). Everything
 * else is removed: files and text processing (fetch, toss, get-region,
 * print-region: heap overflows in 6.30), routers, I/O, set-break, halt,
 * watch, settings, constructs at run time, the object system, eval/build,
 * and state that would leak from one deal to the next (gensym, seed,
 * set-current-module). Sorted for bsearch. */
static const char *const allowed[] = {
    "!=", "*", "**", "+", "-", "/", "<", "<=", "<>", "=", ">", ">=",
    "abs", "acos", "acosh", "acot", "acoth", "acsc", "acsch", "and", "any-factp",
    "asec", "asech", "asin", "asinh", "assert", "atan", "atanh",
    "bind", "break",
    "call-next-method", "call-specific-method", "cos", "cosh", "cot", "coth",
    "create$", "csc", "csch",
    "deftemplate-slot-allowed-values", "deftemplate-slot-cardinality",
    "deftemplate-slot-default-value", "deftemplate-slot-defaultp",
    "deftemplate-slot-existp", "deftemplate-slot-multip", "deftemplate-slot-names",
    "deftemplate-slot-range", "deftemplate-slot-singlep", "deftemplate-slot-types",
    "deg-grad", "deg-rad", "delayed-do-for-all-facts", "delete$", "delete-member$",
    "div", "do-for-all-facts", "do-for-fact", "duplicate",
    "eq", "evenp", "exp", "explode$",
    "fact-existp", "fact-index", "fact-relation", "fact-slot-names", "fact-slot-value",
    "find-all-facts", "find-fact", "first$", "float", "floatp", "foreach", "format",
    "grad-deg",
    "if", "implode$", "insert$", "integer", "integerp",
    "length", "length$", "lexemep", "log", "log10", "loop-for-count", "lowcase",
    "max", "member", "member$", "min", "mod", "modify", "multifieldp",
    "mv-append", "mv-delete", "mv-replace", "mv-subseq",
    "neq", "next-methodp", "not", "nth", "nth$", "numberp",
    "oddp", "or", "override-next-method",
    "pi", "pointerp", "printout", "progn", "progn$",
    "rad-deg", "replace$", "replace-member$", "rest$", "retract", "return", "round",
    "sec", "sech", "sequencep", "sin", "sinh", "sort", "sqrt", "str-cat", "str-compare",
    "str-explode", "str-implode", "str-index", "str-length", "string-to-field",
    "stringp", "sub-string", "subseq$", "subsetp", "switch", "sym-cat", "symbolp",
    "tan", "tanh", "type",
    "upcase",
    "while", "wordp",
};

#define N_ALLOWED (sizeof allowed / sizeof allowed[0])

static int compare_name(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

static int is_allowed(const char *name)
{
    /* "(query-fact)" and the like are CLIPS's internal functions, made by
     * its own parsers; a rule cannot name them. */
    return name[0] == '(' || bsearch(name, allowed, N_ALLOWED, sizeof *allowed, compare_name);
}

/* Take `f` out of the function hash table, through which the parsers find
 * functions by name (FindFunction), and leave it in the list of functions.
 * Returns 1 if it was there. CLIPS's UndefineFunction would also free it,
 * although its own system message-handlers (the object system's init,
 * delete, print...) keep pointers to some of these functions: they would
 * dangle, and a binary image (bsave) would record them as garbage. */
static int unhash_function(void *env, struct FunctionDefinition *f)
{
    struct FunctionHash **table = ExternalFunctionData(env)->FunctionHashtable;
    if (!table) return 0;
    unsigned long bucket = HashSymbol(ValueToString(f->callFunctionName), SIZE_FUNCTION_HASH);
    for (struct FunctionHash **at = &table[bucket]; *at; at = &(*at)->next) {
        if ((*at)->fdPtr != f) continue;
        struct FunctionHash *gone = *at;
        *at = gone->next;
        rtn_struct(env, FunctionHash, gone);
        return 1;
    }
    return 0;
}

size_t dc_guard_apply_allowlist(void *env)
{
    size_t removed = 0;
    for (struct FunctionDefinition *f = GetFunctionList(env); f; f = f->next)
        if (!is_allowed(ValueToString(f->callFunctionName))) removed += (size_t)unhash_function(env, f);
    return removed;
}

int dc_guard_is_removed(const char *name)
{
    if (is_allowed(name)) return 0;
    /* Only on an error path: a fresh environment says whether CLIPS has it. */
    void *env = CreateEnvironment();
    int builtin = env && FindFunction(env, name) != NULL;
    if (env) DestroyEnvironment(env);
    return builtin;
}

int dc_guard_close_console(void *env)
{
    return EnvDeactivateRouter(env, "fileio") ? 0 : -1;
}

int dc_guard_read_rule_file(const char *path, char **text, size_t *len, char *why, size_t why_size)
{
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    int rc = -1;
    *text = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_size, "cannot read rule file: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        snprintf(why, why_size, "cannot read rule file: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "not a regular file: a rule file must be a plain text file");
        goto out;
    }
    if ((unsigned long long)st.st_size > DC_GUARD_MAX_RULE_BYTES) {
        snprintf(why, why_size, "larger than %u MiB: not a rule file", DC_GUARD_MAX_RULE_BYTES >> 20);
        goto out;
    }
    if (!(buf = malloc((size_t)st.st_size + 2))) {
        snprintf(why, why_size, "out of memory");
        goto out;
    }
    /* The file may grow while read: never past the size checked + 1. */
    for (;;) {
        ssize_t got = read(fd, buf + n, (size_t)st.st_size + 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            snprintf(why, why_size, "cannot read rule file: %s", strerror(errno));
            goto out;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > (size_t)st.st_size) {
            snprintf(why, why_size, "it changed while it was read");
            goto out;
        }
    }
    if (memchr(buf, '\0', n)) {
        snprintf(why, why_size, "contains a NUL byte: not a text file");
        goto out;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    close(fd);
    return rc;
}

long dc_guard_too_deep_at(const char *text, size_t len)
{
    long line = 1;
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') line++;
        if (in_string) {
            if (c == '\\' && i + 1 < len) {
                if (text[++i] == '\n') line++;
            } else if (c == '"') {
                in_string = 0;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == ';') {
            while (i + 1 < len && text[i + 1] != '\n') i++;
        } else if (c == '(' && ++depth > DC_GUARD_MAX_NESTING) {
            return line;
        } else if (c == ')' && depth > 0) {
            depth--;
        }
    }
    return 0;
}
