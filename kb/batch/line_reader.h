/* line_reader.h - the lines of a file descriptor, read with read(2).
 *
 * Unlike getline on a FILE, the reader tells whether a whole line is at
 * hand without waiting for one, so a caller can wait for its input and for
 * other things at once (poll), and write out what it has before it waits:
 * `tail -f deals.jsonl | dealcoach advise --jsonl -` answers each deal as
 * it comes.
 *
 * Lines come without their ending ("\n", "\r\n"); blank lines (spaces and
 * tabs only) are counted in `lineno` and skipped; a last line without "\n"
 * is a line. The memory held is about the longest line, twice. */
#ifndef DC_LINE_READER_H
#define DC_LINE_READER_H

#include <stddef.h>

typedef struct dc_line_reader {
    int fd;
    char *buf;             /* buf[start..len): read, not yet returned */
    size_t start, len, cap;
    int eof;               /* the input ended */
    int error;             /* 0, or the errno of a failed read (ENOMEM: memory ran out) */
    long lineno;           /* of the last line returned */
} dc_line_reader;

#define DC_LINE_READER_INIT(fd) {(fd), NULL, 0, 0, 0, 0, 0, 0}

/* The next line already read, or NULL when no whole line is at hand: then
 * dc_line_reader_fill reads more, unless the input ended (eof) or failed
 * (error).
 * The line is the reader's, valid until the next call. */
char *dc_line_reader_next(dc_line_reader *r);

/* Would dc_line_reader_next return without reading: a whole line at hand,
 * or the end? */
int dc_line_reader_ready(const dc_line_reader *r);

/* Read once (waits until there is input, or its end). 1 read some, 0 the
 * end (eof set), -1 a read error or out of memory (error set). */
int dc_line_reader_fill(dc_line_reader *r);

void dc_line_reader_free(dc_line_reader *r);

#endif
