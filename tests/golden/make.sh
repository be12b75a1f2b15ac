#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Make the golden suite's recordings and expected outputs (run as root,
# from the top of the tree, with a built binary):
#
#   tests/golden/make.sh build/sockview
#
# It builds a rich socket table in private network, mount and pid
# namespaces (every TCP state the fixtures make, UDP bound and connected,
# RAW, IPv6 and IPv4-mapped addresses, UNIX sockets of each type, owners
# with hostile names and users with hostile names), records it from both
# sources, and writes what each flag set in cases.txt prints from each
# recording. Before it writes an expected output, it checks that the
# live listing printed the same: the expected files are what sockview
# showed of real sockets, not what it thinks of its own recordings.
# Remake them on a new kernel or after a deliberate change of output, and
# read the diff.
set -euo pipefail
sv=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "make.sh: needs root"; exit 1; }

if [ "${SOCKVIEW_GOLDEN_NS:-}" != 1 ]; then
    SOCKVIEW_GOLDEN_NS=1 exec unshare -n -m -p -f --mount-proc \
        --propagation private bash "$0" "$@"
fi
ip link set lo up
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

# users with hostile names, for -e: a private /etc/passwd in this mount
# namespace
cp /etc/passwd "$tmp/passwd"
printf 'ev\033il user:x:4001:4001::/:/bin/false\nsp ace:x:4002:4002::/:/bin/false\n' >>"$tmp/passwd"
mount --bind "$tmp/passwd" /etc/passwd

python3 "$here/../integration/sockets.py" --children --lifetime 120 >"$tmp/inet" &
mkdir "$tmp/unix"
python3 "$here/../integration/unix_sockets.py" "$tmp/unix" >"$tmp/unix.out" &
# a raw socket, and sockets of the hostile users
python3 -c '
import os, socket, time
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
if os.fork() == 0:
    os.setgid(4001); os.setuid(4001)
    s = socket.socket(); s.bind(("127.0.0.1", 7101)); s.listen(1)
    time.sleep(120); os._exit(0)
if os.fork() == 0:
    os.setgid(4002); os.setuid(4002)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::1", 7102))
    time.sleep(120); os._exit(0)
time.sleep(120)' &
for _ in $(seq 100); do
    grep -q ready "$tmp/inet" 2>/dev/null && grep -q ready "$tmp/unix.out" 2>/dev/null && break
    sleep 0.1
done
sleep 0.5 # the children of the last fixture

# the unix fixture's paths are under $tmp, which changes from run to run:
# the recordings keep them, the expected outputs are made from them
for src in auto proc; do
    # JSON reads every owner and every user name: its recording answers
    # every listing
    "$sv" -tuwa --json --source=$src --record "$here/inet-$src.rec" \
        >/dev/null 2>&1 || true
    "$sv" -xa --json --source=$src --record "$here/unix-$src.rec" >/dev/null
done

# the one process whose pid a case names (@PID@): the fixture's parent
fixture=$(pgrep -f -o 'sockets.py --children')

# a listing with its timers' digits blotted out
blind() {
    sed -E 's/[0-9]+\.[0-9]+\//T\//; s/"expires_ms":[0-9]+/"expires_ms":T/g' "$1"
}

status=0
mkdir -p "$here/expected"
rm -f "$here"/expected/*
: >"$here/expected/cases"
while IFS='|' read -r name flags; do
    case $name in '' | '#'*) continue ;; esac
    flags=${flags//@PID@/$fixture}
    echo "$name|$flags" >>"$here/expected/cases"
    flags="$flags --services $here/services"
    for src in auto proc; do
        rec=inet
        case " $flags " in *" -x"*) rec=unix ;; esac
        # shellcheck disable=SC2086
        "$sv" $flags --source=$src >"$tmp/live" 2>&1 || true
        # shellcheck disable=SC2086
        "$sv" --replay "$here/$rec-$src.rec" $flags --source=$src >"$tmp/replay" 2>&1 || true
        # timers run down between the two: compare them digit-blind
        if ! diff <(blind "$tmp/live") <(blind "$tmp/replay") >/dev/null; then
            echo "make.sh: $name --source=$src: the replay differs from the live listing:"
            diff "$tmp/live" "$tmp/replay" | head -20 || true
            status=1
        fi
        cp "$tmp/replay" "$here/expected/$name.$src"
    done
done <"$here/cases.txt"
exit $status
