#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --pid looks a process's sockets up one by one (pidfd_getfd and a
# sock_diag request each) where they are a small share of the table, and
# dumps the table otherwise: both ways print the same, byte for byte, for
# the socket fixture's processes (TCP and UDP, IPv4, IPv6 and v4-mapped,
# listening, connected, unbound) and for a process with 5,000 sockets.
# SOCKVIEW_PID_LOOKUP=exact or =dump forces a way.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 strace
start_fixture --children
parent=$fixture_pid
children=$(pgrep -P "$parent" | sort -n | paste -sd, -)
tmp=$(mktemp -d)
many=
cleanup() {
    [ -n "$many" ] && kill "$many" 2>/dev/null
    pkill -P "$parent" 2>/dev/null
    kill "$parent" 2>/dev/null
    rm -rf "$tmp" "$fixture_out"
}
trap cleanup EXIT

# 2,500 connected pairs on 127.0.0.2, an unbound UDP socket and a TCP
# socket bound but not listening (neither is in a table a dump walks)
cat >"$tmp/many.py" <<'PY'
import resource, socket, sys, time
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 6000), hard))
keep = []
l = socket.socket()
l.bind(("127.0.0.2", 7100))
l.listen(4096)
keep.append(l)
for i in range(2500):
    c = socket.create_connection(("127.0.0.2", 7100), timeout=5)
    keep += [c, l.accept()[0]]
keep.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
b = socket.socket()
b.bind(("127.0.0.2", 7101))
keep.append(b)
open(sys.argv[1], "w").close()
time.sleep(120)
PY
python3 "$tmp/many.py" "$tmp/ready" &
many=$!
for _ in $(seq 150); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
[ -e "$tmp/ready" ] || { fail "the 5,000-socket process did not start"; finish; }

both_ways() {
    local what=$1
    shift
    SOCKVIEW_PID_LOOKUP=exact "$sv" "$@" >"$tmp/exact" 2>&1
    local e=$?
    SOCKVIEW_PID_LOOKUP=dump "$sv" "$@" >"$tmp/dump" 2>&1
    local d=$?
    if [ $e -eq $d ] && cmp -s "$tmp/exact" "$tmp/dump"; then
        ok "$what: the same both ways ($(wc -l <"$tmp/dump") lines, status $e)"
    else
        fail "$what: exact (status $e) and dump (status $d) differ"
        diff "$tmp/dump" "$tmp/exact" | head -5
    fi
}

for args in "" "-e" "-p -o" "-t" "-ul" "-6" "-4 --sport 7000-9999" "-j" "-s"; do
    # shellcheck disable=SC2086  # the options are split on purpose
    both_ways "--pid fixture $args" --pid "$parent,$children" $args
done
both_ways "--pid of a process with 5,000 sockets" --pid "$many" -e
both_ways "--pid of it, JSON" --pid "$many" -j
rows=$(SOCKVIEW_PID_LOOKUP=exact "$sv" --pid "$many" | awk 'NR > 2' | wc -l)
[ "$rows" -eq 5001 ] && ok "5,001 rows: the listener and 2,500 pairs" ||
    fail "--pid lists $rows rows, not 5,001"

# the process with 5,000 sockets makes the fixture's a small share: on
# its own, --pid asks for each socket and dumps no table
strace -f -e trace=sendto,sendmsg -o "$tmp/trace" "$sv" --pid "$parent" >/dev/null 2>&1
if grep -q SOCK_DIAG_BY_FAMILY "$tmp/trace" && ! grep -q NLM_F_DUMP "$tmp/trace"; then
    ok "a small share is looked up, not dumped"
else
    fail "--pid of a small share dumped the table"
    grep -m3 SOCK_DIAG "$tmp/trace"
fi
strace -f -e trace=sendto,sendmsg -o "$tmp/trace" "$sv" --pid "$many" >/dev/null 2>&1
grep -q NLM_F_DUMP "$tmp/trace" && ok "a large share is dumped" ||
    fail "--pid of a large share did not dump"
finish
