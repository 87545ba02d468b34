/* main.c - dealcoach: set up, dispatch to a subcommand, report.
 *
 * With no subcommand (or only session options) it opens the interactive
 * coaching session. Each subcommand lives in its own cmd_*.c. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "exitcodes.h"

static const char usage[] =
    "usage: dealcoach [--db PATH] [--lang zh|en] [--rules PATH]...   (interactive session)\n"
    "       dealcoach advise [--json] [--lang zh|en] [--today YYYY-MM-DD] [--rules PATH]... FILE...\n"
    "       dealcoach test [--rules PATH]... PATH...\n"
    "       dealcoach notes [--patterns PATH]... TEXT...\n"
    "       dealcoach notes --test FILE...\n"
    "       dealcoach lint [--rules PATH]... [--strict] [--json]\n"
    "       dealcoach --help | --version\n"
    "\n"
    "dealcoach coaches key-account deals: it reads the facts of a deal and says\n"
    "where it really stands in the funnel, what is at risk and what to do next,\n"
    "with the reason behind every line of advice.\n"
    "\n"
    "Subcommands (each has --help):\n"
    "  advise   advice on deal files (spec §1 JSON), as a report or --json\n"
    "  test     run scenario tests: deals and the advice they must get\n"
    "  notes    show the signals recognised in free-text notes; test patterns\n"
    "  lint     check a playbook (and your rule files) without a deal\n"
    "  (none)   the interactive session, on the deal store\n"
    "\n"
    "Exit codes: 0 ok, 1 internal failure, 2 bad input or usage,\n"
    "            3 a rule file did not load, 4 the rules failed while running,\n"
    "            5 some tests failed, 6 lint found problems,\n"
    "            7 diff --check found changes.\n";

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
} subcommand;

static const subcommand subcommands[] = {
    {"advise", cmd_advise},
    {"test", cmd_test},
    {"notes", cmd_notes},
    {"lint", cmd_lint},
    {"session", cmd_session},
    {NULL, NULL}};

/* CLIPS evaluates recursively with no depth limit, and its periodic hook
 * runs only while unwinding, so a rule or deffunction that recurses without
 * end overflows the C stack. Turn that into a message and exit code 4
 * instead of a bare crash. Every change the session acknowledged is already
 * committed to the store, so nothing is lost. */
static void on_stack_overflow(int sig)
{
    static const char msg[] =
        "dealcoach: the rules overflowed the stack (a rule or deffunction that "
        "recurses without end?); stopping\n";
    (void)sig;
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(DC_EXIT_RUN);
}

/* The handler needs a stack of its own: the overflowed one is full. */
static void guard_stack_overflow(void)
{
    static char alt_stack[64 * 1024];
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stack_overflow;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaltstack(&ss, NULL) == 0) sigaction(SIGSEGV, &sa, NULL);
}

int main(int argc, char **argv)
{
    guard_stack_overflow();
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return DC_EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("dealcoach %s\n", DC_VERSION);
        return DC_EXIT_OK;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (const subcommand *s = subcommands; s->name; s++)
            if (strcmp(argv[1], s->name) == 0) return s->run(argc - 1, argv + 1);
        fprintf(stderr, "dealcoach: unknown subcommand '%s'\n%s", argv[1], usage);
        return DC_EXIT_INPUT;
    }
    /* No subcommand: the session, with any options given. */
    argv[0] = "session";
    return cmd_session(argc, argv);
}
