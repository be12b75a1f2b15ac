#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --serve --udp: each datagram and its sender logged; --echo's round trip
# over IPv4 and IPv6, on one dual-stack socket and on bound ones; never
# an echo to the server's own port (a forged datagram would loop for
# ever), and at most 100 echoes a second to one source.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
. "$(dirname "$0")/serve_lib.sh"
ts='^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} '

start_server dual --serve 0 --udp --echo
spid=$server_pid port=$server_port
expect_line "$(head -1 "$tmp/dual.log")" "${ts}listening on UDP \[::\] port $port \(IPv4 and IPv6\), pid $spid, echo on; inspect with: sockview -unp --pid $spid\$" \
    "start line"
expect_line "$("$sv" -unp --pid "$spid")" "^udp6 +0 +0 :::$port +:::\* +$spid/sockview" \
    "-unp --pid SERVER: the socket"
out=$("$helper" udp 127.0.0.1 "$port" "hello over v4") && [ "$out" = "hello over v4" ] &&
    ok "IPv4 round trip" || fail "IPv4 round trip: '$out'"
out=$("$helper" udp ::1 "$port" "hello over v6") && [ "$out" = "hello over v6" ] &&
    ok "IPv6 round trip" || fail "IPv6 round trip: '$out'"
nbytes=26
if command -v nc >/dev/null; then
    out=$(printf 'from nc\n' | timeout 5 nc -u -w1 127.0.0.1 "$port")
    [ "$out" = "from nc" ] && ok "nc -u round trip" || fail "nc -u got '$out'"
    nbytes=$((nbytes + 8))
fi
log=$(cat "$tmp/dual.log")
expect_line "$log" "${ts}datagram of 13 bytes from 127\.0\.0\.1:[0-9]+: hello\\\\x20over\\\\x20v4\$" "IPv4 sender logged"
expect_line "$log" "${ts}datagram of 13 bytes from \[::1\]:[0-9]+: hello\\\\x20over\\\\x20v6\$" "IPv6 sender logged"
kill -TERM "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "SIGTERM: exit status"
expect_line "$(tail -1 "$tmp/dual.log")" "SIGTERM: closed the socket; served [23] datagrams, $nbytes bytes in, $nbytes bytes out\$" \
    "summary"

for addr in 127.0.0.1 ::1; do
    start_server "bound$addr" --serve 0 --udp --echo --bind "$addr"
    out=$("$helper" udp "$addr" "$server_port" "bound to $addr") &&
        [ "$out" = "bound to $addr" ] && ok "--bind $addr: round trip" ||
        fail "--bind $addr: '$out'"
    kill -TERM "$server_pid"
    wait_exit "$server_pid"
    expect_count "$exit_status" 0 "--bind $addr: exit status"
done

# without --echo: logged, nothing sent back
start_server quiet --serve 0 --udp --bind 127.0.0.1
"$helper" udp 127.0.0.1 "$server_port" "into the void" >/dev/null &&
    fail "an answer without --echo" || ok "without --echo nothing comes back"
wait_lines "$tmp/quiet.log" 'datagram of 13 bytes from 127\.0\.0\.1:[0-9]+: into' 1 &&
    ok "logged all the same" || fail "not logged"
kill -INT "$server_pid"
wait_exit "$server_pid"
expect_count "$exit_status" 0 "SIGINT: exit status"
expect_line "$(tail -1 "$tmp/quiet.log")" "SIGINT: closed the socket; served 1 datagram, 13 bytes in, 0 bytes out\$" \
    "SIGINT: summary"

# --- a datagram from the server's own address and port ------------------
# cpu ticks the server has used
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
for bind in "" 127.0.0.1 ::1; do
    name=self${bind//[.:]/}
    start_server "$name" --serve 0 --udp --echo ${bind:+--bind "$bind"}
    spid=$server_pid port=$server_port
    n=0
    for src in 127.0.0.1 ::1; do
        [ -n "$bind" ] && [ "$bind" != "$src" ] && continue
        "$helper" forge "$src" "$port" "from-myself" || fail "cannot forge a datagram from $src"
        n=$((n + 1))
    done
    before=$(cpu "$spid")
    sleep 1
    after=$(cpu "$spid")
    out=$("$helper" udp "${bind:-127.0.0.1}" "$port" "still serving") &&
        [ "$out" = "still serving" ] && ok "${bind:-[::]}: still serving after forged datagrams" ||
        fail "${bind:-[::]}: no echo after forged datagrams: '$out'"
    expect_count "$(count_lines "$tmp/$name.log" 'from-myself$')" "$n" \
        "${bind:-[::]}: each forged datagram seen once, never echoed to itself"
    expect_count "$(count_lines "$tmp/$name.log" "not echoed to (127\\.0\\.0\\.1|\\[::1\\]):$port: that is this server's own port")" "$n" \
        "${bind:-[::]}: the refusal logged"
    # the counts above are the check; the CPU time only informs
    echo "note: ${bind:-[::]}: $((after - before)) ticks of CPU in 1 s"
    kill -TERM "$spid"
    wait_exit "$spid"
    expect_count "$exit_status" 0 "${bind:-[::]}: exit status"
    expect_line "$(tail -1 "$tmp/$name.log")" "SIGTERM: closed the socket; served $((n + 1)) datagrams, .* bytes out, $n echo(es)? withheld\$" \
        "${bind:-[::]}: the summary counts what was withheld"
done

# --- at most 100 echoes a second to one source --------------------------
start_server burst --serve 0 --udp --echo --bind 127.0.0.1
got=$("$helper" burst 127.0.0.1 "$server_port" 300)
echo "note: 300 datagrams at once, $got echoes"
[ "$got" -ge 100 ] && [ "$got" -le 200 ] && ok "300 datagrams at once: $got echoes (100 a second)" ||
    fail "300 datagrams at once: $got echoes, expected 100 to 200"
expect_count "$(count_lines "$tmp/burst.log" 'echoes to 127\.0\.0\.1:[0-9]+ withheld for the rest of this second: more than 100 a second$')" 1 \
    "the limit said once"
kill -TERM "$server_pid"
wait_exit "$server_pid"

finish
