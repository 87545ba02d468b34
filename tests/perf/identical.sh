#!/bin/sh
# tests/perf/identical.sh DEALCOACH - every optimisation gives the same
# output as its plain path (kb/plain.h). The seeded generator's deals run
# through advise --jsonl, the examples through the text report in both
# languages and --trace (one process each, and all in one process), and the
# scenarios through dealcoach test, once with every optimisation on, once with all of
# them off, and once with each one off alone; every output must be byte for
# byte the same.
#
# An optimisation joins by adding its name to OPTIMISATIONS.
set -eu
bin=$1
OPTIMISATIONS="huge-heap json-blocks json-read file-stamps image lazy-basis cheap-hooks lazy-check lazy-opencc lazy-jit lazy-concepts pattern-cache literal-prefilter retract-deal cached-lookups reference-facts fork-coach json-line scan-memo t2s-table pattern-state catalog-cache concept-prefilter"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sh "$here/../../bench/gen_deals.sh" 400 7 >"$work/deals.jsonl"

run_all() { # OUT: everything the optimisations could change
    {
        "$bin" advise --jsonl -j 1 --today 2026-11-22 "$work/deals.jsonl"
        "$bin" advise --jsonl -j 2 --today 2026-11-22 "$work/deals.jsonl"
        # many deals in one process (per-deal retraction between them)
        "$bin" advise --all --trace --today 2026-11-22 examples/*.json examples/*.json || true
        "$bin" test tests/scenarios || true
        for f in examples/*.json; do
            "$bin" advise --all --today 2026-11-22 "$f" || true
            "$bin" advise --all --lang zh --today 2026-11-22 "$f" || true
            "$bin" advise --json --trace --today 2026-11-22 "$f" || true
        done
    } >"$1" 2>&1
}

run_all "$work/fast"
DEALCOACH_PLAIN=all run_all "$work/plain"
[ -s "$work/plain" ] || { echo "FAIL: no output"; exit 1; }
status=0
if ! cmp -s "$work/fast" "$work/plain"; then
    echo "FAIL: the optimised output differs from the plain path:"
    diff "$work/plain" "$work/fast" | head -20
    status=1
fi
for name in $OPTIMISATIONS; do
    DEALCOACH_PLAIN=$name run_all "$work/one"
    if ! cmp -s "$work/fast" "$work/one"; then
        echo "FAIL: with $name off the output differs:"
        diff "$work/one" "$work/fast" | head -20
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "identical: $(wc -l <"$work/fast") lines, optimisations: ${OPTIMISATIONS:-none yet}"
exit "$status"
