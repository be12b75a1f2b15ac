#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --serve ends when it should, whatever the load: SIGTERM and SIGINT
# under a flood of echoes from several clients end it within a bound,
# with its summary and exit 0. A listener closed under it (sockview -K)
# ends it with exit 1 and one line, instead of a spin. A log reader
# that stops reading never stalls the clients: lines are dropped and
# counted instead.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
. "$(dirname "$0")/serve_lib.sh"

# now in milliseconds
now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# --- a signal under a flood ---------------------------------------------
# four clients keep the server busy (each sends 1 GB and reads it back,
# for at most 30 s); the signal must still end it within 5 s
for sig in TERM INT; do
    start_server "flood$sig" --serve 0 --bind 127.0.0.1 --echo
    spid=$server_pid port=$server_port
    for n in 1 2 3 4; do
        start_bg "f$sig$n" "$helper" flood 127.0.0.1 "$port" 1073741824 30 read
    done
    wait_lines "$tmp/flood$sig.log" 'received' 200 ||
        fail "SIG$sig: the flood did not start"
    t0=$(now_ms)
    kill -"$sig" "$spid"
    wait_exit "$spid"
    t1=$(now_ms)
    echo "note: SIG$sig under a flood of 4 clients: stopped after $((t1 - t0)) ms"
    [ $((t1 - t0)) -le 5000 ] && ok "SIG$sig under a flood: stopped within 5 s" ||
        fail "SIG$sig under a flood: still running after $((t1 - t0)) ms"
    expect_count "$exit_status" 0 "SIG$sig under a flood: exit status"
    expect_line "$(tail -1 "$tmp/flood$sig.log")" "SIG$sig: closed 4 clients and the listener; served 4 clients" \
        "SIG$sig under a flood: the summary"
    kill -KILL "$spid" 2>/dev/null
done

# --- the listener closed by sockview -K ---------------------------------
start_server killed --serve 0 --bind 127.0.0.1 --echo
spid=$server_pid port=$server_port
"$helper" halfclose 127.0.0.1 "$port" || fail "-K: the server does not serve"
out=$("$sv" -K -l --sport "$port" 2>"$tmp/k.err")
rc=$?
if [ "$rc" -ne 0 ] && grep -q "CONFIG_INET_DIAG_DESTROY" "$tmp/k.err"; then
    echo "note: this kernel cannot close sockets; -K on the listener not tried"
else
    expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:$port +0\\.0\\.0\\.0:\\* +LISTEN" \
        "-K -l --sport PORT closed the listener"
    t0=$(now_ms)
    wait_exit "$spid"
    t1=$(now_ms)
    cpu=$(awk '{ print $14 + $15 }' "/proc/$spid/stat" 2>/dev/null)
    echo "note: listener closed: stopped after $((t1 - t0)) ms"
    [ $((t1 - t0)) -le 5000 ] && ok "listener closed: stopped within 5 s" ||
        fail "listener closed: still running after $((t1 - t0)) ms (${cpu:-?} ticks of CPU)"
    expect_count "$exit_status" 1 "listener closed: exit status"
    expect_line "$(cat "$tmp/killed.err")" \
        "^sockview: the listening socket of TCP port $port was closed by another program \\(accept: Invalid argument\\); stopped\$" \
        "listener closed: one line on stderr"
    expect_count "$(wc -l <"$tmp/killed.err")" 1 "listener closed: nothing else on stderr"
    expect_line "$(cat "$tmp/killed.log")" \
        "the listening socket was closed by another program \\(accept: Invalid argument\\); stopping\$" \
        "listener closed: logged"
    expect_line "$(tail -1 "$tmp/killed.log")" \
        "listener closed: closed 0 clients and the listener; served 1 client " \
        "listener closed: the summary"
    kill -KILL "$spid" 2>/dev/null
fi

# --- a log reader that stops reading --------------------------------------
# The log goes into a FIFO that this shell holds open and never reads
# until the end: 64 KiB of lines fill it. Clients must still be served.
mkfifo "$tmp/log.fifo"
exec {rfd}<>"$tmp/log.fifo"
"$sv" --serve 0 --bind 127.0.0.1 --echo >"$tmp/log.fifo" 2>"$tmp/stuck.err" &
spid=$!
bg_pids+=("$spid")
IFS= read -r -t 5 first <&"$rfd" || fail "stuck reader: no first line"
port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' <<<"$first")
# 10 MB echoed in 4 KiB reads: thousands of 'received' lines, far more
# than the pipe holds
start_bg sflood "$helper" flood 127.0.0.1 "${port:-1}" 10485760 15 read
sflood_pid=$bg_pid
start_bg sping "$helper" ping 127.0.0.1 "${port:-1}" 3
sping_pid=$bg_pid
wait_exit "$sping_pid" || wait_exit "$sping_pid"
expect_count "$exit_status" 0 "stuck log reader: a client still gets every echo"
cat "$tmp/sping.out"
wait_exit "$sflood_pid" || wait_exit "$sflood_pid"
expect_count "$exit_status" 0 "stuck log reader: 10 MB echoed in full"
cat "$tmp/sflood.out"
# the reader reads again: what follows comes through, after a mark
timeout 10 cat <&"$rfd" >"$tmp/stuck.log" &
cat_pid=$!
bg_pids+=("$cat_pid")
exec {rfd}<&-
# the backlog (the pipe's and the server's) first: until the log stops
# growing, at most 5 s
last=-1
for _ in $(seq 25); do
    size=$(stat -c %s "$tmp/stuck.log" 2>/dev/null || echo 0)
    [ "$size" -gt 0 ] && [ "$size" -eq "$last" ] && break
    last=$size
    sleep 0.2
done
"$helper" halfclose 127.0.0.1 "${port:-1}" || fail "stuck log reader: not serving"
wait_lines "$tmp/stuck.log" 'closed by peer 127\.0\.0\.1:[0-9]+ \(fd [0-9]+\): 5 bytes in, 5 out' 1 &&
    ok "stuck log reader: once it reads again, new lines come through" ||
    fail "stuck log reader: no new lines after it read again"
expect_line "$(cat "$tmp/stuck.log")" '^[0-9:.]+ \([0-9]+ log lines dropped here: the log reader was slow\)$' \
    "stuck log reader: the gap is marked where it was"
kill -TERM "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "stuck log reader: SIGTERM, exit status"
# cat holds the FIFO open for writing too (<> above): it sees no end
wait_lines "$tmp/stuck.log" 'SIGTERM: ' 1 20
kill "$cat_pid"
expect_line "$(tail -1 "$tmp/stuck.log")" \
    "SIGTERM: closed 0 clients and the listener; served 3 clients \\(0 refused\\), [0-9]+ bytes in, [0-9]+ bytes out; [0-9]+ log lines dropped \\(the log reader was slow\\)\$" \
    "stuck log reader: the summary counts the lines dropped"
echo "note: $(grep -o '[0-9]* log lines dropped (the' "$tmp/stuck.log")"
[ -s "$tmp/stuck.err" ] && fail "stuck log reader: stderr: $(cat "$tmp/stuck.err")"

# --- SIGTERM while the log reader reads nothing -----------------------------
# the summary cannot be written: the server waits at most 2 s for the
# reader, then ends all the same
mkfifo "$tmp/log2.fifo"
exec {rfd}<>"$tmp/log2.fifo"
"$sv" --serve 0 --bind 127.0.0.1 --echo >"$tmp/log2.fifo" 2>"$tmp/stuck2.err" &
spid=$!
bg_pids+=("$spid")
IFS= read -r -t 5 first <&"$rfd" || fail "stuck reader, SIGTERM: no first line"
port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' <<<"$first")
start_bg sflood2 "$helper" flood 127.0.0.1 "${port:-1}" 10485760 15 read
wait_exit "$bg_pid" || wait_exit "$bg_pid"
t0=$(now_ms)
kill -TERM "$spid"
wait_exit "$spid"
t1=$(now_ms)
echo "note: SIGTERM with a log reader that reads nothing: stopped after $((t1 - t0)) ms"
[ $((t1 - t0)) -le 5000 ] && ok "stuck log reader: SIGTERM ends the server within 5 s" ||
    fail "stuck log reader: still running $((t1 - t0)) ms after SIGTERM"
expect_count "$exit_status" 0 "stuck log reader: SIGTERM, exit status"
exec {rfd}<&-

# --- through a pipe, each line as it happens --------------------------------
: >"$tmp/piped.log"
("$sv" --serve 0 --bind 127.0.0.1 | cat >"$tmp/piped.log") 2>/dev/null &
bg_pids+=("$!")
wait_lines "$tmp/piped.log" 'listening on TCP' 1 && ok "| cat: the first line at once" ||
    fail "| cat: no first line"
port=$(sed -n '1s/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/piped.log")
spid=$(sed -n '1s/.*, pid \([0-9][0-9]*\).*/\1/p' "$tmp/piped.log")
"$helper" many 127.0.0.1 "${port:-1}" 1 noecho >/dev/null &
bg_pids+=("$!")
wait_lines "$tmp/piped.log" 'received 20 bytes' 1 && ok "| cat: each event as it happens" ||
    fail "| cat: the event line did not come through"
kill -TERM "${spid:-0}"
wait_lines "$tmp/piped.log" 'SIGTERM: ' 1 && ok "| cat: the summary" || fail "| cat: no summary"

finish
