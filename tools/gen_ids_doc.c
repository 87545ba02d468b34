/* gen_ids_doc.c - print docs/ids.md: every id of the shipped playbook with
 * its text in English and Chinese (kb/coach/reference.h). Exits 1, naming
 * them, when an id has no text in a language; the test "docs_ids" compares
 * the output with docs/ids.md.
 *
 *     build/gen_ids_doc > docs/ids.md */
#include <stdio.h>
#include <stdlib.h>

#include "coach.h"
#include "coach/reference.h"
#include "paths.h"

int main(void)
{
    dc_paths paths = {0};
    dc_coach *c = dc_coach_new();
    json_t *warnings = json_array(), *ref = NULL;
    char *md = NULL;
    int code = 1;
    if (!c || !warnings || dc_paths_find(&paths)) goto out;
    if (dc_coach_load(c, &paths, NULL, 0, warnings)) {
        fprintf(stderr, "gen_ids_doc: %s\n", dc_coach_message(c));
        goto out;
    }
    if (!(ref = dc_reference(c)) || !(md = dc_reference_markdown(ref))) {
        fprintf(stderr, "gen_ids_doc: out of memory\n");
        goto out;
    }
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(ref, "missing"), i, m)
        fprintf(stderr, "gen_ids_doc: no text for %s (add it to kb/messages/*.txt)\n", json_string_value(m));
    fputs(md, stdout);
    code = json_array_size(json_object_get(ref, "missing")) ? 1 : fflush(stdout) != 0;
out:
    free(md);
    json_decref(ref);
    json_decref(warnings);
    dc_coach_free(c);
    dc_paths_free(&paths);
    return code;
}
