#!/bin/sh
# tests/docs/ids.sh GEN_IDS_DOC - docs/ids.md is exactly what the generator
# prints for the playbook as it is now, and every id has its texts in
# English and Chinese. Run from the source root.
set -u
gen=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$gen" >"$out"; then
    echo "FAIL: an id has no text in a language (named above)"
    echo "0 passed, 1 failed"
    exit 1
fi
if ! diff -u docs/ids.md "$out"; then
    echo "FAIL: docs/ids.md is out of date: run build/gen_ids_doc > docs/ids.md"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
