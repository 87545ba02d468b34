#!/bin/sh
# tests/tty/run.sh DEALCOACH - the session in a real terminal, driven with
# tmux: tab completion (commands, fields, ids, names, KEY=, import options),
# a CSV export imported, Ctrl-C
# cancelling the line (not the program), Chinese input, Ctrl-D leaving,
# and the readline history kept in $XDG_DATA_HOME/dealcoach/history.
# tmux is required (scripts/setup installs it): without it the test fails.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
socket_name=tty
. "$(dirname "$0")/tmux.sh"

command="env HOME='$work' INPUTRC=/dev/null XDG_DATA_HOME='$work/xdg' DEALCOACH_DB='$work/deals.db' \
    LANG=C.UTF-8 TZ=UTC '$bin' --lang en --today 2026-11-22; echo \$? >'$work/exit'; sleep 60"
start() {
    rm -f "$work/exit"
    tmux_ new-session -d -x 160 -y 50 "$command"
}
restart() { # the same terminal, cleared, a new session
    rm -f "$work/exit"
    tmux_ respawn-pane -k -t 0 "printf '\\033[H\\033[2J'; $command"
    tmux_ clear-history -t 0
}
# Wait until the line being typed is exactly this. A trailing space (what
# completion adds after a whole word) is seen as the cursor's column.
typed() {
    tries=0
    want=$(printf '%s' "$1" | sed 's/ *$//')
    case "$1" in
    *" ") at=${#1} ;;
    *) at="" ;;
    esac
    until [ "$(current)" = "$want" ] && { [ -z "$at" ] || [ "$(column)" = "$at" ]; }; do
        tries=$((tries + 1))
        if [ $tries -gt 30 ]; then
            fail "$2: the line reads '$(current)' (cursor at $(column)), expected '$1'"
            return 1
        fi
        sleep 0.1
    done
}

start
expect 'Type help' "banner"

# Completion of a command, then of field paths and their ids.
text "ne"; keys Tab
typed "dealcoach> new " "command completion"
text "acme ACME Steel"; keys Enter
expect '^saved: created' "new"
text "set siz"; keys Tab
typed "dealcoach acme> set size " "field path completion"
text "la"; keys Tab
typed "dealcoach acme> set size large " "value completion from the schema"
keys Enter
expect '^saved: size = large' "set size"
text "tick initial-c"; keys Tab
typed "dealcoach acme> tick initial-contact " "criterion completion"
keys Enter
expect '^saved: criteria \+ initial-contact' "tick"
text "set claimed_stage neg"; keys Tab
typed "dealcoach acme> set claimed_stage negotiation " "stage completion"
keys Enter
expect '^saved: claimed_stage = negotiation' "set claimed_stage"

# KEY= and role completion, then a name with a space.
text 'person add "Zhang Wei" rol'; keys Tab
typed 'dealcoach acme> person add "Zhang Wei" roles=' "attribute completion"
text "decision-m"; keys Tab
typed 'dealcoach acme> person add "Zhang Wei" roles=decision-maker ' "role completion"
text "att"; keys Tab
text "supp"; keys Tab
typed 'dealcoach acme> person add "Zhang Wei" roles=decision-maker attitude=supporter ' "attitude completion"
keys Enter
expect '^saved: people \+ "Zhang Wei" roles=decision-maker attitude=supporter' "person add"
text "person set Zh"; keys Tab
typed 'dealcoach acme> person set "Zhang Wei" ' "name completion"
text "met=y"; keys Tab Enter
expect '^saved: people "Zhang Wei": met = yes' "person set"
text "signal add price-p"; keys Tab Enter
expect '^saved: signals \+ price-pushback' "signal completion"

# Ctrl-C throws the line away; the session goes on.
text "set size sme"
typed "dealcoach acme> set size sme" "the line to cancel, on the screen before Ctrl-C"
keys C-c
expect 'set size sme\^C$' "Ctrl-C"
typed "dealcoach acme>" "a fresh prompt after Ctrl-C"
text "show"; keys Enter
expect '^  size: large — large enterprise$' "the cancelled line changed nothing"

# Chinese input, and the history recalled with Up.
text "note 客户说价格太高了"; keys Enter
expect 'recognised: price-pushback' "a Chinese note"
keys Up
typed "dealcoach acme> note 客户说价格太高了" "Up recalls the last line"
keys C-c
typed "dealcoach acme>" "a fresh prompt after Ctrl-C" # else "open " may land on the old line
text "open "; keys Tab
typed "dealcoach acme> open acme " "deal id completion"
keys Enter
expect '^opened acme' "open"

# A CRM export imported in the terminal; --d completes to --dry-run.
printf 'Deal Name,Amount\nTty plant,1000\n' >"$work/crm.csv"
text "import $work/crm.csv --d"; keys Tab
typed "dealcoach acme> import $work/crm.csv --dry-run " "import option completion"
keys Enter
expect '^Dry run: nothing was saved' "import --dry-run in the terminal"
text "import $work/crm.csv"; keys Enter
expect '^`list` shows the deals' "a CSV export imported in the terminal"
text "list"; keys Enter
expect '^  tty-plant  Tty plant' "the imported deal listed"

# In Chinese, an id completes from its label, and the label is taken for it.
text "lang zh"; keys Enter
expect '^语言:中文' "lang zh"
text "set claimed_stage 意向"; keys Tab
typed "dealcoach acme> set claimed_stage 意向阶段" "a Chinese label completes"
keys Enter
expect '^已保存:.*= *意向阶段' "a label taken for its id"
text 'person set "Zhang Wei" attitude=反'; keys Tab
typed 'dealcoach acme> person set "Zhang Wei" attitude=反对者' "a label completes after KEY="
keys Enter
expect '^已保存:.*态度=反对者' "attitude=反对者 is opponent"
text "lang en"; keys Enter
expect '^Language: English' "lang en"
text "show"; keys Enter
expect 'attitude=opponent' "stored as the id"

# Ctrl-D leaves; every command succeeded.
keys C-d
tries=0
while [ ! -s "$work/exit" ] && [ $tries -lt 50 ]; do tries=$((tries + 1)); sleep 0.1; done
[ "$(cat "$work/exit" 2>/dev/null)" = 0 ] || fail "Ctrl-D: exit status '$(cat "$work/exit" 2>/dev/null)', expected 0"
history="$work/xdg/dealcoach/history"
if [ -f "$history" ]; then
    grep -qx 'set size large' "$history" || fail "the history file lacks 'set size large'"
    grep -q 'set size sme' "$history" && fail "the cancelled line went into the history"
else
    fail "no history file at $history"
fi

# A new session recalls the previous one's lines.
restart
expect 'Type help' "second banner"
keys Up
typed "dealcoach> show" "history kept between sessions"
keys C-c

# A mistyped command is reported; leaving with quit is still a success on a
# terminal (in a script the status would be 2).
text "frobnicate"; keys Enter
expect "unknown command 'frobnicate'" "a mistyped command"
text "quit"; keys Enter
tries=0
while [ ! -s "$work/exit" ] && [ $tries -lt 50 ]; do tries=$((tries + 1)); sleep 0.1; done
[ "$(cat "$work/exit" 2>/dev/null)" = 0 ] || fail "quit after a failed command: exit status '$(cat "$work/exit" 2>/dev/null)', expected 0"

[ $failures -eq 0 ] && echo "tty: all passed"
[ $failures -eq 0 ]
