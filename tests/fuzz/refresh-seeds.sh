#!/bin/sh
# Refresh the cfg harness's seeds from the files they copy: every architecture, technology file
# and profile, and the bad-input configuration files, named by their path (a/b.cfg -> a-b.cfg).
# The model seeds (seed-*.cfg) are the harness's own and stay. Run from the repository root.
set -eu
out=tests/fuzz/cfg
find "$out" -name 'arch-*.cfg' -o -name 'techlib-*.cfg' -o -name 'tests-bad-*.cfg' |
    xargs rm -f
for f in arch/*.cfg $(find techlib tests/bad -name '*.cfg' | sort); do
    cp "$f" "$out/$(echo "$f" | tr / -)"
done
