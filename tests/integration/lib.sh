# SPDX-License-Identifier: MIT
# Shared by the integration tests: sourced, not run.
# Each test re-executes itself inside a private network namespace, so the
# socket table holds only what the test made; without root, or where the
# kernel refuses a namespace, it exits 77 (meson: skipped).

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Re-run the calling script in a new network namespace with lo up.
enter_netns() {
    if [ "${SOCKVIEW_IN_NETNS:-}" = 1 ]; then
        ip link set lo up || exit 1
        return 0
    fi
    [ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
    unshare -n true 2>/dev/null || { echo "skip: unshare -n refused"; exit 77; }
    SOCKVIEW_IN_NETNS=1 exec unshare -n bash "$0" "$@"
}

# Skip unless each named command exists.
need() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || { echo "skip: no $c"; exit 77; }
    done
}

# Start the socket fixture in the background and wait (at most 10 s) for
# its "ready" line. Sets fixture_pid; kills it on exit.
start_fixture() {
    local i
    fixture_out=$(mktemp)
    python3 "$here/sockets.py" "$@" >"$fixture_out" &
    fixture_pid=$!
    # children first: once the parent is gone they are no longer its
    trap 'pkill -P $fixture_pid 2>/dev/null; kill $fixture_pid 2>/dev/null; rm -f "$fixture_out"' EXIT
    for i in $(seq 100); do
        grep -q ready "$fixture_out" && return 0
        sleep 0.1
    done
    echo "fixture did not start"
    exit 1
}

fail_count=0
fail() {
    echo "FAIL: $*"
    fail_count=$((fail_count + 1))
}

ok() {
    echo "ok: $*"
}

# Assert that the output ($1) has a line matching the regex ($2).
expect_line() {
    if grep -qE -- "$2" <<<"$1"; then ok "$3"; else fail "$3: no line matches '$2'"; fi
}

expect_no_line() {
    if grep -qE -- "$2" <<<"$1"; then fail "$3: a line matches '$2'"; else ok "$3"; fi
}

finish() {
    [ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
    exit 0
}
