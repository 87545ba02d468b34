/* width.h - how many terminal columns a UTF-8 text takes (East Asian wide
 * characters take two), for tables and charts that line up in Chinese. */
#ifndef DC_WIDTH_H
#define DC_WIDTH_H

#include <stddef.h>
#include "strbuf.h"

/* Columns of `s` (one line), as kb/render.h counts them. */
size_t dc_width(const char *s);

/* Append `s` cut to at most `cols` columns (with "…" when cut), padded with
 * spaces to exactly `cols` on the left (`right` set: numbers) or right.
 * Control characters are shown as spaces: the text is safe to print. */
void dc_width_put(dc_buf *b, const char *s, size_t cols, int right);

#endif
