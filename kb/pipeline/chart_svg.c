/* chart_svg.c - the charts, drawn by the chart module (chart_module.h)
 * loaded here at the first chart. Contract in chart_svg.h. */
#include "chart_svg.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "chart_module.h"
#include "paths.h"

#define MODULE_NAME "charts.so"

/* The module, once loaded: it stays loaded for the life of the process
 * (cairo keeps static data that dlclose would strand). */
static const dc_chart_module *loaded;

int dc_chart_load(char *why, size_t size)
{
    if (loaded) return 0;
    const char *env = getenv("DEALCOACH_CHART_MODULE");
    char *path = env && *env ? NULL : dc_path_module(MODULE_NAME);
    const char *where = env && *env ? env : path;
    if (!where) {
        snprintf(why, size, "out of memory");
        return -1;
    }
    void *lib = dlopen(where, RTLD_NOW | RTLD_LOCAL);
    const char *error = lib ? NULL : dlerror();
    const dc_chart_module *(*entry)(void) = NULL;
    if (lib) *(void **)&entry = dlsym(lib, DC_CHART_MODULE_SYMBOL);
    const dc_chart_module *m = entry ? entry() : NULL;
    if (!m || m->version != DC_CHART_MODULE_VERSION) {
        if (lib)
            snprintf(why, size, "cannot draw the charts: %s: not dealcoach's chart module of "
                                "this version", where);
        else /* the loader's message names the file */
            snprintf(why, size, "cannot draw the charts: %s (the chart module is installed with "
                                "dealcoach; it needs cairo, Debian's libcairo2)",
                     error ? error : where);
        if (lib) dlclose(lib);
        free(path);
        return -1;
    }
    loaded = m;
    free(path);
    return 0;
}

static const char *text_of(const dc_chart_texts *t, const char *key)
{
    return dc_catalog_get(t->catalog, t->lang, key);
}

static const char *label_of(const dc_chart_texts *t, const char *id)
{
    return dc_catalog_label(t->catalog, t->lang, id);
}

char *dc_chart_funnel_svg(json_t *funnel, const dc_catalog *cat, const char *lang, size_t *len)
{
    char why[16];
    if (dc_chart_load(why, sizeof why)) return NULL;
    dc_chart_texts t = {text_of, label_of, cat, lang};
    return loaded->funnel(funnel, &t, len);
}

char *dc_chart_velocity_svg(json_t *funnel, const dc_catalog *cat, const char *lang, size_t *len)
{
    char why[16];
    if (dc_chart_load(why, sizeof why)) return NULL;
    dc_chart_texts t = {text_of, label_of, cat, lang};
    return loaded->velocity(funnel, &t, len);
}

void dc_chart_release(void)
{
    if (loaded) loaded->release();
}
