#!/bin/sh
# make check-valgrind: the CLI's commands under valgrind memcheck; every run must exit as
# expected with zero memcheck errors and no definite or indirect leaks. Each non-comment line
# of tests/valgrind/commands.txt is   EXIT <TAB> ARGS   (ARGS: shell words, from the repo root;
# $TMP is a scratch directory).
set -u
bin=${1:-./build/xformer}
list=${2:-tests/valgrind/commands.txt}
command -v valgrind >/dev/null 2>&1 || { echo "check-valgrind: valgrind not installed" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TMP
vg="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes
    --suppressions=tests/valgrind/libconfig.supp"
tab=$(printf '\t')
pass=0
fail=0
while IFS="$tab" read -r want args; do
    case "$want" in '' | '#'*) continue ;; esac
    eval "set -- $args"
    # shellcheck disable=SC2086
    $vg --log-file="$TMP/vg.log" "$bin" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    got=$?
    if [ "$got" = "$want" ] && [ ! -s "$TMP/vg.log" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: xformer $args: exit $got, expected $want" >&2
        sed 's/^/    stderr: /' "$TMP/err" | head -3 >&2
        sed 's/^/    valgrind: /' "$TMP/vg.log" | head -60 >&2
    fi
done <"$list"
echo "check-valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
