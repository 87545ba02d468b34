#!/bin/sh
# tests/sessions/processes.sh DEALCOACH - sessions as processes on one store:
#   1. two sessions at once, each writing its own deal, lose nothing;
#   2. a session killed (SIGKILL) right after a change was acknowledged
#      keeps the change;
#   3. a store written by a newer dealcoach is refused (exit 1, says why);
#   4. a scripted session never writes the readline history;
#   5. two sessions changing the SAME deal at once, hundreds of changes
#      each: every acknowledged change is kept, history and deal agree;
#   6. a store that fails SQLite's quick check is refused for writing;
#   7. output that cannot be written (a full disk) ends the session with a
#      message and exit 1.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
work=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
export DEALCOACH_DB="$work/deals.db" XDG_DATA_HOME="$work/xdg" TZ=UTC LANG=C.UTF-8
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
session() { "$bin" --today 2026-11-22 --lang en "$@"; }

# --- 1. two writers at once ---------------------------------------------------
changes=60
for deal in north south; do
    {
        echo "new $deal"
        i=1
        while [ $i -le $changes ]; do
            echo "set amount $i"
            echo "note $deal note $i"
            i=$((i + 1))
        done
    } >"$work/$deal.in"
done
session <"$work/north.in" >"$work/north.out" 2>&1 &
north=$!
session <"$work/south.in" >"$work/south.out" 2>&1 &
south=$!
wait $north || fail "writer north exited $?: $(grep -v '^saved\|^  ' "$work/north.out" | head -3)"
wait $south || fail "writer south exited $?: $(grep -v '^saved\|^  ' "$work/south.out" | head -3)"
for deal in north south; do
    printf 'history %s\nopen %s\nnotes\nexport\n' "$deal" "$deal" | session >"$work/check.out" 2>&1 ||
        fail "reading $deal back failed"
    entries=$(grep -c '^  [0-9-]* [0-9:]*  ' "$work/check.out")
    [ "$entries" -eq $((2 * changes + 1)) ] ||
        fail "$deal: $entries history entries, expected $((2 * changes + 1))"
    grep -q "\"amount\": $changes," "$work/check.out" || fail "$deal: the last amount was lost"
    notes=$(grep -c "^ *[0-9]*\. $deal note" "$work/check.out")
    [ "$notes" -eq $changes ] || fail "$deal: $notes notes kept, expected $changes"
done

# --- 2. killed after an acknowledged change -------------------------------------
fifo="$work/commands"
mkfifo "$fifo"
session <"$fifo" >"$work/killed.out" 2>&1 &
pid=$!
exec 3>"$fifo"
printf 'new killed 被杀的会话\nset size large\nnote 客户说价格太高了\n' >&3
tries=0
until grep -q '^saved: notes' "$work/killed.out"; do
    tries=$((tries + 1))
    [ $tries -gt 100 ] && { fail "the session did not acknowledge the changes"; break; }
    sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=""
exec 3>&-
printf 'open killed\nshow\nhistory\n' | session >"$work/after.out" 2>&1 || fail "reopening after the kill failed"
grep -q '^  size: large — large enterprise$' "$work/after.out" || fail "the acknowledged size was lost: $(cat "$work/after.out")"
grep -q '客户说价格太高了' "$work/after.out" || fail "the acknowledged note was lost"
[ "$(grep -c '^  [0-9-]* [0-9:]*  ' "$work/after.out")" -eq 3 ] || fail "history after the kill: $(cat "$work/after.out")"

# --- 3. a store from a newer dealcoach --------------------------------------------
[ -e "$DEALCOACH_DB-wal" ] && fail "the store was left with a WAL file after clean exits"
cp "$DEALCOACH_DB" "$work/newer.db"
# PRAGMA user_version lives at byte 60 of the file, big-endian: make it 99.
printf '\000\000\000\143' | dd of="$work/newer.db" bs=1 seek=60 conv=notrunc 2>/dev/null
echo list | session --db "$work/newer.db" >"$work/newer.out" 2>&1
status=$?
[ $status -eq 1 ] || fail "a newer store: exit $status, expected 1"
grep -q 'newer' "$work/newer.out" || fail "a newer store: no clear message: $(cat "$work/newer.out")"
cmp -s "$DEALCOACH_DB" "$work/newer.db" && fail "the test did not make the store newer"

# --- 4. no readline history from scripts ---------------------------------------------
[ -e "$XDG_DATA_HOME/dealcoach/history" ] && fail "a scripted session wrote the history file"

# --- 5. two writers, one deal -------------------------------------------------------
same=200
printf 'new shared\n' | session >/dev/null 2>&1 || fail "creating the shared deal failed"
for who in left right; do
    {
        echo "open shared"
        i=1
        while [ $i -le $same ]; do
            echo "note $who note $i"
            i=$((i + 1))
        done
    } >"$work/$who.in"
done
session <"$work/left.in" >"$work/left.out" 2>&1 &
left=$!
session <"$work/right.in" >"$work/right.out" 2>&1 &
right=$!
wait $left || fail "writer left exited $?: $(grep -v '^saved\|^  \|^Opened' "$work/left.out" | head -3)"
wait $right || fail "writer right exited $?: $(grep -v '^saved\|^  \|^Opened' "$work/right.out" | head -3)"
acknowledged=$(cat "$work/left.out" "$work/right.out" | grep -c '^saved: ')
printf 'open shared\nnotes\nhistory\n' | session >"$work/shared.out" 2>&1 || fail "reading the shared deal back failed"
kept=$(grep -c '^ *[0-9]*\. \(left\|right\) note' "$work/shared.out")
entries=$(grep -c '^  [0-9-]* [0-9:]*  ' "$work/shared.out")
[ "$acknowledged" -eq $((2 * same)) ] || fail "one deal: $acknowledged changes acknowledged, expected $((2 * same))"
[ "$kept" -eq "$acknowledged" ] || fail "one deal: $acknowledged changes acknowledged, $kept notes kept (lost updates)"
[ "$entries" -eq $((acknowledged + 1)) ] || fail "one deal: $entries history entries for $acknowledged changes and the creation"
for who in left right; do
    [ "$(grep -c "^ *[0-9]*\. $who note" "$work/shared.out")" -eq $same ] || fail "one deal: notes of $who lost"
done

# --- 6. a damaged store is refused for writing -----------------------------------------
printf 'new fragile\nset size large\n' | session --db "$work/damaged.db" >/dev/null 2>&1
# Break the header of page 4 (4 KiB pages; the history index, which reading
# a deal does not need): the quick check sees it.
printf '\377\377\377\377\377\377\377\377' | dd of="$work/damaged.db" bs=1 seek=12288 conv=notrunc 2>/dev/null
cp "$work/damaged.db" "$work/damaged.before"
printf 'open fragile\nset size sme\n' | session --db "$work/damaged.db" >"$work/damaged.out" 2>&1
status=$?
[ $status -ne 0 ] || fail "a damaged store: a change was accepted (exit 0)"
grep -q 'damaged' "$work/damaged.out" || fail "a damaged store: no clear message: $(cat "$work/damaged.out")"
cmp -s "$work/damaged.db" "$work/damaged.before" || fail "a damaged store was written to"

# --- 7. output to a full disk ---------------------------------------------------------------
printf 'new full-disk\nset size large\n' | session >/dev/full 2>"$work/full.err"
status=$?
[ $status -eq 1 ] || fail "output to /dev/full: exit $status, expected 1"
grep -q 'cannot write the output' "$work/full.err" || fail "output to /dev/full: no message: $(cat "$work/full.err")"

[ $failures -eq 0 ] && echo "processes: all passed ($changes changes each from two writers at once; kill -9 after an acknowledged change; newer store refused; $same changes each from two writers on one deal; damaged store read-only; full disk)"
[ $failures -eq 0 ]
