/* amount.c - money and percentages as reps write them. See amount.h. */
#include "amount.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A word and what it stands for. */
struct word {
    const char *text;
    double scale;
    const char *currency;
};

/* Units of magnitude after a number, longest first where one starts
 * another (百万 before 百). ASCII ones must not run into a letter. */
static const struct word magnitudes[] = {
    {"千万", 1e7, NULL}, {"百万", 1e6, NULL}, {"万", 1e4, NULL}, {"萬", 1e4, NULL},
    {"亿", 1e8, NULL}, {"億", 1e8, NULL}, {"千", 1e3, NULL},
    {"million", 1e6, NULL}, {"billion", 1e9, NULL}, {"mln", 1e6, NULL}, {"mn", 1e6, NULL},
    {"bn", 1e9, NULL}, {"m", 1e6, NULL}, {"k", 1e3, NULL}, {"w", 1e4, NULL}, {NULL, 0, NULL}};

/* Currencies written after the number. */
static const struct word after[] = {
    {"元", 1, "CNY"}, {"块", 1, "CNY"}, {"人民币", 1, "CNY"}, {"rmb", 1, "CNY"},
    {"cny", 1, "CNY"}, {"yuan", 1, "CNY"}, {"美元", 1, "USD"}, {"美金", 1, "USD"},
    {"usd", 1, "USD"}, {"dollars", 1, "USD"}, {"bucks", 1, "USD"}, {NULL, 0, NULL}};

/* Currencies written before the number. */
static const struct word before[] = {
    {"us$", 1, "USD"}, {"$", 1, "USD"}, {"usd", 1, "USD"}, {"¥", 1, "CNY"}, {"￥", 1, "CNY"},
    {"rmb", 1, "CNY"}, {"cny", 1, "CNY"}, {NULL, 0, NULL}};

static int is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The word of `words` that text[at, len) starts with (ignoring ASCII
 * case; an ASCII word must end at a non-letter), or NULL. */
static const struct word *word_at(const struct word *words, const char *text, size_t len, size_t at)
{
    for (const struct word *w = words; w->text; w++) {
        size_t n = strlen(w->text);
        if (at + n > len || strncasecmp(text + at, w->text, n) != 0) continue;
        if (is_ascii_letter(w->text[n - 1]) && at + n < len && is_ascii_letter(text[at + n])) continue;
        return w;
    }
    return NULL;
}

static size_t skip_blanks(const char *text, size_t len, size_t at)
{
    while (at < len && text[at] == ' ') at++;
    return at;
}

/* The Chinese digit at text[at] (一 to 九, 两, 零, 〇), or -1. */
static int han_digit(const char *text, size_t len, size_t at)
{
    static const char *const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (at + 3 > len) return -1;
    for (int d = 0; d < 10; d++)
        if (strncmp(text + at, digits[d], 3) == 0) return d;
    if (strncmp(text + at, "两", 3) == 0) return 2;
    if (strncmp(text + at, "〇", 3) == 0) return 0;
    return -1;
}

/* A Chinese numeral below 10,000 at text[at] ("八十", "一千二百", "三"):
 * 1 with its value and end, else 0. 千 as the last character is left to
 * the caller (it may be a unit: 八千 is a number, 八千万 too). */
static int han_number(const char *text, size_t len, size_t at, double *value, size_t *end)
{
    static const struct { const char *text; int scale; } places[] = {{"十", 10}, {"百", 100}, {"千", 1000}};
    double total = 0, digit = -1;
    size_t p = at;
    while (p + 3 <= len) {
        int d = han_digit(text, len, p);
        if (d >= 0) {
            digit = d;
            p += 3;
            continue;
        }
        int place = 0;
        for (size_t i = 0; i < 3; i++)
            if (strncmp(text + p, places[i].text, 3) == 0) place = places[i].scale;
        if (!place || (place != 10 && digit < 0)) break;
        total += (digit < 0 ? 1 : digit) * place;
        digit = -1;
        p += 3;
    }
    if (p == at) return 0;
    if (digit > 0) total += digit;
    if (total <= 0) return 0;
    *value = total;
    *end = p;
    return 1;
}

/* An ASCII number at text[at]: digits with ',' thousands and one '.'. */
static int ascii_number(const char *text, size_t len, size_t at, double *value, size_t *end)
{
    char digits[32];
    size_t n = 0, p = at;
    int dot = 0;
    while (p < len && n + 1 < sizeof digits) {
        char c = text[p];
        if (is_digit(c)) digits[n++] = c;
        else if (c == ',' && n && p + 3 < len && is_digit(text[p + 1]) && is_digit(text[p + 2]) &&
                 is_digit(text[p + 3])) { /* 1,200,000 */ }
        else if (c == '.' && !dot && n && p + 1 < len && is_digit(text[p + 1])) digits[n++] = c, dot = 1;
        else break;
        p++;
    }
    if (!n) return 0;
    digits[n] = '\0';
    *value = strtod(digits, NULL);
    *end = p;
    return 1;
}

/* Is the bare number text[start, end) a year (1900 to 2100)? */
static int is_year(const char *text, size_t start, size_t end, double value)
{
    return end - start == 4 && value >= 1900 && value <= 2100 && !strchr(text + start, '.');
}

int dc_amount_find(const char *text, size_t len, size_t from, dc_amount *out)
{
    for (size_t at = from; at < len; at++) {
        if (at > from && (is_digit(text[at - 1]) || text[at - 1] == '.' || is_ascii_letter(text[at - 1])))
            if (is_digit(text[at])) continue; /* inside a number or a word */
        size_t p = at;
        const char *currency = "";
        const struct word *pre = word_at(before, text, len, p);
        if (pre && (!is_ascii_letter(pre->text[0]) || at == 0 || !is_ascii_letter(text[at - 1]))) {
            currency = pre->currency;
            p = skip_blanks(text, len, p + strlen(pre->text));
        }
        double value;
        size_t end;
        int han = 0;
        if (!ascii_number(text, len, p, &value, &end)) {
            if (!han_number(text, len, p, &value, &end)) continue;
            han = 1;
        }
        size_t q = skip_blanks(text, len, end);
        const struct word *unit = word_at(magnitudes, text, len, q);
        double scale = 1;
        if (unit && !(han && is_ascii_letter(unit->text[0]))) { /* 八十万, not 八十k */
            scale = unit->scale;
            q = skip_blanks(text, len, q + strlen(unit->text));
        } else {
            unit = NULL;
            q = end;
        }
        size_t r = skip_blanks(text, len, q);
        const struct word *post = word_at(after, text, len, r);
        if (post) {
            currency = post->currency;
            q = r + strlen(post->text);
        }
        int money = unit || post || *currency ||
                    (!han && value >= 1000 && !is_year(text, p, end, value) &&
                     (end >= len || (!is_ascii_letter(text[end]) && text[end] != '%')));
        if (han && !unit && !post) money = 0;
        if (!money) {
            if (end > at) at = end - 1;
            continue;
        }
        out->value = value * scale;
        out->currency = currency;
        out->start = at;
        out->end = q;
        return 1;
    }
    return 0;
}

int dc_percent_find(const char *text, size_t len, size_t from, dc_percent *out)
{
    static const struct word halves[] = {{"一半", 50, NULL}, {"减半", 50, NULL}, {"对半", 50, NULL},
                                         {"half", 50, NULL}, {"a third", 33, NULL},
                                         {"a quarter", 25, NULL}, {NULL, 0, NULL}};
    for (size_t at = from; at < len; at++) {
        const struct word *h = word_at(halves, text, len, at);
        if (h && (at == 0 || !is_ascii_letter(text[at - 1]))) {
            *out = (dc_percent){h->scale, at, at + strlen(h->text)};
            return 1;
        }
        if (at > from && is_digit(text[at]) && (is_digit(text[at - 1]) || text[at - 1] == '.')) continue;
        double value;
        size_t end, q;
        int of_hundred = strncmp(text + at, "百分之", 9) == 0;
        size_t p = of_hundred ? at + 9 : at;
        if (!ascii_number(text, len, p, &value, &end) && !han_number(text, len, p, &value, &end))
            continue;
        q = skip_blanks(text, len, end);
        size_t stop = 0;
        if (of_hundred) stop = end;
        else if (q < len && text[q] == '%') stop = q + 1;
        else if (strncmp(text + q, "％", 3) == 0) stop = q + 3;
        else if (strncmp(text + q, "个点", 6) == 0) stop = q + 6;
        else if (strncasecmp(text + q, "percent", 7) == 0) stop = q + 7;
        else if (strncasecmp(text + q, "per cent", 8) == 0) stop = q + 8;
        else if (strncasecmp(text + q, "pct", 3) == 0) stop = q + 3;
        else if (strncmp(text + q, "成", 3) == 0 && value <= 10) value *= 10, stop = q + 3;
        if (!stop || value <= 0 || value > 100) {
            if (end > at) at = end - 1;
            continue;
        }
        *out = (dc_percent){value, at, stop};
        return 1;
    }
    return 0;
}
