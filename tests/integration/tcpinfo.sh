#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -i/--info and -m/--memory against ss in the same namespace: idle
# loopback connections with known traffic (tcpinfo_sockets.py), one of
# them with reno; the words that stand still while a connection is idle
# equal ss -tin's, skmem is well formed and equal to ss -tinm's where it
# stands still, JSON holds the same numbers by name, an ss -D recording
# made with -i replays to ss's own lines, and --source=proc says once
# what it cannot show.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 ss jq
tmp=$(mktemp -d)
python3 "$here/tcpinfo_sockets.py" --lifetime 120 >"$tmp/fixture" &
fixture_pid=$!
trap 'kill $fixture_pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 150); do
    grep -q ready "$tmp/fixture" && break
    sleep 0.1
done
grep -q ready "$tmp/fixture" || { echo "fixture did not start"; exit 1; }

# The info line of each TCP connection, keyed "local peer" (IPv6 without
# brackets), from sockview's rows or ss's; a TIME_WAIT or a listener too.
lines() { # $1: sockview or ss, file on stdin
    python3 -c '
import sys, re
kind = sys.argv[1]
rows = sys.stdin.read().split("\n")
for i, row in enumerate(rows[:-1]):
    nxt = rows[i + 1]
    if not nxt.startswith("\t"):
        continue
    f = row.split()
    if kind == "sockview":
        if len(f) < 6 or not f[0].startswith("tcp"):
            continue
        local, peer = f[3], f[4]
    else:
        if len(f) < 5:
            continue
        local, peer = f[3], f[4]
    norm = lambda a: a.replace("[", "").replace("]", "")
    print(norm(local), norm(peer), "|" + nxt.rstrip())
' "$1"
}

# Of a line, the words that stand still on an idle connection.
still() {
    python3 -c '
import sys, re
keep = ("wscale", "mss", "pmtu", "rcvmss", "advmss", "cwnd", "ssthresh",
        "rcv_space", "rcv_ssthresh", "delivered")
for line in sys.stdin:
    key, _, info = line.rstrip("\n").partition("|")
    key = key.strip()
    words = info.split()
    out = []
    if words and ":" not in words[0]:
        out.append("algorithm=" + words[0])
    for w in words:
        k, sep, v = w.partition(":")
        if sep and (k in keep or k.startswith(("bytes_", "segs_", "data_segs_"))):
            out.append(w)
    print(key, " ".join(out))
'
}

# --- the words that stand still equal ss -tin's ----------------------------
ss -Htn -i >"$tmp/ss.txt"
lines ss <"$tmp/ss.txt" | still | sort >"$tmp/ss.still"
n=$(wc -l <"$tmp/ss.still")
[ "$n" -eq 6 ] || fail "ss shows $n connections, not the fixture's 6"
"$sv" -tuan -o >"$tmp/sv.txt"
expect_no_line "$(cat "$tmp/sv.txt")" $'^\t' "-tuano: no line without -i or -m"
"$sv" -tni >"$tmp/sv.txt"
lines sockview <"$tmp/sv.txt" | still | sort >"$tmp/sv.still"
if [ "$n" -eq 6 ] && cmp -s "$tmp/sv.still" "$tmp/ss.still"; then
    ok "-tni: algorithm, wscale, mss, pmtu, rcvmss, advmss, cwnd, ssthresh, bytes_*, segs_*, data_segs_*, rcv_space, rcv_ssthresh, delivered as ss -tin"
else
    fail "-tni differs from ss -tin"
    diff "$tmp/sv.still" "$tmp/ss.still" | head -20
fi
# the known traffic is there, and the reno connection says so
expect_line "$(cat "$tmp/sv.still")" '^127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:7070 algorithm=reno .* bytes_sent:4321 (bytes_retrans:[0-9]+ )?bytes_acked:4322 bytes_received:1234 ' \
    "the reno connection: its algorithm and the bytes it moved"
# (bytes_retrans may stand between them: loopback retransmits too, when
# the machine is busy)
expect_line "$(cat "$tmp/sv.still")" '^::1:[0-9]+ ::1:7071 .* bytes_sent:300000 (bytes_retrans:[0-9]+ )?bytes_acked:300001 bytes_received:5000 ' \
    "the IPv6 connection: 300000 bytes out, 5000 in"
# every word, in ss's order: the same keys, whatever the values
lines sockview <"$tmp/sv.txt" | sed 's/:[^ ]*//g; s/[0-9.]*[kMGT]\{0,1\}bps//g' | sort >"$tmp/sv.keys"
lines ss <"$tmp/ss.txt" | sed 's/:[^ ]*//g; s/[0-9.]*[kMGT]\{0,1\}bps//g' | sort >"$tmp/ss.keys"
cmp -s "$tmp/sv.keys" "$tmp/ss.keys" && ok "-tni: every word of ss's, in its order" ||
    { fail "-tni: the words or their order differ"; diff "$tmp/sv.keys" "$tmp/ss.keys" | head; }
# -o adds ss -o's options (ts sack), as ss prints them with -o
"$sv" -tnio --sport 7070 | grep -c $'^\t ts sack bbr\|^\t ts sack reno\|^\t ts sack cubic' >"$tmp/count"
ss -Htnio sport = :7070 | grep -c $'^\t ts sack' >"$tmp/sscount"
[ "$(cat "$tmp/count")" = "$(cat "$tmp/sscount")" ] && [ "$(cat "$tmp/count")" -ge 2 ] &&
    ok "-tnio: ts sack first, as ss -tino" || fail "-tnio: $(cat "$tmp/count") lines with ts sack, ss $(cat "$tmp/sscount")"
# not numeric: ss's units
"$sv" -ti --dport 7070 | grep -qE $'^\t .* send [0-9.]+[kMGT]?bps ' &&
    ok "-ti: rates in ss's units" || fail "-ti: no 'send 1.2Gbps' rate"

# --- -m: skmem, well formed, for UDP too -----------------------------------
"$sv" -tnim >"$tmp/svm.txt"
ss -Htnim >"$tmp/ssm.txt"
skmem_re='skmem:\(r[0-9]+,rb[0-9]+,t[0-9]+,tb[0-9]+,f[0-9]+,w[0-9]+,o[0-9]+,bl[0-9]+,d[0-9]+\)'
bad=$(grep -c $'^\t' "$tmp/svm.txt")
good=$(grep -cE $'^\t '"$skmem_re"' ' "$tmp/svm.txt")
[ "$bad" -eq 6 ] && [ "$good" -eq 6 ] &&
    ok "-tnim: skmem on all 6 lines, well formed, first" || fail "-tnim: $good of $bad lines with a well formed skmem"
# what stands still of it (the buffer sizes) equals ss's
sk() { python3 -c '
import sys, re
for line in sys.stdin:
    key, _, info = line.partition("|")
    m = re.search(r"skmem:\(r\d+,rb(\d+),t\d+,tb(\d+)", info)
    print(key, m and m.groups())
' | sort; }
lines sockview <"$tmp/svm.txt" | sk >"$tmp/sv.sk"
lines ss <"$tmp/ssm.txt" | sk >"$tmp/ss.sk"
cmp -s "$tmp/sv.sk" "$tmp/ss.sk" && ok "-tnim: rcvbuf and sndbuf as ss -tinm" ||
    { fail "-tnim: skmem differs from ss's"; diff "$tmp/sv.sk" "$tmp/ss.sk" | head; }
out=$("$sv" -unam)
expect_line "$out" $'^\t skmem:\\(r[1-9][0-9]*,rb[0-9]+,t0,' "-unam: the UDP socket's memory, a datagram waiting"
out=$("$sv" -unai)
expect_no_line "$out" $'^\t' "-unai: nothing under UDP, as ss -i"

# --- JSON: the same numbers, by name ---------------------------------------
"$sv" -tnim -j --state established >"$tmp/sv.json"
"$sv" -tnim --state established >"$tmp/sv.txt"
python3 - "$tmp/sv.json" "$tmp/sv.txt" >"$tmp/json.out" <<'PY'
import json, re, sys
rows = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read().split("\n")
info = {}
for i, row in enumerate(text[:-1]):
    f = row.split()
    if f and f[0].startswith("tcp") and text[i + 1].startswith("\t"):
        info[(f[3], f[4])] = text[i + 1]
need = ["rtt_us", "rttvar_us", "snd_cwnd", "snd_ssthresh", "bytes_acked",
        "bytes_received", "total_retrans", "delivery_rate", "pacing_rate",
        "min_rtt_us", "snd_mss", "rcv_space", "segs_out", "rcv_wnd"]
bad = []
def ep(e):
    a = e["address"]
    return "%s:%d" % (a, e["port"])
for r in rows:
    ti = r.get("tcp_info")
    if not isinstance(ti, dict):
        bad.append("no tcp_info")
        continue
    missing = [k for k in need if k not in ti]
    if missing:
        bad.append("missing " + " ".join(missing))
    line = info.get((ep(r["local"]), ep(r["peer"])), "")
    words = dict(w.split(":", 1) for w in line.split() if ":" in w)
    alg = line.split()[1] if len(line.split()) > 1 else None
    checks = [("congestion", r.get("congestion"), alg),
              ("cwnd", str(ti.get("snd_cwnd")), words.get("cwnd")),
              ("mss", str(ti.get("snd_mss")), words.get("mss")),
              ("bytes_acked", str(ti.get("bytes_acked")), words.get("bytes_acked")),
              ("rcv_space", str(ti.get("rcv_space")), words.get("rcv_space")),
              ("rtt", "%g/%g" % (ti["rtt_us"] / 1000, ti["rttvar_us"] / 1000), words.get("rtt")),
              ("segs_out", str(ti.get("segs_out")), words.get("segs_out"))]
    sk = r.get("skmem") or {}
    checks.append(("skmem", "(r%d,rb%d,t%d,tb%d,f%d,w%d,o%d,bl%d,d%d)" % tuple(
        sk.get(k, -1) for k in ("rmem_alloc", "rcvbuf", "wmem_alloc", "sndbuf",
        "fwd_alloc", "wmem_queued", "optmem", "backlog", "drops")), words.get("skmem")))
    for name, j, t in checks:
        if j != t:
            bad.append("%s: JSON %s, text %s" % (name, j, t))
print(len(rows), "rows")
print("\n".join(bad) if bad else "same")
PY
expect_line "$(cat "$tmp/json.out")" '^6 rows$' "-j -i: the 6 established connections"
expect_line "$(cat "$tmp/json.out")" '^same$' "-j -im: tcp_info, congestion and skmem by name, equal to the text"
grep -v '^6 rows$\|^same$' "$tmp/json.out" | head -5

# --- an ss -D recording made with -i replays to ss's own lines -------------
# (ss reads back only the IPv4 part of its file: those lines, every byte)
ss -tin -D "$tmp/ss.rec" >/dev/null
TCPDIAG_FILE="$tmp/ss.rec" ss -Htin >"$tmp/ss.txt"
"$sv" --replay "$tmp/ss.rec" -tni >"$tmp/sv.txt" 2>"$tmp/err"
lines ss <"$tmp/ss.txt" | sort >"$tmp/ss.lines"
lines sockview <"$tmp/sv.txt" | sort >"$tmp/sv.lines"
if [ "$(wc -l <"$tmp/ss.lines")" -ge 4 ] && [ ! -s "$tmp/err" ] &&
    [ -z "$(comm -23 "$tmp/ss.lines" "$tmp/sv.lines")" ]; then
    ok "--replay of ss -tin -D: $(wc -l <"$tmp/ss.lines") lines as TCPDIAG_FILE=... ss -tin prints them"
else
    fail "--replay of ss -tin -D differs from ss's"
    comm -23 "$tmp/ss.lines" "$tmp/sv.lines" | head -4
    cat "$tmp/err"
fi
# ours replays to what the listing printed (record.sh does the rest)
"$sv" -tuanim --record "$tmp/our.rec" >"$tmp/live"
"$sv" --replay "$tmp/our.rec" -tuanim >"$tmp/replay"
cmp -s "$tmp/live" "$tmp/replay" && grep -q $'^\t skmem' "$tmp/replay" &&
    ok "--record -tuanim replays to the same lines" || fail "our -i -m recording replays differently"

# --- /proc: one note, and the lines stay -----------------------------------
"$sv" -tnai --source=proc >"$tmp/out" 2>"$tmp/err"
[ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q '^sockview: -i/--info and -m/--memory: /proc/net has only' "$tmp/err" &&
    ok "--source=proc -i: one note on stderr" || fail "--source=proc -i: $(cat "$tmp/err")"
rows=$(grep -c '^tcp' "$tmp/out")
tabs=$(grep -c $'^\t$' "$tmp/out")
[ "$rows" -eq 8 ] && [ "$tabs" -eq 8 ] && ok "--source=proc -i: a line under each of the 8 rows" ||
    fail "--source=proc -i: $rows rows, $tabs lines"
"$sv" -tnai >/dev/null 2>"$tmp/err"
[ ! -s "$tmp/err" ] && ok "netlink -i: no note" || fail "netlink -i: $(cat "$tmp/err")"

# --- -s --prometheus -i: per listening port, and "other" -------------------
prom=$("$sv" -s -i --prometheus)
# retransmits happen on a busy machine, loopback too: the sum is the JSON's
retr=$("$sv" -tni -j --state established |
    jq '[.[] | select(.local.port != 7070 and .local.port != 7071) | .tcp_info.total_retrans] | add')
# 7070: two accepted connections (2000 + 1234 bytes sent, 1000 + 4321
# received); 7071: one (300000 received); other: the three clients
if python3 "$here/prom_check.py" \
    'sockview_tcp_port_connections{port="7070",state="established"} 2' \
    'sockview_tcp_port_connections{port="7071",state="established"} 1' \
    'sockview_tcp_port_connections{port="other",state="established"} 3' \
    'sockview_tcp_port_live_bytes_acked{port="7070"} 3234' \
    'sockview_tcp_port_live_bytes_received{port="7070"} 5321' \
    'sockview_tcp_port_live_bytes_received{port="7071"} 300000' \
    'sockview_tcp_port_live_bytes_received{port="other"} 8234' \
    "sockview_tcp_port_live_retransmits{port=\"other\"} $retr" \
    'sockview_tcp_rtt_seconds_bucket{port="7070",le="+Inf"} 2' \
    'sockview_tcp_rtt_seconds_count{port="other"} 3' <<<"$prom"; then
    ok "-s -i --prometheus: per-port series, right sums, the exposition grammar"
else
    fail "-s -i --prometheus"
    echo "$prom" | grep tcp_port | head
fi
expect_line "$prom" '^# TYPE sockview_tcp_port_live_bytes_acked gauge$' "the sums are gauges"
expect_line "$prom" '^# HELP sockview_tcp_port_live_retransmits .*not a counter' "and their HELP says so"
expect_line "$prom" '^sockview_tcp_rtt_seconds_bucket\{port="7071",le="0.0001"\} [01]$' "the RTT buckets start at 100 us"
expect_line "$prom" '^sockview_tcp_rtt_seconds_bucket\{port="7071",le="10"\} 1$' "and end at 10 s"
n=$(grep -c '^sockview_tcp_port_connections' <<<"$prom")
[ "$n" -eq 3 ] && ok "bounded: the two listening ports and other" || fail "$n connection series"
expect_no_line "$("$sv" -s --prometheus)" 'sockview_tcp_port|sockview_tcp_rtt' "-s --prometheus without -i: no per-port series"

# --- --explain -i: only what is true ---------------------------------------
out=$("$sv" -tn --explain -i --dport 7070)
expect_line "$out" '^        .*app_limited: the program, not the network, is the bottleneck' \
    "--explain -i: an idle connection that sent data is app_limited"
expect_no_line "$out" 'retransmitting|receive window is zero|send buffer|not reading' \
    "--explain -i: nothing else is said of idle connections"
# a peer that does not read: its window closes, data waits on both sides
python3 - >"$tmp/zw" <<'PY' &
import socket as S, time
l = S.socket(); l.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
l.setsockopt(S.SOL_SOCKET, S.SO_RCVBUF, 4096)
l.bind(("127.0.0.1", 7080)); l.listen(1)
c = S.create_connection(("127.0.0.1", 7080)); a, _ = l.accept()
c.setblocking(False)
sent, end = 0, time.monotonic() + 5
while time.monotonic() < end:
    try:
        sent += c.send(b"z" * 65536)
    except BlockingIOError:
        time.sleep(0.05)
        try:
            sent += c.send(b"z" * 65536)
        except BlockingIOError:
            break
time.sleep(1.5)  # what arrived stays unread for more than a second
print("ready", sent, flush=True)
time.sleep(60)
PY
zw_pid=$!
for _ in $(seq 100); do grep -q ready "$tmp/zw" && break; sleep 0.1; done
out=$("$sv" -tn --explain -i --dport 7080)
expect_line "$out" "^        .*the peer's receive window is zero: the peer is not reading" \
    "--explain -i: the writer sees the peer's zero window"
out=$("$sv" -tn --explain -i --sport 7080)
expect_line "$out" '^        .*the last data arrived [0-9.]+ s ago and [0-9]+ bytes? (is|are) still unread: the owning program is not reading' \
    "--explain -i: the reader that does not read"
expect_no_line "$out" 'zero: the peer' "--explain -i: the reader's peer reads"
kill $zw_pid 2>/dev/null

# --- -c --diff -i: a closed row keeps the line of the round before ---------
python3 - >"$tmp/short" <<'PY' &
import socket as S, time
l = S.socket(); l.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", 7085)); l.listen(1)
print("listening", flush=True)
time.sleep(1.2)
c = S.create_connection(("127.0.0.1", 7085)); a, _ = l.accept()
c.sendall(b"q" * 777); a.recv(1000)
time.sleep(1.5)
c.close(); a.close()
time.sleep(5)
PY
short_pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/short" && break; sleep 0.1; done
timeout 5 "$sv" -tni -c 0.5 --diff --dport 7085 >"$tmp/diff" 2>&1
kill $short_pid 2>/dev/null
expect_line "$(grep -A1 '^+ tcp .*:7085 ' "$tmp/diff")" $'^\t .* bytes_sent:777 ' "--diff -i: the new connection with its line"
expect_line "$(grep -A1 '^- tcp .*:7085 .*ESTABLISHED' "$tmp/diff")" $'^\t .* bytes_sent:777 ' \
    "--diff -i: the closed connection with the line of its last round"

# --- usage ---------------------------------------------------------------
"$sv" -xi >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '^sockview: -i/--info does not work with -x' "$tmp/err" &&
    ok "-xi: a usage error" || fail "-xi: $(cat "$tmp/err")"
"$sv" -s -m --prometheus >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && ok "-s -m: a usage error" || fail "-s -m: $(cat "$tmp/err")"
finish
