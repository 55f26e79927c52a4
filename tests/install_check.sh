#!/usr/bin/env bash
# Install libkikan into a temporary prefix, then build a small program that
# embeds it twice: with find_package(kikan) and with pkg-config. Both must
# compile, link and run.
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir "$tmp/app"
cat >"$tmp/app/main.c" <<'C'
#include <kikan/kikan.h>
#include <stdio.h>
int main(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    if (kikan_ctx_new(&ctx) != KIKAN_OK || kikan_world_new(ctx, &w) != KIKAN_OK ||
        kikan_world_add_builtin_sectors(w) != KIKAN_OK) {
        return 1;
    }
    printf("kikan %s: %d sectors\n", KIKAN_VERSION_STRING, (int)kikan_world_n_sectors(w));
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return 0;
}
C
cat >"$tmp/app/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(embed LANGUAGES C CXX)
find_package(kikan REQUIRED)
add_executable(embed main.c)
target_link_libraries(embed PRIVATE kikan::kikan)
CM
cmake -S "$tmp/app" -B "$tmp/app/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/app/b" >/dev/null
"$tmp/app/b/embed" | grep -q "6 sectors"
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cc "$tmp/app/main.c" $(pkg-config --cflags --libs --static kikan) -o "$tmp/app/pc"
"$tmp/app/pc" | grep -q "6 sectors"
echo "install: find_package(kikan) and pkg-config kikan both build and run an embedding program"
echo "1 passed, 0 failed"
