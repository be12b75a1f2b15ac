#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --serve under abuse: 2,000 clients that never send, clients that reset,
# 10 MB without a newline (read back, and not read at all), a half-close;
# meanwhile a well-behaved client keeps getting echoes and the server's
# peak RSS stays under a stated bound. Then running out of descriptors:
# accept() neither spins nor stops the server.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
. "$(dirname "$0")/serve_lib.sh"

# Each process needs a descriptor per connection: raise the limit where
# we can, and use fewer clients where we cannot.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
limit=$(ulimit -n)
nidle=2000
[ "$limit" -ge 2200 ] || nidle=$((limit - 200))
echo "note: descriptor limit $limit, $nidle idle clients"

# The bound: an idle server has an RSS of about 2 MB; each client adds
# its 4 KiB buffer and ~150 bytes, 8.5 MB for 2,000 (10 MB measured).
# Anything that grew with the data sent (10 MB floods) would break it.
# A sanitizer build shadows memory and quarantines what is freed, so it
# gets its own bound (20 MB measured).
rss_bound_kb=$((24 * 1024))
if ldd "$sv" 2>/dev/null | grep -q 'libasan'; then
    rss_bound_kb=$((64 * 1024))
    echo "note: AddressSanitizer build, RSS bound $((rss_bound_kb / 1024)) MB"
fi

start_server abuse --serve 0 --bind 127.0.0.1 --echo --max-clients 3000
spid=$server_pid port=$server_port
start_bg ping "$helper" ping 127.0.0.1 "$port" 12
ping_pid=$bg_pid

# clients that connect and never send
start_bg hold "$sv" --connect "127.0.0.1:$port" --count "$nidle" --hold
hold_pid=$bg_pid
wait_lines "$tmp/hold.out" '^holding ' 1 200 && ok "$nidle idle clients connected" ||
    fail "idle clients: $(tail -3 "$tmp/hold.out")"
wait_lines "$tmp/abuse.log" 'connected 127' $((nidle + 1)) 100 ||
    fail "the server did not log $nidle connections"

# clients that reset, 10 MB both ways, 10 MB never read, a half-close
"$helper" reset 127.0.0.1 "$port" 200 && ok "200 clients reset" || fail "resets"
start_bg flood "$helper" flood 127.0.0.1 "$port" 10485760 20 read
flood_pid=$bg_pid
start_bg stuck "$helper" flood 127.0.0.1 "$port" 10485760 4 noread
stuck_pid=$bg_pid
"$helper" halfclose 127.0.0.1 "$port" && ok "half-close echoed" || fail "half-close"

wait_exit "$stuck_pid"
expect_count "$exit_status" 0 "a client that never reads its echoes"
cat "$tmp/stuck.out"
for _ in 1 2; do wait_exit "$flood_pid" && break; done
expect_count "$exit_status" 0 "10 MB without a newline, echoed in full"
cat "$tmp/flood.out"
for _ in 1 2; do wait_exit "$ping_pid" && break; done
expect_count "$exit_status" 0 "the well-behaved client got every echo"
cat "$tmp/ping.out"

expect_count "$("$sv" -tn --pid "$spid" | grep -c ESTABLISHED)" "$nidle" \
    "the idle clients are all still there"
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$spid/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$spid/status")
echo "note: server RSS now $rss kB, peak $hwm kB, bound $rss_bound_kb kB"
[ "$hwm" -lt "$rss_bound_kb" ] && ok "peak RSS $hwm kB < $rss_bound_kb kB" ||
    fail "peak RSS $hwm kB >= $rss_bound_kb kB"
expect_count "$(count_lines "$tmp/abuse.log" 'reset by peer')" 202 \
    "resets logged (200, and the two floods' ends)"

kill -TERM "$hold_pid"
wait_exit "$hold_pid"
expect_count "$exit_status" 0 "--connect --hold ends on SIGTERM"
kill -TERM "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "the server ends on SIGTERM"
expect_line "$(tail -1 "$tmp/abuse.log")" "SIGTERM: closed [0-9]+ clients and the listener; served $((nidle + 204)) clients \(0 refused\)" \
    "summary"
echo "note: the log ends with: $(tail -2 "$tmp/abuse.log")"
[ -s "$tmp/abuse.err" ] && fail "stderr: $(cat "$tmp/abuse.err")"

# --- out of descriptors ----------------------------------------------
# 40 descriptors: about 30 clients fit; the rest wait in the backlog
(ulimit -n 40 && exec "$sv" --serve 0 --bind 127.0.0.1 --echo) \
    >"$tmp/emfile.log" 2>"$tmp/emfile.err" &
spid=$!
bg_pids+=("$spid")
wait_lines "$tmp/emfile.log" 'listening' 1 || fail "no start"
port=$(sed -n '1s/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/emfile.log")
expect_line "$(cat "$tmp/emfile.err")" '^sockview: only 40 file descriptors: fewer than 1024 clients fit; more wait until others leave$' \
    "a warning names the descriptor limit"
start_bg hold2 "$sv" --connect "127.0.0.1:$port" --count 60 --hold
hold_pid=$bg_pid
wait_lines "$tmp/emfile.log" 'accept: Too many open files; new connections wait' 1 &&
    ok "EMFILE logged" || fail "EMFILE: $(tail -3 "$tmp/emfile.log")"
# no spinning: while it waits, the server tries accept() again only after
# each pause (200 ms), a count of calls, not of time or CPU
if command -v strace >/dev/null 2>&1; then
    timeout -s INT 2 strace -f -c -e trace=accept4 -p "$spid" 2>"$tmp/strace" >/dev/null
    calls=$(awk '$NF == "accept4" { print $4 }' "$tmp/strace")
    calls=${calls:-0}
    [ "$calls" -le 100 ] && ok "no spinning: $calls accept4 calls in 2 s of waiting" ||
        fail "spinning: $calls accept4 calls in 2 s of waiting"
else
    echo "skip: no strace, the accept count"
fi
expect_count "$(count_lines "$tmp/emfile.log" 'accept: ')" 1 "one line per shortage"
kill -TERM "$hold_pid"
wait_exit "$hold_pid"
# the waiting connections are taken and end; new ones are served
wait_lines "$tmp/emfile.log" 'closed by peer' 60 && ok "the waiting clients accepted once descriptors were free" ||
    fail "waiting clients: $(count_lines "$tmp/emfile.log" 'closed by peer') ends"
"$helper" halfclose 127.0.0.1 "$port" && ok "still serving after the shortage" ||
    fail "not serving after EMFILE"
kill -TERM "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "exit status after EMFILE"

finish
