#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -j/--json and --json=lines against real sockets in a private namespace:
# python3 -m json.tool and jq accept the output; the sockets and their
# fields agree with the text listing under every selection option; -n
# changes nothing; every owner is listed; a process name with control
# bytes, invalid UTF-8 and a backslash comes back byte for byte.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 jq
start_fixture --children

tmp=$(mktemp -d)
check="python3 $here/json_check.py"

# A process with a name no terminal or JSON parser should take as it is,
# holding a listener and a raw socket. (Names hold at most 15 bytes.)
name_hex=6a011bffc3285c78343122 # j \x01 \x1b \xff \xc3 ( \ x 4 1 "
python3 -c '
import ctypes, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 7002))
s.listen(3)
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
ctypes.CDLL(None).prctl(15, bytes.fromhex(sys.argv[1]), 0, 0, 0)
print("ready", flush=True)
time.sleep(60)
' "$name_hex" >"$tmp/odd.out" &
odd_pid=$!
# the fixture's children first: once it is gone they have no parent to
# be found by, and they hold meson's output pipe until their lifetime ends
trap 'pkill -P $fixture_pid 2>/dev/null; kill $fixture_pid $odd_pid 2>/dev/null; rm -rf "$tmp" "$fixture_out"' EXIT
for _ in $(seq 100); do
    grep -q ready "$tmp/odd.out" && break
    sleep 0.1
done
grep -q ready "$tmp/odd.out" || { echo "named process did not start"; exit 1; }
children=$(pgrep -P "$fixture_pid" | tr '\n' ' ')

# Both forms parse, with python3's json and with jq
"$sv" -tuwa -j >"$tmp/all.json" 2>"$tmp/err"
python3 -m json.tool "$tmp/all.json" >/dev/null && ok "json.tool accepts -j" ||
    fail "json.tool rejects -j"
jq -e 'type == "array" and length > 10' "$tmp/all.json" >/dev/null &&
    ok "jq accepts -j" || fail "jq rejects -j"
"$sv" -tuwa --json=lines >"$tmp/all.lines"
jq -e -c . "$tmp/all.lines" >/dev/null && ok "jq accepts --json=lines" ||
    fail "jq rejects --json=lines"
bad=0
while IFS= read -r line; do
    python3 -m json.tool <<<"$line" >/dev/null || bad=$((bad + 1))
done <"$tmp/all.lines"
[ "$bad" -eq 0 ] && ok "each line is one JSON document" ||
    fail "$bad lines do not parse alone"
$check lines "$tmp/all.json" "$tmp/all.lines" &&
    ok "--json=lines holds the array's objects" ||
    fail "--json=lines differs from -j"
[ "$(head -c1 "$tmp/all.lines")" = "{" ] && ok "no array with =lines" ||
    fail "--json=lines starts with '$(head -c1 "$tmp/all.lines")'"

# Text and JSON list the same sockets, with every selection option and
# filter
for f in -tuna -tln -una -tn -un -tuna4 -tuna6 -tunl -wan -tuwan -wln \
    "-tuwan --source=proc" "-tuan --source=netlink" "-a" "-l" "" \
    "--state established" "--state listen,time-wait -t" "--sport 9999" \
    "-t --dport 9999" "-u --port 5353" "--src 127.0.0.1" "--dst ::1/128" \
    "--src 127.0.0.0/8 --state connected"; do
    # shellcheck disable=SC2086
    "$sv" $f -e -n -H >"$tmp/t" && "$sv" $f -j >"$tmp/j" ||
        { fail "sockview $f failed"; continue; }
    if out=$($check agree "$tmp/t" "$tmp/j"); then
        ok "text and JSON agree: '$f'"
    else
        fail "text and JSON disagree: '$f'"
        echo "$out"
    fi
done

# -n changes nothing in JSON (timers run down between runs: left out)
strip='map(del(.timer))'
if [ "$("$sv" -tuwa -j | jq -c "$strip")" = "$("$sv" -tuwan -j | jq -c "$strip")" ] &&
    [ "$("$sv" -tuwa -j | jq -c "$strip")" = "$("$sv" -tuwa -j --numeric-ports --numeric-users | jq -c "$strip")" ]; then
    ok "-n changes nothing in JSON"
else
    fail "-n changes the JSON"
fi
printf 'demo 9999/tcp # a demo\nmdns 5353/udp\n' >"$tmp/services"
jq -e 'any(.[]; .local.port == 9999 and .local.service == "demo") and
    any(.[]; .local.port == 5353 and .local.service == "mdns") and
    any(.[]; .proto == "raw" and .local.service == null)' \
    <("$sv" -tuwan -j --services "$tmp/services") >/dev/null &&
    ok "service names with -n" || fail "service names missing with -n"
jq -e 'all(.[]; .uid != 0 or .user == "root")' "$tmp/all.json" >/dev/null &&
    ok "user names with the uid" || fail "uid 0 is not named root"

# Every owner, not only the first: the listener on 7000 is shared by the
# fixture and its first child (the second closed its copy)
$check owners "$tmp/all.json" 7000 2 "$fixture_pid" >"$tmp/o" 2>&1 &&
    ok "the shared listener lists every owner" ||
    { fail "owners of the shared listener"; cat "$tmp/o"; }
jq -e 'all(.[]; if .inode == 0 then .owners == [] and .owners_status == "none"
    else true end)' "$tmp/all.json" >/dev/null &&
    ok "sockets without an inode have no owner, status none" ||
    fail "owners of inode-less sockets"

# --pid applies to JSON: only the named process's sockets
"$sv" -tuw --pid "$odd_pid" -j >"$tmp/pid.json"
jq -e --argjson p "$odd_pid" 'length == 2 and
    all(.[]; any(.owners[]; .pid == $p))' "$tmp/pid.json" >/dev/null &&
    ok "--pid selects in JSON" || { fail "--pid in JSON"; cat "$tmp/pid.json"; }
[ "$(jq length "$tmp/pid.json")" = "$("$sv" -tuw --pid "$odd_pid" -H | wc -l)" ] &&
    ok "--pid: as many sockets as in text" || fail "--pid: counts differ"

# A hostile name round-trips and stays valid JSON
$check program "$tmp/pid.json" "$odd_pid" "$name_hex" >"$tmp/o" 2>&1 &&
    ok "control bytes, invalid UTF-8 and a backslash round-trip" ||
    { fail "process name round trip"; cat "$tmp/o"; }
evil_hex=$(printf 'evil\nname\tx' | od -An -tx1 | tr -d ' \n')
for c in $children; do
    if $check program "$tmp/all.json" "$c" "$evil_hex" >/dev/null 2>&1; then
        ok "newline and tab in a name round-trip"
        evil=1
    fi
done
[ -n "${evil:-}" ] || fail "the renamed child's name"
jq -e --argjson p "$odd_pid" \
    '[.[].owners[] | select(.pid == $p)][0].program | test("^j\u0001\u001b\\\\xff\\\\xc3\\(\\\\\\\\x41\"$")' \
    "$tmp/pid.json" >/dev/null && ok "jq reads the escaped name" ||
    fail "jq reads the name as $(jq -c '.[0].owners' "$tmp/pid.json")"

# What netlink adds: a listener's backlog limit (sockets.py listens with 16)
jq -e 'any(.[]; .local.port == 9999 and .state == "LISTEN" and .backlog == 16)' \
    <("$sv" -tl -j --source=netlink) >/dev/null &&
    ok "netlink: backlog" || fail "netlink: no backlog 16 on port 9999"
jq -e 'all(.[]; .backlog == null) and any(.[]; has("backlog"))' \
    <("$sv" -tl -j --source=proc) >/dev/null &&
    ok "/proc: backlog null" || fail "/proc: backlog not null"
jq -e 'all(.[]; has("backlog") == (.state == "LISTEN" and .proto == "tcp"))' \
    "$tmp/all.json" >/dev/null && ok "backlog only on TCP listeners" ||
    fail "backlog on other sockets"

# Timers are there without -o, with netstat's numbers
jq -e 'any(.[]; .state == "TIME_WAIT" and .timer.name == "timewait" and
    .timer.expires_ms > 0)' "$tmp/all.json" >/dev/null &&
    ok "TIME_WAIT timer" || fail "no TIME_WAIT timer"

# An empty selection is still an array
"$sv" -t6l -j --pid "$odd_pid" >"$tmp/empty.json"
[ "$(cat "$tmp/empty.json")" = "[]" ] && ok "empty array" ||
    fail "empty selection gives '$(cat "$tmp/empty.json")'"

finish
