/*
 * kikan — the cascade engine and the Monte Carlo ensemble.
 *
 * A world and a scenario are compiled once (serially) into a model: flat
 * arrays (CSR) that many threads read at once. One replicate of one what-if
 * runs in a per-thread workspace (allocated once, no allocation while
 * running); the ensemble runs replicates in parallel (OpenMP) and writes each
 * replicate's own slots of a kikan_results_t, so results are bit-identical
 * for any thread count and any split of the replicate range.
 *
 * DESIGN: the kernel is an event-driven simulation in continuous time
 * (hours): timers (implant triggered, backup exhausted, restart done, repair
 * done, forcing restored) sit in a binary heap; at each event time the
 * structural rule (an asset is supplied while each of its redundancy groups
 * holds k working providers) runs to a fixed point with incremental counters
 * and a worklist before time moves on. How an asset reacts to losing or
 * regaining supply is a behaviour model behind an operations table
 * (sim/behaviour.h); "dependency" is the default and, for now, the only one
 * the event engine runs.
 *
 * Randomness and common random numbers: replicate r of what-if w draws its
 * compromise decisions from a gsl_rng seeded from (seed, w, r) only, and each
 * asset's own durations (backup length, repair time) from a stream seeded
 * from (seed, r, asset) only. For every targeted installation the kernel
 * always draws u_carry then u_screen, whatever the policy, so two runs of the
 * same replicate under different screening policies see the same random
 * numbers (what the scope analysis needs), and an asset's repair time is the
 * same in every what-if of a replicate.
 */
#ifndef KIKAN_ENGINE_H
#define KIKAN_ENGINE_H

#include <stdint.h>
#include <stdio.h>
#include "kikan/context.h"
#include "kikan/econ.h"
#include "kikan/error.h"
#include "kikan/results.h"
#include "kikan/scenario.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/* ---- the compiled model -------------------------------------------------------------------- */

/** A world plus a scenario compiled into flat arrays; opaque, read-only once built. */
typedef struct kikan_model kikan_model_t;

/**
 * Compile `world` (finalized) and `scenario` into a model. The model keeps a
 * pointer to `world` (for names in traces and provenance): the world must
 * outlive the model. Everything needed from the scenario (seed, horizon, grid,
 * what-ifs with their targets resolved, restore schedules) is copied, so the
 * scenario may be freed afterwards.
 *
 * Errors: KIKAN_EINVAL on NULL arguments; KIKAN_EINPUT (with a diagnostic in
 * ctx) when the scenario asks for a behaviour model the event engine does not
 * run, has a non-positive horizon or step, an event refers to a row the world
 * lacks, or a restore schedule is not increasing; KIKAN_ENOMEM. The scenario's
 * economics (A*, k) are copied with the sectors' hourly outputs and customer
 * totals (kikan_model_econ) and checked once (kikan_econ_check: KIKAN_EINPUT
 * with a diagnostic when A* or k is invalid).
 * Serial (may call igraph); O(assets + dependencies + installations + targets).
 */
kikan_error_t kikan_model_compile(kikan_ctx_t *ctx, const kikan_world_t *world,
                                  const kikan_scenario_t *scenario, kikan_model_t **model);
/** Free a model; accepts NULL, clears the pointer. */
void kikan_model_free(kikan_model_t **model);

/* Sizes and copies of what the model was compiled with. */
const kikan_world_t *kikan_model_world(const kikan_model_t *m);
kikan_id_t kikan_model_n_sectors(const kikan_model_t *m);
kikan_id_t kikan_model_n_operators(const kikan_model_t *m);
kikan_id_t kikan_model_n_classes(const kikan_model_t *m);
kikan_id_t kikan_model_n_assets(const kikan_model_t *m);
int kikan_model_n_whatifs(const kikan_model_t *m);
/** Output grid points: floor(horizon / step) + 1 (times g * step). */
int kikan_model_n_grid(const kikan_model_t *m);
double kikan_model_horizon(const kikan_model_t *m);
double kikan_model_step(const kikan_model_t *m);
uint64_t kikan_model_seed(const kikan_model_t *m);
/**
 * Operator size class (0 .. KIKAN_N_SIZE_CLASSES-1) of operator `op` in
 * sector `s`, or -1 when the operator is not in that sector. 0 = the SME
 * flag; otherwise 1 + the highest tercile (0, 1, 2) the operator reaches
 * among the operators of that sector on any of its given metrics (tercile =
 * floor(3 * number of strictly smaller values / number of given values)); an
 * operator with no metric given is class 1.
 */
int kikan_model_size_class(const kikan_model_t *m, kikan_id_t op, kikan_id_t s);
/**
 * Number of strongly connected components of size > 1 in the dependency graph
 * (provider -> dependent), found with igraph at compile time: the cycles
 * (power <-> telecom) the fixed point has to settle. Diagnostic only.
 */
kikan_id_t kikan_model_n_cycles(const kikan_model_t *m);
/**
 * The economic model compiled from the scenario's economics (include/kikan/econ.h):
 * returns 1 and fills *e (arrays borrowed from the model; e may be NULL) when the
 * economic loss is computed, 0 when it is off (econ_loss stays NaN). O(1).
 */
int kikan_model_econ(const kikan_model_t *m, kikan_econ_t *e);
/**
 * Why the model does not compute the economic loss (a static sentence: the
 * scenario turns it off, a sector has no output...), or NULL when it does or
 * when no reason is known. O(1).
 */
const char *kikan_model_econ_note(const kikan_model_t *m);
/** People per customer of sector s (the world's, copied at compile time). O(1). */
double kikan_model_people(const kikan_model_t *m, kikan_id_t s);

/* ---- screening policy ---------------------------------------------------------------------- */

/**
 * A screening policy (transparent; the arrays are borrowed). An implant on an
 * installation is removed with probability `effectiveness` when the
 * installation's asset belongs to a regulated operator and the installation's
 * class is screened. Implants planted on whole assets (named assets, kind,
 * sector targets) have no class: they are screened only when every class is
 * (class_screened == NULL). Forcing events are never screened.
 */
typedef struct {
    const uint8_t *op_regulated;   /* [n_operators] 1 = regulated; NULL = none */
    const uint8_t *class_screened; /* [n_classes] 1 = screened; NULL = every class */
    double effectiveness;          /* in [0, 1] */
} kikan_policy_t;

/**
 * Build the scenario's screening policy into caller buffers op_regulated
 * [kikan_model_n_operators] and class_screened [kikan_model_n_classes] (the
 * latter may be NULL when the scenario screens every class). An operator is
 * regulated when named, or when any rule holds: the operator is in the rule's
 * sector (KIKAN_NONE: any) and its metric is given and >= at_least. With
 * screening disabled the policy regulates nobody (effectiveness 0).
 * Errors: KIKAN_EINVAL (NULL arguments, class_screened NULL while the scenario
 * lists classes, an index out of range). O(operators * rules + classes).
 */
kikan_error_t kikan_policy_from_scenario(const kikan_model_t *m, const kikan_scenario_t *s,
                                         uint8_t *op_regulated, uint8_t *class_screened,
                                         kikan_policy_t *policy);

/* ---- one replicate ------------------------------------------------------------------------- */

/** Per-thread state of the kernel; allocated once, reused by every replicate. */
typedef struct kikan_workspace kikan_workspace_t;

/**
 * Allocate a workspace for `m`: O(assets + groups + targets) memory, left
 * uninitialised until runs touch it (state is set on first touch), so making
 * one is cheap; plus the economic model's solver when the model has one.
 * EINVAL, ENOMEM.
 */
kikan_error_t kikan_workspace_new(const kikan_model_t *m, kikan_workspace_t **ws);
/** Free a workspace; accepts NULL, clears the pointer. */
void kikan_workspace_free(kikan_workspace_t **ws);
/** The model a workspace was made for. */
const kikan_model_t *kikan_workspace_model(const kikan_workspace_t *ws);
/**
 * Send a readable timeline of each following replicate run in this workspace
 * to `trace` (NULL: off). One line per change, e.g.
 * "t=   2.00 h  FAIL     tel-core-1 (telecom, KDDI-like)  implant: vendor V3 class switching".
 */
void kikan_workspace_set_trace(kikan_workspace_t *ws, FILE *trace);
/**
 * After a run: when asset `a` first stopped working and when it last came
 * back (INFINITY when it never stopped / never came back before the horizon).
 */
void kikan_workspace_asset_times(const kikan_workspace_t *ws, kikan_id_t a, double *t_fail,
                                 double *t_recover);

/** Where one replicate's metrics go (arrays owned by the caller). */
typedef struct {
    double *customer_hours; /* [S] customer-hours lost up to the horizon (exact integral) */
    double *peak_customers; /* [S] peak customers cut off */
    double *life_weighted;  /* [S] life-weighted person-hours: customer_hours x people per
                               customer x the sector's life weight */
    double *ops_affected;   /* [S * KIKAN_N_SIZE_CLASSES] operators with an asset stopped */
    double *curves;         /* [S * G] customers cut off at grid times; NULL: not sampled */
    double *implants;       /* [1] implants that trigger (after screening) before the horizon */
    double *through;        /* [S * S] customer-hours of sector `to` lost through a chain of
                               supplies that began in sector `from`, index from*S + to;
                               NULL: not computed (docs/engine.md, "Sector to sector") */
    double *person_hours;   /* [S] customer_hours x people per customer; NULL: not computed */
    double *peak_people;    /* [S] peak_customers x people per customer; NULL: not computed */
    double *records;        /* [1] people's records exposed (docs/engine.md "Records
                               exposed"); NULL: not computed */
} kikan_replicate_out_t;

/** Point `out` at replicate r of what-if w's slots in `res` (results.h index order). */
void kikan_replicate_out_bind(kikan_results_t *res, int w, int64_t r, kikan_replicate_out_t *out);

/**
 * Run replicate `replicate` of what-if `whatif` under `policy` (NULL: no
 * screening) and fill `out`. Deterministic in (model, whatif, replicate,
 * policy): no dependence on the thread or on earlier runs in `ws`.
 * Thread-safe for distinct workspaces; no allocation.
 * Errors: KIKAN_EINVAL (whatif or replicate out of range, NULL arguments or
 * metric arrays other than curves, a workspace of another model, policy
 * effectiveness outside [0, 1]).
 * Cost: O(draws + changes x log(changes)) — proportional to what the cascade
 * touches, not to the world (plus O(S x G) to write the curves).
 */
kikan_error_t kikan_replicate_run(const kikan_model_t *m, int whatif, int64_t replicate,
                                  const kikan_policy_t *policy, kikan_workspace_t *ws,
                                  kikan_replicate_out_t *out);
/** Run one replicate with its timeline written to `trace` (metrics kept in ws scratch). */
kikan_error_t kikan_replicate_trace(const kikan_model_t *m, int whatif, int64_t replicate,
                                    const kikan_policy_t *policy, kikan_workspace_t *ws,
                                    FILE *trace);

/* ---- the ensemble -------------------------------------------------------------------------- */

/**
 * Allocate results sized for the model (what-ifs, sectors, grid) and
 * `n_replicates`, and fill dimensions and provenance: sector ids and units,
 * grid times, what-if names, seed, version, scenario name/path/text and the
 * synthetic flag from `scenario` (may be NULL). Times started/finished and
 * threads are left to the caller. KIKAN_EINVAL, KIKAN_ELIMIT, KIKAN_ENOMEM.
 */
kikan_error_t kikan_ensemble_results_new(const kikan_model_t *m, const kikan_scenario_t *scenario,
                                         int64_t n_replicates, kikan_results_t **res);

/**
 * Run replicates [r_begin, r_end) of every what-if under `policy` (NULL: no
 * screening) and store them in their slots of `res` (which must have
 * n_replicates >= r_end and the model's what-if, sector and grid counts).
 * OpenMP, kikan_ctx_threads(ctx) threads, dynamic schedule, one workspace per
 * thread; results bit-identical for any thread count and any split of the
 * range. Prints a progress line on stderr when it is a terminal and the
 * context is not quiet. Polls kikan_ctx_stop_requested between blocks and
 * returns KIKAN_EINTERRUPTED when asked to stop (completed replicates keep
 * their slots). When the model computes the economic loss (kikan_model_econ),
 * each replicate gets it from its own curves right after it runs
 * (kikan_econ_loss, with the workspace's solver), so it is bit-identical too.
 * Does not summarize: call kikan_results_summarize afterwards.
 * Attribution (when res has it, as from kikan_ensemble_results_new): the
 * replicates' operator and vendor sums are ADDED to res (exact int64, so any
 * thread count and split give the same sums; docs/engine.md "Attribution").
 * Errors: KIKAN_EINVAL, KIKAN_ENOMEM, KIKAN_EINTERRUPTED, KIKAN_ELIMIT (an
 * attribution sum would overflow int64; logged).
 */
kikan_error_t kikan_ensemble_run(kikan_ctx_t *ctx, const kikan_model_t *m,
                                 const kikan_policy_t *policy, int64_t r_begin, int64_t r_end,
                                 kikan_results_t *res);

/**
 * kikan_ensemble_run with caller-owned workspaces ws[0 .. n_ws), all made for
 * `m`: repeated runs on one model (the scope analysis runs the same
 * replicates under many policies) skip the O(assets) set-up of each call.
 * Uses min(kikan_ctx_threads(ctx), n_ws) threads. Same results, same errors
 * (KIKAN_EINVAL also for a NULL or foreign workspace).
 */
kikan_error_t kikan_ensemble_run_ws(kikan_ctx_t *ctx, const kikan_model_t *m,
                                    const kikan_policy_t *policy, int64_t r_begin, int64_t r_end,
                                    kikan_results_t *res, kikan_workspace_t *const *ws, int n_ws);

/* ---- runs across processes (MPI) ---------------------------------------------------------- */

/**
 * The contiguous share [*begin, *end) of n replicates that rank `rank` of
 * `size` processes runs (shares differ by at most one). O(1).
 */
void kikan_mpi_share(int64_t n, int rank, int size, int64_t *begin, int64_t *end);
/**
 * Sum v[0 .. n) over every process, in place, on every rank (MPI_COMM_WORLD),
 * after agreeing on *flag (the largest of the ranks' flags, e.g. an error
 * code; when any is non-zero nothing is summed, so no rank waits for another
 * that failed). Used for arrays where each slot was filled by one rank and is
 * exactly 0 on the others, so the sum is that rank's value to the bit. A
 * no-op with one process. KIKAN_EINVAL (also without MPI in a multi-process
 * context), KIKAN_EIO when MPI fails. O(n).
 */
kikan_error_t kikan_mpi_allreduce(kikan_ctx_t *ctx, double *v, int64_t n, int *flag);
/**
 * Combine every process's results onto rank 0 (MPI_COMM_WORLD): each rank
 * has filled replicates [r_begin, r_end) of `res`; afterwards rank 0 holds
 * all of them, bit-identical to a one-process run (other ranks' arrays are
 * left with zeros outside their share). Collective: every rank calls it. A
 * no-op with one process. Errors: KIKAN_EINVAL (bad range, or several
 * processes in a build without MPI), KIKAN_EIO (an MPI failure).
 * O(size of res) communication.
 */
kikan_error_t kikan_mpi_reduce_results(kikan_ctx_t *ctx, kikan_results_t *res, int64_t r_begin,
                                       int64_t r_end);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
