#!/usr/bin/env bash
# --serve ends when it should, whatever the load: SIGTERM and SIGINT
# under a flood of echoes from several clients end it within a bound,
# with its summary and exit 0. A listener closed under it (sockview -K)
# ends it with exit 1 and one line, instead of a spin.
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

finish
