#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --serve's errors: a port in use (exit 1, names the problem and
# 'sockview -tlnp'), a privileged port without the right (exit 1, says
# so), a bad port or address (usage, exit 2).
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
. "$(dirname "$0")/serve_lib.sh"

# run ARGS...: sets out (stdout), err (stderr) and rc; at most 10 s
run() {
    out=$(timeout 10 "$@" 2>"$tmp/run.err")
    rc=$?
    err=$(cat "$tmp/run.err")
}

# --- port in use ---------------------------------------------------------
start_server first --serve 0 --bind 127.0.0.1
port=$server_port
for args in "--serve $port --bind 127.0.0.1" "--serve $port"; do
    # shellcheck disable=SC2086
    run "$sv" $args
    expect_count "$rc" 1 "'$args' while the port is taken: exit status"
    expect_line "$err" "^sockview: cannot listen on TCP port $port: address already in use \(only one socket may bind a port; 'sockview -tlnp' shows which process has it\)\$" \
        "'$args': names the problem and sockview -tlnp"
    expect_count "$(wc -l <<<"$err")" 1 "'$args': one line"
    [ -z "$out" ] && ok "'$args': nothing on stdout" || fail "stdout: $out"
done
start_server udp --serve 0 --udp --bind 127.0.0.1
run "$sv" --serve "$server_port" --udp --bind 127.0.0.1
expect_count "$rc" 1 "UDP port taken: exit status"
expect_line "$err" "address already in use .*'sockview -ulnp'" "UDP: points at sockview -ulnp"

# --- privileged port -----------------------------------------------------
# the namespace's own setting, whatever the host's
sysctl -qw net.ipv4.ip_unprivileged_port_start=1024 ||
    fail "cannot set ip_unprivileged_port_start"
cp "$sv" "$tmp/sockview"
chmod 755 "$tmp" "$tmp/sockview"
if command -v setpriv >/dev/null; then
    run setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        "$tmp/sockview" --serve 80 --bind 127.0.0.1
    expect_count "$rc" 1 "port 80 as an unprivileged user: exit status"
    expect_line "$err" '^sockview: cannot listen on TCP port 80: ports below 1024 need root or the CAP_NET_BIND_SERVICE capability$' \
        "port 80 as an unprivileged user: says what is needed"
    run setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        "$tmp/sockview" --serve 80 --udp
    expect_count "$rc" 1 "UDP port 80 unprivileged: exit status"
    expect_line "$err" 'UDP port 80: ports below 1024 need root or the CAP_NET_BIND_SERVICE' "UDP port 80 unprivileged: message"
else
    echo "note: no setpriv; privileged port as a user not tried"
fi
start_server root80 --serve 80 --bind 127.0.0.1
ok "root may listen on port 80"
kill -TERM "$server_pid"
wait_exit "$server_pid"
expect_count "$exit_status" 0 "port 80 server: exit status"

# --- bad port, bad address: usage errors ---------------------------------
for p in 99999 65536 http "" -1 " 80" 0x50; do
    run "$sv" --serve "$p"
    expect_count "$rc" 2 "--serve '$p': exit status"
    expect_line "$err" "^sockview: bad port '$p': expected a number from 0 to 65535 \(try 'sockview --help'\)\$" \
        "--serve '$p': message"
done
run "$sv" --serve 0 --bind localhost.example
expect_count "$rc" 2 "--bind with a name: exit status"
expect_line "$err" "^sockview: bad --bind 'localhost.example': expected a numeric IPv4 or IPv6 address \(try 'sockview --help'\)\$" \
    "--bind with a name: message"
run "$sv" --serve 0 --bind 192.0.2.1
expect_count "$rc" 1 "--bind to another machine's address: exit status"
expect_line "$err" '^sockview: cannot listen on TCP port 0: 192\.0\.2\.1 is not an address of this machine$' \
    "--bind to another machine's address: message"
for args in "--echo" "--bind 127.0.0.1" "--max-clients 5" "-t --echo"; do
    # shellcheck disable=SC2086
    run "$sv" $args
    expect_count "$rc" 2 "'$args' without --serve: exit status"
    expect_line "$err" "works with --serve only \(try 'sockview --help'\)\$" "'$args' without --serve: message"
done
run "$sv" --serve 0 --max-clients 0
expect_count "$rc" 2 "--max-clients 0: exit status"

finish
