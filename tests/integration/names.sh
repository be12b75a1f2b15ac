#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Host names (-r) and user names (-e) come from files and resolvers that
# anyone with the right to edit them can fill with any byte: in text they
# are escaped as program names are, so that they can forge neither a
# column nor a line, nor send a terminal escape. The test gives 127.0.0.2
# a hostile name in /etc/hosts and uid 4242 a hostile login name in
# /etc/passwd, both bind-mounted in a private mount namespace ("hosts:
# files" only: nothing is asked of a resolver).
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
if [ "${SOCKVIEW_IN_NETNS:-}" != 1 ]; then
    [ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
    unshare -m -n true 2>/dev/null || { echo "skip: unshare -m -n refused"; exit 77; }
    SOCKVIEW_IN_NETNS=1 exec unshare -m -n bash "$0" "$@"
fi
enter_netns "$@"
need python3
mount --make-rprivate / || { echo "FAIL: mount --make-rprivate"; exit 1; }

tmp=$(mktemp -d)
holder=
cleanup() {
    [ -n "$holder" ] && kill -KILL "$holder" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT


printf '127.0.0.1 localhost\n127.0.0.2 ev\033[31mil\001host\n' >"$tmp/hosts"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$tmp/nsswitch.conf"
{ cat /etc/passwd; printf 'ev\033il user:x:4242:4242::/nonexistent:/bin/false\n'; } >"$tmp/passwd"
for f in hosts nsswitch.conf passwd; do
    mount --bind "$tmp/$f" "/etc/$f" || { echo "FAIL: cannot bind /etc/$f"; exit 1; }
done

# A listener on 127.0.0.2 owned by uid 4242, and a connection to it.
python3 -c '
import encodings.idna, os, socket, time
os.setgroups([])
os.setresgid(4242, 4242, 4242)
os.setresuid(4242, 4242, 4242)
s = socket.socket()
s.bind(("127.0.0.2", 7001))
s.listen(4)
c = socket.create_connection(("127.0.0.2", 7001))
print("ready", flush=True)
time.sleep(60)
' >"$tmp/holder.out" 2>&1 &
holder=$!
for _ in $(seq 100); do
    grep -q ready "$tmp/holder.out" && break
    sleep 0.1
done
grep -q ready "$tmp/holder.out" || { echo "FAIL: holder: $(cat "$tmp/holder.out")"; exit 1; }

# Whether FILE holds only printable ASCII and newlines.
printable() {
    python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
sys.exit(1 if [b for b in data if b != 10 and not 0x20 <= b < 0x7f] else 0)' "$1"
}

"$sv" -ta -r --numeric-ports >"$tmp/hosts.out" 2>"$tmp/hosts.err"
rc=$?
[ "$rc" -eq 0 ] && ok "-r: exit 0" || fail "-r: exit $rc: $(cat "$tmp/hosts.err")"
printable "$tmp/hosts.out" && ok "-r: no raw control byte" ||
    fail "-r: raw bytes: $(od -c "$tmp/hosts.out" | head -5)"
expect_line "$(cat "$tmp/hosts.out")" '^tcp +[0-9]+ +0 ev\\x1b\[31mil\\x01host:7001 +0\.0\.0\.0:\* +LISTEN *$' \
    "-r: the hostile host name escaped, the columns in place"
n=$(awk '/:7001 .*ESTABLISHED/ { print NF }' "$tmp/hosts.out" | sort -u)
[ "$n" = 6 ] && ok "-r: connection rows have 6 columns" || fail "-r: columns: '$n'"

"$sv" -ta -e --numeric-hosts --numeric-ports >"$tmp/users.out" 2>"$tmp/users.err"
rc=$?
[ "$rc" -eq 0 ] && ok "-e: exit 0" || fail "-e: exit $rc: $(cat "$tmp/users.err")"
printable "$tmp/users.out" && ok "-e: no raw control byte" ||
    fail "-e: raw bytes: $(od -c "$tmp/users.out" | head -5)"
expect_line "$(cat "$tmp/users.out")" \
    '^tcp +[0-9]+ +0 127\.0\.0\.2:7001 +0\.0\.0\.0:\* +LISTEN +ev\\x1bil\\x20user +[0-9]+ *$' \
    "-e: the hostile user name escaped, space included"
n=$(awk '/:7001/ { print NF }' "$tmp/users.out" | sort -u | tr '\n' ' ')
[ "$n" = "8 " ] && ok "-e: every row has 8 columns" || fail "-e: columns: '$n'"

# JSON has always escaped them its own way: the name, byte for byte.
"$sv" -tl -e -j >"$tmp/users.json" 2>"$tmp/users.err"
python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
names = {r.get("user") for r in rows if r["local"]["port"] == 7001}
sys.exit(0 if names == {"ev\x1bil user"} else "names: %r" % names)' "$tmp/users.json" &&
    ok "-j: the user name as it is" || fail "-j: $(head -c 300 "$tmp/users.json")"

finish
