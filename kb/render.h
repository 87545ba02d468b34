/* render.h - a report laid out for a terminal: lines wrapped to a width
 * (by display columns: CJK characters take two, and a line of Chinese
 * breaks between characters) and marked words coloured. A thin layer over
 * any text: the report itself (report.h) stays plain, and piped output does
 * not go through here at all.
 */
#ifndef DC_RENDER_H
#define DC_RENDER_H

#include <stddef.h>

/* A word to colour wherever it appears, and its ANSI SGR parameters
 * ("1;31" bold red). */
typedef struct dc_render_mark {
    const char *word;
    const char *sgr;
} dc_render_mark;

/* `text` with every line longer than `width` columns (0: no wrapping)
 * broken at spaces, or between wide characters, continuation lines
 * indented under the text of the first (past a leading "- " or "12. ", or
 * a one-word label such as "because: ");
 * then each of the `n_marks` words in colour. Never breaks inside a word
 * that fits on a line; a longer word is cut. Malformed UTF-8 counts one
 * column a byte. Returns a malloc'd text, or NULL when out of memory. */
char *dc_render_text(const char *text, size_t width, const dc_render_mark *marks, size_t n_marks);

/* The display width of one line of UTF-8 text (up to '\n' or the end). */
size_t dc_render_width(const char *line);

#endif
