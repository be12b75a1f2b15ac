#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# -s counts sockets per protocol, family and state; --prometheus speaks
# the text exposition format; -s -j is JSON.
set -u
sv=$1
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
need python3
start_fixture

text=$("$sv" -s)
expect_line "$text" '^tcp +8 +5 +13 +4$' "TCP totals and listening ports"
expect_line "$text" '^udp +2 +2 +4 +2$' "UDP totals"
expect_line "$text" '^  ESTABLISHED +3 +3 +6$' "TCP per state"
expect_line "$text" '^  TIME_WAIT +1 +0 +1$' "TIME_WAIT counted"
expect_line "$text" '^  unconnected +1 +1 +2$' "unconnected UDP"
# the counts agree with the listing
[ "$("$sv" -Htna | wc -l)" -eq 13 ] && ok "listing agrees" || fail "listing has $("$sv" -Htna | wc -l) TCP sockets"
expect_line "$("$sv" -s -t)" '^udp +0 +0 +0 +0$' "-s -t counts TCP only"

prom=$("$sv" -s --prometheus)
if python3 "$(dirname "$0")/prom_check.py" \
    'sockview_sockets{proto="tcp",family="inet",state="established"} 3' <<<"$prom"
then ok "Prometheus exposition grammar"; else fail "Prometheus output: $prom"; fi
if command -v promtool >/dev/null; then
    promtool check metrics <<<"$prom" && ok "promtool" || fail "promtool rejects it"
fi
json=$("$sv" -s -j)
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["tcp"]["inet"]["states"]["established"] == 3; assert d["udp"]["listening_ports"] == 2' "$json" &&
    ok "-s -j" || fail "-s -j: $json"
"$sv" -s --prometheus -j >/dev/null 2>&1; [ $? -eq 2 ] && ok "--prometheus with -j is a usage error" || fail "--prometheus -j"
finish
