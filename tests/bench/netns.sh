#!/bin/bash
# SPDX-License-Identifier: MIT
# -N all against the sum of its parts: K network namespaces of about M
# sockets each, listed at once (sockview -N all -tuna) and one by one
# (sockview -N NAME -tuna, K runs, as a user without -N all would, and
# sockview -tuna for the namespace the script runs in, which -N all
# lists too).
#
# usage: netns.sh [--namespaces K] [--per-namespace M] [--repeats R]
#                 [--sockview PATH]
#
# As root, re-runs itself in private mount, pid and network namespaces
# (so that -N all sees only what it builds, /run/netns on a private
# tmpfs), makes K named namespaces with ip netns add, fills each with a
# holder (tests/bench/holder.py: M/2 - 3 loopback TCP pairs, 4 listeners,
# 2 UDP sockets), then times both, R times each, alternately, output to
# /dev/null, and prints the medians and the ratio against the issue's
# target (1.5). Exits 0 when everything ran, whatever the ratio; 1 when
# something broke; 2 on a usage error; 77 without root or namespaces.

set -u
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
namespaces=50
per_namespace=1000
repeats=5
sockview=
target=1.5
holder_lifetime=1800

usage() { sed -n '3,19s/^# \{0,1\}//p' "$self"; }
die() { echo "netns.sh: $*" >&2; exit 1; }
skip() { echo "netns.sh: skipped: $*" >&2; exit 77; }

while [ $# -gt 0 ]; do
	case $1 in
	--namespaces) namespaces=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--namespaces=*) namespaces=${1#*=}; shift ;;
	--per-namespace) per_namespace=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--per-namespace=*) per_namespace=${1#*=}; shift ;;
	--repeats) repeats=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--sockview) sockview=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	-h | --help) usage; exit 0 ;;
	*) echo "netns.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
for v in "$namespaces" "$per_namespace" "$repeats"; do
	case $v in '' | *[!0-9]*) echo "netns.sh: not a number: '$v'" >&2; exit 2 ;; esac
done
[ "$namespaces" -ge 1 ] && [ "$namespaces" -le 500 ] ||
	{ echo "netns.sh: --namespaces: between 1 and 500" >&2; exit 2; }
[ "$per_namespace" -ge 20 ] && [ "$per_namespace" -le 18000 ] ||
	{ echo "netns.sh: --per-namespace: between 20 and 18000" >&2; exit 2; }
[ "$repeats" -ge 1 ] && [ "$repeats" -le 100 ] ||
	{ echo "netns.sh: --repeats: between 1 and 100" >&2; exit 2; }
[ -n "$sockview" ] || sockview="$here/../../build/sockview"
[ -x "$sockview" ] || die "--sockview: '$sockview' is not an executable"
sockview=$(realpath "$sockview")

if [ "${_SOCKVIEW_BENCH_NSALL:-}" != 1 ]; then
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	for c in ip ss nsenter python3 unshare mount timeout; do
		command -v "$c" >/dev/null 2>&1 || skip "no $c"
	done
	unshare -m -n -p -f --mount-proc true 2>/dev/null ||
		skip "private mount, pid and network namespaces refused"
	# pid 1 is a shell that waits for this script: holder.py takes a
	# parent of pid 1 for a dead one
	_SOCKVIEW_BENCH_NSALL=1 exec unshare -m -n -p -f --mount-proc \
		--propagation private bash -c '"$@"; exit $?' sh "$BASH" "$self" \
		--namespaces "$namespaces" --per-namespace "$per_namespace" \
		--repeats "$repeats" --sockview "$sockview"
fi

ip link set lo up || die "cannot bring lo up"
mount -t tmpfs sockview-bench /run || die "cannot mount a private /run"
work=$(mktemp -d /tmp/sockview-netns-bench.XXXXXX) || die "mktemp failed"
holder_pids=()
cleanup() {
	local pid k
	trap - EXIT INT TERM HUP
	# the end of the script: bash's notes on the holders it killed are
	# noise
	exec 2>/dev/null
	for pid in "${holder_pids[@]}"; do kill -KILL "$pid"; done
	wait
	for ((k = 0; k < namespaces; k++)); do ip netns del "b$k" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ulimit -n $((per_namespace + 1024)) 2>/dev/null

pairs=$((per_namespace / 2 - 3))
[ "$pairs" -ge 1 ] || pairs=1
t0=$EPOCHREALTIME
for ((k = 0; k < namespaces; k++)); do
	ip netns add "b$k" || die "ip netns add b$k failed"
	ip -n "b$k" link set lo up || die "lo up in b$k failed"
	nsenter --net="/run/netns/b$k" sh -c \
		'echo 10000 65000 >/proc/sys/net/ipv4/ip_local_port_range; echo 4096 >/proc/sys/net/core/somaxconn' ||
		die "sysctls in b$k failed"
	nsenter --net="/run/netns/b$k" python3 "$here/holder.py" "$pairs" 4 2 2000 \
		"$work/ready.$k" "$holder_lifetime" </dev/null &
	holder_pids+=($!)
done
for ((t = 0; t < 600; t++)); do
	ready=$(ls "$work" | grep -c '^ready\.')
	[ "$ready" -eq "$namespaces" ] && break
	sleep 0.2
done
[ "$ready" -eq "$namespaces" ] || die "holders not ready after 120 s ($ready of $namespaces)"
total=$("$sockview" -N all -tuna -H | wc -l)
echo "netns.sh: $namespaces namespaces, $total sockets in all, ready in" \
	"$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000)) ms"
expect=$((namespaces * (2 * pairs + 4 + 2)))
[ "$total" -ge "$expect" ] || die "expected $expect sockets, -N all lists $total"

# -N all lists this script's own namespace too (pid 1's, empty): the sum
# lists it as well, so that both list the same K + 1 namespaces
one_by_one() {
	local k
	"$sockview" -tuna >/dev/null || return 1
	for ((k = 0; k < namespaces; k++)); do
		"$sockview" -N "b$k" -tuna >/dev/null || return 1
	done
}
time_us() {
	local t=$EPOCHREALTIME
	"$@" >/dev/null || die "'$*' failed"
	echo $((${EPOCHREALTIME/./} - ${t/./}))
}
"$sockview" -N all -tuna >/dev/null; one_by_one # warm-up
: >"$work/all"; : >"$work/sum"
for ((r = 0; r < repeats; r++)); do
	if ((r % 2 == 0)); then
		time_us "$sockview" -N all -tuna >>"$work/all"
		time_us one_by_one >>"$work/sum"
	else
		time_us one_by_one >>"$work/sum"
		time_us "$sockview" -N all -tuna >>"$work/all"
	fi
done
median() { sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
all=$(median "$work/all") sum=$(median "$work/sum")
awk -v a="$all" -v s="$sum" -v k="$namespaces" -v m="$per_namespace" \
	-v r="$repeats" -v tg="$target" 'BEGIN {
	ratio = a / s
	printf "%-40s %10s\n", "medians of " r " runs", "ms"
	printf "%-40s %10.2f\n", "sockview -N all -tuna", a / 1000
	printf "%-40s %10.2f\n", "sockview -tuna + " k " x sockview -N NAME -tuna", s / 1000
	printf "ratio %.3f, target %.1f: %s (%d namespaces of about %d sockets)\n",
	    ratio, tg, ratio <= tg ? "pass" : "FAIL", k, m
}'
exit 0
