#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile input to the real binary: services files with a 1 MB line,
# binary garbage and 200,000 entries (exit 0, memory bounded); --pid with
# 10,000 entries and with garbage (a clear error); processes whose names
# hold every byte 0x01-0xff (nothing unescaped on stdout, JSON parses);
# --serve clients that send binary garbage and that connect and close
# 10,000 times (the server survives, logs no control byte, stays small).
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
. "$(dirname "$0")/serve_lib.sh"
need python3 /usr/bin/time

# Bounds. sockview itself needs a couple of MB; 200,000 services entries
# keep at most 131,072 names (one per port and protocol) in a few MB.
# A sanitizer build shadows and quarantines memory: its own bound.
rss_bound_kb=$((32 * 1024))
serve_bound_kb=$((16 * 1024))
if ldd "$sv" 2>/dev/null | grep -q 'libasan'; then
    rss_bound_kb=$((400 * 1024))
    serve_bound_kb=$((400 * 1024))
    echo "note: AddressSanitizer build, RSS bounds 400 MB"
fi
echo "note: RSS bound $((rss_bound_kb / 1024)) MB for a listing"

# Whether FILE holds only printable ASCII, spaces and newlines.
printable() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if b != 10 and not 0x20 <= b < 0x7f]
if bad:
    print("bytes %s" % sorted(set(bad))[:10])
    sys.exit(1)
PY
}

# Whether FILE holds no C0 control byte but newlines, and no DEL: what
# diagnostics promise (they quote the user's text, UTF-8 included).
no_controls() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
sys.exit(1 if [b for b in data if (b < 0x20 and b != 10) or b == 0x7f] else 0)
PY
}

# Run sockview with its peak RSS in $tmp/rss; sets rc.
measured() {
    /usr/bin/time -f %M -o "$tmp/rss" "$sv" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# A listener on 80 and 22 gives the services file names to print.
python3 - >"$tmp/listen.out" 2>&1 <<'PY' &
import socket, sys, time
keep = []
for port in (80, 22):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(4)
    keep.append(s)
print("ready", flush=True)
time.sleep(120)
PY
bg_pids+=($!)
wait_lines "$tmp/listen.out" ready 1 || { echo "listener did not start"; exit 1; }

# --- /etc/services ---
python3 - "$tmp" <<'PY'
import random, sys
d = sys.argv[1]
with open(d + "/svc_long", "w") as f:
    f.write("http 80/tcp\n" + "x" * (1 << 20) + " 81/tcp\nssh 22/tcp\n")
rnd = random.Random(1)
with open(d + "/svc_garbage", "wb") as f:
    f.write(bytes(rnd.getrandbits(8) for _ in range(1 << 20)))
    f.write(b"\nssh 22/tcp\n\x1b]0;pwned\x07 80/tcp\n")
# 200,000 entries in 3.7 MiB: under the 4 MiB a services file may hold
with open(d + "/svc_many", "w") as f:
    for i in range(200000):
        f.write("svc%d %d/%s\n" % (i, i % 65536, "tcp" if i % 2 else "udp"))
PY
for kind in long garbage many; do
    measured -tla --services "$tmp/svc_$kind"
    rss=$(tail -1 "$tmp/rss")
    if [ "$rc" -eq 0 ] && [ "$rss" -le "$rss_bound_kb" ]; then
        ok "services $kind: exit 0, peak RSS $rss KB"
    else
        fail "services $kind: exit $rc, RSS $rss KB: $(head -3 "$tmp/err")"
    fi
    printable "$tmp/out" >/dev/null && ok "services $kind: output printable" ||
        fail "services $kind: unprintable output"
done
measured -tla --services "$tmp/svc_long"
expect_line "$(cat "$tmp/out")" '127\.0\.0\.1:ssh ' "the line after 1 MB still counts"
measured -tla --services "$tmp/svc_garbage"
expect_line "$(cat "$tmp/out")" '127\.0\.0\.1:ssh ' "a good line after garbage still counts"
expect_line "$(cat "$tmp/out")" '127\.0\.0\.1:80 ' "a name with control bytes is not taken"

# --- --pid ---
python3 -c 'import time; time.sleep(120)' &
holder=$!
bg_pids+=("$holder")
# a 10,000-entry list: the holder and pids past any pid_max
list="$holder,$(seq -s, 4194400 4204398)"
n=$(tr ',' '\n' <<<"$list" | grep -c .)
[ "$n" -eq 10000 ] || fail "the list has $n entries"
measured -tna --pid "$list"
err=$(cat "$tmp/err")
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q 'no such process: 4194400' <<<"$err"; then
    ok "--pid with 10,000 entries: one clear error, exit 1"
else
    fail "--pid 10,000: exit $rc: $(head -c 300 <<<"$err")"
fi
for g in 'abc' '1,,2' '-5' '99999999999999999999' "$(printf '1,\033[31mred\001')" \
    "$(head -c 2000 /dev/urandom | tr -d '\000')"; do
    measured -tna --pid "$g"
    if [ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && no_controls "$tmp/err" &&
        grep -q "bad --pid" "$tmp/err"; then
        ok "--pid garbage: usage error, no control byte"
    else
        fail "--pid garbage: exit $rc: $(head -c 200 "$tmp/err" | od -c | head -3)"
    fi
done

# --- process names with every byte 0x01-0xff ---
python3 - >"$tmp/names.out" 2>&1 <<'PY' &
import ctypes, os, signal, socket, sys, time
libc = ctypes.CDLL(None)
names = bytes(range(1, 256))
kids = []
for i in range(0, 255, 15):
    pid = os.fork()
    if pid == 0:
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        s = socket.socket()
        s.bind(("127.0.0.1", 7100 + i // 15))
        s.listen(1)
        libc.prctl(15, names[i:i + 15], 0, 0, 0)  # PR_SET_NAME
        time.sleep(120)
        os._exit(0)
    kids.append(pid)
time.sleep(0.5)
print("ready", flush=True)
time.sleep(120)
PY
bg_pids+=($!)
wait_lines "$tmp/names.out" ready 1 || { echo "named processes did not start"; exit 1; }
for args in "-tlnp" "-tlnpe" "-tlp" "-tlnpo"; do
    measured $args
    if [ "$rc" -eq 0 ] && printable "$tmp/out" >"$tmp/why"; then
        ok "$args: every name escaped"
    else
        fail "$args: exit $rc, $(cat "$tmp/why")"
    fi
done
measured -tlnp
[ "$(grep -cE '127\.0\.0\.1:71[0-9][0-9] .* [0-9]+/' "$tmp/out")" -eq 17 ] &&
    ok "all 17 renamed owners shown" || fail "owners: $(grep -c 71 "$tmp/out") lines"
for args in "-tlnp -j" "-tlnp --json=lines"; do
    measured $args
    if [ "$rc" -eq 0 ] && python3 - "$tmp/out" "$args" <<'PY'; then
import json, sys
data = open(sys.argv[1], "rb").read()
assert all(b == 10 or (0x20 <= b and b != 0x7f) for b in data), "raw control"
text = data.decode("utf-8")
if "lines" in sys.argv[2]:
    docs = [json.loads(l) for l in text.splitlines()]
else:
    docs = json.loads(text)
assert len(docs) >= 17, len(docs)
PY
        ok "$args: JSON parses, no raw control byte"
    else
        fail "$args: exit $rc or bad JSON"
    fi
done

# --- --serve clients ---
start_server hostile --serve 0 --bind 127.0.0.1 --echo
spid=$server_pid port=$server_port
python3 - "$port" >"$tmp/garbage.out" 2>&1 <<'PY'
import random, socket, sys
rnd = random.Random(3)
data = bytes(range(256)) * 16 + bytes(rnd.getrandbits(8) for _ in range(60000))
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
got = b""
for i in range(0, len(data), 4096):
    s.sendall(data[i:i + 4096])
    while len(got) < i + len(data[i:i + 4096]):
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
s.close()
print("echoed" if got == data else "mismatch %d of %d" % (len(got), len(data)))
PY
expect_line "$(cat "$tmp/garbage.out")" '^echoed$' "binary garbage echoed back whole"
python3 - "$port" >"$tmp/churn.out" 2>&1 <<'PY'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 120
n = 0
while n < 10000 and time.time() < deadline:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
    s.connect(("127.0.0.1", port))
    s.close()
    n += 1
print("cycles", n)
PY
expect_line "$(cat "$tmp/churn.out")" '^cycles 10000$' "10,000 open/close cycles"
wait_lines "$tmp/hostile.log" '^[0-9:.]+ connected ' 10001 100 &&
    ok "the server saw every connection" ||
    fail "connections logged: $(count_lines "$tmp/hostile.log" ' connected ')"
kill -0 "$spid" 2>/dev/null && ok "the server is still running" || fail "the server died"
hwm=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$spid/status")
[ -n "$hwm" ] && [ "$hwm" -le "$serve_bound_kb" ] &&
    ok "server peak RSS $hwm KB" || fail "server peak RSS ${hwm:-?} KB"
printable "$tmp/hostile.log" >"$tmp/why" && ok "the server log is printable" ||
    fail "server log: $(cat "$tmp/why")"
kill "$spid"
wait_exit "$spid"

finish
