#!/bin/sh
# A sweep split into shards run by GNU parallel (local jobs, or hosts with --sshlogin), then
# merged into one results database. Each shard is `xformer sweep --shard K/N` into its own
# file; `xformer db merge` folds them into OUT, which then holds exactly the points (and
# numbers) of the same sweep run in one process.
#
#   tools/cluster/sweep-parallel.sh [-n SHARDS] [-j THREADS] [-S SSHLOGIN] [-w DIR] OUT.db \
#       -- SWEEP-OPTIONS...
#
#   -n SHARDS    number of shards (default: the number of cores here)
#   -j THREADS   worker threads per shard (default 1: the shards are the parallelism)
#   -S SSHLOGIN  GNU parallel --sshlogin (e.g. 8/node1,8/node2, or .. for ~/.parallel/sshloginfile):
#                the shards run there; every host needs xformer in its PATH and must see DIR
#                and the sweep's files at the same paths (a shared file system, as on a cluster)
#   -w DIR       folder of the shard files (default: OUT's folder); it must not hold
#                shard files of another sweep
#   XFORMER      the program (default: xformer in PATH)
#
# Example: tools/cluster/sweep-parallel.sh -n 4 all.db -- --arch xformer,puma \
#              --model bert-base --seq 64..4096*2 --set pe.adc_bits=4..8+1
# Exit status: 0 when every shard finished and merged; else the failing step's (2 for bad
# options, as xformer's). A shard interrupted or failed can be run again by hand (the same
# command with --shard K/N resumes it); then merge again (merging twice adds nothing).
set -eu
xf=${XFORMER:-xformer}
# a relative program path would not hold on another host
case $xf in */*) xf=$(cd "$(dirname "$xf")" && pwd)/$(basename "$xf") ;; esac
shards=""
threads=1
sshlogin=""
work=""
usage() {
    echo "usage: $0 [-n SHARDS] [-j THREADS] [-S SSHLOGIN] [-w DIR] OUT.db -- SWEEP-OPTIONS..." >&2
    exit 2
}
while getopts n:j:S:w: o; do
    case $o in
    n) shards=$OPTARG ;;
    j) threads=$OPTARG ;;
    S) sshlogin=$OPTARG ;;
    w) work=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
out=$1
shift
[ "$1" = "--" ] || usage
shift
command -v parallel >/dev/null 2>&1 || {
    echo "$0: GNU parallel not found (Debian: apt-get install parallel)" >&2
    exit 1
}
[ -n "$shards" ] || shards=$(nproc 2>/dev/null || echo 2)
case $shards in '' | *[!0-9]* | 0)
    echo "$0: -n '$shards': expected a whole number of shards, 1 or more" >&2
    exit 2 ;;
esac
[ -n "$work" ] || work=$(dirname "$out")
[ -d "$work" ] || {
    echo "$0: -w '$work': not a folder" >&2
    exit 2
}
work=$(cd "$work" && pwd)
# the sweep's options are checked once, here, before any shard starts
"$xf" sweep --dry-run "$@" >/dev/null
remote=""
[ -z "$sshlogin" ] || remote="--sshlogin $sshlogin --workdir $PWD"
# -q: the sweep options reach xformer as given (brackets, spaces); --halt: stop on a failure
# shellcheck disable=SC2086
seq 1 "$shards" | parallel -q --halt now,fail=1 -j "$shards" $remote \
    "$xf" sweep --db "$work/shard-{}-of-$shards.db" --shard "{}/$shards" -j "$threads" --quiet "$@"
set --
for k in $(seq 1 "$shards"); do
    set -- "$@" "$work/shard-$k-of-$shards.db"
done
"$xf" db merge "$out" "$@"
