#!/bin/sh
# tests/training/run.sh DEALCOACH - golden playthroughs of the shipped
# training scenarios, and runs kept in the store.
#
# Each NAME.in holds the trainee's answers, one a line, after a header:
#   # scenario: training/FILE.yaml
#   # args: --lang zh          (optional)
# and NAME.out the expected transcript (prompts, verdicts, debrief, exit
# status). UPDATE=1 rewrites the .out files. Then a run is recorded in a
# store: --replay must print its debrief exactly as the run did, and
# --results / --csv must list it.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
passed=0
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

for input in "$here"/*.in; do
    name=$(basename "$input" .in)
    scenario=$(sed -n 's/^# scenario: //p' "$input" | head -n 1)
    args=$(sed -n 's/^# args: //p' "$input" | head -n 1)
    actual="$work/$name.out"
    # shellcheck disable=SC2086 # args are words
    (cd "$root" && grep -v '^#' "$input" | env LANG=C.UTF-8 LC_ALL= "$bin" train --no-record \
        --name trainee $args "$scenario" >"$actual" 2>&1
     echo "exit status: $?" >>"$actual")
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$actual" "$here/$name.out"
        echo "updated $name"
        passed=$((passed + 1))
    elif diff -u "$here/$name.out" "$actual" >"$work/diff" 2>&1; then
        passed=$((passed + 1))
    else
        fail "$name:"
        cat "$work/diff"
    fi
done

# A recorded run, replayed exactly; results and CSV.
db="$work/runs.db"
first=$(ls "$here"/*.in | head -n 1)
scenario=$(sed -n 's/^# scenario: //p' "$first" | head -n 1)
(cd "$root" && grep -v '^#' "$first" | env LANG=C.UTF-8 LC_ALL= "$bin" train --db "$db" --lang en \
    --name "Li Lei" "$scenario" >"$work/play.out" 2>&1) || fail "recorded run: exit $?"
(cd "$root" && grep -v '^#' "$first" | env LANG=C.UTF-8 LC_ALL= "$bin" train --db "$db" --lang en \
    --name "Wang, Fang" "$scenario" >/dev/null 2>&1) || fail "second run: exit $?"
# the debrief is everything from the "== " line up to the blank line before "Run #"
sed -n '/^== .*(Li Lei)$/,$p' "$work/play.out" | sed '$d' | sed '$d' >"$work/debrief.out"
grep -q '^Run #1 recorded.$' "$work/play.out" || fail "recorded run: no 'Run #1 recorded.'"
"$bin" train --db "$db" --replay 1 >"$work/replay.out" 2>&1 || fail "--replay 1: exit $?"
if diff -u "$work/debrief.out" "$work/replay.out" >"$work/diff"; then
    passed=$((passed + 1))
else
    fail "--replay 1 differs from the run's debrief:"
    cat "$work/diff"
fi
"$bin" train --db "$db" --replay 9 >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q 'no training run #9' "$work/err" || fail "--replay 9: want exit 2 and a message"
"$bin" train --db "$db" --results --lang en >"$work/results.out" 2>&1 || fail "--results: exit $?"
for want in '== Li Lei' '== Wang, Fang' '  #1 ' '  #2 ' '== ranking: '; do
    grep -q -- "$want" "$work/results.out" || fail "--results lacks '$want'"
done
"$bin" train --db "$db" --results --csv >"$work/results.csv" 2>&1 || fail "--csv: exit $?"
[ "$(wc -l <"$work/results.csv")" -eq 3 ] || fail "--csv: want a header and 2 rows"
head -n 1 "$work/results.csv" | grep -q '^run,trainee,scenario,hash,' || fail "--csv: header"
grep -q '^2,"Wang, Fang",' "$work/results.csv" || fail "--csv: a name with a comma is quoted"
# every answer with its time: STEP=KEY@YYYY-MM-DDTHH:MM:SSZ, as many as decisions
answers=$(grep -v '^#' "$first" | grep -c .)
sed -n 2p "$work/results.csv" | grep -oE '[0-9a-z]+=[a-z]@[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z' >"$work/answers"
[ "$(wc -l <"$work/answers")" -eq "$answers" ] || fail "--csv: want $answers answers with their times, got: $(cat "$work/answers")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
