#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -N all: every network namespace in one listing, each row naming its
# namespace (host, the ip netns name, docker:NAME, pid:PID), built here in
# private mount, pid and network namespaces: named ones (ip netns add, and
# a bind mount whose name needs escaping), anonymous ones held by a
# process (unshare -n), a Docker sandbox under a tmpfs /run/docker/netns
# with its config.v2.json under a tmpfs /var/lib, one whose process is in
# a docker-ID.scope cgroup, each with loopback listeners. Checked against ss -N NAME
# for each named one, in JSON, with -p, -s, --diff, --explain, -x, -K,
# and as an ordinary user.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
need ip ss nsenter setpriv timeout python3 mount
if [ "${SOCKVIEW_IN_NSALL:-}" != 1 ]; then
    unshare -m -n -p -f --mount-proc true 2>/dev/null ||
        { echo "skip: private mount, pid and network namespaces refused"; exit 77; }
    SOCKVIEW_IN_NSALL=1 exec unshare -m -n -p -f --mount-proc \
        --propagation private bash "$0" "$@"
fi
# pid 1 here: this shell, in this test's own network namespace ("host")
ip link set lo up || exit 1
# /run is private to this mount namespace: what ip netns adds stays here
mount -t tmpfs sockview-test /run || { echo "skip: cannot mount /run"; exit 77; }
tmp=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    ip netns del alpha 2>/dev/null
    ip netns del beta 2>/dev/null
    ip netns del delta 2>/dev/null
    umount "/run/netns/we ird" /run/docker/netns/5a1dbox 2>/dev/null
    umount /var/lib 2>/dev/null
    if [ -n "${cgroot:-}" ] && [ -d "$cgroot" ]; then
        for p in $(cat "$cgroot"/*/cgroup.procs 2>/dev/null); do
            echo "$p" >"$cg/cgroup.procs" 2>/dev/null
        done
        find "$cgroot" -depth -type d -exec rmdir {} \; 2>/dev/null
        [ -d "$cgroot" ] && echo "cleanup: $cgroot is left"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# listen.py PORT [connect]: TCP and UDP on 127.0.0.1:PORT, an abstract
# UNIX listener, with "connect" a connection to itself; "ready", then
# hold them (at most 120 s)
cat >"$tmp/listen.py" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", port)); t.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", port))
x = socket.socket(socket.AF_UNIX); x.bind("\0svtest-%d" % port); x.listen()
held = []
if len(sys.argv) > 2:
    c = socket.create_connection(("127.0.0.1", port)); held += [c, t.accept()[0]]
print("ready", flush=True)
time.sleep(120)
PY

# start NAME NSFILE PORT [connect]: listen.py inside the namespace
start() {
    local name=$1 nsfile=$2 port=$3 i
    shift 3
    if [ -n "$nsfile" ]; then
        nsenter --net="$nsfile" python3 "$tmp/listen.py" "$port" "$@" >"$tmp/$name.ready" &
    else
        python3 "$tmp/listen.py" "$port" "$@" >"$tmp/$name.ready" &
    fi
    pids+=($!)
    for i in $(seq 100); do
        grep -q ready "$tmp/$name.ready" && return 0
        sleep 0.1
    done
    fail "listener $name did not start"; finish
}

ip netns add alpha && ip netns add beta || { echo "skip: ip netns add refused"; exit 77; }
ip -n alpha link set lo up && ip -n beta link set lo up || exit 1
start host "" 7100
start alpha /run/netns/alpha 7101 connect
start beta /run/netns/beta 7102 connect
host_pid=${pids[0]} alpha_pid=${pids[1]} beta_pid=${pids[2]}
# an anonymous namespace, held only by its process: named pid:PID
unshare -n sh -c 'ip link set lo up && exec python3 "$1" 7103' sh "$tmp/listen.py" >"$tmp/anon.ready" &
anon_pid=$!
pids+=($anon_pid)
for i in $(seq 100); do grep -q ready "$tmp/anon.ready" && break; sleep 0.1; done
# a bound name that must be escaped: a space
touch "/run/netns/we ird" && mount --bind /proc/$anon_pid/ns/net "/run/netns/we ird" ||
    fail "cannot bind a namespace under a name with a space"

out=$("$sv" -N all -tlnp 2>"$tmp/err")
expect_line "$(head -2 <<<"$out" | tail -1)" ' PID/Program name +Netns$' "the header ends with Netns"
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:7100 +0\\.0\\.0\\.0:\\* +LISTEN +$host_pid/python3 +host\$" "pid 1's namespace is host"
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:7101 +0\\.0\\.0\\.0:\\* +LISTEN +$alpha_pid/python3 +alpha\$" "an ip netns namespace by its name, with -p"
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:7102 +0\\.0\\.0\\.0:\\* +LISTEN +$beta_pid/python3 +beta\$" "a second named one"
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:7103 +0\\.0\\.0\\.0:\\* +LISTEN +$anon_pid/python3 +we\\\\x20ird\$" "a bound name escaped as program names are"
expect_no_line "$out" '7101 .* (host|beta)$' "a socket is listed in its namespace only"
[ ! -s "$tmp/err" ] || fail "root: a note on stderr: $(cat "$tmp/err")"
umount "/run/netns/we ird" && rm -f "/run/netns/we ird"
out=$("$sv" -N all -tln)
expect_line "$out" "^tcp +0 +0 127\\.0\\.0\\.1:7103 +0\\.0\\.0\\.0:\\* +LISTEN +pid:$anon_pid\$" "an anonymous namespace: pid:PID of the lowest pid inside"
[ "$(grep -c '127\.0\.0\.1:710[0-3] ' <<<"$out")" -eq 4 ] || fail "four listeners, each once: $out"

# containers: a Docker sandbox bound under /run/docker/netns, named from
# its config.v2.json (on a tmpfs /var/lib), and a namespace whose lowest
# pid is in a docker-ID.scope cgroup, named from that container's config
new_id() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
id_web=$(new_id) id_api=$(new_id)
mount -t tmpfs sockview-test /var/lib || fail "cannot mount a tmpfs on /var/lib"
mkdir -p "/var/lib/docker/containers/$id_web" "/var/lib/docker/containers/$id_api" /run/docker/netns
printf '{"ID":"%s","Name":"/web","NetworkSettings":{"SandboxKey":"/var/run/docker/netns/5a1dbox"}}' \
    "$id_web" >"/var/lib/docker/containers/$id_web/config.v2.json"
printf '{"ID":"%s","Name":"/api","NetworkSettings":{"SandboxKey":""}}' \
    "$id_api" >"/var/lib/docker/containers/$id_api/config.v2.json"
unshare -n sh -c 'ip link set lo up && exec python3 "$1" 7105' sh "$tmp/listen.py" >"$tmp/web.ready" &
web_pid=$!
pids+=($web_pid)
for i in $(seq 100); do grep -q ready "$tmp/web.ready" && break; sleep 0.1; done
touch /run/docker/netns/5a1dbox && mount --bind "/proc/$web_pid/ns/net" /run/docker/netns/5a1dbox ||
    fail "cannot bind a namespace under /run/docker/netns"
expect_line "$("$sv" -N all -tln)" "^tcp +0 +0 127\\.0\\.0\\.1:7105 +0\\.0\\.0\\.0:\\* +LISTEN +docker:web\$" \
    "a Docker sandbox: docker:NAME from config.v2.json"
cg=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
cgroot=$cg/sv-nsall-$$.slice
if [ -n "$cg" ] && mkdir -p "$cgroot/docker-$id_api.scope" 2>/dev/null; then
    # the shell moves itself into the scope, then makes the namespace
    sh -c 'echo $$ >"$1/cgroup.procs" && exec unshare -n sh -c "ip link set lo up && exec python3 $2 7106"' \
        sh "$cgroot/docker-$id_api.scope" "$tmp/listen.py" >"$tmp/api.ready" &
    pids+=($!)
    for i in $(seq 100); do grep -q ready "$tmp/api.ready" && break; sleep 0.1; done
    expect_line "$("$sv" -N all -tln)" "^tcp +0 +0 127\\.0\\.0\\.1:7106 +0\\.0\\.0\\.0:\\* +LISTEN +docker:api\$" \
        "the lowest pid's cgroup: docker:NAME of its scope"
else
    echo "note: no writable cgroup2 mount: the cgroup step is not checked"
fi

# each named namespace against ss -N NAME: the same (proto, local, peer)
norm_ss() { ss -N "$1" -tuanH | awk '{print $1, $5, $6}' | sort; }
norm_sv() { "$sv" -N all -tuan | awk -v ns="$1" '$NF == ns && ($1 ~ /^(tcp|udp)/) {sub(/6$/, "", $1); print $1, $4, $5}' | sort; }
for ns in alpha beta; do
    a=$(norm_ss "$ns") b=$(norm_sv "$ns")
    if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "$ns: the rows ss -N $ns lists"
    else fail "$ns: ss -N says '$a', sockview -N all says '$b'"; fi
done

# -N NAME still works, without the column
expect_line "$("$sv" -N alpha -tln)" '127\.0\.0\.1:7101 +0\.0\.0\.0:\* +LISTEN +$' "-N NAME: no Netns column"

# JSON: every row has netns {inode, name}; the inode is the namespace's
alpha_ino=$(stat -L -c %i /run/netns/alpha)
"$sv" -N all -tuan -j >"$tmp/all.json"
if python3 - "$tmp/all.json" "$alpha_ino" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
assert rows and all(set(r["netns"]) == {"inode", "name"} for r in rows), "netns on every row"
alpha = [r for r in rows if r["netns"]["name"] == "alpha"]
assert alpha and all(r["netns"]["inode"] == int(sys.argv[2]) for r in alpha), alpha
assert 7101 in {r["local"]["port"] for r in alpha}, "alpha's listener"
assert all(r["local"]["port"] != 7101 and r["peer"]["port"] != 7101 for r in rows if r["netns"]["name"] != "alpha")
assert any(r["netns"]["name"] == "host" for r in rows)
PY
then ok "JSON: netns.inode and netns.name on every row"; else fail "JSON netns: $(head -c 400 "$tmp/all.json")"; fi
n=$("$sv" -N all -tln --json=lines | grep -c '"netns":{"inode":[0-9]*,"name":"')
[ "$n" -ge 4 ] && ok "--json=lines: netns on every line" || fail "--json=lines: $n lines with netns"

# filters and -p across namespaces
expect_line "$("$sv" -N all -tnp --dport 7101)" "^tcp .*127\\.0\\.0\\.1:7101 +ESTABLISHED +$alpha_pid/python3 +alpha\$" "--dport and -p in another namespace"
expect_no_line "$("$sv" -N all -tn --dport 7101)" ' (host|beta)$' "--dport: the other namespaces have no such socket"

# --explain pairs the halves of a connection inside one namespace
out=$("$sv" -N all -tn --explain --dport 7102)
expect_line "$out" "the peer is pid $beta_pid \\(python3\\)" "--explain finds the peer in the same namespace"

# -s: counts per namespace, and a netns label for Prometheus
out=$("$sv" -N all -s)
expect_line "$out" '^Netns alpha$' "-s: a block per namespace"
expect_line "$(sed -n '/^Netns beta$/,/^$/p' <<<"$out")" '^tcp +3 +0 +3 +1$' "-s: beta's TCP sockets counted in beta"
out=$("$sv" -N all -s --prometheus)
expect_line "$out" '^sockview_sockets\{netns="alpha",proto="tcp",family="inet",state="listen"\} 1$' "--prometheus: a netns label"
expect_line "$out" '^sockview_listening_ports\{netns="host",proto="tcp"\} 1$' "--prometheus: listening ports per namespace"
"$sv" -N all -s -j | python3 -c 'import json,sys; v=json.load(sys.stdin); assert {e["netns"]["name"] for e in v} >= {"host","alpha","beta"}' &&
    ok "-s -j: one object per namespace" || fail "-s -j per namespace"

# -x: UNIX sockets per namespace
expect_line "$("$sv" -N all -xl)" " alpha +@svtest-7101\$" "-x: a UNIX socket with its namespace"

# --diff: a listener on the same port in another namespace is a new
# socket (the namespace is part of a socket's identity)
timeout 10 "$sv" -N all -tln -c 0.2 --diff >"$tmp/diff.out" 2>&1 &
dpid=$!
pids+=($dpid)
sleep 0.7
start gamma /run/netns/alpha 7102
# and a namespace made while it watches is found in the next round
ip netns add delta && ip -n delta link set lo up || fail "ip netns add delta"
start delta /run/netns/delta 7104
for i in $(seq 30); do
    grep -q '^+ tcp .*:7102 .* alpha$' "$tmp/diff.out" &&
        grep -q '^+ tcp .*:7104 .* delta$' "$tmp/diff.out" && break
    sleep 0.1
done
kill "$dpid" 2>/dev/null
expect_line "$(cat "$tmp/diff.out")" '^\+ tcp +0 +0 127\.0\.0\.1:7102 +0\.0\.0\.0:\* +LISTEN +alpha$' "--diff: the same port in another namespace is new"
expect_no_line "$(cat "$tmp/diff.out")" '^\+ tcp .*:7102 .* beta$' "--diff: beta's listener is not new"
expect_line "$(cat "$tmp/diff.out")" '^\+ tcp +0 +0 127\.0\.0\.1:7104 +0\.0\.0\.0:\* +LISTEN +delta$' "-c: a namespace made meanwhile is listed"


# -K closes in the socket's own namespace
"$sv" -N all -K --dport 7102 >"$tmp/kill.out" 2>&1
expect_line "$(cat "$tmp/kill.out")" "127\\.0\\.0\\.1:7102 +ESTABLISHED +beta\$" "-K -N all: the closed socket's row"
expect_no_line "$("$sv" -N all -tn)" ':7102 +ESTABLISHED' "-K -N all: closed in beta"

# an ordinary user: what it can enter, one note, exit 0
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$sv" -N all -tln 2>"$tmp/err"); rc=$?
[ "$rc" -eq 0 ] && ok "ordinary user: exit 0" || fail "ordinary user: exit $rc"
expect_line "$out" '127\.0\.0\.1:7100 ' "ordinary user: its own namespace is listed"
expect_no_line "$out" ' alpha$' "ordinary user: no namespace it cannot enter"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && expect_line "$(cat "$tmp/err")" '^sockview: listed 1 of [0-9]+ network namespaces found' "ordinary user: one note" ||
    fail "ordinary user: not one note: $(cat "$tmp/err")"

# --record keeps each namespace's identity: a replay, as anyone, prints
# the same rows and Netns column, from either source
for src in netlink proc; do
    "$sv" -N all -tuanpe --source=$src --record "$tmp/all-$src.rec" >"$tmp/live-$src.txt"
    chmod 644 "$tmp/all-$src.rec"; chmod 755 "$tmp"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$sv" --replay "$tmp/all-$src.rec" -tuanpe >"$tmp/replay-$src.txt" 2>&1
    if grep -q ' alpha$' "$tmp/live-$src.txt" && cmp -s "$tmp/live-$src.txt" "$tmp/replay-$src.txt"; then
        ok "--record -N all --source=$src: the replay prints the same Netns column"
    else
        fail "--source=$src replay differs: $(diff "$tmp/live-$src.txt" "$tmp/replay-$src.txt" | head -5)"
    fi
done
n=$("$sv" --replay "$tmp/all-netlink.rec" -tuan -j | python3 -c 'import json,sys; v=json.load(sys.stdin); print(len([r for r in v if r["netns"]["name"] == "beta"]))')
[ "$n" -ge 1 ] && ok "--replay -j: netns from the recording" || fail "--replay -j: $n rows of beta"

# usage errors
"$sv" -N all --serve 0 >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && expect_line "$(cat "$tmp/err")" '^sockview: -N all lists every namespace' "-N all --serve: usage error" ||
    fail "-N all --serve: exit $rc"
finish
