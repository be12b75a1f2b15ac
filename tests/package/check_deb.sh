#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian package $1 as a new user would (apt-get install
# ./sockview_*.deb), use it, and remove it: the files are where Debian
# puts them, sockview -tuna and --version run, man shows the page, bash
# (bash-completion), zsh and fish complete from the installed files with
# their own defaults, and dpkg -r then dpkg -P leave nothing behind.
# Needs root; changes the machine's package set (sockview is purged at
# the end, also when a check fails).
set -u
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 sockview_VERSION_ARCH.deb" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)

fail_count=0
fail() {
    echo "FAIL: $*"
    fail_count=$((fail_count + 1))
}
ok() {
    echo "ok: $*"
}
apt_get() {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"
}
# every path outside /proc, /sys, /tmp and the like that names sockview
snapshot() {
    find /usr /etc /var/lib/dpkg/info -xdev -name '*sockview*' 2>/dev/null |
        grep -v '^/usr/local/' | sort
}
cleanup() {
    dpkg -P sockview >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT

# a package left installed by an earlier run would hide what this one does
dpkg -P sockview >/dev/null 2>&1
before=$(snapshot)

apt_get install -y -qq "$deb" >"$tmp/apt.log" 2>&1 ||
    { cat "$tmp/apt.log"; echo "FAIL: apt-get install $deb"; exit 1; }
ok "apt-get install ./$(basename "$deb")"
files=$(dpkg -L sockview)

for f in /usr/bin/sockview /usr/share/man/man1/sockview.1.gz \
    /usr/share/bash-completion/completions/sockview \
    /usr/share/zsh/vendor-completions/_sockview \
    /usr/share/fish/vendor_completions.d/sockview.fish \
    /usr/share/doc/sockview/copyright /usr/share/doc/sockview/changelog.gz; do
    [ -f "$f" ] && ok "installed $f" || fail "no $f"
done

out=$(cd / && sockview -tuna 2>"$tmp/err")
rc=$?
[ $rc -eq 0 ] && grep -q '^Proto Recv-Q Send-Q Local Address' <<<"$out" &&
    ok "sockview -tuna ($(($(wc -l <<<"$out") - 2)) sockets)" ||
    fail "sockview -tuna: status $rc: $(cat "$tmp/err")"
out=$(sockview --version)
echo "$out" | sed 's/^/  /'
grep -q '^sockview [0-9]' <<<"$out" && grep -q '^netlink tcp_diag: ' <<<"$out" &&
    ok "sockview --version" || fail "sockview --version: $out"

if command -v man >/dev/null 2>&1; then
    out=$(MANPAGER=cat MANWIDTH=80 man sockview 2>&1)
    grep -q 'SOCKVIEW' <<<"$out" && grep -q 'EXIT STATUS' <<<"$out" &&
        ok "man sockview" || fail "man sockview: $(head -3 <<<"$out")"
fi

# bash: the bash-completion package loads the completion on first use
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ]; then
    got=$(HOME=$tmp bash --norc --noprofile -c '
        . "$1"
        __load_completion sockview || _completion_loader sockview
        COMP_WORDS=(sockview --so); COMP_CWORD=1
        $(complete -p sockview | sed -E "s/.*-F ([^ ]+).*/\1/")
        printf "%s\n" "${COMPREPLY[@]}"' bash "$bc" 2>&1)
    grep -qx -- --source <<<"$got" && ok "bash completes sockview --so" ||
        fail "bash: $got"
else
    echo "note: no bash-completion, bash not tried"
fi
# zsh: the default fpath (no rc file) holds vendor-completions
if command -v zsh >/dev/null 2>&1; then
    HOME=$tmp zsh -f -c 'autoload -Uz compinit; compinit -u -d $1
        [[ $_comps[sockview] == _sockview ]]' zsh "$tmp/zcompdump" &&
        ok "zsh's compinit finds _sockview" || fail "zsh does not know sockview"
else
    echo "note: no zsh"
fi
# fish: the vendor folder, with fish's own configuration
if command -v fish >/dev/null 2>&1; then
    mkdir -p "$tmp/home"
    got=$(HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config \
        XDG_DATA_HOME=$tmp/home/.local/share \
        fish -c "complete -C 'sockview --so'" 2>&1 | cut -f1)
    grep -qx -- --source <<<"$got" && ok "fish completes sockview --so" ||
        fail "fish: '$got'"
else
    echo "note: no fish"
fi

dpkg -r sockview >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -r"; }
[ ! -e /usr/bin/sockview ] && ok "dpkg -r removes /usr/bin/sockview" ||
    fail "/usr/bin/sockview is still there"
dpkg -P sockview >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -P"; }
left=
while IFS= read -r f; do
    [ -d "$f" ] || [ ! -e "$f" ] || left="$left $f"
done <<<"$files"
[ -z "$left" ] && ok "no file of the package is left" || fail "left:$left"
after=$(snapshot)
[ "$before" = "$after" ] && ok "nothing named sockview left under /usr, /etc, dpkg's database" ||
    fail "left behind: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"

[ "$fail_count" -eq 0 ] || { echo "$fail_count failed"; exit 1; }
exit 0
