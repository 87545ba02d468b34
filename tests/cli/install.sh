#!/bin/sh
# tests/cli/install.sh BUILD_DIR - install into a temporary prefix, move the
# source tree's data out of sight, and check the installed program finds its
# own playbook, catalogs and patterns. Closes with "N passed, N failed".
set -u
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
passed=0
failed=0
check() {
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $*"; failed=$((failed + 1)); fi
}
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; echo "0 passed, 1 failed"; exit 1; }
bin="$prefix/bin/dealcoach"
check test -x "$bin"
check test -f "$prefix/share/dealcoach/rules/00-schema.clp"
check test -f "$prefix/share/dealcoach/messages/stages.zh.txt"
check test -d "$prefix/share/dealcoach/patterns"
check test -s "$prefix/share/dealcoach/patterns.cache"
check test -f "$prefix/share/dealcoach/import/default.map"
check test -f "$prefix/share/dealcoach/rules.image"
# Run from elsewhere, so nothing relative to the source tree can help.
cd "$prefix" || exit 1
out=$("$bin" advise --lang zh --today 2026-11-22 share/dealcoach/examples/acme-mes.json 2>&1)
check test $? -eq 0
case $out in *"意向阶段"*) passed=$((passed + 1)) ;; *) echo "FAIL: installed advice: $out" | head -3; failed=$((failed + 1)) ;; esac
# ... from the binary image installed beside the rules.
out=$(DEALCOACH_DEBUG=rules "$bin" advise --today 2026-11-22 share/dealcoach/examples/acme-mes.json 2>&1 >/dev/null)
case $out in *"came from the binary image $prefix/"*"share/dealcoach/rules.image") passed=$((passed + 1)) ;;
    *) echo "FAIL: installed image not used: $out" | head -3; failed=$((failed + 1)) ;; esac
# The installed program draws charts with its own chart module (lib/dealcoach).
out=$(LD_DEBUG=files "$bin" pipeline --today 2026-11-22 --html "$prefix/r.html" share/dealcoach/examples/*.json 2>&1 >/dev/null)
case $out in *"file=$prefix/"*"/dealcoach/charts.so "*) passed=$((passed + 1)) ;; *) echo "FAIL: installed chart module: $(echo "$out" | grep charts)" | head -3; failed=$((failed + 1)) ;; esac
check grep -q '<svg' "$prefix/r.html"
# The installed import finds its default map.
printf 'Deal Name,Deal Stage\nA,closedwon\n' >"$prefix/deals.csv"
out=$("$bin" import --db "$prefix/deals.db" --csv "$prefix/deals.csv" 2>&1)
case $out in *"1 new"*) passed=$((passed + 1)) ;; *) echo "FAIL: installed import: $out" | head -3; failed=$((failed + 1)) ;; esac
# The installed notes read with the installed model; a coach learns their
# own from the installed phrasings and theirs.
check test -s "$prefix/share/dealcoach/notes.model"
out=$("$bin" notes --where "老陈下个月就去集团报到了,以后没人给我们递消息" 2>&1)
case $out in *"$prefix/"*"share/dealcoach/notes.model (learned from example notes)"*) passed=$((passed + 1)) ;;
    *) echo "FAIL: installed model not used: $out" | head -3; failed=$((failed + 1)) ;; esac
printf '+ price-pushback\t客户嫌我们的报价贵得离谱\n' >"$prefix/mine.txt"
out=$("$bin" notes --learn "$prefix/mine.model" share/dealcoach/phrasings/learn.list "$prefix/mine.txt" 2>&1)
case $out in *"learned "*" examples of "*" signals into $prefix/mine.model"*) passed=$((passed + 1)) ;;
    *) echo "FAIL: installed learn: $out" | head -3; failed=$((failed + 1)) ;; esac
check test -s "$prefix/mine.model"
# A data directory chosen by the environment wins.
out=$(DEALCOACH_DATADIR=/nonexistent "$bin" advise share/dealcoach/examples/acme-mes.json 2>&1)
case $out in *"/nonexistent/rules"*) passed=$((passed + 1)) ;; *) echo "FAIL: DEALCOACH_DATADIR ignored: $out" | head -3; failed=$((failed + 1)) ;; esac
# The manual: man finds the installed pages (man-db is in scripts/setup).
check test -f "$prefix/share/man/man1/dealcoach.1"
check test -f "$prefix/share/man/man1/dealcoach-advise.1"
check test -f "$prefix/share/man/man5/dealcoach-deal.5"
check test -f "$prefix/share/man/man7/dealcoach-rules.7"
out=$(MANPATH="$prefix/share/man" MANWIDTH=80 man dealcoach 2>&1)
case $out in *"coach key-account"*) passed=$((passed + 1)) ;; *) echo "FAIL: man dealcoach: $out" | head -3; failed=$((failed + 1)) ;; esac
out=$(MANPATH="$prefix/share/man" MANWIDTH=80 man dealcoach-deal 2>&1)
case $out in *"claimed_stage"*) passed=$((passed + 1)) ;; *) echo "FAIL: man dealcoach-deal: $out" | head -3; failed=$((failed + 1)) ;; esac
# Shell completion where the shells find it: bash-completion loads it on
# demand from each of $XDG_DATA_DIRS (default /usr/local/share:/usr/share)
# and ~/.local/share; zsh from fpath.
check test -f "$prefix/share/bash-completion/completions/dealcoach"
check test -f "$prefix/share/zsh/site-functions/_dealcoach"
out=$(PATH="$prefix/bin:$PATH" HOME="$prefix" XDG_DATA_DIRS="$prefix/share:/usr/share" bash --norc --noprofile -c '
    . /usr/share/bash-completion/bash_completion
    __load_completion dealcoach
    COMP_WORDS=(dealcoach ad); COMP_CWORD=1; COMP_LINE="dealcoach ad"; COMP_POINT=12
    $(complete -p dealcoach | sed "s/.*-F \([^ ]*\) .*/\1/") dealcoach ad dealcoach
    echo "${COMPREPLY[*]}"' 2>&1)
check test "$out" = advise
out=$(zsh -f -c 'fpath=("$1/share/zsh/site-functions" $fpath); autoload -U compinit; compinit -u -d "$1/zcompdump"; print -r -- $_comps[dealcoach]' zsh "$prefix" 2>&1)
check test "$out" = _dealcoach
# The reference documents.
check test -f "$prefix/share/doc/dealcoach/priorities.md"
check test ! -e "$prefix/share/doc/dealcoach/man"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
