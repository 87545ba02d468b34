/* json_blocks.c - see json_blocks.h. */
#include "json_blocks.h"

#include <jansson.h>
#include <malloc.h>
#include <stdlib.h>

#include "plain.h"

enum {
    GRAIN = 16,                  /* sizes are kept in steps of this */
    KEPT_SIZE = 512,             /* larger blocks go straight back */
    SIZES = KEPT_SIZE / GRAIN + 1,
    KEPT_BYTES = 4 << 20         /* the most held at once */
};

/* kept[k]: freed blocks of at least k * GRAIN usable bytes, linked
 * through their first word. */
static void *kept[SIZES];
static size_t kept_bytes;

static void *block_malloc(size_t size)
{
    size_t k = (size + GRAIN - 1) / GRAIN;
    if (k == 0) k = 1;
    if (k < SIZES && kept[k]) {
        void *block = kept[k];
        kept[k] = *(void **)block;
        kept_bytes -= k * GRAIN;
        return block;
    }
    /* Asked for whole steps, so the usable size it reports on free puts
     * the block back in the list it is handed out from. */
    return malloc(k < SIZES ? k * GRAIN : size);
}

static void block_free(void *block)
{
    if (!block) return;
    size_t k = malloc_usable_size(block) / GRAIN;
    if (k == 0 || k >= SIZES || kept_bytes + k * GRAIN > KEPT_BYTES) {
        free(block);
        return;
    }
    *(void **)block = kept[k];
    kept[k] = block;
    kept_bytes += k * GRAIN;
}

void dc_json_blocks_install(void)
{
    if (dc_plain("json-blocks")) return;
    json_set_alloc_funcs(block_malloc, block_free);
}

size_t dc_json_blocks_kept(void)
{
    return kept_bytes;
}
