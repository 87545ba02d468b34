/* coverage.c - rules fired per rule file (see coverage.h). */
#include "coverage.h"

#include <string.h>

#include "playbook.h"
#include "strbuf.h"

static double percent(json_int_t part, json_int_t whole)
{
    return whole ? (double)(int)(1000.0 * (double)part / (double)whole + 0.5) / 10.0 : 100.0;
}

static void set_totals(json_t *obj, json_int_t fired, json_int_t total)
{
    json_object_set_new(obj, "fired", json_integer(fired));
    json_object_set_new(obj, "total", json_integer(total));
    json_object_set_new(obj, "percent", json_real(percent(fired, total)));
}

json_t *dc_coverage(dc_coach *c)
{
    dc_engine *e = dc_coach_engine(c);
    dc_playbook *pb = dc_playbook_read(dc_coach_rule_files(c), e);
    json_t *out = json_object(), *files = json_array();
    if (!pb || !out || !files) goto nomem;
    json_int_t all_fired = 0, all_total = 0;
    json_t *counts = dc_engine_fire_counts(e);
    if (!counts) goto nomem;
    for (size_t s = 0; s < dc_playbook_source_count(pb); s++) {
        const dc_source *src = dc_playbook_source(pb, s);
        json_t *rules = json_array();
        json_int_t fired = 0, total = 0;
        for (size_t i = 0; rules && i < dc_playbook_rule_count(pb); i++) {
            const dc_pb_rule *r = dc_playbook_rule(pb, i);
            const char *loaded_from = dc_engine_rule_file(e, r->r.name);
            if (r->src != src || !loaded_from || strcmp(loaded_from, src->path) != 0) continue;
            json_int_t n = json_integer_value(json_object_get(counts, r->r.name));
            json_array_append_new(rules, json_pack("{sssIsI}", "rule", r->r.name, "line",
                                                   (json_int_t)r->r.form->line, "fired", n));
            total++;
            fired += n > 0;
        }
        json_t *file = json_pack("{ss}", "file", dc_source_shown_path(src->path));
        if (!rules || !file) {
            json_decref(rules);
            json_decref(file);
            json_decref(counts);
            goto nomem;
        }
        set_totals(file, fired, total);
        json_object_set_new(file, "rules", rules);
        json_array_append_new(files, file);
        all_fired += fired;
        all_total += total;
    }
    json_decref(counts);
    set_totals(out, all_fired, all_total);
    json_object_set_new(out, "files", files);
    dc_playbook_free(pb);
    return out;
nomem:
    dc_playbook_free(pb);
    json_decref(out);
    json_decref(files);
    return NULL;
}

static json_int_t num(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

char *dc_coverage_text(json_t *coverage)
{
    dc_buf b = DC_BUF_INIT;
    size_t i, j;
    json_t *file, *rule;
    dc_buf_puts(&b, "Rule coverage (rules that fired at least once):\n");
    json_array_foreach(json_object_get(coverage, "files"), i, file) {
        const char *path = json_string_value(json_object_get(file, "file"));
        if (num(file, "total") == 0) continue;
        dc_buf_printf(&b, "%s: %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT " rules fired (%.1f%%)\n",
                      path, num(file, "fired"), num(file, "total"),
                      json_real_value(json_object_get(file, "percent")));
        json_array_foreach(json_object_get(file, "rules"), j, rule)
            if (num(rule, "fired") == 0)
                dc_buf_printf(&b, "  never fired: %s:%" JSON_INTEGER_FORMAT ": %s\n", path, num(rule, "line"),
                              json_string_value(json_object_get(rule, "rule")));
        int first = 1;
        json_array_foreach(json_object_get(file, "rules"), j, rule) {
            if (num(rule, "fired") == 0) continue;
            dc_buf_printf(&b, "%s%s (%" JSON_INTEGER_FORMAT ")", first ? "  fired: " : ", ",
                          json_string_value(json_object_get(rule, "rule")), num(rule, "fired"));
            first = 0;
        }
        if (!first) dc_buf_puts(&b, "\n");
    }
    dc_buf_printf(&b, "total: %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT " rules fired (%.1f%%)\n",
                  num(coverage, "fired"), num(coverage, "total"),
                  json_real_value(json_object_get(coverage, "percent")));
    return dc_buf_take(&b);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void put_field(dc_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        dc_buf_puts(b, s);
        return;
    }
    dc_buf_puts(b, "\"");
    for (; *s; s++) dc_buf_puts(b, *s == '"' ? "\"\"" : (char[]){*s, '\0'});
    dc_buf_puts(b, "\"");
}

char *dc_coverage_csv(json_t *coverage)
{
    dc_buf b = DC_BUF_INIT;
    size_t i, j;
    json_t *file, *rule;
    dc_buf_puts(&b, "file,line,rule,fired\n");
    json_array_foreach(json_object_get(coverage, "files"), i, file) {
        json_array_foreach(json_object_get(file, "rules"), j, rule) {
            put_field(&b, json_string_value(json_object_get(file, "file")));
            dc_buf_printf(&b, ",%" JSON_INTEGER_FORMAT ",", num(rule, "line"));
            put_field(&b, json_string_value(json_object_get(rule, "rule")));
            dc_buf_printf(&b, ",%" JSON_INTEGER_FORMAT "\n", num(rule, "fired"));
        }
    }
    return dc_buf_take(&b);
}
