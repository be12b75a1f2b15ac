#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The fish completion, in fish: fish -n accepts it, and complete -C offers
# the options and their values. ($1, the binary, is not used.)
set -u
command -v fish >/dev/null 2>&1 || { echo "skip: no fish"; exit 77; }
src=$(cd "$(dirname "$0")/../.." && pwd)
comp=$src/completions/sockview.fish

fail_count=0
expect() { # what, offered, command line
    if fish --no-config -c "source '$comp'; complete -C '$3'" | cut -f1 |
        grep -qxF -- "$2"; then
        echo "ok: $1"
    else
        echo "FAIL: $1: completing '$3' does not offer '$2'"
        fail_count=$((fail_count + 1))
    fi
}

fish -n "$comp" && echo "ok: fish -n" ||
    { echo "FAIL: fish -n"; fail_count=$((fail_count + 1)); }
expect "--so offers --source" --source "sockview --so"
expect "-t is offered" -t "sockview -"
expect "--source values" netlink "sockview --source "
expect "--source= values" --source=proc "sockview --source="
expect "--json= offers lines" --json=lines "sockview --json="
expect "--state list" "listen,established" "sockview --state listen,est"
expect "--color values" never "sockview --color "
expect "--pid offers running pids" "$$" "sockview --pid "
expect "--services completes files" "$comp" "sockview --services ${comp%.fish}"
[ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
