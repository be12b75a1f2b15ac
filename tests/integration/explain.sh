#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --explain writes, under each socket, what is true of it in plain words.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3
start_fixture
pid=$fixture_pid

svc=$(mktemp)
printf 'ipp 631/tcp # Internet Printing Protocol\nhttp-alt 8080/tcp\n' >"$svc"
out=$("$sv" -tuna --explain --services "$svc")
rm -f "$svc"
after() { grep -A1 -E -- "$1" <<<"$out" | tail -1; }
expect_line "$(after '127\.0\.0\.2:631 .*LISTEN')" '^        listening on loopback only: local processes only; privileged port \(below 1024\)' \
    "loopback listener, privileged port"
expect_line "$(after '127\.0\.0\.2:631 .*LISTEN')" 'ipp: Internet Printing Protocol' "service comment"
expect_line "$(after ':::8080 .*LISTEN')" 'listening on all interfaces .*reachable from the network' "all interfaces"
expect_no_line "$(after '127\.0\.0\.1:9999 +0\.0\.0\.0')" 'privileged' "9999 is not privileged"
expect_line "$(after '^tcp .*TIME_WAIT')" 'no owner and will disappear' "TIME_WAIT"
expect_line "$(after '^tcp .*CLOSE_WAIT')" 'the peer closed the connection and the owning program has not' "CLOSE_WAIT"
expect_line "$(after '127\.0\.0\.1:9999 +127\.0\.0\.1:[0-9]+ +ESTABLISHED')" \
    "the peer is pid $pid \\(python3\\), found by pairing" "local peer found"
expect_line "$(after '127\.0\.0\.1:9999 +127\.0\.0\.1:[0-9]+ +ESTABLISHED')" '5 bytes arrived that the program has not read' "Recv-Q explained"
# every row has its explanation line, indented
rows=$(grep -cE '^(tcp|udp)' <<<"$out")
lines=$(grep -c '^        [a-zA-Z]' <<<"$out")
[ "$rows" -eq "$lines" ] && ok "one explanation per socket" || fail "$rows rows, $lines explanations"
# the peer is found even when the filter leaves its half out
expect_line "$("$sv" -tn --explain --sport 9999 | grep -A1 ESTABLISHED)" \
    "the peer is pid $pid" "peer found outside the selection"
# filters still select; JSON carries it as a field
[ "$("$sv" -tn --explain --sport 631 -l | grep -c '^tcp')" -eq 1 ] && ok "filters apply" || fail "filter with --explain"
"$sv" -tna --explain -j | python3 -c '
import json, sys
socks = json.load(sys.stdin)
assert socks and all("explain" in s for s in socks), "explain missing"
' && ok "JSON explain field" || fail "JSON explain field"
finish
