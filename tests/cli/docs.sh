#!/bin/sh
# The help, the man pages and the completions say the same as the option tables getopt parses:
# for every command (xformer help --commands) and subcommand, `xformer help CMD` is
# `xformer CMD --help`; every option of its table (xformer help --options CMD) appears in its
# --help, its man page (roff: \-\-name), its bash and its zsh completion; the man pages render
# without groff warnings; the bash completion offers what it should (architecture names from
# arch/, zoo models, the table formats). Run by make test.
set -eu
bin=${1:-./build/xformer}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "docs: $*" >&2
    exit 1
}
"$bin" help --completion bash >"$tmp/xformer.bash"
"$bin" help --completion zsh >"$tmp/_xformer"
bash -n "$tmp/xformer.bash" || fail "the bash completion is not valid bash"
if command -v zsh >/dev/null 2>&1; then
    zsh -n "$tmp/_xformer" || fail "the zsh completion is not valid zsh"
fi
cmds=$("$bin" help --commands)
[ "$(echo "$cmds" | wc -l)" -ge 16 ] || fail "help --commands lists $(echo "$cmds" | wc -l) commands; expected 16"
n=0
for cmd in $cmds "archs show" "models show"; do
    # shellcheck disable=SC2086
    "$bin" help $cmd >"$tmp/help" || fail "help $cmd failed"
    # shellcheck disable=SC2086
    "$bin" $cmd --help >"$tmp/dash" || fail "$cmd --help failed"
    cmp -s "$tmp/help" "$tmp/dash" || fail "'xformer help $cmd' differs from 'xformer $cmd --help'"
    # a subcommand is a section of its command's page
    "$bin" help --man "${cmd%% *}" >"$tmp/man"
    if command -v groff >/dev/null 2>&1; then
        groff -man -Tutf8 -ww -z "$tmp/man" 2>"$tmp/groff" || fail "groff failed on xformer-$cmd(1)"
        [ ! -s "$tmp/groff" ] || fail "xformer-$cmd(1): $(head -1 "$tmp/groff")"
    fi
    # the command's section of each completion script
    sed -n "/^    \"$cmd\")/,/^        COMPREPLY=.*;;\$/p" "$tmp/xformer.bash" | tail -1 >"$tmp/bash"
    sed -n "/^    \"$cmd\")/,/;;\$/p" "$tmp/_xformer" >"$tmp/zsh"
    # shellcheck disable=SC2086
    for opt in $("$bin" help --options $cmd); do
        grep -q -- "$opt" "$tmp/help" || fail "$cmd: $opt is not in its --help"
        roff=$(echo "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$roff" "$tmp/man" || fail "$cmd: $opt is not in xformer-$cmd(1)"
        grep -q -- "[ \"]$opt[ \"]" "$tmp/bash" || fail "$cmd: $opt is not in the bash completion"
        grep -q -- "'\*$opt[=[]" "$tmp/zsh" || fail "$cmd: $opt is not in the zsh completion"
        n=$((n + 1))
    done
done
"$bin" help --man >"$tmp/man"
for cmd in $cmds; do
    grep -q "xformer\\\\-$cmd (1)" "$tmp/man" || fail "xformer(1) does not name xformer-$cmd(1)"
done
# what the bash completion offers (COMP_WORDS as bash sets them)
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _xformer
             printf "%s\n" "${COMPREPLY[@]}"' sh "$tmp/xformer.bash" "$bin" "$@"
}
complete_words eval --arch x | grep -qx xformer-nosb || fail "bash: eval --arch x does not offer xformer-nosb"
complete_words eval --model bert-b | grep -qx bert-base || fail "bash: eval --model bert-b does not offer bert-base"
[ "$(complete_words table --format "" | tr '\n' ' ')" = "text md tex csv json " ] ||
    fail "bash: table --format offers '$(complete_words table --format "" | tr '\n' ' ')'; expected text md tex csv json"
complete_words compare --archs xformer,gpu-g | grep -qx xformer,gpu-gtx1060 ||
    fail "bash: compare --archs xformer,gpu-g does not offer xformer,gpu-gtx1060"
complete_words sw | grep -qx sweep || fail "bash: 'sw' does not complete to sweep"
complete_words techlib show periph/adc | grep -q "periph/adc-sar.cfg" ||
    fail "bash: techlib show periph/adc does not offer periph/adc-sar.cfg"
echo "docs: $n options of $(echo "$cmds" | wc -l) commands in --help, man pages and bash/zsh completions; help CMD = CMD --help"
