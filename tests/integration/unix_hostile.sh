#!/usr/bin/env bash
# -x against what it may meet: a namespace without any UNIX socket (an
# empty /proc/net/unix, an empty unix_diag dump: no row, no diagnostic,
# which a sanitizer build checks too), and names that hold newlines to
# forge lines of /proc/net/unix.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- a namespace without UNIX sockets ---
# a fresh namespace of its own, as a user would run it
need unshare
for src in auto netlink proc; do
    for json in "" -j; do
        what="unshare -n sockview -xa $json --source=$src"
        unshare -n "$sv" -xa $json --source=$src >"$tmp/out" 2>"$tmp/err"
        rc=$?
        if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ]; then
            fail "$what: exit $rc, stderr '$(head -c 300 "$tmp/err")'"
        elif [ -n "$json" ] && [ "$(cat "$tmp/out")" != "[]" ]; then
            fail "$what: '$(head -c 200 "$tmp/out")', want []"
        elif [ -z "$json" ] && [ "$(wc -l <"$tmp/out")" -ne 2 ]; then
            fail "$what: not just the two header lines: $(head -c 300 "$tmp/out")"
        else
            ok "$what: no socket, no diagnostic"
        fi
    done
done
finish
