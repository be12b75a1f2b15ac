# SPDX-License-Identifier: MIT
# Shared by the --serve and --connect tests: sourced after lib.sh's
# enter_netns. Every process started here is killed on exit, every wait
# is bounded, and servers' logs go to files under $tmp.

helper=$(dirname "$sv")/tests/serve_helper
[ -x "$helper" ] || { echo "FAIL: no test helper at $helper"; exit 1; }
tmp=$(mktemp -d)
bg_pids=()

serve_cleanup() {
    local p
    for p in "${bg_pids[@]}"; do
        kill -KILL "$p" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap serve_cleanup EXIT

# Start "$sv ARGS" in the background with its log in $tmp/NAME.log and
# its errors in $tmp/NAME.err; wait (at most 5 s) for its first line.
# Sets server_pid and server_port.
start_server() {
    local name=$1 i
    shift
    "$sv" "$@" >"$tmp/$name.log" 2>"$tmp/$name.err" &
    server_pid=$!
    bg_pids+=("$server_pid")
    for i in $(seq 50); do
        server_port=$(sed -n '1s/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/$name.log" 2>/dev/null)
        [ -n "$server_port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "FAIL: server '$*' did not start: $(cat "$tmp/$name.err")"
    exit 1
}

# Start a background command with output in $tmp/NAME.out; sets bg_pid.
start_bg() {
    local name=$1
    shift
    "$@" >"$tmp/$name.out" 2>&1 &
    bg_pid=$!
    bg_pids+=("$bg_pid")
}

# Wait (at most TENTHS/10 s, default 10 s) until FILE has COUNT lines
# matching the extended regex RE.
wait_lines() {
    local file=$1 re=$2 count=$3 tenths=${4:-100} i
    for ((i = 0; i < tenths; i++)); do
        [ "$(grep -cE -- "$re" "$file" 2>/dev/null)" -ge "$count" ] && return 0
        sleep 0.1
    done
    return 1
}

# Wait (at most 10 s) for PID to end; sets exit_status (124: still running).
wait_exit() {
    local pid=$1 i st
    exit_status=124
    for i in $(seq 100); do
        st=$(sed 's/.*) \(.\).*/\1/' "/proc/$pid/stat" 2>/dev/null) || st=gone
        if [ "$st" = Z ] || [ "$st" = gone ] || [ -z "$st" ]; then
            wait "$pid" 2>/dev/null
            exit_status=$?
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# Count the lines of FILE matching the extended regex RE.
count_lines() {
    grep -cE -- "$2" "$1"
}

# Assert that a count ($1) equals what is expected ($2).
expect_count() {
    if [ "$1" -eq "$2" ]; then ok "$3 ($1)"; else fail "$3: $1, expected $2"; fi
}
