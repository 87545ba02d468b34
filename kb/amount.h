/* amount.h - money and percentages as reps write them in notes (issue 13):
 * "80万", "1.2M", "$1,200,000", "RMB 800k", "三百万元", "300萬", "1.2亿";
 * "30%", "30 percent", "三成", "百分之二十", "一半", "half".
 *
 * Pure functions over UTF-8 text, no state, no allocation. */
#ifndef DC_AMOUNT_H
#define DC_AMOUNT_H

#include <stddef.h>

typedef struct dc_amount {
    double value;         /* in units of the currency: 80万 is 800000 */
    const char *currency; /* "USD" ($, dollars, 美元), "CNY" (元, ¥, RMB, 人民币), or "" */
    size_t start, end;    /* where it was written: text[start, end) */
} dc_amount;

/* The first amount of money in text[from, len): a number with a unit of
 * magnitude (万 亿 k M million...) or a currency, or a bare number of four
 * digits or more that is not a year. 1 with *out filled, else 0. */
int dc_amount_find(const char *text, size_t len, size_t from, dc_amount *out);

typedef struct dc_percent {
    double value;      /* 30 for "30%", 50 for "一半" */
    size_t start, end; /* text[start, end) */
} dc_percent;

/* The first percentage in text[from, len) ("30%", "30 percent", "30％",
 * "三成", "百分之二十", "五个点", "一半", "half"), above 0 and at most 100.
 * 1 with *out filled, else 0. */
int dc_percent_find(const char *text, size_t len, size_t from, dc_percent *out);

#endif
