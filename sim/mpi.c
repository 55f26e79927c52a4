/*
 * Runs across processes: which replicates a rank owns, and the reduction of
 * every rank's results onto rank 0.
 *
 * DESIGN: a replicate's results depend only on (seed, what-if, replicate), so
 * ranks split the replicate range into contiguous shares and need not talk
 * while running. Each rank zeroes the slots it does not own, and the arrays
 * are summed onto rank 0: every slot then receives one owner's value plus
 * exact zeros, so the sum is the owner's value to the bit whatever the order
 * MPI adds in — the result is identical to the one-process run.
 */
#include <math.h>
#include <string.h>
#include "kikan/engine.h"
#include "models/results_impl.h"
#ifdef KIKAN_HAVE_MPI
#include <mpi.h>
#endif

void kikan_mpi_share(int64_t n, int rank, int size, int64_t *begin, int64_t *end)
{
    if (size < 1 || rank < 0 || rank >= size) {
        *begin = *end = 0;
        return;
    }
    /* n * rank may overflow for huge n: divide first */
    const int64_t q = n / size, rem = n % size;
    *begin = q * rank + (rank < rem ? rank : rem);
    *end = *begin + q + (rank < rem ? 1 : 0);
}

#ifdef KIKAN_HAVE_MPI
/* Zero every slot of `arr` (laid out [W][R][inner]) outside replicates [r0, r1). */
static void zero_foreign(double *arr, int W, int64_t R, int64_t inner, int64_t r0, int64_t r1)
{
    for (int w = 0; w < W; w++) {
        double *base = arr + (int64_t)w * R * inner;
        if (r0 > 0) {
            memset(base, 0, (size_t)(r0 * inner) * sizeof(double));
        }
        if (r1 < R) {
            memset(base + r1 * inner, 0, (size_t)((R - r1) * inner) * sizeof(double));
        }
    }
}
#endif

kikan_error_t kikan_mpi_reduce_results(kikan_ctx_t *ctx, kikan_results_t *res, int64_t r_begin,
                                       int64_t r_end)
{
    if (ctx == NULL || res == NULL || r_begin < 0 || r_end < r_begin || r_end > res->n_replicates) {
        return KIKAN_EINVAL;
    }
    if (kikan_ctx_mpi_size(ctx) <= 1) {
        return KIKAN_OK;
    }
#ifdef KIKAN_HAVE_MPI
    const int W = res->n_whatifs, S = res->n_sectors, G = res->n_grid;
    const int64_t R = res->n_replicates;
    struct {
        double *arr;
        int64_t inner;
    } parts[] = {{res->customer_hours, S},
                 {res->peak_customers, S},
                 {res->life_weighted, S},
                 {res->ops_affected, (int64_t)S * KIKAN_N_SIZE_CLASSES},
                 {res->econ_loss, 1},
                 {res->implants, 1},
                 {res->curves, (int64_t)S * G},
                 {res->through, (int64_t)S * S},
                 {res->person_hours, S},
                 {res->peak_people, S},
                 {res->records_exposed, 1},
                 {res->region_person_hours, res->n_regions},
                 {res->region_peak_people, res->n_regions}};
    const int root = 0, rank = kikan_ctx_mpi_rank(ctx);
    int threads = res->threads, max_threads = 0;
    for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
        if (parts[p].arr == NULL) {
            continue; /* no regions (results not made by kikan_ensemble_results_new) */
        }
        zero_foreign(parts[p].arr, W, R, parts[p].inner, r_begin, r_end);
        int64_t n = (int64_t)W * R * parts[p].inner;
        /* MPI counts are int: reduce in pieces */
        for (int64_t off = 0; off < n;) {
            const int chunk = n - off > (1 << 26) ? (1 << 26) : (int)(n - off);
            int rc = rank == root ? MPI_Reduce(MPI_IN_PLACE, parts[p].arr + off, chunk, MPI_DOUBLE,
                                               MPI_SUM, root, MPI_COMM_WORLD)
                                  : MPI_Reduce(parts[p].arr + off, NULL, chunk, MPI_DOUBLE, MPI_SUM,
                                               root, MPI_COMM_WORLD);
            if (rc != MPI_SUCCESS) {
                return KIKAN_EIO;
            }
            off += chunk;
        }
    }
    /* attribution: exact int64 sums (each rank's cover only its replicates) */
    if (res->op_chours_fx != NULL) {
        struct {
            int64_t *arr;
            int64_t n;
        } fx[] = {{res->op_chours_fx, (int64_t)W * res->n_operators},
                  {res->vendor_implants, (int64_t)W * (res->n_vendors + 1)},
                  {res->vendor_chours_fx, (int64_t)W * (res->n_vendors + 1)}};
        for (size_t p = 0; p < sizeof(fx) / sizeof(fx[0]); p++) {
            for (int64_t off = 0; off < fx[p].n;) {
                const int chunk = fx[p].n - off > (1 << 26) ? (1 << 26) : (int)(fx[p].n - off);
                int rc = rank == root ? MPI_Reduce(MPI_IN_PLACE, fx[p].arr + off, chunk,
                                                   MPI_INT64_T, MPI_SUM, root, MPI_COMM_WORLD)
                                      : MPI_Reduce(fx[p].arr + off, NULL, chunk, MPI_INT64_T,
                                                   MPI_SUM, root, MPI_COMM_WORLD);
                if (rc != MPI_SUCCESS) {
                    return KIKAN_EIO;
                }
                off += chunk;
            }
        }
    }
    if (MPI_Reduce(&threads, &max_threads, 1, MPI_INT, MPI_MAX, root, MPI_COMM_WORLD) !=
        MPI_SUCCESS) {
        return KIKAN_EIO;
    }
    if (rank == root) {
        res->threads = max_threads;
    }
    res->processes = kikan_ctx_mpi_size(ctx);
    return KIKAN_OK;
#else
    return KIKAN_EINVAL;
#endif
}

kikan_error_t kikan_mpi_allreduce(kikan_ctx_t *ctx, double *v, int64_t n, int *flag)
{
    if (ctx == NULL || (v == NULL && n > 0) || n < 0 || flag == NULL) {
        return KIKAN_EINVAL;
    }
    if (kikan_ctx_mpi_size(ctx) <= 1) {
        return KIKAN_OK;
    }
#ifdef KIKAN_HAVE_MPI
    /* the flag first: every rank learns whether any failed, so none waits for a sum that
       another will not send */
    int any = 0;
    if (MPI_Allreduce(flag, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD) != MPI_SUCCESS) {
        return KIKAN_EIO;
    }
    *flag = any;
    if (any != 0) {
        return KIKAN_OK;
    }
    for (int64_t off = 0; off < n;) {
        const int chunk = n - off > (1 << 26) ? (1 << 26) : (int)(n - off);
        if (MPI_Allreduce(MPI_IN_PLACE, v + off, chunk, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD) !=
            MPI_SUCCESS) {
            return KIKAN_EIO;
        }
        off += chunk;
    }
    return KIKAN_OK;
#else
    return KIKAN_EINVAL;
#endif
}
