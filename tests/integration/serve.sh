#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --serve, the lab exercise: a server, 50 clients and nc, the log lines,
# both halves of each connection in the listing, the summary on SIGTERM
# and SIGINT; echo or not, dual-stack, --max-clients, half-close.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
. "$(dirname "$0")/serve_lib.sh"
ts='^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} '

# --- an echo server on 127.0.0.1, 50 clients ---------------------------
start_server echo --serve 0 --bind 127.0.0.1 --echo
spid=$server_pid port=$server_port
first=$(head -1 "$tmp/echo.log")
expect_line "$first" "${ts}listening on TCP 127\.0\.0\.1 port $port, pid $spid, echo on, at most 1024 clients, idle ones closed after 300 s; inspect with: sockview -tnp --pid $spid\$" \
    "start line: address, port, pid and hint"
[ "$port" -gt 0 ] && ok "port 0 lets the kernel choose ($port)" || fail "port $port"

start_bg many "$helper" many 127.0.0.1 "$port" 50
mpid=$bg_pid
wait_lines "$tmp/many.out" '^ready$' 1 && ok "50 clients got their echoes" ||
    fail "50 clients: $(cat "$tmp/many.out")"

# nc where installed: a line each way, then the end
nbytes=0 nnc=0
if command -v nc >/dev/null; then
    for i in 1 2 3; do
        out=$(printf 'from nc %d\n' "$i" | timeout 5 nc -N 127.0.0.1 "$port")
        [ "$out" = "from nc $i" ] && ok "nc $i: echoed" || fail "nc $i got '$out'"
        nbytes=$((nbytes + 10)) nnc=$((nnc + 1))
    done
    wait_lines "$tmp/echo.log" 'closed by peer' 3 ||
        fail "nc clients' ends not logged"
    expect_line "$(cat "$tmp/echo.log")" "${ts}closed by peer 127\.0\.0\.1:[0-9]+ \(fd [0-9]+\): 10 bytes in, 10 out\$" \
        "nc's end logged with its byte counts"
else
    echo "note: no nc; only the helper's clients"
fi
for i in $(seq 50); do
    nbytes=$((nbytes + ${#i} + 19))
done

log=$(cat "$tmp/echo.log")
expect_count "$(count_lines "$tmp/echo.log" "${ts}connected 127\.0\.0\.1:[0-9]+ \(fd [0-9]+, now [0-9]+ connected\)\$")" \
    $((50 + nnc)) "a 'connected' line per client"
expect_line "$log" "${ts}received 21 bytes from 127\.0\.0\.1:[0-9]+ \(fd [0-9]+\): hello\\\\x20from\\\\x20client\\\\x2037\\\\n\$" \
    "data logged, escaped, on one line"
expect_count "$(count_lines "$tmp/echo.log" 'received [0-9]+ bytes from')" $((50 + nnc)) \
    "a 'received' line per client"

# the listing: the listener and 50 server-side connections under the
# server's pid; the client sides under the helper's
list=$("$sv" -tnp --pid "$spid")
expect_count "$(grep -cE "^tcp +0 +0 127\.0\.0\.1:$port +0\.0\.0\.0:\* +LISTEN +$spid/sockview" <<<"$list")" 1 \
    "-tnp --pid SERVER: the listener"
expect_count "$(grep -cE "^tcp +0 +0 127\.0\.0\.1:$port +127\.0\.0\.1:[0-9]+ +ESTABLISHED +$spid/sockview" <<<"$list")" 50 \
    "-tnp --pid SERVER: 50 server-side ESTABLISHED"
expect_count "$(grep -c . <<<"$list")" 53 "-tnp --pid SERVER: nothing else"
all=$("$sv" -tunap)
expect_count "$(grep -cE "^tcp +0 +0 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$port +ESTABLISHED +$mpid/serve_helper" <<<"$all")" 50 \
    "-tunap: the 50 client sides with the client's pid"

kill -TERM "$mpid"
wait_exit "$mpid"
expect_count "$exit_status" 0 "the helper's clients ended cleanly"
wait_lines "$tmp/echo.log" 'closed by peer' $((50 + nnc)) &&
    ok "each client's end logged" || fail "not every end logged"

# SIGTERM: summary, exit 0
kill -TERM "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "SIGTERM: exit status"
expect_line "$(tail -1 "$tmp/echo.log")" \
    "${ts}SIGTERM: closed 0 clients and the listener; served $((50 + nnc)) clients \(0 refused\), $nbytes bytes in, $nbytes bytes out\$" \
    "SIGTERM: the summary"
[ -s "$tmp/echo.err" ] && fail "stderr: $(cat "$tmp/echo.err")" || ok "nothing on stderr"

# --- dual-stack, without echo, SIGINT with clients connected -----------
start_server dual --serve 0
spid=$server_pid port=$server_port
expect_line "$(head -1 "$tmp/dual.log")" "listening on TCP \[::\] port $port \(IPv4 and IPv6\), pid $spid, at most 1024 clients, idle ones closed after 300 s; inspect with: sockview -tnp --pid $spid\$" \
    "no --bind: one IPv6 socket for both families"
expect_line "$("$sv" -tln)" "^tcp6 +0 +0 :::$port +:::\* +LISTEN" "the listener is tcp6 :::$port"
start_bg v4 "$helper" many 127.0.0.1 "$port" 2 noecho
start_bg v6 "$helper" many ::1 "$port" 2 noecho
wait_lines "$tmp/dual.log" 'received' 4 && ok "IPv4 and IPv6 clients served" ||
    fail "dual-stack: $(cat "$tmp/dual.log")"
expect_line "$(cat "$tmp/dual.log")" "received 20 bytes from 127\.0\.0\.1:[0-9]+ " "IPv4 peer shown as IPv4"
expect_line "$(cat "$tmp/dual.log")" "received 20 bytes from \[::1\]:[0-9]+ " "IPv6 peer in brackets"
if command -v nc >/dev/null; then
    out=$(printf 'dropped\n' | timeout 5 nc -N 127.0.0.1 "$port")
    [ -z "$out" ] && ok "without --echo nothing comes back" || fail "got '$out'"
fi
kill -INT "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "SIGINT: exit status"
expect_line "$(tail -1 "$tmp/dual.log")" "SIGINT: closed 4 clients and the listener; served [0-9]+ clients \(0 refused\), [0-9]+ bytes in, 0 bytes out\$" \
    "SIGINT: closes every client, summary"

# --- --max-clients ------------------------------------------------------
start_server max --serve 0 --bind 127.0.0.1 --max-clients 3
spid=$server_pid port=$server_port
start_bg hold "$sv" --connect "127.0.0.1:$port" --count 5 --hold
wait_lines "$tmp/max.log" 'refused' 2 && ok "clients beyond the cap refused" ||
    fail "max-clients: $(cat "$tmp/max.log")"
expect_count "$(count_lines "$tmp/max.log" 'connected 127')" 3 "--max-clients 3: three served"
expect_line "$(cat "$tmp/max.log")" "refused 127\.0\.0\.1:[0-9]+: already 3 clients \(--max-clients\)" "the refusal logged"
wait_lines "$tmp/hold.out" 'closed by the peer' 2 && ok "the refused ones see the end" ||
    fail "hold: $(cat "$tmp/hold.out")"
kill -TERM "$bg_pid" "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "exit status"

# --- --idle-timeout: idle clients no longer lock the others out -------
start_server idle --serve 0 --bind 127.0.0.1 --echo --max-clients 3 --idle-timeout 1
spid=$server_pid port=$server_port
expect_line "$(head -1 "$tmp/idle.log")" "at most 3 clients, idle ones closed after 1 s; inspect with" \
    "--idle-timeout in the start line"
start_bg ihold "$sv" --connect "127.0.0.1:$port" --count 3 --hold
ihold_pid=$bg_pid
wait_lines "$tmp/idle.log" 'connected 127' 3 || fail "idle: three clients did not connect"
# meanwhile a fourth is refused: the idle ones hold every place
"$helper" halfclose 127.0.0.1 "$port" && fail "idle: a 4th client served beyond --max-clients 3"
wait_lines "$tmp/idle.log" 'closed idle 127\.0\.0\.1:[0-9]+ \(fd [0-9]+\): no data for 1 s \(--idle-timeout\), 0 bytes in, 0 out$' 3 40 &&
    ok "three idle clients closed after 1 s, each logged" ||
    fail "idle clients: $(tail -3 "$tmp/idle.log")"
# then a busy client has a place, and keeps it: a line every 20 ms for
# 2.5 s, longer than the timeout
"$helper" ping 127.0.0.1 "$port" 2.5 && ok "a busy client served once places were free, and never closed" ||
    fail "the busy client was cut off"
wait_exit "$ihold_pid"
expect_count "$exit_status" 1 "the idle client saw every connection closed"
expect_count "$(count_lines "$tmp/idle.log" 'closed idle')" 3 "only the idle ones closed"
kill -TERM "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "--idle-timeout: exit status"
expect_line "$(tail -1 "$tmp/idle.log")" "SIGTERM: closed 0 clients and the listener; served 4 clients \(1 refused\), [0-9]+ bytes in, [0-9]+ bytes out, 3 closed for idling\$" \
    "--idle-timeout: the summary counts them"

# --- half-close: the echo still comes back, then the end ---------------
start_server half --serve 0 --bind ::1 --echo
spid=$server_pid port=$server_port
"$helper" halfclose ::1 "$port" && ok "half-closed client gets its echo and the end" ||
    fail "half-close"
wait_lines "$tmp/half.log" 'closed by peer \[::1\]:[0-9]+ \(fd [0-9]+\): 5 bytes in, 5 out' 1 &&
    ok "--bind ::1: served and logged" || fail "half: $(cat "$tmp/half.log")"
kill -TERM "$spid"
wait_exit "$spid"

# --- the seed's exercise: --serve 9999, nc in other terminals, -tunap ----
if command -v nc >/dev/null; then
    start_server seed --serve 9999
    spid=$server_pid
    nc_pids=() nc_fds=()
    for i in 1 2 3; do
        mkfifo "$tmp/nc$i.in"
        nc 127.0.0.1 9999 <"$tmp/nc$i.in" >"$tmp/nc$i.out" 2>&1 &
        nc_pids+=("$!")
        bg_pids+=("$!")
        exec {fd}>"$tmp/nc$i.in" # the terminal: open, typed into
        nc_fds+=("$fd")
        echo "typed into nc $i" >&"$fd"
    done
    wait_lines "$tmp/seed.log" 'received 16 bytes' 3 && ok "three nc clients typed a line" ||
        fail "nc lines: $(cat "$tmp/seed.log")"
    all=$("$sv" -tunap)
    for p in "${nc_pids[@]}"; do
        port_c=$(sed -n "s/^tcp .* 127\.0\.0\.1:\([0-9]*\) *127\.0\.0\.1:9999 *ESTABLISHED *$p\/nc *\$/\1/p" <<<"$all")
        [ -n "$port_c" ] && ok "-tunap: nc $p's side, port $port_c" || fail "-tunap: no line for nc $p"
        expect_line "$all" "^tcp6 +0 +0 127\.0\.0\.1:9999 +127\.0\.0\.1:${port_c:-X} +ESTABLISHED +$spid/sockview" \
            "-tunap: the server's side of nc $p's connection"
    done
    expect_line "$all" "^tcp6 +0 +0 :::9999 +:::\* +LISTEN +$spid/sockview" "-tunap: the listener"
    for fd in "${nc_fds[@]}"; do
        exec {fd}>&-
    done
    kill -TERM "${nc_pids[@]}" 2>/dev/null
    wait_lines "$tmp/seed.log" 'closed by peer' 3 && ok "nc's ends logged" ||
        fail "nc ends: $(tail -3 "$tmp/seed.log")"
    kill -TERM "$spid"
    wait_exit "$spid"
    expect_count "$exit_status" 0 "exit status"
fi

finish
