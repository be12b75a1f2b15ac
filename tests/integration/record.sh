#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --record and --replay: what a listing shows is what its recording
# replays to, from either source and for every kind of listing; ss -D's
# recordings replay, ss reads ours; an ordinary user replays; hostile
# recordings are one line and exit 1; an interrupted recording leaves
# nothing behind. --proc-root reads a saved /proc tree.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 ss setpriv
start_fixture --children
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'pkill -P $fixture_pid; kill $fixture_pid; rm -f "$fixture_out"; rm -rf "$tmp"' EXIT

# --- a listing and the replay of its recording are the same -------------
flagsets=(
    "-tuna" "-tunae" "-tunao" "-tuwa" "-tnl" "-una" "-tun4" "-tuna6"
    "-tunap" "-tunaep" "-tlp" "-tuna --pid $fixture_pid"
    "-tna --state established" "-tna --sport 7000" "-tuna --dst 127.0.0.1"
    "-tuna -j" "-tuna --json=lines" "-s" "-s --prometheus" "-s -j"
    "-tna --explain" "-xa" "-xae" "-xa -j" "-tnai" "-tuanimo" "-tnaim -j"
)
for src in netlink proc; do
    for f in "${flagsets[@]}"; do
        # shellcheck disable=SC2086
        "$sv" $f --source=$src --record "$tmp/rec" >"$tmp/live" 2>"$tmp/live.err"
        rc=$?
        if [ $rc -ne 0 ] && grep -q raw_diag "$tmp/live.err"; then
            echo "skip: $f --source=$src: this kernel has no raw_diag"
            continue
        fi
        # shellcheck disable=SC2086
        "$sv" --replay "$tmp/rec" $f --source=$src >"$tmp/replay" 2>"$tmp/replay.err"
        # the notes too (a process even root may not read is one)
        if [ $rc -eq 0 ] && cmp -s "$tmp/live" "$tmp/replay" &&
            cmp -s "$tmp/live.err" "$tmp/replay.err"; then
            ok "$f --source=$src: the replay prints what the listing printed"
        else
            fail "$f --source=$src: exit $rc; $(cat "$tmp/live.err") / $(cat "$tmp/replay.err")"
            diff "$tmp/live" "$tmp/replay" | head -10
        fi
    done
done
# a recording answers other questions than the one it was made for
"$sv" -tuwna --record "$tmp/all" >/dev/null 2>&1
"$sv" -tna --state listen >"$tmp/live"
"$sv" --replay "$tmp/all" -tna --state listen >"$tmp/replay"
cmp -s "$tmp/live" "$tmp/replay" && ok "a -tuwna recording replays -tna --state listen" ||
    { fail "-tna --state listen from a -tuwna recording"; diff "$tmp/live" "$tmp/replay" | head; }
# owners asked of a recording that has none: "-" and one note
"$sv" -tuna --record "$tmp/bare" >/dev/null
out=$("$sv" --replay "$tmp/bare" -tunap 2>"$tmp/err")
expect_line "$(cat "$tmp/err")" "^sockview: $tmp/bare holds no owners \(it was recorded without -p, -j or --pid\): none shown\$" \
    "-p from a recording without owners: one note"
expect_no_line "$out" '[0-9]+/[a-z]' "-p from a recording without owners: no owner shown"
# a recording is replaced whole; an interrupted one leaves nothing
mkdir "$tmp/dir"
echo old >"$tmp/dir/rec"
"$sv" -tna --source=proc --proc-root "$tmp/dir" --record "$tmp/dir/rec" >/dev/null 2>&1
[ "$(cat "$tmp/dir/rec")" = old ] && [ "$(ls "$tmp/dir")" = rec ] &&
    ok "a failed listing leaves the old recording, and no other file" ||
    fail "after a failed recording: $(ls "$tmp/dir")"

# --- an ordinary user replays any readable recording ---------------------
"$sv" -tuna --record "$tmp/rec" >"$tmp/live"
chmod 644 "$tmp/rec"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$sv" --replay "$tmp/rec" -tuna >"$tmp/replay" 2>"$tmp/replay.err"
cmp -s "$tmp/live" "$tmp/replay" && [ ! -s "$tmp/replay.err" ] &&
    ok "nobody replays root's recording" || fail "nobody's replay: $(cat "$tmp/replay.err")"

# --- ss -D ---------------------------------------------------------------
# ss records TCP only, IPv4 then IPv6; sockview replays it as the listing
ss -tan -D "$tmp/ss.rec" >/dev/null
"$sv" -tan | sort >"$tmp/live"
"$sv" --replay "$tmp/ss.rec" -tan 2>"$tmp/err" | sort >"$tmp/replay"
cmp -s "$tmp/live" "$tmp/replay" && [ ! -s "$tmp/err" ] &&
    ok "an ss -D recording replays to the live listing" ||
    { fail "ss -D replay: $(cat "$tmp/err")"; diff "$tmp/live" "$tmp/replay" | head; }
"$sv" --replay "$tmp/ss.rec" -tuan >/dev/null 2>"$tmp/err"
expect_line "$(cat "$tmp/err")" '^sockview: .*ss\.rec holds no udp, udp6 sockets \(ss -D records TCP only\)$' \
    "UDP from an ss -D recording: one note"
# ss reads what sockview records (up to the first dump's end, as it reads
# its own): the same as from its own recording
"$sv" -tan --record "$tmp/sv.rec" >/dev/null
a=$(TCPDIAG_FILE="$tmp/ss.rec" ss -tan 2>&1 | sort)
b=$(TCPDIAG_FILE="$tmp/sv.rec" ss -tan 2>&1 | sort)
[ "$a" = "$b" ] && [ "$(wc -l <<<"$b")" -gt 3 ] && ok "ss reads sockview's TCP recording" ||
    { fail "ss on sockview's recording"; diff <(echo "$a") <(echo "$b") | head; }

# --- hostile recordings: one line, exit 1, nothing on stdout ------------
bad_case() {
    local what=$1 re=$2 file=$3 out rc
    out=$(timeout 10 "$sv" --replay "$file" -tuna 2>"$tmp/err")
    rc=$?
    if [ $rc -eq 1 ] && [ -z "$out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
        grep -qE "$re" "$tmp/err"; then
        ok "$what: $(cat "$tmp/err")"
    else
        fail "$what: exit $rc, stdout '$(head -c 100 <<<"$out")', stderr '$(cat "$tmp/err")'"
    fi
}
"$sv" -tuna --record "$tmp/good" >/dev/null
size=$(stat -c %s "$tmp/good")
head -c $((size - 7)) "$tmp/good" >"$tmp/cut"
bad_case "a truncated recording" "^sockview: $tmp/cut: not a recording: " "$tmp/cut"
head -c 4000 /dev/urandom >"$tmp/garbage"
bad_case "garbage" "^sockview: $tmp/garbage: not a recording: " "$tmp/garbage"
: >"$tmp/empty"
bad_case "an empty file" "^sockview: $tmp/empty: not a recording: an empty file$" "$tmp/empty"
bad_case "a directory" "^sockview: $tmp: Is a directory$" "$tmp"
bad_case "a device" "^sockview: /dev/zero: not a regular file$" /dev/zero
mkfifo "$tmp/fifo"
bad_case "a FIFO" "^sockview: $tmp/fifo: not a regular file$" "$tmp/fifo"
bad_case "a missing file" "^sockview: $tmp/none: No such file or directory$" "$tmp/none"
truncate -s 300M "$tmp/huge"
bad_case "a 300 MB file" "^sockview: $tmp/huge: larger than 256 MiB$" "$tmp/huge"
rm -f "$tmp/huge"
out=$("$sv" --replay "$tmp/good" -c 1 2>&1)
expect_line "$out" "^sockview: --replay lists what was recorded once: -c and -K do not work with it \\(try 'sockview --help'\\)$" \
    "-c with --replay: a usage error"

# --- --proc-root: a saved /proc tree, owners included --------------------
mkdir -p "$tmp/proc/net" "$tmp/proc/4242/fd"
for f in tcp tcp6 udp udp6; do cat "/proc/net/$f" >"$tmp/proc/net/$f"; done
inode=$(awk '$2 ~ /:1B58$/ && $4 == "0A" { print $10; exit }' /proc/net/tcp)
ln -s "socket:[$inode]" "$tmp/proc/4242/fd/3"
printf 'saved\n' >"$tmp/proc/4242/comm"
printf '4242 (saved) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n' >"$tmp/proc/4242/stat"
out=$("$sv" --source=proc --proc-root "$tmp/proc" -tlnp 2>&1)
expect_line "$out" '^tcp +0 +0 127\.0\.0\.1:7000 +0\.0\.0\.0:\* +LISTEN +4242/saved' \
    "--proc-root: sockets and owners from the saved tree"
finish
