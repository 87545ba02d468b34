#!/bin/sh
# tests/sessions/processes.sh DEALCOACH - sessions as processes on one store:
#   1. two sessions at once, each writing its own deal, lose nothing;
#   2. a session killed (SIGKILL) right after a change was acknowledged
#      keeps the change;
#   3. a store written by a newer dealcoach is refused (exit 1, says why);
#   4. a scripted session never writes the readline history.
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
grep -q '^  size: large$' "$work/after.out" || fail "the acknowledged size was lost: $(cat "$work/after.out")"
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

[ $failures -eq 0 ] && echo "processes: all passed ($changes changes each from two writers at once; kill -9 after an acknowledged change; newer store refused)"
[ $failures -eq 0 ]
