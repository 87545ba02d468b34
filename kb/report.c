/* report.c - the readable report. Every word comes from the catalog; every
 * text of the deal and its advice is made printable first. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "phrases.h"
#include "strbuf.h"

static const char *ui(const dc_catalog *cat, const char *lang, const char *key)
{
    const char *s = dc_catalog_get(cat, lang, key);
    return s ? s : key + 3; /* "ui.stage" -> "stage" when no catalog is loaded */
}

static const char *str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static const char *label(const dc_catalog *cat, const char *lang, const char *id)
{
    return dc_catalog_label(cat, lang, id);
}

/* Items of a JSON list, each by its label, joined by the catalog's separator. */
static void put_list(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *list)
{
    const char *sep = dc_catalog_get(cat, lang, "ui.list-separator");
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        if (i) dc_buf_puts(b, sep ? sep : ", ");
        dc_buf_puts(b, json_is_string(item) ? label(cat, lang, json_string_value(item)) : "?");
    }
}

/* A line in the rules' neutral notation, in `lang` (phrases.h). */
static void put_phrased(dc_buf *b, const dc_catalog *cat, const char *lang, const char *line)
{
    char *text = dc_phrases_render(cat, lang, line, NULL);
    dc_buf_puts(b, text ? text : line);
    free(text);
}

static void put_because(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *because)
{
    const char *sep = dc_catalog_get(cat, lang, "ui.because-separator");
    size_t i;
    json_t *line;
    json_array_foreach(because, i, line) {
        if (i) dc_buf_puts(b, sep ? sep : "; ");
        put_phrased(b, cat, lang, json_is_string(line) ? json_string_value(line) : "?");
    }
}

/* The text of catalog `key` with `items` filled in (each by its label). */
static void put_format(dc_buf *b, const dc_catalog *cat, const char *lang, const char *key, json_t *items)
{
    char *text = dc_catalog_format(cat, lang, key, items);
    dc_buf_puts(b, text ? text : key);
    free(text);
}

static int has_item(json_t *items, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
        if (strcmp(str(item, "id"), id) == 0) return 1;
    return 0;
}

/* One line: where the deal really stands, the concern, the biggest risk.
 * The words are the catalog's; whether the stage is inflated is the rules'
 * finding stage-inflated, the risk their biggest_risk. */
static void put_diagnosis(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *advice)
{
    json_t *stage = json_object_get(advice, "stage");
    const char *evidenced = str(stage, "evidenced"), *claimed = str(stage, "claimed");
    char win[32];
    snprintf(win, sizeof win, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(stage, "win_probability")));
    json_t *items = json_pack("[sss]", evidenced, win, claimed);
    const char *key = has_item(json_object_get(advice, "findings"), "stage-inflated") ? "ui.diagnosis-inflated"
                      : claimed[0] && strcmp(claimed, "unknown") && strcmp(claimed, evidenced) ? "ui.diagnosis-claimed"
                      : "ui.diagnosis-stage";
    dc_buf_printf(b, "%s: ", ui(cat, lang, "ui.diagnosis"));
    put_format(b, cat, lang, key, items);
    json_decref(items);
    const char *concern = str(advice, "concern");
    if (concern[0] && strcmp(concern, "none")) {
        dc_buf_puts(b, "; ");
        put_format(b, cat, lang, "ui.diagnosis-concern", items = json_pack("[s]", concern));
        json_decref(items);
    }
    const char *risk = str(advice, "biggest_risk");
    if (risk[0]) {
        dc_buf_puts(b, "; ");
        put_format(b, cat, lang, "ui.diagnosis-risk", items = json_pack("[s]", risk));
        json_decref(items);
    }
    dc_buf_puts(b, "\n");
}

static void put_stage(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *stage, int full)
{
    dc_buf_printf(b, "%s: %s (%" JSON_INTEGER_FORMAT "%%)", ui(cat, lang, "ui.stage"),
                  label(cat, lang, str(stage, "evidenced")),
                  json_integer_value(json_object_get(stage, "win_probability")));
    if (json_object_get(stage, "claimed"))
        dc_buf_printf(b, " · %s: %s", ui(cat, lang, "ui.claimed"), label(cat, lang, str(stage, "claimed")));
    if (json_object_get(stage, "owner"))
        dc_buf_printf(b, " · %s: %s", ui(cat, lang, "ui.owner"), label(cat, lang, str(stage, "owner")));
    dc_buf_puts(b, "\n");

    const char *name;
    json_t *list;
    if (full) {
        json_object_foreach(json_object_get(stage, "met"), name, list) {
            dc_buf_printf(b, "  %s %s: ", ui(cat, lang, "ui.met"), label(cat, lang, name));
            put_list(b, cat, lang, list);
            dc_buf_puts(b, "\n");
        }
    }
    json_t *next = json_object_get(stage, "next");
    if (next) {
        dc_buf_printf(b, "%s: %s — ", ui(cat, lang, "ui.next"), label(cat, lang, str(next, "id")));
        if (json_array_size(json_object_get(next, "missing")) == 0 ||
            json_integer_value(json_object_get(next, "needed")) == 0) {
            dc_buf_printf(b, "%s\n", ui(cat, lang, "ui.next-ready"));
        } else {
            dc_buf_printf(b, "%s %" JSON_INTEGER_FORMAT " %s: ", ui(cat, lang, "ui.needs"),
                          json_integer_value(json_object_get(next, "needed")), ui(cat, lang, "ui.of"));
            put_list(b, cat, lang, json_object_get(next, "missing"));
            dc_buf_puts(b, "\n");
        }
    }
    json_t *proc = json_object_get(stage, "procurement");
    if (proc && full)
        dc_buf_printf(b, "%s: %s (%" JSON_INTEGER_FORMAT "%%)\n", ui(cat, lang, "ui.procurement"),
                      label(cat, lang, str(proc, "id")),
                      json_integer_value(json_object_get(proc, "win_probability")));
}

static void put_situation(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *advice, int full)
{
    const char *concern = str(advice, "concern");
    if (strcmp(concern, "none") != 0) {
        dc_buf_printf(b, "%s: %s", ui(cat, lang, "ui.concern"), label(cat, lang, concern));
        if (full && json_array_size(json_object_get(advice, "concern_because"))) {
            dc_buf_puts(b, " — ");
            put_because(b, cat, lang, json_object_get(advice, "concern_because"));
        }
        dc_buf_puts(b, "\n");
    }
    size_t i;
    json_t *t;
    if (json_array_size(json_object_get(advice, "tactic_details"))) {
        dc_buf_printf(b, "%s:\n", ui(cat, lang, "ui.tactics"));
        json_array_foreach(json_object_get(advice, "tactic_details"), i, t) {
            dc_buf_printf(b, "  - %s: %s\n    %s: ", label(cat, lang, str(t, "id")), str(t, "text"),
                          ui(cat, lang, "ui.because"));
            put_because(b, cat, lang, json_object_get(t, "because"));
            dc_buf_puts(b, "\n");
        }
    }
    json_t *life = json_object_get(advice, "lifecycle");
    if (life) {
        dc_buf_printf(b, "%s: %s, %s %s", ui(cat, lang, "ui.lifecycle"), label(cat, lang, str(life, "stage")),
                      ui(cat, lang, "ui.risk"), label(cat, lang, str(life, "risk")));
        if (json_array_size(json_object_get(life, "signals"))) {
            dc_buf_puts(b, " (");
            put_list(b, cat, lang, json_object_get(life, "signals"));
            dc_buf_puts(b, ")");
        }
        dc_buf_puts(b, "\n");
    }
    json_t *opp = json_object_get(advice, "opportunity");
    if (opp) {
        dc_buf_printf(b, "%s:", ui(cat, lang, "ui.opportunity"));
        if (json_object_get(opp, "grade"))
            dc_buf_printf(b, " %s %s", ui(cat, lang, "ui.grade"), str(opp, "grade"));
        if (json_object_get(opp, "value_category"))
            dc_buf_printf(b, " · %s %" JSON_INTEGER_FORMAT, ui(cat, lang, "ui.value-category"),
                          json_integer_value(json_object_get(opp, "value_category")));
        if (json_object_get(opp, "opening"))
            dc_buf_printf(b, " · %s %s", ui(cat, lang, "ui.opening"), label(cat, lang, str(opp, "opening")));
        dc_buf_puts(b, "\n");
    }
    json_t *signals = json_object_get(advice, "signals");
    if (full && json_array_size(signals)) {
        dc_buf_printf(b, "%s: ", ui(cat, lang, "ui.signals"));
        json_array_foreach(signals, i, t) {
            if (i) dc_buf_puts(b, ", ");
            dc_buf_puts(b, label(cat, lang, str(t, "id")));
            if (json_object_get(t, "words")) dc_buf_printf(b, " «%s»", str(t, "words"));
        }
        dc_buf_puts(b, "\n");
    }
}

/* Items numbered `first`, `first`+1...: text, and with `because` the reason
 * line. Findings show their severity. */
static void put_items(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *items,
                      const char *heading, size_t first, int because)
{
    if (!json_array_size(items)) return;
    dc_buf_printf(b, "\n%s\n", ui(cat, lang, heading));
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const char *severity = str(item, "severity");
        if (severity[0]) dc_buf_printf(b, "%2zu. [%s] %s", first + i, label(cat, lang, severity), str(item, "text"));
        else dc_buf_printf(b, "%2zu. %s", first + i, str(item, "text"));
        if (because) {
            dc_buf_printf(b, "\n    %s: ", ui(cat, lang, "ui.because"));
            put_because(b, cat, lang, json_object_get(item, "because"));
        }
        dc_buf_printf(b, "  (%s)\n", str(item, "id"));
    }
}

/* The actions of do_now, in its order, and the other actions: new arrays
 * of borrowed-then-increfed items. */
static void split_actions(json_t *advice, json_t **now, json_t **rest)
{
    json_t *actions = json_object_get(advice, "actions"), *ids = json_object_get(advice, "do_now");
    size_t i, j;
    json_t *id, *action;
    *now = json_array();
    *rest = json_array();
    json_array_foreach(ids, i, id) {
        json_array_foreach(actions, j, action)
            if (json_is_string(id) && strcmp(str(action, "id"), json_string_value(id)) == 0) {
                json_array_append(*now, action);
                break;
            }
    }
    json_array_foreach(actions, j, action) {
        int chosen = 0;
        json_array_foreach(ids, i, id) chosen |= json_is_string(id) && strcmp(str(action, "id"), json_string_value(id)) == 0;
        if (!chosen) json_array_append(*rest, action);
    }
}

json_t *dc_report_items(json_t *advice)
{
    json_t *now, *rest, *out = json_array();
    split_actions(advice, &now, &rest);
    json_array_extend(out, now);
    json_array_extend(out, json_object_get(advice, "findings"));
    json_array_extend(out, rest);
    json_decref(now);
    json_decref(rest);
    return out;
}

/* An amount of a proposal as a reader writes it: 800000 is "80万" in
 * Chinese, "800,000" in English; a new string for the catalog's {N}, or
 * JSON null when absent. */
static json_t *amount_text(json_t *v, const char *lang)
{
    if (!json_is_integer(v)) return json_null();
    json_int_t n = json_integer_value(v);
    char buf[48];
    if (strcmp(lang, "zh") == 0 && n >= 100000000 && n % 1000000 == 0)
        snprintf(buf, sizeof buf, "%g亿", (double)n / 1e8);
    else if (strcmp(lang, "zh") == 0 && n >= 10000 && n % 100 == 0)
        snprintf(buf, sizeof buf, "%g万", (double)n / 1e4);
    else {
        char digits[32], *o = buf;
        int len = snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, n);
        for (int i = 0; i < len; i++) {
            if (i > 0 && digits[i - 1] != '-' && (len - i) % 3 == 0) *o++ = ',';
            *o++ = digits[i];
        }
        *o = '\0';
    }
    return json_string(buf);
}

char *dc_report_proposal(const dc_catalog *cat, const char *lang, json_t *proposal)
{
    const char *kind = str(proposal, "kind");
    json_t *args = json_array();
    char key[64];
    snprintf(key, sizeof key, "proposal.%s", kind);
    if (strcmp(kind, "criterion") == 0) {
        json_array_append_new(args, json_string(str(proposal, "id")));
    } else if (strcmp(kind, "person") == 0) {
        snprintf(key, sizeof key, "proposal.person-%s%s", str(proposal, "change"),
                 json_object_get(proposal, "name") ? "" : "-unnamed");
        json_array_append_new(args, json_string(str(proposal, "name")));
    } else if (strcmp(kind, "budget") == 0) {
        json_t *pct = json_object_get(proposal, "percent"), *to = json_object_get(proposal, "budget");
        json_t *by = json_object_get(proposal, "by"), *currency = json_object_get(proposal, "currency");
        int set = strcmp(str(proposal, "change"), "new") == 0;
        const char *form = currency ? "-currency"
                         : set ? (to ? "-set" : "")
                         : to ? (pct ? "-to" : by ? "-by-to" : "-cut-to")
                         : pct ? "-percent" : by ? "-by" : "";
        snprintf(key, sizeof key, "proposal.budget%s", form);
        json_array_append(args, pct ? pct : json_null());
        json_array_append_new(args, amount_text(to ? to : json_object_get(proposal, "figure"), lang));
        json_array_append_new(args, amount_text(by, lang));
        json_array_append(args, currency ? currency : json_null());
    } else if (strcmp(kind, "competitor") == 0) {
        json_t *pct = json_object_get(proposal, "percent");
        snprintf(key, sizeof key, "proposal.competitor-%s%s%s", str(proposal, "move"),
                 pct ? "-percent" : "", json_object_get(proposal, "name") ? "" : "-unnamed");
        json_array_append_new(args, json_string(str(proposal, "name")));
        json_array_append(args, pct ? pct : json_null());
    }
    char *text = dc_catalog_format(cat, lang, key, args);
    json_decref(args);
    if (!text) {
        json_t *signal = json_pack("[s]", str(proposal, "signal"));
        text = dc_catalog_format(cat, lang, "proposal.signal", signal);
        json_decref(signal);
    }
    return text;
}

/* "From the notes": what the notes propose, and whether it was used. */
static void put_from_notes(dc_buf *b, const dc_catalog *cat, const char *lang, json_t *advice)
{
    json_t *proposals = json_object_get(advice, "from_notes");
    if (!json_array_size(proposals)) return;
    int used = json_is_true(json_object_get(json_array_get(proposals, 0), "used"));
    dc_buf_printf(b, "\n%s\n", ui(cat, lang, used ? "ui.from-notes-used" : "ui.from-notes-unused"));
    size_t i;
    json_t *p;
    json_array_foreach(proposals, i, p) {
        char *text = dc_report_proposal(cat, lang, p);
        json_t *where = json_pack("[Is]", json_integer_value(json_object_get(p, "note")) + 1,
                                  str(p, "words"));
        char *note = dc_catalog_format(cat, lang, "ui.from-note", where);
        json_decref(where);
        dc_buf_printf(b, "  - %s  %s\n", text ? text : "?", note ? note : "");
        free(text);
        free(note);
    }
}

/* The length of line `n` (from 0) of `text`, its start in *line; -1 when
 * there is no such line. */
static long line_at(const char *text, int n, const char **line)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        p = strchr(p, '\n');
        if (!p) return -1;
        p++;
    }
    if (!*p) return -1;
    *line = p;
    const char *end = strchr(p, '\n');
    return end ? end - p : (long)strlen(p);
}

static int is_numbered(const char *line, long len)
{
    long i = 0;
    while (i < len && line[i] == ' ') i++;
    if (i >= len || line[i] < '0' || line[i] > '9') return 0;
    while (i < len && line[i] >= '0' && line[i] <= '9') i++;
    return i + 1 < len && line[i] == '.' && line[i + 1] == ' ';
}

int dc_report_opening_ok(const dc_catalog *cat, const char *lang, json_t *advice, const char *text)
{
    const char *line = NULL;
    long len = line_at(text, 1, &line);
    const char *diagnosis = ui(cat, lang, "ui.diagnosis");
    size_t dl = strlen(diagnosis);
    if (len < (long)dl + 2 || strncmp(line, diagnosis, dl) || strncmp(line + dl, ": ", 2)) return 0;
    size_t wanted = json_array_size(json_object_get(advice, "do_now"));
    if (wanted == 0) return 1;
    if (wanted > 3 || line_at(text, 2, &line) != 0) return 0;
    const char *heading = ui(cat, lang, "ui.do-now");
    len = line_at(text, 3, &line);
    if (len != (long)strlen(heading) || strncmp(line, heading, (size_t)len)) return 0;
    size_t items = 0;
    for (int n = 4; (len = line_at(text, n, &line)) > 0; n++) items += (size_t)is_numbered(line, len);
    return items == wanted;
}

static char *render(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal, int full)
{
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s %s", ui(cat, lang, "ui.deal"), str(advice, "deal"));
    if (deal && str(deal, "name")[0]) dc_buf_printf(&b, " — %s", str(deal, "name"));
    if (deal && str(deal, "customer")[0]) dc_buf_printf(&b, " (%s)", str(deal, "customer"));
    dc_buf_printf(&b, "  [%s %s]\n", ui(cat, lang, "ui.as-of"), str(advice, "evaluated_on"));
    put_diagnosis(&b, cat, lang, advice);
    json_t *now, *rest, *findings = json_object_get(advice, "findings");
    split_actions(advice, &now, &rest);
    put_items(&b, cat, lang, now, "ui.do-now", 1, 1);
    dc_buf_puts(&b, "\n");
    put_stage(&b, cat, lang, json_object_get(advice, "stage"), full);
    put_situation(&b, cat, lang, advice, full);
    put_items(&b, cat, lang, findings, "ui.findings", 1 + json_array_size(now), full);
    put_items(&b, cat, lang, rest, "ui.more-actions", 1 + json_array_size(now) + json_array_size(findings), full);
    json_decref(now);
    json_decref(rest);
    put_from_notes(&b, cat, lang, advice);
    json_t *warnings = json_object_get(advice, "warnings");
    if (json_array_size(warnings)) {
        dc_buf_printf(&b, "\n%s\n", ui(cat, lang, "ui.warnings"));
        size_t i;
        json_t *w;
        json_array_foreach(warnings, i, w) {
            dc_buf_puts(&b, "  - ");
            char *text = dc_phrases_render_message(cat, lang, json_is_string(w) ? json_string_value(w) : "?");
            dc_buf_puts(&b, text ? text : "?");
            free(text);
            dc_buf_puts(&b, "\n");
        }
    }
    if (!full) dc_buf_printf(&b, "\n%s\n", ui(cat, lang, "ui.more-hint"));
    return dc_buf_take(&b);
}

/* --- user text made safe for a terminal ------------------------------------------ */

#define SUBSTITUTE "\xEF\xBF\xBD" /* U+FFFD, shown for a control character */

/* Is p a bidirectional formatting character (U+200E/F, U+202A-U+202E,
 * U+2066-U+2069)? They reorder what the terminal shows ("Trojan Source"):
 * a note could make a line read the opposite of what it says. */
static int is_bidi_control(const unsigned char *p)
{
    if (p[0] != 0xe2) return 0;
    if (p[1] == 0x80) return p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae);
    return p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9;
}

/* `s` with tab, newline and return as spaces and every other control
 * character (C0, DEL, C1, bidirectional formatting) as U+FFFD, so no text
 * of a deal can move the cursor, clear the screen, reorder a line or fake
 * a line of the report. Valid UTF-8, Chinese included, stays as it is.
 * malloc'd, NULL when out of memory. */
static char *printable_text(const char *s)
{
    dc_buf b = DC_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r') dc_buf_puts(&b, " ");
        else if (*p < 0x20 || *p == 0x7f) dc_buf_puts(&b, SUBSTITUTE);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            dc_buf_puts(&b, SUBSTITUTE); /* a C1 control, two bytes in UTF-8 */
            p++;
        } else if (is_bidi_control(p)) {
            dc_buf_puts(&b, SUBSTITUTE); /* three bytes in UTF-8 */
            p += 2;
        } else {
            dc_buf_append(&b, (const char *)p, 1);
        }
    }
    return dc_buf_take(&b);
}

static json_t *printable_string(const char *s)
{
    char *text = printable_text(s);
    json_t *v = text ? json_string(text) : NULL;
    free(text);
    return v;
}

/* A copy of `v` whose every text, object keys included, is printable. New
 * reference, NULL when out of memory. */
static json_t *printable_copy(json_t *v)
{
    json_t *copy = NULL, *item;
    int failed = 0;
    if (json_is_string(v)) return printable_string(json_string_value(v));
    if (json_is_array(v)) {
        size_t i;
        failed = !(copy = json_array());
        json_array_foreach(v, i, item) failed |= json_array_append_new(copy, printable_copy(item)) != 0;
    } else if (json_is_object(v)) {
        const char *key;
        failed = !(copy = json_object());
        json_object_foreach(v, key, item) {
            char *k = printable_text(key);
            failed |= !k || json_object_set_new(copy, k, printable_copy(item)) != 0;
            free(k);
        }
    } else {
        return json_incref(v); /* numbers, true, false, null */
    }
    if (!failed) return copy;
    json_decref(copy);
    return NULL;
}

char *dc_report_render(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal, int full)
{
    json_t *shown_advice = printable_copy(advice);
    json_t *shown_deal = deal ? printable_copy(deal) : NULL;
    char *text = shown_advice && (shown_deal || !deal) ? render(cat, lang, shown_advice, shown_deal, full) : NULL;
    json_decref(shown_advice);
    json_decref(shown_deal);
    return text;
}

/* --- English left in a report ------------------------------------------------------- */

/* Every text of `v`, one after another, each followed by a newline. */
static void put_texts(dc_buf *b, json_t *v)
{
    size_t i;
    const char *key;
    json_t *item;
    if (json_is_string(v)) {
        dc_buf_puts(b, json_string_value(v));
        dc_buf_puts(b, "\n");
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item) put_texts(b, item);
    } else if (json_is_object(v)) {
        json_object_foreach(v, key, item) put_texts(b, item);
    }
}

static int is_latin(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_word_char(char c)
{
    return is_latin(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '\'';
}

/* Is `word` the id or rule of an item of one of the advice's lists? */
static int names_an_item(json_t *advice, const char *word)
{
    static const char *const lists[] = {"findings", "actions", "tactic_details"};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(advice, lists[l]), i, item)
            if (strcmp(str(item, "id"), word) == 0 || strcmp(str(item, "rule"), word) == 0) return 1;
    }
    return strcmp(str(advice, "deal"), word) == 0;
}

static int is_acronym(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] >= 'a' && w[i] <= 'z') return 0;
    return 1;
}

int dc_report_untranslated(const dc_catalog *cat, const char *lang, json_t *advice, json_t *deal,
                           json_t *words)
{
    char *report = dc_report_render(cat, lang, advice, deal, 1);
    dc_buf own = DC_BUF_INIT;
    dc_buf_append(&own, "", 0);
    if (deal) put_texts(&own, deal);
    put_texts(&own, json_object_get(advice, "signals"));
    char *deal_words = dc_buf_take(&own);
    int rc = report && deal_words ? DC_OK : DC_ENOMEM;
    for (const char *p = report ? report : ""; rc == DC_OK && *p; ) {
        if (!is_word_char(*p)) { p++; continue; }
        const char *start = p;
        size_t letters = 0;
        while (is_word_char(*p)) letters += is_latin(*p++);
        size_t n = (size_t)(p - start);
        while (n && (start[n - 1] == '.' || start[n - 1] == '\'')) n--; /* a full stop ends a word */
        if (letters < 2 || is_acronym(start, n)) continue;
        char word[256];
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), start);
        if (names_an_item(advice, word) || strstr(deal_words, word)) continue;
        size_t i;
        json_t *seen;
        int known = 0;
        json_array_foreach(words, i, seen) known |= strcmp(json_string_value(seen), word) == 0;
        if (!known && json_array_append_new(words, json_string(word))) rc = DC_ENOMEM;
    }
    free(report);
    free(deal_words);
    return rc;
}
