#!/bin/sh
# tests/pipeline/run.sh DEALCOACH GEN_STORE [--update] - `dealcoach pipeline`
# on a store with a known history (gen_store.c says what each deal holds):
# golden listings and JSON (--update rewrites them), the time warnings of
# each deal, filters, sorting, deal files and JSON Lines, bad input, and
# the time warnings in the session's advice. Run from the source root.
set -u
bin=$1
gen=$2
update=${3:-}
dir=tests/pipeline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
export TZ=UTC LANG=C.UTF-8 LC_ALL=
db=$tmp/deals.db
"$gen" "$db" || { echo "FAIL: gen_store"; exit 1; }
today="--today 2026-11-29"

ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

# expect NAME CODE PATTERN -- COMMAND...: exit CODE, output has PATTERN.
expect() {
    name=$1 code=$2 pattern=$3
    shift 4
    "$@" >"$tmp/out" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$code" ]; then
        bad "$name: exit $got, expected $code"; sed 's/^/  | /' "$tmp/out" | head -5
    elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/out"; then
        bad "$name: output lacks '$pattern'"; sed 's/^/  | /' "$tmp/out" | head -5
    else
        ok
    fi
}

# golden NAME ARGS...: stdout of `dealcoach ARGS` equals $dir/golden/NAME.
golden() {
    name=$1
    shift
    "$bin" "$@" >"$tmp/$name" 2>"$tmp/$name.err" </dev/null
    code=$?
    if [ "$code" -ne 0 ]; then
        bad "$name: exit $code"; sed 's/^/  | /' "$tmp/$name.err" | head -5
    elif [ "$update" = --update ]; then
        cp "$tmp/$name" "$dir/golden/$name"; ok
    elif ! diff -u "$dir/golden/$name" "$tmp/$name" >"$tmp/diff"; then
        bad "$name differs from $dir/golden/$name"; head -40 "$tmp/diff"
    else
        ok
    fi
}

golden list.en.txt pipeline --db "$db" $today --lang en
golden list.zh.txt pipeline --db "$db" $today --lang zh
golden list.json pipeline --db "$db" $today --lang en --json --pretty

# has ID FINDING / lacks ID FINDING: the deal's findings in the JSON.
json="$tmp/list.json"
has() {
    if jq -e --arg id "$1" --arg f "$2" '.deals[] | select(.id == $id) | .findings | index($f)' "$json" >/dev/null; then ok
    else bad "deal $1 lacks finding $2"; fi
}
lacks() {
    if jq -e --arg id "$1" --arg f "$2" '.deals[] | select(.id == $id) | .findings | index($f) | not' "$json" >/dev/null; then ok
    else bad "deal $1 has finding $2"; fi
}
field() {
    got=$(jq -c --arg id "$1" ".deals[] | select(.id == \$id) | .$2" "$json")
    if [ "$got" = "$3" ]; then ok; else bad "deal $1: $2 = $got, expected $3"; fi
}
has stalled-intent stalled-in-stage
field stalled-intent days_in_stage 120
lacks stalled-intent no-recent-update
has pushed-close close-date-pushed
lacks pushed-close stalled-in-stage
field pushed-close days_in_stage 2
has overdue close-date-passed
lacks overdue close-date-pushed
has regressed stage-regressed
field regressed evidenced '"project"'
has quiet stalled-in-stage
has quiet no-recent-update
field quiet days_in_stage 89
for t in close-date-passed close-date-pushed stalled-in-stage stage-regressed no-recent-update; do
    lacks fast-nego $t
    lacks won $t
    lacks lost-deal $t
    lacks pulled-in $t
done
field fast-nego days_in_stage 9
field fast-nego weighted 750000
field won evidenced '"closed"'
if jq -e '[.deals[].id] | index("gone") | not' "$json" >/dev/null; then ok; else bad "a deleted deal is listed"; fi
if jq -e '.as_of == "2026-11-29" and (.deals | length) == 10' "$json" >/dev/null; then ok; else bad "as_of or count"; fi
# Every row has the fields of spec §8.
if jq -e '[.deals[] | has("id","customer","amount","claimed","evidenced","win_probability","weighted","expected_close","days_in_stage","risk","next") ] | all' "$json" >/dev/null; then ok
else bad "a row lacks a spec §8 field"; fi

# The funnel (rules/funnel/): the measures counted from the known history,
# and the findings the shipped thresholds give. 8 open deals: 2 target, 2
# intent, 3 project, 1 negotiation; won and lost 1 each.
jqok() {
    if jq -e "$2" "$json" >/dev/null; then ok; else bad "funnel: $1"; jq -c "$3" "$json" | head -5; fi
}
jqok capacity '.funnel.capacity | .deals == 8 and .amount == 7900000 and .weighted == 2310000 and .won == 1 and .lost == 1' '.funnel.capacity'
jqok capacity-stages '[.funnel.capacity.stages[] | .deals] == [0, 2, 2, 3, 0, 1]' '.funnel.capacity.stages'
jqok capacity-weighted '.funnel.capacity.stages[] | select(.stage == "project") | .weighted == 1110000' '.funnel.capacity.stages'
# reached: every deal got to target; 8 to intent (all but new-this-week and
# quiet); 5 to project; 3 to approval (regressed, fast-nego, won); 2 to
# negotiation; 1 closed.
jqok slope '[.funnel.slope.stages[] | [.from, .reached, .advanced, .conversion]] == [["prospect",10,10,100],["target",10,8,80],["intent",8,5,63],["project",5,3,60],["approval",3,2,67],["negotiation",2,1,50]]' '.funnel.slope.stages'
jqok uniformity '[.funnel.uniformity.stages[] | [.stage, .share, .expected, .status]] == [["prospect",0,0,"ok"],["target",25,28,"ok"],["intent",25,24,"ok"],["project",38,20,"bloated"],["approval",0,16,"empty"],["negotiation",13,12,"ok"]]' '.funnel.uniformity.stages'
jqok velocity '[.funnel.velocity.stages[] | [.stage, .median_days, .stays, .limit]] == [["prospect",null,0,30],["target",12,5,30],["intent",45,7,45],["project",14,5,60],["approval",25,3,45],["negotiation",17,2,30]]' '.funnel.velocity.stages'
jqok stalled '[.funnel.velocity.stages[] | .stalled_deals[]] == ["quiet", "stalled-intent"]' '.funnel.velocity.stages'
jqok findings '[.findings[].id] == ["overdue-deals", "stage-empty", "stalled-deals", "stage-bloated"]' '.findings'
jqok finding-rules '[.findings[] | .rule] == ["funnel-overdue-deals", "funnel-stage-empty", "funnel-stalled-deals", "funnel-stage-bloated"] and all(.findings[]; (.because | length) > 0)' '.findings'
jqok actions '[.actions[].id] == ["requalify-overdue-deals", "review-stalled-deals", "clear-bloated-stage", "fill-empty-stage"]' '.actions'
jqok overdue-about '.findings[] | select(.id == "overdue-deals") | .about == [1, "overdue"]' '.findings'
# The funnel follows the filter: Li Lei's deals only.
"$bin" pipeline --db "$db" $today --json --owner "Li Lei" >"$tmp/li.json" 2>&1
if jq -e '.funnel.capacity.deals == 4 and ([.findings[].id] | index("funnel-thin"))' "$tmp/li.json" >/dev/null; then ok
else bad "funnel of one owner"; jq -c '.funnel.capacity, [.findings[].id]' "$tmp/li.json"; fi

# What changed since a date (gen_store.c's history).
"$bin" pipeline --db "$db" $today --json --since 2026-11-01 >"$tmp/since.json" 2>&1
if jq -e '.changes == {"since": "2026-11-01", "new": ["new-this-week"],
      "advanced": [{"id": "fast-nego", "from": "project", "to": "negotiation"}, {"id": "pushed-close", "from": "intent", "to": "project"}],
      "regressed": [{"id": "regressed", "from": "approval", "to": "project"}],
      "pushed": [], "pulled_in": [{"id": "pulled-in", "from": "2027-03-31", "to": "2027-01-31"}],
      "won": ["won"], "lost": ["lost-deal"]}' "$tmp/since.json" >/dev/null; then ok
else bad "--since 2026-11-01"; jq -c .changes "$tmp/since.json"; fi
"$bin" pipeline --db "$db" $today --json --since 2026-09-20 >"$tmp/since.json" 2>&1
if jq -e '.changes.pushed == [{"id": "pushed-close", "from": "2026-09-30", "to": "2026-12-31"}] and
          (.changes.new | index("overdue")) and (.changes.new | index("stalled-intent") | not)' "$tmp/since.json" >/dev/null; then ok
else bad "--since 2026-09-20"; jq -c .changes "$tmp/since.json"; fi
golden since.zh.txt pipeline --db "$db" $today --lang zh --sort id --since 2026-11-01
expect since-after-today 2 "--since: 2026-12-01 is after the evaluation date 2026-11-29" -- "$bin" pipeline --db "$db" $today --since 2026-12-01
expect since-not-a-date 2 "--since: 'last week' is not a date" -- "$bin" pipeline --db "$db" $today --since "last week"
expect since-files 0 "nothing recorded" -- "$bin" pipeline $today --lang en --since 2026-11-01 examples/acme-mes.json

# Charts. In a pipe: plain text, no colour (the goldens above hold the bars).
if ! grep -q "$(printf '\033')" "$tmp/list.en.txt" && grep -q '████████████████████████   3  38%' "$tmp/list.en.txt"; then ok
else bad "terminal bars: colour in a pipe, or the project bar is not full width"; fi
# --html: one file, two SVG charts drawn by cairo, 760 wide, 56 + 44 a stage + 24 high
# (6 open stages: 344), their ids kept apart, a row per deal.
"$bin" pipeline --db "$db" $today --lang zh --since 2026-11-01 --html "$tmp/report.html" >/dev/null 2>&1
html=$tmp/report.html
if [ "$(grep -c '<svg .*width="760pt" height="344pt" viewBox="0 0 760 344"' "$html")" = 2 ]; then ok
else bad "--html: two 760x344 SVG charts"; grep -o '<svg[^>]*>' "$html" | head; fi
if [ -z "$(grep -o 'id="[^"]*"' "$html" | sort | uniq -d)" ] && grep -q 'href="#velocity-glyph' "$html"; then ok
else bad "--html: ids shared between the charts"; fi
if [ "$(grep -c '^<tr' "$html")" = 10 ] && grep -q '<html lang="zh-CN">' "$html" && grep -q '自 2026-11-01 以来的变化' "$html" &&
   grep -q '立项阶段 → 谈判阶段' "$html" && grep -q 'funnel-stage-bloated' "$html"; then ok
else bad "--html: deals, language, changes, findings"; fi
# cairo drew the bars: the funnel has a filled path per stage with deals (5)
# and the bloated stage in its own colour.
if grep -q 'fill:rgb(86%,52%,16%)' "$html"; then ok; else bad "--html: the bloated stage's colour"; fi
expect html-unwritable 2 "--html: cannot write $tmp/no/such/dir/r.html" -- "$bin" pipeline --db "$db" $today --html "$tmp/no/such/dir/r.html"
# cairo is in the chart module, loaded only to draw: a run that draws no
# chart does not map it, and a missing module is named, with exit 1.
if LD_DEBUG=files "$bin" pipeline --db "$db" $today 2>&1 >/dev/null | grep -q 'libcairo'; then
    bad "cairo loaded by a pipeline without --html"; else ok; fi
if LD_DEBUG=files "$bin" pipeline --db "$db" $today --html "$tmp/r2.html" 2>&1 >/dev/null | grep -q 'file=.*charts.so'; then ok
else bad "--html: the chart module was not loaded"; fi
expect html-no-module 1 "--html: cannot draw the charts: $tmp/none.so:" -- env DEALCOACH_CHART_MODULE="$tmp/none.so" "$bin" pipeline --db "$db" $today --html "$tmp/r3.html"

# As of an earlier day the history after it is not seen.
"$bin" pipeline --db "$db" --today 2026-10-15 --json >"$tmp/early.json" 2>&1
if jq -e '.deals[] | select(.id == "regressed") | (.findings | index("stage-regressed") | not) and .days_in_stage == 35' "$tmp/early.json" >/dev/null &&
   jq -e '.deals[] | select(.id == "stalled-intent") | .days_in_stage == 75' "$tmp/early.json" >/dev/null; then ok
else bad "history after --today is seen"; fi

# Filters and sorting.
golden stage-intent.txt pipeline --db "$db" $today --lang en --stage intent --sort close
golden owner-at-risk.txt pipeline --db "$db" $today --lang en --owner "Wang Fang" --at-risk --sort amount
expect bad-sort 2 "unknown sort key 'size'" -- "$bin" pipeline --db "$db" $today --sort size
expect bad-stage 2 "unknown stage 'nowhere'" -- "$bin" pipeline --db "$db" $today --stage nowhere
expect missing-value 2 "option '--stage' needs a value" -- "$bin" pipeline --db "$db" --stage
expect db-and-files 2 "either --db or deal files" -- "$bin" pipeline --db "$db" examples/acme-mes.json
expect no-store 0 "deals: 0" -- "$bin" pipeline --db "$tmp/none.db" $today --lang en
if [ ! -e "$tmp/none.db" ]; then ok; else bad "pipeline created a store"; fi
expect help 0 "--at-risk" -- "$bin" pipeline --help

# Deal files and JSON Lines: no history, but the close date still counts.
golden files.txt pipeline $today --lang en examples/acme-mes.json examples/sme-first-visit.json
printf '%s\n' '{"id": "a", "amount": 100, "expected_close": "2026-11-01", "criteria": ["initial-contact", "visit-scheduled"]}' \
    '' '{"id": "b", "amount": -5}' 'not json' '{"id": "a"}' '{"id": "c", "claimed_stage": "lost", "expected_close": "2026-01-01"}' >"$tmp/deals.jsonl"
expect jsonl-bad-lines 2 "deals.jsonl:3: amount" -- "$bin" pipeline $today --json "$tmp/deals.jsonl"
expect jsonl-not-json 2 "deals.jsonl:4" -- "$bin" pipeline $today --json "$tmp/deals.jsonl"
expect jsonl-duplicate 2 "deals.jsonl:5: deal 'a' is already in the pipeline" -- "$bin" pipeline $today --json "$tmp/deals.jsonl"
"$bin" pipeline $today --json "$tmp/deals.jsonl" >"$tmp/jl.json" 2>/dev/null
if jq -e '(.deals | length) == 2 and ([.findings[].id] | index("funnel-thin")) and
          (.funnel.velocity.stages | all(.median_days == null)) and
          (.deals[] | select(.id == "a") | .findings | index("close-date-passed")) and
          (.deals[] | select(.id == "c") | .findings | index("close-date-passed") | not) and
          (.deals[] | select(.id == "a") | .days_in_stage == null)' "$tmp/jl.json" >/dev/null; then ok
else bad "JSON Lines deals"; cat "$tmp/jl.json"; fi
expect stdin-jsonl 0 '"id": "s"' -- sh -c "echo '{\"id\": \"s\"}' | '$bin' pipeline --json -"

# The time warnings in the session's advice, from the store's history.
printf 'open quiet\nadvise\nwhy 1\n' >"$tmp/session.in"
"$bin" --db "$db" $today --lang en <"$tmp/session.in" >"$tmp/session.out" 2>&1
if grep -qF "has been in target for 89 days, past the 30-day limit" "$tmp/session.out" &&
   grep -qF "Nothing has been recorded on this deal for 59 days (last change 2026-10-01)" "$tmp/session.out"; then ok
else bad "session advise lacks the time warnings"; sed 's/^/  | /' "$tmp/session.out" | head -30; fi
printf 'lang zh\npipeline --stage target\n' >"$tmp/session.in"
"$bin" --db "$db" $today <"$tmp/session.in" >"$tmp/session.out" 2>&1
if grep -q "^quiet .*目标阶段" "$tmp/session.out" && grep -q "^new-this-week " "$tmp/session.out"; then ok
else bad "session pipeline"; sed 's/^/  | /' "$tmp/session.out" | head -20; fi

# An archived deal leaves the pipeline and its funnel (last: it changes the store).
printf 'archive quiet\n' | "$bin" --db "$db" $today --lang en >/dev/null 2>&1
"$bin" pipeline --db "$db" $today --json >"$tmp/archived.json" 2>&1
if jq -e '([.deals[].id] | index("quiet") | not) and .funnel.capacity.deals == 7' "$tmp/archived.json" >/dev/null; then ok
else bad "an archived deal is still in the pipeline"; jq -c '[.deals[].id], .funnel.capacity.deals' "$tmp/archived.json"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
