#!/usr/bin/env bash
# Install libkikan into a temporary prefix, then:
#  1. the installed shared library exports the public API alone: every dynamic
#     symbol it defines starts with kikan_ and is declared in an installed header;
#  2. a program that embeds it — loads a scenario, runs it, and prints the names
#     of the operators that lose most, through the public headers alone (the
#     example of docs/api.md) — builds and runs with find_package(kikan) and with
#     pkg-config, and prints what docs/api.md says it prints.
# Usage: install_check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
lib=$(ls "$tmp"/prefix/lib*/libkikan.so | head -n 1)

# 1. exported symbols
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort -u >"$tmp/exported"
grep -ohE '\bkikan_[a-z0-9_]+\b' "$tmp"/prefix/include/kikan/*.h | sort -u >"$tmp/declared"
n_exported=$(wc -l <"$tmp/exported")
bad=$(grep -v '^kikan_' "$tmp/exported" || true)
undeclared=$(comm -23 "$tmp/exported" "$tmp/declared")
if [ -n "$bad$undeclared" ] || [ "$n_exported" -lt 100 ]; then
    echo "install: libkikan.so exports $n_exported symbols; not kikan_: ${bad:-none};" \
         "not in a public header: ${undeclared:-none}" >&2
    exit 1
fi

# 2. an embedding program
mkdir "$tmp/app"
# the program is the example of docs/api.md (the first ```c block after <!-- embed-example -->),
# so the documented example is the one that is built and run
awk '/<!-- embed-example -->/ {m = 1; next} m && /^```c$/ {p = 1; next} p && /^```$/ {exit} p' \
    "$src/docs/api.md" >"$tmp/app/main.c"
grep -q "kikan_results_operator_name" "$tmp/app/main.c"
cat >"$tmp/app/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(embed LANGUAGES C)
find_package(kikan REQUIRED)
add_executable(embed main.c)
target_link_libraries(embed PRIVATE kikan::kikan m)
CM
cmake -S "$tmp/app" -B "$tmp/app/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/app/b" >/dev/null
"$tmp/app/b/embed" "$src/scenarios/library/tiny.yaml" >"$tmp/out1"
export PKG_CONFIG_PATH=$(dirname "$lib")/pkgconfig
cc -std=c17 "$tmp/app/main.c" $(pkg-config --cflags --libs kikan) -lm -o "$tmp/app/pc"
LD_LIBRARY_PATH=$(dirname "$lib") "$tmp/app/pc" "$src/scenarios/library/tiny.yaml" >"$tmp/out2"
cat "$tmp/out1"
cmp "$tmp/out1" "$tmp/out2"
grep -q "6 sectors" "$tmp/out1"
grep -q "^top operator 1: " "$tmp/out1"
grep -q "customer-hours lost \[" "$tmp/out1"
# the output docs/api.md shows (the first block after the example's), numbers aside: the
# same lines, names and order
awk '/<!-- embed-example -->/ {m = 1} m && /^```$/ {n++; next} m && n == 2 {print} n == 3 {exit}' \
    "$src/docs/api.md" | sed -E 's/[0-9]+(\.[0-9]+)*/N/g' >"$tmp/documented"
sed -E 's/[0-9]+(\.[0-9]+)*/N/g' "$tmp/out1" | diff "$tmp/documented" - ||
    { echo "install: the example's output differs from docs/api.md's" >&2; exit 1; }
echo "install: libkikan.so exports $n_exported symbols, all kikan_ and public;" \
     "find_package(kikan) and pkg-config kikan both build and run a program that runs a scenario"
echo "1 passed, 0 failed"
