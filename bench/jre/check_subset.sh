#!/bin/sh
# bench/jre/check_subset.sh [SOURCE_DIR] - the CLIPS side of the
# json-rules-engine comparison stays the shipped playbook: every construct
# in bench/jre/clips/*.clp follows a ";;; from rules/FILE.clp" line and must
# be, character for character, that construct of rules/FILE.clp; the subset
# holds exactly 21 rules and its schema is the shipped rules/00-schema.clp.
# Fails (exit 1), naming each construct that drifted; bench/jre/rules.js is
# the port of these rules, so a drifted rule means the port must be redone.
set -eu
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
jre="$src/bench/jre"
fail=0
bad() { echo "check_subset: $*" >&2; fail=1; }

[ "$(readlink "$jre/clips/00-schema.clp" || true)" = "../../../rules/00-schema.clp" ] ||
    bad "bench/jre/clips/00-schema.clp is not a link to rules/00-schema.clp"
rules=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$jre"/clips/*.clp; do
    [ -L "$f" ] && continue
    name=$(basename "$f")
    # Each construct opening at column 0, with the source named just above.
    awk -v file="bench/jre/clips/$name" '
        /^;;; from rules\/[^ ]+\.clp$/ { from = substr($0, 10); next }
        /^\(def[a-z]+ / {
            if (from == "") { printf "%s:%d: %s has no \";;; from rules/FILE.clp\" line above it\n", file, NR, $2; bad = 1 }
            else print from, substr($1, 2), $2
            from = ""
        }
        END { exit bad }' "$f" >"$tmp/list" || fail=1
    while read -r from kind cname; do
        [ "$kind" = defrule ] && rules=$((rules + 1))
        if [ ! -f "$src/$from" ]; then bad "bench/jre/clips/$name: $kind $cname: $from does not exist"; continue; fi
        awk -v kind="$kind" -v name="$cname" -f "$jre/construct.awk" "$f" >"$tmp/copy"
        awk -v kind="$kind" -v name="$cname" -f "$jre/construct.awk" "$src/$from" >"$tmp/orig"
        if [ ! -s "$tmp/orig" ]; then
            bad "bench/jre/clips/$name: $kind $cname is no longer in $from"
        elif ! cmp -s "$tmp/copy" "$tmp/orig"; then
            bad "bench/jre/clips/$name: $kind $cname differs from $from (update the copy and bench/jre/rules.js):"
            diff "$tmp/orig" "$tmp/copy" >&2 || true
        fi
    done <"$tmp/list"
done
[ "$rules" -eq 21 ] || bad "bench/jre/clips holds $rules rules, not 21"
[ "$fail" -eq 0 ] && echo "check_subset: 21 rules, each identical to its source in rules/"
exit "$fail"
