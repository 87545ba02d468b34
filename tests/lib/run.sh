#!/bin/sh
# tests/lib/run.sh BUILD_DIR CC [CFLAGS] - the library as another program
# uses it: install into a temporary prefix, build docs/examples/advise.c
# against the INSTALLED header and library through pkg-config, run it from
# elsewhere, and check the soname, the exported symbols and the headers.
# CFLAGS are the build's own (the sanitizer build passes its flags, since an
# instrumented library needs an instrumented program). Run from the source
# root. Closes with "N passed, N failed".
set -u
build=$1
cc=$2
cflags=${3:-}
src=$(pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
passed=0
failed=0
check() {
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $*"; failed=$((failed + 1)); fi
}
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; echo "0 passed, 1 failed"; exit 1; }
pc=$(find "$prefix" -name dealcoach.pc)
[ -n "$pc" ] || { echo "FAIL: no dealcoach.pc installed"; echo "0 passed, 1 failed"; exit 1; }
libdir=$(cd "$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=libdir dealcoach)" && pwd -P)
check test -f "$prefix/include/dealcoach/coach.h"
check test -f "$prefix/share/doc/dealcoach/examples/advise.c"
check test -L "$libdir/libdealcoach.so"
check test -L "$libdir/libdealcoach.so.0"
soname=$(readelf -d "$libdir/libdealcoach.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check test "$soname" = libdealcoach.so.0
# Only the dc_ API is exported: CLIPS and the rest stay inside.
others=$(nm -D --defined-only "$libdir/libdealcoach.so" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^dc_' | head -5)
check test -z "$others"
[ -z "$others" ] || echo "  exported besides dc_*: $others"

# Build the example with nothing of the source or build tree on the paths.
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
cp "$prefix/share/doc/dealcoach/examples/advise.c" "$work/"
cd "$work" || exit 1
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs dealcoach) ||
    { echo "FAIL: pkg-config dealcoach"; failed=$((failed + 1)); }
# shellcheck disable=SC2086
if $cc $cflags -Wall -Wextra -pedantic -std=c11 advise.c $flags -o advise 2>"$work/cc.log" && [ ! -s "$work/cc.log" ]; then
    passed=$((passed + 1))
else
    echo "FAIL: the example does not build cleanly against the installed files:"; sed 's/^/  | /' "$work/cc.log"
    failed=$((failed + 1))
fi
if [ -x advise ]; then
    check sh -c "LD_LIBRARY_PATH='$libdir' ldd ./advise | grep -q '$libdir/libdealcoach.so.0'"
    out=$(LD_LIBRARY_PATH=$libdir ./advise "$prefix/share/dealcoach/examples/acme-mes.json" 2>&1)
    case $out in *"Diagnosis:"*"intent"*) passed=$((passed + 1)) ;; *) echo "FAIL: the example's advice: $out" | head -5; failed=$((failed + 1)) ;; esac
    out=$(LD_LIBRARY_PATH=$libdir ./advise "$prefix/share/dealcoach/examples/acme-mes.json" zh 2>&1)
    case $out in *"意向阶段"*) passed=$((passed + 1)) ;; *) echo "FAIL: the example in Chinese: $out" | head -5; failed=$((failed + 1)) ;; esac
    printf '{"id": "x", "size": "huge"}' >bad.json
    out=$(LD_LIBRARY_PATH=$libdir ./advise bad.json 2>&1)
    status=$?
    case "$status:$out" in 2:*'size: unknown value "huge"'*) passed=$((passed + 1)) ;; *) echo "FAIL: the example on a bad deal ($status): $out"; failed=$((failed + 1)) ;; esac
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
