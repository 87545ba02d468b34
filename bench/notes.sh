#!/bin/sh
# bench/notes.sh [BUILD_DIR] [N] - how fast notes are read.
# Prints figures; it is a measurement, not a test.
#   - recognition speed: N notes (default 10,000; the phrasing tests' texts,
#     over and over) in one process, in notes per second, with the learned
#     model (kb/notes_learned.h) and with the patterns alone, side by side
#     and with a deal's five competitors named (--competitors)
#   - a 1 MB note of each shape that once made scanning quadratic, or could
#     (hearsay refuted, another party's topic, a pronoun's antecedent, a
#     competitor's name over and over)
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

# CPU time (user + system) when /usr/bin/time is there: on a shared machine
# the wall clock measures the other processes too.
cpu_ms() { # COMMAND... : prints the CPU milliseconds it took, else wall ms
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$work/cpu" "$@" >/dev/null 2>&1 || true
        tail -n 1 "$work/cpu" | awk '{ printf "%d\n", ($1 + $2) * 1000 }'
    else
        t0=$(now_ms); "$@" >/dev/null 2>&1 || true; echo $(($(now_ms) - t0))
    fi
}

scan_ms() { # OPTION...: CPU ms for the N notes, start-up apart
    load=$(cpu_ms "$bin" notes "$@" --file /dev/null)
    total=$(cpu_ms "$bin" notes "$@" --file "$work/n.txt")
    scan=$((total - load))
    [ "$scan" -gt 0 ] || scan=1
    echo "$scan"
}
rivals="博越重卡科技有限公司, StayWise Hospitality Ltd., 慧学通, Vantex, 智栖"
with=$(scan_ms)
alone=$(scan_ms --no-model)
named=$(scan_ms --competitors "$rivals")
echo "recognition: $n notes in $with ms of CPU (start-up apart): $((n * 1000 / with)) notes per second;" \
     "patterns alone (--no-model) $alone ms, $((n * 1000 / alone)) notes per second;" \
     "the model costs $(awk -v a="$with" -v b="$alone" 'BEGIN { printf "%.0f", (a / b - 1) * 100 }')%"
echo "with a deal's five competitors named (--competitors): $named ms, $((n * 1000 / named)) notes per second," \
     "$(awk -v a="$named" -v b="$with" 'BEGIN { printf "%.2f", a / b }')x the time without"

for unit in a 'abc-def ' '12345678 ' '价格 不 ' '客户说价格太高,' '听说客户嫌贵,我问了采购,他说没这回事,' \
            '另一家客户嫌我们贵,客户嫌我们贵,' 'The rival looks desperate: they cut 30% unprompted, '; do
    LC_ALL=C awk -v u="$unit" 'BEGIN { s = u; while (length(s) < 1000000) s = s s;
        printf "%s\n", substr(s, 1, int(1000000 / length(u)) * length(u)) }' >"$work/big"
    bytes=$(wc -c <"$work/big")
    echo "one note of $bytes bytes of \"$unit\" (read up to 256 KiB): $(cpu_ms "$bin" notes --file "$work/big") ms of CPU"
done
unit='博越为了抢单主动降了15%,StayWise cut 20%, '
LC_ALL=C awk -v u="$unit" 'BEGIN { s = u; while (length(s) < 1000000) s = s s;
    printf "%s\n", substr(s, 1, int(1000000 / length(u)) * length(u)) }' >"$work/big"
echo "one note of $(wc -c <"$work/big") bytes of \"$unit\" with the five competitors named:" \
     "$(cpu_ms "$bin" notes --competitors "$rivals" --file "$work/big") ms of CPU"
