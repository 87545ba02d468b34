#!/bin/sh
# tests/cli/run.sh DEALCOACH [--update] - the command line as a user meets
# it: exit codes, messages that name file and line, and the --json advice
# of the shipped examples against golden files (--update rewrites them).
# Run from the source root. Closes with "N passed, N failed".
set -u
bin=$1
update=${2:-}
dir=tests/cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# expect NAME CODE PATTERN -- COMMAND...: COMMAND exits CODE and its
# stdout+stderr contain PATTERN (a grep -F string; "" for anything).
expect() {
    name=$1 code=$2 pattern=$3
    shift 4
    "$@" >"$tmp/out" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$code" ]; then
        echo "FAIL $name: exit $got, expected $code"; sed 's/^/  | /' "$tmp/out" | head -5
        failed=$((failed + 1))
    elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/out"; then
        echo "FAIL $name: output lacks '$pattern'"; sed 's/^/  | /' "$tmp/out" | head -5
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

expect help 0 "usage: dealcoach" -- "$bin" --help
expect version 0 "dealcoach 0." -- "$bin" --version
expect advise-help 0 "--today DATE" -- "$bin" advise --help
expect test-help 0 "N passed, N failed" -- "$bin" test --help
expect unknown-subcommand 2 "unknown subcommand 'frobnicate'" -- "$bin" frobnicate
expect no-file 2 "no deal file given" -- "$bin" advise
expect unknown-option 2 "unknown option '--colour'" -- "$bin" advise --colour examples/acme-mes.json
expect bad-lang 2 "unknown language 'fr'" -- "$bin" advise --lang fr examples/acme-mes.json
expect bad-today 2 "'2026-02-30' is not a date" -- "$bin" advise --today 2026-02-30 examples/acme-mes.json
expect missing-file 2 "nope.json: cannot read" -- "$bin" advise nope.json
expect empty-file 2 "empty.json: empty file" -- "$bin" advise tests/scenarios/data/empty.json
expect binary-file 2 "binary.json:" -- "$bin" advise tests/scenarios/data/binary.json
printf '{"id": "x", "size": "huge", "people": [{"name": "Li", "influence": 7}]}' >"$tmp/bad.json"
expect bad-values 2 "bad.json: people[0].influence: expected a whole number from 1 to 5, got 7" -- "$bin" advise "$tmp/bad.json"
expect bad-values-all 2 "bad.json: size: unknown value \"huge\"" -- "$bin" advise "$tmp/bad.json"
printf '{"id": "x", "size": "sme", "mood": "good"}' >"$tmp/warn.json"
expect unknown-field-warns 0 "mood: unknown field, ignored" -- "$bin" advise "$tmp/warn.json"
expect one-bad-of-two 2 "bad.json" -- "$bin" advise examples/acme-mes.json "$tmp/bad.json"
expect stdin 0 '"deal": "from-stdin"' -- sh -c "echo '{\"id\": \"from-stdin\"}' | '$bin' advise --json -"
expect rule-syntax-error 3 "$dir/data/syntax-error.clp:4:" -- "$bin" advise --rules "$dir/data/syntax-error.clp" examples/acme-mes.json
expect rule-missing 3 "no-such.clp: cannot read rule file" -- "$bin" advise --rules no-such.clp examples/acme-mes.json
expect rule-loops 4 "tick-forever" -- "$bin" advise --rules "$dir/data/loops.clp" examples/acme-mes.json
expect coach-rule 0 "A deal this size needs a named senior sponsor." -- "$bin" advise --today 2026-11-22 --rules "$dir/data/coach-extra.clp" examples/acme-mes.json
expect coach-rule-json 0 '"rule": "big-deal-without-sponsor"' -- "$bin" advise --json --today 2026-11-22 --rules "$dir/data/coach-extra.clp" examples/acme-mes.json
expect report-en 0 "Stage: intent (20%)" -- "$bin" advise --lang en --today 2026-11-22 examples/acme-mes.json
expect report-zh 0 "阶段: 意向阶段 (20%)" -- "$bin" advise --lang zh --today 2026-11-22 examples/acme-mes.json
expect locale-zh 0 "阶段: 意向阶段" -- env LANG=zh_CN.UTF-8 LC_ALL= "$bin" advise --today 2026-11-22 examples/acme-mes.json
expect test-fails 5 "0 passed, 1 failed" -- "$bin" test "$dir/data/failing.test"

# Golden --json advice for every shipped example.
for deal in examples/*.json; do
    name=$(basename "$deal" .json)
    golden="$dir/golden/$name.json"
    "$bin" advise --json --lang en --today 2026-11-22 "$deal" >"$tmp/$name.json" 2>&1
    if [ "$update" = "--update" ]; then
        cp "$tmp/$name.json" "$golden"
    fi
    if cmp -s "$tmp/$name.json" "$golden"; then
        passed=$((passed + 1))
    else
        echo "FAIL golden $name: advice differs from $golden"
        diff "$golden" "$tmp/$name.json" | head -20 | sed 's/^/  | /'
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
