/* test_json_blocks.c - jansson's blocks kept for reuse (cli/json_blocks.h):
 * a freed block comes back for the next value of its size, every block is
 * large enough, strings from json_dumps may still go to free(), and no
 * more than the limit is ever held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <malloc.h>

#include "json_blocks.h"

static int install(void **state)
{
    (void)state;
    dc_json_blocks_install();
    return 0;
}

static void a_freed_block_is_handed_out_again(void **state)
{
    (void)state;
    json_malloc_t alloc;
    json_free_t release;
    json_get_alloc_funcs(&alloc, &release);
    for (size_t size = 1; size <= 600; size++) {
        void *a = alloc(size);
        assert_non_null(a);
        assert_true(malloc_usable_size(a) >= size);
        memset(a, 0xab, size); /* all of it is ours (ASan checks) */
        size_t kept = dc_json_blocks_kept();
        release(a);
        void *b = alloc(size);
        if (size <= 512) {
            assert_true(dc_json_blocks_kept() == kept); /* taken back out */
            assert_ptr_equal(a, b);
        }
        release(b);
    }
}

static void values_and_dumps_as_before(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++) {
        json_t *v = json_pack("{s:s, s:[i, f, b, n], s:{s:s}}", "name", "\xe5\xae\xa2\xe6\x88\xb7", "list",
                              7, 2.5, 1, "nested", "k", "v");
        assert_non_null(v);
        char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
        assert_string_equal(text, "{\"name\":\"\xe5\xae\xa2\xe6\x88\xb7\",\"list\":[7,2.5,true,null],\"nested\":{\"k\":\"v\"}}");
        free(text); /* an ordinary malloc block: free() takes it */
        json_decref(v);
    }
}

static void never_more_than_the_limit(void **state)
{
    (void)state;
    json_malloc_t alloc;
    json_free_t release;
    json_get_alloc_funcs(&alloc, &release);
    enum { COUNT = 20000 };
    void **blocks = malloc(COUNT * sizeof *blocks);
    assert_non_null(blocks);
    for (int i = 0; i < COUNT; i++) assert_non_null(blocks[i] = alloc(500)); /* about 10 MB */
    for (int i = 0; i < COUNT; i++) release(blocks[i]);
    assert_true(dc_json_blocks_kept() <= 4u << 20);
    assert_true(dc_json_blocks_kept() >= (4u << 20) - 512);
    free(blocks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_freed_block_is_handed_out_again),
        cmocka_unit_test(values_and_dumps_as_before),
        cmocka_unit_test(never_more_than_the_limit),
    };
    return cmocka_run_group_tests(tests, install, NULL);
}
