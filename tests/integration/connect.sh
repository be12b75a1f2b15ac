#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --connect: --count connections and their local ends, stdin forwarded
# and replies printed, --hold until a signal with every socket listed
# under the client's pid; refused, unreachable and timed-out connections
# in one clear line; bad targets are usage errors. Names are resolved
# from a hosts file of this test's own, never by DNS: the test runs in a
# private mount namespace where /etc/hosts, /etc/nsswitch.conf ("hosts:
# files") and /etc/resolv.conf are its own, and nscd's socket is hidden.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
if [ "${SOCKVIEW_IN_MNTNS:-}" != 1 ]; then
    unshare -m true 2>/dev/null || { echo "skip: unshare -m refused"; exit 77; }
    SOCKVIEW_IN_MNTNS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
names=$(mktemp -d)
printf '127.0.0.1 localhost\n::1 localhost\n127.0.0.1 sockview-test.invalid\n' >"$names/hosts"
printf 'hosts: files\n' >"$names/nsswitch.conf"
printf 'nameserver 127.0.0.1\n' >"$names/resolv.conf"
: >"$names/empty"
for f in hosts nsswitch.conf resolv.conf; do
    # a missing file cannot be bound over: the test could not vouch
    # for what resolves names
    [ -e "/etc/$f" ] || { echo "skip: no /etc/$f to replace"; exit 77; }
    mount --bind "$names/$f" "/etc/$f" || { echo "skip: cannot bind over /etc/$f"; exit 77; }
done
for f in /var/run/nscd/socket /run/nscd/socket; do
    [ -S "$f" ] && { mount --bind "$names/empty" "$f" || exit 1; }
done
. "$(dirname "$0")/serve_lib.sh"
trap 'serve_cleanup; rm -rf "$names"' EXIT

run() {
    out=$(timeout 20 "$@" 2>"$tmp/run.err")
    rc=$?
    err=$(cat "$tmp/run.err")
}

# the timeout takes CONNECT_TIMEOUT_S (10 s): start it first, check it last
start_bg stall "$helper" stall 40000
stall_pid=$bg_pid
wait_lines "$tmp/stall.out" '^ready$' 1 || fail "stalled listener did not start"
start_bg timeout "$sv" --connect 127.0.0.1:40000
timeout_pid=$bg_pid

start_server echo --serve 0 --echo
spid=$server_pid port=$server_port

# --- --count 100 --hold ----------------------------------------------------
start_bg hold "$sv" --connect "127.0.0.1:$port" --count 100 --hold
cpid=$bg_pid
wait_lines "$tmp/hold.out" "^holding 100 connections, pid $cpid; inspect with: sockview -tnp --pid $cpid\$" 1 &&
    ok "--hold: says what it holds and how to look" || fail "hold: $(tail -2 "$tmp/hold.out")"
expect_count "$(count_lines "$tmp/hold.out" "^connection [0-9]+: 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:$port\$")" 100 \
    "each connection's local address and port"
list=$("$sv" -tnp --pid "$cpid")
expect_count "$(grep -cE "^tcp +0 +0 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$port +ESTABLISHED +$cpid/sockview" <<<"$list")" 100 \
    "-tnp --pid CLIENT: 100 client-side sockets"
# the ports printed are the ports listed
printed=$(sed -n 's/^connection [0-9]*: 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$tmp/hold.out" | sort)
listed=$(awk 'NR > 2 { sub(/.*:/, "", $4); print $4 }' <<<"$list" | sort)
[ "$printed" = "$listed" ] && ok "printed local ports match the listing" ||
    fail "printed and listed local ports differ"
kill -INT "$cpid"
wait_exit "$cpid"
expect_count "$exit_status" 0 "--hold: SIGINT ends it, exit 0"
wait_lines "$tmp/echo.log" 'closed by peer' 100 && ok "the server saw 100 ends" ||
    fail "server saw $(count_lines "$tmp/echo.log" 'closed by peer') ends"

# --- forwarding stdin ------------------------------------------------------
run "$sv" --connect "127.0.0.1:$port" <<<$'one\ntwo words\nthree'
expect_count "$rc" 0 "forwarding: exit status"
expect_line "$out" "^connection 1: 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:$port\$" "forwarding: the local end first"
[ "$(tail -n +2 <<<"$out")" = $'one\ntwo words\nthree' ] && ok "forwarding: every line came back" ||
    fail "forwarding: got '$out'"
run "$sv" --connect "[::1]:$port" --count 3 <<<"over v6"
expect_count "$rc" 0 "[::1]:PORT: exit status"
expect_count "$(grep -cE "^connection [123]: \[::1\]:[0-9]+ -> \[::1\]:$port\$" <<<"$out")" 3 "[::1]:PORT --count 3: three ends"
expect_line "$out" '^over v6$' "[::1]:PORT: reply from the first"
# names, from the test's own hosts file
run "$sv" --connect "localhost:$port" </dev/null
expect_count "$rc" 0 "a name resolved (localhost), empty stdin"
expect_line "$out" "^connection 1: .* -> (127\.0\.0\.1|\[::1\]):$port\$" "localhost: connected"
run "$sv" --connect "sockview-test.invalid:$port" </dev/null
expect_count "$rc" 0 "a name only the test's hosts file knows"
expect_line "$out" "^connection 1: 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:$port\$" "sockview-test.invalid: connected"
head -c 200000 /dev/zero | tr '\0' 'z' >"$tmp/big"
run "$sv" --connect "127.0.0.1:$port" <"$tmp/big"
expect_count "$(tail -n +2 <<<"$out" | tr -d '\n' | wc -c)" 200000 "200 kB forwarded and echoed in full"

# --- failures: one clear line, exit 1 ---------------------------------------
run "$sv" --connect 127.0.0.1:1
expect_count "$rc" 1 "refused: exit status"
[ "$err" = "sockview: cannot connect to 127.0.0.1:1: connection refused (nothing listens there)" ] &&
    ok "refused: one clear line" || fail "refused: '$err'"
run "$sv" --connect 127.0.0.1:1 --count 5
expect_count "$rc" 1 "refused, --count 5: exit status"
[ "$err" = $'sockview: cannot connect to 127.0.0.1:1: connection refused (nothing listens there)\nsockview: (and 4 more connections the same way)' ] &&
    ok "refused, --count 5: said once, counted" || fail "refused x5: '$err'"
run "$sv" --connect 10.255.0.1:80
expect_count "$rc" 1 "unreachable: exit status"
[ "$err" = "sockview: cannot connect to 10.255.0.1:80: network unreachable (no route to that network)" ] &&
    ok "unreachable: one clear line" || fail "unreachable: '$err'"
run "$sv" --connect "[2001:db8::1]:80"
expect_count "$rc" 1 "IPv6 unreachable: exit status"
expect_line "$err" '^sockview: cannot connect to \[2001:db8::1\]:80: network unreachable' "IPv6 unreachable: message"
# not in the hosts file, and no DNS is asked
run "$sv" --connect no-such-host.invalid:80
expect_count "$rc" 1 "unknown host: exit status"
expect_line "$err" "^sockview: cannot resolve 'no-such-host\.invalid': " "unknown host: message"

# --- usage errors -------------------------------------------------------------
for t in "nohostport" "::1:80" "[::1]80" "host:0" "host:http" ":80"; do
    run "$sv" --connect "$t"
    expect_count "$rc" 2 "--connect '$t': exit status"
    case $err in
    "sockview: bad --connect '$t': "*" (try 'sockview --help')") ok "--connect '$t': $err" ;;
    *) fail "--connect '$t': message '$err'" ;;
    esac
done
for args in "--count 3" "--hold" "--serve 0 --hold"; do
    # shellcheck disable=SC2086
    run "$sv" $args
    expect_count "$rc" 2 "'$args': exit status"
    expect_line "$err" "works with --connect only" "'$args': message"
done
run "$sv" --connect "127.0.0.1:$port" -u
expect_count "$rc" 2 "--connect with --udp: exit status"

# --- the timeout ---------------------------------------------------------------
wait_exit "$timeout_pid" || wait_exit "$timeout_pid"
expect_count "$exit_status" 1 "timed out: exit status"
expect_line "$(cat "$tmp/timeout.out")" '^sockview: cannot connect to 127\.0\.0\.1:40000: timed out \(no answer in 10 s\)$' \
    "timed out: one clear line"
kill -TERM "$stall_pid" "$spid"
wait_exit "$spid"
expect_count "$exit_status" 0 "server exit status"

finish
