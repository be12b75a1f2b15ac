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
if python3 - "$prom" <<'PY'
import re, sys
text = sys.argv[1]
name = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
label = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"'
sample = re.compile(r"^(%s)(\{(%s(,%s)*)?\})? (-?[0-9.e+]+|NaN|[+-]Inf)$" % (name, label, label))
typed = {}
seen = set()
for line in text.splitlines():
    if line.startswith("# HELP "):
        parts = line.split(" ", 3)
        assert re.fullmatch(name, parts[2]) and len(parts) == 4, line
    elif line.startswith("# TYPE "):
        parts = line.split(" ")
        assert len(parts) == 4 and parts[3] in ("counter", "gauge", "untyped"), line
        assert parts[2] not in typed, "TYPE twice: " + line
        typed[parts[2]] = parts[3]
    else:
        m = sample.match(line)
        assert m, "not a sample: " + line
        assert m.group(1) in typed, "sample before its TYPE: " + line
        assert line.rsplit(" ", 1)[0] not in seen, "duplicate series: " + line
        seen.add(line.rsplit(" ", 1)[0])
want = 'sockview_sockets{proto="tcp",family="inet",state="established"} 3'
assert want in text.splitlines(), "missing: " + want
PY
then ok "Prometheus exposition grammar"; else fail "Prometheus output: $prom"; fi
if command -v promtool >/dev/null; then
    promtool check metrics <<<"$prom" && ok "promtool" || fail "promtool rejects it"
fi
json=$("$sv" -s -j)
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["tcp"]["inet"]["states"]["established"] == 3; assert d["udp"]["listening_ports"] == 2' "$json" &&
    ok "-s -j" || fail "-s -j: $json"
"$sv" -s --prometheus -j >/dev/null 2>&1; [ $? -eq 2 ] && ok "--prometheus with -j is a usage error" || fail "--prometheus -j"
finish
