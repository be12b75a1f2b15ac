#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The point of sockview's text output: for the same socket table it prints
# what netstat -W prints, byte for byte once sorted, from either source.
# Also: the two sources agree with each other exactly, and the sockets
# match what ss reports.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 netstat ss
start_fixture
# a raw socket too, named from /etc/protocols as netstat does
python3 -c 'import socket, time; s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 1); time.sleep(60)' &
raw_pid=$!
# UDP-Lite (netstat -U): bound and connected, IPv4 and IPv6, with a
# datagram unread; python's socket module takes IPPROTO_UDPLITE (136)
python3 -c '
import socket as S, time
L = 136
b4 = S.socket(S.AF_INET, S.SOCK_DGRAM, L); b4.bind(("127.0.0.1", 5555))
c4 = S.socket(S.AF_INET, S.SOCK_DGRAM, L); c4.connect(("127.0.0.1", 5555))
c4.send(b"hello")
b6 = S.socket(S.AF_INET6, S.SOCK_DGRAM, L); b6.bind(("::1", 53))
c6 = S.socket(S.AF_INET6, S.SOCK_DGRAM, L); c6.connect(("::1", 53))
time.sleep(60)' &
udpl_pid=$!
trap 'kill $raw_pid $udpl_pid; pkill -P $fixture_pid; kill $fixture_pid; rm -f "$fixture_out"' EXIT
for _ in $(seq 50); do
    n=$(cat /proc/net/udplite /proc/net/udplite6 2>/dev/null | grep -c ': ')
    [ "$n" -ge 4 ] && break
    sleep 0.1
done

# (sockview flags) (netstat flags); netstat names hosts unless told not to
cases=(
    "-tuna|-tunaW"
    "-tnl|-tnlW"
    "-una|-unaW"
    "-tua|-tuaW --numeric-hosts"
    "-tun|-tunW"
    "-tunae|-tunaeW"
    "-tuwa|-tuwaW --numeric-hosts"
    "-Uan|-UanW"
    "-Ua|-UaW --numeric-hosts"
    "-Ul|-UlW --numeric-hosts"
    "-Uane|-UaneW"
    "-tuUwan|-tuUwanW"
)
# TIME_WAIT and FIN_WAIT2 timers run down between the two runs; compare
# everything but the timer values' digits
for c in "${cases[@]}"; do
    svf=${c%%|*}
    nsf=${c#*|}
    # shellcheck disable=SC2086
    want=$(netstat $nsf 2>/dev/null | sort)
    for src in netlink proc; do
        # shellcheck disable=SC2086
        if ! got=$("$sv" $svf --source=$src 2>/tmp/oracle-err.$$ | sort) ||
            [ -s /tmp/oracle-err.$$ ]; then
            if [ $src = netlink ] && grep -q raw_diag /tmp/oracle-err.$$; then
                echo "skip: $svf --source=netlink: this kernel has no raw_diag"
                continue
            fi
        fi
        if [ "$got" = "$want" ]; then
            ok "sockview $svf --source=$src = netstat $nsf"
        else
            fail "sockview $svf --source=$src differs from netstat $nsf"
            diff <(echo "$want") <(echo "$got") | head -20
        fi
    done
done

# UDP-Lite in JSON: proto udplite, both families, from both sources
for src in netlink proc; do
    n=$("$sv" -Ua -j --source=$src | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert all(r["proto"] == "udplite" for r in rows)
print(sorted({r["family"] for r in rows}), len(rows))')
    [ "$n" = "['inet', 'inet6'] 4" ] && ok "-Ua -j --source=$src: 4 udplite objects" ||
        fail "-Ua -j --source=$src: $n"
done

# netlink against /proc, unsorted: the same lines in the same order
for f in -tuna -tunaeo -tul -tun4 -tuna6 -Uanoe -tuUa; do
    a=$("$sv" $f --source=netlink | sed -E 's/\([0-9.]+\//(T\//')
    b=$("$sv" $f --source=proc | sed -E 's/\([0-9.]+\//(T\//')
    [ "$a" = "$b" ] && ok "netlink = proc for $f" ||
        { fail "netlink and proc differ for $f"; diff <(echo "$a") <(echo "$b") | head; }
done

# against ss: the same (local, peer, state) tuples once both are normalized
tuples() {
    python3 -c '
import sys
ss = sys.argv[1] == "ss"
names = {"ESTAB": "ESTABLISHED", "TIME-WAIT": "TIME_WAIT", "CLOSE-WAIT": "CLOSE_WAIT",
         "FIN-WAIT-2": "FIN_WAIT2", "FIN-WAIT-1": "FIN_WAIT1", "SYN-SENT": "SYN_SENT",
         "SYN-RECV": "SYN_RECV", "LAST-ACK": "LAST_ACK", "UNCONN": "", "LISTEN": "LISTEN",
         "CLOSING": "CLOSING"}
def end(text):
    addr, port = text.rsplit(":", 1)
    addr = addr.strip("[]")
    if addr.startswith("::ffff:"):
        addr = addr[7:]
    if addr in ("*", "0.0.0.0", "::"):
        addr = "any"
    return addr + "/" + ("0" if port == "*" else port)
out = []
for line in sys.stdin:
    f = line.split()
    if ss:
        state, local, peer = names.get(f[0], f[0]), f[3], f[4]
    else:
        state, local, peer = (f[5] if len(f) > 5 else ""), f[3], f[4]
    out.append(" ".join((end(local), end(peer), state)))
print("\n".join(sorted(out)))
' "$1"
}
for p in t u; do
    want=$(ss -H${p}an | tuples ss)
    got=$("$sv" -H${p}an | tuples sockview)
    if [ -n "$want" ] && [ "$want" = "$got" ]; then
        ok "ss -${p}an and sockview -${p}an list the same sockets"
    else
        fail "ss -${p}an and sockview -${p}an differ"
        diff <(echo "$want") <(echo "$got") | head
    fi
done
rm -f /tmp/oracle-err.$$
finish
