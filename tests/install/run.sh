#!/bin/sh
# The install round trip (issue 18), run by make test: make install into a prefix that already
# holds a file of someone else's; the example program (examples/eval.c) built against the
# installed library with pkg-config prints the same latency as the installed `xformer eval`
# for the same point; the man pages and completions are there; make uninstall leaves the
# prefix exactly as it was (the same paths, the other file kept).
set -eu
make=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
mkdir -p "$prefix/bin"
echo keep >"$prefix/bin/someone-elses"
(cd "$prefix" && find . | sort) >"$tmp/before"
fail() {
    echo "install-test: $*" >&2
    exit 1
}
"$make" -s install PREFIX="$prefix" >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log" >&2
    fail "make install failed"
}
for f in bin/xformer lib/libxformer.a lib/libxformer.so lib/pkgconfig/xformer.pc \
    include/xf/eval.h include/xf/arch.h share/xformer/techlib/cmos/32nm.cfg \
    share/xformer/arch/xformer.cfg share/man/man1/xformer.1 share/man/man1/xformer-eval.1 \
    share/bash-completion/completions/xformer share/zsh/site-functions/_xformer; do
    [ -e "$prefix/$f" ] || fail "$f was not installed"
done
grep -q '^\.TH' "$prefix/share/man/man1/xformer.1" || fail "xformer.1 is not a man page"
if command -v man >/dev/null 2>&1; then
    MANPATH="$prefix/share/man" man xformer-eval 2>/dev/null | grep -q -- "--arch" ||
        fail "man xformer-eval does not show --arch (MANPATH=$prefix/share/man)"
fi
# the installed completion asks the installed binary: names from the installed arch/
names=$(env -u XFORMER_TECHLIB bash -c '. "$1"; COMP_WORDS=("$2" eval --arch xformer-n); COMP_CWORD=3
    _xformer; printf "%s\n" "${COMPREPLY[@]}"' sh "$prefix/share/bash-completion/completions/xformer" \
    "$prefix/bin/xformer")
[ "$names" = "xformer-nosb" ] || fail "installed bash completion of --arch xformer-n: '$names'"
# the example program, built with the installed library's pkg-config file
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
techlib=$(pkg-config --variable=techlibdir xformer)
[ "$techlib" = "$prefix/share/xformer/techlib" ] || fail "techlibdir is '$techlib'"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$tmp/eval" examples/eval.c \
    $(pkg-config --cflags --libs xformer) -DTECHLIB="\"$techlib\"" || fail "the example does not build"
ldd "$tmp/eval" | grep -q "$prefix/lib/libxformer.so" || fail "the example is not linked to the installed library"
lib_latency=$("$tmp/eval" | sed -n 's/^latency_s=//p')
cli_latency=$(env -u XFORMER_TECHLIB -u XFORMER_DB "$prefix/bin/xformer" eval --arch xformer \
    --model bert-base --seq 512 --format csv --no-db | awk -F, 'NR == 2 { print $6 }')
awk -v a="$lib_latency" -v b="$cli_latency" 'BEGIN { exit !(a + 0 == b + 0 && a + 0 > 0) }' ||
    fail "latency through the library $lib_latency s, xformer eval $cli_latency s"
"$make" -s uninstall PREFIX="$prefix" >"$tmp/uninstall.log" 2>&1 || {
    cat "$tmp/uninstall.log" >&2
    fail "make uninstall failed"
}
(cd "$prefix" && find . | sort) >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || {
    diff "$tmp/before" "$tmp/after" >&2 || true
    fail "make uninstall did not leave the prefix as it was"
}
echo "install-test: install, example (latency $lib_latency s = xformer eval), uninstall: ok"
