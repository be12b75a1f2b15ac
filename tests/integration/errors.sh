#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad input gets one line "sockview: ..." on stderr, nothing on stdout,
# and the documented status: 2 for usage errors, 1 at run time.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"

# expect STATUS PATTERN ARGS...: status, one stderr line matching, no stdout
expect() {
    local want=$1 pattern=$2 out err status
    shift 2
    out=$(mktemp)
    err=$(mktemp)
    timeout 10 "$sv" "$@" >"$out" 2>"$err" </dev/null
    status=$?
    if [ "$status" -ne "$want" ]; then
        fail "sockview $*: status $status, want $want"
    elif [ -s "$out" ]; then
        fail "sockview $*: printed on stdout: $(head -c 200 "$out")"
    elif [ "$(wc -l <"$err")" -ne 1 ] || ! grep -qE "^sockview: $pattern" "$err"; then
        fail "sockview $*: stderr is '$(cat "$err")'"
    else
        ok "sockview $* -> $want: $(cat "$err")"
    fi
    rm -f "$out" "$err"
}

usage="\\(try 'sockview --help'\\)$"
expect 2 "unknown option '--bogus' $usage" --bogus
expect 2 "unknown option '-z' $usage" -tuz
expect 2 "unexpected argument 'foo' $usage" -t foo
expect 2 "bad --source 'kernel'.*$usage" --source=kernel
expect 2 "option '--source' needs an argument $usage" --source
expect 2 "--services needs a file name $usage" --services ''
expect 2 "bad --pid 'x1'.*$usage" --pid x1
expect 2 "bad --json 'xml'.*$usage" --json=xml
expect 2 "option '--p' is ambiguous: it may be --packet, --pid, --port, --proc-root, --program, --prometheus $usage" --p=1
expect 2 "unknown option '-\\\\xff' $usage" $'-\xfft'
expect 2 "unexpected argument 'extra' $usage" -h extra
# bytes that a terminal would take for control (C0, DEL, and C1 such as
# the 8-bit CSI 0x9b) are escaped in every message
expect 2 "bad --source '\\\\x9b31m\\\\x1b\\\\x7f\\\\x85'.*$usage" --source=$'\x9b31m\x1b\x7f\x85'
err=$("$sv" --color=$'\x9b\xc2\x9b\n' 2>&1 >/dev/null)
if LC_ALL=C grep -q $'[\x01-\x1f\x7f-\xff]' <<<"$err"; then
    fail "a control or non-ASCII byte reached stderr: $(od -c <<<"$err" | head -3)"
else
    ok "only printable ASCII on stderr: $err"
fi
# --serve and --connect ignore the listing's options: refused
expect 2 "-K/--kill works with the socket listing, not with --serve $usage" --serve 0 -K -l --sport 1
expect 2 "--pid works with the socket listing, not with --serve $usage" --serve 0 --pid 1
expect 2 "--state works with the socket listing, not with --connect $usage" --connect 127.0.0.1:1 --state listen
expect 2 "-x/--unix works with the socket listing, not with --connect $usage" -x --connect 127.0.0.1:1
expect 2 "-j/--json works with the socket listing, not with --serve $usage" -j --serve 0
expect 1 "cannot read services file '/nonexistent/services': No such file or directory" \
    -tl --services /nonexistent/services
expect 1 "cannot read services file '/': Is a directory" -tl --services /

# a missing default services file is no error: ports stay numeric (the
# user may not read it either); --help and --version go to stdout
"$sv" --help | grep -q -- '--source' && ok "--help on stdout" || fail "--help"
"$sv" --version | grep -qE '^sockview [0-9]' && ok "--version" || fail "--version"

# no socket source at all: /proc hidden in a private mount namespace
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
    out=$(unshare -m --propagation private sh -c \
        'mount -t tmpfs none /proc && "$1" -tuna --source=proc; echo "status $?"' sh "$sv" 2>&1)
    expect_line "$out" '^sockview: cannot list sockets: /proc/net: No such file or directory$' \
        "no /proc/net: one clear line"
    expect_line "$out" '^status 1$' "no /proc/net: status 1"
    expect_no_line "$out" '^Active' "no /proc/net: no header printed"
else
    echo "skip: the /proc-less check needs root and unshare -m"
fi
finish
