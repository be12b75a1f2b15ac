#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --units, --unit, JSON's cgroup/unit/container and -s --units, on a world
# the test builds: cgroups made under the cgroup2 mount (found in
# mountinfo) for a systemd-style service, a Docker scope (and a Docker
# container of the cgroupfs driver, /docker/ID), a Kubernetes pod's
# cri-containerd scope, a Podman scope and an LXC container, with their
# metadata on tmpfs
# mounts of /var/lib and /var/log in a private mount namespace, and a
# listener moved into each. The cgroup paths are checked against
# ss --cgroup, the selection from both sources. Every cgroup is removed,
# and every process killed, even when the test fails.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"

if [ "${SOCKVIEW_IN_UNITS_NS:-}" != 1 ]; then
    [ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
    need unshare python3 ss
    unshare -m -n -p -f --mount-proc true 2>/dev/null ||
        { echo "skip: private mount, network and pid namespaces refused"; exit 77; }
    # a private pid namespace: -p and JSON read every process, and pid 1
    # outside is unreadable here
    SOCKVIEW_IN_UNITS_NS=1 exec unshare -m -n -p -f --mount-proc \
        bash "$0" "$@"
fi
ip link set lo up || exit 1
mount --make-rprivate / 2>/dev/null

cg=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
[ -n "$cg" ] && [ -w "$cg/cgroup.procs" ] ||
    { echo "skip: no writable cgroup2 mount"; exit 77; }
ss -Htln --cgroup >/dev/null 2>&1 || { echo "skip: ss has no --cgroup"; exit 77; }

root=$cg/sv-test-$$.slice
new_id() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
id_docker=$(new_id)
id_bad=$(new_id)
id_k8s=$(new_id)
id_pod=$(new_id)
id_api=$(new_id)
id_evil=$(new_id)
uid=3f2c8a1e-5b7d-4c21-9e0a-1234567890ab
uid_=${uid//-/_}
k8s_pod=$root/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$uid_.slice
declare -A dir=(
    [47101]=$root/sv-test-xyz.service
    [47102]=$root/docker-$id_docker.scope
    [47103]=$root/docker-$id_bad.scope
    [47104]=$k8s_pod/cri-containerd-$id_k8s.scope
    [47105]=$root/libpod-$id_pod.scope
    [47107]=$root/docker/$id_api
    [47108]=$root/lxc.payload.web3
    [47109]=$root/docker-$id_evil.scope
)
declare -A want=(
    [47101]=sv-test-xyz.service
    [47102]=docker:web
    [47103]=docker:${id_bad:0:12}
    [47104]=k8s:prod/web-1/app
    [47105]=podman:db
    [47107]=docker:api
    [47108]=lxc:web3
    [47109]='docker:evil\\x20name\\x1b\[31m\\n'
)
pids=()
tmp=$(mktemp -d)

cleanup() {
    local p d
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null
    done
    wait 2>/dev/null
    # every process out of the test's cgroups, then the cgroups, deepest
    # first
    if [ -d "$root" ]; then
        for p in $(find "$root" -name cgroup.procs -exec cat {} + 2>/dev/null); do
            echo "$p" >"$cg/cgroup.procs" 2>/dev/null
        done
        find "$root" -depth -type d -exec rmdir {} \; 2>/dev/null
    fi
    [ -d "$root" ] && echo "cleanup: $root is left"
    umount /var/lib /var/log 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

for port in "${!dir[@]}"; do
    mkdir -p "${dir[$port]}" || { echo "skip: cannot make cgroups under $cg"; exit 77; }
done

# the metadata, on tmpfs: nothing of the machine's is read or changed
mount -t tmpfs sv-test /var/lib && mount -t tmpfs sv-test /var/log ||
    { echo "skip: cannot mount tmpfs"; exit 77; }
mkdir -p "/var/lib/docker/containers/$id_docker" \
    "/var/lib/docker/containers/$id_api" \
    "/var/lib/docker/containers/$id_evil" \
    "/var/lib/docker/containers/$id_bad" \
    /var/lib/containers/storage/overlay-containers \
    /var/log/containers "/var/log/pods/prod_web-1_$uid/app"
printf '{"ID":"%s","Name":"/web","State":{"Running":true},"NetworkSettings":{"SandboxKey":"/var/run/docker/netns/0123"}}' \
    "$id_docker" >"/var/lib/docker/containers/$id_docker/config.v2.json"
printf '{"ID":"%s","Name":"/api"}' "$id_api" \
    >"/var/lib/docker/containers/$id_api/config.v2.json"
# a name that would forge a column and colour the terminal: escaped
printf '{"ID":"%s","Name":"/evil name\\u001b[31m\\n"}' "$id_evil" \
    >"/var/lib/docker/containers/$id_evil/config.v2.json"
printf '{"ID":"%s","Name":' "$id_bad" >"/var/lib/docker/containers/$id_bad/config.v2.json"
printf '[{"id":"%s","names":["db"],"image":"x"}]' "$id_pod" \
    >/var/lib/containers/storage/overlay-containers/containers.json
ln -s "/var/log/pods/prod_web-1_$uid/app/0.log" \
    "/var/log/containers/web-1_prod_app-$id_k8s.log"

# a listener in each cgroup: the shell moves itself in, then becomes the
# server, so the socket is made there
for port in "${!dir[@]}"; do
    sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" --serve "$3" --bind 127.0.0.1' \
        sh "${dir[$port]}" "$sv" "$port" >"$tmp/serve.$port" 2>&1 &
    pids+=($!)
done
for i in $(seq 50); do
    [ "$("$sv" -tlnH | grep -c ':471')" -eq ${#dir[@]} ] && break
    sleep 0.1
done
[ "$("$sv" -tlnH | grep -c ':471')" -eq ${#dir[@]} ] ||
    { fail "servers did not start: $(cat "$tmp"/serve.*)"; finish; }

# a UNIX socket in the Docker scope: its owner places it
sh -c 'echo $$ >"$1/cgroup.procs" && exec python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen()
time.sleep(120)" "$2"' sh "${dir[47102]}" "$tmp/web.sock" &
pids+=($!)
for i in $(seq 50); do
    [ -S "$tmp/web.sock" ] && break
    sleep 0.1
done

# a TIME_WAIT socket: it has no cgroup
python3 -c 'import socket; s = socket.create_connection(("127.0.0.1", 47101)); s.close()'
for i in $(seq 50); do
    "$sv" -tnH | grep -q TIME_WAIT && break
    sleep 0.1
done

for src in netlink proc; do
    out=$("$sv" -tln --units --source=$src 2>"$tmp/err")
    expect_line "$out" ' Unit$' "$src: the Unit column is last in the header"
    for port in "${!want[@]}"; do
        expect_line "$out" "^tcp .*127\\.0\\.0\\.1:$port .* LISTEN +${want[$port]}\$" \
            "$src: $port is ${want[$port]}"
    done
    grep -q "ignored 1 malformed container metadata file (/var/lib/docker/containers/$id_bad/config.v2.json)" "$tmp/err" &&
        ok "$src: the malformed config.v2.json is one note" ||
        fail "$src: no note of the malformed file: $(cat "$tmp/err")"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "$src: one line on stderr" ||
        fail "$src: stderr: $(cat "$tmp/err")"
    out=$("$sv" -tn --units --source=$src 2>/dev/null)
    expect_line "$out" 'TIME_WAIT +-$' "$src: a TIME_WAIT socket has no unit"

    # --unit, by unit, by container, by glob
    out=$("$sv" -tlnH --unit 'docker:*' --source=$src 2>/dev/null)
    [ "$(grep -c . <<<"$out")" -eq 4 ] && grep -q ':47102 ' <<<"$out" &&
        grep -q ':47103 ' <<<"$out" && grep -q ':47107 ' <<<"$out" &&
        ok "$src: --unit 'docker:*'" ||
        fail "$src: --unit 'docker:*': $out"
    out=$("$sv" -tlnH --unit 'k8s:prod/*,sv-test-*.service' --source=$src 2>/dev/null)
    [ "$(grep -c . <<<"$out")" -eq 2 ] && grep -q ':47101 ' <<<"$out" &&
        grep -q ':47104 ' <<<"$out" && ok "$src: --unit with two patterns" ||
        fail "$src: --unit k8s:prod/*,sv-test-*.service: $out"
    out=$("$sv" -tlnH --unit "cri-containerd-$id_k8s.scope" --source=$src 2>/dev/null)
    [ "$(grep -c . <<<"$out")" -eq 1 ] && grep -q ':47104 ' <<<"$out" &&
        ok "$src: --unit by the systemd unit of a container" ||
        fail "$src: --unit cri-containerd-...scope: $out"
    out=$("$sv" -tanH --unit 'nothing.service' --source=$src 2>/dev/null)
    [ -z "$out" ] && ok "$src: --unit that matches nothing lists nothing" ||
        fail "$src: --unit nothing.service: $out"
done

# the kernel is asked for the matching cgroups only
if command -v strace >/dev/null 2>&1; then
    strace -f -e trace=sendto,sendmsg -s 64 -o "$tmp/strace" \
        "$sv" -tln --unit 'podman:*' >/dev/null 2>&1
    grep -q INET_DIAG_BC_CGROUP_COND "$tmp/strace" &&
        ok "--unit is pushed to the kernel as cgroup conditions" ||
        fail "--unit sent no cgroup condition: $(head -c 600 "$tmp/strace")"
fi

# JSON: the cgroup paths against ss --cgroup, the containers' fields
"$sv" -tln --units -j >"$tmp/json" 2>/dev/null
ss -Htln --cgroup >"$tmp/ss"
python3 - "$tmp/json" "$tmp/ss" "$cg" "$id_docker" "$id_k8s" "$uid" <<'PY' &&
import json, re, sys
rows = {r["local"]["port"]: r for r in json.load(open(sys.argv[1]))}
ss = {}
for line in open(sys.argv[2]):
    m = re.search(r":(\d+)\s.*cgroup:(\S+)", line)
    if m:
        ss[int(m.group(1))] = m.group(2)
bad = []
for port in list(range(47101, 47106)) + [47107, 47108]:
    r = rows.get(port)
    if r is None:
        bad.append("no row for %d" % port)
        continue
    for key in ("cgroup", "unit", "container"):
        if key not in r:
            bad.append("%d: no %s" % (port, key))
    if r.get("cgroup") != ss.get(port):
        bad.append("%d: cgroup %r, ss says %r" % (port, r.get("cgroup"), ss.get(port)))
if rows[47101]["container"] is not None or rows[47101]["unit"] != "sv-test-xyz.service":
    bad.append("47101: %r %r" % (rows[47101]["unit"], rows[47101]["container"]))
if rows[47102]["container"] != {"runtime": "docker", "id": sys.argv[4], "name": "web"}:
    bad.append("47102: %r" % rows[47102]["container"])
k = rows[47104]["container"]
if (k or {}).get("runtime") != "containerd" or k.get("id") != sys.argv[5] or \
        k.get("name") != "app" or k.get("namespace") != "prod" or \
        k.get("pod") != "web-1" or k.get("pod_uid") != sys.argv[6]:
    bad.append("47104: %r" % k)
if rows[47105]["container"].get("name") != "db":
    bad.append("47105: %r" % rows[47105]["container"])
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
    ok "JSON: cgroup as ss --cgroup says, unit and container" ||
    fail "JSON fields"
out=$("$sv" -tln -j 2>/dev/null)
grep -q '"cgroup"' <<<"$out" && fail "JSON without --units has a cgroup" ||
    ok "JSON without --units is as before"

# -s: counts per unit, for Prometheus too
out=$("$sv" -s --prometheus --units 2>/dev/null)
expect_line "$out" '^sockview_unit_sockets\{unit="docker:web",proto="tcp",state="listen"\} 1$' \
    "Prometheus: a series for docker:web"
expect_line "$out" '^sockview_unit_sockets\{unit="k8s:prod/web-1/app",proto="tcp",state="listen"\} 1$' \
    "Prometheus: a series for the Kubernetes container"
expect_line "$out" '^sockview_unit_sockets\{unit="-",proto="tcp",state="time_wait"\} 1$' \
    "Prometheus: the TIME_WAIT socket under -"
out=$("$sv" -s --units 2>/dev/null)
expect_line "$out" '^podman:db +tcp +listen +1$' "-s: a line for podman:db"
"$sv" -s -j --units 2>/dev/null | python3 -c '
import json, sys
units = json.load(sys.stdin)["units"]
want = {"unit": "lxc:web3", "proto": "tcp", "state": "listen", "count": 1}
tw = [u for u in units if u["unit"] is None and u["state"] == "time_wait"]
sys.exit(0 if want in units and tw and tw[0]["count"] == 1 else 1)' &&
    ok "-s -j: the units array" || fail "-s -j --units"


# -c: a cgroup made after the first round is found in a later one
timeout 6 "$sv" -tlnH --units -c 0.3 >"$tmp/watch" 2>/dev/null &
pids+=($!)
for i in $(seq 50); do
    [ -s "$tmp/watch" ] && break
    sleep 0.1
done
mkdir -p "$root/late.service"
sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" --serve 47106 --bind 127.0.0.1' \
    sh "$root/late.service" "$sv" >/dev/null 2>&1 &
pids+=($!)
for i in $(seq 50); do
    grep -qE ':47106 .* late\.service$' "$tmp/watch" && break
    sleep 0.1
done
expect_line "$(cat "$tmp/watch")" ':47106 .* LISTEN +late\.service$' \
    "-c: a unit made during the watch is named"

# UNIX sockets: the Unit column before the Path, which stays last
out=$("$sv" -xl --units 2>/dev/null)
expect_line "$out" ' Unit +Path$' "-x: Unit comes before Path"
expect_line "$out" "^unix .* docker:web +$tmp/web\.sock\$" "-x: the UNIX socket is docker:web"
out=$("$sv" -xlH --unit 'docker:web' 2>/dev/null)
[ "$(grep -c . <<<"$out")" -eq 1 ] && grep -q "$tmp/web\.sock" <<<"$out" &&
    ok "-x --unit selects the UNIX socket" || fail "-x --unit docker:web: $out"
out=$("$sv" -xl --unit 'docker:web' -j 2>/dev/null)
grep -q '"unit":"docker:web"' <<<"$out" && ok "-x JSON has the unit" ||
    fail "-x JSON: $out"

# usage errors
out=$("$sv" --unit '' 2>&1)
[ $? -eq 2 ] && expect_line "$out" "^sockview: bad --unit ''" "an empty --unit is a usage error"
out=$("$sv" --serve 0 --units 2>&1)
[ $? -eq 2 ] && expect_line "$out" '^sockview: --units works with the socket listing' "--serve --units is a usage error"

finish
