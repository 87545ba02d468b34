#!/bin/sh
# bench/jre/test_subset.sh DEALCOACH - the CLIPS side of the json-rules-engine
# comparison (bench/jre/compare.sh), checked without node or network:
#   1. bench/jre/check_subset.sh passes: each of the 21 rules is its source
#      in rules/ verbatim; and it fails, naming the rule, when a source rule
#      changes (a copy of the tree with one rule edited);
#   2. dealcoach, with the subset as its whole playbook (DEALCOACH_DATADIR,
#      as compare.sh runs it), advises on 400 generated deals, every one of
#      the 21 rules fires on them at least once, and no other rule fires.
# The equality with json-rules-engine itself is checked by compare.sh only,
# where the real package is installed.
set -eu
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test_subset: $*" >&2; exit 1; }

# 1. The drift check, and that it can fail.
sh "$here/check_subset.sh" "$src" >/dev/null || fail "check_subset.sh fails on the source tree"
mkdir -p "$work/tree/bench"
ln -s "$here" "$work/tree/bench/jre"
cp -R "$src/rules" "$work/tree/rules"
sed 's/^   "The evidenced stage is the highest stage whose entry rule holds."$/   "The evidenced stage is the top stage whose entry rule holds."/' \
    "$src/rules/10-stages.clp" >"$work/tree/rules/10-stages.clp"
cmp -s "$src/rules/10-stages.clp" "$work/tree/rules/10-stages.clp" && fail "the test's edit of evidenced-stage no longer applies"
if sh "$here/check_subset.sh" "$work/tree" >/dev/null 2>"$work/drift.err"; then
    fail "check_subset.sh passes although rules/10-stages.clp evidenced-stage changed"
fi
grep -q "defrule evidenced-stage differs from rules/10-stages.clp" "$work/drift.err" ||
    fail "check_subset.sh does not name the rule that drifted: $(cat "$work/drift.err")"

# 2. The subset alone, on generated deals, with the rules fired traced.
. "$here/datadir.sh"
subset_datadir "$work/data"
mkdir "$work/deals"
sh "$src/bench/gen_deals.sh" 400 42 | awk -v dir="$work/deals" '{ f = sprintf("%s/%03d.json", dir, NR); print > f; close(f) }'
DEALCOACH_DATADIR="$work/data" "$bin" advise --json --trace --today 2026-11-22 "$work/deals"/*.json \
    >"$work/advice.json" 2>"$work/advice.err" || fail "advise on the subset failed: $(head -n 3 "$work/advice.err")"
advised=$(jq -c '.. | objects | select(has("deal") and has("findings"))' "$work/advice.json" | wc -l | tr -d ' ')
[ "$advised" -eq 400 ] || fail "advice for $advised of 400 deals"
jq -r '.. | objects | select(has("rule") and has("file") and has("facts")) | "\(.rule) \(.file)"' "$work/advice.json" |
    sort | uniq -c >"$work/fired"
grep -h '^(defrule ' "$here"/clips/*.clp | awk '{ print $2 }' | sort >"$work/subset"
[ "$(wc -l <"$work/subset")" -eq 21 ] || fail "the subset has $(wc -l <"$work/subset") rules, not 21"
while read -r rule; do
    awk -v r="$rule" '$2 == r { found = 1 } END { exit !found }' "$work/fired" ||
        fail "rule $rule never fired on the 400 generated deals"
done <"$work/subset"
awk '{ print $2 }' "$work/fired" | sort -u >"$work/fired.names"
others=$(comm -23 "$work/fired.names" "$work/subset" | tr '\n' ' ')
[ -z "$others" ] || fail "rules outside the subset fired (is the shipped playbook loaded too?): $others"
awk -v data="$work/data/rules/" 'index($3, data) != 1 { print; bad = 1 } END { exit bad }' "$work/fired" >"$work/elsewhere" ||
    fail "rules fired from files outside the subset: $(head -n 3 "$work/elsewhere")"
echo "test_subset: drift check ok; 21 rules, each fired on the 400 generated deals, none other"
