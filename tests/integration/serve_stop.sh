#!/usr/bin/env bash
# --serve ends when it should, whatever the load: SIGTERM and SIGINT
# under a flood of echoes from several clients end it within a bound,
# with its summary and exit 0.
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
    for _ in 1 2 3 4 5 6; do
        wait_exit "$spid" && break
    done
    t1=$(now_ms)
    echo "note: SIG$sig under a flood of 4 clients: stopped after $((t1 - t0)) ms"
    [ $((t1 - t0)) -le 5000 ] && ok "SIG$sig under a flood: stopped within 5 s" ||
        fail "SIG$sig under a flood: still running after $((t1 - t0)) ms"
    expect_count "$exit_status" 0 "SIG$sig under a flood: exit status"
    expect_line "$(tail -1 "$tmp/flood$sig.log")" "SIG$sig: closed 4 clients and the listener; served 4 clients" \
        "SIG$sig under a flood: the summary"
    kill -KILL "$spid" 2>/dev/null
done

finish
