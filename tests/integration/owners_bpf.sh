#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# As root, the owners come from the kernel's task_file BPF iterator in
# one pass instead of a readlink per fd under /proc: the same output,
# byte for byte, as SOCKVIEW_OWNERS=proc (the /proc walk) for the socket
# fixture's processes (listening, connected, unbound, shared by parent
# and children), and for a socket in a thread's own fd table, which
# neither way shows (/proc/PID/fd is the leader's). The walk stays where
# the iterator would number processes wrongly (a pid namespace of its
# own) or cannot be had (an ordinary user). Skips (77) where this kernel
# or this machine does not let root read the iterator.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 strace setpriv
start_fixture --children
parent=$fixture_pid
tmp=$(mktemp -d)
threaded=
cleanup() {
    [ -n "$threaded" ] && kill "$threaded" 2>/dev/null
    pkill -P "$parent" 2>/dev/null
    kill "$parent" 2>/dev/null
    rm -rf "$tmp" "$fixture_out"
}
trap cleanup EXIT

# Whether a run (its strace at $1) read the iterator, and how many fd
# links it read under /proc.
used_iterator() { grep -q 'BPF_ITER_CREATE.*= [0-9]' "$1"; }
links_read() { grep -c 'readlinkat(.*socket:\[' "$1"; }

strace -f -e trace=bpf,readlinkat -o "$tmp/probe" "$sv" -tlnp >/dev/null 2>&1
if ! used_iterator "$tmp/probe"; then
    echo "skip: the task_file iterator cannot be had here:"
    grep -m2 'bpf(' "$tmp/probe"
    exit 77
fi

# a socket opened by a thread that first took an fd table of its own
cat >"$tmp/threaded.py" <<'PY'
import ctypes, socket, sys, threading, time
libc = ctypes.CDLL(None, use_errno=True)
def own_table():
    if libc.unshare(0x400) != 0:  # CLONE_FILES
        sys.exit("unshare(CLONE_FILES): errno %d" % ctypes.get_errno())
    s = socket.socket()
    s.bind(("127.0.0.3", 7300))
    s.listen(1)
    open(sys.argv[1], "w").close()
    time.sleep(120)
threading.Thread(target=own_table, daemon=True).start()
time.sleep(120)
PY
python3 "$tmp/threaded.py" "$tmp/ready" &
threaded=$!
for _ in $(seq 100); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
[ -e "$tmp/ready" ] || { fail "the threaded process did not start"; finish; }

# stdout and stderr: pid 1, which the iterator passes over, is walked
# either way, so where /proc hides it from root (this sandbox's pid 1)
# both ways say so
for args in "-tunap" "-tulnp" "-uanp" "-tunape" "--pid $parent -e"; do
    # shellcheck disable=SC2086  # the options are split on purpose
    SOCKVIEW_OWNERS=proc "$sv" $args >"$tmp/proc" 2>&1
    p=$?
    # shellcheck disable=SC2086
    "$sv" $args >"$tmp/bpf" 2>&1
    b=$?
    if [ $p -eq $b ] && cmp -s "$tmp/proc" "$tmp/bpf"; then
        ok "$args: the same both ways ($(wc -l <"$tmp/bpf") lines)"
    else
        fail "$args: the walk (status $p) and the iterator (status $b) differ"
        diff "$tmp/proc" "$tmp/bpf" | head -5
    fi
done
# JSON: every socket's owners, pid, fd and name, the same both ways
SOCKVIEW_OWNERS=proc "$sv" -tuaj >"$tmp/proc.json" 2>/dev/null
"$sv" -tuaj >"$tmp/bpf.json" 2>/dev/null
if python3 - "$tmp/proc.json" "$tmp/bpf.json" <<'PY'; then
import json, sys
def owners(path):
    return sorted((o["inode"], o["owners_status"],
                   json.dumps(o["owners"], sort_keys=True))
                  for o in json.load(open(path)))
a, b = owners(sys.argv[1]), owners(sys.argv[2])
sys.exit(0 if a == b and any(w != "[]" for _, _, w in a) else 1)
PY
    ok "-tuaj: the same owners both ways"
else
    fail "-tuaj: the owners differ"
fi
for way in proc bpf; do
    SOCKVIEW_OWNERS=$way "$sv" -tlnp 2>/dev/null | grep ':7300 ' >"$tmp/threaded.$way"
done
expect_line "$(cat "$tmp/threaded.proc")" "LISTEN +- *$" \
    "a thread's own table: no owner under /proc"
cmp -s "$tmp/threaded.proc" "$tmp/threaded.bpf" &&
    ok "a thread's own table: none from the iterator either" ||
    fail "a thread's own table: the iterator says $(cat "$tmp/threaded.bpf")"

strace -f -e trace=bpf,readlinkat -o "$tmp/trace" "$sv" -tunap >/dev/null 2>&1
if used_iterator "$tmp/trace" && [ "$(links_read "$tmp/trace")" -eq 0 ]; then
    ok "-tunap reads the iterator and no fd link"
else
    fail "-tunap: iterator $(used_iterator "$tmp/trace" && echo used || echo unused), $(links_read "$tmp/trace") links read"
fi
SOCKVIEW_OWNERS=proc strace -f -e trace=bpf,readlinkat -o "$tmp/trace" "$sv" -tunap >/dev/null 2>&1
if ! used_iterator "$tmp/trace" && [ "$(links_read "$tmp/trace")" -gt 0 ]; then
    ok "SOCKVIEW_OWNERS=proc walks /proc"
else
    fail "SOCKVIEW_OWNERS=proc did not walk /proc"
fi

# a pid namespace of its own: /proc numbers processes its way
if unshare -pf --mount-proc true 2>/dev/null; then
    unshare -pf --mount-proc strace -f -e trace=bpf -o "$tmp/trace" "$sv" -tlnp >/dev/null 2>&1
    grep -q 'bpf(' "$tmp/trace" && fail "in a pid namespace of its own it loaded the program" ||
        ok "in a pid namespace of its own: the /proc walk"
fi
# an ordinary user: no rights to the program, nothing asked, no message
setpriv --reuid=65534 --regid=65534 --clear-groups \
    strace -f -e trace=bpf -o "$tmp/trace" "$sv" -tlnp >/dev/null 2>"$tmp/err"
grep -q 'bpf(' "$tmp/trace" && fail "an ordinary user asked for the program" ||
    ok "an ordinary user: the /proc walk"
grep -qi bpf "$tmp/err" && fail "stderr speaks of BPF: $(head -1 "$tmp/err")" ||
    ok "an ordinary user: nothing said of it"
finish
