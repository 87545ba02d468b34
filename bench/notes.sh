#!/bin/sh
# bench/notes.sh [BUILD_DIR] [N] - how fast notes are read.
# Prints figures; it is a measurement, not a test.
#   - recognition speed: N notes (default 10,000; the phrasing tests' texts,
#     over and over) in one process, in notes per second
#   - a 1 MB note of each shape that once made scanning quadratic
set -eu
build=${1:-build}
n=${2:-10000}
bin="$build/dealcoach"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

grep -h '^[+-]' tests/notes/*.txt | cut -f2 >"$work/texts"
: >"$work/notes"
while [ "$(wc -l <"$work/notes")" -lt "$n" ]; do cat "$work/texts" >>"$work/notes"; done
head -n "$n" "$work/notes" >"$work/n.txt"

t0=$(now_ms)
"$bin" notes --file /dev/null >/dev/null 2>&1 || true
t1=$(now_ms)
"$bin" notes --file "$work/n.txt" >/dev/null
t2=$(now_ms)
load=$((t1 - t0))
scan=$((t2 - t1 - load))
[ "$scan" -gt 0 ] || scan=1
echo "recognition: $n notes in $scan ms (start-up $load ms apart): $((n * 1000 / scan)) notes per second"

for unit in a 'abc-def ' '12345678 ' '价格 不 ' '客户说价格太高,'; do
    LC_ALL=C awk -v u="$unit" 'BEGIN { s = u; while (length(s) < 1000000) s = s s;
        printf "%s\n", substr(s, 1, int(1000000 / length(u)) * length(u)) }' >"$work/big"
    bytes=$(wc -c <"$work/big")
    t0=$(now_ms)
    "$bin" notes --file "$work/big" >/dev/null 2>&1 || true
    t1=$(now_ms)
    echo "one note of $bytes bytes of \"$unit\" (read up to 256 KiB): $((t1 - t0)) ms"
done
