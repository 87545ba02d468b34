/* commands.h - the subcommands; each takes the arguments after its name
 * (argv[0] is the subcommand name) and returns an exit code of exitcodes.h. */
#ifndef DC_COMMANDS_H
#define DC_COMMANDS_H

int cmd_advise(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_notes(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_whynot(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_pipeline(int argc, char **argv);
int cmd_train(int argc, char **argv);

/* Plumbing for shell completion (not a listed subcommand): `names` are the
 * subcommands of the dispatch table, NULL-terminated. */
int cmd_complete(int argc, char **argv, const char *const *names);

#endif
