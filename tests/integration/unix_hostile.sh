#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
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
# a fresh namespace of its own, as a user would run it; with a private
# pid namespace too where one can be had, so that JSON's walk over every
# process's fds meets only ours (a process that even root may not read,
# such as a sandbox's init, is rightly reported on stderr)
need unshare
fresh=(unshare -n)
unshare -n -p -f --mount-proc true 2>/dev/null &&
    fresh=(unshare -n -p -f --mount-proc)
for src in auto netlink proc; do
    for json in "" -j; do
        what="${fresh[*]} sockview -xa $json --source=$src"
        "${fresh[@]}" "$sv" -xa $json --source=$src >"$tmp/out" 2>"$tmp/err"
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

# --- names that forge lines of /proc/net/unix ---
# A listener "r" (inode X, RefCnt 2) and four sockets whose names hold a
# newline and then a line in the kernel's format that claims X with
# RefCnt 0x42: netlink's RefCnt (merged from /proc) and /proc's listing
# must both keep X's own count. Relative names keep them short.
need python3 timeout
(cd "$tmp" && exec timeout 120 python3 - >"$tmp/fixture" 2>&1) <<'PY' &
import os, socket, sys, time
real = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
real.bind("r")
real.listen(1)
ino = os.fstat(real.fileno()).st_ino
keep = []
for i in range(4):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("f%d\n0000000000000000: 00000042 00000000 00010000 0001 01 %5d r"
           % (i, ino))
    s.listen(1)
    keep.append(s)
print("ready", ino, flush=True)
time.sleep(120)
PY
fixture=$!
trap 'kill $fixture 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 100); do
    grep -q ready "$tmp/fixture" && break
    sleep 0.1
done
read -r _ ino < <(grep '^ready' "$tmp/fixture")
if [ -z "${ino:-}" ]; then
    fail "fixture did not start: $(cat "$tmp/fixture")"
    finish
fi
for src in netlink proc; do
    out=$("$sv" -xa --source=$src 2>"$tmp/err")
    expect_no_line "$out" "^unix +66 .* $ino +r\$" \
        "--source=$src: no forged RefCnt for inode $ino"
    [ "$(grep -cE "LISTENING +$ino +r\$" <<<"$out")" -eq 1 ] &&
        ok "--source=$src: inode $ino listed once" ||
        fail "--source=$src: inode $ino listed twice: $out"
    expect_no_line "$out" '^0000000000000000' "--source=$src: no line starts with a forged field"
done
out=$("$sv" -xa --source=netlink)
expect_line "$out" "^unix +2 +\\[ ACC \\] +STREAM +LISTENING +$ino +r\$" \
    "netlink: inode $ino with its own RefCnt 2"
expect_line "$out" "LISTENING +[0-9]+ +f0\\\\n0000000000000000: 00000042" \
    "netlink: the forging name shown whole, its newline escaped"
finish
