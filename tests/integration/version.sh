#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# sockview --version prints the version meson.build declares, then one
# line per sock_diag module saying whether this kernel answers it, and
# each answer agrees with what a listing through --source=netlink does:
# "yes" exactly when that listing works. Needs no root.
set -u
sv=$1
src=$(cd "$(dirname "$0")/../.." && pwd)

fail_count=0
fail() {
    echo "FAIL: $*"
    fail_count=$((fail_count + 1))
}
ok() {
    echo "ok: $*"
}

out=$("$sv" --version 2>"${TMPDIR:-/tmp}/version.$$.err")
rc=$?
err=$(cat "${TMPDIR:-/tmp}/version.$$.err")
rm -f "${TMPDIR:-/tmp}/version.$$.err"
echo "$out"
[ $rc -eq 0 ] && ok "exit status 0" || fail "exit status $rc"
[ -z "$err" ] && ok "nothing on stderr" || fail "stderr: $err"

want=$(sed -n "s/^ *version: '\([^']*\)',.*/\1/p" "$src/meson.build" | head -1)
[ "$(head -1 <<<"$out")" = "sockview $want" ] &&
    ok "first line: sockview $want" || fail "first line: $(head -1 <<<"$out")"
[ "$(wc -l <<<"$out")" -eq 13 ] && ok "thirteen lines" ||
    fail "$(wc -l <<<"$out") lines"
grep -qx 'SOCK_DESTROY (-K): not probed (.*)' <<<"$out" &&
    ok "SOCK_DESTROY: not probed" || fail "no SOCK_DESTROY line"

# the owners' source: "yes" exactly when -p reads the iterator
line=$(tail -1 <<<"$out")
case $line in
"task_file iterator: yes (-p reads every process's fds in one pass)") said=yes ;;
"task_file iterator: no ("*"; -p walks /proc/*/fd)") said=no ;;
*) said=; fail "the task_file line: '$line'" ;;
esac
if [ -n "$said" ] && command -v strace >/dev/null 2>&1; then
    strace -f -e trace=bpf -o "${TMPDIR:-/tmp}/version.$$.trace" "$sv" -tlnp >/dev/null 2>&1
    grep -q 'BPF_ITER_CREATE.*= [0-9]' "${TMPDIR:-/tmp}/version.$$.trace" && used=yes || used=no
    rm -f "${TMPDIR:-/tmp}/version.$$.trace"
    [ "$said" = "$used" ] && ok "task_file iterator: '$said', and -p agrees" ||
        fail "task_file iterator: --version says $said, -p used it: $used"
fi

# module, then the listing that needs it
for pair in tcp_diag:-tn udp_diag:-un raw_diag:-wn unix_diag:-x packet_diag:-0 netlink_diag:--netlink; do
    mod=${pair%%:*} opts=${pair#*:}
    line=$(grep "^netlink $mod: " <<<"$out")
    case $line in
    "netlink $mod: yes") said=yes ;;
    "netlink $mod: no ("*")") said=no ;;
    *) fail "$mod: '$line'"; continue ;;
    esac
    if "$sv" --source=netlink -a "$opts" >/dev/null 2>&1; then
        works=yes
    else
        works=no
    fi
    [ "$said" = "$works" ] &&
        ok "$mod: $said, and --source=netlink $opts agrees" ||
        fail "$mod: --version says $said, --source=netlink $opts works: $works"
done

# the families that -A all leaves out (only their modules list them):
# each line says yes or no, and a listing of every kind names each of
# them on stderr, with the same answer
for mod in sctp_diag mptcp_diag vsock_diag xdp_diag; do
    line=$(grep "^netlink $mod: " <<<"$out")
    case $line in
    "netlink $mod: yes ("*" lists "*" sockets)") said="is there" ;;
    "netlink $mod: no (not in this kernel; "*) said="no $mod in this kernel" ;;
    "netlink $mod: no ("*) said="cannot be asked" ;;
    *) fail "$mod: '$line'"; continue ;;
    esac
    note=$("$sv" -A all -a 2>&1 >/dev/null | grep '^sockview: not listed: ')
    grep -qF -- "$said" <<<"$(grep -o "([^)]*$mod[^)]*)" <<<"$note")" &&
        ok "$mod: '$said', in --version and in -A all's note" ||
        fail "$mod: --version says '$line', -A all: '$note'"
done

[ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
exit 0
