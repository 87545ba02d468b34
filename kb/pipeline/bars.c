/* bars.c - bar charts with block characters. Contract in bars.h. */
#include "bars.h"

#include <math.h>

static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

void dc_bar(dc_buf *b, double value, double max, size_t cols, double mark)
{
    size_t filled = 0, part = 0;
    if (max > 0 && value > 0) {
        double units = value / max * (double)cols * 8.0;
        long n = lround(units);
        if (n < 1) n = 1;
        if (n > (long)cols * 8) n = (long)cols * 8;
        filled = (size_t)n / 8;
        part = (size_t)n % 8;
    }
    size_t mark_at = cols; /* none */
    if (max > 0 && mark >= 0 && mark <= max) {
        mark_at = (size_t)lround(mark / max * (double)cols);
        if (mark_at >= cols) mark_at = cols - 1;
    }
    for (size_t i = 0; i < cols; i++) {
        if (i < filled) dc_buf_puts(b, "█");
        else if (i == filled && part) dc_buf_puts(b, eighths[part]);
        else if (i == mark_at) dc_buf_puts(b, "│");
        else dc_buf_puts(b, " ");
    }
}
