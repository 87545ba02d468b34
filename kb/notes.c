/* notes.c - recognise deal signals in reps' free-text notes.
 *
 * How a note is read:
 *   1. PCRE2 checks that it is valid UTF-8;
 *   2. it is normalised (full-width forms and CJK punctuation to ASCII, runs
 *      of blanks to one space, characters through the loaded maps, e.g.
 *      traditional to simplified Chinese), remembering for every normalised
 *      byte where it came from, so that the words reported are the
 *      original's;
 *   3. it is cut into sentences at . ; ! ? and line ends, and sentences into
 *      clauses at commas and at the @break patterns (但是, "but");
 *   4. every signal pattern is tried sentence by sentence, so a phrase may
 *      run over a comma; a match counts unless a negation cue (@negation) in
 *      the clauses its words touch denies it, or an exclusion ("!" pattern)
 *      of that signal matches those clauses.
 * A negation cue denies a match when it begins outside the matched words, or
 * inside them where the pattern would match just as well without it: in
 * "价格没有异议" the 没有 sits in a gap of 价格.{0,6}异议, while in
 * "不需要我们的培训" or "still hasn't signed" it is the phrase itself.
 *
 * Patterns are compiled once, at load, with UTF | UCP | CASELESS (a \b
 * beside an English letter made to see a Chinese character as an edge:
 * english_edges()); JIT compiled once they have been tried JIT_AFTER
 * times (JIT compiling all 250
 * of them took longer than most runs spend matching).
 *
 * OpenCC is reached through dlopen and opened at the first note with Han
 * characters: linking it maps libstdc++ and marisa into every run, and
 * opening t2s.json reads its dictionaries (about 2 ms), both wasted on a
 * run that reads no Chinese note. DEALCOACH_PLAIN=lazy-opencc opens it at
 * dc_notes_new() as before, lazy-jit JIT compiles every pattern at load.
 * A note none of whose characters t2s can change (t2s_chars.h, a table the
 * build asks OpenCC for) does not open it at all: DEALCOACH_PLAIN=t2s-table
 * opens it for every note with Han characters. */
#define _GNU_SOURCE /* RTLD_* with dlfcn.h under strict C */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <opencc.h>

#include "amount.h"
#include "digest.h"
#include "literals.h"
#include "notes_memo.h"
#include "notes_rivals.h"
#include "notes_words.h"
#include "notes_learned.h"
#include "notes.h"
#include "plain.h"
#include "strbuf.h"
#include "t2s_chars.h"

#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS)
#define MATCH_LIMIT 100000  /* a runaway pattern gives up instead of hanging */
#define DEPTH_LIMIT 2000    /* backtracking depth (the interpreter; JIT has its stack) */
#define HEAP_LIMIT 4096     /* KiB of backtracking memory per match */
#define SCOPE_REACH 512     /* bytes a negation cue's clause reaches either side */
#define JIT_AFTER 8         /* tries of a pattern before it is JIT compiled (64 left the
                               interpreter 40% of a 3,000-note run once rules were many;
                               with round 5's rules 8 beats 32 from 50 notes on: 10,000
                               notes 3.3 vs 3.8 G instructions, 300 notes 241 vs 253 M) */
#define JIT_SUBJECT 2048    /* ... or the first time it is run on this many bytes */
#define INDEX_AFTER 8       /* notes read before the index of literals is built (a deal's
                               few notes do not pay for it; 10,000 notes 3.73 G instructions
                               with it, 4.55 G without) */
#define FEW_FEATURES 32     /* a note the model reads as this many features or fewer is
                               too short for it to drop a pattern's signal: its few words
                               cannot outweigh the signal's bias ("售前小王跳槽了"; round 14) */

/* A pattern: compiled, or known to compile and decoded from the cache at
 * its first use; and how often it was tried, for JIT_AFTER. */
struct pattern {
    pcre2_code *code;  /* NULL until decoded when `cached` is an entry */
    unsigned tries;    /* JIT_AFTER: JIT compiled (or tried to) */
    int32_t cached;    /* its entry in the cache, or -1 */
    int32_t nlits;     /* its literals (literals.h): -1 not read yet, 0 none */
    uint32_t *lits;    /* indexes into dc_notes.lits */
    uint64_t seen_in;  /* the scan that looked for them (dc_notes.scans) */
    int may;           /* ... and whether the note holds one */
    int32_t mark;      /* its slot in dc_notes.marks (literal-index), or -1 */
};
#define NO_PATTERN {NULL, 0, -1, -1, NULL, 0, 0, -1}

/* A literal some pattern needs, and whether the note being scanned has it. */
struct literal {
    const char *s;     /* in the cache's map, or malloc'd (`owned`) */
    int owned;
    size_t len;
};

enum rule_kind {
    RULE_SIGNAL,   /* yields its signal */
    RULE_EXCLUDE,  /* "!": its signal is not raised from a clause it matches */
    RULE_NEGATION, /* @negation: a cue that denies a mention in its clause */
    RULE_BREAK,    /* @break: ends a clause, like punctuation */
    RULE_THEN,     /* @then: a clause about another time or deal ("去年", "another customer") */
    RULE_NOW,      /* @now: a later clause back to this deal now ("现在", "this time") */
    RULE_STILL,    /* @still: ... that carries the same on ("还", "again"): nothing superseded */
    RULE_QUESTION, /* @question: a sentence ending in '?' that it matches is a question, no news */
    RULE_HEDGE,    /* @hedge: a condition, a guess or a plan; denies like @negation */
    RULE_CARRY,    /* @carry: a clause opening with it ("they", "他们") speaks of
                    * whoever the clause before it opened with */
    RULE_ELSEWHERE, /* @elsewhere: a clause holding it is news of another party or
                    * deal ("我同事那个account", "…的是竞品"): denies like @negation,
                    * and the model's evidence there is denied, all of the clause */
    RULE_HEARD,    /* @heard: hearsay ("听说", "rumour") ... */
    RULE_REFUTED,  /* @refuted: ... that a later clause finds untrue ("我问了采购,没这回事") */
    RULE_DISOWNS,  /* @disowns: a sentence saying the one before is another deal's ("not our deal tho") */
    RULE_ANSWERED_NO /* @answered-no: the head of an answer that says no to the question
                      * before it ("Only specs? no - …"): the question is no news */
};

/* What an exclusion reads besides the words' clauses (the value is the
 * state cache's too). */
enum reach {
    REACH_CLAUSES,  /* "!…": the clauses the words touch */
    REACH_HEAD,     /* "!^…": anchored at its clause's head, who does it */
    REACH_SENTENCE  /* "!!…": the whole sentence ("已经签了,只是PO要等下个月") */
};

struct rule {
    enum rule_kind kind;
    size_t signal;    /* index into signals (RULE_SIGNAL, RULE_EXCLUDE) */
    struct pattern code; /* the pattern, or its first part */
    struct pattern *more; /* the other parts of "A && B": all within one clause */
    size_t nmore;
    size_t *needs;    /* concepts the rule cannot match without (indexes) */
    size_t nneeds;
    char *where;      /* "FILE:LINE" */
    enum reach reach; /* an exclusion's (REACH_CLAUSES for other rules) */
};

/* A concept: a named pattern ("@concept price<TAB>价格|报价|price"), used
 * in other patterns as {price}. Its text is already expanded. */
struct concept {
    char *name, *pattern;
    struct pattern code; /* to check a note mentions it at all */
};

/* The OpenCC functions dealcoach calls, from the library opened with
 * dlopen (DC_OPENCC_SONAME). */
struct opencc_api {
    void *lib;
    opencc_t (*open)(const char *config);
    int (*close)(opencc_t cc);
    char *(*convert)(opencc_t cc, const char *text, size_t len);
    void (*free_text)(char *text);
    const char *(*error)(void);
};

struct charpair {
    uint32_t from, to;
};

/* One pattern of the cache file: where its text and its code (PCRE2's
 * serialisation of that one code) are, and a checksum of both. */
struct cache_entry {
    uint64_t text, text_len, code, code_len, sum;
    uint64_t lits, lits_len, lits_count, lits_sum; /* its literals (literals.h), if any */
};

/* The cache file (dc_notes_use_cache()), mapped; and the texts compiled,
 * when recording them for dc_notes_save_cache(). */
struct cache {
    const unsigned char *map; /* the file, read-only */
    size_t size;
    const struct cache_entry *entries; /* sorted by text */
    uint32_t count;
    const unsigned char *state; /* the loaded state (dc_notes_load_dir()), or NULL */
    size_t state_len;
    int recording;            /* 1: record; -1: out of memory while recording */
    char **recorded;          /* malloc'd texts, in compile order */
    size_t nrecorded, caprecorded;
};

struct dc_notes {
    struct rule *rules;
    size_t nrules, caprules;
    char **signals;
    size_t nsignals, capsignals;
    char **problems;
    size_t nproblems, capproblems;
    struct charpair *chars; /* sorted by `from` */
    size_t nchars, capchars;
    dc_words *words;        /* words read as other words (notes_words.h) */
    struct concept *concepts;
    size_t nconcepts, capconcepts;
    char **proposals;       /* per signal: its @propose text, or NULL */
    unsigned char *fact_only; /* per signal: 1 for an @fact-only id */
    size_t capproposals;    /* of both */
    struct opencc_api occ;  /* occ.lib NULL: not loaded (yet) */
    opencc_t cc;            /* traditional to simplified, or (opencc_t)-1 */
    int cc_tried;           /* opening OpenCC was tried (cc tells how it went) */
    int t2s_table;          /* -1 not asked yet; 1: a note without a t2s_chars.h
                               character is left as it is, OpenCC unopened */
    char cc_why[256];       /* why it could not be opened, when it could not */
    int eager_jit;          /* JIT compile every pattern at once */
    int eager_concepts;     /* compile a concept at every line adding to it */
    struct cache cache;     /* compiled patterns from dc_notes_use_cache() */
    int from_state;         /* the last dc_notes_load_dir() took the cache's state */
    struct literal *lits;   /* the patterns' literals, each once */
    size_t nlits, caplits;
    uint64_t *lit_seen;     /* per literal: the scan that looked for it << 1 | found
                             * (apart from lits: the prefilter reads these for
                             * every pattern of every note, so they are kept dense) */
    uint32_t *lit_pair;     /* per literal: its most telling byte pair (see
                             * telling_pair), looked up before the literal itself */
    size_t caplit_seen, caplit_pair;
    uint32_t *lit_slots;    /* hash index of lits: id + 1, 0 empty */
    size_t nslots;          /* a power of 2, at least twice nlits */
    /* The index of literals (literal-index), built at the INDEX_AFTER'th note
     * for the patterns whose literals were read by then: */
    uint32_t *posted;       /* the literals some indexed pattern needs, each once */
    uint32_t *post_pair;    /* ... and the telling pair of each (lit_pair) */
    size_t nposted;
    uint32_t *post_start;   /* per posted literal i: its patterns are post_slots[
                             * post_start[i] .. post_start[i + 1]) */
    uint32_t *post_slots;   /* slots in marks */
    uint64_t *marks;        /* per indexed pattern: the last scan whose note holds one of
                             * its literals, found by looking for each literal once */
    int indexed;            /* the index is built (drop_index() empties it) */
    int no_index;           /* DEALCOACH_PLAIN=literal-index */
    uint64_t scans;         /* notes scanned */
    dc_notes_memo *memo;    /* hits of the last notes, to replay; NULL: none (scan-memo) */
    uint64_t *pairs;        /* bit per byte pair in the note being scanned */
    int no_prefilter;       /* DEALCOACH_PLAIN=literal-prefilter */
    int no_concept_prefilter; /* DEALCOACH_PLAIN=concept-prefilter */
    pcre2_code *empty;      /* matching it makes PCRE2 validate UTF-8 */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    struct timespec deadline; /* dc_notes_set_time_limit(); tv_sec 0: none */
    dc_learned *model;      /* dc_notes_use_model(), or NULL */
    size_t *model_signal;   /* per model signal: its index in signals, SIZE_MAX: unknown */
    size_t model_mapped;    /* the nsignals that model_signal was mapped at */
    struct rule learned;    /* the "rule" of the signals the model adds: its where */
    dc_features features;   /* scratch of each scan */
    dc_rivals *rivals;      /* dc_notes_set_rivals(): names read as a competitor */
    char **rival_names;     /* ... as given (dc_notes_rival_named; a new set from the same) */
    size_t nrival_names;
    uint64_t rivals_digest; /* ... their digest, the memo's context (0: none) */
    pcre2_code *suffix;     /* {company-suffix} at a name's end, compiled at first need */
    int suffix_tried;
    char message[512];
};

/* ---------------------------------------------------------------- utilities */

/* Room for one more element after `count`: returns the (maybe moved) array
 * and updates *cap, or NULL when out of memory (the old array is intact). */
static void *grow(void *items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap) return items;
    size_t newcap = *cap ? *cap * 2 : 8;
    void *p = realloc(items, newcap * size);
    if (p) *cap = newcap;
    return p;
}

/* printf into a new malloc'd string; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int len = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (len < 0) return NULL;
    char *s = malloc((size_t)len + 1);
    if (s) vsnprintf(s, (size_t)len + 1, fmt, ap);
    return s;
}

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* Leave a message on the handle and return `status`, for `return fail(...)`. */
static int fail(dc_notes *n, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->message, sizeof n->message, fmt, ap);
    va_end(ap);
    return status;
}

static int out_of_memory(dc_notes *n)
{
    return fail(n, DC_ENOMEM, "out of memory");
}

/* Record a load problem "FILE:LINE: ...". DC_OK or DC_ENOMEM. */
static int add_problem(dc_notes *n, const char *fmt, ...)
{
    char **p = grow(n->problems, &n->capproblems, n->nproblems, sizeof *p);
    if (!p) return out_of_memory(n);
    n->problems = p;
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    if (!s) return out_of_memory(n);
    n->problems[n->nproblems++] = s;
    return DC_OK;
}

/* Decode the UTF-8 character at s (len > 0 bytes left) into *cp; returns its
 * length, or 0 when the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    static const uint32_t min_for_length[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t n;
    uint32_t c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    else if ((c & 0xE0) == 0xC0) { n = 2; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 3; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 4; c &= 0x07; }
    else return 0;
    if (n > len) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min_for_length[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return n;
}

/* Encode cp (a valid code point) into out; returns its length, 1 to 4. */
static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Read a whole file into a NUL-terminated malloc'd buffer. 0, or -1 with
 * errno set. */
static int read_whole_file(const char *path, char **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (ferror(f) || feof(f)) break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) { free(buf); buf = NULL; break; }
        buf = bigger;
        cap *= 2;
    }
    int failed = !buf || ferror(f);
    int saved = buf ? EIO : ENOMEM;
    fclose(f);
    if (failed) { free(buf); errno = saved; return -1; }
    buf[len] = '\0';
    *data = buf;
    *size = len;
    return 0;
}

/* ------------------------------------------------------------ normalisation */

/* The character a note's character is read as, before the maps: full-width
 * ASCII forms and CJK punctuation become ASCII, odd blanks a space. */
static uint32_t fold_width(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
    switch (cp) {
    case 0x3000: case 0x00A0: case 0x2002: case 0x2003: case 0x2009: case '\t':
        return ' ';
    case 0x3002: case 0xFF61: return '.';                          /* 。｡ */
    case 0x2018: case 0x2019: case 0x2032: return '\'';            /* ‘’′ */
    case 0x201C: case 0x201D: case 0x300C: case 0x300D:
    case 0x300E: case 0x300F: return '"';                           /* “”「」『』 */
    case 0x3010: case 0x3014: return '[';                           /* 【〔 */
    case 0x3011: case 0x3015: return ']';                           /* 】〕 */
    case 0x2013: case 0x2014: case 0x2212: return '-';             /* –—− */
    case '\r': return '\n';
    default: return cp;
    }
}

static int compare_charpair(const void *a, const void *b)
{
    uint32_t x = ((const struct charpair *)a)->from, y = ((const struct charpair *)b)->from;
    return (x > y) - (x < y);
}

/* cp through the loaded character maps. */
static uint32_t map_char(const dc_notes *n, uint32_t cp)
{
    struct charpair key = {cp, 0};
    const struct charpair *p =
        n->nchars ? bsearch(&key, n->chars, n->nchars, sizeof key, compare_charpair) : NULL;
    return p ? p->to : cp;
}

/* A normalised note. text[i] came from the original character starting at
 * byte from[i]; from[len] is the original length. */
struct normal {
    char *text;
    size_t len;
    size_t *from;
};

static void normal_free(struct normal *nm)
{
    free(nm->text);
    free(nm->from);
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* The number of characters in s[0..len) of valid UTF-8. */
static size_t count_chars(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++) count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* Convert the run of Han characters nm->text[start..end) through OpenCC
 * (traditional to simplified, with its phrases: 頭髮 -> 头发) into
 * text/from at *o. A conversion of another length is spread over the run's
 * original places; one that would be longer in bytes is not used (the run
 * stays as written), so the note never grows. */
static void convert_run(const dc_notes *n, const struct normal *nm, size_t start, size_t end,
                        char *text, size_t *from, size_t *o)
{
    char *conv = n->occ.convert(n->cc, nm->text + start, end - start);
    size_t clen = conv ? strlen(conv) : 0;
    if (!conv || clen > end - start || count_chars(conv, clen) == 0) {
        memcpy(text + *o, nm->text + start, end - start);
        memcpy(from + *o, nm->from + start, (end - start) * sizeof *from);
        *o += end - start;
        if (conv) n->occ.free_text(conv);
        return;
    }
    size_t old_chars = count_chars(nm->text + start, end - start);
    size_t new_chars = count_chars(conv, clen);
    size_t char_index = (size_t)-1, at = start, seen = 0;
    for (size_t k = 0; k < clen; k++) {
        if (((unsigned char)conv[k] & 0xC0) != 0x80) char_index++;
        size_t old_index = char_index * old_chars / new_chars; /* the same when lengths agree */
        while (at < end && seen < old_index) /* old_index never decreases: one pass */
            if (((unsigned char)nm->text[++at] & 0xC0) != 0x80) seen++;
        text[*o] = conv[k];
        from[(*o)++] = nm->from[at];
    }
    n->occ.free_text(conv);
}

/* Load the OpenCC library and open its t2s.json, once per handle: 1 when
 * traditional Chinese can be converted, else 0 with the reason in
 * n->cc_why. Never fails otherwise. */
static int open_opencc(dc_notes *n)
{
    if (n->cc_tried) return n->cc != (opencc_t)-1 && n->cc;
    n->cc_tried = 1;
    struct opencc_api *a = &n->occ;
    a->lib = dlopen(DC_OPENCC_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!a->lib) {
        const char *why = dlerror();
        snprintf(n->cc_why, sizeof n->cc_why, "%s", why ? why : "cannot load " DC_OPENCC_SONAME);
        return 0;
    }
    /* POSIX: a data pointer from dlsym converts to a function pointer. */
    *(void **)&a->open = dlsym(a->lib, "opencc_open");
    *(void **)&a->close = dlsym(a->lib, "opencc_close");
    *(void **)&a->convert = dlsym(a->lib, "opencc_convert_utf8");
    *(void **)&a->free_text = dlsym(a->lib, "opencc_convert_utf8_free");
    *(void **)&a->error = dlsym(a->lib, "opencc_error");
    if (!a->open || !a->close || !a->convert || !a->free_text || !a->error) {
        snprintf(n->cc_why, sizeof n->cc_why, "%s lacks the functions of opencc.h", DC_OPENCC_SONAME);
        return 0;
    }
    n->cc = a->open(DC_NOTES_OPENCC_CONFIG);
    if (n->cc == (opencc_t)-1 || !n->cc) {
        const char *why = a->error();
        snprintf(n->cc_why, sizeof n->cc_why, "%s", why ? why : "unknown error");
        n->cc = (opencc_t)-1;
        return 0;
    }
    return 1;
}

static int compare_code_point(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Can OpenCC change the note's text from byte `first_han` on? 1 unless the
 * build's table of the characters t2s changes (t2s_chars.h) applies and
 * none of them is there: then every phrase OpenCC could cut from the text
 * converts to itself. The table applies when the build could read
 * OpenCC's data, DEALCOACH_PLAIN=t2s-table is not set, and OpenCC would
 * read the data directory's t2s.json, not one in the working directory. */
static int needs_conversion(dc_notes *n, const struct normal *nm, size_t first_han)
{
    if (n->t2s_table < 0)
        n->t2s_table = dc_t2s_known && !dc_plain("t2s-table") && access(DC_NOTES_OPENCC_CONFIG, F_OK) != 0;
    if (!n->t2s_table) return 1;
    for (size_t i = first_han; i < nm->len;) {
        uint32_t cp;
        size_t clen = utf8_decode((const unsigned char *)nm->text + i, nm->len - i, &cp);
        if (clen == 0) return 1;
        if (is_han(cp) && bsearch(&cp, dc_t2s_chars, dc_t2s_count, sizeof cp, compare_code_point))
            return 1;
        i += clen;
    }
    return 0;
}

/* Traditional to simplified Chinese through OpenCC, run by run of Han
 * characters, keeping where every byte came from. OpenCC is opened at the
 * first run. DC_OK or DC_ENOMEM. */
static int convert_chinese(dc_notes *n, struct normal *nm)
{
    size_t first_han = 0;
    while (first_han < nm->len) {
        uint32_t cp;
        size_t clen = utf8_decode((const unsigned char *)nm->text + first_han, nm->len - first_han, &cp);
        if (clen == 0 || is_han(cp)) break;
        first_han += clen;
    }
    if (first_han == nm->len || !needs_conversion(n, nm, first_han) || !open_opencc(n)) return DC_OK;
    char *text = malloc(nm->len + 1);
    size_t *from = malloc((nm->len + 1) * sizeof *from);
    if (!text || !from) {
        free(text);
        free(from);
        return DC_ENOMEM;
    }
    size_t o = 0;
    for (size_t i = 0; i < nm->len;) {
        uint32_t cp;
        size_t clen = utf8_decode((const unsigned char *)nm->text + i, nm->len - i, &cp);
        if (!is_han(cp)) {
            memcpy(text + o, nm->text + i, clen);
            memcpy(from + o, nm->from + i, clen * sizeof *from);
            o += clen;
            i += clen;
            continue;
        }
        size_t end = i + clen;
        while (end < nm->len && utf8_decode((const unsigned char *)nm->text + end,
                                            nm->len - end, &cp) && is_han(cp))
            end += utf8_decode((const unsigned char *)nm->text + end, nm->len - end, &cp);
        convert_run(n, nm, i, end, text, from, &o);
        i = end;
    }
    text[o] = '\0';
    from[o] = nm->from[nm->len];
    free(nm->text);
    free(nm->from);
    nm->text = text;
    nm->from = from;
    nm->len = o;
    return DC_OK;
}

/* Normalise `len` bytes of valid UTF-8. Guarantee: the result is valid
 * UTF-8 and never longer than the input (maps keep UTF-8 length; folding
 * shortens; OpenCC's conversions are used only where they do not grow).
 * DC_OK or DC_ENOMEM. */
static int normalise_note(dc_notes *n, const char *s, size_t len, struct normal *out)
{
    out->text = malloc(len + 1);
    out->from = malloc((len + 1) * sizeof *out->from);
    out->len = 0;
    if (!out->text || !out->from) { normal_free(out); return DC_ENOMEM; }
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t clen = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (clen == 0) clen = 1, cp = 0xFFFD; /* not reached: the note was checked */
        cp = map_char(n, fold_width(cp));
        int repeat_blank = cp == ' ' && o > 0 && out->text[o - 1] == ' ';
        if (!repeat_blank && cp != 0xFFFD && cp != 0xFEFF && cp != 0x200B) {
            char enc[4];
            size_t elen = utf8_encode(cp, enc);
            for (size_t k = 0; k < elen; k++) {
                out->text[o] = enc[k];
                out->from[o++] = i;
            }
        }
        i += clen;
    }
    out->text[o] = '\0';
    out->from[o] = len;
    out->len = o;
    int rc = convert_chinese(n, out);
    if (rc) normal_free(out);
    else dc_words_apply(n->words, out->text, out->len);
    return rc;
}

/* Text's characters through the character maps, in place (same length). */
static void map_chars(const dc_notes *n, char *s)
{
    if (n->nchars == 0) return; /* no character maps loaded: nothing to do */
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t clen = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (clen == 0) { i++; continue; } /* PCRE2 will name the bad byte */
        uint32_t to = map_char(n, cp);
        if (to != cp) utf8_encode(to, s + i);
        i += clen;
    }
}

/* dc_words_settle's reading of a word: the character maps, as a note's. */
static void map_word(void *n, char *word)
{
    map_chars(n, word);
}

/* A pattern's words read as a note's are, in place, where they are text
 * to match: not inside a character class [...], not escaped, and not
 * before a quantifier that would then repeat another character. */
static void read_pattern_words(const dc_notes *n, char *s)
{
    if (!dc_words_count(n->words)) return;
    size_t len = strlen(s);
    int in_class = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') { /* an escape: its character is no word */
            i += 2;
            while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
            continue;
        }
        if (in_class) {
            in_class = c != ']';
            i++;
            continue;
        }
        if (c == '[') {
            in_class = 1;
            i += 1 + (i + 1 < len && s[i + 1] == '^');
            if (i < len && s[i] == ']') i++; /* "[]…]": the ] is a member */
            continue;
        }
        const char *to;
        size_t m = dc_words_match(n->words, s + i, len - i, &to);
        if (m && !(i + m < len && strchr("?*+{", s[i + m]))) {
            memcpy(s + i, to, m);
            i += m;
            continue;
        }
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
}

/* A pattern through the maps, in place: its characters, then its words
 * (same length, so PCRE2's error offsets still point into the line as
 * written). */
static void normalise_pattern(const dc_notes *n, char *s)
{
    map_chars(n, s);
    read_pattern_words(n, s);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is c an ASCII letter or digit? */
static int is_alnum_ascii(char c)
{
    return is_ascii_letter(c) || is_digit(c);
}

/* A pattern's parentheses paired: pair[i] is the other one of the
 * parenthesis at i (escaped ones and those in [...] are none). */
struct parens {
    const char *p;
    size_t *pair;
};

static int is_escaped(const char *p, size_t i)
{
    size_t n = 0;
    while (i > n && p[i - n - 1] == '\\') n++;
    return n % 2;
}

/* Is p[i] a plain ASCII letter or digit (not escaped: \d, \b)? */
static int plain_alnum(const char *p, size_t i)
{
    return is_alnum_ascii(p[i]) && !is_escaped(p, i);
}

static int starts_english(const struct parens *g, size_t i, int depth);
static int ends_english(const struct parens *g, size_t i, int depth);

/* Does every alternative of the group opening at `open` start (ends: end)
 * with an English letter or digit? Lookarounds and other (?…) groups: no. */
static int group_english(const struct parens *g, size_t open, int ends, int depth)
{
    const char *p = g->p;
    size_t close = g->pair[open], from = open + 1;
    if (close == SIZE_MAX || depth > 8) return 0;
    if (p[from] == '?') {
        if (p[from + 1] != ':' && p[from + 1] != '>') return 0;
        from += 2;
    }
    for (size_t at = from, alt = from; at <= close; at++) {
        if (at < close && p[at] == '\\') { at++; continue; }
        if (at < close && p[at] == '(') { at = g->pair[at]; if (at == SIZE_MAX) return 0; continue; }
        if (at < close && p[at] == '[') return 0; /* a class: no telling */
        if (at == close || p[at] == '|') {
            if (at == alt) return 0; /* an empty alternative */
            if (ends ? !ends_english(g, at - 1, depth + 1) : !starts_english(g, alt, depth + 1)) return 0;
            alt = at + 1;
        }
    }
    return 1;
}

/* Does the pattern from p[i] on always start with an English letter or
 * digit: "gap", "(want|wants)"? */
static int starts_english(const struct parens *g, size_t i, int depth)
{
    const char *p = g->p;
    if (plain_alnum(p, i)) return 1;
    if (p[i] != '(' || is_escaped(p, i) || g->pair[i] == SIZE_MAX) return 0;
    char after = p[g->pair[i] + 1]; /* an optional group may be left out */
    if (after == '?' || after == '*' || (after == '{' && p[g->pair[i] + 2] == '0')) return 0;
    return group_english(g, i, 0, depth);
}

/* Does the pattern up to p[i] always end with an English letter or digit:
 * "gap", "discounts?", "(ed|ing)", "accept(?:ed)?"? */
static int ends_english(const struct parens *g, size_t i, int depth)
{
    const char *p = g->p;
    if (plain_alnum(p, i)) return 1;
    if (p[i] == '?' && i > 0 && !is_escaped(p, i)) {
        if (plain_alnum(p, i - 1)) return i > 1 && plain_alnum(p, i - 2); /* "s?" after a letter */
        if (p[i - 1] == ')' && !is_escaped(p, i - 1) && g->pair[i - 1] != SIZE_MAX) {
            size_t open = g->pair[i - 1];
            return open > 0 && group_english(g, open, 1, depth) && ends_english(g, open - 1, depth + 1);
        }
        return 0;
    }
    if (p[i] == ')' && !is_escaped(p, i) && g->pair[i] != SIZE_MAX) return group_english(g, g->pair[i], 1, depth);
    return 0;
}

/* Pair the parentheses of `p`; NULL when out of memory. */
static size_t *pair_parens(const char *p, size_t len)
{
    size_t *pair = malloc((len + 1) * sizeof *pair), *stack = malloc((len + 1) * sizeof *stack), top = 0;
    if (!pair || !stack) {
        free(pair);
        free(stack);
        return NULL;
    }
    int in_class = 0;
    for (size_t i = 0; i <= len; i++) pair[i] = SIZE_MAX;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\\') { i++; continue; }
        if (in_class) { in_class = p[i] != ']'; continue; }
        if (p[i] == '[') {
            in_class = 1;
            if (p[i + 1] == '^') i++;
            if (p[i + 1] == ']') i++; /* "[]…]": the ] is a member */
        } else if (p[i] == '(') stack[top++] = i;
        else if (p[i] == ')' && top) {
            size_t open = stack[--top];
            pair[open] = i, pair[i] = open;
        }
    }
    free(stack);
    return pair;
}

/* `pattern` with its English words' edges made to see Chinese too, in a
 * malloc'd string (NULL when out of memory). With UCP, PCRE2 counts a
 * Chinese character as a word character, so \bgap\b found no word in
 * "gap还有35%" as reps mix the languages. A \b where an English word
 * starts ("\bgap", "\b(want|wants)") becomes "no ASCII letter, digit or _
 * before"; one where it ends ("gap\b", "discounts?\b", "accept(?:ed)?\b")
 * "none after". Any other \b ("近\b", "\b.{0,3}") is left to PCRE2. */
static char *english_edges(const char *pattern)
{
    static const char starts[] = "(?<![a-z0-9_])", ends[] = "(?![a-z0-9_])";
    size_t len = strlen(pattern);
    struct parens g = {pattern, pair_parens(pattern, len)};
    char *out = g.pair ? malloc(len * sizeof starts + 1) : NULL, *o = out;
    if (!out) {
        free(g.pair);
        return NULL;
    }
    int in_class = 0;
    for (size_t i = 0; i < len; i++) {
        const char *p = pattern + i;
        if (*p == '\\' && p[1]) {
            int after = !in_class && p[1] == 'b' && starts_english(&g, i + 2, 0);
            int before = !in_class && p[1] == 'b' && i > 0 && ends_english(&g, i - 1, 0);
            if (after != before) {
                o = stpcpy(o, after ? starts : ends);
                i++;
                continue;
            }
            *o++ = *p;
            *o++ = p[1];
            i++;
            continue;
        }
        if (in_class) in_class = *p != ']';
        else if (*p == '[') {
            in_class = 1;
            *o++ = *p;
            if (p[1] == '^') *o++ = p[1], i++;
            if (pattern[i + 1] == ']') *o++ = ']', i++; /* "[]…]": the ] is a member */
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    free(g.pair);
    return out;
}

/* ------------------------------------------------------------------ loading */

static void cache_free(struct cache *c); /* the pattern cache, below */
static void drop_rival_names(dc_notes *n); /* the deal's rivals, below */
static int add_state(const char *dir, const char *path, char *why, size_t size);
struct rule;
static void free_rule(struct rule *r);
static void drop_index(dc_notes *n);

static void pattern_free(struct pattern *p)
{
    pcre2_code_free(p->code);
    free(p->lits);
    *p = (struct pattern)NO_PATTERN;
}

dc_notes *dc_notes_new(void)
{
    dc_notes *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->cc = (opencc_t)-1;
    n->t2s_table = -1;
    int err;
    PCRE2_SIZE at;
    n->empty = pcre2_compile((PCRE2_SPTR) "", 0, PCRE2_UTF, &err, &at, NULL);
    n->md = pcre2_match_data_create(1, NULL);
    n->mctx = pcre2_match_context_create(NULL);
    if (!n->empty || !n->md || !n->mctx) { dc_notes_free(n); return NULL; }
    pcre2_set_match_limit(n->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(n->mctx, DEPTH_LIMIT);
    pcre2_set_heap_limit(n->mctx, HEAP_LIMIT);
    n->eager_jit = dc_plain("lazy-jit");
    n->eager_concepts = dc_plain("lazy-concepts");
    n->no_prefilter = dc_plain("literal-prefilter");
    n->no_concept_prefilter = dc_plain("concept-prefilter");
    n->no_index = dc_plain("literal-index");
    n->pairs = calloc(65536 / 64, sizeof *n->pairs);
    if (!n->pairs) { dc_notes_free(n); return NULL; }
    if (dc_plain("lazy-opencc")) open_opencc(n);
    if (!dc_plain("scan-memo") && !(n->memo = dc_notes_memo_new())) { dc_notes_free(n); return NULL; }
    if (!(n->rivals = dc_rivals_new())) { dc_notes_free(n); return NULL; }
    if (!(n->words = dc_words_new())) { dc_notes_free(n); return NULL; }
    return n;
}

/* Free what loading pattern files and maps added (rules, concepts,
 * signals with their proposals and marks, character maps): the handle is
 * as new in that respect. */
static void clear_loaded(dc_notes *n)
{
    drop_index(n); /* before the patterns it points at go */
    for (size_t i = 0; i < n->nrules; i++) free_rule(&n->rules[i]);
    for (size_t i = 0; i < n->nconcepts; i++) {
        free(n->concepts[i].name);
        free(n->concepts[i].pattern);
        pattern_free(&n->concepts[i].code);
    }
    free(n->concepts);
    for (size_t i = 0; i < n->capproposals; i++) free(n->proposals[i]);
    free(n->proposals);
    free(n->fact_only);
    for (size_t i = 0; i < n->nsignals; i++) free(n->signals[i]);
    free(n->rules);
    free(n->signals);
    free(n->chars);
    n->rules = NULL, n->nrules = n->caprules = 0;
    n->concepts = NULL, n->nconcepts = n->capconcepts = 0;
    n->proposals = NULL, n->fact_only = NULL, n->capproposals = 0;
    n->signals = NULL, n->nsignals = n->capsignals = 0;
    n->chars = NULL, n->nchars = n->capchars = 0;
    dc_words_clear(n->words);
    free(n->model_signal); /* the signals it pointed at are gone */
    n->model_signal = NULL, n->model_mapped = 0;
    pcre2_code_free(n->suffix); /* its concept may have changed */
    n->suffix = NULL, n->suffix_tried = 0;
}

void dc_notes_free(dc_notes *n)
{
    if (!n) return;
    dc_notes_memo_free(n->memo);
    clear_loaded(n);
    if (n->cc != (opencc_t)-1 && n->cc) n->occ.close(n->cc);
    if (n->occ.lib) dlclose(n->occ.lib);
    for (size_t i = 0; i < n->nproblems; i++) free(n->problems[i]);
    free(n->problems);
    pcre2_code_free(n->empty);
    pcre2_match_data_free(n->md);
    pcre2_match_context_free(n->mctx);
    cache_free(&n->cache);
    dc_learned_close(n->model);
    free(n->model_signal);
    free(n->learned.where);
    dc_features_free(&n->features);
    dc_rivals_free(n->rivals);
    drop_rival_names(n);
    for (size_t i = 0; i < n->nlits; i++)
        if (n->lits[i].owned) free((char *)n->lits[i].s);
    free(n->lits);
    free(n->lit_seen);
    free(n->lit_pair);
    free(n->lit_slots);
    drop_index(n);
    free(n->pairs);
    dc_words_free(n->words);
    free(n);
}

const char *dc_notes_message(const dc_notes *n)
{
    return n ? n->message : "";
}

size_t dc_notes_problem_count(const dc_notes *n)
{
    return n ? n->nproblems : 0;
}

const char *dc_notes_problem(const dc_notes *n, size_t i)
{
    return n && i < n->nproblems ? n->problems[i] : NULL;
}

size_t dc_notes_signal_count(const dc_notes *n)
{
    return n ? n->nsignals : 0;
}

const char *dc_notes_signal(const dc_notes *n, size_t i)
{
    return n && i < n->nsignals ? n->signals[i] : NULL;
}

/* The index of signal `id`, adding it if new. (size_t)-1: out of memory. */
static size_t intern_signal(dc_notes *n, const char *id)
{
    for (size_t i = 0; i < n->nsignals; i++)
        if (strcmp(n->signals[i], id) == 0) return i;
    char **p = grow(n->signals, &n->capsignals, n->nsignals, sizeof *p);
    if (!p) return (size_t)-1;
    n->signals = p;
    size_t len = strlen(id);
    char *copy = malloc(len + 1);
    if (!copy) return (size_t)-1;
    memcpy(copy, id, len + 1);
    n->signals[n->nsignals] = copy;
    return n->nsignals++;
}

/* ---------------------------------------------------- the linear-time check
 *
 * A pattern may repeat only up to a bound ({0,20}, not * + or {2,}), at
 * most MAX_REPEAT times: then every match attempt covers a bounded stretch
 * of the note, and scanning a note takes time linear in its length. An
 * unbounded repeat in an unanchored search is quadratic (from every start
 * [a-z][\w-]*(公司|厂) ran to the end of a run of letters: 29,255 letters
 * took 32 s), and nested ones exponential. What is left (a pattern of
 * bounded but many paths) is cut short by PCRE2's match and depth limits. */

#define MAX_REPEAT 200

/* NULL when every repeat of `pattern` is bounded, else a description of
 * the first that is not (a static string). */
static const char *unbounded_repeat(const char *pattern)
{
    int in_class = 0;
    for (const char *s = pattern; *s; s++) {
        if (*s == '\\') {
            if (s[1] == 'Q') return "\\Q...\\E quoting (write the characters escaped)";
            if (s[1]) s++;
            continue;
        }
        if (in_class) {
            if (*s == ']') in_class = 0;
            continue;
        }
        if (*s == '[') {
            in_class = 1;
            if (s[1] == '^') s++;
            if (s[1] == ']') s++;
            continue;
        }
        if (*s == '*') return "'*'";
        if (*s == '+') return "'+'";
        if (*s == '{') {
            const char *p = s + 1;
            while (*p == ' ') p++;
            long lo = 0, hi = -1;
            int digits = 0;
            while (*p >= '0' && *p <= '9') lo = lo * 10 + (*p++ - '0'), digits++;
            if (!digits && *p != ',') continue; /* a literal brace */
            if (*p == '}') hi = lo;
            else if (*p == ',') {
                p++;
                if (*p == '}') return "a repeat without an upper bound ({n,})";
                hi = 0;
                while (*p >= '0' && *p <= '9') hi = hi * 10 + (*p++ - '0');
            }
            if (hi > MAX_REPEAT) return "a repeat bound over 200";
        }
    }
    return NULL;
}

/* The concept called name[0..len), or NULL. */
static struct concept *find_concept(const dc_notes *n, const char *name, size_t len)
{
    for (size_t i = 0; i < n->nconcepts; i++)
        if (strlen(n->concepts[i].name) == len && memcmp(n->concepts[i].name, name, len) == 0)
            return &n->concepts[i];
    return NULL;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Append s[0..len) to the growing string *out (*len_out, *cap). 0, or -1
 * when out of memory (*out is freed and NULL). */
static int append(char **out, size_t *len_out, size_t *cap, const char *s, size_t len)
{
    if (*len_out + len + 1 > *cap) {
        size_t newcap = (*len_out + len + 1) * 2;
        char *bigger = realloc(*out, newcap);
        if (!bigger) { free(*out); *out = NULL; return -1; }
        *out = bigger;
        *cap = newcap;
    }
    memcpy(*out + *len_out, s, len);
    *len_out += len;
    (*out)[*len_out] = '\0';
    return 0;
}

/* `pattern` with every {concept} replaced by (?:its pattern), in a new
 * malloc'd string. NULL when out of memory, or when a name is not a known
 * concept: then *unknown points at it in `pattern` (*unknown_len bytes). */
static char *expand_concepts(const dc_notes *n, const char *pattern, const char **unknown,
                             size_t *unknown_len)
{
    size_t cap = strlen(pattern) + 1, len = 0;
    char *out = malloc(cap);
    *unknown = NULL;
    if (out) out[0] = '\0';
    for (const char *p = pattern; out && *p;) {
        if (*p == '{' && p[1] >= 'a' && p[1] <= 'z') {
            size_t k = 1;
            while (is_name_char(p[k])) k++;
            if (p[k] == '}') {
                const struct concept *c = find_concept(n, p + 1, k - 1);
                if (!c) {
                    *unknown = p + 1;
                    *unknown_len = k - 1;
                    free(out);
                    return NULL;
                }
                if (append(&out, &len, &cap, "(?:", 3) ||
                    append(&out, &len, &cap, c->pattern, strlen(c->pattern)) ||
                    append(&out, &len, &cap, ")", 1))
                    return NULL;
                p += k + 1;
                continue;
            }
        }
        size_t plen = *p == '\\' && p[1] ? 2 : 1;
        if (append(&out, &len, &cap, p, plen)) return NULL;
        p += plen;
    }
    return out;
}

/* ------------------------------------------------------- the pattern cache
 *
 * File: CACHE_MAGIC; the number of patterns, the offset and length of the
 * loaded state (below; 0 0: none) (64 bits each); a struct
 * cache_entry per pattern, sorted by text; then the texts (NUL-terminated),
 * their literal sets (NUL-terminated strings, one after another) and codes
 * they point at. It is mapped, not read: a pattern's code is
 * decoded (and its checksum checked) at the pattern's first use, so a run
 * pays for the patterns it tries. Host byte order and PCRE2: the build
 * makes it for the machine it runs on; PCRE2 refuses a code of another
 * version, and the pattern is compiled from its text instead. */

#define CACHE_MAGIC "dc-patterns 9.5\n" /* 5.0: digests by XXH3; 6.0: the files' stamp; 7.0: entries' sums by XXH3; 8.0: @hedge a kind of its own; 9.0: @carry, @elsewhere, @heard, @refuted, a rule's at_head; 9.1: @disowns; 9.2: the maps' words; 9.3: English edges; 9.4: @answered-no; 9.5: "!!" exclusions */
/* 16 bytes, then the count and the state's place: the entries start 8-byte
 * aligned in the map. */
#define CACHE_HEAD (16 + 3 * 8)
_Static_assert(sizeof CACHE_MAGIC - 1 == 16 && CACHE_HEAD % 8 == 0 && sizeof(struct cache_entry) % 8 == 0,
               "the cache's entries must be aligned");

/* The check sum of an entry's bytes (its text, code or literals). */
static uint64_t entry_sum(uint64_t h, const void *p, size_t len)
{
    return dc_digest(h, p, len);
}

static void cache_free(struct cache *c)
{
    if (c->map) munmap((void *)c->map, c->size);
    for (size_t i = 0; i < c->nrecorded; i++) free(c->recorded[i]);
    free(c->recorded);
    memset(c, 0, sizeof *c);
}

static const char *entry_text(const struct cache *c, uint32_t i)
{
    return (const char *)c->map + c->entries[i].text;
}

/* Are the cache's entries within the file, their texts NUL-terminated? */
static int cache_sound(const struct cache *c)
{
    for (uint32_t i = 0; i < c->count; i++) {
        const struct cache_entry *e = &c->entries[i];
        if (e->text >= c->size || e->text_len >= c->size - e->text || c->map[e->text + e->text_len] ||
            e->code > c->size || e->code_len > c->size - e->code || e->lits > c->size ||
            e->lits_len > c->size - e->lits || e->lits_count > DC_LITERALS_MAX ||
            (e->lits_count && (e->lits_len == 0 || c->map[e->lits + e->lits_len - 1])))
            return 0;
    }
    return 1;
}

void dc_notes_use_cache(dc_notes *n, const char *path)
{
    if (!n || !path || n->cache.map || dc_plain("pattern-cache")) return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return;
    size_t magic = strlen(CACHE_MAGIC), head = CACHE_HEAD;
    void *map = fstat(fd, &st) == 0 && (size_t)st.st_size > head
              ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED) return;
    struct cache *c = &n->cache;
    uint64_t count;
    c->map = map;
    c->size = (size_t)st.st_size;
    memcpy(&count, c->map + magic, 8);
    c->entries = (const struct cache_entry *)(c->map + head); /* aligned: see CACHE_MAGIC */
    if (memcmp(map, CACHE_MAGIC, magic) != 0 || count > (c->size - head) / sizeof *c->entries) {
        cache_free(c);
        return;
    }
    c->count = (uint32_t)count;
    uint64_t state[2];
    memcpy(state, c->map + magic + 8, sizeof state);
    if (state[0] <= c->size && state[1] <= c->size - state[0]) {
        c->state = c->map + state[0];
        c->state_len = (size_t)state[1];
    }
    if (!cache_sound(c)) cache_free(c);
}

static int compare_entry(const void *key, const void *entry)
{
    const struct cache *c = ((const void **)key)[0];
    const char *text = ((const void **)key)[1];
    return strcmp(text, (const char *)c->map + ((const struct cache_entry *)entry)->text);
}

/* ---------------------------------------------------------- the prefilter
 *
 * Each pattern's literals (literals.h): strings of which every match holds
 * one. A note that holds none of them cannot match the pattern, which is
 * then not run at all; each literal is looked for once per note. Off with
 * DEALCOACH_PLAIN=literal-prefilter. */

static size_t hash_text(const char *s, size_t len)
{
    return (size_t)dc_digest(DC_DIGEST_SEED, s, len);
}

/* The byte pair of literal s[0..len) least likely to be in a note that
 * lacks s, as first byte << 8 | second; UINT32_MAX when s is shorter than
 * two bytes. In Chinese the pair inside a character (two continuation
 * bytes: 4,096 values) rather than a lead byte and the next (a few hundred,
 * found in every Chinese note); in English the middle pair. */
static uint32_t telling_pair(const char *s, size_t len)
{
    if (len < 2) return UINT32_MAX;
    size_t at = (len - 1) / 2;
    for (size_t i = 0; i + 1 < len; i++)
        if (((unsigned char)s[i] & 0xC0) == 0x80 && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            at = i;
            break;
        }
    return (uint32_t)((unsigned char)s[at] << 8 | (unsigned char)s[at + 1]);
}

/* The index of literal s, added if new; (uint32_t)-1 when out of memory.
 * A literal `mapped` (in the cache's map, which lives as long as the
 * handle) is not copied. */
static uint32_t intern_literal(dc_notes *n, const char *s, int mapped)
{
    size_t len = strlen(s);
    if (2 * (n->nlits + 1) > n->nslots) { /* grow and rehash */
        size_t nslots = n->nslots ? n->nslots * 2 : 4096;
        uint32_t *slots = calloc(nslots, sizeof *slots);
        if (!slots) return (uint32_t)-1;
        for (size_t i = 0; i < n->nlits; i++) {
            size_t at = hash_text(n->lits[i].s, n->lits[i].len) & (nslots - 1);
            while (slots[at]) at = (at + 1) & (nslots - 1);
            slots[at] = (uint32_t)i + 1;
        }
        free(n->lit_slots);
        n->lit_slots = slots;
        n->nslots = nslots;
    }
    size_t at = hash_text(s, len) & (n->nslots - 1);
    for (; n->lit_slots[at]; at = (at + 1) & (n->nslots - 1)) {
        const struct literal *l = &n->lits[n->lit_slots[at] - 1];
        if (l->len == len && memcmp(l->s, s, len) == 0) return n->lit_slots[at] - 1;
    }
    struct literal *more = grow(n->lits, &n->caplits, n->nlits, sizeof *more);
    if (more) n->lits = more;
    uint64_t *seen = more ? grow(n->lit_seen, &n->caplit_seen, n->nlits, sizeof *seen) : NULL;
    if (seen) n->lit_seen = seen;
    uint32_t *pair = seen ? grow(n->lit_pair, &n->caplit_pair, n->nlits, sizeof *pair) : NULL;
    if (pair) n->lit_pair = pair;
    const char *copy = pair ? mapped ? s : strdup(s) : NULL;
    if (!copy) return (uint32_t)-1;
    n->lits[n->nlits] = (struct literal){copy, !mapped, len};
    n->lit_seen[n->nlits] = 0;
    n->lit_pair[n->nlits] = telling_pair(copy, len);
    n->lit_slots[at] = (uint32_t)n->nlits + 1;
    return (uint32_t)n->nlits++;
}

/* Empty the index: the patterns it points at are gone, or more come. */
static void drop_index(dc_notes *n)
{
    free(n->posted);
    free(n->post_pair);
    free(n->post_start);
    free(n->post_slots);
    free(n->marks);
    n->posted = n->post_pair = n->post_start = n->post_slots = NULL;
    n->marks = NULL;
    n->nposted = 0;
    n->indexed = 0;
}

/* The literal set of cache entry e, as written by the build: 1 with
 * set[] pointing into the map, or 0 when it has none or is damaged. */
static int cached_literals(const struct cache *c, const struct cache_entry *e, const char **set)
{
    const char *s = (const char *)c->map + e->lits, *end = s + e->lits_len;
    if (!e->lits_count || entry_sum(DC_DIGEST_SEED, (const unsigned char *)s, e->lits_len) != e->lits_sum)
        return 0;
    for (uint64_t i = 0; i < e->lits_count; i++) {
        if (s >= end) return 0;
        set[i] = s;
        s += strlen(s) + 1;
    }
    return s == end;
}

/* Read p's literals: a cached pattern's from the cache, else from its
 * text. Out of memory leaves p without any (every note then runs it):
 * never a failure. */
static void read_literals(dc_notes *n, struct pattern *p, const char *text)
{
    char **set = NULL;
    const char *from_cache[DC_LITERALS_MAX];
    const struct cache_entry *e = p->cached >= 0 ? &n->cache.entries[p->cached] : NULL;
    size_t count = 0;
    p->nlits = 0;
    if (n->no_prefilter) return;
    if (e && e->lits_count && cached_literals(&n->cache, e, from_cache)) count = e->lits_count;
    else if (e && !e->lits_count) return; /* the build found none */
    else if (dc_literals_of(text, &set, &count) != 1) return;
    p->lits = malloc(count * sizeof *p->lits);
    for (size_t i = 0; p->lits && i < count; i++)
        if ((p->lits[i] = intern_literal(n, set ? set[i] : from_cache[i], !set)) == (uint32_t)-1) {
            free(p->lits);
            p->lits = NULL;
        }
    if (p->lits) p->nlits = (int32_t)count;
    if (set) dc_literals_free(set, count);
}

/* `text` as a pattern in *p: its cache entry when the cache holds that
 * text (decoded at first use), else compiled now. 0, or -1 with PCRE2's
 * *err and *at when it does not compile. */
static int prepare(dc_notes *n, const char *text, struct pattern *p, int *err, PCRE2_SIZE *at)
{
    struct cache *c = &n->cache;
    const void *key[2] = {c, text};
    const struct cache_entry *hit =
        c->count ? bsearch(key, c->entries, c->count, sizeof *c->entries, compare_entry) : NULL;
    *p = (struct pattern)NO_PATTERN;
    if (hit) p->cached = (int32_t)(hit - c->entries);
    else p->code = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, COMPILE_OPTIONS, err, at, NULL);
    if (!hit && !p->code) return -1;
    if (!hit) read_literals(n, p, text); /* a cached one's at its first use */
    if (c->recording > 0) {
        char **more = grow(c->recorded, &c->caprecorded, c->nrecorded, sizeof *more);
        if (more) c->recorded = more;
        char *copy = more ? strdup(text) : NULL;
        if (copy) c->recorded[c->nrecorded++] = copy;
        else c->recording = -1;
    }
    return 0;
}

/* Make p's code ready to match: a cached pattern's code is decoded, or when
 * that fails (a damaged file, another PCRE2) compiled from its text. 0, or
 * -1 when out of memory. */
static int ready(dc_notes *n, struct pattern *p)
{
    if (p->code) return 0;
    if (p->cached < 0 || !n->cache.map) return -1;
    const struct cache_entry *e = &n->cache.entries[p->cached];
    const unsigned char *code = n->cache.map + e->code;
    uint64_t sum = entry_sum(entry_sum(DC_DIGEST_SEED, n->cache.map + e->text, e->text_len), code, e->code_len);
    if (sum != e->sum || e->code_len < 64 || pcre2_serialize_get_number_of_codes(code) != 1 ||
        pcre2_serialize_decode(&p->code, 1, code, NULL) != 1) {
        int err;
        PCRE2_SIZE at;
        p->code = pcre2_compile((PCRE2_SPTR)entry_text(&n->cache, (uint32_t)p->cached),
                                PCRE2_ZERO_TERMINATED, COMPILE_OPTIONS, &err, &at, NULL);
    }
    if (p->code && n->eager_jit) pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
    return p->code ? 0 : -1;
}

static int compare_texts(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Write the recorded texts, each with its code, to `path`, through a
 * temporary file renamed into place. DC_OK, DC_EIO or DC_ENOMEM. */
static int cache_write(dc_notes *n, const char *path)
{
    struct cache *c = &n->cache;
    if (c->recording < 0) return out_of_memory(n);
    qsort(c->recorded, c->nrecorded, sizeof *c->recorded, compare_texts);
    size_t count = 0; /* the distinct texts, kept in place */
    for (size_t i = 0; i < c->nrecorded; i++) {
        if (count && strcmp(c->recorded[count - 1], c->recorded[i]) == 0) free(c->recorded[i]);
        else c->recorded[count++] = c->recorded[i];
    }
    c->nrecorded = count;
    size_t magic = strlen(CACHE_MAGIC), at = CACHE_HEAD + count * sizeof(struct cache_entry);
    struct cache_entry *entries = calloc(count + 1, sizeof *entries);
    uint8_t **blobs = calloc(count + 1, sizeof *blobs);
    char **lits = calloc(count + 1, sizeof *lits); /* each set, its strings one after another */
    char *tmp = format("%s.tmp", path);
    FILE *f = NULL;
    int rc = DC_OK;
    if (!entries || !blobs || !lits || !tmp) { rc = out_of_memory(n); goto out; }
    for (size_t i = 0; i < count; i++) {
        int err;
        PCRE2_SIZE erroff, blob_size;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)c->recorded[i], PCRE2_ZERO_TERMINATED,
                                         COMPILE_OPTIONS, &err, &erroff, NULL);
        const pcre2_code *one = code;
        int32_t done = code ? pcre2_serialize_encode(&one, 1, &blobs[i], &blob_size, NULL) : -1;
        pcre2_code_free(code);
        if (done != 1) { rc = out_of_memory(n); goto out; } /* each compiled at load already */
        entries[i].text_len = strlen(c->recorded[i]);
        entries[i].code_len = blob_size;
        entries[i].sum = entry_sum(entry_sum(DC_DIGEST_SEED, (unsigned char *)c->recorded[i],
                                     entries[i].text_len), blobs[i], blob_size);
        char **set;
        size_t nset;
        int found = dc_literals_of(c->recorded[i], &set, &nset);
        if (found < 0) { rc = out_of_memory(n); goto out; }
        for (size_t k = 0; found && k < nset; k++) entries[i].lits_len += strlen(set[k]) + 1;
        if (found && (lits[i] = malloc(entries[i].lits_len))) {
            char *at_lit = lits[i];
            for (size_t k = 0; k < nset; k++) at_lit = stpcpy(at_lit, set[k]) + 1;
            entries[i].lits_count = nset;
            entries[i].lits_sum = entry_sum(DC_DIGEST_SEED, (unsigned char *)lits[i], entries[i].lits_len);
        }
        if (found) dc_literals_free(set, nset);
        if (found && !lits[i]) { rc = out_of_memory(n); goto out; }
    }
    for (size_t i = 0; i < count; i++) { entries[i].text = at; at += entries[i].text_len + 1; }
    for (size_t i = 0; i < count; i++) { entries[i].lits = at; at += entries[i].lits_len; }
    for (size_t i = 0; i < count; i++) { entries[i].code = at; at += entries[i].code_len; }
    uint64_t count64 = count;
    if (!(f = fopen(tmp, "wb"))) { rc = fail(n, DC_EIO, "%s: %s", tmp, strerror(errno)); goto out; }
    uint64_t no_state[2] = {0, 0}; /* add_state() puts it after the codes */
    fwrite(CACHE_MAGIC, 1, magic, f);
    fwrite(&count64, 8, 1, f);
    fwrite(no_state, 8, 2, f);
    fwrite(entries, sizeof *entries, count, f);
    for (size_t i = 0; i < count; i++) fwrite(c->recorded[i], 1, entries[i].text_len + 1, f);
    for (size_t i = 0; i < count; i++) if (lits[i]) fwrite(lits[i], 1, entries[i].lits_len, f);
    for (size_t i = 0; i < count; i++) fwrite(blobs[i], 1, entries[i].code_len, f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        rc = fail(n, DC_EIO, "%s: %s", path, strerror(errno ? errno : EIO));
        remove(tmp);
    }
out:
    for (size_t i = 0; blobs && i < count; i++) if (blobs[i]) pcre2_serialize_free(blobs[i]);
    free(blobs);
    for (size_t i = 0; lits && i < count; i++) free(lits[i]);
    free(lits);
    free(entries);
    free(tmp);
    return rc;
}

int dc_notes_save_cache(const char *dir, const char *path, char *why, size_t size)
{
    dc_notes *n = dc_notes_new();
    if (!n) {
        snprintf(why, size, "out of memory");
        return DC_ENOMEM;
    }
    n->cache.recording = 1;
    int rc = dc_notes_load_dir(n, dir);
    for (size_t i = 0; rc == DC_OK && i < n->nconcepts; i++) { /* for needs_met() */
        int err;
        PCRE2_SIZE at;
        struct pattern p;
        if (prepare(n, n->concepts[i].pattern, &p, &err, &at) == 0) pattern_free(&p);
    }
    if (rc == DC_OK) rc = cache_write(n, path);
    snprintf(why, size, "%s", rc == DC_OK ? "" : n->message);
    dc_notes_free(n);
    return rc == DC_OK ? add_state(dir, path, why, size) : rc;
}

/* Did compile_part() make a pattern of it? */
static int prepared(const struct pattern *p)
{
    return p->code || p->cached >= 0;
}

/* Compile one pattern (concepts expanded, read through the maps, every
 * repeat bounded) into *code. A pattern that fails becomes a problem and
 * *code NULL: DC_OK or DC_ENOMEM. */
static int compile_part(dc_notes *n, const char *pattern, const char *path, size_t line,
                        struct pattern *code)
{
    *code = (struct pattern)NO_PATTERN;
    const char *unknown;
    size_t unknown_len = 0;
    char *text = expand_concepts(n, pattern, &unknown, &unknown_len);
    if (!text && unknown)
        return add_problem(n, "%s:%zu: {%.*s} is not a concept (define it first with "
                              "\"@concept %.*s<TAB>PATTERN\")", path, line, (int)unknown_len,
                           unknown, (int)unknown_len, unknown);
    if (!text) return out_of_memory(n);
    normalise_pattern(n, text);
    int err, rc = DC_OK;
    PCRE2_SIZE at;
    char *edged = english_edges(text);
    if (!edged) {
        free(text);
        return out_of_memory(n);
    }
    const char *unbounded = unbounded_repeat(text);
    if (unbounded) {
        rc = add_problem(n, "%s:%zu: %s: the time to scan a note would grow faster than the "
                            "note (catastrophic backtracking); bound every repeat, e.g. "
                            "{0,20} for * and {1,20} for +", path, line, unbounded);
        goto out;
    }
    if (prepare(n, edged, code, &err, &at)) {
        int plain_err; /* the offset in the pattern as written, edges not made */
        PCRE2_SIZE plain_at;
        pcre2_code *plain = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, COMPILE_OPTIONS,
                                          &plain_err, &plain_at, NULL);
        if (!plain) err = plain_err, at = plain_at;
        pcre2_code_free(plain);
        PCRE2_UCHAR why[256];
        pcre2_get_error_message(err, why, sizeof why);
        rc = add_problem(n, "%s:%zu: %s (at offset %zu%s)", path, line, (char *)why, (size_t)at,
                         strcmp(text, pattern) ? " of the pattern with its concepts spelled out" : "");
        goto out;
    }
    if (n->eager_jit && code->code) pcre2_jit_compile(code->code, PCRE2_JIT_COMPLETE); /* else in find() */
out:
    free(edged);
    free(text);
    return rc;
}

/* Add to r->needs the concepts that `pattern` cannot match without: those
 * used at its top level ({a}.{0,8}{b}: both), not inside a group, not made
 * optional, and none when the top level has alternatives (a|b). A scan
 * skips the rule for a note that mentions one of them nowhere: a cheap
 * first look that keeps scanning fast with many combinations. 0, or -1
 * when out of memory. */
static int add_needs(const dc_notes *n, struct rule *r, const char *pattern)
{
    int depth = 0, in_class = 0;
    for (const char *p = pattern; *p; p++) { /* alternatives at the top level: nothing needed */
        if (*p == '\\') { if (p[1]) p++; continue; }
        if (in_class) { in_class = *p != ']'; continue; }
        if (*p == '[') { in_class = 1; if (p[1] == '^') p++; if (p[1] == ']') p++; }
        else if (*p == '(') depth++;
        else if (*p == ')') depth--;
        else if (*p == '|' && depth == 0) return 0;
    }
    depth = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p == '\\') { if (p[1]) p++; continue; }
        if (in_class) { in_class = *p != ']'; continue; }
        if (*p == '[') { in_class = 1; if (p[1] == '^') p++; if (p[1] == ']') p++; continue; }
        if (*p == '(') { depth++; continue; }
        if (*p == ')') { depth--; continue; }
        if (*p != '{' || depth != 0 || p[1] < 'a' || p[1] > 'z') continue;
        size_t k = 1;
        while (is_name_char(p[k])) k++;
        if (p[k] != '}') continue;
        const char *after = p + k + 1;
        int optional = *after == '?' || *after == '*' || strncmp(after, "{0", 2) == 0;
        const struct concept *c = find_concept(n, p + 1, k - 1);
        if (c && !optional) {
            size_t *more = realloc(r->needs, (r->nneeds + 1) * sizeof *more);
            if (!more) return -1;
            r->needs = more;
            r->needs[r->nneeds++] = (size_t)(c - n->concepts);
        }
        p += k;
    }
    return 0;
}

static void free_rule(struct rule *r)
{
    pattern_free(&r->code);
    for (size_t k = 0; k < r->nmore; k++) pattern_free(&r->more[k]);
    free(r->more);
    free(r->needs);
    free(r->where);
}

/* Compile `pattern` and add it as a rule. A signal's or exclusion's pattern
 * may be "A && B && ...": parts that must all match within one clause, in
 * any order. A pattern that fails becomes a problem, not a failure: DC_OK
 * or DC_ENOMEM. */
static int add_rule(dc_notes *n, enum rule_kind kind, const char *id, char *pattern,
                    const char *path, size_t line)
{
    enum reach reach = kind != RULE_EXCLUDE ? REACH_CLAUSES
                       : pattern[0] == '!'  ? REACH_SENTENCE
                       : pattern[0] == '^'  ? REACH_HEAD
                                            : REACH_CLAUSES;
    if (reach == REACH_SENTENCE && !*++pattern)
        return add_problem(n, "%s:%zu: an empty pattern after \"!!\"", path, line);
    struct rule r = {kind, 0, NO_PATTERN, NULL, 0, NULL, 0, NULL, reach};
    int rc = DC_OK, complete = 1;
    size_t nparts = 1;
    if (kind == RULE_SIGNAL || kind == RULE_EXCLUDE)
        for (const char *p = pattern; (p = strstr(p, "&&")) != NULL; p += 2) nparts++;
    if (nparts > 1 && !(r.more = malloc((nparts - 1) * sizeof *r.more))) return out_of_memory(n);
    for (size_t i = 0; i + 1 < nparts; i++) r.more[i] = (struct pattern)NO_PATTERN;
    char *part = pattern;
    for (size_t i = 0; i < nparts && complete; i++) {
        char *end = i + 1 < nparts ? strstr(part, "&&") : part + strlen(part);
        char *next = *end ? end + 2 : end;
        while (part < end && (*part == ' ' || *part == '\t')) part++;
        while (end > part && (end[-1] == ' ' || end[-1] == '\t')) end--;
        *end = '\0';
        struct pattern *slot = i == 0 ? &r.code : &r.more[i - 1];
        if (!*part) rc = add_problem(n, "%s:%zu: an empty part around \"&&\"", path, line);
        else rc = compile_part(n, part, path, line, slot);
        if (rc == DC_OK && prepared(slot) && add_needs(n, &r, part)) rc = out_of_memory(n);
        if (i > 0 && prepared(slot)) r.nmore = i;
        complete = rc == DC_OK && prepared(slot);
        part = next;
    }
    if (!complete) {
        free_rule(&r);
        return rc;
    }
    r.where = format("%s:%zu", path, line);
    struct rule *rules = grow(n->rules, &n->caprules, n->nrules, sizeof *rules);
    if (rules) n->rules = rules;
    if (rules && id && r.where) r.signal = intern_signal(n, id);
    if (!rules || !r.where || r.signal == (size_t)-1) {
        free_rule(&r);
        return out_of_memory(n);
    }
    n->rules[n->nrules++] = r;
    return DC_OK;
}

/* Compile concept c's whole pattern, for the first look of a scan. Its
 * parts compiled already, so only memory can fail: DC_OK or DC_ENOMEM.
 * Unless DEALCOACH_PLAIN=lazy-concepts, a concept is compiled at its first
 * look (needs_met()), not at every line that adds to it: a concept of many
 * lines was compiled again, longer, at each. */
static int compile_concept(dc_notes *n, struct concept *c)
{
    int err;
    PCRE2_SIZE at;
    pattern_free(&c->code);
    if (!n->eager_concepts) return DC_OK;
    if (prepare(n, c->pattern, &c->code, &err, &at) || ready(n, &c->code)) return out_of_memory(n);
    if (n->eager_jit) pcre2_jit_compile(c->code.code, PCRE2_JIT_COMPLETE);
    return DC_OK;
}

/* Add `pattern` (concepts expanded) to concept `name`, as one more
 * alternative when it exists. A pattern that does not compile is a
 * problem. DC_OK or DC_ENOMEM. */
static int add_concept(dc_notes *n, const char *name, const char *pattern, const char *path,
                       size_t line)
{
    struct pattern check;
    size_t before = n->nproblems;
    int rc = compile_part(n, pattern, path, line, &check);
    if (rc || n->nproblems > before) return rc;
    pattern_free(&check);
    const char *unknown;
    size_t unknown_len;
    char *expanded = expand_concepts(n, pattern, &unknown, &unknown_len);
    char *text = expanded ? english_edges(expanded) : NULL; /* as compile_part() reads it */
    free(expanded);
    if (!text) return out_of_memory(n);
    struct concept *c = find_concept(n, name, strlen(name));
    if (c) {
        char *joined = format("%s|%s", c->pattern, text);
        free(text);
        if (!joined) return out_of_memory(n);
        free(c->pattern);
        c->pattern = joined;
        return compile_concept(n, c);
    }
    struct concept *more = grow(n->concepts, &n->capconcepts, n->nconcepts, sizeof *more);
    if (more) n->concepts = more;
    char *copy = more ? strdup(name) : NULL;
    if (!copy) {
        free(text);
        return out_of_memory(n);
    }
    n->concepts[n->nconcepts++] = (struct concept){copy, text, NO_PATTERN};
    return compile_concept(n, &n->concepts[n->nconcepts - 1]);
}

/* One variant of a word into the alternation being built. 0, or -1. */
static int add_variant(char **out, size_t *len, size_t *cap, int *first, const char *v, size_t vlen)
{
    if (!*first && append(out, len, cap, "|", 1)) return -1;
    *first = 0;
    return append(out, len, cap, v, vlen);
}

/* The pattern of `words` (blank-separated lowercase English words) with
 * the common typos of each word of 6 letters or more: one letter after
 * the first left out, added (doubled or not) or wrong, or two neighbours
 * swapped ("requirments", "affraid", "resigining", "budjet", "sigend"):
 * every word within one edit; of a word of 5 letters, the swaps only
 * ("prcie"). A new malloc'd string, NULL when out of
 * memory or when a word is not plain a-z (then *bad is set). */
static char *typo_pattern(const char *words, int *bad)
{
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    int first = 1, rc = 0;
    *bad = 0;
    static const char starts[] = "(?<![a-z0-9_])(?:", ends[] = ")(?![a-z0-9_])"; /* edges as english_edges() */
    if (!out || append(&out, &len, &cap, starts, sizeof starts - 1)) return NULL;
    for (const char *w = words; *w && !rc;) {
        w += strspn(w, " \t");
        size_t wl = strcspn(w, " \t");
        if (!wl) break;
        char v[128];
        for (size_t i = 0; i < wl; i++) *bad |= w[i] < 'a' || w[i] > 'z';
        *bad |= wl > 100;
        if (*bad) break;
        rc = add_variant(&out, &len, &cap, &first, w, wl);
        for (size_t i = 1; !rc && wl >= 5 && i < wl; i++) { /* the first letter is kept */
            size_t rest = wl - i - 1;
            if (wl >= 6) { /* a short word gets swaps only: "prcie", not "pice" */
                memcpy(v, w, i); /* left out */
                memcpy(v + i, w + i + 1, rest);
                rc = add_variant(&out, &len, &cap, &first, v, wl - 1);
                memcpy(v + i, "[a-z]", 5); /* wrong */
                memcpy(v + i + 5, w + i + 1, rest);
                if (!rc) rc = add_variant(&out, &len, &cap, &first, v, wl + 4);
                memcpy(v + i, "[a-z]", 5); /* one added: doubled or not */
                memcpy(v + i + 5, w + i, rest + 1);
                if (!rc) rc = add_variant(&out, &len, &cap, &first, v, wl + 5);
            }
            if (!rc && rest && w[i] != w[i + 1]) { /* swapped */
                memcpy(v, w, wl);
                v[i] = w[i + 1];
                v[i + 1] = w[i];
                rc = add_variant(&out, &len, &cap, &first, v, wl);
            }
        }
        w += wl;
    }
    if (*bad) rc = -1;
    if (!rc) rc = append(&out, &len, &cap, ends, sizeof ends - 1);
    if (rc) {
        free(out);
        return NULL;
    }
    return out;
}

/* Split "ID<blanks>REST" in place: *rest is NULL when there is no REST. */
static char *split_first_word(char *line, char **rest)
{
    size_t idlen = strcspn(line, " \t");
    *rest = NULL;
    if (line[idlen] == '\0') return line;
    line[idlen] = '\0';
    char *r = line + idlen + 1;
    r += strspn(r, " \t");
    if (*r) *rest = r;
    return line;
}

/* The index of `signal` with room for its proposal and fact-only mark,
 * or (size_t)-1 when out of memory. */
static size_t signal_slot(dc_notes *n, const char *signal)
{
    size_t i = intern_signal(n, signal);
    if (i == (size_t)-1 || i < n->capproposals) return i;
    size_t cap = n->nsignals + 16;
    char **more = realloc(n->proposals, cap * sizeof *more);
    if (more) n->proposals = more;
    unsigned char *marks = more ? realloc(n->fact_only, cap) : NULL;
    if (!marks) return (size_t)-1;
    n->fact_only = marks;
    memset(more + n->capproposals, 0, (cap - n->capproposals) * sizeof *more);
    memset(marks + n->capproposals, 0, cap - n->capproposals);
    n->capproposals = cap;
    return i;
}

/* Record what `signal` proposes (replacing an earlier @propose of it).
 * DC_OK or DC_ENOMEM. */
static int set_proposal(dc_notes *n, const char *signal, const char *what)
{
    size_t i = signal_slot(n, signal);
    if (i == (size_t)-1) return out_of_memory(n);
    char *copy = strdup(what);
    if (!copy) return out_of_memory(n);
    free(n->proposals[i]);
    n->proposals[i] = copy;
    return DC_OK;
}

/* Is signal i an @fact-only id? (The flags reach only the signals seen
 * when they were allocated.) */
static int fact_only_at(const dc_notes *n, size_t i)
{
    return i < n->capproposals && n->fact_only[i];
}

int dc_notes_fact_only(const dc_notes *n, const char *signal)
{
    for (size_t i = 0; n && signal && i < n->nsignals; i++)
        if (strcmp(n->signals[i], signal) == 0) return fact_only_at(n, i);
    return 0;
}

const char *dc_notes_proposal(const dc_notes *n, const char *signal)
{
    for (size_t i = 0; n && signal && i < n->nsignals && i < n->capproposals; i++)
        if (strcmp(n->signals[i], signal) == 0) return n->proposals[i];
    return NULL;
}

/* One line of a pattern file: "SIGNAL<TAB>PATTERN", "SIGNAL<TAB>!PATTERN",
 * "@negation<TAB>PATTERN", "@hedge<TAB>PATTERN", "@break<TAB>PATTERN",
 * "@then<TAB>PATTERN", "@now<TAB>PATTERN", "@still<TAB>PATTERN", "@question<TAB>PATTERN",
 * "@carry<TAB>PATTERN", "@elsewhere<TAB>PATTERN", "@heard<TAB>PATTERN", "@refuted<TAB>PATTERN",
 * "@concept NAME<TAB>PATTERN" or "@typos NAME<TAB>WORDS". */
static int load_pattern_line(dc_notes *n, const char *path, size_t line, char *text)
{
    char *pattern;
    char *id = split_first_word(text, &pattern);
    if (!pattern)
        return add_problem(n, "%s:%zu: expected a signal id, a tab, then a pattern", path, line);
    if (strcmp(id, "@negation") == 0 || strcmp(id, "@hedge") == 0)
        return add_rule(n, id[1] == 'n' ? RULE_NEGATION : RULE_HEDGE, NULL, pattern, path, line);
    if (strcmp(id, "@fact-only") == 0) {
        if (!dc_signal_id_valid(pattern))
            return add_problem(n, "%s:%zu: expected @fact-only, a tab, then an id", path, line);
        size_t i = signal_slot(n, pattern);
        if (i == (size_t)-1) return out_of_memory(n);
        n->fact_only[i] = 1;
        return DC_OK;
    }
    if (strcmp(id, "@propose") == 0) {
        char *what;
        char *signal = split_first_word(pattern, &what);
        if (!what || !dc_signal_id_valid(signal))
            return add_problem(n, "%s:%zu: expected @propose, a signal id, a tab, then what it "
                                  "proposes (criterion ID, person leaving|changed, budget cut, "
                                  "competitor MOVE)", path, line);
        return set_proposal(n, signal, what);
    }
    if (strcmp(id, "@concept") == 0 || strcmp(id, "@typos") == 0) {
        char *body;
        char *name = split_first_word(pattern, &body);
        int good = body != NULL && *name != '-';
        for (const char *p = name; good && *p; p++) good = is_name_char(*p);
        if (!good)
            return add_problem(n, "%s:%zu: expected %s, a concept name (lowercase words joined "
                                  "by '-'), a tab, then %s", path, line, id,
                               id[1] == 'c' ? "a pattern" : "words");
        if (id[1] == 'c') return add_concept(n, name, body, path, line);
        int bad;
        char *typos = typo_pattern(body, &bad);
        if (!typos && bad)
            return add_problem(n, "%s:%zu: @typos takes plain lowercase English words (a-z, "
                                  "up to 100 letters)", path, line);
        if (!typos) return out_of_memory(n);
        int rc = add_concept(n, name, typos, path, line);
        free(typos);
        return rc;
    }
    if (strcmp(id, "@break") == 0) return add_rule(n, RULE_BREAK, NULL, pattern, path, line);
    if (strcmp(id, "@then") == 0) return add_rule(n, RULE_THEN, NULL, pattern, path, line);
    if (strcmp(id, "@now") == 0) return add_rule(n, RULE_NOW, NULL, pattern, path, line);
    if (strcmp(id, "@still") == 0) return add_rule(n, RULE_STILL, NULL, pattern, path, line);
    if (strcmp(id, "@question") == 0) return add_rule(n, RULE_QUESTION, NULL, pattern, path, line);
    if (strcmp(id, "@carry") == 0) return add_rule(n, RULE_CARRY, NULL, pattern, path, line);
    if (strcmp(id, "@elsewhere") == 0) return add_rule(n, RULE_ELSEWHERE, NULL, pattern, path, line);
    if (strcmp(id, "@heard") == 0) return add_rule(n, RULE_HEARD, NULL, pattern, path, line);
    if (strcmp(id, "@refuted") == 0) return add_rule(n, RULE_REFUTED, NULL, pattern, path, line);
    if (strcmp(id, "@disowns") == 0) return add_rule(n, RULE_DISOWNS, NULL, pattern, path, line);
    if (strcmp(id, "@answered-no") == 0) return add_rule(n, RULE_ANSWERED_NO, NULL, pattern, path, line);
    if (!dc_signal_id_valid(id))
        return add_problem(n, "%s:%zu: \"%s\" is not a signal id (lowercase words joined by '-', "
                              "or @negation, @hedge, @break, @then, @now, @still, @question, @carry, @elsewhere, @heard, @refuted, @disowns, @answered-no, @concept, @typos)",
                           path, line, id);
    if (pattern[0] == '!' && pattern[1])
        return add_rule(n, RULE_EXCLUDE, id, pattern + 1, path, line);
    return add_rule(n, RULE_SIGNAL, id, pattern, path, line);
}

/* Put `from` -> `to` in the sorted map, replacing an earlier pair. */
static int add_charpair(dc_notes *n, uint32_t from, uint32_t to)
{
    size_t i = 0;
    while (i < n->nchars && n->chars[i].from < from) i++;
    if (i < n->nchars && n->chars[i].from == from) {
        n->chars[i].to = to;
        return DC_OK;
    }
    struct charpair *p = grow(n->chars, &n->capchars, n->nchars, sizeof *p);
    if (!p) return out_of_memory(n);
    n->chars = p;
    memmove(p + i + 1, p + i, (n->nchars - i) * sizeof *p);
    p[i].from = from;
    p[i].to = to;
    n->nchars++;
    return DC_OK;
}

/* The single character making up `s`, or 0 when s is not exactly one. */
static uint32_t only_char(const char *s)
{
    uint32_t cp;
    size_t len = strlen(s);
    size_t clen = len ? utf8_decode((const unsigned char *)s, len, &cp) : 0;
    return clen && clen == len ? cp : 0;
}

/* One line of a map: "FROM<blanks>TO", two characters or two words
 * (notes_words.h) of the same UTF-8 length. */
static int load_map_line(dc_notes *n, const char *path, size_t line, char *text)
{
    size_t len = strlen(text), bad = dc_utf8_invalid_at(text, len);
    if (bad < len) /* said before the bytes are quoted back */
        return add_problem(n, "%s:%zu: not UTF-8 (byte %zu of the line)", path, line, bad + 1);
    char *rest;
    char *first = split_first_word(text, &rest);
    uint32_t from = only_char(first);
    uint32_t to = rest ? only_char(rest) : 0;
    if (from && to) {
        char a[4], b[4];
        if (utf8_encode(from, a) != utf8_encode(to, b))
            return add_problem(n, "%s:%zu: the two characters differ in UTF-8 length", path, line);
        return add_charpair(n, from, to);
    }
    if (!rest)
        return add_problem(n, "%s:%zu: expected two characters or two words separated by a blank", path, line);
    if (strlen(first) != strlen(rest))
        return add_problem(n, "%s:%zu: \"%s\" and \"%s\" differ in UTF-8 length", path, line, first, rest);
    int rc = dc_words_add(n->words, first, rest);
    if (rc == DC_ENOMEM) return out_of_memory(n);
    if (rc)
        return add_problem(n, "%s:%zu: expected two characters, or two words of non-ASCII characters of at most "
                              "%d bytes (%d words in all)", path, line, DC_WORDS_BYTES, DC_WORDS_MAX);
    return DC_OK;
}

typedef int line_fn(dc_notes *n, const char *path, size_t line, char *text);

/* Feed each meaningful line of `data` to `fn`: a UTF-8 byte order mark, line
 * ends, surrounding blanks, blank lines and #-comments are dropped. */
static int for_each_line(dc_notes *n, const char *path, char *data, line_fn *fn)
{
    if (strncmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3;
    size_t lineno = 0;
    for (char *line = data; line; ) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        line += strspn(line, " \t");
        size_t len = strlen(line);
        while (len && strchr(" \t\r", line[len - 1])) line[--len] = '\0';
        if (len && line[0] != '#') {
            int rc = fn(n, path, lineno, line);
            if (rc) return rc;
        }
        line = next;
    }
    return DC_OK;
}

/* Load one file line by line. DC_EIO: unreadable; DC_EINPUT: some lines
 * were problems (the others are loaded); DC_ENOMEM; DC_OK. */
static int load_lines(dc_notes *n, const char *path, line_fn *fn)
{
    n->message[0] = '\0';
    if (!path) return fail(n, DC_EIO, "no file name given");
    char *data;
    size_t size;
    if (read_whole_file(path, &data, &size)) return fail(n, DC_EIO, "%s: %s", path, strerror(errno));
    size_t before = n->nproblems;
    int rc = for_each_line(n, path, data, fn);
    free(data);
    if (rc) return rc;
    size_t bad = n->nproblems - before;
    if (bad)
        return fail(n, DC_EINPUT, "%s: %zu line%s skipped; first: %s", path, bad,
                    bad == 1 ? "" : "s", n->problems[before]);
    return DC_OK;
}

int dc_notes_load_file(dc_notes *n, const char *path)
{
    if (!n) return DC_EINPUT;
    dc_notes_memo_clear(n->memo); /* hits of other patterns */
    return load_lines(n, path, load_pattern_line);
}

int dc_notes_load_map(dc_notes *n, const char *path)
{
    if (!n) return DC_EINPUT;
    dc_notes_memo_clear(n->memo);
    int rc = load_lines(n, path, load_map_line);
    dc_words_settle(n->words, map_word, n);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a > b && strcmp(s + a - b, suffix) == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How bad a status is, to keep the worst of several loads. */
static int severity(int status)
{
    switch (status) {
    case DC_OK: return 0;
    case DC_EINPUT: return 1;
    case DC_EIO: return 2;
    default: return 3;
    }
}

/* Load the directory's files ending in `suffix` (in name order) with `fn`,
 * keeping the worst status in *worst and its message in `why`. */
static int load_dir_files(dc_notes *n, const char *dir, char **names, size_t count,
                          const char *suffix, line_fn *fn, int *worst, char *why)
{
    for (size_t i = 0; i < count; i++) {
        if (!ends_with(names[i], suffix)) continue;
        char *path = format("%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        if (!path) return out_of_memory(n);
        int rc = load_lines(n, path, fn);
        free(path);
        if (rc == DC_ENOMEM) return rc;
        if (severity(rc) > severity(*worst)) {
            *worst = rc;
            memcpy(why, n->message, sizeof n->message);
        }
    }
    return DC_OK;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
}

/* The names of a directory's visible entries, sorted, in a malloc'd array
 * of malloc'd strings. NULL with errno set when it fails. */
static char **list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) return NULL;
    size_t n = 0, cap = 1;
    char **names = malloc(sizeof *names);
    for (struct dirent *e; names && (e = readdir(d)) != NULL; ) {
        if (e->d_name[0] == '.') continue;
        char **more = grow(names, &cap, n, sizeof *more);
        char *name = more ? strdup(e->d_name) : NULL;
        if (!name) {
            free_names(more ? more : names, n);
            names = NULL;
            break;
        }
        names = more;
        names[n++] = name;
    }
    closedir(d);
    if (!names) {
        errno = ENOMEM;
        return NULL;
    }
    qsort(names, n, sizeof *names, compare_names);
    *count = n;
    return names;
}

int dc_notes_has_opencc(dc_notes *n)
{
    return n && open_opencc(n);
}

int dc_notes_from_state(const dc_notes *n)
{
    return n && n->from_state;
}

int dc_notes_opencc_loaded(const dc_notes *n)
{
    return n && n->occ.lib != NULL;
}

void dc_notes_prepare(dc_notes *n)
{
    if (n) open_opencc(n);
}

/* Can OpenCC's configuration be found, without loading it? OpenCC reads a
 * relative name from the working directory, else from its data directory.
 * A "yes" is confirmed when the first Chinese note opens it. */
static int opencc_config_found(void)
{
    return access(DC_NOTES_OPENCC_CONFIG, R_OK) == 0 ||
           access(DC_OPENCC_DATADIR "/" DC_NOTES_OPENCC_CONFIG, R_OK) == 0;
}

/* ------------------------------------------------------- the loaded state
 *
 * What loading a pattern directory computes — the character maps, the
 * concepts (texts expanded), the signals with their proposals and
 * fact-only marks, and every rule: its kind, signal, place, parts (as
 * cache entries) and needed concepts — is kept in the cache after the
 * codes, with a digest of the directory's pattern files (names, lengths,
 * bytes) and their stamp (engine/stamp.h). A load of a directory whose
 * files have that stamp (not read), or else that digest, into an empty
 * handle takes it from there, without expanding, checking or looking up a
 * pattern: the same state, since the same lines would give it. Files that
 * differ, or a damaged state, and the lines are read as usual
 * (DEALCOACH_PLAIN=pattern-state: always; so with lazy-concepts, which
 * compiles concepts as lines add to them).
 *
 * State: the digest and the stamp (64 bits each); the pattern files' names; the map's pairs;
 * the signals (id, proposal or "", fact-only); the concepts (name, text);
 * the rules (kind, signal, file, line, parts' entries, needs); all numbers
 * 32 bits, strings NUL-terminated; then a checksum of all that (64 bits). */

static int is_pattern_file(const char *name)
{
    return ends_with(name, ".map") || ends_with(name, ".concepts") || ends_with(name, ".txt");
}

/* "DIR/NAME", as the loads name a file; NULL when out of memory. */
static char *dir_path(const char *dir, const char *name)
{
    return format("%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/* The pattern files among names[0..count) (sorted: in name order), into
 * a new array of the same pointers (the caller frees the array only) and
 * *nfiles; NULL when out of memory. */
static char **pattern_files(char **names, size_t count, size_t *nfiles)
{
    char **files = malloc((count + 1) * sizeof *files);
    *nfiles = 0;
    for (size_t i = 0; files && i < count; i++)
        if (is_pattern_file(names[i])) files[(*nfiles)++] = names[i];
    return files;
}

/* A growing byte string; `failed` once out of memory. */
struct writer {
    unsigned char *p;
    size_t len, cap;
    int failed;
};

static void put(struct writer *w, const void *data, size_t len)
{
    if (w->failed) return;
    if (w->len + len > w->cap) {
        size_t cap = (w->len + len) * 2;
        unsigned char *more = realloc(w->p, cap);
        if (!more) { w->failed = 1; return; }
        w->p = more;
        w->cap = cap;
    }
    memcpy(w->p + w->len, data, len);
    w->len += len;
}

static void put_u32(struct writer *w, size_t v)
{
    uint32_t x = (uint32_t)v;
    put(w, &x, sizeof x);
}

static void put_str(struct writer *w, const char *s)
{
    put(w, s, strlen(s) + 1);
}

/* Bytes read from the mapped state; `bad` once they run out. */
struct reader {
    const unsigned char *p, *end;
    int bad;
};

static uint32_t get_u32(struct reader *r)
{
    uint32_t x = 0;
    if (r->bad || (size_t)(r->end - r->p) < sizeof x) { r->bad = 1; return 0; }
    memcpy(&x, r->p, sizeof x);
    r->p += sizeof x;
    return x;
}

/* A string of the state, or "" once bad. */
static const char *get_str(struct reader *r)
{
    const unsigned char *nul = r->bad ? NULL : memchr(r->p, '\0', (size_t)(r->end - r->p));
    if (!nul) { r->bad = 1; return ""; }
    const char *s = (const char *)r->p;
    r->p = nul + 1;
    return s;
}

/* The state of handle m, loaded from `dir` (its pattern files
 * patterns[0..nfiles), whose digest and stamp are `files`) with every
 * part from the cache, into w. 0, or -1 when a part is not in the cache or a rule's
 * place is not one of the files. */
static int write_state(const dc_notes *m, const char *dir, char **patterns, size_t nfiles,
                       const uint64_t files[2], struct writer *w)
{
    char **paths = calloc(nfiles + 1, sizeof *paths); /* of the pattern files, by file number */
    int rc = paths ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < nfiles; i++)
        if (!(paths[i] = dir_path(dir, patterns[i]))) rc = -1;
    put(w, files, 2 * sizeof *files); /* the pattern files' digest and stamp */
    put_u32(w, nfiles);
    for (size_t i = 0; rc == 0 && i < nfiles; i++) put_str(w, patterns[i]);
    put_u32(w, m->nchars);
    for (size_t i = 0; i < m->nchars; i++) put_u32(w, m->chars[i].from), put_u32(w, m->chars[i].to);
    put_u32(w, dc_words_count(m->words));
    for (size_t i = 0; i < dc_words_count(m->words); i++)
        put_str(w, dc_words_from(m->words, i)), put_str(w, dc_words_to(m->words, i));
    put_u32(w, m->nsignals);
    for (size_t i = 0; i < m->nsignals; i++) {
        int marked = i < m->capproposals;
        put_str(w, m->signals[i]);
        put_str(w, marked && m->proposals[i] ? m->proposals[i] : "");
        put_u32(w, marked && m->fact_only[i]);
    }
    put_u32(w, m->nconcepts);
    for (size_t i = 0; i < m->nconcepts; i++) put_str(w, m->concepts[i].name), put_str(w, m->concepts[i].pattern);
    put_u32(w, m->nrules);
    for (size_t i = 0; rc == 0 && i < m->nrules; i++) {
        const struct rule *r = &m->rules[i];
        const char *colon = strrchr(r->where, ':');
        size_t file = 0;
        while (file < nfiles && (!colon || strlen(paths[file]) != (size_t)(colon - r->where) ||
                                 memcmp(paths[file], r->where, (size_t)(colon - r->where))))
            file++;
        if (file == nfiles || r->code.cached < 0) rc = -1;
        put_u32(w, r->kind);
        put_u32(w, (uint32_t)r->reach);
        put_u32(w, r->signal);
        put_u32(w, file);
        put_u32(w, colon ? strtoul(colon + 1, NULL, 10) : 0);
        put_u32(w, r->nmore + 1);
        put_u32(w, (size_t)r->code.cached);
        for (size_t k = 0; k < r->nmore; k++) {
            if (r->more[k].cached < 0) rc = -1;
            put_u32(w, (size_t)r->more[k].cached);
        }
        put_u32(w, r->nneeds);
        for (size_t k = 0; k < r->nneeds; k++) put_u32(w, r->needs[k]);
    }
    uint64_t sum = w->failed ? 0 : dc_digest(DC_DIGEST_SEED, w->p, w->len);
    put(w, &sum, sizeof sum);
    for (size_t i = 0; paths && i < nfiles; i++) free(paths[i]);
    free(paths);
    return rc || w->failed ? -1 : 0;
}

/* Compute the state of `dir` through the cache just written at `path` and
 * add it to that file (through a temporary file renamed into place). DC_OK,
 * else a status with the reason in why[size]. */
static int add_state(const char *dir, const char *path, char *why, size_t size)
{
    dc_notes *m = dc_notes_new();
    struct writer w = {NULL, 0, 0, 0};
    size_t count = 0, file_size = 0;
    char **names = NULL, *data = NULL, *tmp = NULL;
    FILE *f = NULL;
    uint64_t files[2]; /* the pattern files' digest and stamp */
    char **patterns = NULL;
    size_t npatterns = 0;
    int rc = DC_ENOMEM;
    snprintf(why, size, "out of memory");
    if (!m) goto out;
    dc_notes_use_cache(m, path);
    if (!m->cache.map) { rc = DC_OK; goto out; } /* DEALCOACH_PLAIN=pattern-cache: no state either */
    rc = dc_notes_load_dir(m, dir);
    if (rc) { snprintf(why, size, "%s", m->message); goto out; }
    rc = DC_EIO;
    snprintf(why, size, "%s: cannot read the pattern files", dir);
    if (!(names = list_dir(dir, &count)) || !(patterns = pattern_files(names, count, &npatterns)) ||
        dc_digest_files(dir, patterns, npatterns, &files[0]))
        goto out;
    files[1] = dc_digest_stamp(dir, patterns, npatterns);
    snprintf(why, size, "%s: a pattern loaded is not in the cache", path);
    if (write_state(m, dir, patterns, npatterns, files, &w)) { rc = w.failed ? DC_ENOMEM : DC_EINPUT; goto out; }
    snprintf(why, size, "%s: %s", path, strerror(errno));
    if (read_whole_file(path, &data, &file_size) || file_size < CACHE_HEAD || !(tmp = format("%s.tmp", path)) ||
        !(f = fopen(tmp, "wb")))
        goto out;
    uint64_t place[2] = {file_size, w.len};
    memcpy(data + strlen(CACHE_MAGIC) + 8, place, sizeof place);
    fwrite(data, 1, file_size, f);
    fwrite(w.p, 1, w.len, f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) { remove(tmp); goto out; }
    rc = DC_OK;
    why[0] = '\0';
out:
    free(patterns);
    if (names) free_names(names, count);
    dc_notes_free(m);
    free(w.p);
    free(data);
    free(tmp);
    return rc;
}

/* "PATH:LINE" into a new string; NULL when out of memory. */
static char *place_of(const char *path, uint32_t line)
{
    char digits[12];
    size_t nd = 0, len = strlen(path);
    do digits[nd++] = (char)('0' + line % 10); while ((line /= 10) != 0);
    char *s = malloc(len + 1 + nd + 1);
    if (!s) return NULL;
    memcpy(s, path, len);
    s[len] = ':';
    for (size_t i = 0; i < nd; i++) s[len + 1 + i] = digits[nd - 1 - i];
    s[len + 1 + nd] = '\0';
    return s;
}

/* Read one rule of the state into *r (its place among paths[nfiles]):
 * 0, or -1 when the state is bad or memory runs out (*r then holds what
 * must be freed). */
static int read_rule(dc_notes *n, struct reader *rd, char **paths, uint32_t nfiles, struct rule *r)
{
    *r = (struct rule){RULE_SIGNAL, 0, NO_PATTERN, NULL, 0, NULL, 0, NULL, REACH_CLAUSES};
    uint32_t kind = get_u32(rd), reach = get_u32(rd), signal = get_u32(rd), file = get_u32(rd);
    uint32_t line = get_u32(rd), nparts = get_u32(rd);
    if (rd->bad || kind > RULE_ANSWERED_NO || reach > REACH_SENTENCE || (reach && kind != RULE_EXCLUDE) ||
        file >= nfiles || nparts == 0 || nparts > 64 ||
        ((kind == RULE_SIGNAL || kind == RULE_EXCLUDE) ? signal >= n->nsignals : signal != 0))
        return -1;
    r->kind = (enum rule_kind)kind;
    r->reach = (enum reach)reach;
    r->signal = signal;
    if (nparts > 1 && !(r->more = calloc(nparts - 1, sizeof *r->more))) return -1;
    for (uint32_t k = 0; k < nparts; k++) {
        struct pattern *p = k == 0 ? &r->code : &r->more[k - 1];
        *p = (struct pattern)NO_PATTERN;
        p->cached = (int32_t)get_u32(rd);
        if (k > 0) r->nmore = k;
        if (rd->bad || p->cached < 0 || (uint32_t)p->cached >= n->cache.count) return -1;
    }
    uint32_t nneeds = get_u32(rd);
    if (rd->bad || nneeds > n->nconcepts) return -1;
    if (nneeds && !(r->needs = malloc(nneeds * sizeof *r->needs))) return -1;
    for (uint32_t k = 0; k < nneeds; k++)
        if ((r->needs[k] = get_u32(rd)) >= n->nconcepts || rd->bad) return -1;
    r->nneeds = nneeds;
    return (r->where = place_of(paths[file], line)) ? 0 : -1;
}

/* Take the state of `dir` (its files names[count]) from the cache into
 * the empty handle n: 1 when done, 0 when there is none for these files
 * (or it is damaged, or memory ran out): the handle is then empty still. */
static int restore_state(dc_notes *n, const char *dir, char **names, size_t count)
{
    const struct cache *c = &n->cache;
    uint64_t files[2], sum; /* the pattern files' digest and stamp */
    if (!c->state || c->state_len < sizeof files + sizeof sum || c->recording || n->eager_concepts ||
        dc_plain("pattern-state"))
        return 0;
    memcpy(&sum, c->state + c->state_len - sizeof sum, sizeof sum);
    memcpy(files, c->state, sizeof files);
    if (sum != dc_digest(DC_DIGEST_SEED, c->state, c->state_len - sizeof sum))
        return 0;
    size_t npatterns;
    char **patterns = pattern_files(names, count, &npatterns);
    int same = patterns && dc_digest_files_match(dir, patterns, npatterns, files[0], files[1]);
    free(patterns);
    if (!same)
        return 0;
    struct reader rd = {c->state + sizeof files, c->state + c->state_len - sizeof sum, 0};
    uint32_t nfiles = get_u32(&rd);
    char **paths = calloc((size_t)nfiles + 1, sizeof *paths);
    int ok = paths != NULL && nfiles <= count;
    for (uint32_t i = 0; ok && i < nfiles; i++) ok = (paths[i] = dir_path(dir, get_str(&rd))) != NULL;
    uint32_t nchars = ok ? get_u32(&rd) : 0;
    if (ok && nchars && (rd.bad || nchars > c->state_len || !(n->chars = malloc(nchars * sizeof *n->chars))))
        ok = 0;
    for (uint32_t i = 0; ok && i < nchars; i++) {
        n->chars[i].from = get_u32(&rd);
        n->chars[i].to = get_u32(&rd);
        n->nchars = n->capchars = i + 1;
    }
    uint32_t nwords = ok ? get_u32(&rd) : 0;
    ok = ok && !rd.bad && nwords <= c->state_len;
    for (uint32_t i = 0; ok && i < nwords; i++) {
        const char *from = get_str(&rd), *to = get_str(&rd);
        ok = !rd.bad && dc_words_add(n->words, from, to) == DC_OK;
    }
    if (ok) dc_words_settle(n->words, NULL, NULL); /* settled when saved */
    uint32_t nsignals = ok ? get_u32(&rd) : 0;
    if (ok && nsignals && (rd.bad || nsignals > c->state_len || !(n->signals = calloc(nsignals, sizeof *n->signals)) ||
                           !(n->proposals = calloc(nsignals, sizeof *n->proposals)) ||
                           !(n->fact_only = calloc(nsignals, 1))))
        ok = 0;
    if (ok) n->capsignals = n->capproposals = nsignals;
    for (uint32_t i = 0; ok && i < nsignals; i++) {
        const char *id = get_str(&rd), *proposal = get_str(&rd);
        ok = (n->signals[i] = strdup(id)) != NULL;
        if (ok) n->nsignals = i + 1;
        if (ok && *proposal) ok = (n->proposals[i] = strdup(proposal)) != NULL;
        if (ok) n->fact_only[i] = get_u32(&rd) != 0;
    }
    uint32_t nconcepts = ok ? get_u32(&rd) : 0;
    if (ok && nconcepts && (rd.bad || nconcepts > c->state_len || !(n->concepts = calloc(nconcepts, sizeof *n->concepts))))
        ok = 0;
    if (ok) n->capconcepts = nconcepts;
    for (uint32_t i = 0; ok && i < nconcepts; i++) {
        const char *name = get_str(&rd), *text = get_str(&rd);
        n->concepts[i] = (struct concept){strdup(name), strdup(text), NO_PATTERN};
        n->nconcepts = i + 1;
        ok = n->concepts[i].name && n->concepts[i].pattern;
    }
    uint32_t nrules = ok ? get_u32(&rd) : 0;
    if (ok && nrules && (rd.bad || nrules > c->state_len || !(n->rules = calloc(nrules, sizeof *n->rules))))
        ok = 0;
    if (ok) n->caprules = nrules;
    for (uint32_t i = 0; ok && i < nrules; i++) {
        ok = read_rule(n, &rd, paths, nfiles, &n->rules[i]) == 0;
        if (ok) n->nrules = i + 1;
        else free_rule(&n->rules[i]);
    }
    ok = ok && !rd.bad && rd.p == rd.end;
    for (uint32_t i = 0; paths && i < nfiles; i++) free(paths[i]);
    free(paths);
    if (!ok) clear_loaded(n);
    return ok;
}

int dc_notes_load_dir(dc_notes *n, const char *dir)
{
    if (!n) return DC_EINPUT;
    dc_notes_memo_clear(n->memo);
    n->message[0] = '\0';
    if (!dir) return fail(n, DC_EIO, "no directory given");
    int fresh = !n->nrules && !n->nconcepts && !n->nchars && !dc_words_count(n->words) && !n->nsignals &&
                !n->nproblems;
    int opencc_missing = n->cc_tried ? !dc_notes_has_opencc(n) : !opencc_config_found();
    if (opencc_missing) {
        int rc = add_problem(n, "OpenCC: cannot open %s (%s): traditional Chinese notes are read "
                                "as written (install libopencc-data)", DC_NOTES_OPENCC_CONFIG,
                             n->cc_tried ? n->cc_why : "not found");
        if (rc) return rc;
    }
    size_t count = 0;
    char **names = list_dir(dir, &count);
    if (!names)
        return errno == ENOMEM ? out_of_memory(n) : fail(n, DC_EIO, "%s: %s", dir, strerror(errno));
    n->from_state = fresh && restore_state(n, dir, names, count);
    if (n->from_state) {
        free_names(names, count);
        return DC_OK;
    }
    int worst = DC_OK;
    char why[sizeof n->message] = "";
    int rc = load_dir_files(n, dir, names, count, ".map", load_map_line, &worst, why);
    if (!rc) dc_words_settle(n->words, map_word, n);
    if (!rc) rc = load_dir_files(n, dir, names, count, ".concepts", load_pattern_line, &worst, why);
    if (!rc) rc = load_dir_files(n, dir, names, count, ".txt", load_pattern_line, &worst, why);
    free_names(names, count);
    if (rc) return rc;
    memcpy(n->message, why, sizeof why);
    return worst;
}

/* ----------------------------------------------------------------- scanning */

/* Find pattern p in s[0..len) at or after `from`. 1 with the match in
 * [*start, *end); 0 when there is none (a PCRE2 limit counts as none).
 * The pattern is JIT compiled where that pays: at its JIT_AFTER'th try, or
 * at once for a long subject (when JIT fails, the interpreter goes on
 * running it; both find the same matches). */
static int find(dc_notes *n, struct pattern *p, const char *s, size_t len, size_t from,
                size_t *start, size_t *end)
{
    if (ready(n, p)) return 0;
    if (p->tries < JIT_AFTER && (++p->tries == JIT_AFTER || len - from >= JIT_SUBJECT)) {
        p->tries = JIT_AFTER;
        if (!n->eager_jit) pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
    }
    int rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, from, PCRE2_NOTEMPTY | PCRE2_NO_UTF_CHECK,
                         n->md, n->mctx);
    if (rc < 0) return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(n->md);
    *start = ov[0];
    *end = ov[1] > ov[0] ? ov[1] : ov[0]; /* \K can put the start past the end */
    return 1;
}

/* The hit of one signal: from its first sentence that has one, by the
 * first pattern (in load order) that matches there. */
/* A stretch [start, end) of the normalised note. */
struct span {
    size_t start, end;
};

struct hit {
    size_t signal, start, end; /* [start, end): bytes of the normalised note */
    const struct rule *rule;
    int found;
    struct span other;  /* while not found: a sentence whose mention an exclusion
                         * anchored at a clause's head found to be another party's
                         * (exclusion_of() 2); the model adds nothing there */
};

/* A concept's mention, for the learned model: the concept and its byte. */
struct place {
    size_t concept, at;
};

struct scan {
    dc_notes *n;
    struct normal note;
    unsigned char *breaks;   /* per normalised byte: NO_BREAK, CLAUSE_... */
    char *scratch;           /* room for a sentence, or for the longest words */
    struct hit *hits;        /* one per signal */
    unsigned char *mentioned; /* per concept: 0 not looked yet, 1 yes, 2 no */
    char *folded;            /* the note as literals are compared (literals.h) */
    size_t folded_len;
    uint64_t id;             /* this scan, for struct literal's seen_in */
    struct place *places;    /* where the note mentions each concept (concept_places()) */
    size_t nplaces, capplaces;
    int placed;              /* places found */
};

/* Mark (1) or clear (0) the note's byte pairs in n->pairs: a literal with
 * a pair the note lacks is not in it, found without searching. */
static void mark_pairs(struct scan *sc, int set)
{
    const unsigned char *t = (const unsigned char *)sc->folded;
    for (size_t i = 0; i + 1 < sc->folded_len; i++) {
        unsigned pair = (unsigned)t[i] << 8 | t[i + 1];
        if (set) sc->n->pairs[pair >> 6] |= (uint64_t)1 << (pair & 63);
        else sc->n->pairs[pair >> 6] = 0;
    }
}

/* Is literal l in the note? */
static int note_holds(const struct scan *sc, const struct literal *l)
{
    const unsigned char *s = (const unsigned char *)l->s;
    for (size_t i = 0; i + 1 < l->len; i++) {
        unsigned pair = (unsigned)s[i] << 8 | s[i + 1];
        if (!(sc->n->pairs[pair >> 6] & (uint64_t)1 << (pair & 63))) return 0;
    }
    return memmem(sc->folded, sc->folded_len, l->s, l->len) != NULL;
}

/* Can pattern p match anywhere in the note? 0 only when the note holds
 * none of its literals. */
static int may_match(struct scan *sc, struct pattern *p)
{
    dc_notes *n = sc->n;
    if (p->nlits < 0) read_literals(n, p, entry_text(&n->cache, (uint32_t)p->cached));
    if (p->nlits == 0 || !sc->folded) return 1;
    if (p->seen_in == sc->id) return p->may;
    p->seen_in = sc->id;
    if (p->mark >= 0 && n->indexed) return p->may = n->marks[p->mark] == sc->id;
    p->may = 0;
    for (int32_t i = 0; i < p->nlits && !p->may; i++) {
        uint32_t k = p->lits[i], pair = n->lit_pair[k];
        uint64_t *seen = &n->lit_seen[k];
        if (*seen >> 1 != sc->id) { /* its telling pair first: most literals end there */
            int telling = pair == UINT32_MAX || (n->pairs[pair >> 6] & (uint64_t)1 << (pair & 63));
            *seen = sc->id << 1 | (uint64_t)(telling && note_holds(sc, &n->lits[k]));
        }
        p->may = (int)(*seen & 1);
    }
    return p->may;
}

/* Call fn on every pattern of the handle (the parts of rules, concepts). */
static void each_pattern(dc_notes *n, void (*fn)(dc_notes *, struct pattern *, uint32_t *),
                         uint32_t *arg)
{
    for (size_t i = 0; i < n->nrules; i++) {
        fn(n, &n->rules[i].code, arg);
        for (size_t k = 0; k < n->rules[i].nmore; k++) fn(n, &n->rules[i].more[k], arg);
    }
    for (size_t i = 0; i < n->nconcepts; i++) fn(n, &n->concepts[i].code, arg);
}

/* each_pattern() passes: count the patterns per literal (arg: counts,
 * one per literal; the last, the patterns); then give each a slot and
 * put it in its literals' postings (arg: the next free place per literal). */
static void count_pattern(dc_notes *n, struct pattern *p, uint32_t *counts)
{
    if (p->nlits <= 0) return;
    for (int32_t i = 0; i < p->nlits; i++) counts[p->lits[i]]++;
    counts[n->nlits]++;
}

static void post_pattern(dc_notes *n, struct pattern *p, uint32_t *next)
{
    if (p->nlits <= 0) return;
    p->mark = (int32_t)next[n->nlits]++;
    n->marks[p->mark] = 0;
    for (int32_t i = 0; i < p->nlits; i++) n->post_slots[next[p->lits[i]]++] = (uint32_t)p->mark;
}

/* Build the index of literals (literal-index) for every pattern whose
 * literals were read: per literal, the patterns that need it. Out of
 * memory leaves it unbuilt (may_match() then looks for each pattern's
 * literals itself): never a failure. */
static void build_index(dc_notes *n)
{
    uint32_t *next = calloc(n->nlits + 1, sizeof *next);
    if (!next) return;
    each_pattern(n, count_pattern, next);
    size_t total = 0, posted = 0;
    for (size_t k = 0; k < n->nlits; k++) total += next[k], posted += next[k] > 0;
    n->posted = malloc((posted + 1) * sizeof *n->posted);
    n->post_pair = malloc((posted + 1) * sizeof *n->post_pair);
    n->post_start = malloc((posted + 1) * sizeof *n->post_start);
    n->post_slots = malloc((total + 1) * sizeof *n->post_slots);
    n->marks = malloc((next[n->nlits] + 1) * sizeof *n->marks);
    if (!n->posted || !n->post_pair || !n->post_start || !n->post_slots || !n->marks || total > UINT32_MAX) {
        free(next);
        drop_index(n);
        return;
    }
    uint32_t at = 0;
    for (size_t k = 0; k < n->nlits; k++) { /* next[k]: where literal k's postings start */
        uint32_t count = next[k];
        if (count) {
            n->post_start[n->nposted] = at;
            n->post_pair[n->nposted] = n->lit_pair[k];
            n->posted[n->nposted++] = (uint32_t)k;
        }
        next[k] = at;
        at += count;
    }
    n->post_start[n->nposted] = at;
    next[n->nlits] = 0;
    each_pattern(n, post_pattern, next);
    free(next);
    n->indexed = 1;
}

/* Look for every literal of the index once (literal-index): the patterns
 * that need one the note holds are marked with this scan, so that
 * may_match() reads a mark instead of going through each pattern's
 * literals (most of which, for a long set, the note lacks). */
static void mark_present(struct scan *sc)
{
    dc_notes *n = sc->n;
    for (size_t i = 0; i < n->nposted; i++) {
        uint32_t pair = n->post_pair[i]; /* beside posted[]: read in order, most end here */
        if (pair != UINT32_MAX && !(n->pairs[pair >> 6] & (uint64_t)1 << (pair & 63))) continue;
        uint32_t k = n->posted[i];
        if (!note_holds(sc, &n->lits[k])) continue;
        n->lit_seen[k] = sc->id << 1 | 1; /* (one not found is looked for again if asked) */
        for (uint32_t m = n->post_start[i]; m < n->post_start[i + 1]; m++)
            n->marks[n->post_slots[m]] = sc->id;
    }
}

/* Can rule r match anywhere in the note: each of its parts? */
static int rule_may_match(struct scan *sc, struct rule *r)
{
    if (!may_match(sc, &r->code)) return 0;
    for (size_t k = 0; k < r->nmore; k++)
        if (!may_match(sc, &r->more[k])) return 0;
    return 1;
}

static void scan_free(struct scan *sc)
{
    normal_free(&sc->note);
    free(sc->breaks);
    free(sc->scratch);
    free(sc->hits);
    free(sc->mentioned);
    free(sc->places);
    if (sc->folded) mark_pairs(sc, 0);
    free(sc->folded);
}

/* What ends where: a pattern matches within a sentence; negation cues and
 * exclusions reach only the clauses its words touch. */
enum { NO_BREAK, CLAUSE_BREAK, SENTENCE_BREAK };

/* Does the '.' at t[dot] end an abbreviation rather than a sentence: a
 * title ("Mr. Lee", "Dr. Wang"), a company suffix ("Acme Inc. says"), an
 * initial ("J. Smith", "U.S. team") or a dotted word ("node.js")? */
static int abbreviation_dot(const char *t, size_t len, size_t dot)
{
    static const char *const words[] = {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr",
                                        "inc", "co", "corp", "ltd", "vs", "dept", "approx"};
    if (dot + 1 < len && is_ascii_letter(t[dot + 1])) return 1;
    size_t start = dot;
    while (start > 0 && is_ascii_letter(t[start - 1])) start--;
    size_t n = dot - start;
    if (n == 0 || (start > 0 && ((unsigned char)t[start - 1] >= 0x80 || is_digit(t[start - 1]))))
        return 0;
    if (n == 1) return 1;
    for (size_t w = 0; w < sizeof words / sizeof *words; w++)
        if (strlen(words[w]) == n && strncasecmp(t + start, words[w], n) == 0) return 1;
    return 0;
}

/* Is the '?' at t[q] a topic named as a question rather than the end of
 * one: a single word since the last sentence break ("training? not needed
 * anymore", "预算? 砍了三成"), not a Chinese question ending in its
 * particle ("客户嫌贵吗?")? Then it opens a clause, as a colon does. */
static int topic_question(const char *t, const unsigned char *breaks, size_t q)
{
    size_t start = q;
    while (start > 0 && breaks[start - 1] != SENTENCE_BREAK) start--;
    while (start < q && t[start] == ' ') start++;
    if (start == q || q - start > 16) return 0;
    static const char *const particles[] = {"吗", "呢", "么", "嘛", "吧", "咩", "未"}; /* "客户嫌贵吗?" asks */
    for (size_t i = 0; q - start >= 6 && i < sizeof particles / sizeof *particles; i++)
        if (strncmp(t + q - 3, particles[i], 3) == 0) return 0;
    for (size_t i = start; i < q; i++)
        if (t[i] == ' ' || t[i] == ',') return 0;
    return 1;
}

/* Sentences end at . ; ! ? and line ends ('.' not inside a number: 20.5,
 * nor after an abbreviation: "Mr. Lee"); clauses also at ',' and wherever
 * an @break pattern matches. */
static void mark_breaks(struct scan *sc)
{
    const char *t = sc->note.text;
    size_t len = sc->note.len;
    for (size_t i = 0; i < len; i++) {
        int decimal = t[i] == '.' && i > 0 && is_digit(t[i - 1]) && is_digit(t[i + 1]);
        int stop = t[i] == '.' && !decimal && !abbreviation_dot(t, len, i);
        sc->breaks[i] = strchr(";!?\n", t[i]) || stop ? SENTENCE_BREAK
                      : t[i] == ',' ? CLAUSE_BREAK : NO_BREAK;
        if (t[i] == '?' && topic_question(t, sc->breaks, i)) sc->breaks[i] = CLAUSE_BREAK;
    }
    for (size_t r = 0; r < sc->n->nrules; r++) {
        if (sc->n->rules[r].kind != RULE_BREAK || !rule_may_match(sc, &sc->n->rules[r])) continue;
        size_t s, e;
        for (size_t at = 0; at < len && find(sc->n, &sc->n->rules[r].code, t, len, at, &s, &e); at = e)
            for (size_t i = s; i < e; i++)
                if (sc->breaks[i] == NO_BREAK) sc->breaks[i] = CLAUSE_BREAK;
    }
}

/* The clauses that the words [start, end) touch, reaching at most
 * SCOPE_REACH bytes either side (a run-on "clause" of a pasted text would
 * otherwise make every mention cost the whole text). */
static struct span clauses_around(const struct scan *sc, size_t start, size_t end)
{
    size_t lo = start > SCOPE_REACH ? start - SCOPE_REACH : 0;
    size_t hi = sc->note.len - end > SCOPE_REACH ? end + SCOPE_REACH : sc->note.len;
    while (start > lo && !sc->breaks[start - 1]) start--;
    while (end < hi && !sc->breaks[end]) end++;
    while (start > 0 && (sc->note.text[start] & 0xC0) == 0x80) start--; /* whole characters */
    while (end < sc->note.len && (sc->note.text[end] & 0xC0) == 0x80) end++;
    return (struct span){start, end};
}

/* Does rule r match s[0..len): its pattern, and every other part of an
 * "A && B" too? The words are *start..*end, from the first part's start
 * to the last part's end. */
static int rule_matches(dc_notes *n, struct rule *r, const char *s, size_t len,
                        size_t *start, size_t *end)
{
    if (!find(n, &r->code, s, len, 0, start, end)) return 0;
    for (size_t k = 0; k < r->nmore; k++) {
        size_t ps, pe;
        if (!find(n, &r->more[k], s, len, 0, &ps, &pe)) return 0;
        if (ps < *start) *start = ps;
        if (pe > *end) *end = pe;
    }
    return 1;
}

/* Does rule r match the scope with bytes [cut.start, cut.end) taken out?
 * All offsets are the note's. */
static int matches_without(struct scan *sc, struct rule *r, struct span scope, struct span cut)
{
    const char *t = sc->note.text;
    size_t before = cut.start - scope.start, after = scope.end - cut.end, s, e;
    memcpy(sc->scratch, t + scope.start, before);
    memcpy(sc->scratch + before, t + cut.end, after);
    return rule_matches(sc->n, r, sc->scratch, before + after, &s, &e);
}

/* Is there a clause break in [from, to)? */
static int breaks_between(const struct scan *sc, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (sc->breaks[i]) return 1;
    return 0;
}

/* Is the mention `words` of rule r denied by a negation cue in its scope
 * (its clauses)? A cue that begins outside the words denies them ("不担心"
 * before "担心实施风险" too); one that begins inside denies them only when
 * the pattern matches without it, i.e. the cue sat in a gap of the pattern
 * rather than being part of the phrase. A cue inside the words but in an
 * earlier clause than the one they end in denies nothing: it is about what
 * that clause says ("售前说不用做推广,客户都会用,自己可有可无": the 不用 is
 * about the promotion, not about presales being of no use). */
static int negated(struct scan *sc, struct rule *r, struct span scope, struct span words)
{
    const char *t = sc->note.text + scope.start;
    size_t len = scope.end - scope.start;
    for (size_t q = 0; q < sc->n->nrules; q++) {
        struct rule *cue = &sc->n->rules[q];
        if ((cue->kind != RULE_NEGATION && cue->kind != RULE_HEDGE && cue->kind != RULE_ELSEWHERE) ||
            !rule_may_match(sc, cue))
            continue;
        size_t s, e;
        for (size_t at = 0; at < len && find(sc->n, &cue->code, t, len, at, &s, &e); at = e) {
            struct span found = {scope.start + s, scope.start + e};
            if (found.start < words.start || found.start >= words.end) return 1;
            if (breaks_between(sc, found.end, words.end)) continue;
            if (matches_without(sc, r, scope, found)) return 1;
        }
    }
    return 0;
}

static int kind_matches(struct scan *sc, enum rule_kind kind, size_t from, size_t to);

/* The clause a scope's pronoun points back to: when the scope opens with an
 * @carry cue ("they've slashed 30%", "他们主动降价"), the clause before it,
 * in this sentence or the last ("The competitor seems desperate: …");
 * otherwise an empty span. */
static struct span antecedent(struct scan *sc, struct span scope)
{
    struct span none = {scope.start, scope.start};
    if (scope.start == 0 || !kind_matches(sc, RULE_CARRY, scope.start, scope.end)) return none;
    size_t end = scope.start, lo = scope.start > SCOPE_REACH ? scope.start - SCOPE_REACH : 0;
    while (end > lo && sc->breaks[end - 1]) end--;
    size_t start = end;
    while (start > lo && !sc->breaks[start - 1]) start--;
    while (start < end && (sc->note.text[start] & 0xC0) == 0x80) start++; /* whole characters */
    return start < end ? (struct span){start, end} : none;
}

static struct span sentence_around(const struct scan *sc, size_t start, size_t end);

/* Which exclusion ("!") of `signal` matches within the scope: 0 none; 1
 * one; 2 one anchored at the clause's head, which says another party does
 * it ("竞品主动降价", "they…"): the model must not overrule it in that
 * sentence (apply_model). One anchored at the head is also tried on the
 * clause a pronoun at the head points back to; one that reads the whole
 * sentence ("!!") on the sentence that holds the scope. */
static int exclusion_of(struct scan *sc, size_t signal, struct span scope)
{
    struct span before = {0, 0};
    int looked = 0, found = 0;
    for (size_t q = 0; q < sc->n->nrules; q++) {
        struct rule *x = &sc->n->rules[q];
        size_t s, e;
        if (x->kind != RULE_EXCLUDE || x->signal != signal || (found && x->reach != REACH_HEAD) ||
            !rule_may_match(sc, x))
            continue;
        struct span in = x->reach == REACH_SENTENCE ? sentence_around(sc, scope.start, scope.end) : scope;
        if (rule_matches(sc->n, x, sc->note.text + in.start, in.end - in.start, &s, &e)) {
            if (x->reach == REACH_HEAD) return 2;
            found = 1;
            continue;
        }
        if (x->reach != REACH_HEAD) continue;
        if (!looked) before = antecedent(sc, scope), looked = 1;
        if (before.end > before.start &&
            rule_matches(sc->n, x, sc->note.text + before.start, before.end - before.start, &s, &e))
            return 2;
    }
    return found;
}

static int excluded(struct scan *sc, size_t signal, struct span scope)
{
    return exclusion_of(sc, signal, scope) != 0;
}

/* Does a rule of `kind` match within t[from, to)? */
static int kind_matches(struct scan *sc, enum rule_kind kind, size_t from, size_t to)
{
    for (size_t q = 0; q < sc->n->nrules; q++) {
        struct rule *x = &sc->n->rules[q];
        size_t s, e;
        if (x->kind == kind && rule_may_match(sc, x) &&
            find(sc->n, &x->code, sc->note.text + from, to - from, 0, &s, &e))
            return 1;
    }
    return 0;
}

/* Is hearsay told up to byte `ce` of its sentence (@heard: "听说客户嫌贵",
 * "Rumour was the budget got cut") found untrue after it, in the rest of
 * the sentence or the next one (@refuted: "我问了采购,他说没这个说法", "I
 * checked, it's not true")? Both are looked for within SCOPE_REACH bytes of
 * the mention's clause. */
static int refuted(struct scan *sc, size_t ce, struct span sentence)
{
    size_t from = ce - sentence.start > SCOPE_REACH ? ce - SCOPE_REACH : sentence.start;
    if (!kind_matches(sc, RULE_HEARD, from, ce)) return 0;
    size_t end = sentence.end;
    while (end < sc->note.len && sc->breaks[end]) end++;
    if (end < sc->note.len) end = sentence_around(sc, end, end).end;
    if (end - ce > SCOPE_REACH) end = ce + SCOPE_REACH; /* a run-on text is read in linear time */
    return end > ce && kind_matches(sc, RULE_REFUTED, ce, end);
}

/* Is byte `at` in a sentence about another party or deal: one whose first
 * clause holds an @elsewhere cue ("小李负责的那家医院报价差了三成,谈不下去了"),
 * with no clause between that one and the clause of `at` coming back to
 * this deal (@now: "…,这家客户也嫌贵")? A sentence that began more than
 * SCOPE_REACH bytes before `at` sets no topic for it (the time to read a
 * run-on text stays linear). */
static int elsewhere_topic(struct scan *sc, size_t at)
{
    size_t lo = at > SCOPE_REACH ? at - SCOPE_REACH : 0, start = at;
    while (start > lo && sc->breaks[start - 1] != SENTENCE_BREAK) start--;
    if (start > 0 && sc->breaks[start - 1] != SENTENCE_BREAK) return 0;
    size_t first = start;
    while (first < at && !sc->breaks[first]) first++;
    if (first >= at || !kind_matches(sc, RULE_ELSEWHERE, start, first)) return 0;
    size_t upto = at, hi = at + SCOPE_REACH < sc->note.len ? at + SCOPE_REACH : sc->note.len;
    while (upto < hi && !sc->breaks[upto]) upto++;
    return !kind_matches(sc, RULE_NOW, first, upto);
}

/* Does the sentence that starts after the sentence break at `end` disown
 * the one before it: does an @disowns cue match it, read alone
 * ("Competitor X got hit with scope creep at their Penang deal. not our
 * deal tho."), or, when that one is a question, an @answered-no cue
 * ("Orders still coming in w/o effort? not really, …")? It is looked for
 * within SCOPE_REACH bytes. */
static int disowns_before(struct scan *sc, size_t end)
{
    size_t len = sc->note.len, next = end, hi = end + SCOPE_REACH < len ? end + SCOPE_REACH : len;
    while (next < hi && (sc->breaks[next] || sc->note.text[next] == ' ')) next++;
    size_t next_end = next;
    hi = next + SCOPE_REACH < len ? next + SCOPE_REACH : len;
    while (next_end < hi && sc->breaks[next_end] != SENTENCE_BREAK) next_end++;
    return next_end > next && (kind_matches(sc, RULE_DISOWNS, next, next_end) ||
                               (sc->note.text[end] == '?' && kind_matches(sc, RULE_ANSWERED_NO, next, next_end)));
}

/* Is the sentence of byte `at` disowned by the next (disowns_before)? Its
 * end is looked for within SCOPE_REACH bytes. */
static int disowned(struct scan *sc, size_t at)
{
    size_t len = sc->note.len, end = at, hi = at + SCOPE_REACH < len ? at + SCOPE_REACH : len;
    while (end < hi && sc->breaks[end] != SENTENCE_BREAK) end++;
    return end < hi && disowns_before(sc, end);
}

/* Is the mention `words` superseded within its sentence (and the next,
 * after a ';'): its clause speaks of another time or deal (@then:
 * "去年客户嫌贵", "another customer"), and a later clause comes back to this
 * deal now (@now: "今年没再提过") without carrying the same on (@still,
 * looked for with the break that opens the clause: "现在还在用", "所以这次
 * 特别谨慎", "现在项目暂停了")? */
static int superseded(struct scan *sc, struct span words, struct span sentence)
{
    size_t cs = words.start, ce = words.end;
    while (cs > sentence.start && !sc->breaks[cs - 1]) cs--;
    while (ce < sentence.end && !sc->breaks[ce]) ce++;
    size_t limit = sentence.end; /* a ';' joins the next sentence: "last year…; this year…" */
    if (limit < sc->note.len && sc->note.text[limit] == ';')
        limit = sentence_around(sc, limit + 1, limit + 1).end;
    if (ce >= limit || !kind_matches(sc, RULE_THEN, cs, ce)) return 0;
    for (size_t next = ce; next < limit;) {
        size_t lead = next; /* with the break before it: ",所以这次…" is a consequence */
        while (next < limit && sc->breaks[next]) next++;
        size_t end = next;
        while (end < limit && !sc->breaks[end]) end++;
        if (end > next && kind_matches(sc, RULE_NOW, next, end) && !kind_matches(sc, RULE_STILL, lead, end))
            return 1;
        next = end;
    }
    return 0;
}

/* Is the mention `words` no news of this deal now: superseded, hearsay
 * found untrue, or in a sentence about another party (elsewhere_topic(),
 * disowned())? */
static int told_of_elsewhere(struct scan *sc, struct span words, struct span sentence)
{
    size_t ce = words.end;
    while (ce < sentence.end && !sc->breaks[ce]) ce++;
    return superseded(sc, words, sentence) || refuted(sc, ce, sentence) ||
           elsewhere_topic(sc, words.start) || disowned(sc, words.end);
}

/* Do the two amounts of the match just found by pattern p in s hold
 * apart as its group names ask? Groups named "less" and "moreNNN" (NNN a
 * percentage: "more120", at least 1.2 times) make a pattern compare the
 * money they hold (kb/amount.h): "预算(?<less>{money}),我们报(?<more120>
 * {money})" matches "预算80万,我们报120万" and not "预算80万,我们报85万".
 * A pattern without both groups: 1. A group without an amount, or two
 * amounts in different currencies, or no memory: 0. */
static int amounts_apart(dc_notes *n, const struct pattern *p, const char *s)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    if (!p->code || pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count) || count < 2 ||
        pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size) ||
        pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table))
        return 1;
    uint32_t less = 0, more = 0;
    double factor = 0;
    for (uint32_t i = 0; i < count; i++, table += size) {
        uint32_t group = (uint32_t)table[0] << 8 | table[1];
        const char *name = (const char *)table + 2;
        if (strcmp(name, "less") == 0) less = group;
        else if (strncmp(name, "more", 4) == 0 && name[4] >= '0' && name[4] <= '9') {
            more = group;
            factor = strtod(name + 4, NULL) / 100;
        }
    }
    if (!less || !more) return 1;
    /* n->md keeps the whole match only: match again there, with its groups */
    PCRE2_SIZE *whole = pcre2_get_ovector_pointer(n->md);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->code, NULL);
    int ok = 0;
    if (md && pcre2_match(p->code, (PCRE2_SPTR)s, whole[1], whole[0],
                          PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, md, n->mctx) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        dc_amount a, b;
        ok = ov[2 * less] != PCRE2_UNSET && ov[2 * more] != PCRE2_UNSET &&
             dc_amount_find(s + ov[2 * less], ov[2 * less + 1] - ov[2 * less], 0, &a) &&
             dc_amount_find(s + ov[2 * more], ov[2 * more + 1] - ov[2 * more], 0, &b) &&
             (!*a.currency || !*b.currency || strcmp(a.currency, b.currency) == 0) &&
             a.value > 0 && b.value >= a.value * factor;
    }
    pcre2_match_data_free(md);
    return ok;
}

/* Does rule r's mention `words` in `sentence` count: neither negated nor
 * excluded nor told of elsewhere? A mention that an exclusion anchored at
 * the head sets aside (another party does it) marks its sentence for
 * apply_model. */
static int mention_counts(struct scan *sc, struct rule *r, struct span sentence, struct span words)
{
    struct span scope = clauses_around(sc, words.start, words.end);
    if (negated(sc, r, scope, words)) return 0;
    int exclusion = exclusion_of(sc, r->signal, scope);
    if (exclusion == 2) sc->hits[r->signal].other = sentence;
    return !exclusion && !told_of_elsewhere(sc, words, sentence);
}

/* The first mention of rule r in the sentence that is neither negated nor
 * excluded nor superseded: 1 with its words in *words, or 0. */
static int first_mention(struct scan *sc, struct rule *r, struct span sentence, struct span *words)
{
    const char *t = sc->note.text + sentence.start;
    size_t len = sentence.end - sentence.start, s, e;
    if (r->nmore) { /* "A && B": clause by clause */
        for (size_t cs = sentence.start, ce; cs < sentence.end; cs = ce + 1) {
            for (ce = cs; ce < sentence.end && !sc->breaks[ce]; ce++) {}
            while (cs < ce && (sc->note.text[cs] & 0xC0) == 0x80) cs++;
            if (ce == cs || !rule_matches(sc->n, r, sc->note.text + cs, ce - cs, &s, &e)) continue;
            *words = (struct span){cs + s, cs + e};
            if (mention_counts(sc, r, sentence, *words)) return 1;
        }
        return 0;
    }
    for (size_t at = 0; at < len && find(sc->n, &r->code, t, len, at, &s, &e); at = e) {
        if (!amounts_apart(sc->n, &r->code, t)) continue;
        *words = (struct span){sentence.start + s, sentence.start + e};
        if (mention_counts(sc, r, sentence, *words)) return 1;
    }
    return 0;
}

static int past(const struct timespec *deadline)
{
    if (deadline->tv_sec == 0) return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > deadline->tv_sec ||
           (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

void dc_notes_set_time_limit(dc_notes *n, double seconds)
{
    if (!n) return;
    n->deadline.tv_sec = 0;
    n->deadline.tv_nsec = 0;
    if (seconds <= 0) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double whole = (double)(long)seconds;
    long nsec = now.tv_nsec + (long)((seconds - whole) * 1e9);
    n->deadline.tv_sec = now.tv_sec + (time_t)whole + nsec / 1000000000L;
    n->deadline.tv_nsec = nsec % 1000000000L;
}

int dc_notes_out_of_time(const dc_notes *n)
{
    return n && past(&n->deadline);
}

/* Concept c compiled (at its first look): 0, or -1 when it cannot be. */
static int concept_compiled(dc_notes *n, struct concept *c)
{
    int err;
    PCRE2_SIZE at;
    return prepared(&c->code) || !prepare(n, c->pattern, &c->code, &err, &at) ? 0 : -1;
}

/* Does the note lack every literal of compiled concept c (so it cannot
 * mention it)? Never with DEALCOACH_PLAIN=concept-prefilter. */
static int concept_absent(struct scan *sc, struct concept *c)
{
    return !sc->n->no_concept_prefilter && !may_match(sc, &c->code);
}

/* Does the note mention every concept rule r needs? Each concept is
 * looked for once per note (compiled at its first look; one that cannot
 * be compiled counts as mentioned: the rule itself decides). */
static int needs_met(struct scan *sc, struct rule *r)
{
    for (size_t k = 0; k < r->nneeds; k++) {
        unsigned char *m = &sc->mentioned[r->needs[k]];
        struct concept *c = &sc->n->concepts[r->needs[k]];
        size_t s, e;
        if (*m == 0 && concept_compiled(sc->n, c)) *m = 1;
        if (*m == 0 && concept_absent(sc, c)) *m = 2;
        if (*m == 0)
            *m = find(sc->n, &c->code, sc->note.text, sc->note.len, 0, &s, &e) ? 1 : 2;
        if (*m == 2) return 0;
    }
    return 1;
}

/* Try the rules of every signal not found yet on one sentence. 0, or -1
 * when the time limit ran out. A rule's literals are looked for before the
 * concepts it needs: the literals cost a few memmem()s, a concept a scan of
 * the note with its whole pattern. */
static int scan_sentence(struct scan *sc, struct span sentence)
{
    /* The rep's question names a topic, it is no news: "和我们底线差多少?",
     * "客户会不会因为审计把签约往后拖?" (the sentence read with its '?'). */
    if (sentence.end < sc->note.len && sc->note.text[sentence.end] == '?' &&
        kind_matches(sc, RULE_QUESTION, sentence.start, sentence.end + 1))
        return 0;
    for (size_t i = 0; i < sc->n->nrules; i++) {
        if ((i & 15) == 0 && past(&sc->n->deadline)) return -1;
        struct rule *r = &sc->n->rules[i];
        struct hit *h = &sc->hits[r->signal];
        struct span words;
        if (r->kind != RULE_SIGNAL || h->found || !rule_may_match(sc, r) || !needs_met(sc, r) ||
            !first_mention(sc, r, sentence, &words))
            continue;
        *h = (struct hit){r->signal, words.start, words.end, r, 1, {0, 0}};
    }
    return 0;
}

static int compare_hits(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    if (x->found != y->found) return y->found - x->found; /* found first */
    if (x->start != y->start) return (x->start > y->start) - (x->start < y->start);
    return (x->signal > y->signal) - (x->signal < y->signal);
}

/* Hand each hit, in the order of the note, to on_hit with the original
 * words: normalised [start, end) maps back to the original characters. */
static void report_hits(struct scan *sc, const char *text, dc_notes_hit_at_fn *on_hit, void *ctx)
{
    qsort(sc->hits, sc->n->nsignals, sizeof *sc->hits, compare_hits);
    for (size_t i = 0; i < sc->n->nsignals && sc->hits[i].found; i++) {
        const struct hit *h = &sc->hits[i];
        size_t from = sc->note.from[h->start];
        size_t last = sc->note.from[h->end - 1];
        uint32_t cp;
        size_t to = last + utf8_decode((const unsigned char *)text + last, strlen(text + last), &cp);
        memcpy(sc->scratch, text + from, to - from);
        sc->scratch[to - from] = '\0';
        on_hit(ctx, sc->n->signals[h->signal], sc->scratch, h->rule->where);
    }
}

/* report_hits' callback: the memo keeps each hit, the caller's gets it. */
struct recorder {
    dc_notes_memo *memo;
    dc_notes_hit_at_fn *on_hit; /* NULL: none */
    void *ctx;
};

static void record_hit(void *ctx, const char *signal, const char *words, const char *where)
{
    struct recorder *r = ctx;
    dc_notes_memo_hit(r->memo, signal, words, where);
    if (r->on_hit) r->on_hit(r->ctx, signal, words, where);
}

/* ---------------------------------------------------------- the learned model */

static int map_model_signals(dc_notes *n);

int dc_notes_use_model(dc_notes *n, const char *path)
{
    if (!n) return DC_EINPUT;
    n->message[0] = '\0';
    if (!path) return fail(n, DC_EINPUT, "no model given");
    if (access(path, F_OK) != 0 && errno == ENOENT) return fail(n, DC_ENOTFOUND, "%s: no such file", path);
    char why[512];
    dc_learned *m = dc_learned_open(path, why, sizeof why);
    if (!m) return fail(n, DC_EINPUT, "%s", why);
    char *where = format("%s (learned from example notes)", path);
    if (!where) {
        dc_learned_close(m);
        return out_of_memory(n);
    }
    dc_learned_close(n->model);
    free(n->learned.where);
    n->model = m;
    n->learned.kind = RULE_SIGNAL;
    n->learned.where = where;
    n->model_mapped = (size_t)-1;
    dc_notes_memo_clear(n->memo);
    if (map_model_signals(n)) return out_of_memory(n);
    return DC_OK;
}

int dc_notes_has_model(const dc_notes *n)
{
    return n && n->model;
}

/* Each model signal's index among the patterns' signals, mapped again
 * whenever patterns added signals. A signal no pattern yields is added:
 * the model alone can find it. 0, or -1 when out of memory. */
static int map_model_signals(dc_notes *n)
{
    size_t count = dc_learned_signal_count(n->model);
    if (n->model_signal && n->model_mapped == n->nsignals) return 0;
    size_t *map = realloc(n->model_signal, count * sizeof *map);
    if (!map) return -1;
    n->model_signal = map;
    n->model_mapped = (size_t)-1; /* until every signal is mapped */
    for (size_t i = 0; i < count; i++) {
        map[i] = intern_signal(n, dc_learned_signal(n->model, i));
        if (map[i] == SIZE_MAX) return -1;
    }
    n->model_mapped = n->nsignals;
    return 0;
}

/* The marks dc_features_of() reads: clause breaks, and in each clause the
 * bytes after its first negation or hedge cue, or all of a clause with an
 * @elsewhere cue or in a sentence about another party (elsewhere_topic()). */
static void mark_denied(struct scan *sc, unsigned char *marks)
{
    const char *t = sc->note.text;
    size_t len = sc->note.len;
    for (size_t i = 0; i < len; i++) marks[i] = sc->breaks[i] ? DC_FEATURE_BREAK : 0;
    size_t sentence_end = 0; /* of the clause's sentence, and is it disowned (disowned()): */
    int disowns = 0;         /* the next sentence is read once, not once a clause */
    for (size_t cs = 0, ce; cs < len; cs = ce + 1) {
        for (ce = cs; ce < len && !sc->breaks[ce]; ce++) {}
        if (ce > cs && cs >= sentence_end) {
            for (sentence_end = ce; sentence_end < len && sc->breaks[sentence_end] != SENTENCE_BREAK;)
                sentence_end++;
            disowns = sentence_end < len && disowns_before(sc, sentence_end);
        }
        int disowned_here = disowns && sentence_end < cs + SCOPE_REACH; /* as disowned(sc, cs) */
        size_t first = ce, first_end = ce; /* after the first cue; all of it for @elsewhere */
        for (size_t q = 0; q < sc->n->nrules && ce > cs && first_end > cs; q++) {
            struct rule *cue = &sc->n->rules[q];
            size_t s, e;
            if ((cue->kind == RULE_NEGATION || cue->kind == RULE_HEDGE || cue->kind == RULE_ELSEWHERE) &&
                rule_may_match(sc, cue) && find(sc->n, &cue->code, t + cs, ce - cs, 0, &s, &e) &&
                (cue->kind == RULE_ELSEWHERE || cs + s < first))
                first = cs + s, first_end = cue->kind == RULE_ELSEWHERE ? cs : cs + e;
        }
        if (ce > cs && (elsewhere_topic(sc, cs) || disowned_here)) first_end = cs;
        for (size_t i = first_end; i < ce; i++) marks[i] |= DC_FEATURE_DENIED;
    }
}

#define CONCEPT_PLACES 8 /* a concept's mentions the model reads in a sentence, at most */

static int compare_place(const void *a, const void *b)
{
    const struct place *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* Find, once per scan, where the note mentions each concept: the words a
 * coach grouped ("{worry}": 担心, 顾虑, afraid…) are features of the
 * learned model too, so that what it learns of one word holds for the
 * others. At most CONCEPT_PLACES mentions of a concept a sentence; the
 * places sorted by byte. A concept that cannot be compiled is not
 * mentioned; past the time limit the concepts not looked for yet are
 * not. 0, or -1 when out of memory. */
static int concept_places(struct scan *sc)
{
    dc_notes *n = sc->n;
    if (sc->placed) return 0;
    sc->placed = 1;
    for (size_t i = 0; i < n->nconcepts && !past(&n->deadline); i++) {
        struct concept *c = &n->concepts[i];
        if (sc->mentioned[i] == 2 || concept_compiled(n, c) || concept_absent(sc, c)) continue;
        size_t s, e, from = 0, sentence_end = 0, in_sentence = 0;
        while (from < sc->note.len && find(n, &c->code, sc->note.text, sc->note.len, from, &s, &e)) {
            if (s >= sentence_end) sentence_end = sentence_around(sc, s, s).end, in_sentence = 0;
            if (in_sentence++ == CONCEPT_PLACES) { /* enough of this sentence: on to the next */
                from = sentence_end + 1;
                continue;
            }
            struct place *more = grow(sc->places, &sc->capplaces, sc->nplaces, sizeof *more);
            if (!more) return -1;
            sc->places = more;
            sc->places[sc->nplaces++] = (struct place){i, s};
            for (from = e > s ? e : s + 1; from < sc->note.len && (sc->note.text[from] & 0xC0) == 0x80;)
                from++; /* on to a character's first byte */
        }
    }
    if (sc->nplaces) qsort(sc->places, sc->nplaces, sizeof *sc->places, compare_place);
    return 0;
}

/* The features of the note's bytes [s, e) with their marks, into *f
 * (replacing what it held): its words (dc_features_of()) and the concepts
 * it mentions there. 0, or -1 when out of memory. */
static int span_features(struct scan *sc, size_t s, size_t e, const unsigned char *marks, dc_features *f)
{
    f->count = 0;
    if (dc_features_of(f, sc->note.text + s, e - s, marks + s) || concept_places(sc)) return -1;
    size_t lo = 0, hi = sc->nplaces; /* the first place at or after s */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->places[mid].at < s) lo = mid + 1;
        else hi = mid;
    }
    size_t k;
    for (k = lo; k < sc->nplaces && sc->places[k].at < e; k++) {
        const struct place *p = &sc->places[k];
        if (dc_features_add_name(f, sc->n->concepts[p->concept].name, p->at - s, marks[p->at] & DC_FEATURE_DENIED))
            return -1;
    }
    return k > lo ? dc_features_settle(f) : 0; /* dc_features_of() settled the words */
}

/* The note's features, into *f (replacing what it held). 0, or -1 when
 * out of memory. */
static int note_features(struct scan *sc, dc_features *f)
{
    unsigned char *marks = malloc(sc->note.len + 1);
    if (!marks) return -1;
    mark_denied(sc, marks);
    int rc = span_features(sc, 0, sc->note.len, marks, f);
    free(marks);
    return rc;
}

/* The sentence that holds the bytes [start, end). */
static struct span sentence_around(const struct scan *sc, size_t start, size_t end)
{
    while (start > 0 && sc->breaks[start - 1] != SENTENCE_BREAK) start--;
    while (end < sc->note.len && sc->breaks[end] != SENTENCE_BREAK) end++;
    return (struct span){start, end};
}

/* The clause around byte `at`, without its blanks; its sentence when the
 * clause is a word or two ("反" of "反而是…" after the @break 而是): the
 * words shown must say something. */
static struct span clause_at(const struct scan *sc, size_t at)
{
    size_t start = at, end = at;
    while (start > 0 && !sc->breaks[start - 1]) start--;
    while (end < sc->note.len && !sc->breaks[end]) end++;
    if (end - start < 6) {
        struct span sentence = sentence_around(sc, start, end);
        start = sentence.start, end = sentence.end;
    }
    while (start < end && sc->note.text[start] == ' ') start++;
    while (end > start && sc->note.text[end - 1] == ' ') end--;
    return (struct span){start, end};
}

/* Is the clause `words` no news, by the rules the patterns' mentions keep:
 * hedged before byte `at` ("如果客户嫌贵", "they might…": the model has learned negations,
 * not that a plan or a guess is no news), news of another party or deal
 * (@elsewhere: "我同事那个account满意度下滑"), in the rep's own question
 * ("要不要主动降价?", as scan_sentence() reads it), or no news of this
 * deal now (told_of_elsewhere(): "去年客户担心迁移,这次试点很顺利", hearsay
 * found untrue, a sentence about another party)? */
static int told_as_over(struct scan *sc, struct span words, size_t at)
{
    struct span sentence = sentence_around(sc, words.start, words.end);
    if (at > words.start && kind_matches(sc, RULE_HEDGE, words.start, at < words.end ? at : words.end)) return 1;
    if (kind_matches(sc, RULE_ELSEWHERE, words.start, words.end)) return 1;
    if (sentence.end < sc->note.len && sc->note.text[sentence.end] == '?' &&
        kind_matches(sc, RULE_QUESTION, sentence.start, sentence.end + 1))
        return 1;
    return told_of_elsewhere(sc, words, sentence);
}

/* Score the bytes [s, e) of the note, with their marks: prob and top as
 * dc_learned_score() gives them for n->features. 0, or -1 when out of memory. */
static int score_span(struct scan *sc, size_t s, size_t e, const unsigned char *marks,
                      double *prob, size_t *top)
{
    dc_notes *n = sc->n;
    if (span_features(sc, s, e, marks, &n->features)) return -1;
    dc_learned_score(n->model, &n->features, prob, top);
    return 0;
}

/* Keep in best[i] the highest score above `threshold` of each signal, and
 * in best_at[i] the byte of the feature behind it; the span scored began
 * at byte `s`. */
static void keep_best(dc_notes *n, size_t count, const double *prob, const size_t *top,
                      double threshold, size_t s, double *best, size_t *best_at)
{
    for (size_t i = 0; i < count; i++)
        if (prob[i] > threshold && prob[i] > best[i] && top[i] < n->features.count)
            best[i] = prob[i], best_at[i] = s + n->features.at[top[i]];
}

/* The model's view of a note (kb/notes_learned.h). The note as a whole
 * decides which of the patterns' signals it drops: one scored below
 * `confirm`, unless it is a fact-only id ("赵工升职了": a proposal the rep
 * confirms, with too few labelled lines for the model to judge). A signal
 * no pattern found is added when the whole note scores it above `add`, or
 * one of its sentences scores it halfway from `add` to certain (0.95 for
 * 0.9): a long note's news is not lost among the rest of it, and a
 * sentence read alone must be surer. Its words are the clause of the
 * feature that weighed most, and the addition is not made where
 * told_as_over() says that clause is no news, nor where an exclusion of
 * the signal ("!" line: "竞品的销售太急了" is no over-eager of ours) matches
 * it. 0, or -1 when out of memory. */
static int apply_model(struct scan *sc)
{
    dc_notes *n = sc->n;
    size_t count = dc_learned_signal_count(n->model), len = sc->note.len;
    double *prob = malloc(count * 2 * sizeof *prob);
    size_t *top = malloc(count * sizeof *top), *best_at = malloc(count * sizeof *best_at);
    unsigned char *marks = malloc(len + 1);
    int rc = -1;
    if (!prob || !top || !best_at || !marks) goto out;
    double *best = prob + count;
    double confirm = dc_learned_confirm(n->model), add = dc_learned_add(n->model);
    mark_denied(sc, marks);
    if (score_span(sc, 0, len, marks, prob, top)) goto out;
    int too_short = n->features.count <= FEW_FEATURES; /* the whole note's, just read */
    for (size_t i = 0; i < count; i++) {
        struct hit *h = &sc->hits[n->model_signal[i]];
        if (h->found && prob[i] < confirm && !too_short && !fact_only_at(n, n->model_signal[i]))
            h->found = 0;
        best[i] = 0, best_at[i] = SIZE_MAX;
    }
    keep_best(n, count, prob, top, add, 0, best, best_at);
    size_t first_end = sentence_around(sc, 0, 0).end;
    for (size_t s = 0, e; first_end + 1 < len && s < len; s = e + 1) { /* two sentences or more */
        e = sentence_around(sc, s, s).end;
        if (e == s) continue;
        if (score_span(sc, s, e, marks, prob, top)) goto out;
        keep_best(n, count, prob, top, add + (1 - add) / 2, s, best, best_at);
    }
    for (size_t i = 0; i < count; i++) {
        struct hit *h = &sc->hits[n->model_signal[i]];
        if (h->found || best_at[i] >= len) continue;
        if (best_at[i] >= h->other.start && best_at[i] < h->other.end) continue; /* another's */
        struct span words = clause_at(sc, best_at[i]);
        if (words.end > words.start && !told_as_over(sc, words, best_at[i]) &&
            !excluded(sc, n->model_signal[i], clauses_around(sc, words.start, words.end)))
            *h = (struct hit){n->model_signal[i], words.start, words.end, &n->learned, 1, {0, 0}};
    }
    rc = 0;
out:
    free(prob);
    free(top);
    free(best_at);
    free(marks);
    return rc;
}

/* PCRE2 checks the UTF-8 of the whole subject before matching anything. */
static int check_utf8(dc_notes *n, const char *text, size_t len)
{
    int rc = pcre2_match(n->empty, (PCRE2_SPTR)text, len, 0, 0, n->md, NULL);
    if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) return DC_OK;
    PCRE2_UCHAR why[256];
    pcre2_get_error_message(rc, why, sizeof why);
    const char *what = (char *)why, *prefix = "UTF-8 error: ";
    if (strncmp(what, prefix, strlen(prefix)) == 0) what += strlen(prefix);
    return fail(n, DC_EINPUT, "the note is not valid UTF-8 at byte %zu: %s",
                (size_t)pcre2_get_startchar(n->md), what);
}

/* ------------------------------------------------------ the deal's rivals */

/* {company-suffix} anchored at the end of a name, or NULL when the loaded
 * patterns have no such concept (or it does not compile so). */
static pcre2_code *company_suffix(dc_notes *n)
{
    if (n->suffix_tried) return n->suffix;
    n->suffix_tried = 1;
    const char *name = "company-suffix";
    const struct concept *c = find_concept(n, name, strlen(name));
    char *anchored = c ? format("(?:%s)\\s{0,3}$", c->pattern) : NULL;
    int err;
    PCRE2_SIZE at;
    if (anchored) /* no captures: the interpreter's frames stay small */
        n->suffix = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED,
                                  COMPILE_OPTIONS | PCRE2_NO_AUTO_CAPTURE, &err, &at, NULL);
    free(anchored);
    return n->suffix;
}

/* Add text[0..len) (normalised) and each shorter form of it without a
 * company suffix: 博越重卡科技有限公司, 博越重卡科技, 博越重卡, 博越
 * ("StayWise Hospitality Ltd." also as "StayWise"). A text that is a
 * company suffix and nothing else (科技, "Ltd.") is no name. */
static int add_forms(dc_notes *n, pcre2_match_data *md, const char *text, size_t len, size_t owner)
{
    if (len > DC_RIVALS_NAME_BYTES) return DC_OK; /* longer: no company's name */
    int rc = DC_OK;
    for (int cuts = 0; rc == DC_OK && len > 0 && cuts <= 4; cuts++) {
        int found = md ? pcre2_match(company_suffix(n), (PCRE2_SPTR)text, len, 0, 0, md, n->mctx) : -1;
        size_t cut = found < 0 ? len : (size_t)pcre2_get_ovector_pointer(md)[0];
        if (cut == 0) break;
        rc = dc_rivals_add(n->rivals, text, len, owner);
        if (cut >= len) break;
        len = cut;
    }
    return rc;
}

/* The next run of one script in text[*at..len), as [*start, *end): Latin
 * (ASCII, with the blanks between its words) or not (Chinese). Brackets,
 * slashes and blanks around a run are not part of it. 0 when none is left;
 * *at moves past the run. */
static int script_run(const char *text, size_t len, size_t *at, size_t *start, size_t *end, int *latin)
{
    static const char apart[] = "()[]{}/|<>\"\t "; /* the blank last: inside a Latin run */
    size_t i = *at;
    while (i < len && (unsigned char)text[i] < 0x80 && text[i] && strchr(apart, text[i])) i++;
    if (i >= len) return 0;
    int ascii = (unsigned char)text[i] < 0x80;
    size_t j = i;
    while (j < len && ((unsigned char)text[j] < 0x80) == ascii &&
           !(ascii && text[j] != ' ' && (!text[j] || strchr(apart, text[j]))))
        j++;
    *at = j;
    while (j > i && text[j - 1] == ' ') j--;
    *start = i, *end = j, *latin = ascii;
    return 1;
}

/* Add the name s (valid UTF-8), normalised as notes are, and its shorter
 * forms (add_forms). A name in two scripts, as reps enter them ("汇拓
 * Huituo", "鼎聚資訊(DJ Info)"), is also each part on its own: a note
 * names the one or the other. */
static int add_rival(dc_notes *n, const char *s, size_t owner)
{
    struct normal nm;
    if (normalise_note(n, s, strlen(s), &nm)) return DC_ENOMEM;
    /* its own match data, freed at once: the frames of a match stay with it */
    pcre2_match_data *md = company_suffix(n) ? pcre2_match_data_create(1, NULL) : NULL;
    int rc = company_suffix(n) && !md ? DC_ENOMEM : add_forms(n, md, nm.text, nm.len, owner);
    size_t at = 0, start, end;
    int latin, scripts = 0;
    if (nm.len <= DC_RIVALS_NAME_BYTES) /* longer: no name, nor its parts */
        while (script_run(nm.text, nm.len, &at, &start, &end, &latin)) scripts |= latin ? 1 : 2;
    for (at = 0; rc == DC_OK && scripts == 3 && script_run(nm.text, nm.len, &at, &start, &end, &latin);)
        rc = add_forms(n, md, nm.text + start, end - start, owner);
    pcre2_match_data_free(md);
    normal_free(&nm);
    return rc;
}

static void drop_rival_names(dc_notes *n)
{
    for (size_t i = 0; i < n->nrival_names; i++) free(n->rival_names[i]);
    free(n->rival_names);
    n->rival_names = NULL, n->nrival_names = 0;
}

/* Are names[0..count) the names given last? */
static int same_rivals(const dc_notes *n, const char *const *names, size_t count)
{
    if (n->nrival_names != count) return 0;
    for (size_t i = 0; i < count; i++)
        if (strcmp(n->rival_names[i], names[i]) != 0) return 0;
    return 1;
}

int dc_notes_set_rivals(dc_notes *n, const char *const *names, size_t count)
{
    if (!n) return DC_EINPUT;
    n->message[0] = '\0';
    if (same_rivals(n, names, count)) return DC_OK; /* the same deal again: the memo holds */
    dc_rivals_clear(n->rivals);
    drop_rival_names(n);
    n->rivals_digest = 0;
    int rc = (n->rival_names = calloc(count + 1, sizeof *n->rival_names)) ? DC_OK : DC_ENOMEM;
    for (size_t i = 0; rc == DC_OK && i < count; i++) {
        if (!(n->rival_names[i] = strdup(names[i]))) rc = DC_ENOMEM;
        n->nrival_names = i + 1;
        if (rc == DC_OK && !check_utf8(n, names[i], strlen(names[i]))) /* else in no note */
            rc = add_rival(n, names[i], i);
        n->rivals_digest = dc_digest(n->rivals_digest, names[i], strlen(names[i]) + 1) | 1;
    }
    n->message[0] = '\0';
    if (rc == DC_OK) return DC_OK;
    dc_rivals_clear(n->rivals);
    drop_rival_names(n);
    n->rivals_digest = 0;
    return out_of_memory(n);
}

const char *dc_notes_rival_named(dc_notes *n, const char *text)
{
    if (!n || !text || dc_rivals_count(n->rivals) == 0 || check_utf8(n, text, strlen(text))) return NULL;
    struct normal nm;
    if (normalise_note(n, text, strlen(text), &nm)) return NULL;
    long owner = dc_rivals_find(n->rivals, nm.text, nm.len);
    normal_free(&nm);
    return owner >= 0 && (size_t)owner < n->nrival_names ? n->rival_names[owner] : NULL;
}

/* Set up sc to read the note text[0..len) (valid UTF-8): normalised, its
 * literals marked, its clauses broken. DC_OK, or DC_ENOMEM (sc is then
 * freed by scan_free as usual). */
static int begin_scan(dc_notes *n, const char *text, size_t len, struct scan *sc)
{
    *sc = (struct scan){n, {NULL, 0, NULL}, NULL, NULL, NULL, NULL, NULL, 0, ++n->scans, NULL, 0, 0, 0};
    if (normalise_note(n, text, len, &sc->note)) {
        sc->note = (struct normal){NULL, 0, NULL}; /* freed by normalise_note */
        return DC_ENOMEM;
    }
    if (dc_rivals_count(n->rivals) &&
        dc_rivals_rewrite(n->rivals, &sc->note.text, &sc->note.from, &sc->note.len))
        return DC_ENOMEM;
    sc->breaks = malloc(sc->note.len + 1);
    /* room for a sentence, or for the words of the note as written: the
     * note never grows when normalised, but may where a rival is named */
    sc->scratch = malloc((sc->note.len > len ? sc->note.len : len) + 1);
    sc->hits = calloc(n->nsignals + 1, sizeof *sc->hits);
    sc->mentioned = calloc(n->nconcepts + 1, 1);
    sc->folded = dc_literals_fold(sc->note.text, sc->note.len, &sc->folded_len); /* NULL: no prefilter */
    if (sc->folded) {
        mark_pairs(sc, 1);
        if (n->scans == INDEX_AFTER && !n->indexed && !n->no_index) build_index(n);
        if (n->indexed) mark_present(sc);
    }
    if (!sc->breaks || !sc->scratch || !sc->hits || !sc->mentioned) return DC_ENOMEM;
    mark_breaks(sc);
    return DC_OK;
}

int dc_notes_features(dc_notes *n, const char *text, dc_features *f)
{
    if (!n || !text) return DC_EINPUT;
    n->message[0] = '\0';
    size_t len = strlen(text);
    int rc = check_utf8(n, text, len);
    if (rc) return rc;
    struct scan sc;
    if (begin_scan(n, text, len, &sc) || note_features(&sc, f)) rc = out_of_memory(n);
    scan_free(&sc);
    return rc;
}

int dc_notes_scan_at(dc_notes *n, const char *text, dc_notes_hit_at_fn *on_hit, void *ctx)
{
    if (!n) return DC_EINPUT;
    n->message[0] = '\0';
    if (!text) return fail(n, DC_EINPUT, "no note given");
    size_t full = strlen(text), len = full;
    if (len > DC_NOTES_SCAN_BYTES) {
        len = DC_NOTES_SCAN_BYTES;
        while (len > 0 && (text[len] & 0xC0) == 0x80) len--; /* whole characters */
    }
    int rc = check_utf8(n, text, len);
    if (rc) return rc;
    if (past(&n->deadline)) return fail(n, DC_ELIMIT, "not read: the time limit for reading notes ran out");
    if (dc_notes_memo_replay(n->memo, text, n->rivals_digest, on_hit, ctx)) return DC_OK; /* read a moment ago */
    if (n->model && map_model_signals(n)) return out_of_memory(n); /* before hits are counted */
    struct scan sc;
    if (begin_scan(n, text, len, &sc)) {
        rc = out_of_memory(n);
        goto out;
    }
    for (size_t start = 0, end; start < sc.note.len; start = end + 1) {
        for (end = start; end < sc.note.len && sc.breaks[end] != SENTENCE_BREAK; end++) {}
        if (end > start && scan_sentence(&sc, (struct span){start, end})) {
            rc = fail(n, DC_ELIMIT, "read only up to byte %zu: the time limit for reading notes "
                                    "ran out", sc.note.from[start]);
            break;
        }
    }
    if (!rc && n->model && apply_model(&sc)) {
        rc = out_of_memory(n);
        goto out;
    }
    dc_notes_memo_begin(n->memo, text, n->rivals_digest);
    struct recorder rec = {n->memo, on_hit, ctx};
    report_hits(&sc, text, record_hit, &rec);
    if (!rc && len < full)
        rc = fail(n, DC_ELIMIT, "only the first %zu of the note's %zu bytes were read", len, full);
    dc_notes_memo_end(n->memo, rc == DC_OK);
out:
    scan_free(&sc);
    return rc;
}

/* dc_notes_scan()'s callback, carried through dc_notes_scan_at(). */
struct plain_hit {
    dc_notes_hit_fn *fn;
    void *ctx;
};

static void forward_hit(void *ctx, const char *signal, const char *words, const char *where)
{
    struct plain_hit *p = ctx;
    (void)where;
    p->fn(p->ctx, signal, words);
}

int dc_notes_scan(dc_notes *n, const char *text, dc_notes_hit_fn *on_hit, void *ctx)
{
    struct plain_hit p = {on_hit, ctx};
    return dc_notes_scan_at(n, text, on_hit ? forward_hit : NULL, &p);
}
