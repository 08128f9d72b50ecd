#!/bin/sh
# Bad-input corpus runner. Each non-comment line of tests/bad/cases*.txt (or of the file given
# as the second argument) is
#     EXIT <TAB> FRAGMENT <TAB> ARGS
# ARGS are the xformer arguments (shell words, paths relative to the repository root).
# A case passes when xformer exits with EXIT, prints exactly one line on stderr containing
# FRAGMENT, and prints nothing on stdout.
set -u
bin=${1:-./build/xformer}
cases=${2:-}
pass=0
fail=0
tab=$(printf '\t')
out=$(mktemp)
errf=$(mktemp)
trap 'rm -f "$out" "$errf"' EXIT
run_file() {
while IFS="$tab" read -r want frag args; do
    case "$want" in '' | '#'*) continue ;; esac
    eval "set -- $args"
    "$bin" "$@" >"$out" 2>"$errf" </dev/null
    got=$?
    lines=$(wc -l <"$errf")
    why=""
    [ "$got" = "$want" ] || why="exit $got, expected $want"
    grep -qF -- "$frag" "$errf" || why="${why:+$why; }stderr lacks '$frag'"
    [ "$lines" -eq 1 ] || why="${why:+$why; }stderr has $lines lines"
    [ -s "$out" ] && why="${why:+$why; }stdout not empty"
    if [ -z "$why" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: xformer $args: $why" >&2
        sed 's/^/    stderr: /' "$errf" | head -3 >&2
    fi
done <"$1"
}
if [ -n "$cases" ]; then
    run_file "$cases"
else
    for f in tests/bad/cases*.txt; do run_file "$f"; done
fi
echo "bad-input: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
