# tests/cli/expect.sh - sourced by the CLI test scripts. They set $tmp (a
# scratch directory) and passed=0 failed=0 first.

# expect NAME CODE PATTERN -- COMMAND...: COMMAND exits CODE and its
# stdout+stderr contain PATTERN (a grep -F string; "" for anything).
expect() {
    name=$1 code=$2 pattern=$3
    shift 4
    "$@" >"$tmp/out" 2>&1 </dev/null
    got=$?
    if [ "$got" -ne "$code" ]; then
        echo "FAIL $name: exit $got, expected $code"; sed 's/^/  | /' "$tmp/out" | head -8
        failed=$((failed + 1))
    elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/out"; then
        echo "FAIL $name: output lacks '$pattern'"; sed 's/^/  | /' "$tmp/out" | head -8
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}
