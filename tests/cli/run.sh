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

. "$(dirname "$0")/expect.sh"

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
printf '\357\273\277{"id": "bom"}' >"$tmp/bom.json"
expect bom-skipped 0 '"deal": "bom"' -- "$bin" advise --json "$tmp/bom.json"
printf '{"id": "bidi", "name": "ACME \\u202Eevil\\u202C \\u2066x\\u2069 \\u200F"}' >"$tmp/bidi.json"
"$bin" advise --today 2026-11-22 "$tmp/bidi.json" >"$tmp/bidi.out" 2>&1
if grep -q "$(printf '\342\200\256\|\342\201\246\|\342\200\217')" "$tmp/bidi.out" || ! grep -q "ACME $(printf '\357\277\275')evil" "$tmp/bidi.out"; then
    echo "FAIL bidi-neutralised: a bidirectional control reached the report"; failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
# A deal listing 20,001 competitors, one named by a 600 KB string, with a
# long note naming them: read in bounded time (kb/notes_rivals.h).
awk 'BEGIN { printf "{\"id\": \"many-rivals\", \"competitors\": [";
             for (i = 0; i < 20000; i++) printf "{\"name\": \"Rival%d\"}, ", i;
             printf "{\"name\": \""; for (i = 0; i < 100000; i++) printf "博越"; printf "\"}], ";
             printf "\"notes\": [\""; for (i = 0; i < 10000; i++) printf "Rival7 cut 15%%, 博越降价,"; printf "\"]}\n" }' \
    >"$tmp/many-rivals.json"
expect many-rivals 0 "Deal many-rivals" -- timeout 20 "$bin" advise --today 2026-11-22 "$tmp/many-rivals.json"
expect rule-syntax-error 3 "$dir/data/syntax-error.clp:3: this '(' is never closed" -- "$bin" advise --rules "$dir/data/syntax-error.clp" examples/acme-mes.json
expect rule-missing 3 "no-such.clp: cannot read rule file" -- "$bin" advise --rules no-such.clp examples/acme-mes.json
expect rule-recurses 4 "recurses without end" -- "$bin" advise --rules "$dir/data/recurses.clp" examples/acme-mes.json
expect rule-loops 4 "tick-forever" -- "$bin" advise --rules "$dir/data/loops.clp" examples/acme-mes.json
expect coach-rule 0 "A deal this size needs a named senior sponsor." -- "$bin" advise --today 2026-11-22 --rules "$dir/data/coach-extra.clp" examples/acme-mes.json
expect coach-rule-json 0 '"rule": "big-deal-without-sponsor"' -- "$bin" advise --json --today 2026-11-22 --rules "$dir/data/coach-extra.clp" examples/acme-mes.json
expect wording-catches-english 5 "keeps English words" -- "$bin" test --check-wording zh --rules "$dir/data/coach-extra.clp" tests/scenarios/examples.test
expect wording-bad-lang 2 "--check-wording takes" -- "$bin" test --check-wording en tests/scenarios/examples.test
expect advise-zh-input-message 2 "未知的取值 \"huge\"" -- "$bin" advise --lang zh "$dir/data/bad-size.json"
expect report-en 0 "Stage: intent (20%)" -- "$bin" advise --lang en --today 2026-11-22 examples/acme-mes.json
expect report-zh 0 "阶段: 意向阶段 (20%)" -- "$bin" advise --lang zh --today 2026-11-22 examples/acme-mes.json
expect locale-zh 0 "阶段: 意向阶段" -- env LANG=zh_CN.UTF-8 LC_ALL= "$bin" advise --today 2026-11-22 examples/acme-mes.json
expect test-fails 5 "0 passed, 1 failed" -- "$bin" test "$dir/data/failing.test"

# A scenario file from printf arguments: scenario NAME LINE... (into $tmp).
scenario() {
    name=$1
    shift
    printf '%s\n' "$@" >"$tmp/$name.test"
}
# CHAR repeated N times: repeat N CHAR.
repeat() {
    printf "%$1s" "" | tr ' ' "$2"
}

# Reviewer's defects: questions, scenario reading, refusals, output, severity.
expect odd-questions 0 "1 passed, 0 failed" -- "$bin" test --rules "$dir/data/odd-questions.clp" "$dir/data/odd-questions.test"
expect many-questions 0 "1 passed, 0 failed" -- timeout 15 "$bin" test --rules "$dir/data/many-questions.clp" "$dir/data/odd-questions.test"
expect run-error-not-refused 5 "the rules failed while running: rule add-to-a-name" -- "$bin" test --rules "$dir/data/run-error.clp" "$dir/data/refused-run-error.test"
scenario bad-today "=== a day that does not exist" "today: 2026-13-99" "deal:" '{"id": "t"}' "expect:" "stage present"
expect test-bad-today 2 "bad-today.test:2: today: '2026-13-99' is not a date" -- "$bin" test "$tmp/bad-today.test"
scenario bad-lang "=== French" "lang: fr" "deal:" '{"id": "t"}' "expect:" "stage present"
expect test-bad-lang 2 "bad-lang.test:2: lang: unknown language 'fr'" -- "$bin" test "$tmp/bad-lang.test"
scenario bad-lang-word "=== English spelled out" "lang: english" "deal:" '{"id": "t"}' "expect:" "stage present"
expect test-bad-lang-word 2 "bad-lang-word.test:2: lang: unknown language 'english'" -- "$bin" test "$tmp/bad-lang-word.test"
scenario good-header "=== header values with blanks after them" "today: 2026-11-22  " "lang: zh " "deal:" '{"id": "t"}' "expect:" "evaluated_on = 2026-11-22"
expect test-good-header 0 "1 passed, 0 failed" -- "$bin" test "$tmp/good-header.test"
long=$(repeat 9000 x)
scenario long-line "=== a deal line longer than 8 KiB" "deal:" "{\"id\": \"t\", \"name\": \"$long\"}" "expect:" "deal = t"
expect test-long-line 0 "1 passed, 0 failed" -- "$bin" test "$tmp/long-line.test"
name=$(repeat 1000 a)
scenario long-assertion "=== an assertion longer than the deal's text is not cut to fit" "deal:" \
    "{\"id\": \"t\", \"people\": [{\"name\": \"$name\"}]}" "expect:" \
    "findings[single-threaded].text contains $name" "findings[single-threaded].text contains ${name}a"
expect test-long-assertion 5 "long-assertion.test:6: case" -- "$bin" test "$tmp/long-assertion.test"
expect advise-write-error 1 "dealcoach: cannot write the output: No space left on device" -- sh -c "'$bin' advise --json examples/acme-mes.json >/dev/full"
expect test-write-error 1 "dealcoach: cannot write the output:" -- sh -c "'$bin' test '$dir/data/failing.test' >/dev/full"
expect stdin-read-error 2 "-: read error: Is a directory" -- sh -c "'$bin' advise - </"
printf '{"id": "esc", "name": "a\\u001b[2Jb\\nc", "customer": "\\u0007\\u007f\\u009b客户", "size": "sme"}' >"$tmp/esc.json"
expect report-controls 0 "esc — a�[2Jb c (���客户)" -- "$bin" advise --lang en "$tmp/esc.json"

# One interface: versions, help in the chosen language, the same options in
# every subcommand, JSON Lines, paths without doubled separators.
expect version-short 0 "dealcoach 0." -- "$bin" -V
expect version-word 0 "dealcoach 0." -- "$bin" version
expect help-zh 0 "用法: dealcoach" -- "$bin" --lang zh --help
expect help-zh-after 0 "用法: dealcoach" -- "$bin" --help --lang zh
expect advise-help-zh 0 "用法: dealcoach advise" -- "$bin" advise --help --lang zh
expect test-help-zh 0 "用法: dealcoach test" -- "$bin" test --lang zh --help
expect notes-help-zh 0 "用法: dealcoach notes" -- "$bin" notes --lang zh --help
expect session-help-zh 0 "用法: dealcoach" -- "$bin" session --lang zh --help
expect notes-lang 0 "price-pushback" -- "$bin" notes --lang zh "客户说价格太高了"
expect notes-lang-none 0 "(无信号)" -- "$bin" notes --lang zh "天气不错"
expect notes-bad-lang 2 "unknown language (zh or en): fr" -- "$bin" notes --lang fr "x"
# A coach's own learned model: learned from phrasing files, then used;
# a typo of an id, an unreadable file and a damaged model are refused.
printf '+ price-pushback\tzorbly flim\n+ price-pushback\tthe zorbly flim again\n+ price-pushback\tzorbly flim, they said\n- price-pushback\tthe weather is fine\n- price-pushback\tlunch with the team\n- price-pushback\tnothing new today\n' >"$tmp/mine.txt"
expect notes-learn 0 "learned 6 examples of 1 signals into $tmp/mine.model" -- "$bin" notes --learn "$tmp/mine.model" "$tmp/mine.txt"
expect notes-learned-model 0 "mine.model (learned from example notes)" -- "$bin" notes --where --model "$tmp/mine.model" "zorbly flim"
expect notes-learned-not-shipped 0 "(no signal)" -- "$bin" notes "zorbly flim"
printf '+ signing-delay\tx\n' >"$tmp/typo.txt"
expect notes-learn-typo 2 "typo.txt:1: \"signing-delay\" is no signal id of the patterns" -- "$bin" notes --learn "$tmp/x.model" "$tmp/typo.txt"
# A coach's own map given by --patterns: its words read the notes the
# shipped patterns see; a bad line is named by file and line.
printf '# our own words\n嘎嘣 太贵\n' >"$tmp/mine.map"
expect notes-map-none 0 "(no signal)" -- "$bin" notes "客户说价格嘎嘣"
expect notes-map-words 0 'price-pushback  "价格嘎嘣"' -- "$bin" notes --patterns "$tmp/mine.map" "客户说价格嘎嘣"
printf '嘎嘣 太\n' >"$tmp/bad.map"
expect notes-map-bad-line 0 "bad.map:1: \"嘎嘣\" and \"太\" differ in UTF-8 length" -- "$bin" notes --patterns "$tmp/bad.map" "x"
expect notes-learn-missing 2 "no-such.txt: No such file or directory" -- "$bin" notes --learn "$tmp/x.model" "$tmp/no-such.txt"
# a list names files relative to its folder, or by an absolute path; a
# file it names that cannot be read is reported with the list's line
mkdir -p "$tmp/lists"
printf '# mine\n%s\n' "$tmp/mine.txt" >"$tmp/lists/abs.list"
expect notes-learn-list-absolute 0 "learned 6 examples of 1 signals" -- "$bin" notes --learn "$tmp/x.model" "$tmp/lists/abs.list"
printf '../mine.txt\n\nmissing.txt\n' >"$tmp/lists/bad.list"
expect notes-learn-list-missing 2 "bad.list:3: $tmp/lists/missing.txt: No such file or directory" -- "$bin" notes --learn "$tmp/x.model" "$tmp/lists/bad.list"
head -c 100 "$tmp/mine.model" >"$tmp/cut.model"
expect notes-model-damaged 2 "cut.model: 100 bytes" -- "$bin" notes --model "$tmp/cut.model" "x"
expect test-lang 0 "1 passed, 0 failed" -- "$bin" test --lang zh "$dir/data/lang-default.test"
expect test-lang-en 5 "0 passed, 1 failed" -- "$bin" test --lang en "$dir/data/lang-default.test"
expect pretty-without-json 0 '  "deal": "acme-mes"' -- "$bin" advise --pretty --today 2026-11-22 examples/acme-mes.json
expect rules-dir-slash 3 "$dir/data/syntax-error.clp:" -- "$bin" advise --rules "$dir/data/" examples/acme-mes.json
expect test-dir-slash 5 "$dir/data/failing.test:" -- "$bin" test "$dir/data/"
printf 'new acme ACME\nset size large\n' | "$bin" --db "$tmp/deals.db" --lang en >/dev/null 2>&1
expect advise-db 0 "Deal acme — ACME" -- "$bin" advise --lang en --db "$tmp/deals.db" acme
expect advise-db-json 0 '"deal": "acme"' -- "$bin" advise --json --db "$tmp/deals.db" acme
expect advise-db-unknown 2 "nope: no such deal in the store" -- "$bin" advise --db "$tmp/deals.db" acme nope
expect advise-db-env 0 "Deal acme — ACME" -- env DEALCOACH_DB="$tmp/deals.db" "$bin" advise --lang en acme
expect advise-db-env-file 0 "Deal acme-mes" -- env DEALCOACH_DB="$tmp/deals.db" "$bin" advise --lang en examples/acme-mes.json
expect advise-db-env-unknown 2 "nope: cannot read" -- env DEALCOACH_DB="$tmp/deals.db" "$bin" advise --lang en nope
expect advise-db-missing 2 "no-such.db: no such deal store" -- "$bin" advise --db "$tmp/no-such.db" acme
# --json on several files: one object a line, each line a whole object.
"$bin" advise --json --today 2026-11-22 examples/*.json >"$tmp/lines" 2>&1
files=$(ls examples/*.json | wc -l)
if [ "$(wc -l <"$tmp/lines")" -eq "$files" ] && [ "$(grep -c '^{"deal": .*}$' "$tmp/lines")" -eq "$files" ]; then
    passed=$((passed + 1))
else
    echo "FAIL json-lines: expected $files lines, one object each"; head -c 300 "$tmp/lines" | sed 's/^/  | /'
    failed=$((failed + 1))
fi
# Each line is the same advice as --pretty prints.
"$bin" advise --json --pretty --lang en --today 2026-11-22 examples/acme-mes.json >"$tmp/pretty" 2>&1
"$bin" advise --json --lang en --today 2026-11-22 examples/acme-mes.json >"$tmp/line" 2>&1
if [ "$(wc -l <"$tmp/line")" -eq 1 ] && [ "$(tr -d ' \n' <"$tmp/pretty")" = "$(tr -d ' \n' <"$tmp/line")" ]; then
    passed=$((passed + 1))
else
    echo "FAIL json-line-vs-pretty: --json and --pretty differ in more than layout"
    failed=$((failed + 1))
fi

# On a terminal (script(1) gives one): severity in colour and lines wrapped
# to COLUMNS, by display width in Chinese too; NO_COLOR: no colour; the
# words are those of the plain report. Piped, the golden reports below stay
# byte for byte.
on_tty() { # on_tty OUT COMMAND...: run COMMAND on a pseudo-terminal
    out=$1
    shift
    script -qec "$*" /dev/null </dev/null | tr -d '\r' >"$out"
}
plain() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
squeeze() { tr -d ' \n' <"$1"; }
check_tty() { # check_tty NAME CONDITION...
    name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}
on_tty "$tmp/tty-en" env COLUMNS=60 "'$bin'" advise --lang en --today 2026-11-22 examples/acme-mes.json
"$bin" advise --lang en --today 2026-11-22 examples/acme-mes.json >"$tmp/pipe-en" 2>&1
check_tty tty-colour grep -q "$(printf '\033')\[1;31m\[high\]$(printf '\033')\[0m" "$tmp/tty-en"
plain "$tmp/tty-en" >"$tmp/tty-en.plain"
check_tty tty-width-en test "$(LC_ALL=C.UTF-8 wc -L <"$tmp/tty-en.plain")" -le 60
check_tty tty-wrapped test "$(wc -l <"$tmp/tty-en.plain")" -gt "$(wc -l <"$tmp/pipe-en")"
check_tty tty-same-words test "$(squeeze "$tmp/tty-en.plain")" = "$(squeeze "$tmp/pipe-en")"
check_tty pipe-plain sh -c "! grep -q '$(printf '\033')' '$tmp/pipe-en'"
on_tty "$tmp/tty-zh" env COLUMNS=40 "'$bin'" advise --lang zh --today 2026-11-22 examples/acme-mes.json
plain "$tmp/tty-zh" >"$tmp/tty-zh.plain"
"$bin" advise --lang zh --today 2026-11-22 examples/acme-mes.json >"$tmp/pipe-zh" 2>&1
check_tty tty-width-zh test "$(LC_ALL=C.UTF-8 wc -L <"$tmp/tty-zh.plain")" -le 40
check_tty tty-same-words-zh test "$(squeeze "$tmp/tty-zh.plain")" = "$(squeeze "$tmp/pipe-zh")"
check_tty tty-colour-zh grep -q "\[高\]" "$tmp/tty-zh"
on_tty "$tmp/tty-nc" env NO_COLOR=1 COLUMNS=60 "'$bin'" advise --lang en --today 2026-11-22 examples/acme-mes.json
check_tty tty-no-color sh -c "! grep -q '$(printf '\033')' '$tmp/tty-nc'"
check_tty tty-no-color-wrapped test "$(LC_ALL=C.UTF-8 wc -L <"$tmp/tty-nc")" -le 60

# Golden --json advice and the short report for every shipped example.
for deal in examples/*.json; do
    name=$(basename "$deal" .json)
    "$bin" advise --json --pretty --lang en --today 2026-11-22 "$deal" >"$tmp/$name.json" 2>&1
    "$bin" advise --lang en --today 2026-11-22 "$deal" >"$tmp/$name.txt" 2>&1
    for kind in json txt; do
        golden="$dir/golden/$name.$kind"
        if [ "$update" = "--update" ]; then
            cp "$tmp/$name.$kind" "$golden"
        fi
        if cmp -s "$tmp/$name.$kind" "$golden"; then
            passed=$((passed + 1))
        else
            echo "FAIL golden $name.$kind: output differs from $golden"
            diff "$golden" "$tmp/$name.$kind" | head -20 | sed 's/^/  | /'
            failed=$((failed + 1))
        fi
    done
    # The first screen: the diagnosis on line 2, "Do this now" on line 4,
    # and no more than three things to do before the stage line.
    first=$(sed -n '/^Stage:/q;p' "$tmp/$name.txt")
    if sed -n 2p "$tmp/$name.txt" | grep -q '^Diagnosis: ' &&
       sed -n 4p "$tmp/$name.txt" | grep -q '^Do this now$' &&
       [ "$(printf '%s\n' "$first" | grep -c '^ *[0-9][0-9]*\. ')" -le 3 ] &&
       [ "$(printf '%s\n' "$first" | wc -l)" -le 24 ]; then
        passed=$((passed + 1))
    else
        echo "FAIL first-screen $name: not the diagnosis and at most three actions"
        head -8 "$tmp/$name.txt" | sed 's/^/  | /'
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
