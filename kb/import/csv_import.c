/* csv_import.c - a CRM export read into deals (see csv_import.h). */
#define _POSIX_C_SOURCE 200809L
#include "csv_import.h"
#include "charset.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deal.h"
#include "strbuf.h"

#define MAX_CSV_BYTES (256u << 20)

/* ---- text: BOM, UTF-16, GBK, Big5 ------------------------------------------------ */

/* Convert `len` bytes from `from` to UTF-8 with iconv. NULL when they are
 * not valid in `from` (or out of memory: *oom set). */
static char *convert(const char *from, const char *text, size_t len, size_t *out_len, int *oom)
{
    iconv_t cd = iconv_open("UTF-8", from);
    size_t cap = len * 2 + 16, left_in = len, left_out = cap;
    char *out = NULL, *in = (char *)text, *o;
    if (cd == (iconv_t)-1) return NULL;
    if (!(out = malloc(cap + 1))) {
        *oom = 1;
        goto out;
    }
    o = out;
    while (left_in > 0) {
        if (iconv(cd, &in, &left_in, &o, &left_out) != (size_t)-1) continue;
        if (errno != E2BIG) {
            free(out);
            out = NULL;
            goto out;
        }
        size_t used = (size_t)(o - out);
        char *grown = realloc(out, cap * 2 + 1);
        if (!grown) {
            free(out);
            out = NULL;
            *oom = 1;
            goto out;
        }
        out = grown;
        o = out + used;
        left_out += cap;
        cap *= 2;
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
out:
    iconv_close(cd);
    return out;
}

static long line_of(const char *text, size_t at)
{
    long line = 1;
    for (size_t i = 0; i < at; i++) line += text[i] == '\n';
    return line;
}

static void fatal(json_t *errors, const char *origin, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fatal(json_t *errors, const char *origin, long line, const char *fmt, ...)
{
    char detail[700], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (line > 0) snprintf(msg, sizeof msg, "%s:%ld: %s", origin, line, detail);
    else snprintf(msg, sizeof msg, "%s: %s", origin, detail);
    dc_utf8_sanitize(msg);
    json_array_append_new(errors, json_string(msg));
}

/* The text as UTF-8 without a BOM: malloc'd in *utf8, NUL-terminated. */
static int decode(const char *origin, const char *text, size_t len, char **utf8, size_t *out_len,
                  json_t *notes, json_t *errors)
{
    int oom = 0;
    char note[300];
    *utf8 = NULL;
    if (len >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') || (text[0] == '\xfe' && text[1] == '\xff'))) {
        if (!(*utf8 = convert("UTF-16", text, len, out_len, &oom))) {
            if (oom) return DC_ENOMEM;
            fatal(errors, origin, 0, "UTF-16 text that does not convert; save the export as CSV UTF-8");
            return DC_EINPUT;
        }
        snprintf(note, sizeof note, "%s: read as UTF-16", origin);
        json_array_append_new(notes, json_string(note));
    } else {
        if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) text += 3, len -= 3;
        if (!(*utf8 = malloc(len + 1))) return DC_ENOMEM;
        memcpy(*utf8, text, len);
        (*utf8)[len] = '\0';
        *out_len = len;
    }
    if (memchr(*utf8, '\0', *out_len)) {
        fatal(errors, origin, line_of(*utf8, (size_t)((char *)memchr(*utf8, '\0', *out_len) - *utf8)),
              "a NUL byte: this is not a CSV text file");
        goto refused;
    }
    size_t bad = dc_utf8_invalid_at(*utf8, *out_len);
    if (bad == *out_len) return DC_OK;
    /* Not UTF-8: the encoding of the Chinese Windows that saved it. Big5
     * first when uchardet says so (Taiwan, Hong Kong), then GBK (the
     * mainland's Excel and CRMs: also what a few bytes that uchardet
     * cannot place most likely are), then Big5. */
    char guess[40];
    dc_charset_guess(*utf8, *out_len, guess, sizeof guess);
    int big5 = strncasecmp(guess, "BIG5", 4) == 0 || strcasecmp(guess, "EUC-TW") == 0;
    const char *tries[4];
    size_t ntries = 0;
    if (big5) tries[ntries++] = "BIG5", tries[ntries++] = "BIG5-HKSCS";
    tries[ntries++] = "GBK";
    if (!big5) tries[ntries++] = "BIG5", tries[ntries++] = "BIG5-HKSCS";
    for (size_t i = 0; i < ntries; i++) {
        size_t converted_len;
        char *converted = convert(tries[i], *utf8, *out_len, &converted_len, &oom);
        if (oom) break;
        if (!converted) continue;
        free(*utf8);
        *utf8 = converted;
        *out_len = converted_len;
        snprintf(note, sizeof note, "%s: not UTF-8; read as %s", origin, tries[i]);
        json_array_append_new(notes, json_string(note));
        return DC_OK;
    }
    if (oom) {
        free(*utf8);
        *utf8 = NULL;
        return DC_ENOMEM;
    }
    fatal(errors, origin, line_of(*utf8, bad),
          "byte 0x%02x is neither UTF-8 nor GBK nor Big5; save the export as CSV UTF-8",
          (unsigned char)(*utf8)[bad]);
refused:
    free(*utf8);
    *utf8 = NULL;
    return DC_EINPUT;
}

/* ---- cells into fields ---------------------------------------------------- */

char *dc_import_slug(const char *name)
{
    dc_buf b = DC_BUF_INIT;
    int dash = 0;
    size_t n;
    for (const char *p = name; *p; p += n) {
        long cp = dc_utf8_next(p, &n);
        if (dc_deal_id_letter(cp) || (cp == '_' || cp == '.')) {
            if (dash && b.len) dc_buf_puts(&b, "-");
            dash = 0;
            if (b.len + n > DC_DEAL_ID_MAX) break;
            if (cp >= 'A' && cp <= 'Z') {
                char lower = (char)(cp - 'A' + 'a');
                dc_buf_append(&b, &lower, 1);
            } else {
                dc_buf_append(&b, p, n);
            }
        } else {
            dash = 1;
        }
    }
    char *slug = dc_buf_take(&b);
    if (slug) { /* an id starts with a letter or digit */
        size_t skip = strspn(slug, "._");
        memmove(slug, slug + skip, strlen(slug + skip) + 1);
        while (*slug && strchr("._-", slug[strlen(slug) - 1])) slug[strlen(slug) - 1] = '\0';
    }
    return slug;
}

/* "1,200,000", "$1200.50", "¥ 30000", "1 200 000" -> a number >= 0, or
 * NULL. */
static json_t *amount_of(const char *cell)
{
    static const char *const skip[] = {"$", "\xc2\xa5", "\xef\xbf\xa5", "\xe2\x82\xac", "\xc2\xa3",
                                       ",", " ", "\xc2\xa0", NULL};
    char digits[64];
    size_t n = 0;
    for (const char *p = cell; *p;) {
        size_t k = 0;
        for (int i = 0; skip[i]; i++)
            if (strncmp(p, skip[i], strlen(skip[i])) == 0) k = strlen(skip[i]);
        if (k) {
            p += k;
            continue;
        }
        if (n + 1 >= sizeof digits) return NULL;
        digits[n++] = *p++;
    }
    digits[n] = '\0';
    if (!n || strspn(digits, "0123456789.") != n) return NULL;
    char *end;
    double v = strtod(digits, &end);
    if (*end || !isfinite(v) || v < 0) return NULL;
    if (v == floor(v) && v < 9e15) return json_integer((json_int_t)v);
    return json_real(v);
}

/* Trim blanks (also a no-break space) at both ends: a new string. */
static char *trimmed(const char *cell, size_t len)
{
    while (len && (*cell == ' ' || *cell == '\t')) cell++, len--;
    while (len && (cell[len - 1] == ' ' || cell[len - 1] == '\t' || cell[len - 1] == '\r')) len--;
    return strndup(cell, len);
}

/* ---- records ------------------------------------------------------------------ */

typedef struct reader {
    const char *origin;
    const dc_import_map *map;
    long line;          /* the line being fed */
    long record_line;   /* where the record being read started */
    long done_line;     /* the line the last record ended on */
    char **cells;       /* of the record being read */
    size_t n_cells, cap_cells;
    json_t *header;     /* field per column (JSON null: not imported) */
    json_t *names;      /* the columns' names as written */
    json_t *rows, *notes, *errors;
    json_t *seen_ids;   /* id -> line */
    int has_id, has_name;
    int oom;
    int fatal;
} reader;

static void on_cell(void *data, size_t len, void *r_)
{
    reader *r = r_;
    if (r->oom) return;
    if (r->n_cells == 0) { /* the record's first cell: where it started */
        long breaks = 0;
        for (size_t i = 0; i < len; i++) breaks += ((char *)data)[i] == '\n';
        r->record_line = r->line - breaks;
    }
    if (r->n_cells == r->cap_cells) {
        size_t cap = r->cap_cells ? r->cap_cells * 2 : 16;
        char **grown = realloc(r->cells, cap * sizeof *grown);
        if (!grown) {
            r->oom = 1;
            return;
        }
        r->cells = grown;
        r->cap_cells = cap;
    }
    if (!(r->cells[r->n_cells] = trimmed(data ? data : "", data ? len : 0))) r->oom = 1;
    else r->n_cells++;
}

static void read_header(reader *r)
{
    json_t *unused = json_array(), *fields = json_object();
    for (size_t i = 0; i < r->n_cells; i++) {
        const char *field = dc_import_map_column(r->map, r->cells[i]);
        json_array_append_new(r->names, json_string(r->cells[i]));
        if (field && json_object_get(fields, field)) {
            char note[700];
            snprintf(note, sizeof note, "%s:%ld: column '%s' also gives %s (column '%s'): ignored",
                     r->origin, r->record_line, r->cells[i], field,
                     json_string_value(json_object_get(fields, field)));
            json_array_append_new(r->notes, json_string(note));
            field = NULL;
        }
        if (field) json_object_set_new(fields, field, json_string(r->cells[i]));
        else if (*r->cells[i]) json_array_append_new(unused, json_string(r->cells[i]));
        json_array_append_new(r->header, field ? json_string(field) : json_null());
    }
    r->has_id = json_object_get(fields, "id") != NULL;
    r->has_name = json_object_get(fields, "name") != NULL;
    if (!r->has_id && !r->has_name) {
        fatal(r->errors, r->origin, r->record_line, "no column gives the deal's id or name "
              "(the map knows e.g. 'Opportunity ID', 'Record ID', 'Opportunity Name', 'Deal Name'); "
              "is this the header?");
        r->fatal = 1;
    } else if (json_array_size(unused)) {
        dc_buf b = DC_BUF_INIT;
        size_t i;
        json_t *u;
        dc_buf_printf(&b, "%s: columns not imported (not in the map):", r->origin);
        json_array_foreach(unused, i, u) dc_buf_printf(&b, "%s '%s'", i ? "," : "", json_string_value(u));
        char *note = dc_buf_take(&b);
        if (note) dc_utf8_sanitize(note);
        json_array_append_new(r->notes, json_string(note ? note : "out of memory"));
        free(note);
    }
    json_decref(unused);
    json_decref(fields);
}

/* A row refused: {"line": N, "error": "..."}. */
static void refuse(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(reader *r, const char *fmt, ...)
{
    char why[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    dc_utf8_sanitize(why);
    json_array_append_new(r->rows, json_pack("{sIss}", "line", (json_int_t)r->record_line, "error", why));
}

/* The cell of column i as the field it maps to; 0 (row refused) when it
 * cannot be read. */
static int read_cell(reader *r, json_t *deal, size_t i)
{
    const char *field = json_string_value(json_array_get(r->header, i)), *cell = r->cells[i];
    const char *column = json_string_value(json_array_get(r->names, i));
    char date[11];
    json_t *v = NULL;
    if (!field || !*cell) return 1;
    switch (dc_import_map_kind(field)) {
    case DC_IMPORT_ID:
    case DC_IMPORT_TEXT:
        v = json_string(cell);
        break;
    case DC_IMPORT_SYMBOL: {
        char *key = dc_import_key(cell);
        v = key ? json_string(key) : NULL;
        free(key);
        break;
    }
    case DC_IMPORT_AMOUNT:
        if (!(v = amount_of(cell))) {
            refuse(r, "%s: '%s' is not an amount (a number such as 1200000.50)",
                   column, cell);
            return 0;
        }
        break;
    case DC_IMPORT_STAGE: {
        const char *stage = dc_import_map_stage(r->map, cell);
        if (!stage) {
            refuse(r, "%s: '%s' is not a stage of the map (add it under [stages])", column, cell);
            return 0;
        }
        v = json_string(stage);
        break;
    }
    case DC_IMPORT_DATE:
        if (!dc_import_map_date(r->map, cell, date)) {
            refuse(r, "%s: '%s' is not a date in a form the map accepts", column, cell);
            return 0;
        }
        v = json_string(date);
        break;
    }
    if (!v) {
        refuse(r, "%s: the value is not UTF-8 text", column);
        return 0;
    }
    json_object_set_new(deal, field, v);
    return 1;
}

static void read_row(reader *r)
{
    size_t i, filled = 0;
    char why[DC_DEAL_ID_WHY];
    for (i = 0; i < r->n_cells; i++) filled += *r->cells[i] != '\0';
    if (filled == 0) return; /* an empty record */
    if (r->n_cells != json_array_size(r->header)) {
        refuse(r, "the header has %zu columns but this row has %zu (a separator or a line break in a "
               "value that is not quoted?)", json_array_size(r->header), r->n_cells);
        return;
    }
    json_t *deal = json_object();
    for (i = 0; i < r->n_cells; i++)
        if (!read_cell(r, deal, i)) goto out;
    const char *id = json_string_value(json_object_get(deal, "id"));
    if (!id) {
        const char *name = json_string_value(json_object_get(deal, "name"));
        char *slug = name ? dc_import_slug(name) : NULL;
        if (!slug || !*slug) {
            refuse(r, name ? "the id is missing and none can be made from the name"
                           : "the id and the name are missing");
            free(slug);
            goto out;
        }
        json_object_set_new(deal, "id", json_string(slug));
        free(slug);
        id = json_string_value(json_object_get(deal, "id"));
    } else if (dc_deal_id_problem(id, why)) {
        refuse(r, "id '%s' is not a deal id: %s (%s)", id, dc_deal_id_problem(id, why), DC_DEAL_ID_RULE);
        goto out;
    }
    json_t *seen = json_object_get(r->seen_ids, id);
    if (seen) {
        refuse(r, "id '%s' is already on line %" JSON_INTEGER_FORMAT "%s", id, json_integer_value(seen),
               r->has_id ? "" : " (two deals with one name: give an id column)");
        goto out;
    }
    json_object_set_new(r->seen_ids, id, json_integer(r->record_line));
    /* in the order of spec §1, whatever the columns' order */
    static const char *const order[] = {"id", "name", "customer", "owner", "size", "amount", "budget",
                                        "currency", "claimed_stage", "expected_close", NULL};
    json_t *ordered = json_object();
    for (i = 0; order[i]; i++)
        if (json_object_get(deal, order[i])) json_object_set(ordered, order[i], json_object_get(deal, order[i]));
    json_array_append_new(r->rows, json_pack("{sIso}", "line", (json_int_t)r->record_line, "deal", ordered));
out:
    json_decref(deal);
}

static void on_record(int end, void *r_)
{
    reader *r = r_;
    (void)end;
    if (!r->oom && !r->fatal) {
        if (!r->header) {
            if ((r->header = json_array()) && (r->names = json_array())) read_header(r);
            else r->oom = 1;
        } else {
            read_row(r);
        }
    }
    for (size_t i = 0; i < r->n_cells; i++) free(r->cells[i]);
    r->n_cells = 0;
    r->done_line = r->line;
}

/* libcsv's state inside a quoted field (FIELD_BEGUN, quoted) at the end of
 * the text: a quote never closed. libcsv reports it only in its strict
 * mode, which would refuse the whole file for one stray quote elsewhere. */
#define CSV_FIELD_BEGUN 2
static int quote_open(const struct csv_parser *p)
{
    return p->pstate == CSV_FIELD_BEGUN && p->quoted;
}

/* The first line after `line` that is not blank: where a record starts. */
static long next_record_line(const char *text, long line)
{
    const char *p = text;
    for (long l = 1; l <= line && p; l++) p = strchr(p, '\n'), p = p ? p + 1 : NULL;
    while (p && (*p == '\n' || (p[0] == '\r' && p[1] == '\n'))) p += *p == '\r' ? 2 : 1, line++;
    return line + 1;
}

/* The separator: a comma, unless the header line has none but a
 * semicolon or a tab (Excel in some locales). */
static unsigned char separator(const char *text)
{
    size_t n = strcspn(text, "\n");
    if (memchr(text, ',', n)) return ',';
    if (memchr(text, ';', n)) return ';';
    if (memchr(text, '\t', n)) return '\t';
    return ',';
}

int dc_csv_read(const char *origin, const char *text, size_t len, const dc_import_map *map,
                json_t **rows, json_t *notes, json_t *errors)
{
    struct csv_parser p;
    reader r;
    char *utf8 = NULL;
    size_t utf8_len = 0;
    int rc;
    *rows = NULL;
    memset(&r, 0, sizeof r);
    if ((rc = decode(origin, text, len, &utf8, &utf8_len, notes, errors))) return rc;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(utf8);
        return DC_ENOMEM;
    }
    csv_set_delim(&p, separator(utf8));
    r.origin = origin;
    r.map = map;
    r.rows = json_array();
    r.notes = notes;
    r.errors = errors;
    r.seen_ids = json_object();
    if (!r.rows || !r.seen_ids) r.oom = 1;
    /* Fed a line at a time, so that each record knows its line. */
    for (size_t at = 0; at < utf8_len && !r.oom && !r.fatal;) {
        const char *nl = memchr(utf8 + at, '\n', utf8_len - at);
        size_t n = nl ? (size_t)(nl - (utf8 + at)) + 1 : utf8_len - at;
        r.line++;
        if (csv_parse(&p, utf8 + at, n, on_cell, on_record, &r) != n) {
            fatal(errors, origin, r.line, "%s", csv_strerror(csv_error(&p)));
            r.fatal = 1;
        }
        at += n;
    }
    if (!r.oom && !r.fatal && quote_open(&p)) {
        fatal(errors, origin, next_record_line(utf8, r.done_line),
              "a quoted value is not closed before the end of the file (the rest of the file "
              "would be in it)");
        r.fatal = 1;
    }
    if (!r.oom && !r.fatal && csv_fini(&p, on_cell, on_record, &r) != 0) {
        fatal(errors, origin, r.line, "%s", csv_strerror(csv_error(&p)));
        r.fatal = 1;
    }
    if (!r.oom && !r.fatal && !r.header) {
        fatal(errors, origin, 0, "empty file: expected a header line and a line per deal");
        r.fatal = 1;
    }
    rc = r.oom ? DC_ENOMEM : r.fatal ? DC_EINPUT : DC_OK;
    if (rc == DC_OK) *rows = json_incref(r.rows);
    for (size_t i = 0; i < r.n_cells; i++) free(r.cells[i]);
    free(r.cells);
    csv_free(&p);
    json_decref(r.rows);
    json_decref(r.seen_ids);
    json_decref(r.header);
    json_decref(r.names);
    free(utf8);
    return rc;
}

int dc_csv_read_file(const char *path, const dc_import_map *map, json_t **rows, json_t *notes,
                     json_t *errors)
{
    char msg[1024];
    *rows = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, sizeof msg, "%s: cannot read: %s", path, strerror(errno));
        json_array_append_new(errors, json_string(msg));
        return DC_EIO;
    }
    dc_buf b = DC_BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = DC_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > MAX_CSV_BYTES) {
            snprintf(msg, sizeof msg, "%s: larger than %u MiB", path, MAX_CSV_BYTES >> 20);
            json_array_append_new(errors, json_string(msg));
            rc = DC_EINPUT;
            break;
        }
        dc_buf_append(&b, chunk, n);
    }
    if (rc == DC_OK && ferror(f)) {
        snprintf(msg, sizeof msg, "%s: read error: %s", path, strerror(errno));
        json_array_append_new(errors, json_string(msg));
        rc = DC_EIO;
    }
    fclose(f);
    size_t len = b.len;
    char *text = dc_buf_take(&b);
    if (rc == DC_OK && !text) rc = DC_ENOMEM;
    if (rc == DC_OK) rc = dc_csv_read(path, text, len, map, rows, notes, errors);
    free(text);
    return rc;
}

int dc_csv_looks_like(const char *path)
{
    unsigned char head[512];
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t n = fread(head, 1, sizeof head, f), i = 0;
    fclose(f);
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) i = 3; /* a UTF-8 BOM */
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    return i < n && head[i] != '{' && head[i] != '[';
}
