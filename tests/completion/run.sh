#!/bin/sh
# tests/completion/run.sh DEALCOACH [BASH_FILE ZSH_FILE] - shell completion:
# bash driven as the shell would (COMP_WORDS, COMP_CWORD, COMP_LINE, then
# the function; COMPREPLY checked), zsh loaded by compinit and driven in a
# pseudo-terminal (zsh/zpty). By default the files of completion/; the
# install test passes the installed ones. Run from the source root. Closes
# with "N passed, N failed".
set -u
bin=$1
bash_file=${2:-completion/dealcoach.bash}
zsh_file=${3:-completion/_dealcoach}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
bindir=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
for f in /usr/share/bash-completion/bash_completion "$bash_file" "$zsh_file"; do
    [ -f "$f" ] || { echo "FAIL: $f is missing (scripts/setup installs bash-completion)"; exit 1; }
done
command -v zsh >/dev/null || { echo "FAIL: zsh is not installed (scripts/setup installs it)"; exit 1; }

# A store with two deals, for deal-id completion.
printf 'new acme ACME\nnew acorn Acorn Ltd\nnew zeta Zeta\n' |
    "$bin" --db "$tmp/deals.db" --lang en >/dev/null 2>&1

# bash_complete LINE: the completions bash offers at the end of LINE, one a line.
bash_complete() {
    PATH="$bindir:$PATH" HOME="$tmp" bash --norc --noprofile -c '
        . /usr/share/bash-completion/bash_completion
        . "$1"
        COMP_LINE=$2
        COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<<"$COMP_LINE"
        [ "${COMP_LINE% }" != "$COMP_LINE" ] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _dealcoach dealcoach "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"
    ' sh "$bash_file" "$1" 2>&1 | sort
}

# expect_bash LINE WORD...: bash offers exactly these words.
expect_bash() {
    line=$1
    shift
    got=$(bash_complete "$line" | tr '\n' ' ' | sed 's/ $//')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//')
    if [ "$got" = "$want" ]; then passed=$((passed + 1))
    else echo "FAIL bash '$line': offered '$got', expected '$want'"; failed=$((failed + 1)); fi
}
# expect_bash_has LINE WORD...: bash offers at least these words.
expect_bash_has() {
    line=$1
    shift
    got=$(bash_complete "$line")
    for w in "$@"; do
        if ! printf '%s\n' "$got" | grep -qxF -- "$w"; then
            echo "FAIL bash '$line': '$w' not offered (got: $(echo $got))"
            failed=$((failed + 1))
            return
        fi
    done
    passed=$((passed + 1))
}

expect_bash "dealcoach ad" advise
expect_bash_has "dealcoach " advise test notes session version
"$bin" complete subcommands >"$tmp/subs"
expect_bash_has "dealcoach " $(cat "$tmp/subs")
expect_bash "dealcoach advise --js" --json --jsonl
expect_bash "dealcoach advise --lang " en zh
expect_bash "dealcoach --lang z" zh
expect_bash "dealcoach advise --lang en --pr" --pretty
expect_bash "dealcoach test --la" --lang
expect_bash "dealcoach notes --pat" --patterns
expect_bash "dealcoach --d" --db
expect_bash "dealcoach advise examples/acme" examples/acme-mes.json
expect_bash "dealcoach test tests/cli/data/fail" tests/cli/data/failing.test
expect_bash "dealcoach advise --rules tests/cli/data/coach-e" tests/cli/data/coach-extra.clp
expect_bash "dealcoach advise --rules tests/cli/data/failing"
expect_bash "dealcoach advise --db $tmp/deals.db ac" acme acorn
expect_bash "dealcoach advise --db $tmp/deals.db z" zeta
expect_bash "dealcoach why-not examples/acme-mes.json stage-inf" stage-inflated
expect_bash "dealcoach why-not --lang en examples/acme-mes.json meet-decision" meet-decision-maker
expect_bash "dealcoach why-not --rules tests/cli/data/coach-extra.clp examples/acme-mes.json condition-ex" condition-exchange
expect_bash "dealcoach why-not examples/acme" examples/acme-mes.json
expect_bash "dealcoach pipeline --sort w" weighted win
expect_bash "dealcoach pipeline --sort " amount close customer days id stage weighted win
expect_bash "dealcoach pipeline --stage neg" negotiation
expect_bash "dealcoach pipeline --owner "
expect_bash "dealcoach pipeline --sort amount --at" --at-risk

# zsh: compinit finds the function for dealcoach ...
out=$(zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -d "$2/zcompdump"; print -r -- $_comps[dealcoach]' \
      zsh "$(dirname "$zsh_file")" "$tmp" 2>&1)
if [ "$out" = _dealcoach ]; then passed=$((passed + 1))
else echo "FAIL zsh: compinit does not know dealcoach: $out"; failed=$((failed + 1)); fi

# ... and completes in a terminal: type a line, press Tab, read the screen.
cat >"$tmp/drive.zsh" <<'ZSH'
# drive.zsh FPATH_DIR DUMP TYPED WANT: an interactive zsh in a pseudo-terminal,
# with compinit; prints what the terminal shows after TYPED and a Tab, once
# it shows WANT or after 15 seconds (the machine may be busy).
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -d ${(q)2}; print RE''ADY"
zpty -r z out '*READY*'
zpty -w -n z "$3"$'\t'
all=
end=$((SECONDS + 15))
while (( SECONDS < end )) && [[ $all != *"$4"* ]]; do
  if zpty -r -t z out; then all+=$out; else sleep 0.1; fi
done
zpty -d z
print -r -- "$all"
ZSH
zsh_complete() {
    PATH="$bindir:$PATH" HOME="$tmp" zsh -f "$tmp/drive.zsh" "$(cd "$(dirname "$zsh_file")" && pwd)" "$tmp/zcompdump2" "$1" "$2" 2>&1 |
        sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r\b'
}
# expect_zsh TYPED COMPLETED: after Tab the line reads COMPLETED.
expect_zsh() {
    out=$(zsh_complete "$1" "${2% }")
    if printf '%s' "$out" | grep -qF -- "$2"; then passed=$((passed + 1))
    else echo "FAIL zsh '$1': the line does not read '$2':"; printf '%s\n' "$out" | tail -c 300 | cat -v | sed 's/^/  | /'; failed=$((failed + 1)); fi
}
expect_zsh "dealcoach adv" "dealcoach advise "
expect_zsh "dealcoach advise --pre" "dealcoach advise --pretty "
expect_zsh "dealcoach advise --lang z" "dealcoach advise --lang zh "
expect_zsh "dealcoach advise examples/acme-" "dealcoach advise examples/acme-mes.json "
expect_zsh "dealcoach why-not examples/acme-mes.json stage-infl" "dealcoach why-not examples/acme-mes.json stage-inflated "
expect_zsh "dealcoach pipeline --sort cu" "dealcoach pipeline --sort customer "

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
