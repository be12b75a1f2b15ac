#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check Prometheus' text exposition format (read on stdin).

Every HELP and TYPE line well formed, each name typed once and before its
samples, no series twice; a histogram's samples are NAME_bucket (with an
le label, cumulative, ending at +Inf equal to NAME_count), NAME_sum and
NAME_count. Each argument is a sample line that must be present.
Exits 1 with the reason on the first violation.

usage: prom_check.py [SAMPLE_LINE]... <metrics.txt
"""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"'
SAMPLE = re.compile(r"^(%s)(\{(%s(,%s)*)?\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$"
                    % (NAME, LABEL, LABEL))


def base_of(name, typed):
    """The metric a sample belongs to: itself, or a histogram's."""
    if name in typed:
        return name
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and typed.get(name[:-len(suffix)]) == \
                "histogram":
            return name[:-len(suffix)]
    return None


def check(text, wanted):
    typed, seen, buckets, counts = {}, set(), {}, {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            parts = line.split(" ", 3)
            assert re.fullmatch(NAME, parts[2]) and len(parts) == 4, line
        elif line.startswith("# TYPE "):
            parts = line.split(" ")
            assert len(parts) == 4 and parts[3] in (
                "counter", "gauge", "histogram", "untyped"), line
            assert parts[2] not in typed, "TYPE twice: " + line
            typed[parts[2]] = parts[3]
        else:
            m = SAMPLE.match(line)
            assert m, "not a sample: " + line
            base = base_of(m.group(1), typed)
            assert base is not None, "sample before its TYPE: " + line
            series = line.rsplit(" ", 1)[0]
            assert series not in seen, "duplicate series: " + line
            seen.add(series)
            if typed[base] != "histogram":
                continue
            labels = m.group(3) or ""
            le = re.search(r'(?:^|,)le="([^"]*)"', labels)
            rest = re.sub(r'(?:^|,)le="[^"]*"', "", labels).lstrip(",")
            value = float(m.group(5))
            if m.group(1).endswith("_bucket"):
                assert le, "a bucket without le: " + line
                b = buckets.setdefault((base, rest), [])
                bound = float("inf") if le.group(1) == "+Inf" \
                    else float(le.group(1))
                assert not b or (bound > b[-1][0] and value >= b[-1][1]), \
                    "buckets not cumulative: " + line
                b.append((bound, value))
            elif m.group(1).endswith("_count"):
                counts[(base, rest)] = value
    for key, b in buckets.items():
        assert b[-1][0] == float("inf"), "no +Inf bucket: %s" % (key,)
        assert counts.get(key) == b[-1][1], "+Inf is not _count: %s" % (key,)
    lines = text.splitlines()
    for want in wanted:
        assert want in lines, "missing: " + want


try:
    check(sys.stdin.read(), sys.argv[1:])
except AssertionError as e:
    print(e)
    sys.exit(1)
