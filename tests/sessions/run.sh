#!/bin/sh
# tests/sessions/run.sh DEALCOACH [NAME...] - scripted sessions against
# golden transcripts (see README.md). UPDATE=1 rewrites the .out files.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cp -R "$here/data" "$work/data"

if [ $# -gt 0 ]; then
    inputs=""
    for n in "$@"; do inputs="$inputs $here/$n.in"; done
else
    inputs=$(ls "$here"/*.in | LC_ALL=C sort)
fi

passed=0
failed=0
for input in $inputs; do
    name=$(basename "$input" .in)
    stem=${name%%.*} # acme.1, acme.2: one store, sessions in turn
    args=$(sed -n 's/^# args: //p' "$input" | head -n 1)
    expected="$here/$name.out"
    actual="$work/$name.out"
    # shellcheck disable=SC2086 # args are words
    (cd "$work" && env DEALCOACH_DB="$work/$stem.db" XDG_DATA_HOME="$work/xdg" TZ=UTC \
        LANG=C.UTF-8 LC_ALL= "$bin" --today 2026-11-22 $args <"$input" >"$actual.raw" 2>&1
     echo "exit status: $?" >>"$actual.raw")
    # Store times are the clock's: only their shape is checked. Shipped
    # rule files are named by their path in the checkout: shown from it;
    # the store's own path from the test's directory (WORK).
    root=$(cd "$here/../.." && pwd)
    sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/TIME/g' -e "s|$root/||g" -e "s|$work/|WORK/|g" \
        "$actual.raw" >"$actual"
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$actual" "$expected"
        echo "updated $name"
        passed=$((passed + 1))
    elif [ ! -f "$expected" ]; then
        echo "FAIL $name: no $name.out (UPDATE=1 makes it)"
        failed=$((failed + 1))
    elif diff -u "$expected" "$actual" >"$work/diff"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name:"
        cat "$work/diff"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
