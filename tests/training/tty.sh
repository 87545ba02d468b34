#!/bin/sh
# tests/training/tty.sh DEALCOACH - `dealcoach train` in a real terminal,
# driven with tmux: the answer prompt, tab completion of the option keys and
# of deal/quit, Ctrl-C throwing the line away, and quit stopping the run
# (not recorded, exit 2). tmux is required (scripts/setup installs it).
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
socket_name=train-tty
. "$root/tests/tty/tmux.sh"
typed() {
    tries=0
    until [ "$(current | sed 's/ *$//')" = "$1" ]; do
        tries=$((tries + 1))
        if [ $tries -gt 50 ]; then
            fail "$2: the line reads '$(current)', expected '$1'"
            return 1
        fi
        sleep 0.1
    done
}

tmux_ new-session -d -x 160 -y 50 "cd '$root' && env HOME='$work' INPUTRC=/dev/null XDG_DATA_HOME='$work/xdg' \
    LANG=C.UTF-8 TZ=UTC '$bin' train --no-record --lang en training/inflated-pipeline.yaml; \
    echo \$? >'$work/exit'; sleep 60"
expect '^\[a, b, c, d\]>' "the answer prompt"
text "c"; keys Enter
expect '\+10 points: matches what the playbook concludes' "an answer judged"
expect '^\[a, b, c, d, e\]>' "the next step's prompt"
text "de"; keys Tab
typed "[a, b, c, d, e]> deal" "completion of deal"
keys Enter
expect '"claimed_stage": "negotiation"' "the deal shown"
text "zz"
typed "[a, b, c, d, e]> zz" "the line to throw away, on the screen before Ctrl-C"
keys C-c
text "e"; keys Enter
expect "the playbook's first move now" "after Ctrl-C the line was thrown away"
text "qu"; keys Tab Enter
expect "The run stopped before the end: it is not recorded." "quit"
tries=0
while [ ! -s "$work/exit" ] && [ $tries -lt 50 ]; do tries=$((tries + 1)); sleep 0.1; done
[ "$(cat "$work/exit" 2>/dev/null)" = 2 ] || fail "quit before the end: exit status '$(cat "$work/exit" 2>/dev/null)', expected 2"

[ $failures -eq 0 ] && echo "train tty: all passed"
[ $failures -eq 0 ]
