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
expect lint-coach-extra-clean 0 "0 errors, 0 warnings" -- "$bin" lint --strict --rules "$data/coach-extra.clp"
expect lint-warnings-pass 0 "0 errors, 2 warnings" -- "$bin" lint --rules "$data/loops.clp"
expect lint-strict-fails 6 "no documentation comment" -- "$bin" lint --strict --rules "$data/loops.clp"
expect lint-load-error 3 "syntax-error.clp:4:" -- "$bin" lint --rules "$data/syntax-error.clp"
expect lint-operand 2 "unexpected argument" -- "$bin" lint rules/

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
