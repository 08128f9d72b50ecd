#!/bin/sh
# Cluster recipes (tools/cluster/): a sweep split into 4 shards run by GNU parallel, merged, holds
# exactly the points of the same sweep run in one process, with identical numbers; the same for
# the Slurm job-array script, its tasks run here one after the other with the variables Slurm
# sets (SLURM_ARRAY_TASK_ID 1..4, SLURM_ARRAY_TASK_COUNT 4). Skipped, saying so, where GNU
# parallel is missing (.ci/deps installs it). Run by make test.
set -eu
bin=$(cd "$(dirname "${1:-./build/xformer}")" && pwd)/$(basename "${1:-./build/xformer}")
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "cluster: $*" >&2
    exit 1
}
# 2 architectures x 2 models x 5 lengths x 5 ADC resolutions = 100 points
set -- --arch xformer,puma --model bert-base,bert-large --seq 64..1024*2 --set 'pe.adc_bits=4..8+1'
"$bin" sweep --db "$tmp/single.db" --quiet "$@"
# what a run is and what it measured; not its id, sweep id or time of storing
q="SELECT point_hash, config_hash, point_idx, arch, model, seq, batch, phase, context, params,
          latency_s, energy_j, area_mm2, power_w, tops, tops_per_w, edp_js, nvm_writes
   FROM runs ORDER BY point_hash"
sqlite3 "$tmp/single.db" "$q" >"$tmp/single.txt"
[ "$(wc -l <"$tmp/single.txt")" -eq 100 ] || fail "the single-process sweep stored $(wc -l <"$tmp/single.txt") points; expected 100"
same() { # $1: merged database, $2: what made it
    sqlite3 "$1" "$q" >"$tmp/merged.txt"
    cmp -s "$tmp/single.txt" "$tmp/merged.txt" || {
        diff "$tmp/single.txt" "$tmp/merged.txt" | head -5 >&2
        fail "$2: the merged database differs from the single-process sweep"
    }
    [ "$(sqlite3 "$1" "SELECT count(*) || ' ' || status || ' ' || points_done FROM sweeps")" = "1 done 100" ] ||
        fail "$2: the merged database does not hold one done sweep of 100 points"
}
# Slurm: each array task as Slurm starts it
mkdir "$tmp/slurm"
for k in 1 2 3 4; do
    SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=4 SLURM_CPUS_PER_TASK=1 XFORMER="$bin" \
        sh "$here/tools/cluster/sweep-array.sbatch" "$tmp/slurm" "$@"
done
"$bin" db merge "$tmp/slurm.db" "$tmp"/slurm/shard-*-of-4.db >/dev/null
same "$tmp/slurm.db" "the Slurm array"
if ! command -v parallel >/dev/null 2>&1; then
    echo "cluster: the Slurm array merges to the single-process sweep; GNU parallel test skipped: parallel not installed (apt-get install parallel)"
    exit 0
fi
mkdir "$tmp/par"
XFORMER="$bin" sh "$here/tools/cluster/sweep-parallel.sh" -n 4 -w "$tmp/par" "$tmp/par.db" -- "$@" >"$tmp/par.log" 2>&1 || {
    cat "$tmp/par.log" >&2
    fail "sweep-parallel.sh failed"
}
same "$tmp/par.db" "GNU parallel, 4 shards"
for k in 1 2 3 4; do
    [ -s "$tmp/par/shard-$k-of-4.db" ] || fail "GNU parallel: shard $k left no database"
done
# a bad sweep option stops before any shard runs
if XFORMER="$bin" sh "$here/tools/cluster/sweep-parallel.sh" -n 4 -w "$tmp/par" "$tmp/bad.db" -- --arch nosuch --model bert-base --seq 64 2>/dev/null; then
    fail "sweep-parallel.sh accepted --arch nosuch"
fi
[ ! -e "$tmp/bad.db" ] || fail "sweep-parallel.sh wrote a database for a bad sweep"
echo "cluster: 100 points in 4 shards, GNU parallel and a Slurm array, merged: identical to one process"
