/* asan.h - DC_ASAN is defined when building with AddressSanitizer, whose
 * runtime needs things a plain build may forbid (its own SIGSEGV report,
 * terabytes of address space, opening /proc/self/maps to report). */
#ifndef DC_ASAN_H
#define DC_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define DC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DC_ASAN 1
#endif
#endif

#endif
