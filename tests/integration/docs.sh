#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The man page and the completions keep step with the options: every
# option that `sockview --help` prints is in the man page and in each
# completion file, and every option a completion offers is one the binary
# accepts. The man page renders (man -l) and lints clean (mandoc -Tlint,
# else groff -ww). Needs no root; new options are found by parsing --help.
set -u
sv=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
man=$src/man/sockview.1
bash_c=$src/completions/sockview.bash
zsh_c=$src/completions/_sockview
fish_c=$src/completions/sockview.fish

fail_count=0
fail() {
    echo "FAIL: $*"
    fail_count=$((fail_count + 1))
}
ok() {
    echo "ok: $*"
}

help=$("$sv" --help) || { echo "sockview --help failed"; exit 1; }
# long options anywhere in the help ("--json[=lines]" is --json), and the
# short ones of "  -t, --tcp" lines
longs=$(grep -oE -- '--[a-z0-9][a-z0-9-]*' <<<"$help" | sort -u)
shorts=$(grep -oE -- '^ +-[A-Za-z0-9],' <<<"$help" | tr -d ' ,' | sort -u)
[ "$(wc -l <<<"$longs")" -ge 20 ] && ok "--help lists $(wc -l <<<"$longs") long options" ||
    fail "--help lists too few options: $longs"

# The man page, as a reader sees it (overstrikes for bold taken out)
if command -v mandoc >/dev/null 2>&1; then
    rendered=$(mandoc -Tascii "$man" 2>/dev/null | sed -e 's/.\x08//g')
    # "outdated mandoc.db" and "referenced manual not found" lines are
    # about what this machine has installed (manpages-dev), not the page
    lint=$(mandoc -Tlint "$man" 2>&1 |
        grep -v -e 'mandoc\.db' -e 'referenced manual not found')
    [ -z "$lint" ] && ok "mandoc -Tlint reports nothing" ||
        fail "mandoc -Tlint: $lint"
elif command -v groff >/dev/null 2>&1; then
    rendered=$(groff -mandoc -Tascii -P-c "$man" 2>/dev/null | sed -e 's/.\x08//g')
else
    echo "skip: neither mandoc nor groff"
    exit 77
fi
if command -v groff >/dev/null 2>&1; then
    lint=$(groff -mandoc -ww -z "$man" 2>&1)
    [ -z "$lint" ] && ok "groff -ww reports nothing" || fail "groff -ww: $lint"
fi
if command -v man >/dev/null 2>&1; then
    out=$(MANPAGER=cat MANWIDTH=80 man -l "$man" 2>/dev/null)
    grep -q 'SOCKVIEW' <<<"$out" && grep -q 'EXIT STATUS' <<<"$out" &&
        ok "man -l renders the page" || fail "man -l does not render the page"
fi
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS OUTPUT 'JSON OUTPUT' \
    'DATA SOURCES' ENVIRONMENT FILES 'EXIT STATUS' EXAMPLES \
    'DIFFERENCES FROM NETSTAT AND SS' 'SEE ALSO'; do
    grep -q "^$sec\$" <<<"$rendered" || fail "man page: no $sec section"
done

# Every option of --help is in the man page and each completion file
has_long() { grep -qE -- "$1([^a-z0-9-]|\$)" <<<"$2"; }
for o in $longs; do
    has_long "$o" "$rendered" || fail "man page lacks $o"
    has_long "$o" "$(cat "$bash_c")" || fail "bash completion lacks $o"
    has_long "$o" "$(cat "$zsh_c")" || fail "zsh completion lacks $o"
    grep -qE -- "-l ${o#--}( |\$)" "$fish_c" || fail "fish completion lacks $o"
done
for o in $shorts; do
    grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" <<<"$rendered" ||
        grep -qE -- "Fl [A-Za-z0-9]*${o#-}" "$man" || fail "man page lacks $o"
    grep -qE -- "(^|[ ])$o( |\$)" "$bash_c" || fail "bash completion lacks $o"
    grep -qE -- "[{'()]$o[],[+=]" "$zsh_c" || fail "zsh completion lacks $o"
    grep -qE -- "-s ${o#-}( |\$)" "$fish_c" || fail "fish completion lacks $o"
done
[ "$fail_count" -eq 0 ] && ok "every --help option is documented and completed"

# What the completions offer: bash's and fish's as the shells compute it,
# zsh's from its specs
offered=$(bash -c '
    source "$1"
    COMP_WORDS=(sockview -); COMP_CWORD=1; _sockview
    printf "%s\n" "${COMPREPLY[@]}"' bash "$bash_c")
if command -v fish >/dev/null 2>&1; then
    offered+=$'\n'$(fish --no-config -c "source $fish_c
        complete -C 'sockview -'; complete -C 'sockview --'" | cut -f1)
fi
offered+=$'\n'$(grep -oE -- "(^|[{'(,])--?[A-Za-z0-9][a-z0-9-]*" "$zsh_c" |
    sed -E "s/^[{'(,]//")
offered=$(grep -E '^-' <<<"$offered" | sort -u)
for o in $offered; do
    base=${o%%=*}
    if [ "${#base}" -eq 2 ]; then
        grep -qx -- "$base" <<<"$shorts" || fail "completion offers $o, not in --help"
    else
        grep -qx -- "$base" <<<"$longs" || fail "completion offers $o, not in --help"
    fi
    # two stray words: an option with an argument takes one, and the
    # other stops sockview before it does anything
    err=$(timeout 10 "$sv" "$o" zz-doc-check zz-doc-check </dev/null 2>&1 >/dev/null)
    if grep -qiE 'unknown option|unrecognized option|invalid option' <<<"$err"; then
        fail "completion offers $o, which sockview rejects: $err"
    fi
done
ok "checked $(wc -w <<<"$offered") offered options against the binary"

[ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
exit 0
