#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The golden suite: each case of expected/cases, replayed from the
# committed recordings (made by make.sh), must print exactly what
# expected/ holds. It needs no privilege, and drops any: run as root, it
# runs itself again as nobody, from a copy that nobody can read.
set -u
sv=$1
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -eq 0 ] && [ "${SOCKVIEW_GOLDEN_USER:-}" != 1 ]; then
    command -v setpriv >/dev/null || { echo "golden: no setpriv to drop root"; exit 1; }
    copy=$(mktemp -d)
    trap 'rm -rf "$copy"' EXIT
    cp "$sv" "$copy/sockview"
    cp -r "$here" "$copy/golden"
    chmod -R a+rX "$copy"
    SOCKVIEW_GOLDEN_USER=1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
        bash "$copy/golden/run.sh" "$copy/sockview"
    exit $?
fi
[ "$(id -u)" -ne 0 ] || { echo "golden: still root"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS='|' read -r name flags; do
    for src in auto proc; do
        rec=inet
        case " $flags " in *" -x"*) rec=unix ;; esac
        # shellcheck disable=SC2086
        "$sv" --replay "$here/$rec-$src.rec" $flags --source=$src \
            --services "$here/services" >"$tmp/out" 2>&1
        if cmp -s "$tmp/out" "$here/expected/$name.$src"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL: $name ($flags, --source=$src):"
            diff "$here/expected/$name.$src" "$tmp/out" | head -20
        fi
    done
done <"$here/expected/cases"
echo "golden: $pass passed, $fail failed (as $(id -un))"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
