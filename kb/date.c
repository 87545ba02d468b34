/* date.c - calendar dates. Pure arithmetic: no time zones, no locale. */
#define _POSIX_C_SOURCE 200809L
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), after H. Hinnant. */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dc_date_parse(const char *text, long *days)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return 0;
    long y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    long m = (text[5] - '0') * 10 + (text[6] - '0');
    long d = (text[8] - '0') * 10 + (text[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1) return 0;
    long last = month_days[m - 1] + (m == 2 && is_leap(y));
    if (d > last) return 0;
    *days = days_from_civil(y, m, d);
    return 1;
}

void dc_date_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    strftime(buf, 11, "%Y-%m-%d", &local);
}
