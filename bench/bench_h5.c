/*
 * Size and time of writing and reading a big results file (not a test: run by
 * hand). Usage: bench_h5 OUT.h5 [W R S G]   (default 7 1000 6 169)
 * Values are smooth curves plus replicate noise, like real outage curves, so
 * the compression ratio is representative rather than flattering.
 * Build (after `cmake --preset release && cmake --build --preset release`):
 *   cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -fopenmp -I. -Iinclude -Ibuild/release/include \
 *      bench/bench_h5.c build/release/libkikan.a -ligraph -lgsl -lgslcblas \
 *      -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5_hl -lhdf5 -lyaml -lm -o /tmp/bench_h5
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "kikan/kikan.h"
#include "models/results_impl.h" /* it fills the arrays directly */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 6) {
        fprintf(stderr, "usage: bench_h5 OUT.h5 [W R S G]\n");
        return 2;
    }
    int W = 7, S = 6, G = 169;
    int64_t R = 1000;
    if (argc == 6) {
        W = atoi(argv[2]);
        R = (int64_t)strtoll(argv[3], NULL, 10);
        S = atoi(argv[4]);
        G = atoi(argv[5]);
    }
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *r = NULL, *back = NULL;
    if (kikan_ctx_new(&ctx) != KIKAN_OK || kikan_results_new(W, S, G, R, &r) != KIKAN_OK) {
        return 1;
    }
    uint64_t x = 88172645463325252u; /* xorshift: deterministic noise */
    for (int w = 0; w < W; w++) {
        char buf[32];
        snprintf(buf, sizeof(buf), "whatif-%d", w);
        r->whatif_names[w] = strdup(buf);
    }
    for (int s = 0; s < S; s++) {
        char buf[32];
        snprintf(buf, sizeof(buf), "sector-%d", s);
        r->sector_ids[s] = strdup(buf);
        r->sector_units[s] = strdup("households");
    }
    for (int g = 0; g < G; g++) {
        r->grid[g] = g;
    }
    for (int64_t i = 0; i < (int64_t)W * R * S; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double peak = 1e5 * (double)(x % 1000) / 1000.0, tau = 5.0 + (double)(x % 37);
        r->peak_customers[i] = peak;
        r->customer_hours[i] = peak * tau;
        r->life_weighted[i] = 2.0 * peak * tau;
        for (int c = 0; c < KIKAN_N_SIZE_CLASSES; c++) {
            r->ops_affected[i * KIKAN_N_SIZE_CLASSES + c] = (double)((x >> (8 * c)) % 7);
        }
        for (int g = 0; g < G; g++) {
            r->curves[i * G + g] = floor(peak * exp(-(double)g / tau));
        }
    }
    r->seed = 1;
    r->threads = r->processes = 1;
    double t0 = now();
    kikan_results_summarize(r);
    double t1 = now();
    kikan_error_t err = kikan_h5_write(ctx, argv[1], r, NULL, NULL);
    double t2 = now();
    if (err == KIKAN_OK) {
        err = kikan_h5_read(ctx, argv[1], &back);
    }
    double t3 = now();
    struct stat st;
    stat(argv[1], &st);
    const double raw = (double)W * (double)R * S * (G + 3 + KIKAN_N_SIZE_CLASSES) * 8.0;
    printf("W=%d R=%" PRId64 " S=%d G=%d: %s; raw arrays %.1f MB, file %.1f MB; summarize "
           "%.2f s, write %.2f s, read %.2f s\n",
           W, R, S, G, kikan_strerror(err), raw / 1e6, (double)st.st_size / 1e6, t1 - t0, t2 - t1,
           t3 - t2);
    if (back != NULL &&
        memcmp(back->curves, r->curves, (size_t)W * (size_t)R * (size_t)S * (size_t)G * 8) != 0) {
        printf("MISMATCH\n");
    }
    kikan_results_free(&back);
    kikan_results_free(&r);
    kikan_ctx_free(&ctx);
    return err == KIKAN_OK ? 0 : 1;
}
