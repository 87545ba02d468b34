/* heap.c - see heap.h. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "heap.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "asan.h"
#include "plain.h"

enum {
    SMALL_PAGE = 4096,
    HUGE_PAGE = 2 << 20, /* x86-64 and arm64 transparent huge pages */
    GROWTH = 8 << 20     /* the heap's first step: a run's whole heap */
};

void dc_heap_prepare(void)
{
#if defined(MADV_HUGEPAGE) && defined(M_TOP_PAD) && !defined(DC_ASAN)
    if (dc_plain("huge-heap")) return;
    /* CLIPS's 500 KB tables from the heap too, not each from its own
     * mapping; the heap grows by GROWTH at a time and keeps what it got. */
    if (!mallopt(M_MMAP_THRESHOLD, 2 * GROWTH) || !mallopt(M_TOP_PAD, GROWTH) ||
        !mallopt(M_TRIM_THRESHOLD, 4 * GROWTH))
        return;
    /* Let the heap start one small page before a huge page's boundary
     * (the bytes skipped are address space, never touched): malloc writes
     * its first header there. Then grow it by a block of GROWTH bytes and
     * mark the whole huge pages inside the block before anything touches
     * them (malloc writes only at a block's ends): each 2 MiB of them
     * then comes in one fault, not 512. */
    uintptr_t brk = (uintptr_t)sbrk(0);
    if (brk == (uintptr_t)-1) return;
    uintptr_t boundary = (brk + SMALL_PAGE + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (sbrk((intptr_t)(boundary - SMALL_PAGE - brk)) == (void *)-1) return;
    char *volatile block = malloc(GROWTH); /* volatile: not elided */
    uintptr_t from = (uintptr_t)block, to = (from + GROWTH) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (block && from <= boundary && to > boundary) madvise((void *)boundary, to - boundary, MADV_HUGEPAGE);
    free(block);
#endif
}
