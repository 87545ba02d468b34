/* paths.h - where the shipped playbook, catalogs and patterns live.
 *
 * The same binary works from the build tree and after `cmake --install`:
 *   1. $DEALCOACH_DATADIR, if set (a directory laid out like the install);
 *   2. <exe>/../share/dealcoach, when it exists (an installed, relocatable copy);
 *   3. <dir of libdealcoach.so>/../share/dealcoach, when it exists (a program
 *      linked with the installed shared library);
 *   4. the source tree the binary was built from.
 * Installed layout: rules/, messages/, patterns/, examples/, import/,
 *                   patterns.cache, messages.cache.
 * Source layout:    rules/, kb/messages/, kb/patterns/, examples/, kb/import/;
 *                   patterns.cache and messages.cache in the build tree.
 */
#ifndef DC_PATHS_H
#define DC_PATHS_H

typedef struct dc_paths {
    char *rules_dir;     /* shipped *.clp files */
    char *messages_dir;  /* message catalogs: en.txt, zh.txt */
    char *patterns_dir;  /* note-recognition patterns: *.txt */
    char *patterns_cache; /* those patterns compiled (kb/notes.h), maybe absent */
    char *notes_model;    /* signals learned from example notes (kb/notes_learned.h), maybe absent */
    char *messages_cache; /* the catalogs parsed (kb/catalog.h), maybe absent */
    char *examples_dir;  /* example deals */
    char *import_dir;    /* CSV import maps: default.map */
} dc_paths;

/* Fill `p` (every member malloc'd). DC_ENOMEM or DC_OK; never fails
 * otherwise: the directories are not checked for existence here. */
int dc_paths_find(dc_paths *p);
void dc_paths_free(dc_paths *p);

/* The binary image of the shipped rules (engine.h, dc_engine_load_image):
 * <rules_dir>.image beside an installed rules/, the build tree's
 * rules.image for the source tree's. A malloc'd path (the file may not
 * exist), NULL when out of memory. */
char *dc_paths_rules_image(const dc_paths *p);

/* Where the module `name` (a shared object loaded only when needed, e.g.
 * the charts' "charts.so") is: <exe>/../LIBDIR/dealcoach/NAME when it
 * exists (installed), else <dir of libdealcoach.so>/dealcoach/NAME when it
 * exists, else the build tree's. malloc'd; NULL: out of memory. */
char *dc_path_module(const char *name);

/* Join a directory and a file name into a malloc'd path (NULL: no memory). */
char *dc_path_join(const char *dir, const char *name);

#endif
