/* literals.c - see literals.h.
 *
 * A small recursive reading of the pattern: an alternation needs one of
 * the sets of its branches (their union); a sequence needs the set of any
 * one of its required items, and keeps the most selective (the longest
 * shortest string, then the fewest strings); consecutive required
 * characters make one string; an optional item ("?", "*", "{0,n}") needs
 * nothing. Zero-width items (\b, ^, lookarounds) do not break a string. */
#include "literals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct set {
    int top;      /* no set known */
    char **s;
    size_t n;
};

static const struct set TOP = {1, NULL, 0};

struct parser {
    const char *p;
    int bail; /* something not understood: the pattern gets no set */
    int oom;
};

static void set_free(struct set *x)
{
    for (size_t i = 0; i < x->n; i++) free(x->s[i]);
    free(x->s);
    *x = TOP;
}

/* Add s[0..len) unless present; more than DC_LITERALS_MAX makes it top. */
static void set_add(struct parser *ps, struct set *x, const char *s, size_t len)
{
    if (x->top) return;
    for (size_t i = 0; i < x->n; i++)
        if (strlen(x->s[i]) == len && memcmp(x->s[i], s, len) == 0) return;
    if (x->n == DC_LITERALS_MAX) {
        set_free(x);
        return;
    }
    char **more = realloc(x->s, (x->n + 1) * sizeof *more);
    char *copy = more ? malloc(len + 1) : NULL;
    if (more) x->s = more;
    if (!copy) {
        ps->oom = 1;
        set_free(x);
        return;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    x->s[x->n++] = copy;
}

static size_t shortest(const struct set *x)
{
    size_t m = SIZE_MAX;
    for (size_t i = 0; i < x->n; i++) {
        size_t len = strlen(x->s[i]);
        if (len < m) m = len;
    }
    return x->n ? m : 0;
}

/* Keep the better of *best and x (x is consumed). */
static void consider(struct set *best, struct set x)
{
    if (x.top || x.n == 0) {
        set_free(&x);
        return;
    }
    size_t a = shortest(&x), b = best->top ? 0 : shortest(best);
    if (best->top || a > b || (a == b && x.n < best->n)) {
        set_free(best);
        *best = x;
    } else {
        set_free(&x);
    }
}

/* A growing run of required characters. */
struct run {
    char *s;
    size_t len, cap;
};

static void run_add(struct parser *ps, struct run *r, const char *b, size_t k)
{
    if (r->len + k + 1 > r->cap) {
        size_t cap = (r->len + k + 1) * 2;
        char *more = realloc(r->s, cap);
        if (!more) {
            ps->oom = 1;
            return;
        }
        r->s = more;
        r->cap = cap;
    }
    memcpy(r->s + r->len, b, k);
    r->len += k;
}

/* The run so far as a candidate of *best; the run starts again empty. */
static void run_flush(struct parser *ps, struct run *r, struct set *best)
{
    if (r->len) {
        struct set x = {0, NULL, 0};
        set_add(ps, &x, r->s, r->len);
        consider(best, x);
    }
    r->len = 0;
}

/* Characters without case (CJK ideographs, kana, CJK punctuation...):
 * caseless matching is exact matching for them. */
static int caseless_exact(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The length of the UTF-8 character at s and its code point, or 0. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (!n) return 0;
    uint32_t c = s[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return n;
}

/* A quantifier after an item, if any: 1 with its minimum in *min, else 0. */
static int quantifier(struct parser *ps, unsigned long *min)
{
    const char *p = ps->p;
    if (*p == '?' || *p == '*') *min = 0, p++;
    else if (*p == '+') *min = 1, p++;
    else if (*p == '{') {
        const char *q = p + 1;
        unsigned long lo = 0;
        int digits = 0;
        while (*q >= '0' && *q <= '9') lo = lo * 10 + (unsigned long)(*q++ - '0'), digits++;
        if (*q == ',') {
            q++;
            while (*q >= '0' && *q <= '9') q++;
        }
        if (!digits || *q != '}') return 0; /* a literal brace: the next item */
        *min = lo;
        p = q + 1;
    } else {
        return 0;
    }
    if (*p == '?' || *p == '+') p++; /* lazy, possessive */
    ps->p = p;
    return 1;
}

static struct set parse_alt(struct parser *ps);

enum item { CHAR, ANY, ZERO, GROUP };

/* One item at ps->p: its kind, and its bytes (CHAR) or set (GROUP). */
static enum item parse_item(struct parser *ps, char *bytes, size_t *k, struct set *group)
{
    const char *p = ps->p;
    unsigned char c = (unsigned char)*p;
    if (c == '\\') {
        char e = p[1];
        ps->p = p + 2;
        if (!e) return ps->bail = 1, ANY;
        if ((unsigned char)e < 0x80 && !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                                         (e >= '0' && e <= '9'))) {
            bytes[0] = e, *k = 1;
            return CHAR;
        }
        if (strchr("dDwWsShHvVRXC", e)) return ANY;
        if (e == 'N' && p[2] != '{') return ANY;
        if (strchr("bBAzZGK", e)) return ZERO;
        ps->bail = 1;
        return ANY;
    }
    if (c == '[') {
        size_t i = 1;
        if (p[i] == '^') i++;
        if (p[i] == ']') i++;
        for (; p[i] && p[i] != ']'; i++) {
            if (p[i] == '\\' && p[i + 1]) i++;
            else if (p[i] == '[' && p[i + 1] == ':') {
                const char *end = strstr(p + i, ":]");
                if (!end) break;
                i = (size_t)(end - p) + 1;
            }
        }
        if (!p[i]) return ps->bail = 1, ANY;
        ps->p = p + i + 1;
        return ANY;
    }
    if (c == '(') {
        p++;
        int look = 0;
        if (*p == '?') {
            if (p[1] == ':') p += 2;
            else if (p[1] == '=' || p[1] == '!') p += 2, look = 1;
            else if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) p += 3, look = 1;
            else if (p[1] == '<' || p[1] == '\'' || (p[1] == 'P' && p[2] == '<')) {
                const char *end = strpbrk(p + 2, ">'");
                if (!end) return ps->bail = 1, ANY;
                p = end + 1;
            } else {
                return ps->bail = 1, ANY;
            }
        } else if (*p == '*') {
            return ps->bail = 1, ANY;
        }
        ps->p = p;
        *group = parse_alt(ps);
        if (*ps->p != ')') {
            set_free(group);
            return ps->bail = 1, ANY;
        }
        ps->p++;
        if (look) {
            set_free(group);
            return ZERO;
        }
        return GROUP;
    }
    if (c == '.') return ps->p = p + 1, ANY;
    if (c == '^' || c == '$') return ps->p = p + 1, ZERO;
    if (c == '*' || c == '+' || c == '?' || c == '{') return ps->bail = 1, ANY;
    if (c < 0x80) {
        bytes[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c), *k = 1;
        ps->p = p + 1;
        return CHAR;
    }
    uint32_t cp;
    size_t len = decode((const unsigned char *)p, &cp);
    if (!len) return ps->bail = 1, ANY;
    ps->p = p + len;
    if (!caseless_exact(cp)) return ANY;
    memcpy(bytes, p, len), *k = len;
    return CHAR;
}

/* A sequence, up to '|', ')' or the end. */
static struct set parse_seq(struct parser *ps)
{
    struct set best = TOP;
    struct run run = {NULL, 0, 0};
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->bail && !ps->oom) {
        char bytes[4];
        size_t k = 0;
        struct set group = TOP;
        unsigned long min = 1;
        enum item kind = parse_item(ps, bytes, &k, &group);
        if (ps->bail) break;
        int quantified = quantifier(ps, &min);
        if (kind == CHAR) {
            if (quantified && min == 0) {
                run_flush(ps, &run, &best);
            } else {
                run_add(ps, &run, bytes, k);
                if (quantified) run_flush(ps, &run, &best);
            }
        } else if (kind == ZERO) {
            /* takes no characters: the run goes on */
        } else {
            run_flush(ps, &run, &best);
            if (kind == GROUP && min >= 1) consider(&best, group);
            else set_free(&group);
        }
    }
    run_flush(ps, &run, &best);
    free(run.s);
    return best;
}

/* An alternation: the union of its branches' sets, top if one has none. */
static struct set parse_alt(struct parser *ps)
{
    struct set all = {0, NULL, 0};
    for (;;) {
        struct set branch = parse_seq(ps);
        if (branch.top || ps->bail || ps->oom) set_free(&all);
        for (size_t i = 0; !all.top && i < branch.n; i++)
            set_add(ps, &all, branch.s[i], strlen(branch.s[i]));
        set_free(&branch);
        if (*ps->p != '|' || ps->bail || ps->oom) break;
        ps->p++;
    }
    if (!all.top && all.n == 0) set_free(&all);
    return all;
}

int dc_literals_of(const char *pattern, char ***out, size_t *count)
{
    struct parser ps = {pattern, 0, 0};
    struct set x = parse_alt(&ps);
    if (ps.oom || ps.bail || *ps.p || x.top) {
        set_free(&x);
        return ps.oom ? -1 : 0;
    }
    *out = x.s;
    *count = x.n;
    return 1;
}

void dc_literals_free(char **set, size_t count)
{
    for (size_t i = 0; i < count; i++) free(set[i]);
    free(set);
}

char *dc_literals_fold(const char *text, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 'A' && c <= 'Z') out[o++] = (char)(c + 32);
        else if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x84 &&
                 (unsigned char)text[i + 2] == 0xAA) /* KELVIN SIGN */
            out[o++] = 'k', i += 2;
        else if (c == 0xC5 && i + 1 < len && (unsigned char)text[i + 1] == 0xBF) /* LONG S */
            out[o++] = 's', i += 1;
        else out[o++] = (char)c;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
