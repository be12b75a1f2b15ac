#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The zsh completion, in zsh: zsh -n accepts it, and in an interactive zsh
# (driven through zpty) Tab completes --so to --source= and lists the
# sources. ($1, the binary, is not used.)
set -u
command -v zsh >/dev/null 2>&1 || { echo "skip: no zsh"; exit 77; }
src=$(cd "$(dirname "$0")/../.." && pwd)
comp=$src/completions/_sockview
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

zsh -n "$comp" || { echo "FAIL: zsh -n"; exit 1; }
echo "ok: zsh -n"
cp "$comp" "$tmp/_sockview"

# Type into an interactive zsh and read the screen; every read waits for
# a pattern, and timeout bounds the whole.
timeout 60 zsh -f -c '
zmodload zsh/zpty || exit 77
dir=$1
zpty z "zsh -f -i"
zpty -w z "PS1=\"> \"; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -d $dir/zcompdump; print RE\"\"ADY"
zpty -r -m z out "*READY*" || exit 1
zpty -w -n z $'"'"'sockview --so\t'"'"'
# the "=" comes highlighted (an auto-removable suffix): match before it
zpty -r -m z out "*--source*" || { print "FAIL: --so did not become --source="; exit 1; }
print "ok: Tab completes --so to --source="
zpty -w -n z $'"'"'\t'"'"'
zpty -r -m z out "*netlink*" || { print "FAIL: --source= lists no sources"; exit 1; }
print "ok: Tab lists the sources"
zpty -w -n z $'"'"'\C-u'"'"'
zpty -w -n z $'"'"'sockview -t --numeric-p\t'"'"'
zpty -r -m z out "*--numeric-ports*" || { print "FAIL: --numeric-p"; exit 1; }
print "ok: Tab completes --numeric-p"
zpty -w -n z $'"'"'\C-u'"'"'
zpty -w -n z $'"'"'sockview --state=listen,est\t'"'"'
zpty -r -m z out "*listen,established*" || { print "FAIL: --state list"; exit 1; }
print "ok: Tab completes a --state list"
zpty -d z
' zsh "$tmp"
