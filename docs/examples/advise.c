/* advise.c - advice on a deal file through libdealcoach (the playbook
 * installed with the library is found next to it).
 *   cc advise.c $(pkg-config --cflags --libs dealcoach) -o advise
 *   ./advise deal.json [zh|en] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <dealcoach/coach.h>
#include <dealcoach/deal.h>
#include <dealcoach/report.h>

int main(int argc, char **argv)
{
    const char *lang = argc > 2 ? argv[2] : "en";
    char today[11];
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
    json_t *errors = json_array(), *warnings = json_array(), *input = NULL, *deal = NULL, *advice = NULL;
    dc_paths paths = {0};
    dc_coach *coach = dc_coach_new();
    int status = 2;
    if (argc < 2) fprintf(stderr, "usage: %s DEAL.json [zh|en]\n", argv[0]);
    else if (!coach || dc_paths_find(&paths) || dc_coach_load(coach, &paths, NULL, 0, warnings))
        fprintf(stderr, "the playbook did not load: %s\n", coach ? dc_coach_message(coach) : "no memory");
    else if (dc_deal_read_file(argv[1], &input, errors) ||
             dc_coach_check(coach, argv[1], input, &deal, errors, warnings))
        fprintf(stderr, "%s\n", json_string_value(json_array_get(errors, 0)));
    else if (dc_coach_advise(coach, deal, today, lang, warnings, &advice))
        fprintf(stderr, "the rules failed: %s\n", dc_coach_message(coach));
    else {
        char *report = dc_report_render(dc_coach_catalog(coach), lang, advice, deal, 0);
        status = report && fputs(report, stdout) != EOF ? 0 : 1;
        free(report);
    }
    json_decref(errors), json_decref(warnings), json_decref(input), json_decref(deal), json_decref(advice);
    dc_paths_free(&paths);
    dc_coach_free(coach);
    return status;
}
