#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --state, --sport, --dport, --port, --src and --dst against real sockets,
# from both sources; and bad values.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3
start_fixture

rows() { "$sv" -H "$@"; }
for src in netlink proc; do
    s="--source=$src"
    est=$(rows -tn --state established $s)
    expect_no_line "$est" 'LISTEN|TIME_WAIT|CLOSE_WAIT|FIN_WAIT2' "--state established ($src)"
    [ "$(wc -l <<<"$est")" -eq 6 ] && ok "six established TCP sockets ($src)" ||
        fail "established count ($src): $(wc -l <<<"$est")"
    [ "$(rows -tn --state ESTABLISHED $s)" = "$est" ] && ok "netstat spelling ($src)" ||
        fail "ESTABLISHED spelling ($src)"
    tw=$(rows -tn --state time-wait,FIN_WAIT2 $s | awk '{ print $6 }' | sort | tr '\n' ' ')
    [ "$tw" = "FIN_WAIT2 TIME_WAIT " ] && ok "two states ($src)" || fail "time-wait,fin-wait-2 ($src): $tw"
    conn=$(rows -tn --state connected $s)
    expect_no_line "$conn" 'LISTEN' "connected excludes LISTEN ($src)"
    expect_line "$conn" 'TIME_WAIT' "connected includes TIME_WAIT ($src)"
    [ "$(rows -tn --state all $s | wc -l)" -eq "$(rows -tna $s | wc -l)" ] &&
        ok "--state all = -a ($src)" || fail "--state all ($src)"
    lst=$(rows -tun --state listen $s)
    expect_line "$lst" '^udp +0 +0 127\.0\.0\.1:5353 ' "listen includes unconnected UDP ($src)"
    expect_no_line "$lst" 'ESTABLISHED' "listen only ($src)"

    sp=$(rows -tn --sport 9999 -a $s)
    [ "$(awk '{ print $4 }' <<<"$sp" | sort -u)" = "127.0.0.1:9999" ] && ok "--sport ($src)" ||
        fail "--sport: $sp"
    dp=$(rows -tn --dport 9999 $s)
    [ "$(awk '{ print $5 }' <<<"$dp" | sort -u)" = "127.0.0.1:9999" ] && ok "--dport ($src)" ||
        fail "--dport: $dp"
    [ "$(rows -tna --port 9999 $s | wc -l)" -eq $(($(wc -l <<<"$sp") + $(wc -l <<<"$dp"))) ] &&
        ok "--port is either end ($src)" || fail "--port ($src)"
    range=$(rows -tnl --sport 20-1000 $s | awk '{ print $4 }' | sort | tr '\n' ' ')
    [ "$range" = "127.0.0.2:631 ::1:22 " ] && ok "port range ($src)" || fail "range: $range"
    [ "$(rows -unl --sport mdns $s | awk '{ print $4 }')" = "127.0.0.1:5353" ] &&
        ok "service name ($src)" || fail "--sport mdns ($src)"

    [ "$(rows -tnl --src 127.0.0.2 $s | awk '{ print $4 }')" = "127.0.0.2:631" ] &&
        ok "--src address ($src)" || fail "--src 127.0.0.2 ($src)"
    v6=$(rows -tna --src ::1/128 $s | awk '{ print $4 }' | sed 's/:[0-9]*$//' | sort -u)
    [ "$v6" = "::1" ] && ok "--src IPv6 ($src)" || fail "--src ::1/128: $v6"
    [ "$(rows -tna --dst 127.0.0.0/8 $s | wc -l)" -gt 0 ] &&
        [ "$(rows -tna --dst 127.0.0.0/8 $s | awk '$5 !~ /^127\./' | wc -l)" -eq 0 ] &&
        ok "--dst prefix ($src)" || fail "--dst 127.0.0.0/8 ($src)"
done

for bad in "--state bogus" "--state established," "--sport 70000" "--dport 5-3" \
    "--port no-such-service" "--src 10.0.0.0/33" "--dst ::1/129" "--src 300.1.2.3" "--dst nope"; do
    # shellcheck disable=SC2086
    out=$("$sv" -tn $bad 2>&1 >/dev/null)
    status=$?
    [ $status -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q "^sockview: bad --" <<<"$out" &&
        ok "$bad: $out" || fail "$bad: status $status, '$out'"
done
finish
