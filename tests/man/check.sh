#!/bin/sh
# tests/man/check.sh DEALCOACH - the manual pages cover the program:
#   * every subcommand of the dispatch table (`dealcoach complete
#     subcommands`) has a page docs/man/dealcoach-SUBCOMMAND.1.scd;
#   * every option of `dealcoach --help` and of each `dealcoach SUB --help`
#     appears in its page, and the Chinese help (--lang zh) has the same
#     options as the English one;
#   * every command of the session's `help` is in dealcoach-session(1);
#   * every field of a deal file (`dealcoach complete fields`) is in
#     dealcoach-deal(5).
# A new subcommand without a page fails here: docs/man/README.md says how to
# add one. Run from the source root. Closes with "N passed, N failed".
set -u
bin=$1
man=docs/man
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
fail() {
    echo "FAIL: $*"
    failed=$((failed + 1))
}

# The options a help text names: -X or --word, after a blank, a bracket,
# a bar, a comma or a slash (so "key-account" and "YYYY-MM-DD" are not).
options_of() {
    grep -oE '(^|[][ (|,/])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[^-]*//' | sort -u
}

# Does the page name this word (not as part of a longer one)?
page_has() {
    grep -qE -- "(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|\$)" "$1"
}

# check_help PAGE WHAT COMMAND...: the options of COMMAND --help are all in
# PAGE, and COMMAND --lang zh --help names the same options.
check_help() {
    page=$1 what=$2
    shift 2
    if ! "$@" --help >"$tmp/en" 2>&1; then
        fail "$what --help exits non-zero"; return
    fi
    if ! "$@" --lang zh --help >"$tmp/zh" 2>&1; then
        fail "$what --lang zh --help exits non-zero"; return
    fi
    options_of <"$tmp/en" >"$tmp/en.opts"
    options_of <"$tmp/zh" >"$tmp/zh.opts"
    if [ ! -s "$tmp/en.opts" ]; then
        fail "$what --help names no option"; return
    fi
    if ! cmp -s "$tmp/en.opts" "$tmp/zh.opts"; then
        fail "$what: the Chinese help names other options than the English one:"
        diff "$tmp/en.opts" "$tmp/zh.opts" | sed 's/^/  | /'
    elif cmp -s "$tmp/en" "$tmp/zh"; then
        fail "$what --lang zh --help is the English help"
    else
        passed=$((passed + 1))
    fi
    missing=""
    for opt in $(cat "$tmp/en.opts"); do
        page_has "$page" "$opt" || missing="$missing $opt"
    done
    if [ -n "$missing" ]; then fail "$page lacks the options of '$what --help':$missing"
    else passed=$((passed + 1)); fi
}

check_help "$man/dealcoach.1.scd" "dealcoach" "$bin"

"$bin" complete subcommands >"$tmp/subcommands" || fail "dealcoach complete subcommands"
[ -s "$tmp/subcommands" ] || fail "dealcoach complete subcommands lists nothing"
for sub in $(cat "$tmp/subcommands"); do
    page="$man/dealcoach-$sub.1.scd"
    if [ ! -f "$page" ]; then
        fail "subcommand '$sub' has no manual page $page (see $man/README.md)"
        continue
    fi
    passed=$((passed + 1))
    page_has "$man/dealcoach.1.scd" "dealcoach-$sub" ||
        fail "dealcoach.1.scd does not refer to dealcoach-$sub(1)"
    check_help "$page" "dealcoach $sub" "$bin" "$sub"
done

# The session's commands, from its own help.
printf 'help\n' | "$bin" --db "$tmp/deals.db" --lang en >"$tmp/session-help" 2>&1
commands=$(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/session-help")
[ -n "$commands" ] || fail "the session's help lists no command"
missing=""
for c in $commands; do
    grep -qF -- "*$c*" "$man/dealcoach-session.1.scd" || missing="$missing $c"
done
if [ -n "$missing" ]; then fail "dealcoach-session.1.scd lacks the session commands:$missing"
else passed=$((passed + 1)); fi

# The fields of a deal file.
missing=""
for f in $("$bin" complete fields); do
    grep -qF -- "*$f*" "$man/dealcoach-deal.5.scd" || missing="$missing $f"
done
if [ -n "$missing" ]; then fail "dealcoach-deal.5.scd lacks the deal fields:$missing"
else passed=$((passed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
