#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -x/--unix: UNIX domain sockets against netstat -x, from netlink and
# from /proc/net/unix, in a private network namespace; -p names the
# owner, -e shows the peer, abstract names start with '@'.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 netstat timeout

tmp=$(mktemp -d)
python3 "$here/unix_sockets.py" "$tmp" >"$tmp/out" &
fixture_pid=$!
trap 'kill $fixture_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 100); do
    grep -q ready "$tmp/out" && break
    sleep 0.1
done
grep -q ready "$tmp/out" || { echo "FAIL: fixture did not start"; exit 1; }
read -r _ stream_c stream_s < <(grep '^stream' "$tmp/out")
read -r _ seq_a seq_b < <(grep '^seqpacket' "$tmp/out")
read -r _ dgram_c dgram_s < <(grep '^dgram' "$tmp/out")
read -r _ listener < <(grep '^listener' "$tmp/out")
read -r _ pending < <(grep '^pending' "$tmp/out")

# netstat's row of a connection not yet accepted (inode 0) with the
# RefCnt that netlink cannot know, "-" (the documented difference)
no_refcnt() {
    awk '{ if (substr($0, 1, 6) == "unix  " && substr($0, 51, 2) == "0 ")
               $0 = substr($0, 1, 6) sprintf("%-6s", "-") substr($0, 13)
           print }'
}

for flags in -xa -xap -x -xl -xlp; do
    want=$(netstat "${flags}W" | sort)
    got=$("$sv" "$flags" --source=proc | sort)
    [ "$got" = "$want" ] && ok "$flags --source=proc = netstat ${flags}W" ||
        { fail "$flags --source=proc differs from netstat"; diff <(echo "$want") <(echo "$got") | head; }
    want=$(netstat "${flags}W" | no_refcnt | sort)
    got=$("$sv" "$flags" --source=netlink | sort)
    [ "$got" = "$want" ] && ok "$flags --source=netlink = netstat ${flags}W (RefCnt '-' for inode 0)" ||
        { fail "$flags --source=netlink differs from netstat"; diff <(echo "$want") <(echo "$got") | head; }
done

a=$("$sv" -xap)
n=$(awk 'NR > 2' <<<"$a" | wc -l)
[ "$n" -eq 10 ] && ok "10 sockets listed" || fail "$n sockets listed, 10 expected"
expect_line "$a" "^unix  2      \\[ ACC \\]     STREAM     LISTENING     $listener +$fixture_pid/python3 +$tmp/listen\\.sock\$" \
    "listener: flags, state, owner, path"
expect_line "$a" "^unix  2      \\[ ACC \\]     STREAM     LISTENING     [0-9]+ +$fixture_pid/python3 +@sockview-abstract@x\$" \
    "abstract name with '@', its NUL bytes too"
expect_line "$a" "^unix  -      \\[ \\]         STREAM     CONNECTING    0        - +$tmp/listen\\.sock\$" \
    "the connection not yet accepted, from the listener's queue"
expect_line "$a" "^unix  [23]      \\[ \\]         DGRAM      CONNECTED     $dgram_s +$fixture_pid/python3 +$tmp/dgram\\.sock\$" \
    "bound datagram socket"
expect_line "$("$sv" -x)" "SEQPACKET +CONNECTED +$seq_a +\$" "default: connected sockets, unnamed"
expect_no_line "$("$sv" -x)" "LISTENING" "default: no servers"
expect_no_line "$("$sv" -xl)" "CONNECTED" "-l: servers only"

# -e: the peer inode after I-Node
e=$("$sv" -xae)
expect_line "$e" "^Proto RefCnt Flags       Type       State         I-Node   Peer     Path\$" "-e header"
expect_line "$e" "STREAM +CONNECTED +$stream_c +$stream_s +\$" "-e: stream client's peer"
expect_line "$e" "STREAM +CONNECTED +$stream_s +$stream_c +$tmp/listen\\.sock\$" "-e: accepted end's peer"
expect_line "$e" "SEQPACKET +CONNECTED +$seq_a +$seq_b +\$" "-e: socketpair peers"
expect_line "$e" "DGRAM +CONNECTED +$dgram_c +$dgram_s +\$" "-e: datagram client's peer"
expect_line "$e" "CONNECTING +0 +$pending +$tmp/listen\\.sock\$" "-e: the pending connection's client"
expect_line "$e" "LISTENING +$listener +- +$tmp/listen\\.sock\$" "-e: a listener has no peer"
expect_line "$("$sv" -xae --source=proc)" "STREAM +CONNECTED +$stream_c +- +\$" "-e from /proc: peer unknown, '-'"

# --pid: every socket of the process (all but the pending one)
p=$("$sv" -x --pid "$fixture_pid" | awk 'NR > 2' | wc -l)
[ "$p" -eq 9 ] && ok "--pid lists the process's 9 sockets" || fail "--pid listed $p sockets"

# JSON: the same sockets, every owner, valid for a JSON parser
for src in netlink proc; do
    "$sv" -xa -j --source=$src >"$tmp/json" &&
        python3 - "$tmp/json" "$("$sv" -xa -H --source=$src | wc -l)" "$fixture_pid" <<'PY' &&
import json, sys
socks = json.load(open(sys.argv[1]))
assert len(socks) == int(sys.argv[2]), (len(socks), sys.argv[2])
assert all(s["proto"] == "unix" for s in socks)
assert any(s["listening"] and "ACC" in s["flags"] for s in socks)
assert any(o["pid"] == int(sys.argv[3]) for s in socks for o in s["owners"])
PY
        ok "-xa -j --source=$src: the listing's sockets, as JSON" ||
        fail "-xa -j --source=$src"
done
[ "$("$sv" -xa --json=lines | wc -l)" -eq "$("$sv" -xa -H | wc -l)" ] &&
    ok "-x --json=lines: one line per socket" || fail "-x --json=lines"

# options that do not apply: usage errors
for opt in --sport=1 --state=listen; do
    out=$("$sv" -x "$opt" 2>"$tmp/err")
    rc=$?
    [ "$rc" -eq 2 ] && [ -z "$out" ] && grep -q "does not work with -x" "$tmp/err" &&
        ok "-x $opt: $(cat "$tmp/err")" || fail "-x $opt: exit $rc: $(cat "$tmp/err")"
done
finish
