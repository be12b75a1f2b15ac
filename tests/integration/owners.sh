#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Which process owns each socket: -p, --pid, -e and -o against real
# processes, checked with /proc, lsof and netstat.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3 netstat lsof setpriv
start_fixture --children
parent=$fixture_pid
children=$(pgrep -P "$parent" | sort -n)
sharer=$(head -1 <<<"$children")
renamed=$(tail -1 <<<"$children")

p=$("$sv" -tlnp)
expect_line "$p" 'PID/Program name +$' "-p adds netstat's column"
expect_line "$p" "^tcp +0 +0 127\\.0\\.0\\.1:9999 .* LISTEN +$parent/python3 +\$" "owner of a listener"
# the listener on 7000 is held by the parent and its forked child: the
# lowest pid is shown, as netstat does
expect_line "$p" "^tcp +0 +0 127\\.0\\.0\\.1:7000 .* LISTEN +$parent/python3 +\$" "shared listener: lowest pid"
expect_line "$p" "^tcp +0 +0 127\\.0\\.0\\.1:7001 .* LISTEN +$renamed/evil\\\\nname\\\\tx +\$" \
    "control bytes in a name are escaped"
[ "$(awk 'NR > 2 && NF != 7' <<<"$p")" = "" ] && ok "every -p line has 7 columns" ||
    fail "a -p line does not split into 7 columns"

# TIME_WAIT has no owner
a=$("$sv" -tnap)
expect_line "$a" 'TIME_WAIT +- +$' "TIME_WAIT shows -"

# --pid: exactly the inodes that /proc and lsof list for that process
ours=$("$sv" --pid "$renamed" -e | awk 'NR > 2 { print $(NF - 1) }' | sort)
[ "$ours" = "$(readlink /proc/"$renamed"/fd/* | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | sort)" ] &&
    ok "--pid lists the process's own socket" || fail "--pid $renamed lists: $ours"
ours=$("$sv" --pid "$parent" -e | awk 'NR > 2 { print $(NF - 1) }' | sort)
theirs=$(lsof -nP -a -p "$parent" -i | awk 'NR > 1 { print $6 }' | sort)
[ -n "$ours" ] && [ "$ours" = "$theirs" ] && ok "--pid matches lsof ($(wc -l <<<"$ours") sockets)" ||
    { fail "--pid differs from lsof"; diff <(echo "$theirs") <(echo "$ours") | head; }
both=$("$sv" --pid "$parent,$renamed" -t | awk 'NR > 2' | wc -l)
one=$("$sv" --pid "$parent" -t | awk 'NR > 2' | wc -l)
[ "$both" -eq $((one + 1)) ] && ok "--pid takes a list" || fail "--pid list: $both vs $one"
expect_no_line "$("$sv" --pid "$parent" -t)" '^udp' "--pid with -t shows TCP only"
expect_line "$("$sv" --pid "$parent")" '^udp' "--pid shows UDP too"

# -e: User and Inode in netstat's layout; -tunaep equals netstat's for
# sockets with one known owner (netstat names programs by their command
# line, sockview by comm: they differ only for the renamed child)
e=$("$sv" -tunaep)
expect_line "$e" 'State +User +Inode +PID/Program name +$' "-e -p header"
inode=$(readlink /proc/"$renamed"/fd/* | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | head -1)
expect_line "$("$sv" -tuaep --numeric-ports)" ":7001 .* LISTEN +root +$inode +$renamed/" \
    "-e shows user name and inode"
want=$(netstat -tunaepW | grep -v " $renamed/" | sort)
got=$(grep -v " $renamed/" <<<"$e" | sort)
[ "$got" = "$want" ] && ok "-tunaep = netstat -tunaepW" ||
    { fail "-tunaep differs from netstat"; diff <(echo "$want") <(echo "$got") | head; }
expect_line "$e" ":7001 .* LISTEN +0 +$inode +$renamed/" "-n: numeric user"

# -o: netstat's timers, values within a second
timers() {
    python3 -c '
import re, sys
a = sorted(open(sys.argv[1]).read().splitlines())
b = sorted(open(sys.argv[2]).read().splitlines())
pat = re.compile(r"\((\d+\.\d+)/")
if len(a) != len(b):
    sys.exit("line counts differ: %d %d" % (len(a), len(b)))
for x, y in zip(a, b):
    if pat.sub("(T/", x) != pat.sub("(T/", y):
        sys.exit("differ:\n%s\n%s" % (x, y))
    tx, ty = pat.findall(x), pat.findall(y)
    if tx and abs(float(tx[0]) - float(ty[0])) > 1.0:
        sys.exit("timer off by more than a second:\n%s\n%s" % (x, y))
' "$1" "$2"
}
for src in netlink proc; do
    netstat -tunaoW >/tmp/ns-o.$$
    "$sv" -tunao --source=$src >/tmp/sv-o.$$
    if msg=$(timers /tmp/ns-o.$$ /tmp/sv-o.$$ 2>&1); then
        ok "-tunao --source=$src = netstat -tunaoW (timers within 1 s)"
    else
        fail "-tunao --source=$src: $msg"
    fi
done
rm -f /tmp/ns-o.$$ /tmp/sv-o.$$
expect_line "$("$sv" -tnao)" 'TIME_WAIT +timewait \([0-9]+\.[0-9]{2}/0/0\)$' "TIME_WAIT timer"

# not root: other users' processes show "-", one note on stderr, status 0
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
out=$("${nobody[@]}" "$sv" -tlnp 2>/tmp/err.$$)
status=$?
[ $status -eq 0 ] && ok "unprivileged -p exits 0" || fail "unprivileged -p exits $status"
expect_line "$out" ':9999 .* LISTEN +- +$' "unprivileged: root's process shows -"
[ "$(wc -l </tmp/err.$$)" -eq 1 ] && grep -q '^sockview: not all processes could be identified' /tmp/err.$$ &&
    ok "unprivileged: one note" || fail "unprivileged stderr: $(cat /tmp/err.$$)"
out=$("${nobody[@]}" "$sv" -tln 2>/tmp/err.$$)
[ ! -s /tmp/err.$$ ] && ok "no note without -p" || fail "note without -p: $(cat /tmp/err.$$)"
"${nobody[@]}" "$sv" --pid "$parent" >/tmp/out.$$ 2>/tmp/err.$$
status=$?
[ $status -eq 1 ] && [ ! -s /tmp/out.$$ ] && grep -q "^sockview: cannot read the sockets of process $parent: Permission denied" /tmp/err.$$ &&
    ok "unprivileged --pid of root's process: one line, status 1" ||
    fail "unprivileged --pid: status $status, $(cat /tmp/err.$$)"
rm -f /tmp/err.$$ /tmp/out.$$

# CAP_DAC_READ_SEARCH without CAP_SYS_PTRACE: another user's fd directory
# opens, but reading its links fails (EACCES). The same note and the
# same --pid failure as without the capability, not a silent "-".
dac=("${nobody[@]}" --inh-caps=+dac_read_search --ambient-caps=+dac_read_search)
if ! "${dac[@]}" ls "/proc/$parent/fd" >/dev/null 2>&1; then
    echo "skip: setpriv cannot give CAP_DAC_READ_SEARCH here"
elif "${dac[@]}" readlink "/proc/$parent/fd/0" >/dev/null 2>&1; then
    echo "skip: the fd links are readable with CAP_DAC_READ_SEARCH alone"
else
    out=$("${dac[@]}" "$sv" -tlnp 2>/tmp/err.$$)
    status=$?
    [ $status -eq 0 ] && ok "dac_read_search -p exits 0" || fail "dac_read_search -p exits $status"
    expect_line "$out" ':9999 .* LISTEN +- +$' "dac_read_search: root's process shows -"
    [ "$(wc -l </tmp/err.$$)" -eq 1 ] && grep -q '^sockview: not all processes could be identified: [0-9]* could not be read; root sees them all$' /tmp/err.$$ &&
        ok "dac_read_search: one note" || fail "dac_read_search stderr: $(cat /tmp/err.$$)"
    st=$("${dac[@]}" "$sv" -tlnj 2>/dev/null | python3 -c '
import json, sys
print(" ".join(o["owners_status"] for o in json.load(sys.stdin) if o["local"]["port"] == 9999))')
    [ "$st" = hidden ] && ok "dac_read_search: JSON owners_status hidden" ||
        fail "dac_read_search: JSON owners_status '$st'"
    "${dac[@]}" "$sv" --pid "$parent" >/tmp/out.$$ 2>/tmp/err.$$
    status=$?
    [ $status -eq 1 ] && [ ! -s /tmp/out.$$ ] &&
        [ "$(cat /tmp/err.$$)" = "sockview: cannot read the sockets of process $parent: Permission denied (root sees every process)" ] &&
        ok "dac_read_search --pid of root's process: one line, status 1" ||
        fail "dac_read_search --pid: status $status, $(cat /tmp/out.$$ /tmp/err.$$)"
fi
rm -f /tmp/err.$$ /tmp/out.$$

# no such process
"$sv" --pid 2147483646 >/tmp/out.$$ 2>/tmp/err.$$
status=$?
[ $status -eq 1 ] && [ ! -s /tmp/out.$$ ] && [ "$(cat /tmp/err.$$)" = "sockview: no such process: 2147483646" ] &&
    ok "--pid of no process: status 1" || fail "--pid missing: $status $(cat /tmp/err.$$)"
rm -f /tmp/err.$$ /tmp/out.$$

# Too few descriptors (ulimit -n 5): the fd walk's threads then meet
# EMFILE, which is no exit. Whether they do depends on how the walk is
# shared out, so each run checks what must hold either way: an owner
# shown, or a note that says why not; never "no such process".
emfile_runs=0
for i in 1 2 3 4 5; do
    out=$( (ulimit -n 5 && exec "$sv" -tlnp) 2>/tmp/err.$$)
    status=$?
    [ $status -eq 0 ] || { fail "ulimit -n 5: -tlnp exits $status: $(cat /tmp/err.$$)"; break; }
    if grep -qE ':9999 .* LISTEN +- +$' <<<"$out"; then
        emfile_runs=$((emfile_runs + 1))
        [ "$(wc -l </tmp/err.$$)" -eq 1 ] &&
            grep -qE '^sockview: not all processes could be identified: [0-9]+ could not be read: Too many open files' /tmp/err.$$ ||
            { fail "ulimit -n 5: an owner shown as - without the note: $(cat /tmp/err.$$)"; break; }
    fi
    json=$( (ulimit -n 5 && exec "$sv" -tlnj) 2>/tmp/err.$$)
    st=$(python3 -c '
import json, sys
for o in json.loads(sys.argv[1]):
    if o["local"]["port"] == 9999:
        print(o["owners_status"] if not o["owners"] else "found")' "$json")
    case $st in
    found) ;;
    hidden) grep -q 'Too many open files' /tmp/err.$$ || { fail "ulimit -n 5: JSON hidden without the note"; break; } ;;
    *) fail "ulimit -n 5: JSON owners_status '$st' for an owned listener"; break ;;
    esac
    (ulimit -n 5 && exec "$sv" --pid "$parent") >/tmp/out.$$ 2>/tmp/err.$$
    status=$?
    if [ $status -ne 0 ]; then
        [ $status -eq 1 ] && grep -qE "^sockview: (cannot read the sockets of process $parent: Too many open files|cannot list sockets: .*Too many open files)\$" /tmp/err.$$ ||
            { fail "ulimit -n 5: --pid $parent: status $status, $(cat /tmp/err.$$)"; break; }
    fi
done
ok "ulimit -n 5: owners shown or the note given ($emfile_runs of 5 runs met EMFILE)"
rm -f /tmp/err.$$ /tmp/out.$$
finish
