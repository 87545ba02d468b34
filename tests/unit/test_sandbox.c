/* test_sandbox.c - the worker process: it answers, and when it misbehaves
 * (crash, hang, forbidden call, memory) the parent gets a status and a
 * message, never harm. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "asan.h"
#include "sandbox/sandbox.h"

static const dc_sandbox_limits limits = {512, 60, 10.0};

static json_t *hello(void *ctx)
{
    return json_pack("{ss}", "hello", (const char *)ctx);
}

/* Does what the request's "do" says. */
static json_t *serve(void *ctx, json_t *req)
{
    (void)ctx;
    const char *what = json_string_value(json_object_get(req, "do"));
    if (strcmp(what, "echo") == 0) return json_pack("{sO}", "echo", json_object_get(req, "text"));
    if (strcmp(what, "crash") == 0) {
        signal(SIGSEGV, SIG_DFL); /* not cmocka's handler, inherited from the test */
        raise(SIGSEGV);
    }
    if (strcmp(what, "hang") == 0) for (;;) pause();
    if (strcmp(what, "open") == 0) {
        int fd = open("/etc/hostname", O_RDONLY);
        return json_pack("{sisi}", "fd", fd, "errno", errno);
    }
    if (strcmp(what, "exec") == 0) {
        char *argv[] = {"/bin/true", NULL};
        execv(argv[0], argv);
        return json_pack("{ss}", "exec", "failed");
    }
    if (strcmp(what, "socket") == 0) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        return json_pack("{si}", "fd", fd);
    }
    if (strcmp(what, "write-fd") == 0) {
        int fd = (int)json_integer_value(json_object_get(req, "fd"));
        ssize_t n = write(fd, "harm", 4);
        return json_pack("{si}", "written", (int)n);
    }
    if (strcmp(what, "allocate") == 0) {
        char *big = malloc((size_t)2 << 30);
        json_t *reply = big ? json_pack("{ss}", "allocate", "done") : NULL; /* NULL: out of memory */
        free(big);
        return reply;
    }
    return json_object();
}

static dc_sandbox *started(void)
{
    json_t *first = NULL;
    dc_sandbox *sb = dc_sandbox_start(&limits, hello, serve, "there", &first);
    assert_non_null(sb);
    if (!first) fail_msg("the worker did not start: %s", dc_sandbox_message(sb));
    assert_string_equal(json_string_value(json_object_get(first, "hello")), "there");
    json_decref(first);
    return sb;
}

/* Call with {"do": what}; returns the status, *reply set on DC_OK. */
static int call(dc_sandbox *sb, const char *what, double seconds, json_t **reply)
{
    json_t *req = json_pack("{ss}", "do", what);
    int rc = dc_sandbox_call(sb, req, seconds, reply);
    json_decref(req);
    return rc;
}

static void answers_in_order(void **state)
{
    (void)state;
    dc_sandbox *sb = started();
    for (int i = 0; i < 20; i++) {
        json_t *req = json_pack("{sssi}", "do", "echo", "text", i), *reply = NULL;
        assert_int_equal(dc_sandbox_call(sb, req, 10, &reply), DC_OK);
        assert_int_equal(json_integer_value(json_object_get(reply, "echo")), i);
        json_decref(req);
        json_decref(reply);
    }
    dc_sandbox_free(sb);
}

static void a_crash_is_a_status_and_a_message(void **state)
{
    (void)state;
    dc_sandbox *sb = started();
    json_t *reply = NULL;
    assert_int_equal(call(sb, "crash", 10, &reply), DC_ERUNTIME);
    assert_null(reply);
    assert_true(dc_sandbox_failed(sb));
    assert_non_null(strstr(dc_sandbox_message(sb), "crashed (signal 11"));
    /* And it stays failed: no second worker, no hang. */
    assert_int_equal(call(sb, "echo", 10, &reply), DC_ERUNTIME);
    dc_sandbox_free(sb);
}

static void a_hang_is_stopped_in_time(void **state)
{
    (void)state;
    dc_sandbox *sb = started();
    json_t *reply = NULL;
    assert_int_equal(call(sb, "hang", 0.5, &reply), DC_ELIMIT);
    assert_non_null(strstr(dc_sandbox_message(sb), "did not answer within 0.5 s"));
    dc_sandbox_free(sb);
}

static void no_program_no_network(void **state)
{
    (void)state;
    const char *calls[] = {"exec", "socket"};
    for (int i = 0; i < 2; i++) {
        dc_sandbox *sb = started();
        json_t *reply = NULL;
        assert_int_equal(call(sb, calls[i], 10, &reply), DC_ERUNTIME);
        assert_non_null(strstr(dc_sandbox_message(sb), "forbidden system call"));
        dc_sandbox_free(sb);
    }
}

static void no_file_opened(void **state)
{
    (void)state;
    dc_sandbox *sb = started();
    json_t *reply = NULL;
    int rc = call(sb, "open", 10, &reply);
#ifdef DC_ASAN
    /* ASan must open /proc/self/maps to report: open fails instead. */
    assert_int_equal(rc, DC_OK);
    assert_int_equal(json_integer_value(json_object_get(reply, "fd")), -1);
    assert_int_equal(json_integer_value(json_object_get(reply, "errno")), EPERM);
#else
    assert_int_equal(rc, DC_ERUNTIME);
    assert_non_null(strstr(dc_sandbox_message(sb), "forbidden system call"));
#endif
    json_decref(reply);
    dc_sandbox_free(sb);
}

static void inherited_files_are_closed(void **state)
{
    (void)state;
    char path[] = "/tmp/dealcoach-sandbox-XXXXXX";
    int tmp = mkstemp(path);
    assert_true(tmp >= 0);
    int fd = dup2(tmp, 20); /* as the store's would be: above the worker's channel */
    assert_int_equal(fd, 20);
    close(tmp);
    dc_sandbox *sb = started();
    json_t *req = json_pack("{sssi}", "do", "write-fd", "fd", fd), *reply = NULL;
    assert_int_equal(dc_sandbox_call(sb, req, 10, &reply), DC_OK);
    assert_int_equal(json_integer_value(json_object_get(reply, "written")), -1);
    assert_int_equal(lseek(fd, 0, SEEK_END), 0);
    json_decref(req);
    json_decref(reply);
    dc_sandbox_free(sb);
    close(fd);
    unlink(path);
}

static void memory_is_bounded(void **state)
{
    (void)state;
    dc_sandbox *sb = started();
    json_t *reply = NULL;
    int rc = call(sb, "allocate", 10, &reply);
#ifdef DC_ASAN
    /* No address-space limit under ASan (its shadow memory needs it all):
     * the engine's own memory limit is what holds there. */
    assert_int_equal(rc, DC_OK);
#else
    assert_int_equal(rc, DC_ERUNTIME);
    assert_non_null(strstr(dc_sandbox_message(sb), "ran out of memory"));
#endif
    json_decref(reply);
    dc_sandbox_free(sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_in_order),
        cmocka_unit_test(a_crash_is_a_status_and_a_message),
        cmocka_unit_test(a_hang_is_stopped_in_time),
        cmocka_unit_test(no_program_no_network),
        cmocka_unit_test(no_file_opened),
        cmocka_unit_test(inherited_files_are_closed),
        cmocka_unit_test(memory_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
