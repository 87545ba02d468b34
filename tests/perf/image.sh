#!/bin/sh
# tests/perf/image.sh DEALCOACH IMAGE - the binary image of the shipped
# playbook (engine.h, dc_engine_load_image) is used only when it matches the
# rule files found at start-up, and anything else falls back to parsing the
# texts with the same output: an edited rule, a truncated, garbage or
# damaged image, the coach's own --rules, why-not. A copy of the data
# directory (DEALCOACH_DATADIR) gets each change; DEALCOACH_DEBUG=rules says
# which path was taken. Closes with "N passed, N failed".
set -u
bin=$1
image=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }

data="$work/data"
mkdir -p "$data"
cp -R rules "$data/rules"
ln -s "$PWD/kb/messages" "$data/messages"
ln -s "$PWD/kb/patterns" "$data/patterns"
deal=examples/acme-mes.json
advise() { # ARGS...: stdout to $work/out, stderr to $work/err
    DEALCOACH_DATADIR=$data DEALCOACH_DEBUG=rules "$bin" advise --json --today 2026-11-22 "$@" \
        >"$work/out" 2>"$work/err"
}
DEALCOACH_DATADIR=$data DEALCOACH_PLAIN=image "$bin" advise --json --today 2026-11-22 $deal >"$work/plain" 2>&1 ||
    bad "the text path failed: $(head -3 "$work/plain")"

# expect WHAT: the path the last run took ("binary image" or "rule texts"),
# its exit status 0 and its advice the text path's.
expect() {
    if ! grep -q "came from the $1" "$work/err"; then bad "expected the $1: $(cat "$work/err")"; return; fi
    if ! cmp -s "$work/out" "$work/plain"; then bad "the advice differs from the text path's ($1)"; return; fi
    ok
}

cp "$image" "$data/rules.image"
advise $deal
expect "binary image"

# The coach's own rules and why-not take the text path.
printf '(defrule own-rule (deal) => )\n' >"$work/own.clp"
advise --rules "$work/own.clp" $deal
grep -q "came from the rule texts (the coach's own rules" "$work/err" && ok || bad "--rules: $(cat "$work/err")"
DEALCOACH_DATADIR=$data DEALCOACH_DEBUG=rules "$bin" why-not --today 2026-11-22 $deal no-coach >/dev/null 2>"$work/err"
grep -q "came from the rule texts (why-not" "$work/err" && ok || bad "why-not: $(cat "$work/err")"
DEALCOACH_DATADIR=$data DEALCOACH_DEBUG=rules DEALCOACH_PLAIN=image "$bin" advise $deal >/dev/null 2>"$work/err"
grep -q "came from the rule texts (DEALCOACH_PLAIN=image)" "$work/err" && ok || bad "plain: $(cat "$work/err")"

# Damaged images: the text path, the same advice, never a crash.
size=$(wc -c <"$image")
for cut in 0 1 40 1000 $((size / 2)) $((size - 1)); do
    head -c "$cut" "$image" >"$data/rules.image"
    advise $deal
    expect "rule texts"
done
head -c "$size" /dev/urandom >"$data/rules.image"
advise $deal
expect "rule texts"
for at in 100 $((size / 2)) $((size - 60)); do # one byte changed: bsave part, meta, trailer
    cp "$image" "$data/rules.image"
    printf 'Z' | dd of="$data/rules.image" bs=1 seek="$at" conv=notrunc 2>/dev/null
    advise $deal
    expect "rule texts"
done
cp "$image" "$data/rules.image"
printf 'tail' >>"$data/rules.image"
advise $deal
expect "rule texts"
rm "$data/rules.image"
mkdir "$data/rules.image"
advise $deal
expect "rule texts"
rmdir "$data/rules.image"

# A coach edits a shipped rule: the edit is what runs, not the stale image.
cp "$image" "$data/rules.image"
sed -i 's/^(defrule no-coach$/(defrule no-coach-edited/' "$data/rules/20-people.clp"
advise $deal
if grep -q "came from the rule texts (.*stale" "$work/err" && grep -q '"no-coach-edited"' "$work/out"; then ok
else bad "an edited rule file: $(cat "$work/err")"; fi
# So does an added file, or one taken away.
cp rules/20-people.clp "$data/rules/20-people.clp"
advise $deal
expect "binary image"
printf '(defrule extra (deal) => )\n' >"$data/rules/95-extra.clp"
advise $deal
grep -q "stale" "$work/err" && ok || bad "an added rule file: $(cat "$work/err")"
rm "$data/rules/95-extra.clp" "$data/rules/80-news.clp"
advise $deal
grep -q "stale" "$work/err" && ok || bad "a removed rule file: $(cat "$work/err")"

# A rule file that no longer parses: the error names its file and line, as
# with no image at all.
cp rules/80-news.clp "$data/rules/80-news.clp"
advise $deal
expect "binary image"
printf '\n(defrule broken (deal)\n  => (assert (finding (id x)))\n' >>"$data/rules/90-judgement.clp"
lines=$(wc -l <"$data/rules/90-judgement.clp")
advise $deal
status=$?
if [ "$status" -eq 3 ] && grep -q "rules/90-judgement.clp:$((lines - 1)): this '(' is never closed" "$work/err"; then ok
else bad "a broken rule file: exit $status, $(cat "$work/err")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
