#!/bin/sh
# tests/hostile/run.sh DEALCOACH - hostile rule files get the outcome they
# must get. Each *.clp here says it in its header:
#   ; expect-exit: N          the exit code
#   ; expect-message: TEXT    text standard error must contain ("" for none)
#   ; sanitizer-report: allowed   (only where the sanitizer's own report of
#                                  a crash is the point, e.g. stack overflow)
# and every one must also: end within LIMIT seconds, print nothing on
# standard output but the --json advice (nothing a rule printed), and
# leave no sanitizer report. Rule "files" that are not files (/dev/zero, a
# FIFO, an oversized or binary file) are made here. Closes with
# "N passed, N failed".
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
dir=tests/hostile
limit=${DEALCOACH_HOSTILE_LIMIT:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/xdg" TZ=UTC LANG=C.UTF-8
mkdir -p "$HOME"
passed=0
failed=0

fail() {
    echo "FAIL $1: $2"
    sed 's/^/  | /' "$work/err" | head -8
    failed=$((failed + 1))
}

# check NAME CODE MESSAGE RULES [REPORT]: advise on an example deal with
# RULES; REPORT "allowed" lets a sanitizer report pass.
check() {
    name=$1 code=$2 message=$3 rules=$4 report=${5:-}
    start=$(date +%s)
    timeout -s KILL $((limit + 10)) "$bin" advise --json --today 2026-11-22 --rules "$rules" \
        examples/acme-mes.json >"$work/out" 2>"$work/err" </dev/null
    got=$?
    took=$(($(date +%s) - start))
    if [ "$got" -ne "$code" ]; then
        fail "$name" "exit $got, expected $code"
    elif [ -n "$message" ] && ! grep -qF -- "$message" "$work/err"; then
        fail "$name" "standard error lacks '$message'"
    elif [ "$took" -gt "$limit" ]; then
        fail "$name" "took $took s (limit $limit s)"
    elif [ "$report" != allowed ] && grep -q 'Sanitizer\|runtime error:' "$work/err"; then
        fail "$name" "sanitizer report"
    elif grep -q 'LEAKED' "$work/out" "$work/err" || { [ -s "$work/out" ] && [ "$(head -c1 "$work/out")" != "{" ]; }; then
        fail "$name" "a rule's output reached stdout or stderr: $(head -c 200 "$work/out")"
    elif [ "$code" -ne 0 ] && [ -s "$work/out" ]; then
        fail "$name" "advice printed although it failed"
    else
        passed=$((passed + 1))
    fi
}

header() { sed -n "s/^; $1: *//p" "$2" | head -1; }

for f in "$dir"/*.clp; do
    check "$(basename "$f")" "$(header expect-exit "$f")" "$(header expect-message "$f")" "$f" \
        "$(header sanitizer-report "$f" | cut -d' ' -f1)"
done

# Not regular files: never opened for reading by CLIPS, never waited on.
check dev-zero 3 "/dev/zero: not a regular file" /dev/zero
mkfifo "$work/fifo.clp"
check fifo 3 "fifo.clp: not a regular file" "$work/fifo.clp"
mkdir "$work/rules-dir"
mkfifo "$work/rules-dir/10-fifo.clp"
check fifo-in-directory 3 "10-fifo.clp: not a regular file" "$work/rules-dir"
ln -s /dev/zero "$work/link.clp"
check link-to-device 3 "link.clp: not a regular file" "$work/link.clp"
head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$work/huge.clp"
check oversized 3 "huge.clp: larger than 4 MiB" "$work/huge.clp"
printf '(defrule a (deal) => (bind ?x 1))\n\000(defrule b (deal) => (exit))\n' >"$work/nul.clp"
check nul-byte 3 "nul.clp: contains a NUL byte" "$work/nul.clp"

# Nothing outside the process changed.
for f in /tmp/dealcoach-hostile-ran /tmp/dealcoach-hostile-wrote; do
    [ -e "$f" ] && { echo "FAIL: $f was created"; failed=$((failed + 1)); }
done
[ -z "$(ls -A "$HOME")" ] || { echo "FAIL: files appeared in HOME: $(ls -A "$HOME")"; failed=$((failed + 1)); }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
