/* date.h - calendar dates as YYYY-MM-DD, counted in days. */
#ifndef DC_DATE_H
#define DC_DATE_H

/* Parse a strict YYYY-MM-DD date (a real calendar day, years 1900-9999)
 * into a day number (days since 1970-01-01). Returns 1 on success, 0 if the
 * text is not such a date; `*days` is untouched then. */
int dc_date_parse(const char *text, long *days);

/* Today's date in local time as YYYY-MM-DD into buf (at least 11 bytes). */
void dc_date_today(char buf[11]);

#endif
