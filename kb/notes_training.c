/* notes_training.c - phrasing files into examples of the learned model.
 * See notes_training.h. */
#define _POSIX_C_SOURCE 200809L

#include "notes_training.h"
#include "notes_rivals.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is `signal` an id the loaded patterns know? */
static int known_signal(const dc_notes *n, const char *signal)
{
    for (size_t i = 0; i < dc_notes_signal_count(n); i++)
        if (strcmp(dc_notes_signal(n, i), signal) == 0) return 1;
    return 0;
}

int dc_notes_set_rivals_list(dc_notes *n, const char *list)
{
    size_t count;
    char **names = dc_rivals_split(list, &count);
    int rc = names ? dc_notes_set_rivals(n, (const char *const *)names, count) : DC_ENOMEM;
    dc_rivals_split_free(names, count);
    return rc;
}

int dc_phrasing_competitors(dc_notes *n, const char *line)
{
    static const char directive[] = "@competitors";
    size_t len = sizeof directive - 1;
    if (strncmp(line, directive, len) != 0 || (line[len] && line[len] != ' ' && line[len] != '\t'))
        return 0;
    return dc_notes_set_rivals_list(n, line + len) ? -1 : 1;
}

int dc_notes_learn_file(dc_notes *n, dc_learner *l, const char *path, char *why, size_t size)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(why, size, "%s: %s", path, strerror(errno));
        return DC_EIO;
    }
    dc_features f = {0};
    char *line = NULL;
    size_t cap = 0, number = 0;
    int rc = dc_notes_set_rivals(n, NULL, 0);
    while (!rc && getline(&line, &cap, fp) >= 0) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        int directive = dc_phrasing_competitors(n, line);
        if (directive) {
            rc = directive < 0 ? DC_ENOMEM : DC_OK;
            continue;
        }
        if ((line[0] != '+' && line[0] != '-') || line[1] != ' ') continue;
        char *signal = line + 2, *tab = strchr(signal, '\t');
        if (!tab) continue;
        *tab = '\0';
        char *text = tab + 1, *end = strchr(text, '\t');
        if (end) *end = '\0';
        if (!known_signal(n, signal)) {
            snprintf(why, size, "%s:%zu: \"%s\" is no signal id of the patterns", path, number, signal);
            rc = DC_EINPUT;
            break;
        }
        rc = dc_notes_features(n, text, &f);
        if (rc == DC_EINPUT) snprintf(why, size, "%s:%zu: %s", path, number, dc_notes_message(n));
        else if (rc || dc_learner_add(l, signal, line[0] == '+', &f)) rc = DC_ENOMEM;
    }
    if (rc == DC_ENOMEM) snprintf(why, size, "out of memory");
    free(line);
    fclose(fp);
    dc_features_free(&f);
    return rc;
}

int dc_notes_learn_list(dc_notes *n, dc_learner *l, const char *path, char *why, size_t size)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(why, size, "%s: %s", path, strerror(errno));
        return DC_EIO;
    }
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    char *line = NULL, *file = NULL;
    size_t cap = 0, number = 0;
    int rc = DC_OK;
    while (!rc && getline(&line, &cap, fp) >= 0) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        size_t len = (size_t)dir_len + strlen(line) + 2;
        free(file);
        if (!(file = malloc(len))) {
            snprintf(why, size, "out of memory");
            rc = DC_ENOMEM;
            break;
        }
        if (line[0] == '/') /* an absolute path is itself */
            snprintf(file, len, "%s", line);
        else
            snprintf(file, len, "%.*s/%s", dir_len, dir, line);
        rc = dc_notes_learn_file(n, l, file, why, size);
        if (rc == DC_EIO) { /* the file itself could not be read: say which line named it */
            char *reason = strdup(why);
            if (reason) snprintf(why, size, "%s:%zu: %s", path, number, reason);
            free(reason);
        }
    }
    free(file);
    free(line);
    fclose(fp);
    return rc;
}

int dc_notes_learn_path(dc_notes *n, dc_learner *l, const char *path, char *why, size_t size)
{
    size_t len = strlen(path);
    return len > 5 && strcmp(path + len - 5, ".list") == 0 ? dc_notes_learn_list(n, l, path, why, size)
                                                           : dc_notes_learn_file(n, l, path, why, size);
}
