#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# MPTCP sockets (-M, -A mptcp) made in a private namespace: a listener of
# each family and a connected pair over IPv4. Listed as ss -M -a -n -p
# lists them (addresses, ports, states, owners), from netlink and auto
# alike, in text and JSON; --source=proc says in one line that no /proc
# file lists them. Skipped where the kernel has no MPTCP.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 ss
[ "$(sysctl -n net.mptcp.enabled 2>/dev/null)" = 1 ] ||
    { echo "skip: net.mptcp.enabled is not 1"; exit 77; }
out=$(mktemp)
rec=$(mktemp)
python3 -c '
import errno, socket as S, sys, time
try:
    l4 = S.socket(S.AF_INET, S.SOCK_STREAM, 262)  # IPPROTO_MPTCP
except OSError as e:
    print("nomptcp" if e.errno in (errno.EPROTONOSUPPORT, errno.ENOPROTOOPT, errno.EINVAL) else e, flush=True)
    sys.exit(0)
l4.bind(("127.0.0.1", 0)); l4.listen(7)
c = S.socket(S.AF_INET, S.SOCK_STREAM, 262)
c.connect(l4.getsockname())
a, _ = l4.accept()
l6 = S.socket(S.AF_INET6, S.SOCK_STREAM, 262)
l6.bind(("::1", 0)); l6.listen(3)
print("ready", flush=True)
time.sleep(60)' >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out" "$rec"' EXIT
for _ in $(seq 100); do grep -q "ready\|nomptcp" "$out" && break; sleep 0.1; done
grep -q nomptcp "$out" && { echo "skip: no MPTCP in this kernel"; exit 77; }
grep -q ready "$out" || { fail "the MPTCP fixture did not start: $(cat "$out")"; finish; }

# (state, local, peer, pid) as ss -M -a -n -p gives them
want=$(ss -H -M -a -n -p | python3 -c '
import re, sys
states = {"ESTAB": "ESTABLISHED", "LISTEN": "LISTEN"}
for line in sys.stdin:
    f = line.split()
    pid = re.search(r"pid=(\d+)", line)
    local = f[3].replace("[", "").replace("]", "")
    peer = f[4].replace("[", "").replace("]", "")
    peer = re.sub(r"^(\*|0\.0\.0\.0):\*$", "*", peer)
    print(states.get(f[0], f[0]), local, peer, pid.group(1) if pid else "-")' | sort)
[ "$(wc -l <<<"$want")" -eq 4 ] && ok "ss -M lists the four MPTCP sockets" || fail "ss -M: $want"
for src in auto netlink; do
    got=$("$sv" -M -anp -H --source=$src 2>/dev/null | python3 -c '
import re, sys
for line in sys.stdin:
    f = line.split()
    if not f[0].startswith("mptcp"):
        print("bad proto", line); continue
    # the last colon splits the port; the any address and port are one *
    peer = re.sub(r"^(0\.0\.0\.0|::):\*$", "*", f[4])
    print(f[5], f[3], peer, f[6].split("/")[0])' | sort)
    [ "$got" = "$want" ] && ok "-M -anp --source=$src = ss -M -a -n -p" ||
        { fail "-M -anp --source=$src differs from ss"; diff <(echo "$want") <(echo "$got"); }
done
# the Proto column by family, and -A mptcp as -M
protos=$("$sv" -A mptcp -an -H | awk '{ print $1 }' | sort | uniq -c | awk '{ print $2 "=" $1 }' | tr '\n' ' ')
[ "$protos" = "mptcp=3 mptcp6=1 " ] && ok "-A mptcp: three mptcp rows, one mptcp6" || fail "-A mptcp: $protos"
# -l: the listeners only; netstat's default: the connected ones only
[ "$("$sv" -M -ln -H | wc -l)" -eq 2 ] && [ "$("$sv" -M -n -H | wc -l)" -eq 2 ] &&
    ok "-M -l lists the two listeners, -M alone the two connected" || fail "-M -l / -M"
# an MPTCP socket's subflows are TCP sockets, listed by -t as ss -t
# lists them (without owner: no process holds them), never by -M
want_tcp=$(ss -H -t -a -n | wc -l)
got_tcp=$("$sv" -t -an -H | grep -c '^tcp')
[ "$want_tcp" -eq 4 ] && [ "$got_tcp" -eq "$want_tcp" ] &&
    ok "-t lists the four subflows as ss -t -a does" || fail "-t: $got_tcp rows, ss -t: $want_tcp"
json=$("$sv" -M -a -n -p -j 2>/dev/null)
python3 - "$json" "$pid" <<'PY' && ok "-M -j: proto mptcp, families, states, backlog, owners" || fail "-M -j: $json"
import json, sys
rows = json.loads(sys.argv[1])
assert len(rows) == 4, rows
assert all(r["proto"] == "mptcp" for r in rows)
fams = sorted(r["family"] for r in rows)
assert fams == ["inet", "inet", "inet", "inet6"], fams
listen = [r for r in rows if r["state"] == "LISTEN"]
assert sorted(r["backlog"] for r in listen) == [3, 7], listen
assert sum(r["state"] == "ESTABLISHED" for r in rows) == 2
assert all(r["owners"][0]["pid"] == int(sys.argv[2]) for r in rows)
PY
# no /proc file lists MPTCP sockets: one line, exit 1, nothing on stdout
err=$("$sv" -M -an --source=proc 2>&1 >/dev/null); rc=$?
stdout=$("$sv" -M -an --source=proc 2>/dev/null)
[ $rc -eq 1 ] && [ -z "$stdout" ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q "no /proc file" <<<"$err" &&
    ok "-M --source=proc: exit 1, one line: $err" || fail "-M --source=proc: rc $rc: $err / $stdout"
# -i: MPTCP_INFO in ss -M -i's words, for each connected socket by its
# local port (the words after the row; the listeners have none)
want=$(ss -H -M -n -i | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
for row, info in zip(lines[0::2], lines[1::2]):
    print(row.split()[3].rsplit(":", 1)[1], " ".join(info.split()))' | sort)
got=$("$sv" -M -n -i -H | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
for row, info in zip(lines[0::2], lines[1::2]):
    print(row.split()[3].rsplit(":", 1)[1], " ".join(info.split()))' | sort)
[ "$(wc -l <<<"$want")" -eq 2 ] && grep -q "token:" <<<"$want" && [ "$got" = "$want" ] &&
    ok "-M -i: MPTCP_INFO as ss -M -i prints it" ||
    { fail "-M -i differs from ss -M -i"; diff <(echo "$want") <(echo "$got"); }
"$sv" -M -n -i -j | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 2 and all(r["mptcp_info"]["token"] > 0 and r["mptcp_info"]["remote_key"] for r in rows), rows' &&
    ok "-M -i -j: mptcp_info with token and remote_key" || fail "-M -i -j: no mptcp_info"
# a recording keeps the mptcp_diag dump: the replay lists the same rows
live=$("$sv" -M -an --record "$rec")
[ "$("$sv" --replay "$rec" -M -an)" = "$live" ] && [ "$(wc -l <<<"$live")" -eq 6 ] &&
    ok "-M --record, --replay: the same four rows" || fail "-M replay differs from: $live"
# with TCP in one listing, --source=proc fails before any row
stdout=$("$sv" -A tcp,mptcp -an --source=proc 2>/dev/null); rc=$?
[ $rc -eq 1 ] && [ -z "$stdout" ] && ok "-A tcp,mptcp --source=proc: exit 1, no row" ||
    fail "-A tcp,mptcp --source=proc: rc $rc: $stdout"
# -A all leaves MPTCP to -M and says so
note=$("$sv" -A all -an 2>&1 >/dev/null)
grep -q "MPTCP (mptcp_diag is there; -M or -A mptcp lists them)" <<<"$note" &&
    ok "-A all: MPTCP left to -M" || fail "-A all note: $note"
finish
