#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -A/--query with ss's names: each name lists what its own option lists,
# the UNIX types as ss -A unix_stream/unix_dgram does, several kinds each
# under its own title (JSON: one array), an unknown name a usage error.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 ss
start_fixture
dir=$(mktemp -d)
python3 -c '
import socket as S, sys, time
d = sys.argv[1]
st = S.socket(S.AF_UNIX, S.SOCK_STREAM); st.bind(d + "/stream"); st.listen(1)
dg = S.socket(S.AF_UNIX, S.SOCK_DGRAM); dg.bind(d + "/dgram")
sp = S.socket(S.AF_UNIX, S.SOCK_SEQPACKET); sp.bind(d + "/seqpacket"); sp.listen(1)
print("ready", flush=True)
time.sleep(60)' "$dir" >"$dir/out" &
upid=$!
trap 'kill $upid; pkill -P $fixture_pid; kill $fixture_pid; rm -rf "$dir" "$fixture_out"' EXIT
for _ in $(seq 100); do grep -q ready "$dir/out" && break; sleep 0.1; done

same() { # name, sockview args..., -- , other sockview args
    local a b
    a=$("$sv" $2) b=$("$sv" $3)
    [ -n "$a" ] && [ "$a" = "$b" ] && ok "$1" || { fail "$1"; diff <(echo "$a") <(echo "$b") | head; }
}
same "-A tcp lists what -t lists" "-A tcp -an" "-tan"
same "-A tcp,udp lists what -tu lists" "--query=tcp,udp -an" "-tuan"
same "-A unix lists what -x lists" "-A unix -a" "-xa"
same "-A inet lists what -tuUw --icmp lists" "-A inet -an --source=proc" "-tuUwan --icmp --source=proc"

# each UNIX type: the paths ss -A lists for it, in this namespace's dir
for t in stream dgram seqpacket; do
    want=$(ss -H -A unix_$t -a | grep -o "$dir/[a-z]*" | sort)
    got=$("$sv" -H -A unix_$t -a | grep -o "$dir/[a-z]*" | sort)
    [ "$want" = "$dir/$t" ] && [ "$got" = "$want" ] && ok "-A unix_$t = ss -A unix_$t" ||
        fail "-A unix_$t: '$got', ss: '$want'"
done

# two kinds: two titles, Internet first; JSON one array of both
text=$("$sv" -A unix_dgram,tcp -a)
titles=$(grep '^Active' <<<"$text" | cut -d' ' -f2)
[ "$titles" = "$(printf 'Internet\nUNIX')" ] && ok "-A unix_dgram,tcp: Internet, then UNIX" ||
    fail "-A unix_dgram,tcp titles: $titles"
"$sv" -A tcp,unix_stream -a -j | python3 -c '
import json, sys
rows = json.load(sys.stdin)
kinds = {r["proto"] for r in rows}
assert kinds == {"tcp", "unix"}, kinds
assert all(r["type"] == "STREAM" for r in rows if r["proto"] == "unix")
' && ok "-A tcp,unix_stream -j: one array of tcp and unix objects" || fail "-A JSON"

# an unknown name: one line on stderr, exit 2, nothing on stdout
out=$("$sv" -A tcp,bogus 2>"$dir/err")
rc=$?
[ $rc -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <"$dir/err")" -eq 1 ] &&
    grep -q "^sockview: bad --query 'tcp,bogus': unknown name 'bogus'" "$dir/err" &&
    ok "an unknown -A name is a usage error" || fail "-A tcp,bogus: exit $rc, $(cat "$dir/err")"
finish
