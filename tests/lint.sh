#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Static analysis and formatting, each failing on any finding:
#   cppcheck     over src/ (cppcheck-suppressions.txt: false positives)
#   clang-tidy   over src/*.c and src/demo/*.c with .clang-tidy's checks,
#                from build-lint's compile_commands.json
#                (clang-tidy-suppressions.txt)
#   clang-format --dry-run -Werror over src/ and the tests' C files
#   layers       src/'s includes against tests/layers.txt (tests/layers.py):
#                no lower layer including a higher one, no include cycle
# LINT_BUILD_DIR (default build-lint) is the clang build it configures.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${LINT_BUILD_DIR:-build-lint}
status=0
jobs=$(nproc 2>/dev/null || echo 2)

for tool in cppcheck clang-tidy clang-format clang; do
    command -v "$tool" >/dev/null || { echo "lint: no $tool"; exit 1; }
done

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" -Dtests=disabled -Dman=false >/dev/null ||
        { echo "lint: meson setup failed"; exit 1; }
fi
# the build also proves the headers it generates nothing we lack
ninja -C "$build" >/dev/null || { echo "lint: build failed"; exit 1; }

# layers: the includes of src/ against tests/layers.txt
python3 tests/layers.py || status=1

# cppcheck
if cppcheck --std=c11 -D_GNU_SOURCE -I src --quiet --inline-suppr \
    --enable=warning,portability,performance \
    --suppressions-list=cppcheck-suppressions.txt --error-exitcode=1 \
    src/ >"$build/cppcheck.log" 2>&1; then
    echo "lint: cppcheck: clean"
else
    echo "lint: cppcheck: findings"
    cat "$build/cppcheck.log"
    status=1
fi

# clang-tidy, one process per file in parallel; findings not suppressed
ls src/*.c src/demo/*.c | xargs -P "$jobs" -n 1 clang-tidy -p "$build" --quiet \
    >"$build/clang-tidy.log" 2>/dev/null
python3 - "$build/clang-tidy.log" clang-tidy-suppressions.txt <<'PY'
import re, sys
log, supp = sys.argv[1], sys.argv[2]
allowed = set()
for line in open(supp):
    line = line.split("#", 1)[0].split()
    if len(line) == 2:
        allowed.add((line[0], line[1]))
found = []
pat = re.compile(r"^(?:.*/)?(src/[^:]+):(\d+):\d+: (?:warning|error): .* \[([^\],]+)")
for line in open(log):
    m = pat.match(line)
    if m and (m.group(1), m.group(3)) not in allowed:
        found.append(line.rstrip())
for f in found:
    print(f)
print("lint: clang-tidy: %s" % ("clean" if not found else "%d findings" % len(found)))
sys.exit(1 if found else 0)
PY
[ $? -eq 0 ] || status=1

# clang-format: every C file, but those in tests/format-pending.txt
# (committed before the check, each to be formatted when nobody has
# edits in flight in it) are reported, not failed on
pending=$(sed 's/#.*//' tests/format-pending.txt 2>/dev/null | tr -s ' \n' '\n')
checked=() waiting=()
for f in src/*.c src/*.h src/demo/*.c src/demo/*.h tests/*.c \
    tests/fuzz/*.c tests/fuzz/*.h; do
    if grep -qxF -- "$f" <<<"$pending"; then
        clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || waiting+=("$f")
    else
        checked+=("$f")
    fi
done
if clang-format --dry-run -Werror "${checked[@]}" >"$build/clang-format.log" 2>&1; then
    echo "lint: clang-format: clean (${#checked[@]} files)"
else
    echo "lint: clang-format: lines to reformat in" \
        "$(grep -oE '^[^: ]+\.[ch]:' "$build/clang-format.log" | tr -d : | sort -u | tr '\n' ' ')"
    echo "      (clang-format -i FILE; see .clang-format)"
    status=1
fi
[ ${#waiting[@]} -eq 0 ] ||
    echo "lint: clang-format: not formatted yet (tests/format-pending.txt): ${waiting[*]}"
exit $status
