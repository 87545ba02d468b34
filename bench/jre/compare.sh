#!/bin/sh
# bench/jre/compare.sh [BUILD_DIR] [N] - dealcoach beside json-rules-engine
# on the same 21 rules (bench/jre/clips, copied verbatim from rules/; ported
# in bench/jre/rules.js) and the same N generated deals (default 10,000,
# seed 42), whole process against whole process:
#   - dealcoach: `advise --jsonl -j 1` on the deals, with the subset as its
#     playbook ALONE: DEALCOACH_DATADIR points at a directory laid out like
#     the install whose rules/ is bench/jre/clips (--rules would add the
#     subset to the shipped playbook, and run it in the sandboxed worker),
#     loaded from its binary image (build_image) as the shipped one is,
#     with the build's pattern and catalog caches as an install has them;
#   - node: `node bench/jre/run.js` on the facts dealcoach asserts for those
#     deals (dumped beforehand by bench/dump_facts, untimed: node gets the
#     deals already checked, dated and with their notes recognised).
# Every side is timed three times (BENCH_ROUNDS), interleaved, and its run
# with the least CPU is kept. Both outputs are brought to one canonical
# form per deal (evidenced and next stage; each finding and action with its
# rule and `about`) and must be equal for every deal. Then the wall and CPU (user + system) time of
# both processes, and their ratio against the target of issue 15
# (dealcoach at least 3x json-rules-engine's whole process); for reference,
# bench/raw_engine (CLIPS alone, no dealcoach) on the facts node gets.
#
# json-rules-engine comes from the npm registry, at the version pinned in
# bench/jre/package-lock.json, installed with `npm ci` into
# ${XDG_CACHE_HOME:-~/.cache}/dealcoach-bench/jre (never into the
# repository; only this script installs it, not the build or the tests).
# Without node, npm or the package: one line "json-rules-engine: not
# measured: REASON", exit 0. Outputs that differ: exit 1.
set -eu
build=${1:-build}
n=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
bin="$build/dealcoach"
label="json-rules-engine: "
not_measured() { echo "${label} not measured: $*"; exit 0; }

command -v node >/dev/null 2>&1 || not_measured "node is not installed"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' ||
    not_measured "node $(node --version) is older than 18, which json-rules-engine 7 needs"
command -v npm >/dev/null 2>&1 || not_measured "npm is not installed"
command -v jq >/dev/null 2>&1 || not_measured "jq is not installed"
[ -x /usr/bin/time ] || not_measured "/usr/bin/time is not installed (the 'time' package)"
[ -x "$bin" ] && [ -x "$build/bench/dump_facts" ] || not_measured "no $bin or $build/bench/dump_facts (build first)"

# The pinned package, installed once into the cache (again when the lock
# changes or an install is incomplete). The install goes into a new
# directory that replaces the old one only when whole, under a lock, so
# two benches at once, or one stopped half-way, never leave a broken cache.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/dealcoach-bench/jre
installed() {
    cmp -s "$here/package-lock.json" "$cache/package-lock.json" &&
        [ -f "$cache/node_modules/json-rules-engine/package.json" ]
}
install_package() {
    installed && return 0
    fresh="$cache.new.$$"
    rm -rf "$fresh" && mkdir -p "$fresh" || return 1
    cp "$here/package.json" "$here/package-lock.json" "$fresh/" &&
        (cd "$fresh" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >"$fresh/npm.log" 2>&1) &&
        [ -f "$fresh/node_modules/json-rules-engine/package.json" ] || {
        mkdir -p "$cache" && cp "$fresh/npm.log" "$cache/npm.log" 2>/dev/null
        rm -rf "$fresh"
        return 1
    }
    rm -rf "$cache.old.$$"
    [ ! -d "$cache" ] || mv "$cache" "$cache.old.$$"
    mv "$fresh" "$cache" && rm -rf "$cache.old.$$"
}
mkdir -p "$(dirname "$cache")" || not_measured "cannot create $(dirname "$cache")"
if command -v flock >/dev/null 2>&1; then
    (flock 9 && install_package) 9>"$cache.lock"
else
    install_package
fi || not_measured "npm ci failed (offline? see $cache/npm.log)"
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$cache/node_modules/json-rules-engine/package.json" | head -n 1)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/datadir.sh"
subset_datadir "$work/data"
DEALCOACH_DATADIR="$work/data"
export DEALCOACH_DATADIR
# Its binary image, as the build makes one for the shipped playbook, and the
# build's caches of the patterns and catalogs, which the subset shares with
# the install (untimed; each is digest-checked at start, so one that does
# not match is read as text instead).
if [ -x "$build/build_image" ]; then
    "$build/build_image" "$work/data/rules" "$work/data/rules.image" >/dev/null 2>&1 || rm -f "$work/data/rules.image"
fi
for built in patterns.cache messages.cache; do
    if [ -f "$build/$built" ]; then cp "$build/$built" "$work/data/$built"; fi
done
origin=$(DEALCOACH_DEBUG=rules "$bin" advise --jsonl -j 1 --today 2026-11-22 /dev/null 2>&1 >/dev/null |
         sed -n "s|^dealcoach: debug: the shipped rules came from ||; s|$work/data/||p")

sh "$src/bench/gen_deals.sh" "$n" 42 >"$work/deals.jsonl"
"$build/bench/dump_facts" 2026-11-22 <"$work/deals.jsonl" >"$work/facts.jsonl" 2>/dev/null

# Each side is timed BENCH_ROUNDS times (3), interleaved, and its run with
# the least CPU kept: on a shared machine noise only ever adds.
keep_best() { # FILE NEW: NEW ("wall user sys") replaces FILE when it used less CPU
    if [ ! -s "$1" ] || awk -v a="$(cat "$1")" -v b="$(cat "$2")" 'BEGIN {
            split(a, x, " "); split(b, y, " "); exit !(y[2] + y[3] < x[2] + x[3]) }'; then
        mv "$2" "$1"
    fi
}
rounds=${BENCH_ROUNDS:-3}
round=0
while [ "$round" -lt "$rounds" ]; do
    /usr/bin/time -f "%e %U %S" -o "$work/try.dc" \
        "$bin" advise --jsonl -j 1 --today 2026-11-22 "$work/deals.jsonl" >"$work/dc.jsonl" 2>"$work/dc.err" || true
    keep_best "$work/time.dc" "$work/try.dc"
    /usr/bin/time -f "%e %U %S" -o "$work/try.raw" \
        "$build/bench/raw_engine" "$here/clips" "$work/facts.jsonl" >"$work/raw.out" 2>&1 || true
    keep_best "$work/time.raw" "$work/try.raw"
    NODE_PATH="$cache/node_modules" /usr/bin/time -f "%e %U %S" -o "$work/try.jre" \
        node "$here/run.js" "$work/facts.jsonl" >"$work/jre.out" 2>"$work/jre.err" || {
        echo "${label} not measured: node bench/jre/run.js failed: $(grep -m 1 -E '^([A-Za-z]*Error|run\.js:)' "$work/jre.err" || head -n 1 "$work/jre.err")"
        exit 1
    }
    keep_best "$work/time.jre" "$work/try.jre"
    round=$((round + 1))
done

# dealcoach's advice in run.js's canonical form.
jq -c '{deal: .deal, stage: .stage.evidenced, next: (.stage.next.id // null),
        items: ([.findings[] | "finding \(.id) \(.severity) \(.rule) \(.about | tojson)"] +
                [.actions[] | "action \(.id) \(.rule) \(.about | tojson)"] | sort)}' \
    "$work/dc.jsonl" >"$work/dc.out" 2>/dev/null || true

deals=$(wc -l <"$work/dc.out" | tr -d ' ')
equal=0
if [ "$deals" -eq "$n" ] && cmp -s "$work/dc.out" "$work/jre.out"; then
    equal=1
    echo "${label} 21-rule subset (bench/jre), json-rules-engine $version on node $(node --version): outputs equal on all $n deals"
else
    differ=$(paste -d '\n' "$work/dc.out" "$work/jre.out" | awk 'NR % 2 { a = $0; next } a != $0 { k++ } END { print k + 0 }')
    echo "${label} 21-rule subset: outputs DIFFER: dealcoach gave $deals of $n deals, node $(wc -l <"$work/jre.out" | tr -d ' '); $differ lines differ"
    sed -n 1,3p "$work/dc.err" "$work/jre.err" | sed 's/^/    /'
    first=$(paste -d '\n' "$work/dc.out" "$work/jre.out" | awk 'NR % 2 { a = $0; next } a != $0 { print NR / 2; exit }')
    if [ -n "$first" ]; then   # the first deal that differs, item by item (<: dealcoach, >: node)
        for side in dc jre; do
            sed -n "${first}p" "$work/$side.out" | jq -r '"deal \(.deal)", "stage \(.stage)", "next \(.next)", .items[]' \
                >"$work/first.$side" 2>/dev/null || sed -n "${first}p" "$work/$side.out" >"$work/first.$side"
        done
        diff "$work/first.dc" "$work/first.jre" | sed -n 1,8p | sed 's/^/    /'
    fi
fi

read -r dc_wall dc_user dc_sys <"$work/time.dc"
read -r jre_wall jre_user jre_sys <"$work/time.jre"
read -r raw_wall raw_user raw_sys <"$work/time.raw" || raw_wall=0
awk -v n="$n" -v dw="$dc_wall" -v du="$dc_user" -v ds="$dc_sys" \
    -v jw="$jre_wall" -v ju="$jre_user" -v js="$jre_sys" \
    -v rw="$raw_wall" -v ru="${raw_user:-0}" -v rs="${raw_sys:-0}" -v loop="$(cat "$work/raw.out")" -v origin="${origin:-?}" 'BEGIN {
    dc = du + ds; jre = ju + js; raw = ru + rs
    printf "  dealcoach advise --jsonl -j1:  %6.2f s wall, %6.2f s CPU = %6.0f deals/s of CPU (whole process)\n", dw, dc, (dc > 0 ? n / dc : 0)
    printf "    (dealcoach read the subset from %s)\n", origin
    printf "  node bench/jre/run.js:         %6.2f s wall, %6.2f s CPU = %6.0f deals/s of CPU (whole process)\n", jw, jre, (jre > 0 ? n / jre : 0)
    cpu = dc > 0 ? jre / dc : 0; wall = dw > 0 ? jw / dw : 0
    printf "  ratio: dealcoach %.2f x json-rules-engine in CPU, %.2f x in wall (target >= 3: %s)\n",
        cpu, wall, ((cpu >= 3 && wall >= 3) ? "met" : "NOT met")
    # For reference: CLIPS alone (bench/raw_engine) on the facts node gets.
    printf "  for reference, bench/raw_engine: %6.2f s wall, %6.2f s CPU (whole process; %.2f x node in CPU); its loop: %s\n",
        rw, raw, (raw > 0 ? jre / raw : 0), loop
}'
[ "$equal" -eq 1 ]
