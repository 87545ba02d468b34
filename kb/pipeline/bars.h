/* bars.h - bar charts in a terminal, drawn with Unicode block characters
 * (eighths: "▏▎▍▌▋▊▉█"), so a bar's length reads to 1/8 of a column. */
#ifndef DC_BARS_H
#define DC_BARS_H

#include <stddef.h>
#include "strbuf.h"

/* Append a bar for `value` on a scale where `max` fills `cols` columns,
 * padded with spaces to exactly `cols` columns. A value above 0 shows at
 * least 1/8; at or below 0 (or max <= 0) the bar is empty. With `mark`
 * in [0, max] the column where it falls shows "│" when the bar does not
 * reach it (a limit). */
void dc_bar(dc_buf *b, double value, double max, size_t cols, double mark);

#endif
