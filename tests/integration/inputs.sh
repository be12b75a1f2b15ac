#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Files named on the command line that are not regular files, or are too
# large: --services and -N refuse them at once with one line and exit 1,
# never block in open(), never read forever, and --services is checked
# even where no name is printed (-n, -x, -s).
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
need timeout mkfifo truncate python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bounded STATUS PATTERN ARGS...: at most 20 s, the status, one stderr
# line matching, nothing on stdout
bounded() {
    local want=$1 pattern=$2 status
    shift 2
    timeout 20 "$sv" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    if [ "$status" -eq 124 ]; then
        fail "sockview $*: still running after 20 s"
    elif [ "$status" -ne "$want" ]; then
        fail "sockview $*: status $status, want $want: $(head -c 200 "$tmp/err")"
    elif [ -s "$tmp/out" ]; then
        fail "sockview $*: printed on stdout: $(head -c 200 "$tmp/out")"
    elif [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -qE "^sockview: $pattern\$" "$tmp/err"; then
        fail "sockview $*: stderr is '$(cat "$tmp/err")'"
    else
        ok "sockview $* -> $want: $(cat "$tmp/err")"
    fi
}

mkfifo "$tmp/fifo"
svc="cannot read services file"
for f in /dev/zero /dev/urandom "$tmp/fifo"; do
    bounded 1 "$svc '$f': not a regular file" -tl --services "$f"
done
bounded 1 "$svc '/': Is a directory" -tl --services /

# too large: a 2 GB sparse file (no time spent reading it) and a 5 MiB
# file of real entries (no memory spent on it)
truncate -s 2G "$tmp/sparse"
bounded 1 "$svc '$tmp/sparse': larger than 4 MiB" -tl --services "$tmp/sparse"
python3 - "$tmp/big" "$tmp/fits" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    i = 0
    while f.tell() < 5 << 20:
        f.write("svc%d %d/tcp # %s\n" % (i, i % 65536, "x" * 60))
        i += 1
with open(sys.argv[2], "w") as f:
    f.write("ssh 22/tcp\n" + ("#" + "y" * 1022 + "\n") * 4000)
PY
start=$(date +%s%N)
bounded 1 "$svc '$tmp/big': larger than 4 MiB" -tl --services "$tmp/big"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 2000 ] && ok "5 MiB file refused in $ms ms" || fail "5 MiB file took $ms ms"
# under the limit (4,096,011 bytes) is read as before
timeout 20 "$sv" -tl --services "$tmp/fits" >/dev/null 2>"$tmp/err" &&
    [ ! -s "$tmp/err" ] && ok "a 3.9 MiB services file is read" ||
    fail "a 3.9 MiB services file: $(cat "$tmp/err")"

# checked where no name is printed, too
for opts in -tln -n -x -xn -s; do
    bounded 1 "$svc '/nonexistent/services': No such file or directory" \
        $opts --services /nonexistent/services
done
bounded 1 "$svc '$tmp/fifo': not a regular file" -x --services "$tmp/fifo"

# -N: a FIFO or a device is not a namespace, and open does not wait
netns="cannot enter network namespace"
bounded 1 "$netns '$tmp/fifo': not a network namespace" -tln -N "$tmp/fifo"
bounded 1 "$netns '/dev/zero': not a network namespace" -tln -N /dev/zero
bounded 1 "$netns '/tmp/': not a network namespace" -tln -N /tmp/
finish
