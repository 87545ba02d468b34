#!/bin/sh
# tests/coach/run.sh DEALCOACH - the coach tools as a coach meets them:
# lint, readable load errors, coverage, trace, why-not and diff. Run from
# the source root. Closes with "N passed, N failed".
set -u
bin=$1
dir=tests/coach
data=tests/cli/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# expect NAME CODE PATTERN... -- COMMAND...: COMMAND exits CODE and its
# stdout+stderr contain every PATTERN (grep -F strings).
expect() {
    name=$1 code=$2
    shift 2
    n=0
    while [ "$1" != "--" ]; do n=$((n + 1)); eval "pat$n=\$1"; shift; done
    shift
    "$@" >"$tmp/out" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$code" ]; then
        echo "FAIL $name: exit $got, expected $code"; sed 's/^/  | /' "$tmp/out" | head -10
        failed=$((failed + 1))
        return
    fi
    i=1
    while [ "$i" -le "$n" ]; do
        eval "pat=\$pat$i"
        if ! grep -qF -- "$pat" "$tmp/out"; then
            echo "FAIL $name: output lacks '$pat'"; sed 's/^/  | /' "$tmp/out" | head -10
            failed=$((failed + 1))
            return
        fi
        i=$((i + 1))
    done
    passed=$((passed + 1))
}

# --- lint -------------------------------------------------------------------
expect lint-shipped-clean 0 "0 errors, 0 warnings" -- "$bin" lint --strict
expect lint-help 0 "threshold-overlap" -- "$bin" lint --help
bad=$dir/../cli/data/coach-lint
expect lint-finds-everything 6 \
    "bad.clp:10: warning: score-band from 3 to 6 overlaps the band from 0 to 3" \
    "bad.clp:11: warning: score-band: nothing covers 7 to 8" \
    "bad.clp:13: warning: rule no-doc-rule has no documentation comment" \
    "bad.clp:22: warning: finding coach-nodoc is low here but high in rule no-doc-rule [severity-conflict]" \
    "bad.clp:28: warning: action coach-no-rank-no-text is asserted without a rank" \
    "bad.clp:28: error: action coach-no-rank-no-text has no text in any language" \
    "bad.clp:34: warning: finding coach-half-text is asserted without a severity" \
    "bad.clp:34: warning: finding coach-half-text has no zh text" \
    "bad.clp:38: warning: rule odd-salience has salience 99, outside the documented layers" \
    "bad.clp:39: error: rule odd-salience matches phantom facts" \
    "coach.en.txt:3: warning: finding.coach-never: no rule can assert finding coach-never" \
    "2 errors, 9 warnings" \
    -- "$bin" lint --rules "$bad"
expect lint-json 6 '"check": "never-asserted"' -- "$bin" lint --json --rules "$bad"
expect lint-zh 6 "bad.clp:10: warning: score-band 从 3 到 6 与第 9 行从 0 到 3 的区间重叠" \
    "bad.clp:28: error: 行动 coach-no-rank-no-text 在任何语言中都没有文本" \
    "coach.en.txt:3: warning: finding.coach-never: 没有规则能产生发现 coach-never" "2 个错误, 9 个警告" \
    -- "$bin" lint --lang zh --rules "$bad"
expect lint-coach-extra-clean 0 "0 errors, 0 warnings" -- "$bin" lint --strict --rules "$data/coach-extra.clp"
expect lint-warnings-pass 0 "0 errors, 2 warnings" -- "$bin" lint --rules "$data/loops.clp"
expect lint-strict-fails 6 "no documentation comment" -- "$bin" lint --strict --rules "$data/loops.clp"
expect lint-load-error 3 "syntax-error.clp:3:" -- "$bin" lint --rules "$data/syntax-error.clp"
expect lint-operand 2 "unexpected argument" -- "$bin" lint rules/

# --- load errors in the coach's words ----------------------------------------
d=$dir/data
deal=examples/acme-mes.json
expect error-unclosed 3 "unclosed.clp:3: this '(' is never closed (in defrule big-no-sponsor, which opens at line 1)" \
    "(CLIPS said: [TMPLTDEF1]" -- "$bin" advise --lang en --rules "$d/unclosed.clp" "$deal"
expect error-unclosed-zh 3 "unclosed.clp:3: 这里的 '(' 没有闭合" "CLIPS 原文" -- "$bin" advise --lang zh --rules "$d/unclosed.clp" "$deal"
expect error-unclosed-middle 3 "unclosed-middle.clp:3: this '(' is never closed (in defrule first" -- "$bin" advise --lang en --rules "$d/unclosed-middle.clp" "$deal"
expect error-stray 3 "stray.clp:5: this ')' closes nothing" -- "$bin" advise --lang en --rules "$d/stray.clp" "$deal"
expect error-value 3 'bad-value.clp:3: deal: "larg" is not an allowed value of slot size; allowed: unknown, sme, large, government' \
    "[CSTRNCHK1]" -- "$bin" advise --lang en --rules "$d/bad-value.clp" "$deal"
expect error-value-zh 3 'bad-value.clp:3: deal：槽 size 不允许取值 "larg"' -- "$bin" advise --lang zh --rules "$d/bad-value.clp" "$deal"
expect error-assert-value 3 'bad-assert-value.clp:5: finding: "hihg" is not an allowed value of slot severity; allowed: medium, high, low' \
    -- "$bin" test --lang en --rules "$d/bad-assert-value.clp" tests/scenarios
expect error-slot 3 'bad-slot.clp:3: template deal has no slot "sise"; its slots: id, name, customer, size,' \
    -- "$bin" lint --lang en --rules "$d/bad-slot.clp"

# --- coverage ------------------------------------------------------------------
expect coverage-shipped 0 "rules/10-stages.clp: " "total: " "rules fired (100.0%)" \
    -- "$bin" test --coverage --min-coverage 100 tests/scenarios
grep "^total:" "$tmp/out" | sed 's/^/shipped playbook coverage on tests\/scenarios: /'
expect coverage-coach 5 "examples/coach/big-deals.clp: 1/2 rules fired (50.0%)" \
    "never fired: examples/coach/big-deals.clp:15: government-tender-review" \
    "fired: big-deal-no-exec-sponsor (1)" "under --min-coverage 60%" "3 passed, 0 failed" \
    -- "$bin" test --coverage --min-coverage 60 --rules examples/coach examples/coach/tests
expect coverage-csv 0 "file,line,rule,fired" "examples/coach/big-deals.clp,15,government-tender-review,0" \
    "examples/coach/big-deals.clp,5,big-deal-no-exec-sponsor,1" \
    -- "$bin" test --coverage=csv --rules examples/coach examples/coach/tests
expect coverage-json 0 '"rule": "government-tender-review"' '"percent": 50.0' \
    -- "$bin" test --coverage=json --rules examples/coach examples/coach/tests
"$bin" test --coverage=json --rules examples/coach examples/coach/tests 2>/dev/null >"$tmp/cov.json"
expect coverage-json-alone 0 -- python3 -c "import json,sys; json.load(open('$tmp/cov.json'))"
expect coverage-bad-format 2 "unknown format 'xml'" -- "$bin" test --coverage=xml tests/scenarios
expect coverage-bad-min 2 "'abc' is not a percentage" -- "$bin" test --min-coverage abc tests/scenarios

# --- scenario checks: ids no rule asserts, readable failures --------------------
printf '%s\n' "=== a typo in an id" "deal:" '{"id": "t", "size": "large"}' "expect:" \
    "no finding big-deal-no-exec-sponsr" "finding size-unknown" "stage.met = 3" >"$tmp/typo.test"
expect test-warns-unknown-id 5 \
    "typo.test:5: case 'a typo in an id': warning: no loaded rule can assert finding big-deal-no-exec-sponsr" \
    "typo.test:6: case 'a typo in an id': expected finding size-unknown, got [no-decision-maker]" \
    "typo.test:7: case 'a typo in an id': expected stage.met = 3, got {}" -- "$bin" test "$tmp/typo.test"
expect test-coach-id-known 0 "3 passed, 0 failed" -- "$bin" test --rules examples/coach examples/coach/tests
if grep -q "warning: no loaded rule" "$tmp/out"; then echo "FAIL test-coach-id-known: warned"; failed=$((failed + 1)); fi

# --- texts beside a coach's rules; a missing text is marked --------------------
expect texts-from-dir-zh 0 "金额 1200000 的项目还没有明确的高层发起人" \
    -- "$bin" advise --all --lang zh --today 2026-11-22 --rules examples/coach examples/acme-mes.json
expect text-fallback-marked 0 "[en] Only in English." "[no text] coach-textless" \
    -- "$bin" advise --all --lang zh --today 2026-11-22 --rules "$d/en-only" examples/acme-mes.json
expect text-missing-linted 6 "finding coach-en-only has no zh text" "action coach-textless has no text in any language" \
    -- "$bin" lint --rules "$d/en-only"

# --- a loop is blamed on the rule that fired most, with its file ----------------
expect loop-names-rule 4 "those that fired most: tick-forever ($data/loops.clp)" \
    -- "$bin" advise --rules "$data/loops.clp" examples/acme-mes.json

# --- advise --trace ---------------------------------------------------------------
expect trace-text 0 "Rules fired, in order (" "   1. size-known  (rules/10-stages.clp)" \
    '        (deal (id "acme-mes")' "big-deal-no-exec-sponsor  (examples/coach/big-deals.clp)" \
    -- "$bin" advise --trace --lang en --today 2026-11-22 --rules examples/coach examples/acme-mes.json
expect trace-json 0 '"trace": [' '"rule": "size-known"' '"facts": [' \
    -- "$bin" advise --json --trace --today 2026-11-22 examples/acme-mes.json
expect trace-off 0 "" -- "$bin" advise --json --today 2026-11-22 examples/acme-mes.json
if grep -q '"trace"' "$tmp/out"; then echo "FAIL trace-off: a trace without --trace"; failed=$((failed + 1)); fi

# --- why-not ------------------------------------------------------------------------
w() { "$bin" why-not --lang "$1" --today 2026-11-22 --rules examples/coach "$2" "$3"; }
expect whynot-pattern 0 "big-deal-no-exec-sponsor is not in the advice." \
    "  rule big-deal-no-exec-sponsor (examples/coach/big-deals.clp:5) can assert it:" \
    "    condition 1 of 2 (line 7) does not hold:" "      (deal (amount ?a&:(numberp ?a)&:(> ?a 1000000)))" \
    '      closest: (deal (id "hz-pump-crm")' "(amount 180000)" \
    "      it fails: (amount ?a&:(numberp ?a)&:(> ?a 1000000))" -- w en examples/sme-first-visit.json big-deal-no-exec-sponsor
expect whynot-not 0 "    condition 3 of 3 (line 20) does not hold:" "      (not (criterion (id bid-won)))" \
    "      it wants no such fact, but there is:" "        (criterion (id bid-won))" \
    -- w en examples/gov-negotiation-doubt.json review-tender
expect whynot-closest-slot 0 "rule decision-maker-not-met (rules/20-people.clp:" "(exists (stakeholder (kind dm-not-met)))" \
    '      closest: (stakeholder (kind dm-met) (name "Zhang Wei")' "      it fails: (kind dm-not-met)" \
    -- w en examples/acme-mes.json meet-decision-maker
expect whynot-function 0 "rule negotiating-before-value (rules/50-negotiation.clp:" "there is no failure-sign fact for this deal" \
    -- w en examples/acme-mes.json negotiating-before-value
if grep -q "conceding-without-return" "$tmp/out"; then echo "FAIL whynot-function: a rule that cannot give it"; failed=$((failed + 1)); fi
expect whynot-present 0 "big-deal-no-exec-sponsor is in the advice: finding asserted by rule big-deal-no-exec-sponsor." \
    -- w en examples/acme-mes.json big-deal-no-exec-sponsor
expect whynot-typo 2 "No loaded rule can assert big-deal-no-exec-sponsr." "Did you mean: big-deal-no-exec-sponsor?" \
    -- w en examples/acme-mes.json big-deal-no-exec-sponsr
expect whynot-zh 0 "建议中没有 big-deal-no-exec-sponsor。" "2 个条件中的第 1 个（第 7 行）不成立：" "最接近的：" "它不满足：" \
    -- w zh examples/sme-first-visit.json big-deal-no-exec-sponsor
expect whynot-usage 2 "wants a deal file and an id" -- "$bin" why-not examples/acme-mes.json
expect whynot-bad-deal 2 "nope.json" -- "$bin" why-not nope.json no-coach

# --- diff -------------------------------------------------------------------------------
# a library of its own, so that new examples do not change the counts
mkdir "$tmp/library"
cp examples/acme-mes.json examples/sme-first-visit.json examples/gov-negotiation-doubt.json "$tmp/library/"
expect diff-coach 0 "library/acme-mes.json: changed" "  + finding big-deal-no-exec-sponsor" "  + action name-exec-sponsor" \
    "library/sme-first-visit.json: unchanged" "library/gov-negotiation-doubt.json: unchanged" \
    "3 deals: 1 changed, 2 unchanged; items added 2, removed 0, actions moved 0" \
    -- "$bin" diff --today 2026-11-22 --rules examples/coach "$tmp/library/"
expect diff-check-changed 7 "  - action map-decision-chain" "  ~ action review-shared-goals moved: " " -> 1" \
    "  do now: " " -> review-shared-goals, " "1 deal: 1 changed, 0 unchanged; items added 0, removed 1, actions moved 1" \
    -- "$bin" diff --check --today 2026-11-22 --rules "$d/reorder.clp" examples/acme-mes.json
# only the action lifted to the front moved: the others kept their order
if [ "$(grep -c " moved: " "$tmp/out")" -ne 1 ]; then echo "FAIL diff-check-changed: actions that kept their order moved"; failed=$((failed + 1)); fi
expect diff-zh 7 "  - 行动 map-decision-chain" "  ~ 行动 review-shared-goals 位次变化: " "  现在就做: " \
    "1 个商机: 1 个有变化, 0 个无变化; 新增 0 项, 移除 1 项, 行动位次变化 1 项" \
    -- "$bin" diff --lang zh --check --today 2026-11-22 --rules "$d/reorder.clp" examples/acme-mes.json
expect diff-check-same 0 "3 deals: 0 changed, 3 unchanged" -- "$bin" diff --check --today 2026-11-22 "$tmp/library"
expect diff-base 0 "1 deal: 0 changed, 1 unchanged" \
    -- "$bin" diff --check --today 2026-11-22 --base examples/coach --rules examples/coach examples/acme-mes.json
expect diff-json 7 '"removed": [' '"map-decision-chain"' '"do_now": {' '"summary": {' '"changed": 1' \
    -- "$bin" diff --json --check --today 2026-11-22 --rules "$d/reorder.clp" examples/acme-mes.json
expect diff-refused 2 "bad-values.json" -- "$bin" diff --today 2026-11-22 tests/sessions/data/bad-values.json
expect diff-loop 4 "(new playbook)" "tick-forever" -- "$bin" diff --today 2026-11-22 --rules "$data/loops.clp" examples/acme-mes.json
expect diff-no-deal 2 "no deal file or directory given" -- "$bin" diff --rules examples/coach

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
