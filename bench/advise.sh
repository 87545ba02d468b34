#!/bin/sh
# bench/advise.sh [BUILD_DIR] [N] - how fast and how lean advice is.
# Prints figures; it is a measurement, not a test.
#   - start-up: one deal, one process (load the playbook, advise, exit)
#   - throughput: N deals in one process (the playbook loaded once)
#   - peak memory of that run
#   - the same with a coach's rule file (--rules): its rules run in the
#     sandboxed worker process (kb/sandbox/), the cost of isolation
set -eu
build=${1:-build}
n=${2:-2000}
bin="$build/dealcoach"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# N deals: the shipped examples with distinct ids.
i=0
while [ "$i" -lt "$n" ]; do
    for ex in examples/*.json; do
        [ "$i" -lt "$n" ] || break
        sed "s/\"id\": \"[^\"]*\"/\"id\": \"bench-$i\"/" "$ex" >"$work/deal-$i.json"
        i=$((i + 1))
    done
done

now_ms() { date +%s%3N; }

t0=$(now_ms)
runs=20
k=0
while [ "$k" -lt "$runs" ]; do
    "$bin" advise --json --today 2026-11-22 examples/acme-mes.json >/dev/null
    k=$((k + 1))
done
t1=$(now_ms)
echo "start-up + one deal:  $(( (t1 - t0) / runs )) ms per process (mean of $runs)"

t0=$(now_ms)
if command -v /usr/bin/time >/dev/null 2>&1; then
    /usr/bin/time -f "%M" -o "$work/rss" "$bin" advise --json --today 2026-11-22 "$work"/deal-*.json >/dev/null
else
    "$bin" advise --json --today 2026-11-22 "$work"/deal-*.json >/dev/null
fi
t1=$(now_ms)
ms=$((t1 - t0))
[ "$ms" -gt 0 ] || ms=1
echo "throughput:           $n deals in $ms ms = $(( n * 1000 / ms )) deals/s ($(( ms * 1000 / n )) us per deal)"
if [ -f "$work/rss" ]; then
    echo "peak memory:          $(cat "$work/rss") KiB for $n deals"
else
    echo "peak memory:          (install the 'time' package for /usr/bin/time)"
fi

# The cost of the worker process: a coach's rule file (one rule) moves the
# run into the sandboxed worker; the deal and its advice cross a socket.
rules=tests/cli/data/coach-extra.clp
t0=$(now_ms)
k=0
while [ "$k" -lt "$runs" ]; do
    "$bin" advise --json --today 2026-11-22 --rules "$rules" examples/acme-mes.json >/dev/null
    k=$((k + 1))
done
t1=$(now_ms)
echo "with --rules (worker process):"
echo "  start-up + one deal: $(( (t1 - t0) / runs )) ms per process (mean of $runs)"
t0=$(now_ms)
"$bin" advise --json --today 2026-11-22 --rules "$rules" "$work"/deal-*.json >/dev/null
t1=$(now_ms)
wms=$((t1 - t0))
[ "$wms" -gt 0 ] || wms=1
echo "  throughput:          $n deals in $wms ms = $(( n * 1000 / wms )) deals/s ($(( wms * 1000 / n )) us per deal)"
# CPU time (parent and worker) is steadier than wall time on a shared machine.
if command -v /usr/bin/time >/dev/null 2>&1; then
    /usr/bin/time -f "%U %S" -o "$work/cpu-in" "$bin" advise --json --today 2026-11-22 "$work"/deal-*.json >/dev/null
    /usr/bin/time -f "%U %S" -o "$work/cpu-worker" "$bin" advise --json --today 2026-11-22 --rules "$rules" \
        "$work"/deal-*.json >/dev/null
    awk -v n="$n" 'NR == FNR { a = ($1 + $2) * 1e6 / n; next } { b = ($1 + $2) * 1e6 / n }
        END { printf "  CPU per deal:        %.0f us in-process, %.0f us with the worker (%+.0f us, %+.0f%%)\n", a, b, b - a, (a > 0 ? (b - a) * 100 / a : 0) }' \
        "$work/cpu-in" "$work/cpu-worker"
fi
