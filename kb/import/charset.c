/* charset.c - see charset.h. */
#define _POSIX_C_SOURCE 200809L
#include "charset.h"

#include <dlfcn.h>
#include <stdio.h>

/* The functions of uchardet.h, reached through dlopen. */
typedef struct uchardet *uchardet_t;
struct uchardet_api {
    uchardet_t (*create)(void);
    void (*destroy)(uchardet_t);
    int (*feed)(uchardet_t, const char *, size_t);
    void (*end)(uchardet_t);
    const char *(*charset)(uchardet_t);
};

/* Load the library once: 1 when its functions are there. */
static int load(struct uchardet_api *a)
{
    static int tried, loaded;
    static struct uchardet_api api;
    if (!tried) {
        tried = 1;
        void *lib = dlopen(DC_UCHARDET_SONAME, RTLD_NOW | RTLD_LOCAL);
        /* POSIX: a data pointer from dlsym converts to a function pointer. */
        if (lib) {
            *(void **)&api.create = dlsym(lib, "uchardet_new");
            *(void **)&api.destroy = dlsym(lib, "uchardet_delete");
            *(void **)&api.feed = dlsym(lib, "uchardet_handle_data");
            *(void **)&api.end = dlsym(lib, "uchardet_data_end");
            *(void **)&api.charset = dlsym(lib, "uchardet_get_charset");
            loaded = api.create && api.destroy && api.feed && api.end && api.charset;
        }
    }
    *a = api;
    return loaded;
}

char *dc_charset_guess(const char *text, size_t len, char *out, size_t size)
{
    struct uchardet_api a;
    uchardet_t ud;
    out[0] = '\0';
    if (!size || !load(&a) || !(ud = a.create())) return out;
    if (a.feed(ud, text, len) == 0) {
        a.end(ud);
        const char *name = a.charset(ud);
        snprintf(out, size, "%s", name ? name : "");
    }
    a.destroy(ud);
    return out;
}
