#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bash completion, in bash: sourced on its own and under bash-completion,
# it completes options and their values. ($1, the binary, is not used.)
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
comp=$src/completions/sockview.bash

fail_count=0
# complete WORDS...: print what completing the last word offers, one a line
complete_words() {
    bash --norc --noprofile -c '
        [ -n "$2" ] && . "$2"
        . "$1"
        shift 2
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _sockview
        printf "%s\n" "${COMPREPLY[@]}"' bash "$comp" "$framework" "$@"
}
expect() { # what, offered, words...
    local what=$1 want=$2
    shift 2
    if complete_words "$@" | grep -qxF -- "$want"; then
        echo "ok: $what"
    else
        echo "FAIL: $what: completing '$*' does not offer '$want'"
        fail_count=$((fail_count + 1))
    fi
}

bash -n "$comp" || { echo "FAIL: bash -n"; exit 1; }
frameworks=("")
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] && frameworks+=("$bc")
for framework in "${frameworks[@]}"; do
    with=${framework:+ under bash-completion}
    expect "--so offers --source$with" --source sockview --so
    expect "- offers -t$with" -t sockview -
    expect "--numeric- offers --numeric-ports$with" --numeric-ports sockview --numeric-
    expect "--source values$with" netlink sockview --source ""
    expect "--source=n$with" netlink sockview --source = n
    expect "--source= right after =$with" proc sockview --source =
    expect "--json= offers lines$with" lines sockview --json =
    expect "--pid offers running pids$with" "$$" sockview --pid ""
    expect "--pid completes after a comma$with" "1,$$" sockview --pid "1,"
    expect "--services completes files$with" "$comp" sockview --services "${comp%.bash}"
    expect "options after others$with" --listening sockview -t --list
    expect "--state list$with" "listen,established" sockview --state "listen,est"
    expect "--color values$with" never sockview --color = n
done
# "--json lines" is not "--json=lines": nothing to offer after a space
if [ -z "$(complete_words sockview --json "")" ]; then
    echo "ok: nothing after '--json '"
else
    echo "FAIL: something offered after '--json '"
    fail_count=$((fail_count + 1))
fi
[ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
