#!/bin/sh
# bench/batch.sh [BUILD_DIR] [N] - the streaming batch (advise --jsonl), side
# by side in one run: deals per second with 1 worker and with 2, their
# ratio (the -j scaling), and peak memory at N and 10 x N deals (flat
# memory: the second should be about the first). A measurement, not a test.
set -eu
build=${1:-build}
n=${2:-1000}
bin="$build/dealcoach"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(dirname "$0")

sh "$here/gen_deals.sh" "$n" 42 >"$work/small.jsonl"
sh "$here/gen_deals.sh" $((n * 10)) 42 >"$work/large.jsonl"

now_ms() { date +%s%3N; }
rate() { # FILE JOBS -> deals/s
    t0=$(now_ms)
    "$bin" advise --jsonl -j "$2" --today 2026-11-22 "$1" >/dev/null 2>&1 || true
    t1=$(now_ms)
    ms=$((t1 - t0)); [ "$ms" -gt 0 ] || ms=1
    echo $(( $(wc -l <"$1") * 1000 / ms ))
}
peak() { # FILE -> KiB
    if command -v /usr/bin/time >/dev/null 2>&1; then
        /usr/bin/time -f "%M" -o "$work/rss" "$bin" advise --jsonl -j 1 --today 2026-11-22 "$1" >/dev/null 2>&1 || true
        cat "$work/rss"
    else
        echo "?"
    fi
}

one=$(rate "$work/large.jsonl" 1)
two=$(rate "$work/large.jsonl" 2)
echo "machine:            $(nproc) cores, $(uname -m)"
echo "advise --jsonl -j1: $one deals/s ($((n * 10)) deals)"
echo "advise --jsonl -j2: $two deals/s"
echo "scaling -j2 / -j1:  $(awk -v a="$two" -v b="$one" 'BEGIN { printf "%.2f", b ? a / b : 0 }')"
echo "peak memory:        $(peak "$work/small.jsonl") KiB at $n deals, $(peak "$work/large.jsonl") KiB at $((n * 10)) deals (/usr/bin/time; '?' without it)"
