#!/usr/bin/env bash
# Install libkikan into a temporary prefix, then:
#  1. the installed shared library exports the public API alone: every dynamic
#     symbol it defines starts with kikan_ and is declared in an installed header;
#  2. a program that embeds it — loads a scenario, runs it, and prints the names
#     of the operators that lose most, through the public headers alone — builds
#     and runs with find_package(kikan) and with pkg-config.
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
cat >"$tmp/app/main.c" <<'C'
/* Load a scenario, run its what-ifs, print the operators that lose most. */
#include <kikan/kikan.h>
#include <math.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_results_t *res = NULL;
    int rc = 1;
    if (argc != 2 || kikan_ctx_new(&ctx) != KIKAN_OK) {
        return 1;
    }
    kikan_ctx_set_quiet(ctx, 1);
    if (kikan_scenario_load(ctx, argv[1], &sc, &w) != KIKAN_OK ||
        kikan_model_compile(ctx, w, sc, &m) != KIKAN_OK ||
        kikan_ensemble_results_new(m, sc, 20, &res) != KIKAN_OK ||
        kikan_ensemble_run(ctx, m, NULL, 0, 20, res) != KIKAN_OK ||
        kikan_results_summarize(res) != KIKAN_OK) {
        goto done;
    }
    printf("kikan %s: %d sectors, %d operators, %d what-ifs\n", KIKAN_VERSION_STRING,
           (int)kikan_world_n_sectors(w), (int)kikan_world_n_operators(w),
           kikan_results_n_whatifs(res));
    /* what-if 0, sector 0: the mean and 95% interval of the customer-hours lost */
    const kikan_stat_t *ch = kikan_results_stat(res, KIKAN_MEASURE_CUSTOMER_HOURS, 0, 0);
    if (ch == NULL || kikan_results_stat(res, KIKAN_MEASURE_CUSTOMER_HOURS, 0, -1) != NULL) {
        goto done;
    }
    printf("what-if %s, %s: %.1f customer-hours lost [%.1f, %.1f]\n",
           kikan_results_whatif_name(res, 0), kikan_results_sector_id(res, 0), ch->mean,
           ch->ci_lo, ch->ci_hi);
    /* the three operators that lose most customer-hours in what-if 0, by name */
    int picked[3] = {-1, -1, -1};
    for (int k = 0; k < 3; k++) {
        int64_t best_fx = 0, fx = 0;
        for (int o = 0; o < kikan_results_n_operators(res); o++) {
            if (o == picked[0] || o == picked[1] ||
                kikan_results_operator_fx(res, 0, o, &fx) != KIKAN_OK) {
                continue;
            }
            if (fx > best_fx) {
                best_fx = fx;
                picked[k] = o;
            }
        }
        if (picked[k] < 0) {
            break;
        }
        printf("top operator %d: %s (%s, %s): %.1f customer-hours\n", k + 1,
               kikan_results_operator_name(res, picked[k]), kikan_results_operator_id(res, picked[k]),
               kikan_results_operator_sectors(res, picked[k]),
               ldexp((double)best_fx, -KIKAN_FX_BITS) / (double)kikan_results_n_replicates(res));
    }
    rc = 0;
done:
    kikan_results_free(&res);
    kikan_model_free(&m);
    kikan_scenario_free(&sc);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return rc;
}
C
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
echo "install: libkikan.so exports $n_exported symbols, all kikan_ and public;" \
     "find_package(kikan) and pkg-config kikan both build and run a program that runs a scenario"
echo "1 passed, 0 failed"
