#!/bin/sh
# Bad-input corpus runner. Each non-comment line of tests/bad/cases*.txt (or of the file given
# as the second argument) is
#     EXIT <TAB> FRAGMENT <TAB> ARGS
# ARGS are the xformer arguments (shell words, paths relative to the repository root).
# A case passes when xformer exits with EXIT, prints exactly one line on stderr containing
# FRAGMENT, prints nothing on stdout, and (README "Reliability") fails within the cost limits:
# at most XF_BAD_MAX_S seconds of wall time (default 0.5) and XF_BAD_MAX_KB KB of peak memory
# (maximum resident set, default 65536 = 64 MB), measured with /usr/bin/time (Debian package
# `time`). The limits are not checked under sanitizers (ASAN_OPTIONS set: their shadow memory
# alone exceeds 64 MB) or with XF_BAD_LIMITS=0. Every case also runs under `timeout 10`, so a
# command that blocks (a FIFO read) fails instead of hanging the suite.
#
# Setup for the cases: $XF_BAD_TMP is a fresh temporary directory holding
#     fifo      a FIFO (mkfifo; nothing ever writes it)
#     big.cfg   a libconfig file just over XF_CFG_MAX_BYTES (1 MiB + 1 byte of comments)
#     keys.cfg  60,000 keys in one group (over XF_CFG_MAX_KEYS; libconfig took 40 s on it)
#     vals.cfg  an array of 200,000 values (over XF_CFG_MAX_VALUES)
# removed on exit. Cases name them as "$XF_BAD_TMP/fifo".
set -u
bin=${1:-./build/xformer}
cases=${2:-}
pass=0
fail=0
tab=$(printf '\t')
out=$(mktemp)
errf=$(mktemp)
tim=$(mktemp)
XF_BAD_TMP=$(mktemp -d)
export XF_BAD_TMP
trap 'rm -f "$out" "$errf" "$tim"; rm -rf "$XF_BAD_TMP"' EXIT
trap 'exit 130' INT TERM
mkfifo "$XF_BAD_TMP/fifo"
# 1 MiB + 1 byte: 16384 lines of 63 characters and a newline, then one more byte
awk 'BEGIN { l = sprintf("#%062d", 0); for (i = 0; i < 16384; i++) print l; printf "\n" }' \
    >"$XF_BAD_TMP/big.cfg"
awk 'BEGIN { printf "a = {"; for (i = 0; i < 60000; i++) printf "k%d=1;", i; print "};" }' \
    >"$XF_BAD_TMP/keys.cfg"
awk 'BEGIN { printf "a = [1"; for (i = 1; i < 200000; i++) printf ",1"; print "];" }' \
    >"$XF_BAD_TMP/vals.cfg"
max_s=${XF_BAD_MAX_S:-0.5}
max_kb=${XF_BAD_MAX_KB:-65536}
limits=${XF_BAD_LIMITS:-1}
[ -n "${ASAN_OPTIONS:-}" ] && limits=0
timer=""
if [ "$limits" = 1 ]; then
    if [ -x /usr/bin/time ]; then
        timer=/usr/bin/time
    else
        echo "bad-input: /usr/bin/time missing (Debian package time, sh .ci/deps installs it)" >&2
        exit 1
    fi
fi
slow_s=0
slow_args=""
big_kb=0
big_args=""
run_file() {
while IFS="$tab" read -r want frag args; do
    case "$want" in '' | '#'*) continue ;; esac
    eval "set -- $args"
    if [ -n "$timer" ]; then
        timeout 10 "$timer" -o "$tim" -f '%e %M' "$bin" "$@" >"$out" 2>"$errf" </dev/null
    else
        timeout 10 "$bin" "$@" >"$out" 2>"$errf" </dev/null
    fi
    got=$?
    lines=$(wc -l <"$errf")
    why=""
    [ "$got" = 124 ] && why="timed out after 10 s (blocked?)"
    [ "$got" = "$want" ] || why="${why:+$why; }exit $got, expected $want"
    grep -qF -- "$frag" "$errf" || why="${why:+$why; }stderr lacks '$frag'"
    [ "$lines" -eq 1 ] || why="${why:+$why; }stderr has $lines lines"
    [ -s "$out" ] && why="${why:+$why; }stdout not empty"
    if [ -n "$timer" ] && [ "$got" != 124 ]; then
        # time's output: "Command exited with non-zero status N" then "SECONDS KB"
        set -- $(tail -n 1 "$tim")
        s=${1:-99}
        kb=${2:-999999999}
        if awk -v s="$s" -v m="$max_s" 'BEGIN { exit !(s > m) }'; then
            why="${why:+$why; }took $s s, limit $max_s s"
        fi
        [ "$kb" -gt "$max_kb" ] && why="${why:+$why; }peak memory $kb KB, limit $max_kb KB"
        if awk -v s="$s" -v m="$slow_s" 'BEGIN { exit !(s > m) }'; then
            slow_s=$s
            slow_args=$args
        fi
        if [ "$kb" -gt "$big_kb" ]; then
            big_kb=$kb
            big_args=$args
        fi
    fi
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
if [ -n "$timer" ]; then
    echo "bad-input: slowest case $slow_s s (limit $max_s s): xformer $slow_args"
    echo "bad-input: largest case $big_kb KB (limit $max_kb KB): xformer $big_args"
else
    echo "bad-input: time and memory limits not checked (sanitizers or XF_BAD_LIMITS=0)"
fi
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
