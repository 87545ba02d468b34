/* reference.c - every id of a playbook with what it means (see reference.h). */
#include "coach/reference.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "coach/playbook.h"
#include "coach/source.h"
#include "strbuf.h"

static const char *const languages[] = {"en", "zh"};

/* The deal or advice field a template's slot stands for. */
static void field_of(const char *tmpl, const char *slot, char *out, size_t size)
{
    if (strcmp(tmpl, "deal") == 0) snprintf(out, size, "%s", slot);
    else if (strcmp(tmpl, "criterion") == 0) snprintf(out, size, "criteria");
    else if (strcmp(tmpl, "person") == 0) snprintf(out, size, "people[].%s", slot);
    else if (strcmp(tmpl, "competitor") == 0) snprintf(out, size, "competitors[].%s", slot);
    else if (strcmp(tmpl, "signal") == 0)
        snprintf(out, size, "%s", strcmp(slot, "id") == 0 ? "signals" : "signals[].source (advice)");
    else if (!strcmp(tmpl, "evaluation") || !strcmp(tmpl, "negotiation") || !strcmp(tmpl, "opportunity") ||
             !strcmp(tmpl, "account"))
        snprintf(out, size, "%s.%s", tmpl, slot);
    else snprintf(out, size, "%s.%s (the rules' facts)", tmpl, slot);
}

/* One entry: the id and its text in each language under `key`
 * (KIND.ID); a missing text is null and named in `missing`. */
static json_t *entry_of(const dc_catalog *cat, const char *kind, const char *id, json_t *missing)
{
    json_t *e = json_pack("{ss}", "id", id);
    char key[512];
    snprintf(key, sizeof key, "%s.%s", kind, id);
    for (size_t l = 0; e && l < sizeof languages / sizeof *languages; l++) {
        const char *lang = languages[l];
        if (dc_catalog_has(cat, lang, key)) {
            json_object_set_new(e, lang, json_string(dc_catalog_get(cat, lang, key)));
        } else {
            json_object_set_new(e, lang, json_null());
            char *what = NULL;
            size_t n = strlen(lang) + strlen(key) + 3;
            if ((what = malloc(n))) {
                snprintf(what, n, "%s: %s", lang, key);
                json_array_append_new(missing, json_string(what));
                free(what);
            }
        }
    }
    return e;
}

static int is_trivial(const char *id)
{
    return !strcmp(id, "unknown") || !strcmp(id, "nil") || !strcmp(id, "yes") || !strcmp(id, "no");
}

/* The value groups of one (deftemplate ...) form. */
static void template_groups(const dc_catalog *cat, const dc_sx *form, json_t *groups, json_t *missing)
{
    if (form->n < 2 || form->items[1].type != DC_SX_ATOM) return;
    const char *tmpl = form->items[1].text;
    for (size_t i = 2; i < form->n; i++) {
        const dc_sx *slot = &form->items[i];
        const char *head = dc_sx_head(slot);
        if ((strcmp(head, "slot") && strcmp(head, "multislot")) || slot->n < 2) continue;
        for (size_t j = 2; j < slot->n; j++) {
            const dc_sx *facet = &slot->items[j];
            if (strcmp(dc_sx_head(facet), "allowed-symbols")) continue;
            json_t *ids = json_array();
            for (size_t k = 1; k < facet->n; k++)
                if (facet->items[k].type == DC_SX_ATOM && !is_trivial(facet->items[k].text))
                    json_array_append_new(ids, entry_of(cat, "label", facet->items[k].text, missing));
            if (json_array_size(ids) == 0) {
                json_decref(ids);
                continue;
            }
            char field[256];
            field_of(tmpl, slot->items[1].text, field, sizeof field);
            char title[256];
            snprintf(title, sizeof title, "%s.%s", tmpl, slot->items[1].text);
            json_array_append_new(groups, json_pack("{ssssso}", "title", title, "field", field, "ids", ids));
        }
    }
}

/* Findings, actions or tactics: the ids the rules assert, and those the
 * catalogs have a text for (an id made with sym-cat is found there). */
static json_t *item_group(const dc_catalog *cat, const dc_playbook *pb, const char *kind, json_t *missing)
{
    json_t *ids = json_object(), *out = json_array();
    for (size_t i = 0; i < dc_playbook_emit_count(pb); i++) {
        const dc_pb_emit *e = dc_playbook_emit(pb, i);
        if (strcmp(e->kind, kind) == 0 && !strchr(e->id, '*')) json_object_set_new(ids, e->id, json_true());
    }
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s.", kind);
    for (size_t l = 0; l < sizeof languages / sizeof *languages; l++) {
        json_t *keys = dc_catalog_keys(cat, languages[l], prefix);
        size_t i;
        json_t *k;
        json_array_foreach(keys, i, k) json_object_set_new(ids, json_string_value(k), json_true());
        json_decref(keys);
    }
    /* In id order (the object's keys, sorted). */
    size_t n = json_object_size(ids), i = 0;
    const char **sorted = malloc((n + 1) * sizeof *sorted);
    const char *id;
    json_t *v;
    json_object_foreach(ids, id, v) if (sorted) sorted[i++] = id;
    for (size_t a = 0; sorted && a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (strcmp(sorted[b], sorted[a]) < 0) {
                const char *t = sorted[a];
                sorted[a] = sorted[b];
                sorted[b] = t;
            }
    for (i = 0; sorted && i < n; i++) json_array_append_new(out, entry_of(cat, kind, sorted[i], missing));
    free(sorted);
    json_decref(ids);
    return out;
}

json_t *dc_reference(dc_coach *c)
{
    const dc_catalog *cat = dc_coach_catalog(c);
    json_t *files = dc_coach_rule_files(c);
    json_t *groups = json_array(), *missing = json_array();
    size_t i;
    json_t *path;
    json_array_foreach(files, i, path) {
        dc_source *src = dc_source_read(json_string_value(path));
        for (size_t f = 0; src && f < src->n_forms; f++)
            if (strcmp(dc_sx_head(&src->forms[f]), "deftemplate") == 0)
                template_groups(cat, &src->forms[f], groups, missing);
        dc_source_free(src);
    }
    dc_playbook *pb = dc_playbook_read(files, dc_coach_engine(c));
    json_t *ref = pb ? json_pack("{sososososo}", "groups", groups,
                                 "findings", item_group(cat, pb, "finding", missing),
                                 "actions", item_group(cat, pb, "action", missing),
                                 "tactics", item_group(cat, pb, "tactic", missing),
                                 "missing", missing)
                     : NULL;
    if (!ref) {
        json_decref(groups);
        json_decref(missing);
    }
    dc_playbook_free(pb);
    return ref;
}

/* A catalog text in a table cell: one line, '|' escaped. */
static void put_cell(dc_buf *b, json_t *text)
{
    const char *s = json_is_string(text) ? json_string_value(text) : "(missing)";
    for (; *s; s++) {
        if (*s == '\n') dc_buf_puts(b, "<br>");
        else if (*s == '|') dc_buf_puts(b, "\\|");
        else dc_buf_append(b, s, 1);
    }
}

static void put_table(dc_buf *b, json_t *ids)
{
    dc_buf_puts(b, "| id | English | 中文 |\n|---|---|---|\n");
    size_t i;
    json_t *e;
    json_array_foreach(ids, i, e) {
        dc_buf_printf(b, "| `%s` | ", json_string_value(json_object_get(e, "id")));
        put_cell(b, json_object_get(e, "en"));
        dc_buf_puts(b, " | ");
        put_cell(b, json_object_get(e, "zh"));
        dc_buf_puts(b, " |\n");
    }
}

char *dc_reference_markdown(json_t *ref)
{
    dc_buf b = DC_BUF_INIT;
    dc_buf_puts(&b,
        "# Every id, and what it means\n"
        "\n"
        "Ids are the vocabulary of deal files, rules and the `--json` advice; they\n"
        "never change with the language. This page lists each one with its text in\n"
        "English and Chinese, as the report shows it. It is generated from the\n"
        "playbook's templates (`rules/00-schema.clp`) and the message catalogs\n"
        "(`kb/messages/`) by `tools/gen_ids_doc.c` - do not edit it by hand: after\n"
        "adding an id, run `build/gen_ids_doc > docs/ids.md`. A test fails when this\n"
        "page is out of date or an id has no text in a language. Texts with {1},\n"
        "{2}... are filled with what the item is about.\n"
        "\n## Values of the deal's fields and of the rules' facts\n");
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(ref, "groups"), i, g) {
        dc_buf_printf(&b, "\n### %s\n\nTemplate slot `%s`.\n\n", json_string_value(json_object_get(g, "field")),
                      json_string_value(json_object_get(g, "title")));
        put_table(&b, json_object_get(g, "ids"));
    }
    static const char *const kinds[][2] = {{"findings", "Findings: what the rep should know"},
                                           {"actions", "Actions: what the rep should do"},
                                           {"tactics", "Negotiation tactics (playbook §8)"}};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        dc_buf_printf(&b, "\n## %s\n\n", kinds[k][1]);
        put_table(&b, json_object_get(ref, kinds[k][0]));
    }
    return dc_buf_take(&b);
}
