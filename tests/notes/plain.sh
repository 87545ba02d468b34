#!/bin/sh
# tests/notes/plain.sh DEALCOACH FILE... - the notes' optimisations change
# no result: the phrasing tables of `notes --test FILE...` and the signals
# and words of every phrasing (`notes --file`) are the same with every
# optimisation off (DEALCOACH_PLAIN=all, kb/plain.h) and with each of the
# notes' own off alone. Run from the source root.
set -u
bin=$1
shift
NOTES_OPTIMISATIONS="lazy-opencc lazy-jit lazy-concepts pattern-cache literal-prefilter t2s-table pattern-state scan-memo concept-prefilter"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -h '^[+-]' "$@" | cut -f2 >"$work/texts"

run() { # OUT PLAIN FILE...
    out=$1 plain=$2
    shift 2
    { DEALCOACH_PLAIN=$plain "$bin" notes --test "$@"
      DEALCOACH_PLAIN=$plain "$bin" notes --file "$work/texts"; } >"$out" 2>&1
}
run "$work/fast" "" "$@"
[ -s "$work/fast" ] || { echo "FAIL: no output"; exit 1; }
status=0
for plain in all $NOTES_OPTIMISATIONS; do
    run "$work/plain" "$plain" "$@"
    if ! cmp -s "$work/fast" "$work/plain"; then
        echo "FAIL: with DEALCOACH_PLAIN=$plain the notes read differently:"
        diff "$work/plain" "$work/fast" | head -20
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "identical: $(wc -l <"$work/texts") phrasings, plain: all $NOTES_OPTIMISATIONS"
exit "$status"
