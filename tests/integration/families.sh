#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Packet sockets (-0) and netlink sockets (--netlink) made in a private
# namespace: a raw one bound to lo and promiscuous there, a dgram one for
# IPv4; an rtnl socket in groups 1 and 3, a uevent one. Listed as ss -0
# and ss -A netlink list them (sockets, protocols, owners), from netlink
# and from /proc alike, in text and JSON; -A packet,netlink; --explain.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 ss
out=$(mktemp)
python3 -c '
import socket as S, struct, time
raw = S.socket(S.AF_PACKET, S.SOCK_RAW, S.htons(0x0003))  # ETH_P_ALL
raw.bind(("lo", 0))
# PACKET_ADD_MEMBERSHIP (1) of PACKET_MR_PROMISC (1) on lo (index 1)
raw.setsockopt(263, 1, struct.pack("iHH8s", 1, 1, 0, b""))
dgram = S.socket(S.AF_PACKET, S.SOCK_DGRAM, S.htons(0x0800))  # ETH_P_IP
rtnl = S.socket(S.AF_NETLINK, S.SOCK_RAW, 0)                 # NETLINK_ROUTE
rtnl.bind((0, 1 | 4))                                        # groups 1, 3
uevent = S.socket(S.AF_NETLINK, S.SOCK_DGRAM, 15)            # KOBJECT_UEVENT
uevent.bind((0, 1))
print("ready", flush=True)
time.sleep(60)' >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q ready "$out" && break; sleep 0.1; done

# --- packet sockets, against ss -0 -a -p: (type, protocol, interface, pid)
want=$(ss -H -0 -a -p | python3 -c '
import re, sys
types = {"p_raw": "raw", "p_dgr": "dgram"}
for line in sys.stdin:
    f = line.split()
    proto, iface = f[4].rsplit(":", 1)
    pid = re.search(r"pid=(\d+)", line)
    print(types[f[0]], "all" if proto == "*" else proto, iface, pid.group(1) if pid else "-")' | sort)
[ "$(wc -l <<<"$want")" -eq 2 ] && ok "ss -0 lists the two packet sockets" || fail "ss -0: $want"
for src in auto netlink proc; do
    got=$("$sv" -0 -ap -H --source=$src 2>/dev/null | awk '{ split($7, o, "/"); print $4, $5, $6, o[1] }' | sort)
    [ "$got" = "$want" ] && ok "-0 -ap --source=$src = ss -0 -a -p" ||
        { fail "-0 -ap --source=$src differs from ss"; diff <(echo "$want") <(echo "$got"); }
done
# /proc/net/packet's inodes and uids, as -e shows them
want=$(awk 'NR > 1 { print $9, $8 }' /proc/net/packet | sort)
for src in netlink proc; do
    got=$("$sv" -0 -ae --numeric-users -H --source=$src | awk '{ print $8, $7 }' | sort)
    [ "$got" = "$want" ] && ok "-0 -ae --source=$src: the inodes and uids of /proc/net/packet" ||
        fail "-0 -ae --source=$src: '$got', /proc: '$want'"
done
# not listening, not connected: ss's UNCONN, shown with -a or -l only
[ -z "$("$sv" -0 -H)" ] && [ "$("$sv" -0 -l -H | wc -l)" -eq 2 ] &&
    ok "-0 alone lists none, -0 -l both" || fail "-0 without -a"
json=$("$sv" -0 -a -j 2>/dev/null)
python3 - "$json" "$pid" <<'EOF' && ok "-0 -j: type, protocol, protocol_id, interface, promiscuous, owner" || fail "-0 -j: $json"
import json, sys
rows = {r["type"]: r for r in json.loads(sys.argv[1])}
raw, dgram = rows["raw"], rows["dgram"]
assert raw["proto"] == dgram["proto"] == "packet"
assert (raw["protocol"], raw["protocol_id"], raw["interface"]) == ("all", 3, "lo"), raw
assert (dgram["protocol"], dgram["protocol_id"], dgram["interface"]) == ("ip", 0x800, None), dgram
assert raw["promiscuous"] is True and dgram["promiscuous"] is False
assert raw["owners"][0]["pid"] == int(sys.argv[2])
EOF
ex=$("$sv" -0 -a --explain)
expect_line "$ex" "sees every frame on lo \(a capture tool" "--explain: the capture socket"
expect_line "$ex" "asked for promiscuous mode" "--explain: promiscuous"
expect_line "$ex" "receives IPv4 frames on all interfaces" "--explain: the IPv4 socket"

# --- netlink sockets, against ss -A netlink -a -p: (protocol, port)
# where port is "kernel" or the owner's pid; ss and sockview list their
# own sock_diag socket (tcpdiag, not the kernel's): left out
want=$(ss -H -A netlink -a -p | awk '{ split($4, a, ":"); p = a[2];
        if (p != "kernel") { n = split(p, b, "/"); p = b[n] }
        if (!(a[1] == "tcpdiag" && p != "kernel")) print a[1], p }' | sort -u)
grep -q "^rtnl $pid\$" <<<"$want" && grep -q "^uevent $pid\$" <<<"$want" &&
    ok "ss -A netlink lists the test's sockets" || fail "ss -A netlink: $want"
for src in auto netlink proc; do
    got=$("$sv" --netlink -ap -H --source=$src 2>/dev/null | awk '{
        p = $5; if (p != "kernel") { split($7, o, "/"); p = o[1] }
        if (!($4 == "tcpdiag" && $5 != "kernel")) print $4, p }' | sort)
    [ "$got" = "$want" ] && ok "--netlink -ap --source=$src = ss -A netlink -a -p" ||
        { fail "--netlink -ap --source=$src differs from ss"; diff <(echo "$want") <(echo "$got"); }
done
# the groups, as /proc/net/netlink and ss -e show them (1 and 3: 0x5)
expect_line "$("$sv" --netlink -a --source=proc)" "^netlink +0 +0 rtnl +$pid +[0-9]+ +1,3\$" "rtnl's groups 1,3 from /proc"
expect_line "$("$sv" --netlink -a)" "^netlink +0 +0 uevent +$pid +[0-9]+ +1\$" "uevent's group 1 from netlink"
json=$("$sv" -A netlink -a -j 2>/dev/null)
python3 - "$json" "$pid" <<'EOF' && ok "-A netlink -j: protocol, protocol_id, portid, groups, owner" || fail "-A netlink -j: $json"
import json, sys
pid = int(sys.argv[2])
rows = json.loads(sys.argv[1])
mine = {r["protocol"]: r for r in rows if r["portid"] == pid}
assert set(mine) == {"rtnl", "uevent"}, mine
assert (mine["rtnl"]["protocol_id"], mine["rtnl"]["groups"]) == (0, [1, 3])
assert (mine["uevent"]["protocol_id"], mine["uevent"]["groups"]) == (15, [1])
assert mine["rtnl"]["owners"][0]["pid"] == pid
# each socket once: netlink_diag sends group members twice
assert len({r["inode"] for r in rows}) == len(rows)
assert any(r["kernel"] and r["protocol"] == "rtnl" for r in rows)
EOF

# --- both kinds in one listing, each under its own title; --pid
text=$("$sv" -A packet,netlink -a)
[ "$(grep -c '^Active' <<<"$text")" -eq 2 ] && [ "$(grep '^Active' <<<"$text" | head -1 | cut -d' ' -f2)" = packet ] &&
    ok "-A packet,netlink: packet sockets, then netlink sockets" || fail "-A packet,netlink titles"
got=$("$sv" -A packet,netlink --pid "$pid" -H | awk '{ print $1 }' | sort | uniq -c | awk '{ print $2, $1 }' | tr '\n' ' ')
[ "$got" = "netlink 2 packet 2 " ] && ok "--pid: the process's two packet and two netlink sockets" ||
    fail "--pid -A packet,netlink: $got"

# --- -s: packet sockets by type, netlink sockets by protocol, counted
# as the listing lists them
sum=$("$sv" -s -A packet,netlink -j)
nl=$("$sv" --netlink -a -j)
python3 - "$sum" "$nl" <<'EOF' && ok "-s -A packet,netlink -j counts what the listing lists" || fail "-s: $sum"
import collections, json, sys
s, rows = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert s["packet"] == {"total": 2, "types": {"raw": 1, "dgram": 1}}, s
# sockview's own sock_diag socket is in each run's listing: one each
want = collections.Counter(r["protocol"] for r in rows)
assert s["netlink"]["protocols"] == dict(want), (s, want)
assert s["netlink"]["total"] == sum(s["netlink"]["protocols"].values())
assert "tcp" not in s
EOF
expect_line "$("$sv" -s -0)" '^  raw +1$' "-s -0: one raw packet socket"
expect_line "$("$sv" -s -0 --prometheus)" '^sockview_packet_sockets\{type="dgram"\} 1$' "-s -0 --prometheus: one dgram"

# --- hostile /proc files: bad lines skipped and counted, the good ones
# listed, names escaped, nothing else on stdout
root=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$out" "$root"' EXIT
mkdir -p "$root/net"
{
    echo "sk       RefCnt Type Proto  Iface R Rmem   User   Inode"
    echo "0000000000000000 3      3    0003   1     1 0      0      4242"
    echo "0000000000000000 3      3    10003  1     1 0      0      4243"
    echo "0000000000000000 3      3    0003   1     7 0      0      4244"
    printf '%s\n' "0000000000000000 3 3 0003 1 1 0 0 4245 $(printf 'x%.0s' $(seq 300))"
    head -c 3000 /dev/zero | tr '\0' 'A'; echo
} >"$root/net/packet"
{
    echo "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode"
    echo "0000000000000000 0   77         00000005 0        0        0     2        0        5151"
    echo "0000000000000000 999 77         00000005 0        0        0     2        0        5152"
    printf '0000000000000000 0 77 00000005 0 0 0 2 0 5153\033[31m\n'
} >"$root/net/netlink"
got=$("$sv" -0 -a --source=proc --proc-root "$root" -H 2>"$root/err")
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <<<"$got")" -eq 1 ] && grep -qE '^packet .* raw +all +lo *$' <<<"$got" &&
    grep -q "skipped 4 malformed lines of /proc/net/packet" "$root/err" &&
    ok "hostile /proc/net/packet: one socket, 4 lines skipped" ||
    { fail "hostile /proc/net/packet: rc $rc"; echo "$got"; cat "$root/err"; }
got=$("$sv" --netlink -a --source=proc --proc-root "$root" -H 2>"$root/err")
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <<<"$got")" -eq 1 ] && grep -q ' rtnl .* 1,3$' <<<"$got" &&
    grep -q "skipped 2 malformed lines of /proc/net/netlink" "$root/err" &&
    ok "hostile /proc/net/netlink: one socket, 2 lines skipped" ||
    { fail "hostile /proc/net/netlink: rc $rc"; echo "$got"; cat "$root/err"; }

# --- --record and --replay
rec=$(mktemp)
trap 'kill $pid 2>/dev/null; rm -rf "$out" "$rec" "$root"' EXIT
a=$("$sv" -A packet,netlink -ae --record "$rec" 2>/dev/null | grep -v ' tcpdiag ')
b=$("$sv" -A packet,netlink -ae --replay "$rec" 2>/dev/null | grep -v ' tcpdiag ' |
    sed -E 's/^(packet .* raw +all +)1 /\1lo/')
[ -n "$a" ] && [ "$(sed -E 's/ +$//' <<<"$a")" = "$(sed -E 's/ +$//' <<<"$b")" ] &&
    ok "--replay lists the recorded packet and netlink sockets" ||
    { fail "--record/--replay differ"; diff <(echo "$a") <(echo "$b"); }
finish
