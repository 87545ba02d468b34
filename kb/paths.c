/* paths.c - find the shipped data: installed copy or source tree. */
#define _GNU_SOURCE /* dladdr */
#include "paths.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

char *dc_path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir), n = len + strlen(name) + 2;
    const char *sep = len && dir[len - 1] == '/' ? "" : "/"; /* never "dir//name" */
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s%s%s", dir, sep, name);
    return path;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <the directory of `file`>/<rel>, if it holds rules; malloc'd, or NULL. */
static char *datadir_beside(const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    if (!slash) return NULL;
    size_t len = (size_t)(slash - file) + strlen(rel) + 2;
    char *dir = malloc(len);
    if (!dir) return NULL;
    snprintf(dir, len, "%.*s/%s", (int)(slash - file), file, rel);
    char *rules = dc_path_join(dir, "rules");
    int found = rules && is_dir(rules);
    free(rules);
    if (!found) {
        free(dir);
        return NULL;
    }
    return dir;
}

/* <dir of the running executable>/../DC_INSTALL_DATADIR_REL. */
static char *installed_datadir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    return datadir_beside(exe, "../" DC_INSTALL_DATADIR_REL);
}

/* <dir of the shared library holding this code>/DC_LIB_TO_DATADIR_REL: a
 * program linked with an installed libdealcoach finds the playbook
 * installed with it, wherever the program itself is. */
static const char anchor;
static char *library_datadir(void)
{
    Dl_info info;
    if (!dladdr(&anchor, &info) || !info.dli_fname) return NULL;
    return datadir_beside(info.dli_fname, DC_LIB_TO_DATADIR_REL);
}

/* <the directory of `file`>/<rel>/<name> if it is a file; malloc'd, or NULL. */
static char *file_beside(const char *file, const char *rel, const char *name)
{
    const char *slash = strrchr(file, '/');
    if (!slash) return NULL;
    size_t len = (size_t)(slash - file) + strlen(rel) + strlen(name) + 3;
    char *path = malloc(len);
    if (!path) return NULL;
    snprintf(path, len, "%.*s/%s/%s", (int)(slash - file), file, rel, name);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return path;
    free(path);
    return NULL;
}

char *dc_path_module(const char *name)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *path = NULL;
    if (n > 0) {
        exe[n] = '\0';
        path = file_beside(exe, DC_BIN_TO_MODULEDIR_REL, name);
    }
    Dl_info info;
    if (!path && dladdr(&anchor, &info) && info.dli_fname)
        path = file_beside(info.dli_fname, "dealcoach", name);
    return path ? path : dc_path_join(DC_BUILD_MODULEDIR, name);
}

int dc_paths_find(dc_paths *p)
{
    memset(p, 0, sizeof *p);
    const char *env = getenv("DEALCOACH_DATADIR");
    char *installed = (env && *env) ? NULL : installed_datadir();
    if (!(env && *env) && !installed) installed = library_datadir();
    const char *base = (env && *env) ? env : installed;
    if (base) {
        p->rules_dir = dc_path_join(base, "rules");
        p->messages_dir = dc_path_join(base, "messages");
        p->patterns_dir = dc_path_join(base, "patterns");
        p->patterns_cache = dc_path_join(base, "patterns.cache");
        p->notes_model = dc_path_join(base, "notes.model");
        p->messages_cache = dc_path_join(base, "messages.cache");
        p->examples_dir = dc_path_join(base, "examples");
        p->import_dir = dc_path_join(base, "import");
    } else {
        p->rules_dir = dc_path_join(DC_SOURCE_DIR, "rules");
        p->messages_dir = dc_path_join(DC_SOURCE_DIR, "kb/messages");
        p->patterns_dir = dc_path_join(DC_SOURCE_DIR, "kb/patterns");
        p->patterns_cache = dc_path_join(DC_BINARY_DIR, "patterns.cache");
        p->notes_model = dc_path_join(DC_BINARY_DIR, "notes.model");
        p->messages_cache = dc_path_join(DC_BINARY_DIR, "messages.cache");
        p->examples_dir = dc_path_join(DC_SOURCE_DIR, "examples");
        p->import_dir = dc_path_join(DC_SOURCE_DIR, "kb/import");
    }
    free(installed);
    if (!p->rules_dir || !p->messages_dir || !p->patterns_dir || !p->patterns_cache || !p->notes_model || !p->messages_cache ||
        !p->examples_dir ||
        !p->import_dir) {
        dc_paths_free(p);
        return DC_ENOMEM;
    }
    return DC_OK;
}

void dc_paths_free(dc_paths *p)
{
    free(p->rules_dir);
    free(p->messages_dir);
    free(p->patterns_dir);
    free(p->patterns_cache);
    free(p->notes_model);
    free(p->messages_cache);
    free(p->examples_dir);
    free(p->import_dir);
    memset(p, 0, sizeof *p);
}

char *dc_paths_rules_image(const dc_paths *p)
{
    size_t len = strlen(p->rules_dir);
    while (len > 1 && p->rules_dir[len - 1] == '/') len--;
    if (strncmp(p->rules_dir, DC_SOURCE_DIR "/rules", len) == 0 && len == strlen(DC_SOURCE_DIR "/rules"))
        return dc_path_join(DC_BINARY_DIR, "rules.image");
    char *path = malloc(len + sizeof ".image");
    if (path) snprintf(path, len + sizeof ".image", "%.*s.image", (int)len, p->rules_dir);
    return path;
}
