#!/bin/sh
# Rebuilds the damaged-database fixtures of tests/bad/cases-db.txt (committed; run by hand
# after a schema change): sh tests/bad/db/make-damaged.sh ./build/xformer
# good.db is a 2-run sweep (16 KB pages); each other file is a copy with one defect.
set -eu
x=${1:-./build/xformer}
d=tests/bad/db
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$x" sweep --db "$t/g.db" --arch xformer --model bert-base --seq 64,128 --quiet
# the fixtures are committed: no path of the machine that made them (configs.source is the
# architecture file as it was read, an absolute path)
sqlite3 "$t/g.db" "UPDATE configs SET source = 'arch/' || arch || '.cfg'"
if sqlite3 "$t/g.db" .dump | grep -q -F "$(pwd)"; then
    echo "make-damaged.sh: $(pwd) is still in the database" >&2
    exit 1
fi
sqlite3 "$t/g.db" "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;" >/dev/null
cp "$t/g.db" "$d/truncated.db" && truncate -s 20000 "$d/truncated.db"          # cut mid-page 2
cp "$t/g.db" "$d/zeroed-page.db"                                               # page 3 all zeros
dd if=/dev/zero of="$d/zeroed-page.db" bs=16384 seek=2 count=1 conv=notrunc 2>/dev/null
cp "$t/g.db" "$d/no-layers.db" && sqlite3 "$d/no-layers.db" "DROP TABLE layer_results"
cp "$t/g.db" "$d/no-runs.db" && sqlite3 "$d/no-runs.db" "PRAGMA foreign_keys=OFF; DROP VIEW IF EXISTS sweep_runs; DROP VIEW IF EXISTS run_params; DROP TABLE runs"
rm -f "$d/foreign-v4.db" && sqlite3 "$d/foreign-v4.db" "PRAGMA user_version = 4; CREATE TABLE t(x)"
head -c 16384 "$t/g.db" > "$d/header-only.db"                                  # page 1 only
