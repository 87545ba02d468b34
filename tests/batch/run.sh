#!/bin/sh
# tests/batch/run.sh DEALCOACH - advise --jsonl: a stream of deals in, one
# advice a line out, in input order, bad lines reported and skipped; -j N
# gives the same output as one process; a worker that dies fails only its
# lines; split / N filters / join (the way Spark's RDD.pipe or Hadoop
# Streaming runs it) gives the same output as one run. Closes with
# "N passed, N failed".
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

# 300 generated deals, a blank line, a line that is not JSON and a refused deal among them.
sh bench/gen_deals.sh 150 7 >"$tmp/a.jsonl"
sh bench/gen_deals.sh 150 8 | sed 's/"id":"gen-/"id":"more-/' >"$tmp/b.jsonl"
{ cat "$tmp/a.jsonl"; echo; echo 'not json at all'; echo '{"id": "bad", "size": "huge"}'; cat "$tmp/b.jsonl"; } >"$tmp/in.jsonl"

"$bin" advise --jsonl -j 1 --today 2026-11-22 "$tmp/in.jsonl" >"$tmp/one.out" 2>"$tmp/one.err"
code=$?
[ "$code" -eq 2 ] && ok || bad "a bad line makes the exit status 2 (got $code)"
[ "$(wc -l <"$tmp/one.out")" -eq 300 ] && ok || bad "300 advice lines (got $(wc -l <"$tmp/one.out"))"
grep -q "in.jsonl:152:.*not a JSON deal" "$tmp/one.err" && ok || bad "the line that is not JSON is named: $(cat "$tmp/one.err")"
grep -q 'in.jsonl:153: size: unknown value "huge"' "$tmp/one.err" && ok || bad "the refused deal is named with its line"
# input order: the ids come out as they went in
grep -o '"id":"[a-z]*-[0-9]*"' "$tmp/in.jsonl" | sed 's/"id"://' >"$tmp/ids.in"
sed 's/^{"deal":\("[^"]*"\).*/\1/' "$tmp/one.out" >"$tmp/ids.out"
cmp -s "$tmp/ids.in" "$tmp/ids.out" && ok || bad "advice in input order"
# every line is one JSON object with do_now
if command -v jq >/dev/null 2>&1; then
    jq -e 'select(.deal and .stage and (.actions | type == "array"))' "$tmp/one.out" >/dev/null && ok || bad "each line is an advice object"
fi

# the same stream from standard input, by three workers: the same output
"$bin" advise --jsonl -j3 --today 2026-11-22 - <"$tmp/in.jsonl" >"$tmp/three.out" 2>"$tmp/three.err"
[ $? -eq 2 ] && ok || bad "-j3: exit status 2"
cmp -s "$tmp/one.out" "$tmp/three.out" && ok || bad "-j3 output equals -j1 output"
sed 's/^-:/X:/' "$tmp/three.err" | sort >"$tmp/e3"; sed 's/^[^:]*in.jsonl:/X:/' "$tmp/one.err" | sort >"$tmp/e1"
cmp -s "$tmp/e1" "$tmp/e3" && ok || bad "-j3 reports the same problems"

# Chinese advice texts in the stream, ids unchanged
"$bin" advise --jsonl -j2 --lang zh --today 2026-11-22 "$tmp/a.jsonl" >"$tmp/zh.out" 2>/dev/null
[ $? -eq 0 ] && ok || bad "--lang zh stream"
grep -q '"stage":{"evidenced":"' "$tmp/zh.out" && grep -q '阶段' "$tmp/zh.out" && ok || bad "zh texts, ids as ids"

# a worker that dies (a rule file's code overflows the stack on deal "boom")
{ head -n 40 "$tmp/a.jsonl"; echo '{"id": "boom"}'; tail -n 40 "$tmp/a.jsonl"; } >"$tmp/boom.jsonl"
timeout 60 "$bin" advise --jsonl -j 2 --today 2026-11-22 --rules tests/batch/crash.clp "$tmp/boom.jsonl" \
    >"$tmp/boom.out" 2>"$tmp/boom.err"
code=$?
[ "$code" -eq 4 ] && ok || bad "a dead worker makes the exit status 4 (got $code)"
grep -q "boom.jsonl:41:" "$tmp/boom.err" && ok || bad "the line that killed its worker is named: $(head -3 "$tmp/boom.err")"
lines=$(wc -l <"$tmp/boom.out")
[ "$lines" -ge 40 ] && ok || bad "the other workers carry on ($lines advice lines)"

# split, run a filter on each part at once, join: as Spark's RDD.pipe would
split -l 100 "$tmp/in.jsonl" "$tmp/part."
for part in "$tmp"/part.*; do
    "$bin" advise --jsonl -j1 --today 2026-11-22 "$part" >"$part.out" 2>/dev/null &
done
wait
cat "$tmp"/part.*.out >"$tmp/joined.out"
cmp -s "$tmp/one.out" "$tmp/joined.out" && ok || bad "split / filters / join equals one run"

# usage
"$bin" advise -j 2 examples/acme-mes.json >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q -- "-j goes with --jsonl" "$tmp/err" && ok || bad "-j without --jsonl"
"$bin" advise --jsonl -j 0 "$tmp/a.jsonl" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q "not a number of jobs" "$tmp/err" && ok || bad "-j 0 refused"
"$bin" advise --jsonl "$tmp/none.jsonl" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] && grep -q "cannot read" "$tmp/err" && ok || bad "a missing file"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
