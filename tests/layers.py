#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check src/'s includes against tests/layers.txt (see its header).

usage: layers.py [ROOT]   (default: the repository holding this script)
Prints one line per finding; exits 1 on any, 0 when clean.
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..")
layers_txt = os.path.join(root, "tests", "layers.txt")

layer_of, names, allowed = {}, [], set()
for raw in open(layers_txt):
    line = raw.split("#", 1)[0].split()
    if not line:
        continue
    if line[0] == "allow" and len(line) == 3:
        allowed.add((line[1], line[2]))
    elif raw[0] in " \t":  # a continuation: more modules of the last layer
        for m in line:
            layer_of[m] = len(names) - 1
    else:
        names.append(line[0])
        for m in line[1:]:
            layer_of[m] = len(names) - 1

findings, notes = [], []
edges = {}  # module -> {included module: the file that includes it}
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
for d, _, files in os.walk(os.path.join(root, "src")):
    for f in sorted(files):
        if not f.endswith((".c", ".h")):
            continue
        mod = f[:-2]
        if mod not in layer_of:
            findings.append("src/%s: module %s is in no layer of "
                            "tests/layers.txt" % (f, mod))
            continue
        for line in open(os.path.join(d, f), errors="replace"):
            m = inc.match(line)
            if not m:
                continue
            to = os.path.basename(m.group(1))[:-2]
            if to != mod:
                edges.setdefault(mod, {}).setdefault(to, f)

for mod, tos in sorted(edges.items()):
    for to, f in sorted(tos.items()):
        if to not in layer_of:
            findings.append("src/%s includes %s.h, which is in no layer" %
                            (f, to))
        elif layer_of[to] > layer_of[mod]:
            what = ("src/%s includes %s.h: a lower layer includes a higher "
                    "one, %s (%s) -> %s (%s)" % (
                        f, to, names[layer_of[mod]], mod,
                        names[layer_of[to]], to))
            (notes if (mod, to) in allowed else findings).append(what)

# cycles: strongly connected components (Tarjan) of the graph without
# the allowed edges, then the allowed edges' own cycles as notes
def components(graph):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def cycle_text(graph, comp):
    """The shortest cycle through comp's first module, as a -> b -> a."""
    start, inside = comp[0], set(comp)
    prev, queue = {start: None}, [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph.get(v, ())):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return " -> ".join(list(reversed(path)) + [start])
            if w in inside and w not in prev:
                prev[w] = v
                queue.append(w)
    return ", ".join(comp)


strict = {m: {t for t in tos if (m, t) not in allowed}
          for m, tos in edges.items()}
full = {m: set(tos) for m, tos in edges.items()}
strict_comps = components(strict)
for comp in strict_comps:
    findings.append("include cycle %s (its modules: %s)" %
                    (cycle_text(strict, comp), ", ".join(comp)))
for comp in components(full):
    if comp not in strict_comps:
        notes.append("include cycle %s (allowed for now)" %
                     cycle_text(full, comp))
for a, b in sorted(allowed):
    if b not in edges.get(a, {}):
        notes.append("allow %s %s: no longer needed, take it out of "
                     "tests/layers.txt" % (a, b))

# README's Layout section names every module
readme = open(os.path.join(root, "README.md")).read()
m = re.search(r"^## Layout\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
layout = m.group(1) if m else ""
for mod in sorted(layer_of):
    # a module is x.c, or only x.h (family.h, recfmt.h)
    if not re.search(r"\b%s\.[ch]\b" % re.escape(mod), layout):
        findings.append("README.md's Layout section does not name %s" %
                        mod)

for n in notes:
    print("lint: layers: note: " + n)
for f in findings:
    print("lint: layers: " + f)
print("lint: layers: %s" % ("clean (%d modules, %d layers, %d allowed)" % (
    len(layer_of), len(names), len(allowed)) if not findings else
    "%d findings" % len(findings)))
sys.exit(1 if findings else 0)
