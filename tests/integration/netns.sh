#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -N/--netns: list another network namespace's sockets, named as ip netns
# names it, by path, or by a pid inside it; owners still found. A missing
# namespace or a user who may not enter it: one line, exit 1.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
need ip setpriv timeout
ns=sockview-test-$$
ip netns add "$ns" 2>/dev/null || { echo "skip: ip netns add refused"; exit 77; }
tmp=$(mktemp -d)
spid=
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null
    [ -n "${nspid:-}" ] && kill "$nspid" 2>/dev/null
    [ -n "${nhpid:-}" ] && kill "$nhpid" 2>/dev/null
    wait 2>/dev/null
    ip netns del "$ns" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# ip netns exec remounts /sys and needs / to be a mount point: a chroot
# without one cannot run it, and that says nothing of sockview
ip netns exec "$ns" ip link set lo up ||
    { echo "skip: ip netns exec cannot run here"; exit 77; }
# ip netns exec execs the command: $! is the server's pid
ip netns exec "$ns" timeout 120 "$sv" --serve 0 --bind 127.0.0.1 >"$tmp/serve.log" 2>&1 &
port=
for i in $(seq 50); do
    port=$(sed -n '1s/.* port \([0-9][0-9]*\), pid \([0-9]*\).*/\1/p' "$tmp/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { fail "server did not start: $(cat "$tmp/serve.log")"; finish; }
spid=$(sed -n '1s/.* pid \([0-9][0-9]*\).*/\1/p' "$tmp/serve.log")

want="^tcp +0 +0 127\\.0\\.0\\.1:$port +0\\.0\\.0\\.0:\\* +LISTEN +$spid/sockview +\$"
expect_line "$("$sv" -tlnp -N "$ns")" "$want" "-N NAME lists the listener with its owner"
expect_line "$("$sv" -tlnp --netns "/run/netns/$ns")" "$want" "--netns PATH"
expect_line "$("$sv" -tlnp -N "$spid")" "$want" "-N PID (its /proc/PID/ns/net)"
expect_line "$("$sv" -tlnp --source=proc -N "$ns")" "$want" "-N with --source=proc reads the namespace's /proc/net"
expect_no_line "$("$sv" -tlnp)" " $spid/sockview" "without -N, this namespace's sockets only"

# --serve and --connect with -N: served and connected inside the namespace
"$sv" -N "$ns" --serve 0 --bind 127.0.0.1 --echo >"$tmp/nserve.log" 2>&1 &
nspid=$!
nport=
for i in $(seq 50); do
    nport=$(sed -n '1s/.* port \([0-9][0-9]*\), pid.*/\1/p' "$tmp/nserve.log")
    [ -n "$nport" ] && break
    sleep 0.1
done
if [ -z "$nport" ]; then
    fail "-N NAME --serve did not start: $(cat "$tmp/nserve.log")"
else
    expect_line "$(head -1 "$tmp/nserve.log")" "; inspect with: sockview -N $ns -tnp --pid $nspid\$" \
        "-N NAME --serve: the hint looks into the namespace"
    expect_line "$("$sv" -tlnp -N "$ns")" "^tcp +0 +0 127\\.0\\.0\\.1:$nport +0\\.0\\.0\\.0:\\* +LISTEN +$nspid/sockview" \
        "-N NAME --serve listens inside the namespace"
    expect_no_line "$("$sv" -tlnp)" " $nspid/sockview" "-N NAME --serve: nothing in the caller's namespace"
    out=$(echo "through the namespace" | timeout 20 "$sv" -N "$ns" --connect "127.0.0.1:$nport" 2>&1)
    expect_line "$out" '^through the namespace$' "-N NAME --connect: connected inside the namespace, echoed"
    "$sv" --netns "$ns" --connect "127.0.0.1:$nport" --hold >"$tmp/nhold.out" 2>&1 &
    nhpid=$!
    for i in $(seq 50); do
        grep -q '^holding' "$tmp/nhold.out" && break
        sleep 0.1
    done
    expect_line "$(cat "$tmp/nhold.out")" "^holding 1 connections, pid $nhpid; inspect with: sockview -N $ns -tnp --pid $nhpid\$" \
        "--netns NAME --connect --hold: the hint looks into the namespace"
    expect_line "$("$sv" -tnp -N "$ns" --pid "$nhpid")" "^tcp +0 +0 127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:$nport +ESTABLISHED +$nhpid/sockview" \
        "--netns NAME --connect: the connection is in the namespace"
    kill "$nhpid" 2>/dev/null
fi
kill "$nspid" 2>/dev/null

# errors: one line on stderr, nothing on stdout, exit 1
check_error() {
    local what=$1 re=$2 out err rc
    shift 2
    out=$("$@" 2>"$tmp/err")
    rc=$?
    err=$(cat "$tmp/err")
    if [ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
        grep -qE -- "$re" <<<"$err"; then
        ok "$what: $err"
    else
        fail "$what: exit $rc, stdout '$out', stderr '$err'"
    fi
}
check_error "missing name" "^sockview: cannot enter network namespace 'sockview-nosuch-$$': cannot open /run/netns/sockview-nosuch-$$: No such file or directory\$" \
    "$sv" -tln -N "sockview-nosuch-$$"
check_error "missing pid" "^sockview: cannot enter network namespace '999999999': cannot open /proc/999999999/ns/net: No such file or directory\$" \
    "$sv" -tln -N 999999999
check_error "not a namespace" "^sockview: cannot enter network namespace '/etc/hostname': not a network namespace\$" \
    "$sv" -tln -N /etc/hostname
check_error "unprivileged" "^sockview: cannot enter network namespace '$ns': (Operation not permitted|Permission denied) \\(needs CAP_SYS_ADMIN\\)\$" \
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$sv" -tln -N "$ns"
# another user's process: its namespace cannot even be read, which is
# the cause to name (not CAP_SYS_ADMIN)
check_error "another user's pid" "^sockview: cannot enter network namespace '$spid': cannot read /proc/$spid/ns/net: Permission denied \(another user's process needs root or CAP_SYS_PTRACE\)\$" \
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$sv" -tln -N "$spid"
finish
