#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main commands under valgrind memcheck, in a private network
# namespace with a known socket table: no error and no definitely or
# indirectly lost byte. Not in the default suite (it is slow); CI runs it
# on its own (.ci/run), and so can you:
#
#   tests/integration/valgrind.sh build/sockview
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
need valgrind python3
enter_netns "$@"
start_fixture --children
tmp=$(mktemp -d)
trap 'pkill -P $fixture_pid 2>/dev/null; kill $fixture_pid $serve_pid 2>/dev/null; rm -rf "$tmp" "$fixture_out"' EXIT
serve_pid=

vg=(valgrind --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-fds=no)

# Run one command under valgrind; its own exit status must be EXPECT.
check() {
    local expect=$1 log=$tmp/vg.log st
    shift
    timeout 120 "${vg[@]}" --log-file="$log" "$sv" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    st=$?
    if [ "$st" -eq 99 ] || ! grep -q 'ERROR SUMMARY: 0 errors' "$log" ||
        grep -qE '(definitely|indirectly) lost: [1-9]' "$log"; then
        fail "$*: valgrind found errors"
        grep -E 'ERROR SUMMARY|lost:|Invalid|uninitialised' "$log" | head -10
    elif [ "$st" -ne "$expect" ]; then
        fail "$*: exit $st, expected $expect: $(head -2 "$tmp/err")"
    else
        ok "$*: clean"
    fi
}

fixture_child=$(pgrep -P "$fixture_pid" | head -1)
check 0 -tuna
check 0 -tunap
check 0 -tunaepo
check 0 -tuwap
check 0 -tulp
check 0 --pid "$fixture_pid,${fixture_child:-$fixture_pid}"
check 0 -tuna -j
check 0 -tunap --json=lines
check 0 -tuna --source=proc
check 0 -tuna --source=netlink -e
check 0 -tap --services /etc/services
check 0 -tuna --state established,listen --sport 1-65535 --src 127.0.0.0/8
check 0 -s
check 0 -s -j
# UNIX sockets, where this build lists them
"$sv" -x -a >/dev/null 2>&1 && check 0 -x -a
check 0 --explain -tna
check 1 --pid 4194400
check 2 --pid garbage
check 2 --no-such-option
check 0 --help

# The demo server: a client, then SIGTERM
timeout 60 "${vg[@]}" --log-file="$tmp/serve.log" "$sv" --serve 0 --bind 127.0.0.1 \
    --echo >"$tmp/serve.out" 2>&1 &
serve_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n '1s/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
done
if [ -z "$port" ]; then
    fail "--serve did not start under valgrind"
else
    timeout 30 "${vg[@]}" --log-file="$tmp/connect.log" "$sv" --connect \
        "127.0.0.1:$port" <<<"hello" >"$tmp/connect.out" 2>&1
    grep -q 'ERROR SUMMARY: 0 errors' "$tmp/connect.log" &&
        ! grep -qE '(definitely|indirectly) lost: [1-9]' "$tmp/connect.log" &&
        ok "--connect: clean" || { fail "--connect under valgrind"; tail -5 "$tmp/connect.log"; }
    kill -TERM "$serve_pid"
    wait "$serve_pid"
    st=$?
    if [ "$st" -eq 0 ] && grep -q 'ERROR SUMMARY: 0 errors' "$tmp/serve.log" &&
        ! grep -qE '(definitely|indirectly) lost: [1-9]' "$tmp/serve.log"; then
        ok "--serve: clean"
    else
        fail "--serve: exit $st"
        grep -E 'ERROR SUMMARY|lost:' "$tmp/serve.log"
    fi
fi
serve_pid=

finish
