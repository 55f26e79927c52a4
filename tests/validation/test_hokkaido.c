/*
 * Validation against the calibration case of the design note DATA.md: the
 * Hokkaido blackout of 6 Sep 2018, run as scenarios/library/hokkaido-2018.yaml
 * on the built-in Japan-like network (generator seed 1) through the library:
 * kikan_scenario_load, kikan_model_compile, kikan_ensemble_run, the results
 * curves, and per-asset times of the same replicates (kikan_replicate_run).
 *
 * The forcing is the documented restoration of power; what is checked is the
 * knock-on shape DATA.md records: power follows the forcing; telecom outages
 * grow over hours as batteries run out (not at once); rail stops at once;
 * New Chitose is closed on day 1; banks stay open only where branches have
 * generators (Hokuyo ~50 of 170, Hokkaido Bank 27 of 140). Each tolerance is
 * stated beside its assertion. Few replicates (R) keep the test short in the
 * debug and sanitizer builds: the checks that hold for every replicate are
 * made per replicate, the others on the mean with a margin for R.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/engine.h"
#include "models/world_impl.h"
#include "models/results_impl.h"
#include "tests/testutil.h"

enum { R = 24 };

static kikan_ctx_t *ctx;
static kikan_scenario_t *scen;
static kikan_world_t *world;
static kikan_model_t *model;
static kikan_results_t *res;
static kikan_workspace_t *ws;
/* per replicate and asset: first failure and last recovery (filled once) */
static double *t_fail, *t_back;

/* the documented restoration (hours after 03:25 on 6 Sep, share of households back) */
static const double sched_h[] = {0, 12.583, 23.583, 29.583, 40.583, 48.583};
static const double sched_f[] = {0, 0.12, 0.33, 0.49, 0.63, 0.99};
enum { N_SCHED = sizeof(sched_h) / sizeof(sched_h[0]) };

static double restored(double t)
{
    for (int i = 1; i < N_SCHED; i++) {
        if (t <= sched_h[i]) {
            return sched_f[i - 1] + (sched_f[i] - sched_f[i - 1]) * (t - sched_h[i - 1]) /
                                        (sched_h[i] - sched_h[i - 1]);
        }
    }
    return sched_f[N_SCHED - 1];
}

static int sector_index(const char *id)
{
    for (int s = 0; s < res->n_sectors; s++) {
        if (strcmp(res->sector_ids[s], id) == 0) {
            return s;
        }
    }
    return -1;
}

static int grid_index(double t)
{
    for (int g = 0; g < res->n_grid; g++) {
        if (fabs(res->grid[g] - t) < 1e-9) {
            return g;
        }
    }
    return -1;
}

/* replicate r's curve of sector s at grid time t */
static double curve(int64_t r, int s, double t)
{
    const int g = grid_index(t);
    return res->curves[(((int64_t)0 * R + r) * res->n_sectors + s) * res->n_grid + g];
}

static double curve_mean(int s, double t)
{
    return res->curve_mean[(int64_t)s * res->n_grid + grid_index(t)];
}

static int is(kikan_id_t a, const char *kind, const char *region)
{
    return world->assets[a].kind == kikan_world_find_kind(world, kind) &&
           (region == NULL || world->assets[a].region == kikan_world_find_region(world, region));
}

/* customers of the assets of `kind` in Hokkaido */
static double hokkaido_customers(const char *kind)
{
    double c = 0;
    for (kikan_id_t a = 0; a < world->n_assets; a++) {
        c += is(a, kind, "hokkaido") ? world->assets[a].customers : 0;
    }
    return c;
}

static int setup(void)
{
    int ok = kikan_ctx_new(&ctx) == KIKAN_OK;
    if (!ok) {
        return 1;
    }
    kikan_ctx_set_quiet(ctx, 1);
    ok &= kikan_scenario_load(ctx, KIKAN_SOURCE_DIR "/scenarios/library/hokkaido-2018.yaml", &scen,
                              &world) == KIKAN_OK;
    ok = ok && kikan_model_compile(ctx, world, scen, &model) == KIKAN_OK;
    ok = ok && kikan_ensemble_results_new(model, scen, R, &res) == KIKAN_OK;
    ok = ok && kikan_ensemble_run(ctx, model, NULL, 0, R, res) == KIKAN_OK;
    ok = ok && kikan_results_summarize(res) == KIKAN_OK;
    ok = ok && kikan_workspace_new(model, &ws) == KIKAN_OK;
    if (!ok) {
        return 1;
    }
    const size_t n = (size_t)R * (size_t)world->n_assets;
    t_fail = malloc(n * sizeof(double));
    t_back = malloc(n * sizeof(double));
    if (t_fail == NULL || t_back == NULL) {
        return 1;
    }
    /* rerun each replicate alone (deterministic in (model, what-if, replicate): it rewrites the
       same values into its slots) to read every asset's times */
    for (int64_t r = 0; r < R; r++) {
        kikan_replicate_out_t out;
        kikan_replicate_out_bind(res, 0, r, &out);
        if (kikan_replicate_run(model, 0, r, NULL, ws, &out) != KIKAN_OK) {
            return 1;
        }
        for (kikan_id_t a = 0; a < world->n_assets; a++) {
            kikan_workspace_asset_times(ws, a, &t_fail[r * world->n_assets + a],
                                        &t_back[r * world->n_assets + a]);
        }
    }
    return 0;
}

static int teardown(void)
{
    free(t_fail);
    free(t_back);
    kikan_workspace_free(&ws);
    kikan_results_free(&res);
    kikan_model_free(&model);
    kikan_scenario_free(&scen);
    kikan_world_free(&world);
    kikan_ctx_free(&ctx);
    return 0;
}

/* Power follows the forcing. Substation k comes back when the schedule's fraction reaches the
 * cumulative customer share of substations 1..k, so at time t the households back are at most
 * f(t) x H and more than f(t) x H minus one substation: out(t) lies in
 * [H (1 - f(t)), H (1 - f(t)) + the largest substation], in every replicate. */
static void test_power_follows_forcing(void)
{
    const int s = sector_index("power");
    CU_ASSERT_FATAL(s >= 0);
    const double h = hokkaido_customers("substation");
    CU_ASSERT_DOUBLE_EQUAL(h, 2.95e6, 0.5); /* DATA.md: 2.95 M households, all out */
    double largest = 0;
    for (kikan_id_t a = 0; a < world->n_assets; a++) {
        if (is(a, "substation", "hokkaido")) {
            largest = fmax(largest, world->assets[a].customers);
        }
    }
    CU_ASSERT(largest < 0.01 * h); /* 148 substations of ~20,000 households */
    for (int64_t r = 0; r < R; r++) {
        for (int g = 0; g < res->n_grid; g++) {
            const double t = res->grid[g], lo = h * (1 - restored(t));
            const double out = curve(r, s, t);
            CU_ASSERT(out >= lo - 0.5 && out <= lo + largest + 0.5);
        }
    }
    /* the brief's figures: 2.95 M out at 0.5 h (+-2%); 88% out at 12.5 h (+-3 points) */
    CU_ASSERT(fabs(curve_mean(s, 0.5) - 2.95e6) <= 0.02 * 2.95e6);
    CU_ASSERT(fabs(curve_mean(s, 12.5) / h - 0.88) <= 0.03);
    /* about half out at 09:00 on 7 Sep (29.5 h: 48.8% back), 1% left at 04:00 on 8 Sep */
    CU_ASSERT(fabs(curve_mean(s, 29.5) / h - (1 - restored(29.5))) <= 0.01);
    CU_ASSERT(fabs(curve_mean(s, 48.5) / h - (1 - restored(48.5))) <= 0.01);
}

/* Telecom: base stations and exchanges run on batteries (base stations 2-24 h, 15% exactly
 * 24 h; exchanges 24-72 h), so at 0.5 h nothing is off air yet and the count grows for hours as
 * batteries run out, while power comes back. */
static void test_telecom_grows_over_hours(void)
{
    const int s = sector_index("telecom");
    CU_ASSERT_FATAL(s >= 0);
    double peak = 0, t_peak = 0;
    for (int g = 0; g < res->n_grid; g++) {
        const double v = res->curve_mean[(int64_t)s * res->n_grid + g];
        if (v > peak) {
            peak = v;
            t_peak = res->grid[g];
        }
    }
    const double mobile = hokkaido_customers("base_station");
    const double fixed = hokkaido_customers("exchange");
    /* the shortest battery is 2 h: nothing is out at 0.5 h, in any replicate */
    for (int64_t r = 0; r < R; r++) {
        CU_ASSERT(curve(r, s, 0.5) == 0);
    }
    CU_ASSERT(t_peak >= 3.0); /* DATA.md: hours after the blackout, not at once */
    /* growing over the first hours (mean; each step adds clusters whose battery ran out) */
    CU_ASSERT(curve_mean(s, 2.5) < curve_mean(s, 4.0));
    CU_ASSERT(curve_mean(s, 4.0) < curve_mean(s, 6.0));
    CU_ASSERT(curve_mean(s, 6.0) < curve_mean(s, 8.0));
    CU_ASSERT(curve_mean(s, 8.0) < curve_mean(s, 12.0));
    /* neither all nor little: by 24 h all 24 h batteries are flat but ~1/3 of the substations
       are back, so the peak lies well inside (20%, 95%) of Hokkaido's subscribers */
    CU_ASSERT(peak > 0.2 * (mobile + fixed) && peak < 0.95 * (mobile + fixed));
    /* no subscriber outside Hokkaido is cut off: the peak is at most Hokkaido's */
    for (int64_t r = 0; r < R; r++) {
        CU_ASSERT(res->peak_customers[r * res->n_sectors + s] <= mobile + fixed + 0.5);
    }
}

/* Rail: line sections need traction power with no backup, so every Hokkaido line (Shinkansen
 * included) stops at t = 0; the first substation comes back at 0.71 h (12.583 h x 0.68% /
 * 12%), so at 0.5 h all of them are out, in every replicate. */
static void test_rail_stops_at_once(void)
{
    const int s = sector_index("rail");
    CU_ASSERT_FATAL(s >= 0);
    const double lines =
        hokkaido_customers("line_section") + hokkaido_customers("shinkansen_section");
    CU_ASSERT(lines > 1e8 / 365.0); /* a day: JR Hokkaido 135 M a year + Sapporo's lines */
    for (int64_t r = 0; r < R; r++) {
        CU_ASSERT_DOUBLE_EQUAL(curve(r, s, 0.5), lines, 0.5);
    }
    for (kikan_id_t a = 0; a < world->n_assets; a++) {
        if (is(a, "shinkansen_section", "hokkaido")) {
            for (int64_t r = 0; r < R; r++) {
                CU_ASSERT(t_fail[r * world->n_assets + a] == 0);
            }
        }
    }
}

/* New Chitose: a hub stops passenger operations within 0.5-3 h of losing mains power and needs
 * 12 h to restart. Its substation comes back at a random rank among Hokkaido's 148: before the
 * backup runs out (rank <= 4, back by ~2.9 h) with probability <= 4/148 = 2.7%; otherwise it
 * closes by 3 h and, with the 12 h restart, stays closed past 16:00 (12.58 h). So it is closed
 * from <= 3 h to >= 12.58 h in at least 90% of the replicates (expected >= 97%). DATA.md: closed
 * all of 6 Sep; its substation is back before 8.58 h (12 h before midnight) with probability
 * ~8%, so it stays closed past midnight (20.58 h) in at least 3/4 of the replicates. */
static void test_new_chitose_closed_day_one(void)
{
    const kikan_id_t a = kikan_world_find_asset(world, "ap-new-chitose-terminal");
    CU_ASSERT_FATAL(a != KIKAN_NONE);
    int day = 0, past_midnight = 0;
    for (int64_t r = 0; r < R; r++) {
        const double f = t_fail[r * world->n_assets + a], b = t_back[r * world->n_assets + a];
        day += f <= 3.0 && b >= 12.583;
        past_midnight += f <= 3.0 && b >= 20.583;
    }
    CU_ASSERT(10 * day >= 9 * R);
    CU_ASSERT(4 * past_midnight >= 3 * R);
}

/* Banks: branches with a generator (24-72 h) stay open through the morning of 6 Sep; the others
 * (0.5 h UPS) close at 0.5 h unless their substation is back. Hokuyo and Hokkaido Bank opened
 * 50 + 27 = 77 of 310 branches (DATA.md); the model's generator shares (regional 0.25,
 * second-tier 0.2, drawn per branch: sd ~ 7.6 on 310) plus the branches whose substation is back
 * by 09:25 (t = 6 h, ~4.6% of households) give ~90 +- 15: we accept 77 within -25% / +50%. */
static void test_banks_open_where_generators(void)
{
    const int s = sector_index("banking");
    CU_ASSERT_FATAL(s >= 0);
    const double all = hokkaido_customers("branch") + hokkaido_customers("atm_network");
    const kikan_id_t hokuyo = kikan_world_find_operator(world, "bank-hokuyo");
    const kikan_id_t hokkaido = kikan_world_find_operator(world, "bank-hokkaido");
    CU_ASSERT_FATAL(hokuyo != KIKAN_NONE && hokkaido != KIKAN_NONE);
    double open_two = 0;
    for (int64_t r = 0; r < R; r++) {
        /* branches out < 100% while most power is out: generators keep some open */
        CU_ASSERT(curve(r, s, 6.0) < 0.95 * all);
        CU_ASSERT(curve(r, s, 6.0) > 0.5 * all); /* most accounts are at UPS-only branches */
        int gen = 0, gen_open = 0, ups = 0, ups_closed = 0;
        for (kikan_id_t a = 0; a < world->n_assets; a++) {
            if (!is(a, "branch", "hokkaido")) {
                continue;
            }
            const double f = t_fail[r * world->n_assets + a], b = t_back[r * world->n_assets + a];
            const int open6 = f > 6.0 || b <= 6.0;
            if (world->assets[a].backup_hours >= 24) {
                gen++;
                gen_open += f > 6.0;
            } else {
                ups++;
                ups_closed += f <= 0.5 + 1e-9;
            }
            if (world->assets[a].op == hokuyo || world->assets[a].op == hokkaido) {
                open_two += open6;
            }
        }
        CU_ASSERT(gen > 0 && gen_open == gen); /* every generator branch open at 09:25 */
        CU_ASSERT(ups_closed == ups);          /* every UPS-only branch closed at 0.5 h */
    }
    open_two /= R;
    CU_ASSERT(open_two >= 0.75 * 77 && open_two <= 1.5 * 77);
}

/*
 * In people (issue 13). The record's 2.95 M "households" are electricity contracts (homes,
 * shops, small offices), and every one of Hokkaido's 5.29 M residents (Hokkaido government,
 * 1 Jan 2019) lost power. The model counts 2.95 M x 2.2 people per household = 6.49 M people
 * cut off: 23% more than live there — a known miss of applying the national 2.2 to contracts
 * (the 2020 census has 2.48 M general households in Hokkaido, x 2.2 = 5.45 M). It is pinned
 * here so that it cannot grow unnoticed: between 1.15 and 1.30 times the population. The
 * other sectors stay within the population (telecom, banking: at most 1.1 times, the
 * national people per subscription and per account), rail within the daily riders of the
 * Hokkaido lines x 0.5 people per journey, and aviation within the flights of a day.
 */
static void test_people(void)
{
    const double pop = 5.29e6;
    const int S = res->n_sectors;
    const int power = sector_index("power"), tel = sector_index("telecom");
    const int rail = sector_index("rail"), bank = sector_index("banking");
    CU_ASSERT_FATAL(power >= 0 && tel >= 0 && rail >= 0 && bank >= 0);
    const double lines =
        hokkaido_customers("line_section") + hokkaido_customers("shinkansen_section");
    for (int64_t r = 0; r < R; r++) {
        const double *pp = res->peak_people + r * S;
        CU_ASSERT_DOUBLE_EQUAL(pp[power], 2.95e6 * 2.2, 1.0);
        CU_ASSERT(pp[power] > 1.15 * pop && pp[power] < 1.30 * pop); /* the known miss */
        CU_ASSERT(pp[tel] < 1.1 * pop);
        CU_ASSERT(pp[bank] < 1.1 * pop);
        CU_ASSERT(pp[rail] <= 0.5 * lines + 0.5);
        /* person-hours: peak people x at most the horizon */
        for (int s = 0; s < S; s++) {
            CU_ASSERT(res->person_hours[r * S + s] <= pp[s] * 72.0 + 1e-6);
        }
    }
    /* power: 49% back at 29.6 h and 99% at 48.6 h: the mean person sits ~31 h in the dark */
    const double hours = res->st_person_hours[power].mean / res->st_peak_people[power].mean;
    CU_ASSERT(hours > 28.0 && hours < 34.0);
    printf("(power %.3g people, %.1f h each; telecom %.3g; banking %.3g; rail %.3g) ",
           res->st_peak_people[power].mean, hours, res->st_peak_people[tel].mean,
           res->st_peak_people[bank].mean, res->st_peak_people[rail].mean);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("hokkaido-2018 calibration", setup, teardown);
    CU_add_test(s, "power follows the documented restoration", test_power_follows_forcing);
    CU_add_test(s, "telecom outages grow over hours", test_telecom_grows_over_hours);
    CU_add_test(s, "rail stops at once", test_rail_stops_at_once);
    CU_add_test(s, "New Chitose closed on day 1", test_new_chitose_closed_day_one);
    CU_add_test(s, "banks open only where generators are", test_banks_open_where_generators);
    CU_add_test(s, "people: within the population, the power overcount pinned", test_people);
    return kikan_test_main();
}
