# tests/tty/tmux.sh - sourced by the terminal tests: a private tmux server
# (socket dealcoach-NAME-PID), a scratch directory $work removed at exit,
# fail/failures, and helpers to read the screen and type. Set $socket_name
# before sourcing. tmux is required (scripts/setup installs it).
if ! command -v tmux >/dev/null 2>&1; then
    echo "FAIL: tmux is not installed (scripts/setup installs it)"
    exit 1
fi
work=$(mktemp -d)
socket="dealcoach-$socket_name-$$"
tmux_() { tmux -L "$socket" -f /dev/null "$@"; }
cleanup() {
    tmux_ kill-server 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
screen() { tmux_ capture-pane -p -S - -t 0; }
# The line the cursor is on (what is being typed), and the cursor's column.
current() {
    y=$(tmux_ display-message -p -t 0 '#{cursor_y}')
    tmux_ capture-pane -p -t 0 -S "$y" -E "$y"
}
column() { tmux_ display-message -p -t 0 '#{cursor_x}'; }
keys() { tmux_ send-keys -t 0 "$@"; }
text() { tmux_ send-keys -t 0 -l "$1"; }
# Wait until the screen shows a line matching the pattern (grep -E).
expect() {
    tries=0
    until screen | grep -Eq -- "$1"; do
        tries=$((tries + 1))
        if [ $tries -gt 50 ]; then
            fail "$2: no line matching '$1' on the screen:"
            screen | grep -v '^$' | tail -n 8 | sed 's/^/    | /'
            return 1
        fi
        sleep 0.1
    done
}
