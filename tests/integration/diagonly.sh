#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SCTP, vsock and XDP sockets (-S, --vsock, --xdp, -A sctp,vsock,xdp):
# only their diag modules list them. Where --version says the running
# kernel lacks the module, each listing says so in one line on stderr,
# prints nothing on stdout and exits 1, with --source=netlink and auto
# alike, also after another kind in one -A listing; --source=proc says
# that no /proc file lists them. Where the module is there, the listing
# succeeds. Usage errors for what these kinds do not do.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
version=$("$sv" --version)

for spec in sctp_diag:SCTP:-S sctp_diag:SCTP:--sctp vsock_diag:vsock:--vsock xdp_diag:XDP:--xdp \
    sctp_diag:SCTP:"-A sctp" vsock_diag:vsock:"-A vsock" xdp_diag:XDP:"-A tcp,xdp"; do
    mod=${spec%%:*} rest=${spec#*:}
    name=${rest%%:*} opts=${rest#*:}
    present=no
    grep -q "^netlink $mod: yes" <<<"$version" && present=yes
    for src in netlink auto; do
        # shellcheck disable=SC2086
        out=$("$sv" $opts -a --source=$src 2>"${TMPDIR:-/tmp}/diagonly.$$")
        rc=$?
        err=$(cat "${TMPDIR:-/tmp}/diagonly.$$")
        if [ $present = no ]; then
            [ $rc -eq 1 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
                [ "$err" = "sockview: cannot list $name sockets: the running kernel cannot report them (no $mod module)" ] &&
                ok "$opts --source=$src: exit 1, one line: $err" ||
                fail "$opts --source=$src: rc $rc, stdout '$out', stderr '$err'"
        else
            [ $rc -eq 0 ] && ok "$opts --source=$src: $mod is there, exit 0" ||
                fail "$opts --source=$src: $mod is there, rc $rc: $err"
        fi
    done
    # shellcheck disable=SC2086
    out=$("$sv" $opts -a --source=proc 2>"${TMPDIR:-/tmp}/diagonly.$$")
    rc=$?
    err=$(cat "${TMPDIR:-/tmp}/diagonly.$$")
    [ $rc -eq 1 ] && [ -z "$out" ] &&
        [ "$err" = "sockview: cannot list $name sockets: no /proc file lists them, only netlink ($mod)" ] &&
        ok "$opts --source=proc: exit 1, one line" || fail "$opts --source=proc: rc $rc, '$out', '$err'"
done
rm -f "${TMPDIR:-/tmp}/diagonly.$$"

# what these kinds do not do: usage errors, exit 2, one line
for opts in "-S -s" "--vsock -i" "--xdp --state listen" "-S -N all" "--xdp --explain"; do
    # shellcheck disable=SC2086
    err=$("$sv" $opts 2>&1 >/dev/null); rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && ok "$opts: usage error: $err" ||
        fail "$opts: rc $rc: $err"
done
# a recording without them says so, whatever this kernel has
rec=$(mktemp)
"$sv" -t -an --record "$rec" >/dev/null
err=$("$sv" --replay "$rec" --xdp -a 2>&1 >/dev/null); rc=$?
rm -f "$rec"
[ $rc -eq 1 ] && [ "$err" = "sockview: the recording holds no XDP sockets" ] &&
    ok "--replay --xdp: the recording holds none" || fail "--replay --xdp: rc $rc: $err"
# an unknown -A name names the new ones among those expected
err=$("$sv" -A sctpx 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "sctp, vsock or xdp" <<<"$err" && ok "-A sctpx: usage error naming sctp, vsock, xdp" ||
    fail "-A sctpx: rc $rc: $err"
finish
