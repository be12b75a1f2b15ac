#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up a Debian or Ubuntu machine to build and test sockview, build it,
# then run it or its tests.
#
#   scripts/setup.sh run    install what is missing, build, run sockview -tuna
#   scripts/setup.sh test   install what is missing, build, run every test
#   scripts/setup.sh build  install what is missing and build
#   scripts/setup.sh package  install what is missing, build the Debian
#                           package from the committed HEAD and run lintian
#
# BUILD_DIR (default: build) names the build directory; MESON_ARGS adds
# options to its first `meson setup`. PKG_DIR (default: a new folder under
# /tmp) is where `package` builds; the .deb is left there.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
action=${1:-run}

# What building needs (libc6-dev: the C library's headers and, through
# linux-libc-dev, the kernel's: sock_diag, bpf, btf, capability; gcc only
# recommends it, and recommends are not installed); what the tests
# compare against or drive (netstat, ss, lsof, nc, jq, the shells of the
# completions, tmux for the watch test, netbase's /etc/services and
# /etc/protocols, which a minimal system lacks); and CI's checks
# (libFuzzer, static analysis, memcheck).
build_packages=(gcc libc6-dev pkg-config meson ninja-build libmnl-dev check)
test_packages=(
    netbase net-tools iproute2 util-linux procps lsof netcat-openbsd time strace
    python3 jq mandoc man-db bash-completion zsh fish tmux
    clang clang-tidy clang-format cppcheck valgrind
)
# What building the Debian package and checking it need (debian/control's
# Build-Depends are build_packages and check).
package_packages=(build-essential debhelper dpkg-dev fakeroot lintian)

# apt-get install the named packages that are not installed yet.
install_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "setup: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}

# libFuzzer lives in clang's runtime package, named after its version
# (libclang-rt-14-dev on Debian 12, -18- on Ubuntu 24.04).
install_clang_runtime() {
    local v
    v=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
    [ -n "$v" ] || return 0
    apt-cache show "libclang-rt-$v-dev" >/dev/null 2>&1 &&
        install_missing "libclang-rt-$v-dev"
    return 0
}

build() {
    if [ ! -f "$build_dir/build.ninja" ]; then
        # shellcheck disable=SC2086
        meson setup "$build_dir" ${MESON_ARGS:-}
    fi
    ninja -C "$build_dir"
}

# Build the .deb from the committed HEAD (git archive: nothing from the
# working tree or its build folders) in PKG_DIR, outside the clone, so
# that dpkg-buildpackage writes nothing beside it; then lintian, failing
# on any error or warning. Prints the .deb's path last.
package() {
    local dir=${PKG_DIR:-} version
    [ -n "$dir" ] || dir=$(mktemp -d /tmp/sockview-package.XXXXXX)
    version=$(dpkg-parsechangelog -l debian/changelog -S Version)
    version=${version%-*}
    rm -rf "$dir/sockview-$version"
    mkdir -p "$dir/sockview-$version"
    git archive --format=tar HEAD | tar -xf - -C "$dir/sockview-$version"
    (cd "$dir/sockview-$version" && dpkg-buildpackage -us -uc -b) \
        >"$dir/build.log" 2>&1 ||
        { tail -60 "$dir/build.log"; echo "setup: dpkg-buildpackage failed (log: $dir/build.log)"; return 1; }
    grep -E '^(Ok|Fail|Skipped|Timeout): ' "$dir/build.log" | tr -s ' \t' ' ' | paste -sd ' ' |
        sed 's/^/setup: unit suites in the package build: /'
    lintian --fail-on error,warning "$dir"/sockview_*.deb || return 1
    ls "$dir"/sockview_*.deb | grep -v dbgsym
}

case $action in
run)
    install_missing "${build_packages[@]}"
    build
    "$build_dir/sockview" -tuna
    ;;
test)
    install_missing "${build_packages[@]}" "${test_packages[@]}"
    install_clang_runtime
    build
    meson test -C "$build_dir" --print-errorlogs
    ;;
build)
    install_missing "${build_packages[@]}"
    build
    ;;
package)
    install_missing "${build_packages[@]}" "${package_packages[@]}"
    package
    ;;
*)
    echo "usage: $0 run|test|build|package" >&2
    exit 2
    ;;
esac
