#!/bin/bash
# SPDX-License-Identifier: MIT
# Time sockview against ss, netstat and lsof on a large socket table.
#
# usage: bench.sh [--scale] [--sockets N] [--repeats R] [--json FILE]
#                 [--sockview PATH]
#        bench.sh --namespaces K [--per-namespace M] [--repeats R]
#                 [--sockview PATH]
#
# As root, re-runs itself in a private network namespace (unshare -n),
# fills it with about N loopback TCP sockets (N/2 connected pairs on
# 127.0.0.1, plus a few listeners and UDP sockets) held by several
# holder processes, then runs each comparison's commands alternately,
# R times each, output to /dev/null, and prints the medians, the ratios
# sockview/peer against the targets, and each tool's peak RSS; the same
# goes to FILE as JSON. The verdicts are information: it exits 0 unless
# something broke (1), on a usage error (2), and 77 (skipped) without
# root, a network namespace, or one of the tools it compares against.
#
# Needs: bash, python3, ss and ip (iproute2), netstat (net-tools), lsof,
# GNU time (/usr/bin/time), timeout and unshare (coreutils, util-linux).
#
# With --namespaces, the -N all case instead: K network namespaces of
# about M sockets (default 1000) each, sockview -N all against the sum of
# the single-namespace listings (tests/bench/netns.sh, which it runs).
#
# --scale: the cost at scale (N defaults to 180,000): -tuna, -tunap and
# --pid of a process with 40 sockets (Q) and of one with 18,000 (P)
# against ss and lsof, then, with the holders gone, 3,000 processes
# with 2 sockets each (swarm.py) for -tunap and -tlnp against ss.

set -u
export LC_ALL=C	# EPOCHREALTIME with a '.', sort and printf as expected

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"

sockets=
scale=0
swarm_size=3000		# --scale: processes of 2 sockets each
repeats=5
json_out="sockview-bench.json"
sockview=
pair_cap=9000		# pairs per holder: 18,000 sockets, under ~20,000 fds
listeners_per_holder=4
udp_per_holder=2
port_base=2000		# listeners and UDP: 2000.., clients: 10000-65000
cmd_timeout=120		# seconds for one run of one tool
holder_lifetime=3600	# a holder exits on its own after this long at most

usage() {
	sed -n '3,24s/^# \{0,1\}//p' "$self"
}

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

skip() {
	echo "bench.sh: skipped: $*" >&2
	exit 77
}

for arg in "$@"; do
	case $arg in
	--namespaces | --namespaces=*) exec "$here/netns.sh" "$@" ;;
	esac
done

while [ $# -gt 0 ]; do
	case $1 in
	--sockets) sockets=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--sockets=*) sockets=${1#*=}; shift ;;
	--repeats) repeats=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--repeats=*) repeats=${1#*=}; shift ;;
	--json) json_out=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--json=*) json_out=${1#*=}; shift ;;
	--sockview) sockview=${2-}; shift 2 || { usage >&2; exit 2; } ;;
	--sockview=*) sockview=${1#*=}; shift ;;
	--scale) scale=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "bench.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done

[ -n "$sockets" ] || sockets=$((scale ? 180000 : 54000))
case $sockets in '' | *[!0-9]*) echo "bench.sh: --sockets: not a number" >&2; exit 2 ;; esac
case $repeats in '' | *[!0-9]*) echo "bench.sh: --repeats: not a number" >&2; exit 2 ;; esac
if [ "$sockets" -lt 20 ] || [ "$sockets" -gt 400000 ]; then
	echo "bench.sh: --sockets: between 20 and 400000" >&2
	exit 2
fi
if [ "$repeats" -lt 1 ] || [ "$repeats" -gt 100 ]; then
	echo "bench.sh: --repeats: between 1 and 100" >&2
	exit 2
fi
if [ -z "$sockview" ]; then
	for c in "$here/../../build-bench/sockview" "$here/../../build/sockview"; do
		[ -x "$c" ] && { sockview=$c; break; }
	done
	[ -n "$sockview" ] || die "no sockview binary found; pass --sockview PATH"
fi
[ -x "$sockview" ] || die "--sockview: '$sockview' is not an executable"
sockview=$(realpath "$sockview")
case $json_out in /*) ;; *) json_out="$PWD/$json_out" ;; esac

# --- outside the namespace: check, then re-run inside a new one ---------

if [ "${_SOCKVIEW_BENCH_NETNS:-}" != 1 ]; then
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	for c in ss ip netstat lsof python3 timeout unshare realpath; do
		command -v "$c" >/dev/null 2>&1 || skip "no $c"
	done
	if ! /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
		skip "no GNU time at /usr/bin/time (Debian package 'time')"
	fi
	unshare -n true 2>/dev/null || skip "unshare -n refused"
	# shellcheck disable=SC2093  # exec fails only if unshare cannot run
	scale_flag=()
	[ "$scale" -eq 0 ] || scale_flag=(--scale)
	_SOCKVIEW_BENCH_NETNS=1 exec unshare -n -- "$BASH" "$self" \
		--sockets "$sockets" --repeats "$repeats" --json "$json_out" \
		--sockview "$sockview" "${scale_flag[@]}"
fi

# --- inside the namespace ----------------------------------------------

# Refuse to touch sysctls or start anything in the host's namespace.
[ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] ||
	die "not in a private network namespace"
[ "$(ip -o link show | wc -l)" -eq 1 ] || die "the namespace has more than lo"
ip link set lo up || die "cannot bring lo up"

# Per-namespace sysctls: room for the client ports, deep accept queues.
echo "10000 65000" >/proc/sys/net/ipv4/ip_local_port_range ||
	die "cannot set ip_local_port_range"
echo 4096 >/proc/sys/net/core/somaxconn || die "cannot set somaxconn"
echo 4096 >/proc/sys/net/ipv4/tcp_max_syn_backlog 2>/dev/null || true

work=$(mktemp -d /tmp/sockview-bench.XXXXXX) || die "mktemp failed"
holder_pids=()

# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
	local pid i
	trap - EXIT INT TERM HUP
	{
		for pid in "${holder_pids[@]}"; do
			kill -KILL "$pid"
		done
		# bounded: 5 s each
		for pid in "${holder_pids[@]}"; do
			for i in $(seq 50); do
				kill -0 "$pid" || break
				sleep 0.1
			done
			wait "$pid"
		done
	} 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Holders: ~18,000 sockets (pair_cap pairs) each at most; the first, P,
# holds the sockets --pid P and lsof look at (18,000 at the default N).
pairs_total=$((sockets / 2))
p_pairs=$(((pairs_total + 2) / 3))
[ "$p_pairs" -le "$pair_cap" ] || p_pairs=$pair_cap
rest=$((pairs_total - p_pairs))
others=$(((rest + pair_cap - 1) / pair_cap))
holder_pairs=("$p_pairs")
for ((i = 0; i < others; i++)); do
	holder_pairs+=($((rest / others + (i < rest % others ? 1 : 0))))
done
nholders=${#holder_pairs[@]}
listeners_total=$((nholders * listeners_per_holder))
udp_total=$((nholders * udp_per_holder))
tcp_expected=$((2 * pairs_total + listeners_total))

# Each holder needs 2 * pairs + a few fds; raise the limit it inherits.
need_fds=$((2 * pair_cap + 1024))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$need_fds" ]; then
	ulimit -Hn "$need_fds" || die "cannot raise the hard fd limit to $need_fds"
fi
ulimit -Sn "$need_fds" || die "cannot raise the fd limit to $need_fds"

python=$(command -v python3)
echo "bench.sh: $((tcp_expected + udp_total)) sockets: $pairs_total TCP pairs," \
	"$listeners_total listeners, $udp_total UDP, in $nholders holders" \
	"(P: $((2 * p_pairs + listeners_per_holder + udp_per_holder)) sockets)"
t_setup=$EPOCHREALTIME
for ((i = 0; i < nholders; i++)); do
	"$python" "$here/holder.py" "${holder_pairs[i]}" "$listeners_per_holder" \
		"$udp_per_holder" $((port_base + i * 16)) "$work/ready.$i" \
		"$holder_lifetime" </dev/null &
	holder_pids+=($!)
done
P=${holder_pids[0]}
# --scale: Q, a process with 40 sockets among them (18 pairs, 2
# listeners, 2 UDP)
if [ "$scale" -eq 1 ]; then
	"$python" "$here/holder.py" 18 2 2 $((port_base + nholders * 16)) \
		"$work/ready.q" "$holder_lifetime" </dev/null &
	holder_pids+=($!)
	Q=$!
	tcp_expected=$((tcp_expected + 38))
	udp_total=$((udp_total + 2))
fi

# Wait (bounded: 30 s plus 1 s per 500 sockets) until every holder is ready.
wait_ticks=$(((30 + sockets / 500) * 5))
for ((t = 0; t < wait_ticks; t++)); do
	ready=0
	for ((i = 0; i < nholders; i++)); do
		[ -e "$work/ready.$i" ] && ready=$((ready + 1))
		kill -0 "${holder_pids[i]}" 2>/dev/null ||
			die "holder $i (pid ${holder_pids[i]}) died before it was ready"
	done
	[ "$ready" -eq "$nholders" ] &&
		{ [ "$scale" -eq 0 ] || [ -e "$work/ready.q" ]; } && break
	sleep 0.2
done
[ "$ready" -eq "$nholders" ] || die "holders not ready after $((wait_ticks / 5)) s"
tcp_seen=$(ss -Htan | wc -l)
udp_seen=$(ss -Huan | wc -l)
setup_ms=$(((${EPOCHREALTIME/./} - ${t_setup/./}) / 1000))
echo "bench.sh: ready in ${setup_ms} ms: $tcp_seen TCP sockets, $udp_seen UDP"
[ "$tcp_seen" -eq "$tcp_expected" ] ||
	die "expected $tcp_expected TCP sockets, ss shows $tcp_seen"
[ "$udp_seen" -eq "$udp_total" ] ||
	die "expected $udp_total UDP sockets, ss shows $udp_seen"

# --- measuring ------------------------------------------------------------

broken=0

# measure GROUP LABEL CMD...: one run, output to /dev/null; appends
# group, label, wall time (us), peak RSS (KiB), exit status to samples.
# The wall time includes starting timeout and GNU time (see "harness").
measure() {
	local group=$1 label=$2 t0 t1 rc rss
	shift 2
	t0=$EPOCHREALTIME
	timeout -k 5 "$cmd_timeout" /usr/bin/time -f %M -o "$work/rss" \
		"$@" >/dev/null 2>"$work/err"
	rc=$?
	t1=$EPOCHREALTIME
	rss=$(tail -n 1 "$work/rss" 2>/dev/null)
	case $rss in '' | *[!0-9]*) rss=0 ;; esac
	if [ "$rc" -ne 0 ]; then
		echo "bench.sh: '$label' exited with status $rc:" >&2
		head -n 5 "$work/err" >&2
		broken=1
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$group" "$label" \
		$((${t1/./} - ${t0/./})) "$rss" "$rc" >>"$work/samples"
}

# Commands by label; "P" in a label stands for the holder's pid.
declare -A cmd=(
	["sockview -tuna"]="$sockview -tuna"
	["sockview -tunap"]="$sockview -tunap"
	["sockview --pid P"]="$sockview --pid $P"
	["sockview --source=proc -tuna"]="$sockview --source=proc -tuna"
	["sockview -tnl"]="$sockview -tnl"
	["sockview -tna"]="$sockview -tna"
	["sockview -tnlp"]="$sockview -tnlp"
	["sockview -tuna --units"]="$sockview -tuna --units"
	["ss -tuna"]="ss -tuna"
	["ss -tunap"]="ss -tunap"
	["ss -tnl"]="ss -tnl"
	["ss -tnlp"]="ss -tnlp"
	["netstat -tuna"]="netstat -tuna"
	["netstat -tunap"]="netstat -tunap"
	["lsof -nP -a -p P -i"]="lsof -nP -a -p $P -i"
	["/bin/true"]="/bin/true"
)
if [ "$scale" -eq 1 ]; then
	cmd["sockview --pid Q"]="$sockview --pid $Q"
	cmd["lsof -nP -a -p Q -i"]="lsof -nP -a -p $Q -i"
fi

# group NAME LABEL...: one warm-up run each, then REPEATS rounds, each
# running every command once, starting one further along each round.
group() {
	local name=$1 n r k label
	shift
	n=$#
	local labels=("$@")
	echo "bench.sh: timing $name" >&2
	for label in "${labels[@]}"; do
		# shellcheck disable=SC2086  # the commands are split on purpose
		timeout -k 5 "$cmd_timeout" ${cmd[$label]} >/dev/null 2>&1
	done
	for ((r = 0; r < repeats; r++)); do
		for ((k = 0; k < n; k++)); do
			label=${labels[(r + k) % n]}
			# shellcheck disable=SC2086
			measure "$name" "$label" ${cmd[$label]}
		done
	done
}

: >"$work/samples"
t_bench=$EPOCHREALTIME
group harness "/bin/true"
if [ "$scale" -eq 1 ]; then
	group tuna "sockview -tuna" "ss -tuna"
	group tunap "sockview -tunap" "ss -tunap"
	group pidq "sockview --pid Q" "lsof -nP -a -p Q -i"
	group pid "sockview --pid P" "lsof -nP -a -p P -i"
	# the holders go; many small processes come
	for pid in "${holder_pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	"$python" "$here/swarm.py" "$swarm_size" "$work/ready.swarm" \
		"$holder_lifetime" </dev/null &
	holder_pids=($!)
	for ((t = 0; t < (60 + swarm_size / 50) * 5; t++)); do
		[ -e "$work/ready.swarm" ] && break
		kill -0 "${holder_pids[0]}" 2>/dev/null || die "swarm.py died"
		sleep 0.2
	done
	[ -e "$work/ready.swarm" ] || die "swarm.py not ready"
	echo "bench.sh: $swarm_size processes of 2 sockets each" >&2
	group swarm_tunap "sockview -tunap" "ss -tunap"
	group swarm_tlnp "sockview -tnlp" "ss -tnlp"
else
	group tuna "sockview -tuna" "ss -tuna" "netstat -tuna"
	group tunap "sockview -tunap" "ss -tunap" "netstat -tunap"
	group pid "sockview --pid P" "lsof -nP -a -p P -i"
	group proc "sockview --source=proc -tuna" "netstat -tuna"
	group tnl "sockview -tnl" "sockview -tna" "ss -tnl"
	group tnlp "sockview -tnlp" "ss -tnlp"
	group units "sockview -tuna --units" "sockview -tuna"
fi
bench_s=$(((${EPOCHREALTIME/./} - ${t_bench/./}) / 1000000))

# The table's rows: comparison, group, sockview, peer, time target,
# RSS target (sockview's peak RSS at most this times the peer's; 0: none).
if [ "$scale" -eq 1 ]; then
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' \
		-tuna tuna "sockview -tuna" "ss -tuna" 0.45 1 \
		-tunap tunap "sockview -tunap" "ss -tunap" 0.05 0.50 \
		"--pid Q" pidq "sockview --pid Q" "lsof -nP -a -p Q -i" 0.05 0 \
		"--pid P" pid "sockview --pid P" "lsof -nP -a -p P -i" 0.20 0 \
		"3k -tunap" swarm_tunap "sockview -tunap" "ss -tunap" 0.30 1 \
		"3k -tlnp" swarm_tlnp "sockview -tnlp" "ss -tnlp" 0.30 1 \
		>"$work/pairs"
else
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' \
		-tuna tuna "sockview -tuna" "ss -tuna" 0.70 1 \
		-tuna tuna "sockview -tuna" "netstat -tuna" - 0 \
		-tunap tunap "sockview -tunap" "ss -tunap" 0.40 1 \
		-tunap tunap "sockview -tunap" "netstat -tunap" - 0 \
		"--pid P" pid "sockview --pid P" "lsof -nP -a -p P -i" 0.20 0 \
		"proc -tuna" proc "sockview --source=proc -tuna" "netstat -tuna" 0.80 0 \
		-tnl tnl "sockview -tnl" "sockview -tna" 0.10 0 \
		-tnl tnl "sockview -tnl" "ss -tnl" - 1 \
		-tnlp tnlp "sockview -tnlp" "ss -tnlp" 0.25 1 \
		--units units "sockview -tuna --units" "sockview -tuna" 1.50 0 \
		>"$work/pairs"
fi

scale_word=
[ "$scale" -eq 0 ] || scale_word=" --scale"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
	printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	printf 'command\t%s\n' "tests/bench/bench.sh${scale_word:-} --sockets $sockets --repeats $repeats"
	printf 'sockview\t%s\n' "$sockview"
	printf 'sockview_commit\t%s\n' "$(git -C "$here" describe --always --dirty 2>/dev/null || echo unknown)"
	printf 'nproc\t%s\n' "$(nproc)"
	printf 'cpu\t%s\n' "${cpu:-unknown}"
	printf 'kernel\t%s\n' "$(uname -r)"
	printf 'ss_version\t%s\n' "$(ss -V 2>&1 | head -n 1)"
	printf 'netstat_version\t%s\n' "$(netstat -V 2>&1 | head -n 1)"
	printf 'lsof_version\t%s\n' "$(lsof -v 2>&1 | sed -n 's/^ *revision: *//p' | head -n 1)"
	printf 'repeats\t%s\n' "$repeats"
	printf 'sockets_requested\t%s\n' "$sockets"
	printf 'tcp_sockets\t%s\n' "$tcp_seen"
	printf 'udp_sockets\t%s\n' "$udp_seen"
	printf 'tcp_listeners\t%s\n' "$listeners_total"
	printf 'holders\t%s\n' "$nholders"
	printf 'pid_p_sockets\t%s\n' "$(cat "$work/ready.0")"
	[ "$scale" -eq 0 ] || printf 'pid_q_sockets\t%s\n' "$(cat "$work/ready.q")"
	[ "$scale" -eq 0 ] || printf 'swarm_processes\t%s\n' "$swarm_size"
	printf 'setup_ms\t%s\n' "$setup_ms"
	printf 'bench_seconds\t%s\n' "$bench_s"
} >"$work/meta"

echo
echo "sockview vs peers: $tcp_seen TCP + $udp_seen UDP sockets," \
	"P holds $(cat "$work/ready.0"); medians of $repeats runs, ms; peak RSS, KiB"
echo "machine: $(nproc) x ${cpu:-unknown}, Linux $(uname -r); measuring took ${bench_s} s"
"$python" "$here/report.py" "$work/pairs" "$work/samples" "$work/meta" "$json_out" ||
	die "report failed"
echo "JSON: $json_out"

[ "$broken" -eq 0 ] || die "a command failed (see above)"
exit 0
