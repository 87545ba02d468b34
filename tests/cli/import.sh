#!/bin/sh
# tests/cli/import.sh DEALCOACH - `dealcoach import` and `export` as a user
# meets them: Salesforce- and HubSpot-style exports of a few hundred
# generated rows, bad rows, GBK, a dry run, re-import against an edit made
# in the session, JSON Lines out and back. Closes with "N passed, N failed".
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
export TZ=UTC LANG=C.UTF-8 LC_ALL=
db="$tmp/deals.db"

. "$(dirname "$0")/expect.sh"
# check NAME TEST...: a shell test that must hold.
check() {
    name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL $name: $*"; failed=$((failed + 1)); fi
}

# --- a Salesforce-style export: 300 rows, columns in their own order, three
# date forms, amounts with separators, every stage name of the default map.
awk 'BEGIN {
    split("Prospecting|Qualification|Needs Analysis|Value Proposition|Id. Decision Makers|Perception Analysis|Proposal/Price Quote|Negotiation/Review|Closed Won|Closed Lost", st, "|")
    print "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Probability (%),Opportunity ID"
    for (i = 1; i <= 300; i++) {
        d = (i % 3 == 0) ? sprintf("2027-%02d-%02d", i % 12 + 1, i % 28 + 1) : (i % 3 == 1) ? sprintf("%d/%d/2027", i % 12 + 1, i % 28 + 1) : sprintf("2027/%d/%d", i % 12 + 1, i % 28 + 1)
        printf "Rep %d,\"Customer %d, Ltd\",Deal %d,%s,\"%d,000\",%s,%d,006SF%05d\n", i % 7, i, i, st[i % 10 + 1], i * 10, d, i % 100, i
    }
}' >"$tmp/sf.csv"
expect sf-import 0 "300 deals read: 300 new, 0 updated, 0 unchanged, 0 refused; 0 conflicts" -- \
    "$bin" import --db "$db" --today 2026-11-29 --csv "$tmp/sf.csv"
expect sf-unused-column 0 "columns not imported (not in the map): 'Probability (%)'" -- \
    "$bin" import --db "$db" --today 2026-11-29 --csv "$tmp/sf.csv"
expect sf-again-unchanged 0 "300 deals read: 0 new, 0 updated, 300 unchanged" -- \
    "$bin" import --db "$db" --today 2026-11-29 --csv "$tmp/sf.csv"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>"$tmp/err"
check export-lines test "$(wc -l <"$tmp/all.jsonl")" -eq 300
check export-mapped grep -qF '{"id":"006SF00007","name":"Deal 7","customer":"Customer 7, Ltd","owner":"Rep 0","amount":70000,"claimed_stage":"negotiation","expected_close":"2027-08-08"}' "$tmp/all.jsonl"
check export-us-date grep -qF '"amount":10000,"claimed_stage":"intent","expected_close":"2027-02-02"}' "$tmp/all.jsonl"
check export-ymd-date grep -qF '"amount":80000,"claimed_stage":"closed","expected_close":"2027-09-09"}' "$tmp/all.jsonl"

# --- a HubSpot-style export with a BOM, CRLF, internal stage names and
# labels, no id column (ids are slugs of the names).
awk 'BEGIN {
    split("appointmentscheduled|Qualified To Buy|presentationscheduled|Decision Maker Bought-In|contractsent|closedwon|Closed Lost", st, "|")
    printf "\357\273\277Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company\r\n"
    for (i = 1; i <= 200; i++)
        printf "HubSpot deal %d,%s,%d.50,2027-%02d-15 00:00,Owner %d,Company %d\r\n", i, st[i % 7 + 1], i * 100, i % 12 + 1, i % 5, i
}' >"$tmp/hs.csv"
expect hs-import 0 "200 deals read: 200 new, 0 updated, 0 unchanged, 0 refused" -- \
    "$bin" import --db "$db" --today 2026-11-29 --csv "$tmp/hs.csv"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>/dev/null
check hs-label grep -qF '{"id":"hubspot-deal-3","name":"HubSpot deal 3","customer":"Company 3","owner":"Owner 3","amount":300.5,"claimed_stage":"approval","expected_close":"2027-04-15"}' "$tmp/all.jsonl"
check hs-internal-name grep -qF '{"id":"hubspot-deal-4","name":"HubSpot deal 4","customer":"Company 4","owner":"Owner 4","amount":400.5,"claimed_stage":"negotiation","expected_close":"2027-05-15"}' "$tmp/all.jsonl"
check hs-total test "$(wc -l <"$tmp/all.jsonl")" -eq 500

# --- bad rows: each reported with its line and reason, the rest imported.
printf '%s\n' 'Opportunity ID,Opportunity Name,Amount,Stage,Close Date' \
    'b1,Good one,1,Prospecting,2027-01-01' \
    'b2,"Comma, and ""quotes""",2,Prospecting,2027-01-01' \
    'b3,Bad amount,ten,Prospecting,2027-01-01' \
    'b4,"A line' 'break",4,Maybe Later,2027-01-01' \
    'b5,Bad date,5,Prospecting,13/13/2027' \
    'Bad/Id,Slash,6,Prospecting,2027-01-01' \
    'b7,Too short' >"$tmp/bad.csv"
expect bad-amount 2 "bad.csv:4: refused: Amount: 'ten' is not an amount" -- \
    "$bin" import --db "$db" --csv "$tmp/bad.csv"
expect bad-stage-line 2 "bad.csv:5: refused: Stage: 'Maybe Later' is not a stage of the map" -- \
    "$bin" import --db "$db" --csv "$tmp/bad.csv"
expect bad-date 2 "bad.csv:7: refused: Close Date: '13/13/2027' is not a date" -- \
    "$bin" import --db "$db" --csv "$tmp/bad.csv"
expect bad-id 2 "bad.csv:8: refused: id 'Bad/Id' is not a deal id: '/' is not allowed" -- \
    "$bin" import --db "$db" --csv "$tmp/bad.csv"
expect bad-short 2 "bad.csv:9: refused: the header has 5 columns but this row has 2" -- \
    "$bin" import --db "$db" --csv "$tmp/bad.csv"
expect bad-rest-imported 2 "7 deals read: 0 new, 0 updated, 2 unchanged, 5 refused" -- \
    "$bin" import --db "$db" --csv "$tmp/bad.csv"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>/dev/null
check quotes-kept grep -qF '"name":"Comma, and \"quotes\""' "$tmp/all.jsonl"

# --- GBK (Chinese Excel) and Big5 are detected and converted; a file
# neither UTF-8, GBK nor Big5 is refused whole, naming the line.
printf '%s\n' '商机名称,客户,金额,阶段,预计成交日期,负责人' '华东一期,上海钢铁,"1,000,000",谈判阶段,2027-06-30,张伟' \
    | iconv -f UTF-8 -t GBK >"$tmp/gbk.csv"
expect gbk-note 0 "gbk.csv: not UTF-8; read as GBK" -- "$bin" import --db "$db" --csv "$tmp/gbk.csv"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>/dev/null
check gbk-converted grep -qF '{"id":"华东一期","name":"华东一期","customer":"上海钢铁","owner":"张伟","amount":1000000,"claimed_stage":"negotiation","expected_close":"2027-06-30"}' "$tmp/all.jsonl"
# Big5 (a Taiwanese or Hong Kong Excel), with traditional headers and stages.
printf '%s\n' '商機名稱,客戶,金額,階段,預計成交日期,負責人' '台北專案,台灣電力,"1,000,000",談判階段,2027-06-30,陳志明' \
    | iconv -f UTF-8 -t BIG5 >"$tmp/big5.csv"
expect big5-note 0 "big5.csv: not UTF-8; read as BIG5" -- "$bin" import --db "$db" --csv "$tmp/big5.csv"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>/dev/null
check big5-converted grep -qF '{"id":"台北專案","name":"台北專案","customer":"台灣電力","owner":"陳志明","amount":1000000,"claimed_stage":"negotiation","expected_close":"2027-06-30"}' "$tmp/all.jsonl"
printf 'Deal Name\nok\n\377\377\n' >"$tmp/binary.csv"
expect not-text 2 "binary.csv:3: byte 0xff is neither UTF-8 nor GBK nor Big5" -- "$bin" import --db "$db" --csv "$tmp/binary.csv"

# --- whole-file problems, usage
expect no-file 2 "no file given" -- "$bin" import --db "$db" --csv
expect missing 2 "nope.csv: cannot read" -- "$bin" import --db "$db" --csv "$tmp/nope.csv"
expect no-id-column 2 "no column gives the deal's id or name" -- sh -c "printf 'a,b\n1,2\n' >'$tmp/x.csv'; '$bin' import --db '$db' --csv '$tmp/x.csv'"
expect map-without-csv 2 "--map goes with --csv" -- "$bin" import --db "$db" --map x.map "$tmp/sf.csv"
printf '[stages]\nWon = victory\n' >"$tmp/bad.map"
expect map-bad-stage 2 "bad.map:2: 'victory' is not a stage" -- "$bin" import --db "$db" --csv --map "$tmp/bad.map" "$tmp/sf.csv"

# --- a map of one's own: other column names, another date form
printf '[columns]\nid = Nr\nname = Projekt\nclaimed_stage = Phase\nexpected_close = Abschluss\n[stages]\nGewonnen = closed\n[dates]\nformats = D.M.YYYY\n' >"$tmp/de.map"
printf 'Nr;Projekt;Phase;Abschluss\nde-1;Anlage Nord;Gewonnen;31.12.2027\n' >"$tmp/de.csv"
expect own-map 0 "1 deals read: 1 new" -- "$bin" import --db "$db" --csv --map "$tmp/de.map" "$tmp/de.csv"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>/dev/null
check own-map-deal grep -qF '{"id":"de-1","name":"Anlage Nord","claimed_stage":"closed","expected_close":"2027-12-31"}' "$tmp/all.jsonl"

# --- a dry run saves nothing
sed 's/^\(Rep [0-9]\),/\1 moved,/' "$tmp/sf.csv" >"$tmp/sf-moved.csv"
expect dry-run 0 "Dry run: nothing was saved." -- "$bin" import --db "$db" --dry-run --csv "$tmp/sf-moved.csv"
"$bin" export --jsonl --db "$db" >"$tmp/after.jsonl" 2>/dev/null
check dry-run-nothing-saved test "$(grep -c 'moved' "$tmp/after.jsonl")" -eq 0

# --- re-import against an edit made in the session: reported, edit kept,
# the history says what changed
printf 'open 006SF00007\nset amount 75000\nset owner "Zhang San"\n' | "$bin" --db "$db" >/dev/null 2>&1
awk -F, 'NR == 1 || /006SF00007/' "$tmp/sf.csv" | sed 's/"70,000"/"72,000"/; s/Rep 0,/Rep 9,/; s|8/8/2027|9/30/2027|' >"$tmp/sf-7.csv"
expect conflict-amount 0 "sf-7.csv:2: 006SF00007: conflict: amount: 75000 kept as edited (changed since the last import); the file says 72000" -- \
    "$bin" import --db "$db" --csv "$tmp/sf-7.csv"
printf 'history 006SF00007\n' | "$bin" --db "$db" >"$tmp/history" 2>&1
check history-says grep -qF 'imported from '"$tmp"'/sf-7.csv:2: expected_close = 2027-09-30 (was 2027-08-08); kept as edited: owner, amount' "$tmp/history"
"$bin" export --jsonl --db "$db" >"$tmp/all.jsonl" 2>/dev/null
check edit-kept grep -qF '{"id":"006SF00007","name":"Deal 7","customer":"Customer 7, Ltd","owner":"Zhang San","amount":75000,"claimed_stage":"negotiation","expected_close":"2027-09-30"}' "$tmp/all.jsonl"
expect conflict-once 0 "1 deals read: 0 new, 0 updated, 1 unchanged, 0 refused; 0 conflicts" -- \
    "$bin" import --db "$db" --csv "$tmp/sf-7.csv"

# --- JSON Lines out and back, archived deals only with --all
printf 'archive 006SF00001\n' | "$bin" --db "$db" >/dev/null 2>&1
"$bin" export --jsonl --db "$db" >"$tmp/active.jsonl" 2>/dev/null
"$bin" pipeline --db "$db" --today 2026-11-29 >"$tmp/pipeline" 2>&1
check pipeline-leaves-archived-out test "$(grep -c '^006SF0000[0-9] ' "$tmp/pipeline")" -eq 8
"$bin" export --jsonl --all --db "$db" "$tmp/every.jsonl" 2>"$tmp/err"
check archived-left-out test "$(wc -l <"$tmp/active.jsonl")" -eq $(( $(wc -l <"$tmp/every.jsonl") - 1 ))
check export-file-said grep -qF "deals written to $tmp/every.jsonl" "$tmp/err"
expect jsonl-into-new 0 "new, 0 updated, 0 unchanged, 0 refused" -- "$bin" import --db "$tmp/copy.db" --jsonl "$tmp/every.jsonl"
"$bin" export --jsonl --db "$tmp/copy.db" >"$tmp/copy.jsonl" 2>/dev/null
check round-trip cmp -s "$tmp/copy.jsonl" "$tmp/every.jsonl"
printf '{"id": "ok-1"}\nnot json\n{"id": "bad id"}\n' >"$tmp/mixed.jsonl"
expect jsonl-bad-line 2 "mixed.jsonl:2:3: refused: not a JSON deal" -- "$bin" import --db "$tmp/copy.db" --jsonl "$tmp/mixed.jsonl"
expect jsonl-bad-id 2 "mixed.jsonl:3: id: \"bad id\" is not a deal id" -- "$bin" import --db "$tmp/copy.db" --jsonl "$tmp/mixed.jsonl"
expect export-needs-format 2 "say the format: --jsonl" -- "$bin" export --db "$db"

expect help 0 "--dry-run" -- "$bin" import --help

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
