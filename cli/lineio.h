/* lineio.h - where the session's lines come from.
 *
 * On a terminal: GNU readline, with tab completion, a persistent history,
 * Ctrl-C cancelling the line being typed and Ctrl-D leaving. Otherwise:
 * plain lines from stdin, no prompt, no history, so that sessions can be
 * scripted. Like lua.c, the rest of the program sees only these calls.
 */
#ifndef DC_LINEIO_H
#define DC_LINEIO_H

typedef enum lineio_status {
    LINEIO_LINE,      /* a line was read */
    LINEIO_CANCELLED, /* Ctrl-C: the line was thrown away */
    LINEIO_EOF        /* Ctrl-D on an empty line, or the end of the script */
} lineio_status;

/* Completion: the candidates for the word being completed. `before` is the
 * line up to that word, `word` the word typed so far. Returns a malloc'd,
 * NULL-terminated array of malloc'd strings (lineio keeps those that start
 * with `word` and frees them all), or NULL to complete file names. */
typedef char **lineio_complete_fn(void *ctx, const char *before, const char *word);

/* Start reading. Interactive (readline) when stdin is a terminal; then,
 * when `keep_history`, the history is read from the user's data directory
 * ($XDG_DATA_HOME/dealcoach/history, else ~/.local/share/dealcoach/history,
 * made if needed) and each line remembered is appended to it at once. A
 * script never touches it. */
void lineio_open(int keep_history, lineio_complete_fn *complete, void *ctx);
void lineio_close(void);

/* Is the session on a terminal? */
int lineio_interactive(void);

/* Read a line, shown with `prompt` on a terminal. On LINEIO_LINE *line is a
 * malloc'd string without its newline, the caller frees it. */
lineio_status lineio_read(const char *prompt, char **line);

/* Remember a line in the history (a terminal only; blank lines are not). */
void lineio_remember(const char *line);

#endif
