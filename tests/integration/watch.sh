#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -c/--continuous, --diff and --color against real sockets in a private
# network namespace: rounds separated by timestamp lines into a pipe,
# '+' and '-' rows for a connection that comes and goes, JSON lines with
# "event", SIGINT ending with 0, memory flat over a few hundred rounds,
# colours only where they belong, and an in-place redraw in tmux.
set -u
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 timeout
# A private pid namespace too, where one can be had: /proc then holds only
# this test's processes, and how long a round's owner walk takes does not
# depend on what else runs on the machine.
if [ "${SOCKVIEW_WATCH_PIDNS:-}" != 1 ] && unshare -p -f --mount-proc true 2>/dev/null; then
    SOCKVIEW_WATCH_PIDNS=1 exec unshare -p -f --mount-proc bash "$0" "$@"
fi
sv=$1
tmp=$(mktemp -d)
helpers=()
cleanup() {
    local p
    for p in "${helpers[@]}"; do kill "$p" 2>/dev/null; done
    [ -n "${tmux_sock:-}" ] && tmux -L "$tmux_sock" kill-server 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

stamp_re='^--- [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4} ---$'
# the same for awk (mawk has no intervals)
stamp_awk='^--- [0-9][-0-9]* [0-9][:0-9]* [+-][0-9]* ---$'

# A connection that comes and goes on port $1: the listener and the
# connection open once the file $2.go exists, and close once $2.close
# does (each wait at most 10 s); then it exits.
cat >"$tmp/comego.py" <<'EOF'
import os, socket, sys, time
port, flag = int(sys.argv[1]), sys.argv[2]
def wait(name):
    for _ in range(100):
        if os.path.exists(flag + name):
            return
        time.sleep(0.1)
wait(".go")
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", port))
l.listen(4)
c = socket.create_connection(("127.0.0.1", port))
a, _ = l.accept()
wait(".close")
c.close()
a.close()
l.close()
EOF

# Wait (at most 10 s) for a line matching $2 in file $1.
wait_for() {
    local i
    for i in $(seq 100); do
        grep -qE -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# --- memory: a few hundred rounds over churning sockets and processes -----
memory_test() {
# 100 listeners and 100 connections (300 sockets) that stay, and a child
# process every 0.1 s that holds a connection for 0.3 s: rows come and
# go, owners' pids come and go. The fixture lives at most
# 60 s, its children die with it.
cat >"$tmp/churn.py" <<'EOF'
import ctypes, os, signal, socket, struct, time
held = []
for i in range(100):
    l = socket.socket()
    l.bind(("127.0.0.1", 20000 + i))
    l.listen(8)
    c = socket.create_connection(("127.0.0.1", 20000 + i))
    a, _ = l.accept()
    held += [l, c, a]
churn = socket.socket()
churn.bind(("127.0.0.1", 19999))
churn.listen(64)
churn.setblocking(False)
print("ready", flush=True)
end = time.monotonic() + 60
kids, accepted = [], []
while time.monotonic() < end:
    pid = os.fork()
    if pid == 0:
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            c = socket.create_connection(("127.0.0.1", 19999), timeout=1)
            # closed with a reset: no TIME_WAIT piling up for 60 s, so
            # the socket count is steady while memory is measured
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
            time.sleep(0.3)
            c.close()
        finally:
            os._exit(0)
    kids.append(pid)
    time.sleep(0.1)
    try:
        while True:
            accepted.append(churn.accept()[0])
    except BlockingIOError:
        pass
    for s in accepted[:-8]:
        s.close()
    del accepted[:-8]
    for k in kids[:]:
        if os.waitpid(k, os.WNOHANG)[0]:
            kids.remove(k)
EOF
python3 "$tmp/churn.py" >"$tmp/churn.out" &
helpers+=($!)
wait_for "$tmp/churn.out" ready || fail "the churn fixture did not start"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
# Wait (at most $2 s) until $1 rounds were written; awk counts them and
# rewrites the count in a file every 10 rounds.
wait_rounds() {
    local i n
    for i in $(seq $(($2 * 10))); do
        n=$(cat "$tmp/rounds" 2>/dev/null)
        [ "${n:-0}" -ge "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
exec 3> >(awk -v re="$stamp_awk" -v f="$tmp/rounds" \
    '$0 ~ re && ++n % 10 == 0 { print n > f; close(f) }')
# A sanitizer build quarantines freed memory, which looks like growth:
# turn the quarantine off there, so the same bound holds.
if ldd "$sv" 2>/dev/null | grep -q libasan; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
fi
"$sv" -tnap -c 0.1 --diff >&3 &
svpid=$!
exec 3>&-
wait_rounds 30 30 || fail "not 30 rounds in 30 s"
early=$(rss "$svpid")
wait_rounds 300 120 || fail "not 300 rounds in 150 s"
rounds=$(cat "$tmp/rounds")
late=$(rss "$svpid")
stop "$svpid"
rc=$?
echo "memory: VmRSS ${early} KiB at round 30, ${late} KiB at round $rounds"
[ "$rc" -eq 0 ] && ok "memory run: status 0 after SIGINT" || fail "memory run: status $rc"
[ -n "$early" ] && [ -n "$late" ] && [ $((late - early)) -lt 512 ] &&
    ok "VmRSS grew by $((late - early)) KiB from round 30 to $rounds (< 512 KiB)" ||
    fail "VmRSS grew from $early to $late KiB"
}


# SIGINT to pid $1, then its exit status; SIGKILL (status 137) if it has
# not ended within 5 s.
stop() {
    local i
    kill -INT "$1" 2>/dev/null
    for i in $(seq 50); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1"
}

# --- text: -c 0.2 --diff into a file, ended by SIGINT ----------------------
# the connection opens after the first round and closes a few rounds
# after its '+' row is out; SIGINT a few rounds after its '-' row is
python3 "$tmp/comego.py" 7100 "$tmp/c1" &
helpers+=($!)
"$sv" -tna -c 0.2 --diff >"$tmp/text" &
svpid=$!
wait_for "$tmp/text" "$stamp_re" && touch "$tmp/c1.go"
wait_for "$tmp/text" '^\+ tcp .*:7100 .*ESTABLISHED' && sleep 0.6 &&
    touch "$tmp/c1.close"
wait_for "$tmp/text" '^- tcp .*:7100 .*ESTABLISHED'
sleep 0.6
stop "$svpid"
rc=$?
out=$(cat "$tmp/text")
[ "$rc" -eq 0 ] && ok "SIGINT ends -c with status 0" || fail "-c after SIGINT: status $rc"
[ "$(tail -c 1 "$tmp/text" | od -An -c | tr -d ' ')" = '\n' ] &&
    ok "the last round is complete (ends with a newline)" ||
    fail "output ends in the middle of a line"
stamps=$(grep -cE "$stamp_re" <<<"$out")
titles=$(grep -c '^Active Internet connections' <<<"$out")
[ "$stamps" -ge 4 ] && [ "$stamps" -eq "$titles" ] &&
    ok "a timestamp line before each of the $stamps rounds" ||
    fail "$stamps timestamp lines for $titles rounds"
first=$(awk -v re="$stamp_awk" '$0 ~ re { n++ } n == 1' <<<"$out")
expect_line "$first" '^Active Internet' "the first round found"
expect_no_line "$first" '^[+-] ' "the first round is unmarked"
expect_line "$out" '^  Proto Recv-Q Send-Q Local Address' "--diff indents the column header by 2"
expect_line "$out" '^\+ tcp +0 +0 127\.0\.0\.1:7100 +0\.0\.0\.0:\* +LISTEN' "'+' for the new listener"
expect_line "$out" '^\+ tcp +0 +0 127\.0\.0\.1:7100 +127\.0\.0\.1:[0-9]+ +ESTABLISHED' "'+' for the new connection"
expect_line "$out" '^- tcp +0 +0 127\.0\.0\.1:7100 +127\.0\.0\.1:[0-9]+ +ESTABLISHED' "'-' once it closes"
expect_line "$out" '^- tcp +0 +0 127\.0\.0\.1:7100 +0\.0\.0\.0:\* +LISTEN' "'-' for the closed listener"
expect_line "$out" '^  tcp +0 +0 127\.0\.0\.1:7100 +0\.0\.0\.0:\* +LISTEN' "' ' for a socket still there"
# a '-' row is printed once, in the round after it went
n=$(grep -cE '^- tcp +0 +0 127\.0\.0\.1:7100 +0\.0\.0\.0:\*' <<<"$out")
[ "$n" -eq 1 ] && ok "a closed socket is marked in one round only" ||
    fail "the closed listener is marked $n times"
# the rows line up: the State column starts at the same place
cols=$(grep -E '^[ +-] (tcp|udp)' <<<"$out" | awk 'match($0, /[A-Z][A-Z_0-9]+ *$/) { print RSTART }' | sort -u)
[ "$(wc -l <<<"$cols")" -eq 1 ] && ok "marked rows keep the columns" ||
    fail "State at columns: $(tr '\n' ' ' <<<"$cols")"
# without --diff: no marks, no indent
timeout --preserve-status -s INT 0.5 "$sv" -tna -c 0.2 >"$tmp/plain"
expect_line "$(cat "$tmp/plain")" '^Proto Recv-Q' "without --diff the header is not indented"

# --- JSON lines: "event" on every object, no other lines ------------------
python3 "$tmp/comego.py" 7101 "$tmp/c2" &
helpers+=($!)
"$sv" -tna -c 0.2 --diff --json=lines >"$tmp/json" &
svpid=$!
for i in $(seq 100); do [ -s "$tmp/json" ] && break; sleep 0.1; done
touch "$tmp/c2.go"
wait_for "$tmp/json" '"port":7101,.*"event":"new"' && touch "$tmp/c2.close"
wait_for "$tmp/json" '"port":7101,.*"event":"closed"'
stop "$svpid"
rc=$?
[ "$rc" -eq 0 ] && ok "JSON lines: status 0 after SIGINT" || fail "JSON lines: status $rc"
if python3 - "$tmp/json" <<'EOF'; then ok "JSON lines: every line an object with an event; new and closed seen"; else fail "JSON lines: see above"; fi
import json, sys
events = set()
for n, line in enumerate(open(sys.argv[1]), 1):
    o = json.loads(line)  # a timestamp line would fail here
    if o.get("event") not in ("new", "closed", "same"):
        sys.exit("line %d: event %r" % (n, o.get("event")))
    if o["local"]["port"] == 7101 and o["state"] == "ESTABLISHED":
        events.add(o["event"])
for e in ("new", "closed"):
    if e not in events:
        sys.exit("no %s event for the connection on 7101 (saw %s)" % (e, sorted(events)))
EOF
# --- a closed row keeps its owner: the round before's, as it was printed --
# comego.py exits once its sockets are closed, so its name can only come
# from the round that saw it
python3 "$tmp/comego.py" 7102 "$tmp/c3" &
cpid=$!
helpers+=($cpid)
"$sv" -tnap -c 0.2 --diff >"$tmp/owned" &
svpid=$!
wait_for "$tmp/owned" "$stamp_re" && touch "$tmp/c3.go"
wait_for "$tmp/owned" '^\+ tcp .*:7102 .*ESTABLISHED' && touch "$tmp/c3.close"
wait_for "$tmp/owned" '^- tcp .*:7102 .*ESTABLISHED'
stop "$svpid"
expect_line "$(cat "$tmp/owned")" "^- tcp +0 +0 127\\.0\\.0\\.1:7102 +0\\.0\\.0\\.0:\\* +LISTEN +$cpid/python3 +\$" \
    "a closed row keeps its owner (text)"
python3 "$tmp/comego.py" 7103 "$tmp/c4" &
cpid=$!
helpers+=($cpid)
"$sv" -tna -c 0.2 --diff --json=lines >"$tmp/owned.json" &
svpid=$!
for i in $(seq 100); do [ -s "$tmp/owned.json" ] && break; sleep 0.1; done
touch "$tmp/c4.go"
wait_for "$tmp/owned.json" '"port":7103,.*"event":"new"' && touch "$tmp/c4.close"
wait_for "$tmp/owned.json" '"port":7103,.*"event":"closed"'
stop "$svpid"
if python3 - "$tmp/owned.json" "$cpid" <<'EOF'; then ok "a closed row keeps its owner (JSON)"; else fail "a closed row lost its owner (JSON)"; fi
import json, sys
closed = [o for o in map(json.loads, open(sys.argv[1]))
          if o["local"]["port"] == 7103 and o["event"] == "closed"]
assert closed, "no closed row"
for o in closed:
    own = [(x["pid"], x["program"]) for x in o["owners"]]
    assert own == [(int(sys.argv[2]), "python3")] and o["owners_status"] == "found", o
EOF
# JSON arrays: one array per round, no escapes even with --color=always
"$sv" -tna -c 0.2 -j --color=always >"$tmp/arr" &
svpid=$!
for i in $(seq 100); do
    [ "$(grep -c '^\]' "$tmp/arr")" -ge 2 ] && break
    sleep 0.1
done
stop "$svpid"
if python3 - "$tmp/arr" <<'EOF'; then ok "-j -c: a JSON array per round"; else fail "-j -c: not a stream of arrays"; fi
import json, sys
text = open(sys.argv[1]).read()
assert "\x1b" not in text, "escape in JSON"
dec, i, n = json.JSONDecoder(), 0, 0
while text[i:].strip():
    while text[i].isspace():
        i += 1
    v, i = dec.raw_decode(text, i)
    assert isinstance(v, list)
    n += 1
assert n >= 2, n
EOF

# --- colour ---------------------------------------------------------------
python3 - <<'EOF' &
import socket, time
l = socket.socket()
l.bind(("127.0.0.1", 7200))
l.listen(4)
c = socket.create_connection(("127.0.0.1", 7200))
a, _ = l.accept()
time.sleep(30)
EOF
helpers+=($!)
for i in $(seq 50); do
    "$sv" -tn | grep -q ':7200 ' && break
    sleep 0.1
done
esc=$'\033'
always=$("$sv" -tna --color=always)
never=$("$sv" -tna --color=never)
expect_line "$always" "${esc}\\[32mLISTEN${esc}\\[0m" "--color=always: LISTEN in green"
expect_line "$always" "${esc}\\[36mESTABLISHED${esc}\\[0m" "--color=always: ESTABLISHED in cyan"
stripped=$(sed "s/${esc}\\[[0-9;]*m//g" <<<"$always")
[ "$stripped" = "$never" ] && ok "--color=always: the same columns once escapes are stripped" ||
    fail "--color=always changes the text: $(diff <(echo "$stripped") <(echo "$never"))"
expect_no_line "$("$sv" -tna --color=auto)" "$esc" "--color=auto into a pipe: no escapes"
expect_no_line "$("$sv" -tna)" "$esc" "no --color into a pipe: no escapes"
expect_no_line "$(NO_COLOR=1 "$sv" -tna --color=always -j)" "$esc" "JSON is never coloured"
expect_line "$(NO_COLOR=1 "$sv" -tna --color=always)" "$esc" "--color=always overrules NO_COLOR"
if command -v script >/dev/null 2>&1; then
    tty_out=$(timeout 10 script -qc "$sv -tna --color=auto" /dev/null)
    expect_line "$tty_out" "${esc}\\[32mLISTEN" "--color=auto on a terminal: colours"
    tty_out=$(NO_COLOR=1 timeout 10 script -qc "$sv -tna --color=auto" /dev/null)
    expect_no_line "$tty_out" "$esc" "NO_COLOR=1 --color=auto on a terminal: no escapes"
    tty_out=$(NO_COLOR= timeout 10 script -qc "$sv -tna --color=auto" /dev/null)
    expect_line "$tty_out" "${esc}\\[32mLISTEN" "an empty NO_COLOR does not count"
    tty_out=$(timeout 10 script -qc "$sv -tna --color=never" /dev/null)
    expect_no_line "$tty_out" "$esc" "--color=never on a terminal: no escapes"
else
    echo "skip: no script(1), the terminal colour checks"
fi

# --- a terminal: redrawn in place (tmux) -----------------------------------
if command -v tmux >/dev/null 2>&1; then
    tmux_sock=sockview-watch-$$
    tmux -L "$tmux_sock" -f /dev/null new-session -d -x 120 -y 40 \
        "$sv -tna -c 0.3; echo exit=\$?; sleep 10"
    sleep 2 # about 6 rounds
    screen=$(tmux -L "$tmux_sock" capture-pane -p)
    n=$(grep -c '^Active Internet connections' <<<"$screen")
    [ "$n" -eq 1 ] && ok "tmux: one header on the screen after several rounds" ||
        fail "tmux: $n headers on the screen: $screen"
    expect_line "$screen" "$stamp_re" "tmux: the timestamp line at the top"
    expect_line "$(head -n 1 <<<"$screen")" "$stamp_re" "tmux: redrawn from the top"
    tmux -L "$tmux_sock" send-keys C-c
    for i in $(seq 30); do
        screen=$(tmux -L "$tmux_sock" capture-pane -p)
        grep -q '^exit=' <<<"$screen" && break
        sleep 0.1
    done
        # the terminal echoes "^C" before it
    expect_line "$screen" 'exit=0$' "tmux: Ctrl-C ends it with status 0"
    tmux -L "$tmux_sock" kill-server 2>/dev/null
    tmux_sock=
else
    echo "skip: no tmux, the redraw check"
fi

# --- -c --pid: the watch ends cleanly once the process has ended ---------
# the process holds a listener for about a second, then exits (and stays
# a zombie, unreaped, which has no sockets either)
python3 -c '
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 7102))
s.listen(1)
time.sleep(1.2)' &
victim=$!
helpers+=($victim)
timeout 10 "$sv" -tn -c 0.2 --pid "$victim" >"$tmp/pid.out" 2>"$tmp/pid.err"
rc=$?
[ "$rc" -eq 0 ] && ok "-c --pid: status 0 once the process ended" ||
    fail "-c --pid: status $rc (124: still watching after 10 s)"
expect_line "$(cat "$tmp/pid.err")" "^sockview: process $victim ended: nothing left to watch\$" \
    "-c --pid: one line says the process ended"
[ "$(wc -l <"$tmp/pid.err")" -eq 1 ] && ok "-c --pid: nothing else on stderr" ||
    fail "-c --pid: stderr: $(cat "$tmp/pid.err")"
expect_line "$(cat "$tmp/pid.out")" "^tcp .*127\.0\.0\.1:7102 .*LISTEN +$victim/python3" \
    "-c --pid: the rounds before list its listener"
stamps=$(grep -cE "$stamp_re" "$tmp/pid.out")
titles=$(grep -c '^Active Internet connections' "$tmp/pid.out")
[ "$stamps" -ge 2 ] && [ "$stamps" -eq "$titles" ] &&
    ok "-c --pid: every timestamp line has its listing ($stamps rounds)" ||
    fail "-c --pid: $stamps timestamp lines for $titles listings"
wait "$victim" 2>/dev/null

[ "${SOCKVIEW_WATCH_PIDNS:-}" = 1 ] ||
    echo "note: no private pid namespace; the owner walk reads every process"
memory_test

finish
