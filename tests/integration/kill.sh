#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -K/--kill: close one of the demo server's connections through
# SOCK_DESTROY (netlink's cookie, then /proc's addresses alone) and check
# that the others survive; errors in one line. Skips (77) where the
# kernel cannot close sockets (no CONFIG_INET_DIAG_DESTROY).
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need setpriv timeout
. "$(dirname "$0")/serve_lib.sh"

start_server serve --serve 0 --bind 127.0.0.1
port=$server_port
for n in 1 2 3; do
    start_bg "c$n" timeout 120 "$sv" --connect "127.0.0.1:$port" --count 1 --hold
    wait_lines "$tmp/c$n.out" '^holding 1 connections' 1 || { fail "client $n did not connect"; finish; }
    cport[n]=$(sed -n 's/^connection 1: 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$tmp/c$n.out")
done

# Whether the connection from client port $1 is still there, both ends.
alive() {
    local l
    l=$("$sv" -tn)
    grep -qE "^tcp +0 +0 127\\.0\\.0\\.1:$1 +127\\.0\\.0\\.1:$port +ESTABLISHED" <<<"$l" &&
        grep -qE "^tcp +0 +0 127\\.0\\.0\\.1:$port +127\\.0\\.0\\.1:$1 +ESTABLISHED" <<<"$l"
}
# Wait (at most 5 s) until the connection from client port $1 is gone.
gone() {
    local i
    for i in $(seq 50); do
        "$sv" -tn | grep -qE "127\\.0\\.0\\.1:$1 " || return 0
        sleep 0.1
    done
    return 1
}

for n in 1 2 3; do alive "${cport[n]}" || fail "connection $n not ESTABLISHED before"; done

# 1: by its client port, through netlink (with the socket's cookie)
out=$("$sv" -K --sport "${cport[1]}" 2>"$tmp/k1.err")
rc=$?
err=$(cat "$tmp/k1.err")
if [ "$rc" -ne 0 ] && grep -q "CONFIG_INET_DIAG_DESTROY" <<<"$err"; then
    [ "$err" = "sockview: the kernel cannot close sockets (CONFIG_INET_DIAG_DESTROY is off)" ] &&
        [ "$rc" -eq 1 ] && [ -z "$out" ] || { echo "FAIL: EOPNOTSUPP reported as: exit $rc, '$err'"; exit 1; }
    echo "skip: this kernel cannot close sockets (no CONFIG_INET_DIAG_DESTROY); the error line is right: $err"
    exit 77
fi
[ "$rc" -eq 0 ] && [ -z "$err" ] && ok "-K --sport: exit 0, nothing on stderr" ||
    fail "-K --sport: exit $rc, stderr '$err'"
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:${cport[1]} +127\\.0\\.0\\.1:$port +ESTABLISHED *\$" \
    "-K prints the socket it closed"
[ "$(wc -l <<<"$out")" -eq 1 ] && ok "-K printed one row" || fail "-K printed: $out"
gone "${cport[1]}" && ok "the killed connection is gone (both ends)" || fail "connection 1 still listed"
alive "${cport[2]}" && alive "${cport[3]}" && ok "the other connections survive" ||
    fail "another connection was closed: $("$sv" -tn)"

# 2: the server's end of it, from /proc (no cookie: INET_DIAG_NOCOOKIE),
# with -p; the client's end then sees the reset
out=$("$sv" -K --source=proc -p --src 127.0.0.1 --dport "${cport[2]}" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && ok "-K --source=proc: exit 0" || fail "-K --source=proc: exit $rc: $out"
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:$port +127\\.0\\.0\\.1:${cport[2]} +ESTABLISHED +$server_pid/sockview *\$" \
    "-K -p names the owner of the closed socket"
gone "${cport[2]}" && ok "closed without a cookie" || fail "connection 2 still listed"
alive "${cport[3]}" && ok "the third connection survives" || fail "connection 3 was closed"

# the listener is not closed unless selected (-l or -a, as the listing)
expect_line "$("$sv" -tln)" "127\\.0\\.0\\.1:$port .*LISTEN" "the listener is still there"

# errors: one line, exit 1 (2 for usage)
check() {
    local what=$1 want_rc=$2 re=$3 out err rc
    shift 3
    out=$("$@" 2>"$tmp/err")
    rc=$?
    err=$(cat "$tmp/err")
    if [ "$rc" -eq "$want_rc" ] && [ -z "$out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
        grep -qE -- "$re" <<<"$err"; then
        ok "$what: $err"
    else
        fail "$what: exit $rc, stdout '$out', stderr '$err'"
    fi
}
check "no match" 1 '^sockview: no TCP socket matched: nothing closed$' "$sv" -K --sport 1
check "no filter" 2 '^sockview: --kill needs a filter' "$sv" -K
check "UDP only" 2 '^sockview: --kill closes TCP sockets only' "$sv" -K -u --sport 1
check "unprivileged" 1 '^sockview: closing sockets needs CAP_NET_ADMIN$' \
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$sv" -K --sport "${cport[3]}"
alive "${cport[3]}" && ok "the refused kill closed nothing" || fail "connection 3 closed by nobody"
finish
