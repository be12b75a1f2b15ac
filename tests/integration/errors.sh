#!/usr/bin/env bash
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
