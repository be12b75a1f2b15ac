#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# meson install (with DESTDIR into a temporary folder) installs the binary,
# the man page and the three completions where man and the shells find
# them: man shows the page, and each shell completes from the installed
# file as a new user's would. $1 is the built binary; its folder is the
# build directory.
set -u
sv=$1
build=$(cd "$(dirname "$sv")" && pwd)
command -v meson >/dev/null 2>&1 || { echo "skip: no meson"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail_count=0
fail() {
    echo "FAIL: $*"
    fail_count=$((fail_count + 1))
}
ok() {
    echo "ok: $*"
}

if ! meson install -C "$build" --destdir "$tmp" --no-rebuild --quiet \
    >"$tmp.log" 2>&1; then
    cat "$tmp.log"
    rm -f "$tmp.log"
    echo "FAIL: meson install"
    exit 1
fi
rm -f "$tmp.log"
intro=$(meson introspect "$build" --buildoptions 2>/dev/null)
opt() { # the value of a build option
    python3 -c 'import json, sys
for o in json.load(sys.stdin):
    if o["name"] == sys.argv[1]:
        print(o["value"])' "$1" <<<"$intro"
}
prefix=$(opt prefix)
root=$tmp$prefix
datadir=$root/$(opt datadir)

# the files
bin=$root/$(opt bindir)/sockview
[ -x "$bin" ] && ok "binary installed" || fail "no $bin"
"$bin" --version | grep -q '^sockview ' && ok "the installed binary runs" ||
    fail "the installed binary does not run"
page=$root/$(opt mandir)/man1/sockview.1
[ -f "$page" ] && ok "man page installed" || fail "no $page"
bash_f=$(find "$tmp" -path '*bash-completion/completions/sockview' -type f)
zsh_f=$(find "$tmp" -name _sockview -type f)
fish_f=$(find "$tmp" -name sockview.fish -type f)
[ -n "$bash_f" ] && ok "bash completion installed: ${bash_f#$tmp}" ||
    fail "no bash completion"
[ -n "$zsh_f" ] && ok "zsh completion installed: ${zsh_f#$tmp}" ||
    fail "no zsh completion"
[ -n "$fish_f" ] && ok "fish completion installed: ${fish_f#$tmp}" ||
    fail "no fish completion"
case $bash_f in
"$datadir"/*) ok "bash completion under the prefix's datadir" ;;
*) fail "bash completion outside $datadir" ;;
esac

# man finds the page in the installed tree
if command -v man >/dev/null 2>&1; then
    out=$(MANPAGER=cat MANWIDTH=80 man -M "$root/$(opt mandir)" sockview 2>/dev/null)
    grep -q 'SOCKVIEW' <<<"$out" && grep -q -- '--json' <<<"$out" &&
        ok "man sockview shows the page" || fail "man sockview: no page"
fi

# bash-completion loads the installed file on first use
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ] && [ -n "$bash_f" ]; then
    got=$(XDG_DATA_DIRS=$datadir bash --norc --noprofile -c '
        . "$1"
        __load_completion sockview || _completion_loader sockview
        COMP_WORDS=(sockview --so); COMP_CWORD=1
        $(complete -p sockview | sed -E "s/.*-F ([^ ]+).*/\1/")
        printf "%s\n" "${COMPREPLY[@]}"' bash "$bc" 2>&1)
    grep -qx -- --source <<<"$got" &&
        ok "bash-completion finds the installed completion" ||
        fail "bash-completion: $got"
fi
# zsh: through the installed folder in fpath
if command -v zsh >/dev/null 2>&1 && [ -n "$zsh_f" ]; then
    zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -d $2
        [[ $_comps[sockview] == _sockview ]]' zsh "$(dirname "$zsh_f")" \
        "$tmp/zcompdump" && ok "zsh's compinit picks up _sockview" ||
        fail "zsh's compinit does not know sockview"
fi
# fish: the vendor folder of an XDG data dir (fish autoloads a command's
# completion once the command is on PATH)
if command -v fish >/dev/null 2>&1 && [ -n "$fish_f" ]; then
    # (not --no-config: fish's own config.fish sets up the vendor folders)
    mkdir -p "$tmp/home"
    got=$(XDG_DATA_DIRS=$(dirname "$(dirname "$(dirname "$fish_f")")") \
        HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config \
        XDG_DATA_HOME=$tmp/home/.local/share PATH=$(dirname "$bin"):$PATH \
        fish -c "complete -C 'sockview --so'" 2>&1 | cut -f1)
    grep -qx -- --source <<<"$got" &&
        ok "fish finds the installed completion" || fail "fish: '$got'"
fi

[ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
exit 0
