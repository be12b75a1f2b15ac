#!/usr/bin/env bash
# --serve --udp: each datagram and its sender logged; --echo's round trip
# over IPv4 and IPv6, on one dual-stack socket and on bound ones.
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

finish
