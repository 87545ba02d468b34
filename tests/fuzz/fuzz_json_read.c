/* fuzz_json_read.c - libFuzzer, differential: dc_json_read (yajl's lexer
 * building jansson values, kb/json_read.h) must give exactly what
 * json_loadb gives on any bytes, with and without JSON_REJECT_DUPLICATES:
 * the same value, member order and number kinds included, or the same
 * error. A difference aborts, and libFuzzer keeps the input. */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/same_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t flags = size % 2 ? JSON_REJECT_DUPLICATES : 0;
    if (!dc_same_json((const char *)data, size, flags, NULL)) abort();
    return 0;
}
