#!/bin/sh
# bench/engine.sh [BUILD_DIR] [N] - the figures of issue 15, measured side by
# side in one run on this machine, with the targets beside them:
#   - deals/s of dealcoach's whole process (advise --jsonl -j1, start-up,
#     JSON in and out included) and of the raw engine (bench/raw_engine: the
#     same rules on exactly the facts dealcoach asserts, nothing else), and
#     their ratio (target >= 0.8);
#   - start to advice for one deal (target < 6 ms);
#   - notes per second (bench/notes.sh);
#   - peak memory at N, 10 N and 100 N deals (flat memory: about equal);
#   - the -j 2 scaling (target >= 1.8 on two cores);
#   - dealcoach against json-rules-engine on 21 of the rules, whole process
#     against whole process, outputs checked equal (bench/jre/compare.sh,
#     target >= 3).
# N defaults to 1000. A measurement, not a test: it prints, it does not fail.
set -eu
build=${1:-build}
n=${2:-1000}
bin="$build/dealcoach"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "min" ? v >= t : v < t; print ok ? "met" : "NOT met" }'; }

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
sh "$here/gen_deals.sh" $((n * 10)) 42 >"$work/deals.jsonl"

# The raw engine on exactly the facts dealcoach asserts.
"$build/bench/dump_facts" 2026-11-22 <"$work/deals.jsonl" >"$work/facts.jsonl" 2>/dev/null
raw_line=$("$build/bench/raw_engine" rules "$work/facts.jsonl")
raw=$(echo "$raw_line" | sed 's/.*= \([0-9]*\) deals\/s.*/\1/')

# dealcoach's whole process on the same deals.
t0=$(now_ms)
"$bin" advise --jsonl -j 1 --today 2026-11-22 "$work/deals.jsonl" >/dev/null 2>&1 || true
t1=$(now_ms)
ms=$((t1 - t0)); [ "$ms" -gt 0 ] || ms=1
whole=$(( n * 10 * 1000 / ms ))
echo "raw engine:         $raw_line"
echo "dealcoach -j1:      $((n * 10)) deals in $ms ms = $whole deals/s (whole process)"
echo "ratio:              $(ratio "$whole" "$raw") x the raw engine (target >= 0.8: $(verdict "$(ratio "$whole" "$raw")" 0.8 min))"

# -j 2 scaling.
t0=$(now_ms)
"$bin" advise --jsonl -j 2 --today 2026-11-22 "$work/deals.jsonl" >/dev/null 2>&1 || true
t1=$(now_ms)
ms2=$((t1 - t0)); [ "$ms2" -gt 0 ] || ms2=1
scale=$(ratio "$ms" "$ms2")
echo "-j2 scaling:        $scale x (target >= 1.8 on two cores: $(verdict "$scale" 1.8 min))"

# Start to advice.
runs=20
k=0
t0=$(now_ms)
while [ "$k" -lt "$runs" ]; do
    "$bin" advise --json --today 2026-11-22 examples/acme-mes.json >/dev/null
    k=$((k + 1))
done
t1=$(now_ms)
start=$(( (t1 - t0) / runs ))
echo "start to advice:    $start ms (one deal, one process, mean of $runs; target < 6 ms: $(verdict "$start" 6 max))"

# Notes.
sh "$here/notes.sh" "$build" 10000 2>/dev/null | sed -n 's/^recognition: /notes:              /p'

# Memory at N, 10 N, 100 N deals.
if command -v /usr/bin/time >/dev/null 2>&1; then
    sh "$here/gen_deals.sh" "$n" 43 >"$work/small.jsonl"
    sh "$here/gen_deals.sh" $((n * 100)) 44 >"$work/huge.jsonl"
    for f in small deals huge; do
        /usr/bin/time -f "%M" -o "$work/rss.$f" "$bin" advise --jsonl -j 1 --today 2026-11-22 "$work/$f.jsonl" >/dev/null 2>&1 || true
    done
    echo "peak memory:        $(cat "$work/rss.small") KiB at $n deals, $(cat "$work/rss.deals") KiB at $((n * 10)), $(cat "$work/rss.huge") KiB at $((n * 100))"
else
    echo "peak memory:        not measured (install the 'time' package: /usr/bin/time)"
fi

# json-rules-engine on a port of 21 of the rules, outputs checked equal
# (bench/jre/compare.sh; 10 N deals; "not measured: REASON" without node).
sh "$here/jre/compare.sh" "$build" $((n * 10)) || true
