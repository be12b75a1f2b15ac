#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turn bench.sh's raw samples into the table of medians and the JSON file.

usage: report.py PAIRS_TSV SAMPLES_TSV META_TSV [JSON_OUT]

PAIRS_TSV:   comparison, group, sockview command, peer command, target
             ratio or "-", RSS target (sockview's peak RSS at most this
             times the peer's; 0: not compared); one line per table row
SAMPLES_TSV: group, command, wall time in microseconds, peak RSS in KiB,
             exit status; one line per run
META_TSV:    key, value: machine, command line, socket counts; copied
             into the JSON

Prints the table; exits 0 (the verdicts are information, not a test).
"""
import json
import statistics
import sys


def load_samples(path):
    samples = {}
    with open(path) as f:
        for line in f:
            group, cmd, us, rss, rc = line.rstrip("\n").split("\t")
            s = samples.setdefault((group, cmd), {"ms": [], "rss": [], "rc": []})
            s["ms"].append(int(us) / 1000.0)
            s["rss"].append(int(rss))
            s["rc"].append(int(rc))
    return samples


def summary(samples, group, cmd):
    s = samples.get((group, cmd))
    if not s or not s["ms"]:
        return None
    return {
        "command": cmd,
        "runs": len(s["ms"]),
        "median_ms": round(statistics.median(s["ms"]), 3),
        "min_ms": round(min(s["ms"]), 3),
        "max_ms": round(max(s["ms"]), 3),
        "samples_ms": [round(x, 3) for x in s["ms"]],
        "peak_rss_kib": max(s["rss"]),
        "exit_status": sorted(set(s["rc"])),
    }


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    samples = load_samples(sys.argv[2])
    meta = {}
    with open(sys.argv[3]) as f:
        for line in f:
            k, v = line.rstrip("\n").split("\t", 1)
            meta[k] = int(v) if v.isdigit() else v
    base = summary(samples, "harness", "/bin/true")
    over = base["median_ms"] if base else 0.0
    rows = []
    with open(sys.argv[1]) as f:
        for line in f:
            name, group, sv, peer, target, cmp_rss = \
                line.rstrip("\n").split("\t")
            a, b = summary(samples, group, sv), summary(samples, group, peer)
            row = {"comparison": name, "sockview": a, "peer": b,
                   "target": None if target == "-" else float(target)}
            if a and b and b["median_ms"] > 0:
                row["ratio"] = round(a["median_ms"] / b["median_ms"], 3)
            else:
                row["ratio"] = None
            # The same ratio with the harness overhead (starting timeout
            # and GNU time) taken off both medians.
            if a and b and b["median_ms"] - over > 0:
                row["ratio_net"] = round(max(0.0, a["median_ms"] - over)
                                         / (b["median_ms"] - over), 3)
            else:
                row["ratio_net"] = None
            if row["target"] is not None and row["ratio"] is not None:
                row["time_pass"] = row["ratio"] <= row["target"]
            else:
                row["time_pass"] = None
            rss_target = float(cmp_rss)
            row["rss_target"] = rss_target if rss_target > 0 else None
            if a and b and b["peak_rss_kib"] > 0:
                row["rss_ratio"] = round(a["peak_rss_kib"]
                                         / b["peak_rss_kib"], 3)
            else:
                row["rss_ratio"] = None
            if rss_target > 0 and row["rss_ratio"] is not None:
                row["rss_pass"] = row["rss_ratio"] <= rss_target
            else:
                row["rss_pass"] = None
            rows.append(row)

    def verdict(v):
        return "-" if v is None else ("pass" if v else "FAIL")

    hdr = ("%-10s %-28s %9s  %-20s %9s %6s %6s %6s %4s %7s %8s %4s"
           % ("comparison", "sockview", "ms", "peer", "ms", "ratio", "net",
              "target", "time", "sv KiB", "peer KiB", "rss"))
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        a, b = r["sockview"] or {}, r["peer"] or {}
        print("%-10s %-28s %9.2f  %-20s %9.2f %6s %6s %6s %4s %7s %8s %4s" % (
            r["comparison"], a.get("command", "?"), a.get("median_ms", 0),
            b.get("command", "?"), b.get("median_ms", 0),
            "-" if r["ratio"] is None else "%.3f" % r["ratio"],
            "-" if r["ratio_net"] is None else "%.3f" % r["ratio_net"],
            "-" if r["target"] is None else "%.2f" % r["target"],
            verdict(r["time_pass"]), a.get("peak_rss_kib", "?"),
            b.get("peak_rss_kib", "?"), verdict(r["rss_pass"])))
    if base:
        print("harness overhead (/bin/true through the same wrapper): "
              "median %.2f ms, included in every ms above; \"net\" is the"
              " ratio with it taken off both sides; verdicts use \"ratio\""
              % base["median_ms"])

    if len(sys.argv) == 5:
        out = dict(meta)
        out["harness_overhead"] = base
        out["rows"] = rows
        with open(sys.argv[4], "w") as f:
            json.dump(out, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
