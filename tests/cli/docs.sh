#!/bin/sh
# The help, the man pages and the completions say the same as the option tables getopt parses:
# for every command (xformer help --commands) and subcommand, `xformer help CMD` is
# `xformer CMD --help`; every option of its table (xformer help --options CMD) appears in its
# --help, its man page (roff: \-\-name), its bash and its zsh completion; the man pages render
# without groff warnings; the bash completion offers what it should (architecture names from
# arch/, zoo models, the table formats); every command that prints a table takes
# --format text, md, tex, csv and json. Run by make test.
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
# every command that prints a table takes the same five formats (xformer help --options lists
# --format; eval prints a report: text, csv, json)
db="$tmp/runs.db"
"$bin" sweep --arch xformer,puma --model bert-tiny --seq 64,128 --db "$db" --quiet
for args in "models" "archs show xformer" "workload --model bert-base --seq 128" \
    "runs --db $db" "validate" "table --db $db --baseline puma" \
    "compare --archs xformer,puma --models bert-tiny --seq 64"; do
    for f in text md tex csv json; do
        # shellcheck disable=SC2086
        "$bin" $args --format "$f" >"$tmp/out" 2>"$tmp/err" ||
            fail "'$args --format $f' failed: $(head -1 "$tmp/err")"
        case $f in
        md) grep -q '^| .* |$' "$tmp/out" || fail "'$args --format md' has no Markdown table" ;;
        tex) grep -q 'begin{tabular}' "$tmp/out" || fail "'$args --format tex' has no tabular" ;;
        json) grep -q '"tool"' "$tmp/out" || fail "'$args --format json' has no tool member" ;;
        esac
    done
done
# md, tex and json hold the CSV's rows: the zoo's 31 models; BertModel has 109,482,240
# parameters (workloads.md: [T1] cli99/flops-profiler, exact BertModel count)
"$bin" models --format json >"$tmp/models.json"
rows=$("$bin" models --format csv | wc -l)
[ "$(grep -c '"name":' "$tmp/models.json")" -eq $((rows - 1)) ] ||
    fail "models --format json does not hold every CSV row"
grep -A12 '"name":.*"bert-base"' "$tmp/models.json" | grep -q '"params":[[:space:]]*109482240,' ||
    fail "models --format json: bert-base params is not 109482240"
[ "$("$bin" models --format md | grep -c '^| ')" -eq $((rows + 1)) ] ||
    fail "models --format md: not a header, a rule and one row a model"
echo "docs: $n options of $(echo "$cmds" | wc -l) commands in --help, man pages and bash/zsh completions; help CMD = CMD --help"
