/* json_blocks.h - jansson's small blocks kept for reuse.
 *
 * A deal read, checked and advised makes and frees about 650 small blocks
 * through jansson (objects, their tables, keys, strings). glibc keeps 7
 * freed blocks of each size for quick reuse; the rest go back to its bins
 * and are found there again for the next deal, at about 15% of a batch's
 * CPU. dc_json_blocks_install gives jansson an allocator that keeps every
 * freed block of up to 512 bytes in a list per size (at most 4 MiB in all)
 * and hands it out again: a stream of deals then reuses the same blocks.
 *
 * The blocks are ordinary malloc blocks, rounded up to a multiple of 16
 * bytes, so a string from json_dumps may still be freed with free().
 * Not thread-safe: for a process whose jansson calls come from one thread
 * (dealcoach's are). DEALCOACH_PLAIN=json-blocks leaves jansson on
 * malloc and free; so does main under AddressSanitizer, which must see
 * every free to catch a use after it. */
#ifndef DC_JSON_BLOCKS_H
#define DC_JSON_BLOCKS_H

#include <stddef.h>

/* Call once, before the first jansson value is made (a block made by
 * malloc and freed here is kept too; nothing is lost, but call it first).
 * Never fails. */
void dc_json_blocks_install(void);

/* The bytes of freed blocks held for reuse now (for tests). */
size_t dc_json_blocks_kept(void);

#endif
