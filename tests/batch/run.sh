#!/bin/sh
# tests/batch/run.sh DEALCOACH - advise --jsonl: a stream of deals in, one
# advice a line out, in input order, bad lines reported and skipped; -j N
# gives the same output as one process; a worker that dies, or stops
# answering, fails only its lines; a stream of short answers never hangs;
# a stream fed as it goes is answered as it goes; split / N filters / join (the way Spark's RDD.pipe or Hadoop
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

# a stream whose answers are short (here every line is refused): the runner
# reads every answer in flight at once and must hand out more lines before
# it waits again (it waited for ever before: the -j hang of round 4)
yes 'not json at all' | head -n 2000 >"$tmp/refused.jsonl"
timeout 60 "$bin" advise --jsonl -j 2 "$tmp/refused.jsonl" >/dev/null 2>"$tmp/refused.err"
code=$?
[ "$code" -eq 2 ] && [ "$(grep -c 'not a JSON deal' "$tmp/refused.err")" -eq 2000 ] && ok ||
    bad "2000 refused lines with -j 2: exit 2, each reported (got $code, $(grep -c 'not a JSON deal' "$tmp/refused.err") reported)"

# a worker that stops answering (here: stopped with SIGSTOP) is stopped for
# good after DEALCOACH_BATCH_STALL seconds of silence, its lines fail with
# the reason, and the stream ends with the other worker: never a hang
sh bench/gen_deals.sh 2000 9 >"$tmp/stall.jsonl"
"$bin" advise --jsonl -j1 --today 2026-11-22 "$tmp/stall.jsonl" >"$tmp/stall.one" 2>/dev/null
DEALCOACH_BATCH_STALL=2 timeout 120 "$bin" advise --jsonl -j 2 --today 2026-11-22 "$tmp/stall.jsonl" \
    >"$tmp/stall.out" 2>"$tmp/stall.err" &
runner=$!   # timeout's pid: the dealcoach runner is its child, the workers the runner's
worker=""
for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    worker=$(pgrep -P "$(pgrep -P "$runner" | head -n 1)" -n 2>/dev/null) && break
    sleep 0.05
done
[ -n "$worker" ] && kill -STOP "$worker"
wait "$runner"
code=$?
[ -n "$worker" ] && [ "$code" -eq 4 ] && ok || bad "a silent worker: exit status 4 (got $code, worker ${worker:-not found})"
grep -q "gave no answer in 2 s while holding [0-9]* line(s): stopped" "$tmp/stall.err" && ok ||
    bad "the silent worker is named: $(head -2 "$tmp/stall.err")"
stalled=$(grep -c "no answer from the worker advising it in 2 s" "$tmp/stall.err")
advised=$(wc -l <"$tmp/stall.out")
[ "$stalled" -gt 0 ] && [ $((stalled + advised)) -eq 2000 ] && ok ||
    bad "every line advised or failed with the reason ($advised advised, $stalled failed)"
# what was advised is the -j1 advice of those lines, in input order
grep -o '"deal":"[^"]*"' "$tmp/stall.out" >"$tmp/stall.ids"
grep -F -f "$tmp/stall.ids" "$tmp/stall.one" | cmp -s - "$tmp/stall.out" && ok || bad "the advised lines as -j1 gives them, in order"

# fed as it goes (a fifo, `tail -f`): each deal is answered before the next
# one is written, with one process and with two
head -n 5 "$tmp/a.jsonl" >"$tmp/five.jsonl"
for jobs in 1 2; do
    rm -f "$tmp/fifo" && mkfifo "$tmp/fifo"
    "$bin" advise --jsonl -j "$jobs" --today 2026-11-22 - <"$tmp/fifo" >"$tmp/fed.out" 2>/dev/null &
    filter=$!
    exec 3>"$tmp/fifo"
    k=0 late=""
    while read -r deal; do
        echo "$deal" >&3
        k=$((k + 1))
        for t in $(seq 100); do [ "$(wc -l <"$tmp/fed.out")" -ge "$k" ] && break; sleep 0.05; done
        [ "$(wc -l <"$tmp/fed.out")" -ge "$k" ] || { late=$k; break; }
    done <"$tmp/five.jsonl"
    exec 3>&-
    wait "$filter"
    [ -z "$late" ] && ok || bad "-j $jobs fed as it goes: no answer to deal $late within 5 s"
done

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
