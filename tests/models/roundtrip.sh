#!/bin/sh
# Every zoo model written by `xformer models show NAME --format cfg` and read back as a model
# file gives output identical to the zoo entry's: `xformer workload` (per-layer counts) and
# `xformer eval` (X-Former, every number), both as CSV. Run by make test.
set -eu
bin=${1:-./build/xformer}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for m in $("$bin" models --format csv | tail -n +2 | cut -d, -f1); do
    "$bin" models show "$m" --format cfg >"$tmp/m.cfg"
    seq=128
    "$bin" models --format csv | grep -q "^$m,vision," && seq=197
    for cmd in "workload --format csv" "eval --arch xformer --format csv --no-db"; do
        # shellcheck disable=SC2086
        "$bin" $cmd --model "$m" --seq $seq >"$tmp/zoo" 2>&1 || true
        # shellcheck disable=SC2086
        "$bin" $cmd --model "$tmp/m.cfg" --seq $seq >"$tmp/file" 2>&1 || true
        if [ "$(wc -l <"$tmp/zoo")" -lt 2 ] || grep -q '^xformer:' "$tmp/zoo"; then
            echo "models round trip: $m: '$cmd' gave no result:" >&2
            head -3 "$tmp/zoo" >&2
            exit 1
        fi
        if ! cmp -s "$tmp/zoo" "$tmp/file"; then
            echo "models round trip: $m: '$cmd' differs between the zoo and its model file:" >&2
            diff "$tmp/zoo" "$tmp/file" | head -5 >&2
            exit 1
        fi
    done
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "models round trip: no zoo model listed" >&2; exit 1; }
echo "models round trip: $n zoo models, workload and eval identical through models show --format cfg"
