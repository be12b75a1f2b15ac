#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ICMP ping sockets (--icmp): made in a private namespace once its
# net.ipv4.ping_group_range lets root's group open them, then listed as
# /proc/net/icmp and icmp6 hold them (ident, inode, uid, queues), with
# their owner, in text and JSON, from every source that can list them.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3
sysctl -qw net.ipv4.ping_group_range="0 0" ||
    { echo "skip: cannot set net.ipv4.ping_group_range"; exit 77; }
out=$(mktemp)
python3 -c '
import socket as S, time
p4 = S.socket(S.AF_INET, S.SOCK_DGRAM, S.IPPROTO_ICMP)
p4.connect(("127.0.0.1", 0))
p4.send(b"\x08\0\0\0\0\0\0\0ping")      # an echo request: its reply waits
p6 = S.socket(S.AF_INET6, S.SOCK_DGRAM, S.IPPROTO_ICMPV6)
p6.bind(("::1", 0))
print("ready", flush=True)
time.sleep(60)' >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do
    # ready, and the echo reply queued (Recv-Q) on the connected one
    grep -q ready "$out" &&
        awk 'NR > 1 && $5 != "00000000:00000000"' /proc/net/icmp | grep -q . && break
    sleep 0.1
done

# What /proc says: "proto local-address ident inode uid rxq", one a line
want=$(python3 - <<'EOF'
import ipaddress, socket, struct
for name, proto in (("/proc/net/icmp", "icmp"), ("/proc/net/icmp6", "icmp6")):
    for line in open(name).read().splitlines()[1:]:
        f = line.split()
        addr, port = f[1].split(":")
        raw = bytes.fromhex(addr)
        # the kernel prints its in-memory words: undo them per 4 bytes
        words = b"".join(struct.pack("=I", int.from_bytes(raw[i:i + 4], "big"))
                         for i in range(0, len(raw), 4))
        a = ipaddress.ip_address(words)
        rxq = int(f[4].split(":")[1], 16)
        print(proto, a, int(port, 16), f[9], f[7], rxq)
EOF
)
[ "$(wc -l <<<"$want")" -eq 2 ] && ok "/proc lists both ping sockets" ||
    fail "/proc/net/icmp{,6} should hold 2 sockets: $want"

for src in auto proc; do
    # the State column is empty for an unconnected one: fields shift
    got=$("$sv" --icmp -ae --numeric-users --source=$src 2>/dev/null | python3 -c '
import sys
for line in sys.stdin.read().splitlines()[2:]:
    f = line.split()
    ip, port = f[3].rsplit(":", 1)
    user, inode = (f[6], f[7]) if f[5] == "ESTABLISHED" else (f[5], f[6])
    print(f[0], ip, port, inode, user, f[1])' | sort)
    if [ "$got" = "$(sort <<<"$want")" ]; then
        ok "--icmp -ae --source=$src lists what /proc/net/icmp{,6} hold"
    else
        fail "--icmp -ae --source=$src differs from /proc"
        diff <(sort <<<"$want") <(echo "$got")
    fi
done

# the connected one is not listening: shown without -a; the bound one is
text=$("$sv" --icmp -n)
expect_line "$text" '^icmp +[0-9]+ +0 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:\* +ESTABLISHED' \
    "the connected ping socket is listed without -a"
expect_no_line "$text" '^icmp6' "the unconnected one only with -a or -l"
expect_line "$("$sv" --icmp -ln)" '^icmp6 +0 +0 ::1:[0-9]+ +:::\*' \
    "-l lists the unconnected ping socket"
# the owner, as -p finds it
expect_line "$("$sv" --icmp -anp 2>/dev/null)" "^icmp .* $pid/python3 *\$" "-p names the owner"
expect_line "$("$sv" --icmp -an --pid "$pid")" "^icmp6 .* $pid/python3 *\$" "--pid selects its ping sockets"

# JSON: proto icmp or icmp6, the ident as the local port, no service
json=$("$sv" --icmp -a -j 2>/dev/null)
python3 - "$json" "$pid" <<'EOF' && ok "JSON: proto, family, ident, owner" || fail "JSON of ping sockets: $json"
import json, sys
rows = json.loads(sys.argv[1])
assert sorted(r["proto"] for r in rows) == ["icmp", "icmp6"], rows
for r in rows:
    assert r["family"] == ("inet" if r["proto"] == "icmp" else "inet6")
    assert r["local"]["port"] > 0 and r["local"]["service"] is None
    assert r["owners"][0]["pid"] == int(sys.argv[2])
EOF
# -s counts them under icmp
expect_line "$("$sv" -s --icmp)" '^icmp +1 +1 +2 +0$' "-s --icmp counts one of each family"

# no diag module lists them: --source=netlink says so, exit 1, no rows
err=$("$sv" --icmp -a --source=netlink 2>&1 >/dev/null)
rc=$?
[ $rc -eq 1 ] && grep -q "no sock_diag module" <<<"$err" &&
    [ -z "$("$sv" --icmp -a --source=netlink 2>/dev/null)" ] &&
    ok "--source=netlink refuses ping sockets: $err" ||
    fail "--source=netlink with --icmp: exit $rc, '$err'"

# --record keeps /proc/net/icmp; --replay lists it again
rec=$(mktemp)
trap 'kill $pid 2>/dev/null; rm -f "$out" "$rec"' EXIT
a=$("$sv" --icmp -ane --record "$rec" 2>/dev/null)
b=$("$sv" --icmp -ane --replay "$rec" 2>/dev/null)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "--replay lists the recorded ping sockets" ||
    fail "--record/--replay of ping sockets differ"
finish
