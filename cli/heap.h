/* heap.h - the process's heap, prepared for a short life.
 *
 * A run of dealcoach touches a few MiB of heap once (CLIPS's tables, the
 * loaded playbook) and exits: in 4 KiB pages that is about 700 page faults,
 * a fifth of the time to the first advice. dc_heap_prepare lets the heap
 * grow in one large step and asks the kernel for huge pages there
 * (madvise MADV_HUGEPAGE), as glibc's glibc.malloc.hugetlb=1 tunable would.
 * DEALCOACH_PLAIN=huge-heap switches it off; so does a kernel without
 * transparent huge pages, silently. Nothing else changes: the same bytes
 * are allocated, in fewer, larger pages. */
#ifndef DC_HEAP_H
#define DC_HEAP_H

/* Call first in main, before anything is allocated on purpose. Never
 * fails: when a step is refused the heap is left as malloc made it. */
void dc_heap_prepare(void);

#endif
