#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# sockview lists real sockets in the right states, with the selection
# options netstat users know.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3
start_fixture

all=$("$sv" -tuna)
expect_line "$all" '^Active Internet connections \(servers and established\)$' "title with -a"
expect_line "$all" '^Proto Recv-Q Send-Q Local Address +Foreign Address +State +$' "column header"
expect_line "$all" '^tcp +0 +0 127\.0\.0\.1:9999 +0\.0\.0\.0:\* +LISTEN +$' "IPv4 listener"
expect_line "$all" '^tcp +5 +0 127\.0\.0\.1:9999 +127\.0\.0\.1:[0-9]+ +ESTABLISHED$' "unread data in Recv-Q"
expect_line "$all" '^tcp +0 +0 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:9999 +TIME_WAIT +$' "TIME_WAIT"
expect_line "$all" '^tcp +1 +0 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:9999 +CLOSE_WAIT +$' "CLOSE_WAIT"
expect_line "$all" '^tcp +0 +0 127\.0\.0\.1:9999 +127\.0\.0\.1:[0-9]+ +FIN_WAIT2 +$' "FIN_WAIT2"
expect_line "$all" '^tcp6 +0 +0 :::8080 +:::\* +LISTEN +$' "dual-stack listener"
expect_line "$all" '^tcp6 +0 +0 127\.0\.0\.1:8080 +127\.0\.0\.1:[0-9]+ +ESTABLISHED$' "IPv4-mapped peer"
expect_line "$all" '^tcp6 +0 +0 ::1:22 +::1:[0-9]+ +ESTABLISHED$' "IPv6 connection"
expect_line "$all" '^udp +0 +0 127\.0\.0\.1:5353 +0\.0\.0\.0:\* +$' "bound UDP"
expect_line "$all" '^udp +0 +0 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:5353 +ESTABLISHED$' "connected UDP"
expect_line "$all" '^udp6 +0 +0 ::1:53 +:::\* +$' "bound UDP6"
expect_no_line "$all" '^raw' "no raw without -w"

# order: tcp, tcp6, udp, udp6
order=$(awk 'NR > 2 { print $1 }' <<<"$all" | uniq | tr '\n' ' ')
[ "$order" = "tcp tcp6 udp udp6 " ] && ok "netstat's order" || fail "order is '$order'"

lst=$("$sv" -tunl)
expect_line "$lst" '^Active Internet connections \(only servers\)$' "title with -l"
expect_no_line "$lst" 'ESTABLISHED|TIME_WAIT|CLOSE_WAIT' "-l shows listeners only"
expect_line "$lst" '^udp +0 +0 127\.0\.0\.1:5353 ' "-l shows unconnected UDP"

conn=$("$sv" -tun)
expect_line "$conn" '^Active Internet connections \(w/o servers\)$' "title without -a or -l"
expect_no_line "$conn" 'LISTEN|:5353 +0\.0\.0\.0' "default hides listeners"
expect_line "$conn" 'ESTABLISHED' "default shows connections"

v4=$("$sv" -tuna4)
expect_no_line "$v4" '^(tcp6|udp6)' "-4 hides IPv6"
v6=$("$sv" -tuna6)
expect_no_line "$v6" '^(tcp|udp) ' "-6 hides IPv4"
udp=$("$sv" -una)
expect_no_line "$udp" '^tcp' "-u hides TCP"

# port names come from the services file
svc=$(mktemp)
printf 'ssh 22/tcp # Secure Shell\nbogus 9999/udp\nmdns 5353/udp\n' >"$svc"
named=$("$sv" -tua --services "$svc")
expect_line "$named" '^tcp6 +0 +0 ::1:ssh +:::\* +LISTEN' "22/tcp named ssh"
expect_line "$named" '^tcp +0 +0 127\.0\.0\.1:9999 +0\.0\.0\.0:\*' "9999/tcp stays numeric (only 9999/udp is named)"
expect_line "$named" '^udp +0 +0 127\.0\.0\.1:mdns ' "5353/udp named mdns"
numeric=$("$sv" -tuan --services "$svc")
expect_no_line "$numeric" ':ssh|:mdns' "-n names nothing"
numports=$("$sv" -tua --numeric-ports --services "$svc")
expect_no_line "$numports" ':ssh|:mdns' "--numeric-ports names nothing"
rm -f "$svc"

noheader=$("$sv" -tunaH)
expect_no_line "$noheader" '^(Active|Proto)' "-H drops the header"
[ "$(wc -l <<<"$noheader")" -eq $(($(wc -l <<<"$all") - 2)) ] && ok "-H keeps every row" || fail "-H lost rows"

# -W is accepted and changes nothing; long options equal short ones
[ "$("$sv" -tunaW)" = "$all" ] && ok "-W changes nothing" || fail "-W changed the output"
[ "$("$sv" --tcp --udp --numeric --all)" = "$all" ] && ok "long options" || fail "long options differ"

# a closed pipe ends the listing quietly
err=$("$sv" -tuna 2>&1 >/dev/null | head -1)
[ -z "$err" ] && ok "no stderr" || fail "stderr: $err"
piped=$( { "$sv" -tuna | head -1; } 2>&1)
[ "$piped" = "Active Internet connections (servers and established)" ] &&
    ok "| head -1 ends quietly" || fail "| head -1 printed: $piped"

# RAW sockets with -w (auto falls back to /proc where raw_diag is absent)
python3 -c 'import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_RAW, 1); print("ready", flush=True); time.sleep(10)' >/dev/null &
raw_pid=$!
for _ in $(seq 50); do
    raw=$("$sv" -wan)
    grep -q '^raw ' <<<"$raw" && break
    sleep 0.1
done
named_raw=$("$sv" -wa)
kill $raw_pid
if grep -q '^icmp[[:space:]]' /etc/protocols 2>/dev/null; then
    expect_line "$named_raw" '^raw +0 +0 0\.0\.0\.0:icmp +0\.0\.0\.0:\* +7 +$' \
        "raw protocol named from /etc/protocols, as netstat does"
fi
expect_line "$raw" '^raw +0 +0 0\.0\.0\.0:1 +0\.0\.0\.0:\* +7 +$' "raw ICMP socket, numeric state"

# --source=netlink on a kernel without raw_diag (probed: the RAW dump
# alone fails): a listing that needs it fails before it writes anything,
# though its TCP rows come first
if "$sv" -wan --source=netlink >/dev/null 2>&1; then
    echo "note: this kernel has raw_diag; the failure before output is not tried"
else
    tmp_err=$(mktemp)
    out=$("$sv" -tuwan --source=netlink 2>"$tmp_err")
    rc=$?
    if [ "$rc" -eq 1 ] && [ -z "$out" ] && grep -q raw_diag "$tmp_err"; then
        ok "-tuwan --source=netlink without raw_diag: exit 1, nothing on stdout"
    else
        fail "-tuwan --source=netlink: exit $rc, stdout '$(head -3 <<<"$out")'"
    fi
    rm -f "$tmp_err"
fi
finish
