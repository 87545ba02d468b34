/* t2s_chars.h - the characters OpenCC's traditional-to-simplified
 * conversion can change, found at build time (tools/gen_t2s_chars asks
 * libopencc: its dictionaries' entries, and every Han character alone).
 *
 * A text none of whose characters is in the table is its own conversion,
 * so kb/notes.c does not open OpenCC for it (DEALCOACH_PLAIN=t2s-table:
 * always). This assumes the conversion at run time uses the dictionaries
 * the build read (Debian's libopencc-data, t2s.json). */
#ifndef DC_T2S_CHARS_H
#define DC_T2S_CHARS_H

#include <stddef.h>
#include <stdint.h>

extern const int dc_t2s_known;        /* 0: the build could not read OpenCC's data */
extern const size_t dc_t2s_count;
extern const uint32_t dc_t2s_chars[]; /* dc_t2s_count code points, ascending */

#endif
