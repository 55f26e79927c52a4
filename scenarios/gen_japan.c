/*
 * The built-in Japan-like six-sector network (`network: {generator: japan}`,
 * `kikan generate japan`).
 *
 * DESIGN: no real operator's topology is public, so the network is synthetic
 * but anchored on public figures (/work/shared/design/DATA.md; every figure
 * and each assumption is listed in scenarios/japan/PARAMETERS.md, and the
 * constants below cite it as "P§n"). Operators carry their real names and
 * public size figures; their assets, dependencies, vendors and contractors
 * are invented to be plausible. The generator builds the world directly
 * through the world.h builders, in one fixed order, drawing from one GSL
 * mt19937 generator seeded from the seed only: the same (seed, scale) gives
 * the same world, row for row.
 *
 * Structure: a DAG of dependencies by construction — power depends on
 * nothing outside power; telecom on power; rail, aviation, airports and
 * banking on power, telecom, data centres and clouds. Within power, bulk
 * substations depend on generation, control centres on bulk substations,
 * distribution substations on both: no cycle, so every outage can recover.
 *
 * `scale` multiplies only the granular assets (distribution substations,
 * base-station clusters, exchanges, rail line sections, bank branches); the
 * operators' central assets, the 97 airports and the data centres stay as
 * they are. The generator keeps O(prefectures) state of its own: memory is
 * the world's.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/rng.h"
#include "kikan/generate.h"
#include "models/world_impl.h"

/* ==== figures (P = scenarios/japan/PARAMETERS.md) ======================================== */

enum { N_PREF = 47, N_AREA = 10 };
enum {
    A_HOKKAIDO,
    A_TOHOKU,
    A_TOKYO,
    A_CHUBU,
    A_HOKURIKU,
    A_KANSAI,
    A_CHUGOKU,
    A_SHIKOKU,
    A_KYUSHU,
    A_OKINAWA
};

/* P§1: the 10 power areas; peak demand (MW). Hokkaido 3.8 GW: DATA.md (calibration case);
   the others: rounded area peak demands of the 2020s (OCCTO outlooks), chosen so that TEPCO
   carries about a third of national supply (DATA.md). */
static const struct {
    const char *id, *tdo_name, *gen_name;
    int hq; /* prefecture index of the head office */
    double peak_mw;
    int atc; /* area control centre serving it (index into atc_centres) */
} areas[N_AREA] = {
    {"hokkaido", "Hokkaido Electric Power Network", "Hokkaido Electric Power", 0, 3800, 0},
    {"tohoku", "Tohoku Electric Power Network", "Tohoku Electric Power", 3, 14000, 1},
    {"tokyo", "TEPCO Power Grid", "TEPCO Holdings (hydro and nuclear)", 12, 55000, 1},
    {"chubu", "Chubu Electric Power Grid", "Chubu Electric Power Miraiz", 22, 25000, 1},
    {"hokuriku", "Hokuriku Electric Power Transmission & Distribution", "Hokuriku Electric Power",
     15, 5000, 1},
    {"kansai", "Kansai Transmission and Distribution", "Kansai Electric Power", 26, 26500, 2},
    {"chugoku", "Chugoku Electric Power Transmission & Distribution", "Chugoku Electric Power", 33,
     10500, 2},
    {"shikoku", "Shikoku Electric Power Transmission & Distribution", "Shikoku Electric Power", 36,
     5000, 2},
    {"kyushu", "Kyushu Electric Power Transmission and Distribution", "Kyushu Electric Power", 39,
     16000, 2},
    {"okinawa", "Okinawa Electric Power", "Okinawa Electric Power (generation)", 46, 1500, 3},
};

/* P§2: prefectures (JIS order), power area, NTT East (1) or West (0), and households: 2020
   census general households, rounded to 1,000; Hokkaido uses the 2.95 M households of the
   2018 blackout (DATA.md) — electricity customers, not census households. */
static const struct {
    const char *id;
    int area, east;
    double households;
} prefs[N_PREF] = {
    {"hokkaido", A_HOKKAIDO, 1, 2950000}, {"aomori", A_TOHOKU, 1, 511000},
    {"iwate", A_TOHOKU, 1, 492000},       {"miyagi", A_TOHOKU, 1, 981000},
    {"akita", A_TOHOKU, 1, 385000},       {"yamagata", A_TOHOKU, 1, 398000},
    {"fukushima", A_TOHOKU, 1, 743000},   {"ibaraki", A_TOKYO, 1, 1184000},
    {"tochigi", A_TOKYO, 1, 797000},      {"gunma", A_TOKYO, 1, 805000},
    {"saitama", A_TOKYO, 1, 3162000},     {"chiba", A_TOKYO, 1, 2774000},
    {"tokyo", A_TOKYO, 1, 7227000},       {"kanagawa", A_TOKYO, 1, 4210000},
    {"niigata", A_TOHOKU, 1, 864000},     {"toyama", A_HOKURIKU, 0, 403000},
    {"ishikawa", A_HOKURIKU, 0, 469000},  {"fukui", A_HOKURIKU, 0, 291000},
    {"yamanashi", A_TOKYO, 1, 339000},    {"nagano", A_CHUBU, 1, 832000},
    {"gifu", A_CHUBU, 0, 780000},         {"shizuoka", A_CHUBU, 0, 1481000},
    {"aichi", A_CHUBU, 0, 3238000},       {"mie", A_CHUBU, 0, 742000},
    {"shiga", A_KANSAI, 0, 571000},       {"kyoto", A_KANSAI, 0, 1189000},
    {"osaka", A_KANSAI, 0, 4136000},      {"hyogo", A_KANSAI, 0, 2402000},
    {"nara", A_KANSAI, 0, 544000},        {"wakayama", A_KANSAI, 0, 393000},
    {"tottori", A_CHUGOKU, 0, 219000},    {"shimane", A_CHUGOKU, 0, 270000},
    {"okayama", A_CHUGOKU, 0, 801000},    {"hiroshima", A_CHUGOKU, 0, 1243000},
    {"yamaguchi", A_CHUGOKU, 0, 598000},  {"tokushima", A_SHIKOKU, 0, 307000},
    {"kagawa", A_SHIKOKU, 0, 407000},     {"ehime", A_SHIKOKU, 0, 601000},
    {"kochi", A_SHIKOKU, 0, 315000},      {"fukuoka", A_KYUSHU, 0, 2323000},
    {"saga", A_KYUSHU, 0, 312000},        {"nagasaki", A_KYUSHU, 0, 558000},
    {"kumamoto", A_KYUSHU, 0, 719000},    {"oita", A_KYUSHU, 0, 489000},
    {"miyazaki", A_KYUSHU, 0, 469000},    {"kagoshima", A_KYUSHU, 0, 728000},
    {"okinawa", A_OKINAWA, 0, 614000},
};
enum {
    P_HOKKAIDO = 0,
    P_MIYAGI = 3,
    P_IBARAKI = 7,
    P_SAITAMA = 10,
    P_CHIBA = 11,
    P_TOKYO = 12,
    P_KANAGAWA = 13,
    P_NAGANO = 19,
    P_AICHI = 22,
    P_MIE = 23,
    P_KYOTO = 25,
    P_OSAKA = 26,
    P_HYOGO = 27,
    P_HIROSHIMA = 33,
    P_FUKUOKA = 39,
    P_OKINAWA = 46
};

/* P§3 granularity at scale 1 (one granular asset per this many customers) */
#define HH_PER_SUBSTATION 20000.0 /* distribution substation ~ 20,000 households */
#define CONTRACTS_PER_BS 60000.0  /* base-station cluster ~ 60,000 mobile contracts */
#define HH_PER_EXCHANGE 250000.0  /* NTT regional exchange building ~ 250,000 households */
#define PAX_PER_SECTION 25.0e6    /* rail line section ~ 25 M passengers a year */
#define FIXED_LINES_PER_HH 0.6    /* NTT fixed lines (phone + FTTH) per household */
#define MOBILE_CONTRACTS 218.0e6  /* DATA.md: Sep 2024 */
#define N_RETAIL 706              /* DATA.md: registered retail suppliers, Apr 2021 */
#define RETAIL_CUSTOMERS 16.0e6   /* P§4: households that switched to a new entrant */
#define RETAIL_SME_BELOW 1.0e6    /* P§4: a supplier with 1 M customers or more is not an SME */
#define N_MVNO 40                 /* P§5: MVNOs modelled (the 16% share is DATA.md's) */
#define N_DC 40                   /* P§5: large data centres modelled */
#define MAX_SCALE 2000.0
/* P§11 people and records */
#define DAYS_PER_YEAR 365.0      /* rail, air and airport customers are passengers a day */
#define JAPAN_POPULATION 124.9e6 /* Statistics Bureau, 1 Oct 2022 estimate */
#define PEOPLE_PER_CONTRACT 0.49 /* = the built-in telecom people_per_customer */
#define PEOPLE_PER_ACCOUNT 0.22  /* = the built-in banking people_per_customer */

/* P§5 mobile network operators: DATA.md shares of 218 M contracts; core sites */
static const struct {
    const char *id, *name;
    double share;
    int n_core, core_pref[3];
    double mvno_host; /* share of MVNO contracts hosted (P§5 assumption) */
} mnos[] = {
    {"docomo", "NTT docomo", 0.35, 3, {P_TOKYO, P_OSAKA, P_FUKUOKA}, 0.5},
    {"kddi", "KDDI (au)", 0.27, 3, {P_TOKYO, P_OSAKA, P_MIYAGI}, 0.3},
    {"softbank", "SoftBank", 0.19, 3, {P_TOKYO, P_OSAKA, P_AICHI}, 0.2},
    {"rakuten", "Rakuten Mobile", 0.03, 2, {P_TOKYO, P_OSAKA, 0}, 0.0},
};
enum { N_MNO = 4 };
#define MVNO_SHARE 0.16

/* ==== generator state ==================================================================== */

typedef struct {
    kikan_world_t *w;
    gsl_rng *r;
    double scale;
    kikan_id_t sec_power, sec_telecom, sec_rail, sec_aviation, sec_airports, sec_banking;
    kikan_id_t m_customers, m_capacity, m_deposits, m_passengers;
    double hh_total, hh_cum[N_PREF]; /* cumulative households, for weighted draws */
    /* per prefecture */
    kikan_id_t bulk[N_PREF], scada[N_PREF], sub_first[N_PREF], sub_n[N_PREF];
    kikan_id_t ex_first[N_PREF], ex_n[N_PREF];
    kikan_id_t ntt_core[2][2]; /* [east][site] */
    kikan_id_t mno_core[N_MNO][3];
    kikan_id_t dc[N_DC];
    int dc_pref[N_DC];
    kikan_id_t ix_tokyo[3], ix_osaka[3];
    kikan_id_t cloud[4][2], cloud_abroad;
    kikan_id_t landing[6];
    int n_landing;
    kikan_id_t atc[4];
    kikan_id_t zengin[2];
    /* supply chain */
    kikan_id_t contractors[16];
    int n_contractors;
    char id[160];
} gen_t;

/* ---- small helpers ---------------------------------------------------------------------- */

static double uni(gen_t *g)
{
    return gsl_rng_uniform(g->r);
}

static int pick(gen_t *g, int n)
{
    return n <= 1 ? 0 : (int)gsl_rng_uniform_int(g->r, (unsigned long)n);
}

static double uniform(gen_t *g, double lo, double hi)
{
    return lo + (hi - lo) * uni(g);
}

/* Pareto(alpha) draw with minimum xm. */
static double pareto(gen_t *g, double xm, double alpha)
{
    double u = 1.0 - uni(g); /* (0, 1] */
    return xm * pow(u, -1.0 / alpha);
}

/* A prefecture drawn with probability proportional to its households. */
static int pick_pref(gen_t *g)
{
    double x = uni(g) * g->hh_total;
    int lo = 0, hi = N_PREF - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (g->hh_cum[mid] > x) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

/*
 * Whole customers: the part of the integer `total` that falls between the cumulative weights
 * before and after one item (of `denom` in all). Parts of consecutive items add up to `total`
 * exactly, so splitting customers over assets never loses or invents one.
 */
static double part(double total, double before, double after, double denom)
{
    return floor(total * after / denom + 0.5) - floor(total * before / denom + 0.5);
}

/* Drawn durations are kept to 0.01 h (36 s): finer adds nothing and prints long. */
static double hours(double x)
{
    return floor(x * 100 + 0.5) / 100;
}

/* Number of granular assets for `amount` units at `per` units each (at least 1). */
static kikan_id_t granular(const gen_t *g, double amount, double per)
{
    double n = floor(g->scale * amount / per + 0.5);
    return n < 1 ? 1 : (n > 1e9 ? (kikan_id_t)1000000000 : (kikan_id_t)n);
}

static const char *fmt_id(gen_t *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt_id(gen_t *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->id, sizeof(g->id), fmt, ap);
    va_end(ap);
    return g->id;
}

static kikan_error_t add_op(gen_t *g, const char *id, const char *name, kikan_id_t sector, int sme,
                            kikan_id_t *out)
{
    return kikan_world_add_operator(g->w, id, name, &sector, 1, sme, out);
}

static kikan_error_t set_m(gen_t *g, kikan_id_t op, kikan_id_t m, double v)
{
    return kikan_world_set_metric(g->w, op, m, v);
}

/* Repair-time distributions (P§9): lognormal median a hours, log-sigma b. */
static const kikan_dist_t REPAIR_FIELD = {KIKAN_DIST_LOGNORMAL, 6.0, 0.8};   /* field plant */
static const kikan_dist_t REPAIR_SITE = {KIKAN_DIST_LOGNORMAL, 12.0, 0.8};   /* buildings */
static const kikan_dist_t REPAIR_SYSTEM = {KIKAN_DIST_LOGNORMAL, 48.0, 1.0}; /* IT/OT systems */

/* Add an asset with id g->id (set by fmt_id). */
static kikan_error_t add_asset(gen_t *g, kikan_id_t op, kikan_id_t sector, const char *kind,
                               int pref, double customers, double backup, double backup_max,
                               double restart, const kikan_dist_t *repair, kikan_id_t *out)
{
    /* P§11: what can be cut off at an instant is the daily rate; operators keep their annual
       passengers as size metrics */
    if (sector == g->sec_rail || sector == g->sec_aviation || sector == g->sec_airports) {
        customers /= DAYS_PER_YEAR;
    }
    kikan_asset_spec_t s = {.id = g->id,
                            .op = op,
                            .sector = sector,
                            .kind = kind,
                            .region = pref < 0 ? "abroad" : prefs[pref].id,
                            .customers = customers,
                            .backup_hours = backup,
                            .backup_hours_max = backup_max,
                            .restart_hours = restart,
                            .repair = *repair};
    return kikan_world_add_asset(g->w, &s, out);
}

/* P§11: the people whose personal records asset a holds. */
static kikan_error_t records(gen_t *g, kikan_id_t a, double people)
{
    return kikan_world_set_asset_records(g->w, a, floor(people + 0.5));
}

static kikan_error_t dep(gen_t *g, kikan_id_t provider, kikan_id_t dependent, const char *res,
                         const char *group, int k)
{
    return kikan_world_add_dependency(g->w, provider, dependent, res, group, k, NULL);
}

/* A dependency with its own buffer (hours): how long the dependent rides through its loss. */
static kikan_error_t dep_buf(gen_t *g, kikan_id_t provider, kikan_id_t dependent, const char *res,
                             const char *group, int k, double buffer)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t row;
    KIKAN_CHECK(kikan_world_add_dependency(g->w, provider, dependent, res, group, k, &row));
    KIKAN_CHECK(kikan_world_set_buffer(g->w, row, buffer));
cleanup:
    return err;
}

/* A number in [0, 1) from a string (FNV-1a, then splitmix64): a choice that draws nothing
   from the generator's stream, so adding it moves no other draw. */
static double hash01(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    }
    return (double)(kikan_splitmix64(h) >> 11) * 0x1.0p-53;
}

/* The substation half-way round prefecture p's list from s (a second, independent feed);
   s itself when p has one substation. */
static kikan_id_t other_substation(const gen_t *g, int p, kikan_id_t s)
{
    const kikan_id_t n = g->sub_n[p];
    return g->sub_first[p] + (s - g->sub_first[p] + n / 2) % n;
}

static kikan_id_t substation_in(gen_t *g, int p)
{
    return g->sub_first[p] + pick(g, g->sub_n[p]);
}

static kikan_id_t exchange_in(gen_t *g, int p)
{
    return g->ex_first[p] + pick(g, g->ex_n[p]);
}

/* ==== supply chain (P§10) ================================================================ */

/* Vendors: synthetic names by origin and speciality (market shares are invented, so real
   company names are not used); risk class 0 domestic, 1 allied foreign, 2 elevated. */
static const struct {
    const char *id, *name, *origin;
    int risk;
} vendors[] = {
    {"v-jp-heavy-1", "Japanese heavy-electric group 1", "Japan", 0},
    {"v-jp-heavy-2", "Japanese heavy-electric group 2", "Japan", 0},
    {"v-jp-heavy-3", "Japanese heavy-electric group 3", "Japan", 0},
    {"v-jp-power-4", "Japanese power-equipment maker 4", "Japan", 0},
    {"v-jp-ict-1", "Japanese ICT group 1", "Japan", 0},
    {"v-jp-ict-2", "Japanese ICT group 2", "Japan", 0},
    {"v-jp-si-3", "Japanese systems integrator 3", "Japan", 0},
    {"v-jp-signal-1", "Japanese railway-signalling maker 1", "Japan", 0},
    {"v-jp-signal-2", "Japanese railway-signalling maker 2", "Japan", 0},
    {"v-us-grid", "US grid-software vendor", "United States", 1},
    {"v-us-net-1", "US network-equipment vendor 1", "United States", 1},
    {"v-us-net-2", "US network-equipment vendor 2", "United States", 1},
    {"v-us-it", "US enterprise-IT vendor", "United States", 1},
    {"v-us-travel", "US travel-systems vendor", "United States", 1},
    {"v-us-cable", "US submarine-cable systems vendor", "United States", 1},
    {"v-eu-grid-1", "European grid-automation vendor 1", "Germany", 1},
    {"v-eu-grid-2", "European grid-automation vendor 2", "France", 1},
    {"v-eu-cable", "European submarine-cable systems vendor", "France", 1},
    {"v-eu-atm", "European air-traffic systems vendor", "France", 1},
    {"v-eu-travel", "European travel-systems vendor", "Spain", 1},
    {"v-eu-airport", "European airport-IT cooperative", "Switzerland", 1},
    {"v-eu-mobile-1", "European mobile-network vendor 1", "Sweden", 1},
    {"v-eu-mobile-2", "European mobile-network vendor 2", "Finland", 1},
    {"v-cn-telecom", "Chinese telecom-equipment vendor", "China", 2},
    {"v-kr-telecom", "Korean telecom-equipment vendor", "Korea", 1},
};
enum { N_VENDORS = sizeof(vendors) / sizeof(vendors[0]) };

/* Equipment classes: critical = named in the ordinances (DATA.md); the aviation and airport
   classes are not named there, so they are listed as not critical. */
enum {
    C_EMS,
    C_SCADA,
    C_SWITCH,
    C_NETCTL,
    C_SUBSCR,
    C_CABLE,
    C_RAN,
    C_CTC,
    C_DEPOSIT,
    C_LENDING,
    C_BILLS,
    C_REMIT,
    C_RESERV,
    C_OPSCTL,
    C_ATC,
    C_TERMINAL,
    N_CLASSES
};
static const struct {
    const char *id, *name, *sector;
    int critical;
    struct {
        int vendor;
        double share;
    } shares[7];
} classes[N_CLASSES] = {
    {"power_ems",
     "Central load dispatch (EMS)",
     "power",
     1,
     {{0, .30}, {1, .25}, {2, .25}, {9, .10}, {15, .10}}},
    {"power_scada",
     "Transmission/substation SCADA",
     "power",
     1,
     {{0, .25}, {1, .20}, {2, .20}, {3, .15}, {15, .10}, {16, .10}}},
    {"telecom_switching",
     "Switching equipment",
     "telecom",
     1,
     {{4, .30}, {5, .25}, {21, .15}, {22, .15}, {10, .10}, {23, .05}}},
    {"telecom_network_control",
     "Network control incl. NFV orchestration",
     "telecom",
     1,
     {{4, .30}, {5, .20}, {21, .15}, {22, .15}, {10, .10}, {11, .10}}},
    {"telecom_subscriber_mgmt",
     "Subscriber management and authentication",
     "telecom",
     1,
     {{4, .35}, {5, .20}, {21, .25}, {22, .20}}},
    {"telecom_cable_monitoring",
     "Monitoring of cables laid abroad",
     "telecom",
     1,
     {{4, .60}, {14, .20}, {17, .20}}},
    {"telecom_ran",
     "Radio access network (base stations)",
     "telecom",
     0,
     {{4, .25}, {5, .20}, {21, .25}, {22, .25}, {24, .05}}},
    {"rail_ctc",
     "Centralised traffic control (CTC)",
     "rail",
     1,
     {{0, .40}, {1, .20}, {7, .20}, {8, .20}}},
    {"bank_deposit",
     "Deposit system",
     "banking",
     1,
     {{5, .30}, {4, .20}, {0, .20}, {6, .20}, {12, .10}}},
    {"bank_lending",
     "Lending system",
     "banking",
     1,
     {{5, .30}, {4, .20}, {0, .20}, {6, .20}, {12, .10}}},
    {"bank_bill_discounting",
     "Bill discounting system",
     "banking",
     1,
     {{5, .30}, {4, .20}, {0, .20}, {6, .20}, {12, .10}}},
    {"bank_remittance",
     "Exchange/remittance system",
     "banking",
     1,
     {{5, .30}, {4, .20}, {0, .20}, {6, .20}, {12, .10}}},
    {"aviation_reservation",
     "Reservation and departure control",
     "aviation",
     0,
     {{19, .50}, {13, .20}, {5, .20}, {4, .10}}},
    {"aviation_ops_control",
     "Flight operations control",
     "aviation",
     0,
     {{5, .40}, {4, .30}, {20, .30}}},
    {"atc_system", "Air traffic control system", "aviation", 0, {{4, .60}, {18, .20}, {1, .20}}},
    {"airport_terminal_system",
     "Airport terminal and baggage systems",
     "airports",
     0,
     {{20, .40}, {4, .30}, {5, .20}, {15, .10}}},
};

/* Maintenance contractors: synthetic; sectors served as a bit mask (1 power, 2 telecom,
   4 rail, 8 aviation, 16 airports, 32 banking), remote access to the systems they keep. */
static const struct {
    const char *id, *name;
    int sectors, remote;
} contractors[] = {
    {"m-01", "Electrical engineering contractor 1", 1 | 4 | 16, 0},
    {"m-02", "Electrical engineering contractor 2", 1 | 4, 0},
    {"m-03", "Grid control-systems service company", 1, 1},
    {"m-04", "Telecom construction contractor 1", 2 | 4 | 16, 0},
    {"m-05", "Telecom construction contractor 2", 2, 0},
    {"m-06", "Network operations outsourcer", 2 | 32, 1},
    {"m-07", "ICT field-service company 1", 2 | 8 | 16 | 32, 1},
    {"m-08", "ICT field-service company 2", 1 | 2 | 32, 1},
    {"m-09", "Systems-integration service company 1", 8 | 16 | 32, 1},
    {"m-10", "Systems-integration service company 2", 1 | 4 | 32, 1},
    {"m-11", "Railway signalling maintenance company", 4, 0},
    {"m-12", "Airport facilities maintenance company", 16 | 8, 0},
    {"m-13", "Data-centre facilities company", 2 | 32 | 8, 1},
    {"m-14", "Managed security service provider", 1 | 2 | 4 | 8 | 16 | 32, 1},
    {"m-15", "Regional building-services contractor", 1 | 2 | 4 | 16 | 32, 0},
};
enum { N_CONTRACTORS = sizeof(contractors) / sizeof(contractors[0]) };

static int sector_bit(const gen_t *g, kikan_id_t sector)
{
    if (sector == g->sec_power) {
        return 1;
    }
    if (sector == g->sec_telecom) {
        return 2;
    }
    if (sector == g->sec_rail) {
        return 4;
    }
    if (sector == g->sec_aviation) {
        return 8;
    }
    if (sector == g->sec_airports) {
        return 16;
    }
    return 32;
}

/* A vendor of class c drawn by market share. */
static kikan_id_t pick_vendor(gen_t *g, int c)
{
    double x = uni(g), acc = 0;
    int last = 0;
    for (int i = 0; i < 7 && classes[c].shares[i].share > 0; i++) {
        acc += classes[c].shares[i].share;
        last = classes[c].shares[i].vendor;
        if (x < acc) {
            return (kikan_id_t)last;
        }
    }
    return (kikan_id_t)last;
}

/* A contractor serving the asset's sector, drawn uniformly. */
static kikan_id_t pick_contractor(gen_t *g, kikan_id_t sector)
{
    int bit = sector_bit(g, sector), n = 0;
    int cand[N_CONTRACTORS];
    for (int i = 0; i < N_CONTRACTORS; i++) {
        if (contractors[i].sectors & bit) {
            cand[n++] = i;
        }
    }
    return n == 0 ? KIKAN_NONE : (kikan_id_t)cand[pick(g, n)];
}

/* Install class c on asset a: vendor v (or drawn when v < 0), contractor drawn. */
static kikan_error_t install(gen_t *g, kikan_id_t a, int c, kikan_id_t v)
{
    if (v < 0) {
        v = pick_vendor(g, c);
    }
    kikan_id_t m = pick_contractor(g, g->w->assets[a].sector);
    return kikan_world_add_installation(g->w, a, (kikan_id_t)c, v, m, NULL);
}

static kikan_error_t build_supply_chain(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    for (int i = 0; i < N_VENDORS; i++) {
        KIKAN_CHECK(kikan_world_add_vendor(g->w, vendors[i].id, vendors[i].name, vendors[i].origin,
                                           vendors[i].risk, NULL));
    }
    for (int c = 0; c < N_CLASSES; c++) {
        kikan_id_t s = kikan_world_find_sector(g->w, classes[c].sector);
        KIKAN_CHECK(kikan_world_add_class(g->w, classes[c].id, classes[c].name, s,
                                          classes[c].critical, NULL));
    }
    /* P§11: classes that hold people's records (an implant in them exposes the records) */
    static const char *const data_classes[] = {
        "telecom_subscriber_mgmt", "bank_deposit",    "bank_lending",
        "bank_bill_discounting",   "bank_remittance", "aviation_reservation"};
    for (size_t i = 0; i < sizeof(data_classes) / sizeof(data_classes[0]); i++) {
        KIKAN_CHECK(
            kikan_world_set_class_data(g->w, kikan_world_find_class(g->w, data_classes[i]), 1));
    }
    for (int i = 0; i < N_CONTRACTORS; i++) {
        KIKAN_CHECK(kikan_world_add_contractor(g->w, contractors[i].id, contractors[i].name,
                                               contractors[i].remote, NULL));
    }
cleanup:
    return err;
}

/* ==== power (P§3, P§4) =================================================================== */

/* Generating companies (P§3): the areas' own generation companies, JERA (Tokyo and Chubu
   thermal), J-Power and Japan Atomic Power (DATA.md names all three as designees). */
enum { GEN_JERA = N_AREA, GEN_JPOWER, GEN_JAPC, N_GENCOS };
#define HOKKAIDO_LARGEST_MW 1650.0 /* Tomato-Atsuma, whose trip started the 2018 blackout */
#define PLANT_K_FRACTION 0.6       /* a bulk substation holds while 60% of its area's plants run */

/* One power area while it is built: its prefectures and plants. */
typedef struct {
    int a;
    int in_area[N_PREF], n_in; /* the area's prefectures */
    kikan_id_t plant[16];
    int n_plant;
} power_area_t;

/* The transmission and distribution operators (customers, peak) and the generating companies. */
static kikan_error_t power_operators(gen_t *g, kikan_id_t tdo[N_AREA], kikan_id_t genco[N_GENCOS])
{
    kikan_error_t err = KIKAN_OK;
    for (int a = 0; a < N_AREA; a++) {
        double hh = 0;
        for (int p = 0; p < N_PREF; p++) {
            hh += prefs[p].area == a ? prefs[p].households : 0;
        }
        KIKAN_CHECK(add_op(g, fmt_id(g, "tdo-%s", areas[a].id), areas[a].tdo_name, g->sec_power, 0,
                           &tdo[a]));
        KIKAN_CHECK(set_m(g, tdo[a], g->m_customers, hh));
        KIKAN_CHECK(set_m(g, tdo[a], g->m_capacity, areas[a].peak_mw));
    }
    for (int a = 0; a < N_AREA; a++) {
        genco[a] = KIKAN_NONE;
        if (a == A_CHUBU) {
            continue; /* Chubu's thermal fleet is JERA's */
        }
        KIKAN_CHECK(add_op(g, fmt_id(g, "gen-%s", areas[a].id), areas[a].gen_name, g->sec_power, 0,
                           &genco[a]));
    }
    KIKAN_CHECK(add_op(g, "gen-jera", "JERA", g->sec_power, 0, &genco[GEN_JERA]));
    KIKAN_CHECK(add_op(g, "gen-jpower", "J-Power (Electric Power Development)", g->sec_power, 0,
                       &genco[GEN_JPOWER]));
    KIKAN_CHECK(add_op(g, "gen-japc", "Japan Atomic Power", g->sec_power, 0, &genco[GEN_JAPC]));
cleanup:
    return err;
}

/* Plants (P§3): 4 + peak/10 GW of them, capacities Pareto(1.5)-distributed to 1.15 x
   peak (reserve margin), largest first; the largest, in the head-office prefecture,
   is the area's own (JERA's in Tokyo and Chubu; TEPCO keeps the second in Tokyo);
   every fourth is J-Power's; the smallest of the Tokyo and Hokuriku areas is Japan
   Atomic Power's (Tokai, Tsuruga). Adds each plant's MW to its owner's gen_mw. */
static kikan_error_t power_plants(gen_t *g, power_area_t *pa, const kikan_id_t genco[N_GENCOS],
                                  double gen_mw[N_GENCOS])
{
    kikan_error_t err = KIKAN_OK;
    const int a = pa->a;
    int n = 4 + (int)(areas[a].peak_mw / 10000.0);
    double wt[16], wsum = 0, total = 1.15 * areas[a].peak_mw;
    pa->n_plant = n;
    for (int i = 0; i < n; i++) {
        wt[i] = pareto(g, 1.0, 1.5);
    }
    for (int i = 1; i < n; i++) { /* largest first (insertion sort, n <= 16) */
        double x = wt[i];
        int j = i;
        for (; j > 0 && wt[j - 1] < x; j--) {
            wt[j] = wt[j - 1];
        }
        wt[j] = x;
    }
    for (int i = 0; i < n; i++) {
        wsum += wt[i];
    }
    for (int i = 0; i < n; i++) {
        int owner = (a == A_TOKYO || a == A_CHUBU) ? GEN_JERA : a;
        if (a == A_TOKYO && i == 1) {
            owner = A_TOKYO; /* TEPCO's own hydro and nuclear */
        }
        if (i % 4 == 3) {
            owner = GEN_JPOWER;
        }
        if ((a == A_TOKYO || a == A_HOKURIKU) && i == n - 1) {
            owner = GEN_JAPC;
        }
        double mw;
        if (a == A_HOKKAIDO) {
            mw = i == 0 ? HOKKAIDO_LARGEST_MW
                        : (total - HOKKAIDO_LARGEST_MW) * wt[i] / (wsum - wt[0]);
        } else {
            mw = total * wt[i] / wsum;
        }
        mw = floor(mw + 0.5);
        gen_mw[owner] += mw;
        int p = i == 0 ? areas[a].hq : pa->in_area[i % pa->n_in];
        fmt_id(g, "pw-%s-plant-%02d", areas[a].id, i + 1);
        KIKAN_CHECK(add_asset(g, genco[owner], g->sec_power, "power_plant", p, 0, 0, 0, 6.0,
                              &REPAIR_SITE, &pa->plant[i]));
    }
cleanup:
    return err;
}

/* Bulk (transmission) substations, one per prefecture, fed by the area's plants. */
static kikan_error_t power_bulk(gen_t *g, const power_area_t *pa, kikan_id_t tdo)
{
    kikan_error_t err = KIKAN_OK;
    const int n = pa->n_plant;
    int k = (int)ceil(PLANT_K_FRACTION * n);
    kikan_id_t prev = KIKAN_NONE;
    for (int j = 0; j < pa->n_in; j++) {
        int p = pa->in_area[j];
        fmt_id(g, "pw-%s-bulk", prefs[p].id);
        KIKAN_CHECK(add_asset(g, tdo, g->sec_power, "bulk_substation", p, 0, 0, 0, 0, &REPAIR_FIELD,
                              &g->bulk[p]));
        for (int i = 0; i < n; i++) {
            KIKAN_CHECK(dep(g, pa->plant[i], g->bulk[p], "power", "generation", k));
            if (j == 0) {
                KIKAN_CHECK(kikan_world_add_link(g->w, pa->plant[i], g->bulk[p], NULL));
            }
        }
        if (prev != KIKAN_NONE) {
            KIKAN_CHECK(kikan_world_add_link(g->w, prev, g->bulk[p], NULL));
        }
        prev = g->bulk[p];
    }
cleanup:
    return err;
}

/* Central load dispatch (EMS), main and backup site, on generators (P§3); then the SCADA
   centres and distribution substations, per prefecture. */
static kikan_error_t power_control(gen_t *g, const power_area_t *pa, kikan_id_t tdo)
{
    kikan_error_t err = KIKAN_OK;
    const int a = pa->a, n_in = pa->n_in;
    kikan_id_t ems[2];
    for (int e = 0; e < 2; e++) {
        int p = e == 0 ? areas[a].hq : pa->in_area[n_in > 1 ? 1 : 0];
        if (e == 1 && p == areas[a].hq && n_in > 2) {
            p = pa->in_area[2];
        }
        fmt_id(g, "pw-%s-ems-%s", areas[a].id, e == 0 ? "main" : "backup");
        KIKAN_CHECK(
            add_asset(g, tdo, g->sec_power, "ems", p, 0, 72, 72, 0, &REPAIR_SYSTEM, &ems[e]));
        KIKAN_CHECK(dep(g, g->bulk[p], ems[e], "power", NULL, 1));
    }
    kikan_id_t ems_vendor = pick_vendor(g, C_EMS), scada_vendor = pick_vendor(g, C_SCADA);
    for (int e = 0; e < 2; e++) {
        KIKAN_CHECK(install(g, ems[e], C_EMS, ems_vendor));
    }
    for (int j = 0; j < n_in; j++) {
        int p = pa->in_area[j];
        double hh = prefs[p].households;
        fmt_id(g, "pw-%s-scada", prefs[p].id);
        KIKAN_CHECK(add_asset(g, tdo, g->sec_power, "scada_centre", p, 0, 72, 72, 0, &REPAIR_SYSTEM,
                              &g->scada[p]));
        KIKAN_CHECK(dep(g, g->bulk[p], g->scada[p], "power", NULL, 1));
        for (int e = 0; e < 2; e++) {
            KIKAN_CHECK(dep(g, ems[e], g->scada[p], "control", "ems", 1));
        }
        KIKAN_CHECK(install(g, g->scada[p], C_SCADA, scada_vendor));
        kikan_id_t n_sub = granular(g, hh, HH_PER_SUBSTATION);
        double base = floor(hh / n_sub), rem = hh - base * n_sub;
        for (kikan_id_t i = 0; i < n_sub; i++) {
            kikan_id_t s;
            fmt_id(g, "pw-%s-sub-%04d", prefs[p].id, (int)i + 1);
            KIKAN_CHECK(add_asset(g, tdo, g->sec_power, "substation", p, base + (i < rem ? 1 : 0),
                                  0, 0, 0, &REPAIR_FIELD, &s));
            if (i == 0) {
                g->sub_first[p] = s;
            }
            KIKAN_CHECK(dep(g, g->bulk[p], s, "power", NULL, 1));
            KIKAN_CHECK(dep(g, g->scada[p], s, "control", NULL, 1));
            KIKAN_CHECK(kikan_world_add_link(g->w, g->bulk[p], s, NULL));
        }
        g->sub_n[p] = n_sub;
    }
cleanup:
    return err;
}

static kikan_error_t build_power(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t tdo[N_AREA], genco[N_GENCOS];
    double gen_mw[N_GENCOS] = {0};

    KIKAN_CHECK(power_operators(g, tdo, genco));
    for (int a = 0; a < N_AREA; a++) {
        power_area_t pa = {.a = a, .n_in = 0};
        for (int p = 0; p < N_PREF; p++) {
            if (prefs[p].area == a) {
                pa.in_area[pa.n_in++] = p;
            }
        }
        KIKAN_CHECK(power_plants(g, &pa, genco, gen_mw));
        KIKAN_CHECK(power_bulk(g, &pa, tdo[a]));
        KIKAN_CHECK(power_control(g, &pa, tdo[a]));
    }
    /* inter-area ties (P§3): the 50/60 Hz converters and AC/DC links between areas */
    static const int ties[][2] = {{P_HOKKAIDO, 1}, {6, P_IBARAKI}, {21, P_KANAGAWA}, {19, 14},
                                  {22, 15},        {23, 24},       {17, 25},         {27, 32},
                                  {29, 35},        {33, 37},       {34, P_FUKUOKA}};
    for (size_t t = 0; t < sizeof(ties) / sizeof(ties[0]); t++) {
        KIKAN_CHECK(kikan_world_add_link(g->w, g->bulk[ties[t][0]], g->bulk[ties[t][1]], NULL));
    }
    for (int o = 0; o < N_GENCOS; o++) {
        if (genco[o] != KIKAN_NONE) {
            KIKAN_CHECK(set_m(g, genco[o], g->m_capacity, gen_mw[o]));
        }
    }
cleanup:
    return err;
}

/* Retail suppliers (P§4): 706 operators, nearly all small (SME); each has one supply-and-billing
   system that serves no one directly (its customers are served by the grid) and depends on the
   grid; nothing depends on it. Customers: Pareto(1.1), scaled to 16 M households in all. */
static kikan_error_t build_retail(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    double cust[N_RETAIL], sum = 0;
    for (int i = 0; i < N_RETAIL; i++) {
        cust[i] = pareto(g, 1.0, 1.1);
        sum += cust[i];
    }
    for (int i = 0; i < N_RETAIL; i++) {
        kikan_id_t op, a;
        double c = floor(RETAIL_CUSTOMERS * cust[i] / sum + 0.5);
        char name[64];
        snprintf(name, sizeof(name), "Retail electricity supplier %03d", i + 1);
        KIKAN_CHECK(add_op(g, fmt_id(g, "retail-%03d", i + 1), name, g->sec_power,
                           c < RETAIL_SME_BELOW, &op));
        KIKAN_CHECK(set_m(g, op, g->m_customers, c));
        int p = pick_pref(g);
        fmt_id(g, "pw-retail-%03d-system", i + 1);
        KIKAN_CHECK(
            add_asset(g, op, g->sec_power, "retail_system", p, 0, 1, 1, 0, &REPAIR_SYSTEM, &a));
        KIKAN_CHECK(dep(g, substation_in(g, p), a, "power", NULL, 1));
    }
cleanup:
    return err;
}

/* ==== telecom (P§5) ====================================================================== */

/* Data-centre placement (P§5): 60% Tokyo area, 30% Osaka area, 10% elsewhere (DATA.md:
   "about 60% in the Tokyo area, most others in Osaka"). */
static const int dc_prefs[N_DC] = {
    P_TOKYO,    P_TOKYO,   P_TOKYO,   P_TOKYO,   P_TOKYO,    P_TOKYO,   P_TOKYO,    P_TOKYO,
    P_TOKYO,    P_TOKYO,   P_TOKYO,   P_TOKYO,   P_TOKYO,    P_TOKYO,   P_KANAGAWA, P_KANAGAWA,
    P_KANAGAWA, P_SAITAMA, P_SAITAMA, P_SAITAMA, P_CHIBA,    P_CHIBA,   P_CHIBA,    P_CHIBA,
    P_OSAKA,    P_OSAKA,   P_OSAKA,   P_OSAKA,   P_OSAKA,    P_OSAKA,   P_OSAKA,    P_OSAKA,
    P_OSAKA,    P_HYOGO,   P_KYOTO,   P_KYOTO,   P_HOKKAIDO, P_FUKUOKA, P_FUKUOKA,  P_OKINAWA};

/* Base-station battery hours (DATA.md: from a few hours to about 24 h; 24 h required since
   2020 where the station covers a municipal office): 15% of clusters hold 24 h; the rest
   run between 2-6 h (the first stations of the cluster to go dark) and up to 6-24 h. */
#define BS_MUNICIPAL_SHARE 0.15
#define BS_RESTART_SHARE 0.25 /* need a site visit to restart after power returns (DATA.md) */

#define CABLES_NEEDED 4 /* of the 6 landing stations, to reach the region abroad (P§5) [M] */

static const char *const ntt_id[2] = {"ntt-west", "ntt-east"};
static const char *const ntt_name[2] = {"NTT West", "NTT East"};

/* NTT East/West (fixed lines): the operators and their two core sites each. */
static kikan_error_t telecom_ntt(gen_t *g, kikan_id_t ntt[2])
{
    kikan_error_t err = KIKAN_OK;
    static const int ntt_core_pref[2][2] = {{P_OSAKA, P_FUKUOKA}, {P_TOKYO, P_MIYAGI}};
    for (int e = 1; e >= 0; e--) {
        double lines = 0;
        for (int p = 0; p < N_PREF; p++) {
            lines += prefs[p].east == e ? FIXED_LINES_PER_HH * prefs[p].households : 0;
        }
        KIKAN_CHECK(add_op(g, ntt_id[e], ntt_name[e], g->sec_telecom, 0, &ntt[e]));
        KIKAN_CHECK(set_m(g, ntt[e], g->m_customers, lines));
        kikan_id_t netctl = pick_vendor(g, C_NETCTL), subscr = pick_vendor(g, C_SUBSCR);
        for (int c = 0; c < 2; c++) {
            int p = ntt_core_pref[e][c];
            fmt_id(g, "tc-%s-core-%s", ntt_id[e], prefs[p].id);
            KIKAN_CHECK(add_asset(g, ntt[e], g->sec_telecom, "core_site", p, 0, 72, 72, 0,
                                  &REPAIR_SYSTEM, &g->ntt_core[e][c]));
            KIKAN_CHECK(dep(g, substation_in(g, p), g->ntt_core[e][c], "power", NULL, 1));
            KIKAN_CHECK(install(g, g->ntt_core[e][c], C_NETCTL, netctl));
            KIKAN_CHECK(install(g, g->ntt_core[e][c], C_SUBSCR, subscr));
        }
        KIKAN_CHECK(kikan_world_add_link(g->w, g->ntt_core[e][0], g->ntt_core[e][1], NULL));
    }
    KIKAN_CHECK(kikan_world_add_link(g->w, g->ntt_core[1][0], g->ntt_core[0][0], NULL));
cleanup:
    return err;
}

/* NTT's regional exchanges, per prefecture. */
static kikan_error_t telecom_exchanges(gen_t *g, const kikan_id_t ntt[2])
{
    kikan_error_t err = KIKAN_OK;
    for (int p = 0; p < N_PREF; p++) {
        int e = prefs[p].east;
        double lines = FIXED_LINES_PER_HH * prefs[p].households;
        kikan_id_t n = granular(g, prefs[p].households, HH_PER_EXCHANGE);
        kikan_id_t sw = pick_vendor(g, C_SWITCH);
        for (kikan_id_t i = 0; i < n; i++) {
            kikan_id_t x;
            /* exchanges: batteries and generators (DATA.md) — 24 to 72 h of fuel; 10% need
               a manual restart of 1-4 h */
            double restart = uni(g) < 0.10 ? hours(uniform(g, 1, 4)) : 0;
            fmt_id(g, "tc-%s-%s-ex-%03d", ntt_id[e], prefs[p].id, (int)i + 1);
            KIKAN_CHECK(add_asset(g, ntt[e], g->sec_telecom, "exchange", p,
                                  part(lines, i, i + 1, n), 24, 72, restart, &REPAIR_SITE, &x));
            if (i == 0) {
                g->ex_first[p] = x;
            }
            KIKAN_CHECK(dep(g, substation_in(g, p), x, "power", NULL, 1));
            for (int c = 0; c < 2; c++) {
                KIKAN_CHECK(dep(g, g->ntt_core[e][c], x, "control", "core", 1));
            }
            KIKAN_CHECK(kikan_world_add_link(g->w, g->ntt_core[e][0], x, NULL));
            KIKAN_CHECK(install(g, x, C_SWITCH, sw));
        }
        g->ex_n[p] = n;
    }
cleanup:
    return err;
}

/* Data centres and internet exchanges. */
static kikan_error_t telecom_datacentres(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    static const char *dc_ops[][2] = {{"dc-ntt-com", "NTT Communications (data centres)"},
                                      {"dc-telehouse", "KDDI Telehouse"},
                                      {"dc-equinix-jp", "Equinix Japan"},
                                      {"dc-mcdr", "MC Digital Realty"},
                                      {"dc-iij", "Internet Initiative Japan (data centres)"},
                                      {"dc-sakura", "Sakura Internet"}};
    kikan_id_t dco[6];
    for (int i = 0; i < 6; i++) {
        KIKAN_CHECK(add_op(g, dc_ops[i][0], dc_ops[i][1], g->sec_telecom, 0, &dco[i]));
    }
    for (int i = 0; i < N_DC; i++) {
        int p = dc_prefs[i];
        g->dc_pref[i] = p;
        fmt_id(g, "tc-dc-%02d-%s", i + 1, prefs[p].id);
        /* generators with fuel contracts: 48-72 h (P§5) */
        KIKAN_CHECK(add_asset(g, dco[i % 6], g->sec_telecom, "data_centre", p, 0, 48, 72, 0,
                              &REPAIR_SITE, &g->dc[i]));
        KIKAN_CHECK(dep(g, substation_in(g, p), g->dc[i], "power", NULL, 1));
    }
    static const char *ixs[3][2] = {
        {"ix-jpix", "JPIX"}, {"ix-jpnap", "JPNAP"}, {"ix-bbix", "BBIX"}};
    for (int i = 0; i < 3; i++) {
        kikan_id_t op;
        KIKAN_CHECK(add_op(g, ixs[i][0], ixs[i][1], g->sec_telecom, 1, &op));
        for (int site = 0; site < 2; site++) {
            kikan_id_t *slot = site == 0 ? &g->ix_tokyo[i] : &g->ix_osaka[i];
            int p = site == 0 ? P_TOKYO : P_OSAKA;
            fmt_id(g, "tc-%s-%s", ixs[i][0], prefs[p].id);
            KIKAN_CHECK(add_asset(g, op, g->sec_telecom, "internet_exchange", p, 0, 0, 0, 0,
                                  &REPAIR_SYSTEM, slot));
            /* an IX node sits in one data centre of its city (the first ones are in Tokyo
               and Osaka respectively) */
            kikan_id_t host = site == 0 ? g->dc[i] : g->dc[24 + i];
            KIKAN_CHECK(dep(g, host, *slot, "data", NULL, 1));
            KIKAN_CHECK(kikan_world_add_link(g->w, host, *slot, NULL));
        }
    }
cleanup:
    return err;
}

/* The mobile network operators and their core sites. */
static kikan_error_t telecom_mnos(gen_t *g, kikan_id_t mno_op[N_MNO])
{
    kikan_error_t err = KIKAN_OK;
    for (int m = 0; m < N_MNO; m++) {
        KIKAN_CHECK(add_op(g, mnos[m].id, mnos[m].name, g->sec_telecom, 0, &mno_op[m]));
        KIKAN_CHECK(set_m(g, mno_op[m], g->m_customers, MOBILE_CONTRACTS * mnos[m].share));
        kikan_id_t netctl = pick_vendor(g, C_NETCTL), subscr = pick_vendor(g, C_SUBSCR);
        kikan_id_t sw = pick_vendor(g, C_SWITCH);
        for (int c = 0; c < mnos[m].n_core; c++) {
            int p = mnos[m].core_pref[c];
            fmt_id(g, "tc-%s-core-%s", mnos[m].id, prefs[p].id);
            KIKAN_CHECK(add_asset(g, mno_op[m], g->sec_telecom, "core_site", p, 0, 72, 72, 0,
                                  &REPAIR_SYSTEM, &g->mno_core[m][c]));
            /* P§11: each core site's subscriber management holds its share of the records */
            KIKAN_CHECK(
                records(g, g->mno_core[m][c],
                        MOBILE_CONTRACTS * mnos[m].share * PEOPLE_PER_CONTRACT / mnos[m].n_core));
            KIKAN_CHECK(dep(g, substation_in(g, p), g->mno_core[m][c], "power", NULL, 1));
            KIKAN_CHECK(install(g, g->mno_core[m][c], C_SWITCH, sw));
            KIKAN_CHECK(install(g, g->mno_core[m][c], C_NETCTL, netctl));
            KIKAN_CHECK(install(g, g->mno_core[m][c], C_SUBSCR, subscr));
            if (c > 0) {
                KIKAN_CHECK(kikan_world_add_link(g->w, g->mno_core[m][0], g->mno_core[m][c], NULL));
            }
        }
        KIKAN_CHECK(kikan_world_add_link(g->w, g->mno_core[m][0], g->ntt_core[1][0], NULL));
    }
cleanup:
    return err;
}

/* The submarine-cable landing stations, owned by NTT East's side, KDDI or SoftBank. */
static kikan_error_t telecom_landing(gen_t *g, const kikan_id_t ntt[2],
                                     const kikan_id_t mno_op[N_MNO])
{
    kikan_error_t err = KIKAN_OK;
    /* landing stations (DATA.md: mostly Boso peninsula (Chiba) and Shima peninsula (Mie)) */
    static const struct {
        const char *site;
        int pref, owner; /* owner: 0 NTT East side (NTT Com), 1 KDDI, 2 SoftBank */
    } landing[] = {{"maruyama", P_CHIBA, 1},   {"chikura", P_CHIBA, 0},
                   {"minamiboso", P_CHIBA, 2}, {"kitaibaraki", P_IBARAKI, 1},
                   {"shima", P_MIE, 1},        {"toba", P_MIE, 0}};
    for (int i = 0; i < g->n_landing; i++) {
        kikan_id_t owner = landing[i].owner == 0 ? ntt[1] : mno_op[landing[i].owner];
        fmt_id(g, "tc-landing-%s", landing[i].site);
        KIKAN_CHECK(add_asset(g, owner, g->sec_telecom, "landing_station", landing[i].pref, 0, 72,
                              72, 0, &REPAIR_SITE, &g->landing[i]));
        KIKAN_CHECK(dep(g, substation_in(g, landing[i].pref), g->landing[i], "power", NULL, 1));
        KIKAN_CHECK(install(g, g->landing[i], C_CABLE, -1));
        KIKAN_CHECK(kikan_world_add_link(g->w, g->landing[i], g->ix_tokyo[i % 3], NULL));
    }
cleanup:
    return err;
}

static kikan_error_t telecom_base_stations(gen_t *g, const kikan_id_t mno_op[N_MNO])
{
    kikan_error_t err = KIKAN_OK;
    /* base-station clusters per prefecture per MNO: customers = the MNO's own contracts
       (its share of 218 M) split by households; MVNO contracts are counted at the MVNOs */
    for (int p = 0; p < N_PREF; p++) {
        for (int m = 0; m < N_MNO; m++) {
            double contracts =
                floor(MOBILE_CONTRACTS * mnos[m].share * prefs[p].households / g->hh_total + 0.5);
            kikan_id_t n = granular(g, contracts, CONTRACTS_PER_BS);
            for (kikan_id_t i = 0; i < n; i++) {
                kikan_id_t b;
                double lo, hi;
                if (uni(g) < BS_MUNICIPAL_SHARE) {
                    lo = hi = 24;
                } else {
                    lo = hours(uniform(g, 2, 6));
                    hi = hours(uniform(g, 6, 24));
                }
                double restart = uni(g) < BS_RESTART_SHARE ? hours(uniform(g, 1, 6)) : 0;
                fmt_id(g, "tc-%s-%s-bs-%04d", mnos[m].id, prefs[p].id, (int)i + 1);
                KIKAN_CHECK(add_asset(g, mno_op[m], g->sec_telecom, "base_station", p,
                                      part(contracts, i, i + 1, n), lo, hi, restart, &REPAIR_FIELD,
                                      &b));
                KIKAN_CHECK(dep(g, substation_in(g, p), b, "power", NULL, 1));
                kikan_id_t ex = exchange_in(g, p);
                KIKAN_CHECK(dep(g, ex, b, "telecom", NULL, 1));
                for (int c = 0; c < mnos[m].n_core; c++) {
                    KIKAN_CHECK(dep(g, g->mno_core[m][c], b, "control", "core", 1));
                }
                KIKAN_CHECK(kikan_world_add_link(g->w, ex, b, NULL));
                KIKAN_CHECK(install(g, b, C_RAN, -1));
            }
        }
    }
cleanup:
    return err;
}

static kikan_error_t telecom_mvnos(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    char name[96];
    /* MVNOs (P§5): 16% of contracts, Pareto(1.1) sizes; each runs a core (subscriber
       management) in Tokyo that rides on its host MNO's core sites */
    double w[N_MVNO], wsum = 0, wcum = 0;
    const double mvno_total = floor(MOBILE_CONTRACTS * MVNO_SHARE + 0.5);
    for (int i = 0; i < N_MVNO; i++) {
        w[i] = pareto(g, 1.0, 1.1);
        wsum += w[i];
    }
    for (int i = 0; i < N_MVNO; i++) {
        kikan_id_t op, a;
        double contracts = part(mvno_total, wcum, wcum + w[i], wsum);
        wcum += w[i];
        double x = uni(g), acc = 0;
        int host = 0;
        for (int m = 0; m < N_MNO; m++) {
            acc += mnos[m].mvno_host;
            if (x < acc) {
                host = m;
                break;
            }
        }
        snprintf(name, sizeof(name), "MVNO %02d", i + 1);
        KIKAN_CHECK(
            add_op(g, fmt_id(g, "mvno-%02d", i + 1), name, g->sec_telecom, contracts < 1e6, &op));
        KIKAN_CHECK(set_m(g, op, g->m_customers, contracts));
        fmt_id(g, "tc-mvno-%02d-core", i + 1);
        KIKAN_CHECK(add_asset(g, op, g->sec_telecom, "mvno_core", P_TOKYO, contracts, 24, 24, 0,
                              &REPAIR_SYSTEM, &a));
        KIKAN_CHECK(records(g, a, contracts * PEOPLE_PER_CONTRACT));
        KIKAN_CHECK(dep(g, substation_in(g, P_TOKYO), a, "power", NULL, 1));
        for (int c = 0; c < mnos[host].n_core; c++) {
            KIKAN_CHECK(dep(g, g->mno_core[host][c], a, "telecom", "host", 1));
        }
        KIKAN_CHECK(install(g, a, C_SUBSCR, -1));
    }
cleanup:
    return err;
}

static kikan_error_t telecom_clouds(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    /* clouds (DATA.md: each big cloud runs a Tokyo + Osaka region pair; one region abroad,
       reachable over the submarine cables only) */
    static const char *clouds[4][2] = {{"cloud-aws", "Amazon Web Services (Japan)"},
                                       {"cloud-azure", "Microsoft Azure (Japan)"},
                                       {"cloud-gcp", "Google Cloud (Japan)"},
                                       {"cloud-oci", "Oracle Cloud (Japan)"}};
    for (int c = 0; c < 4; c++) {
        kikan_id_t op;
        KIKAN_CHECK(add_op(g, clouds[c][0], clouds[c][1], g->sec_telecom, 0, &op));
        for (int site = 0; site < 2; site++) {
            int p = site == 0 ? P_TOKYO : P_OSAKA;
            fmt_id(g, "tc-%s-%s", clouds[c][0], prefs[p].id);
            KIKAN_CHECK(add_asset(g, op, g->sec_telecom, "cloud_region", p, 0, 48, 72, 0,
                                  &REPAIR_SYSTEM, &g->cloud[c][site]));
            KIKAN_CHECK(dep(g, substation_in(g, p), g->cloud[c][site], "power", NULL, 1));
            for (int i = 0; i < 3; i++) {
                kikan_id_t ix = site == 0 ? g->ix_tokyo[i] : g->ix_osaka[i];
                KIKAN_CHECK(dep(g, ix, g->cloud[c][site], "telecom", "ix", 1));
            }
        }
        if (c == 0) {
            fmt_id(g, "tc-%s-abroad", clouds[c][0]);
            /* no backup hours: its power is abroad and not modelled (a generator would not
               bridge the loss of the cables anyway: backup hours bridge power and fuel only) */
            KIKAN_CHECK(add_asset(g, op, g->sec_telecom, "cloud_region", -1, 0, 0, 0, 0,
                                  &REPAIR_SYSTEM, &g->cloud_abroad));
            /* enough capacity abroad needs 4 of the 6 landing stations: the Boso trio carries
               the bulk of the trans-Pacific capacity, so losing it leaves too little (P§5) */
            for (int i = 0; i < g->n_landing; i++) {
                KIKAN_CHECK(
                    dep(g, g->landing[i], g->cloud_abroad, "telecom", "cables", CABLES_NEEDED));
            }
        }
    }
cleanup:
    return err;
}

static kikan_error_t build_telecom(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t mno_op[N_MNO], ntt[2];
    KIKAN_CHECK(telecom_ntt(g, ntt));
    KIKAN_CHECK(telecom_exchanges(g, ntt));
    KIKAN_CHECK(telecom_datacentres(g));
    g->n_landing = 6;
    KIKAN_CHECK(telecom_mnos(g, mno_op));
    KIKAN_CHECK(telecom_landing(g, ntt, mno_op));
    KIKAN_CHECK(telecom_base_stations(g, mno_op));
    KIKAN_CHECK(telecom_mvnos(g));
    KIKAN_CHECK(telecom_clouds(g));
cleanup:
    return err;
}

/* ==== rail (P§6) ========================================================================= */

/* Service areas: a bit mask of power areas (AREA) or of prefectures (PREF). */
#define AREA(a) (1u << (a))
typedef struct {
    const char *id, *name;
    double pax;     /* annual passengers, FY2019; NAN for freight */
    unsigned areas; /* power areas served (JR), or 0 */
    int pref[5];    /* prefectures served (others), -1 terminated */
    int shinkansen; /* prefecture of the Shinkansen CTC centre, or -1 */
    double shk_pax; /* Shinkansen passengers a year */
} rail_op_t;

#define NO_P                                                                                       \
    {                                                                                              \
        -1, -1, -1, -1, -1                                                                         \
    }
/* JR East 6.5 bn, JR West 1.9 bn, Tokyo Metro 2.8 bn, Tokyu 1.2 bn, Toei 1.0 bn: DATA.md;
   the others: rounded FY2019 figures from the operators' reports (P§6, approximate). */
static const rail_op_t rail_ops[] = {
    {"jr-east", "JR East", 6.5e9, AREA(A_TOHOKU) | AREA(A_TOKYO), NO_P, P_TOKYO, 0.09e9},
    {"jr-central", "JR Central", 0.58e9, AREA(A_CHUBU), NO_P, P_TOKYO, 0.17e9},
    {"jr-west", "JR West", 1.9e9, AREA(A_KANSAI) | AREA(A_CHUGOKU) | AREA(A_HOKURIKU), NO_P,
     P_OSAKA, 0.08e9},
    {"jr-hokkaido", "JR Hokkaido", 0.135e9, AREA(A_HOKKAIDO), NO_P, P_HOKKAIDO, 0.0016e9},
    {"jr-shikoku", "JR Shikoku", 0.045e9, AREA(A_SHIKOKU), NO_P, -1, 0},
    {"jr-kyushu", "JR Kyushu", 0.33e9, AREA(A_KYUSHU), NO_P, P_FUKUOKA, 0.015e9},
    {"jr-freight", "JR Freight", NAN,
     AREA(A_HOKKAIDO) | AREA(A_TOHOKU) | AREA(A_TOKYO) | AREA(A_CHUBU) | AREA(A_KANSAI) |
         AREA(A_KYUSHU),
     NO_P, -1, 0},
    {"tokyo-metro", "Tokyo Metro", 2.8e9, 0, {P_TOKYO, P_SAITAMA, P_CHIBA, -1, -1}, -1, 0},
    {"tokyu", "Tokyu Railways", 1.2e9, 0, {P_TOKYO, P_KANAGAWA, -1, -1, -1}, -1, 0},
    {"tobu", "Tobu Railway", 0.9e9, 0, {P_TOKYO, P_SAITAMA, 8, 9, P_CHIBA}, -1, 0},
    {"odakyu", "Odakyu Electric Railway", 0.76e9, 0, {P_TOKYO, P_KANAGAWA, -1, -1, -1}, -1, 0},
    {"keio", "Keio Corporation", 0.68e9, 0, {P_TOKYO, -1, -1, -1, -1}, -1, 0},
    {"seibu", "Seibu Railway", 0.65e9, 0, {P_TOKYO, P_SAITAMA, -1, -1, -1}, -1, 0},
    {"keikyu", "Keikyu", 0.48e9, 0, {P_TOKYO, P_KANAGAWA, -1, -1, -1}, -1, 0},
    {"keisei", "Keisei Electric Railway", 0.29e9, 0, {P_TOKYO, P_CHIBA, -1, -1, -1}, -1, 0},
    {"sotetsu", "Sagami Railway", 0.23e9, 0, {P_KANAGAWA, -1, -1, -1, -1}, -1, 0},
    {"meitetsu", "Nagoya Railroad", 0.39e9, 0, {P_AICHI, 20, -1, -1, -1}, -1, 0},
    {"kintetsu", "Kintetsu Railway", 0.57e9, 0, {P_OSAKA, 28, P_KYOTO, P_MIE, P_AICHI}, -1, 0},
    {"hankyu", "Hankyu Corporation", 0.67e9, 0, {P_OSAKA, P_HYOGO, P_KYOTO, -1, -1}, -1, 0},
    {"keihan", "Keihan Electric Railway", 0.29e9, 0, {P_OSAKA, P_KYOTO, -1, -1, -1}, -1, 0},
    {"nankai", "Nankai Electric Railway", 0.24e9, 0, {P_OSAKA, 29, -1, -1, -1}, -1, 0},
    {"hanshin", "Hanshin Electric Railway", 0.24e9, 0, {P_OSAKA, P_HYOGO, -1, -1, -1}, -1, 0},
    {"nishitetsu", "Nishi-Nippon Railroad", 0.10e9, 0, {P_FUKUOKA, -1, -1, -1, -1}, -1, 0},
    {"toei",
     "Toei (Tokyo Metropolitan Bureau of Transportation)",
     1.0e9,
     0,
     {P_TOKYO, -1, -1, -1, -1},
     -1,
     0},
    {"osaka-metro", "Osaka Metro", 0.9e9, 0, {P_OSAKA, -1, -1, -1, -1}, -1, 0},
    {"nagoya-subway", "Nagoya Municipal Subway", 0.45e9, 0, {P_AICHI, -1, -1, -1, -1}, -1, 0},
    {"yokohama-subway",
     "Yokohama Municipal Subway",
     0.24e9,
     0,
     {P_KANAGAWA, -1, -1, -1, -1},
     -1,
     0},
    {"sapporo-subway", "Sapporo Municipal Subway", 0.23e9, 0, {P_HOKKAIDO, -1, -1, -1, -1}, -1, 0},
    {"fukuoka-subway", "Fukuoka City Subway", 0.16e9, 0, {P_FUKUOKA, -1, -1, -1, -1}, -1, 0},
    {"kyoto-subway", "Kyoto Municipal Subway", 0.13e9, 0, {P_KYOTO, -1, -1, -1, -1}, -1, 0},
    {"kobe-subway", "Kobe Municipal Subway", 0.11e9, 0, {P_HYOGO, -1, -1, -1, -1}, -1, 0},
    {"sendai-subway", "Sendai City Subway", 0.09e9, 0, {P_MIYAGI, -1, -1, -1, -1}, -1, 0},
};
enum { N_RAIL_NAMED = sizeof(rail_ops) / sizeof(rail_ops[0]) };
#define N_RAIL_SMALL 138 /* DATA.md: small private operators */
#define N_RAIL_FREIGHT 9 /* DATA.md: 10 freight operators, JR Freight among them */

/* Add one rail operator's assets over the prefectures in pr[0..np). */
static kikan_error_t rail_assets(gen_t *g, kikan_id_t op, const char *id, double pax, const int *pr,
                                 int np, kikan_id_t shk_ctc, double shk_pax, kikan_id_t ctc_vendor)
{
    kikan_error_t err = KIKAN_OK;
    double hh = 0;
    int freight = isnan(pax);
    for (int j = 0; j < np; j++) {
        hh += prefs[pr[j]].households;
    }
    for (int j = 0; j < np; j++) {
        int p = pr[j];
        double share = prefs[p].households / hh;
        kikan_id_t ctc;
        /* a CTC / operations centre per prefecture: UPS and generator for 6-24 h */
        fmt_id(g, "rl-%s-%s-ctc", id, prefs[p].id);
        KIKAN_CHECK(
            add_asset(g, op, g->sec_rail, "ctc_centre", p, 0, 6, 24, 0, &REPAIR_SYSTEM, &ctc));
        KIKAN_CHECK(dep(g, substation_in(g, p), ctc, "power", NULL, 1));
        KIKAN_CHECK(dep(g, exchange_in(g, p), ctc, "telecom", NULL, 1));
        KIKAN_CHECK(install(g, ctc, C_CTC, ctc_vendor));
        if (freight) {
            kikan_id_t t;
            fmt_id(g, "rl-%s-%s-terminal", id, prefs[p].id);
            KIKAN_CHECK(
                add_asset(g, op, g->sec_rail, "freight_terminal", p, 0, 0, 0, 0, &REPAIR_SITE, &t));
            KIKAN_CHECK(dep(g, substation_in(g, p), t, "power", NULL, 1));
            KIKAN_CHECK(dep(g, ctc, t, "control", NULL, 1));
            continue;
        }
        /* conventional line sections: traction power from the grid, control from the CTC */
        double conv = floor((pax - shk_pax) * share + 0.5);
        kikan_id_t n = granular(g, conv, PAX_PER_SECTION), prev = KIKAN_NONE;
        for (kikan_id_t i = 0; i < n; i++) {
            kikan_id_t s;
            fmt_id(g, "rl-%s-%s-ls-%03d", id, prefs[p].id, (int)i + 1);
            KIKAN_CHECK(add_asset(g, op, g->sec_rail, "line_section", p, part(conv, i, i + 1, n), 0,
                                  0, 0, &REPAIR_FIELD, &s));
            KIKAN_CHECK(dep(g, substation_in(g, p), s, "power", NULL, 1));
            KIKAN_CHECK(dep(g, ctc, s, "control", NULL, 1));
            if (prev != KIKAN_NONE) {
                KIKAN_CHECK(kikan_world_add_link(g->w, prev, s, NULL));
            }
            prev = s;
        }
        if (shk_ctc != KIKAN_NONE) {
            double sp = floor(shk_pax * share + 0.5);
            kikan_id_t ns = granular(g, sp, PAX_PER_SECTION);
            for (kikan_id_t i = 0; i < ns; i++) {
                kikan_id_t s;
                fmt_id(g, "rl-%s-%s-shinkansen-%03d", id, prefs[p].id, (int)i + 1);
                KIKAN_CHECK(add_asset(g, op, g->sec_rail, "shinkansen_section", p,
                                      part(sp, i, i + 1, ns), 0, 0, 0, &REPAIR_FIELD, &s));
                KIKAN_CHECK(dep(g, substation_in(g, p), s, "power", NULL, 1));
                KIKAN_CHECK(dep(g, shk_ctc, s, "control", NULL, 1));
                KIKAN_CHECK(kikan_world_add_link(g->w, shk_ctc, s, NULL));
            }
        }
    }
cleanup:
    return err;
}

static kikan_error_t build_rail(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    int pr[N_PREF];
    char name[96];
    for (int o = 0; o < N_RAIL_NAMED; o++) {
        const rail_op_t *r = &rail_ops[o];
        kikan_id_t op, shk = KIKAN_NONE;
        int np = 0;
        for (int p = 0; p < N_PREF; p++) {
            if (r->areas & AREA(prefs[p].area)) {
                pr[np++] = p;
            }
        }
        for (int j = 0; j < 5 && r->pref[j] >= 0; j++) {
            pr[np++] = r->pref[j];
        }
        KIKAN_CHECK(add_op(g, r->id, r->name, g->sec_rail, 0, &op));
        KIKAN_CHECK(set_m(g, op, g->m_passengers, r->pax));
        kikan_id_t vendor = pick_vendor(g, C_CTC);
        if (r->shinkansen >= 0) {
            /* the Shinkansen CTC centre (DATA.md: CTC at operations centres), with a
               generator for 72 h */
            fmt_id(g, "rl-%s-shinkansen-ctc", r->id);
            KIKAN_CHECK(add_asset(g, op, g->sec_rail, "shinkansen_ctc", r->shinkansen, 0, 72, 72, 0,
                                  &REPAIR_SYSTEM, &shk));
            KIKAN_CHECK(dep(g, substation_in(g, r->shinkansen), shk, "power", NULL, 1));
            KIKAN_CHECK(dep(g, exchange_in(g, r->shinkansen), shk, "telecom", NULL, 1));
            KIKAN_CHECK(install(g, shk, C_CTC, vendor));
        }
        KIKAN_CHECK(rail_assets(g, op, r->id, r->pax, pr, np, shk, r->shk_pax, vendor));
    }
    /* small private operators (SME): one prefecture each, drawn by households;
       Pareto(1.2) passengers from 0.3 M a year, capped at 60 M (below the majors) */
    for (int i = 0; i < N_RAIL_SMALL; i++) {
        kikan_id_t op;
        double pax = fmin(pareto(g, 0.3e6, 1.2), 60e6);
        pax = floor(pax + 0.5);
        int p = pick_pref(g);
        snprintf(name, sizeof(name), "Small private railway %03d", i + 1);
        const char *id = fmt_id(g, "rail-small-%03d", i + 1);
        char idc[32];
        snprintf(idc, sizeof(idc), "%s", id);
        KIKAN_CHECK(add_op(g, idc, name, g->sec_rail, 1, &op));
        KIKAN_CHECK(set_m(g, op, g->m_passengers, pax));
        KIKAN_CHECK(rail_assets(g, op, idc, pax, &p, 1, KIKAN_NONE, 0, pick_vendor(g, C_CTC)));
    }
    for (int i = 0; i < N_RAIL_FREIGHT; i++) {
        kikan_id_t op;
        int p = pick_pref(g);
        char idc[32];
        snprintf(idc, sizeof(idc), "rail-freight-%02d", i + 1);
        snprintf(name, sizeof(name), "Regional freight railway %02d", i + 1);
        KIKAN_CHECK(add_op(g, idc, name, g->sec_rail, 1, &op));
        KIKAN_CHECK(rail_assets(g, op, idc, NAN, &p, 1, KIKAN_NONE, 0, pick_vendor(g, C_CTC)));
    }
cleanup:
    return err;
}

/* ==== airports and aviation (P§7) ======================================================== */

enum { AP_HUB, AP_LOCAL, AP_OTHER, AP_JOINT };
enum {
    OP_JCAB,
    OP_JAT,
    OP_NAA,
    OP_KANSAI,
    OP_CJIAC,
    OP_HAP,
    OP_FUKUOKA,
    OP_PREF,
    OP_OWN,
    N_AP_OPS = OP_PREF
};
/* The 97 airports by class (DATA.md: 28 hub, 54 local, 7 other, 8 joint). Passengers FY2023:
   Haneda, Narita, Kansai, Fukuoka, New Chitose from DATA.md; the other hubs and a few local
   airports rounded from MLIT airport statistics (approximate); NAN = drawn (heavy tail). */
static const struct {
    const char *id;
    int cls, pref;
    double pax;
    int op;
} airports[] = {
    {"haneda", AP_HUB, 12, 80.9e6, OP_JAT},
    {"narita", AP_HUB, 11, 33.8e6, OP_NAA},
    {"kansai", AP_HUB, 26, 25.8e6, OP_KANSAI},
    {"fukuoka", AP_HUB, 39, 24.9e6, OP_FUKUOKA},
    {"new-chitose", AP_HUB, 0, 22.9e6, OP_HAP},
    {"naha", AP_HUB, 46, 19.0e6, OP_JCAB},
    {"osaka-itami", AP_HUB, 26, 14.5e6, OP_KANSAI},
    {"chubu", AP_HUB, 22, 10.0e6, OP_CJIAC},
    {"kagoshima", AP_HUB, 45, 5.3e6, OP_JCAB},
    {"sendai", AP_HUB, 3, 3.2e6, OP_JCAB},
    {"kumamoto", AP_HUB, 42, 3.2e6, OP_JCAB},
    {"nagasaki", AP_HUB, 41, 3.0e6, OP_JCAB},
    {"miyazaki", AP_HUB, 44, 2.9e6, OP_JCAB},
    {"matsuyama", AP_HUB, 37, 2.9e6, OP_JCAB},
    {"hiroshima", AP_HUB, 33, 2.6e6, OP_JCAB},
    {"oita", AP_HUB, 43, 1.8e6, OP_JCAB},
    {"takamatsu", AP_HUB, 36, 1.8e6, OP_JCAB},
    {"hakodate", AP_HUB, 0, 1.6e6, OP_HAP},
    {"kochi", AP_HUB, 38, 1.4e6, OP_JCAB},
    {"kitakyushu", AP_HUB, 39, 1.3e6, OP_JCAB},
    {"niigata", AP_HUB, 14, 1.0e6, OP_JCAB},
    {"akita", AP_HUB, 4, 1.0e6, OP_JCAB},
    {"asahikawa", AP_HUB, 0, 0.9e6, OP_HAP},
    {"yamaguchi-ube", AP_HUB, 34, 0.8e6, OP_JCAB},
    {"kushiro", AP_HUB, 0, 0.7e6, OP_HAP},
    {"obihiro", AP_HUB, 0, 0.6e6, OP_HAP},
    {"yamagata", AP_HUB, 5, 0.3e6, OP_JCAB},
    {"wakkanai", AP_HUB, 0, 0.2e6, OP_HAP},
    /* local (54) */
    {"rishiri", AP_LOCAL, 0, NAN, OP_PREF},
    {"rebun", AP_LOCAL, 0, NAN, OP_PREF},
    {"okushiri", AP_LOCAL, 0, NAN, OP_PREF},
    {"nakashibetsu", AP_LOCAL, 0, NAN, OP_PREF},
    {"monbetsu", AP_LOCAL, 0, NAN, OP_PREF},
    {"memanbetsu", AP_LOCAL, 0, 0.7e6, OP_HAP},
    {"aomori", AP_LOCAL, 1, 1.0e6, OP_PREF},
    {"hanamaki", AP_LOCAL, 2, 0.4e6, OP_PREF},
    {"odate-noshiro", AP_LOCAL, 4, NAN, OP_PREF},
    {"shonai", AP_LOCAL, 5, NAN, OP_PREF},
    {"fukushima", AP_LOCAL, 6, NAN, OP_PREF},
    {"oshima", AP_LOCAL, 12, NAN, OP_PREF},
    {"niijima", AP_LOCAL, 12, NAN, OP_PREF},
    {"kozushima", AP_LOCAL, 12, NAN, OP_PREF},
    {"miyakejima", AP_LOCAL, 12, NAN, OP_PREF},
    {"hachijojima", AP_LOCAL, 12, NAN, OP_PREF},
    {"sado", AP_LOCAL, 14, NAN, OP_PREF},
    {"toyama", AP_LOCAL, 15, 0.4e6, OP_PREF},
    {"noto", AP_LOCAL, 16, NAN, OP_PREF},
    {"fukui", AP_LOCAL, 17, NAN, OP_PREF},
    {"matsumoto", AP_LOCAL, 19, NAN, OP_PREF},
    {"shizuoka", AP_LOCAL, 21, 0.6e6, OP_PREF},
    {"kobe", AP_LOCAL, 27, 3.3e6, OP_KANSAI},
    {"nanki-shirahama", AP_LOCAL, 29, NAN, OP_PREF},
    {"tottori", AP_LOCAL, 30, NAN, OP_PREF},
    {"oki", AP_LOCAL, 31, NAN, OP_PREF},
    {"izumo", AP_LOCAL, 31, 0.9e6, OP_PREF},
    {"iwami", AP_LOCAL, 31, NAN, OP_PREF},
    {"okayama", AP_LOCAL, 32, 1.2e6, OP_PREF},
    {"saga", AP_LOCAL, 40, 0.7e6, OP_PREF},
    {"tsushima", AP_LOCAL, 41, NAN, OP_PREF},
    {"ojika", AP_LOCAL, 41, NAN, OP_PREF},
    {"fukue", AP_LOCAL, 41, NAN, OP_PREF},
    {"iki", AP_LOCAL, 41, NAN, OP_PREF},
    {"tanegashima", AP_LOCAL, 45, NAN, OP_PREF},
    {"yakushima", AP_LOCAL, 45, NAN, OP_PREF},
    {"amami", AP_LOCAL, 45, NAN, OP_PREF},
    {"kikai", AP_LOCAL, 45, NAN, OP_PREF},
    {"tokunoshima", AP_LOCAL, 45, NAN, OP_PREF},
    {"okinoerabu", AP_LOCAL, 45, NAN, OP_PREF},
    {"yoron", AP_LOCAL, 45, NAN, OP_PREF},
    {"satsuma-iojima", AP_LOCAL, 45, NAN, OP_PREF},
    {"kumejima", AP_LOCAL, 46, NAN, OP_PREF},
    {"kerama", AP_LOCAL, 46, NAN, OP_PREF},
    {"aguni", AP_LOCAL, 46, NAN, OP_PREF},
    {"minami-daito", AP_LOCAL, 46, NAN, OP_PREF},
    {"kita-daito", AP_LOCAL, 46, NAN, OP_PREF},
    {"miyako", AP_LOCAL, 46, 1.8e6, OP_PREF},
    {"shimojishima", AP_LOCAL, 46, NAN, OP_PREF},
    {"tarama", AP_LOCAL, 46, NAN, OP_PREF},
    {"new-ishigaki", AP_LOCAL, 46, 2.6e6, OP_PREF},
    {"yonaguni", AP_LOCAL, 46, NAN, OP_PREF},
    {"iejima", AP_LOCAL, 46, NAN, OP_PREF},
    {"hateruma", AP_LOCAL, 46, NAN, OP_PREF},
    /* other (7) */
    {"chofu", AP_OTHER, 12, NAN, OP_OWN},
    {"nagoya-komaki", AP_OTHER, 22, NAN, OP_OWN},
    {"tajima", AP_OTHER, 27, NAN, OP_OWN},
    {"konan", AP_OTHER, 32, NAN, OP_OWN},
    {"amakusa", AP_OTHER, 42, NAN, OP_OWN},
    {"oita-kenou", AP_OTHER, 43, NAN, OP_OWN},
    {"yao", AP_OTHER, 26, NAN, OP_OWN},
    /* joint civil-military (8) */
    {"sapporo-okadama", AP_JOINT, 0, 0.3e6, OP_JCAB},
    {"chitose", AP_JOINT, 0, 0.01e6, OP_JCAB},
    {"misawa", AP_JOINT, 1, 0.3e6, OP_JCAB},
    {"hyakuri-ibaraki", AP_JOINT, 7, 0.6e6, OP_JCAB},
    {"komatsu", AP_JOINT, 16, 1.5e6, OP_JCAB},
    {"miho-yonago", AP_JOINT, 30, 0.6e6, OP_JCAB},
    {"iwakuni", AP_JOINT, 34, 0.4e6, OP_JCAB},
    {"tokushima", AP_JOINT, 35, 0.8e6, OP_JCAB},
};
enum { N_AIRPORTS = sizeof(airports) / sizeof(airports[0]) };

/* Airport backup power (P§7): a hub's emergency generators carry its safety loads (lighting,
   ATC, fire systems), not the passenger operations of a large terminal: operations stop within
   0.5-3 h of losing mains power and take 12 h to restart (inspections, terminal systems) —
   DATA.md: New Chitose closed all of 6 Sep 2018, power back ~18:00, domestic terminal reopened
   10:00 next day. Joint airports share military generators (24-48 h); local airports 4-12 h
   (DATA.md: a smaller Hokkaido airport closed when its generator fuel ran short); other
   airports 2-6 h. */
static const double ap_backup[4][2] = {{0.5, 3}, {4, 12}, {2, 6}, {24, 48}};
static const double ap_restart[4] = {12, 0, 0, 0};

/* Carriers (P§7): ANA and JAL groups and 20 smaller scheduled carriers; passengers a year
   (domestic + international, FY2023, rounded; the tail of small commuters is drawn). */
static const struct {
    const char *id, *name;
    double pax;
} carriers[] = {
    {"ana", "ANA Group", 48e6},
    {"jal", "JAL Group", 41e6},
    {"peach", "Peach Aviation", 8.0e6},
    {"skymark", "Skymark Airlines", 7.5e6},
    {"jetstar-jp", "Jetstar Japan", 6.0e6},
    {"airdo", "Air Do", 2.0e6},
    {"solaseed", "Solaseed Air", 1.9e6},
    {"starflyer", "StarFlyer", 1.3e6},
    {"spring-jp", "Spring Japan", 0.9e6},
    {"zipair", "ZIPAIR Tokyo", 0.8e6},
    {"fuji-dream", "Fuji Dream Airlines", 0.8e6},
    {"ibex", "IBEX Airlines", 0.6e6},
    {"oab", "Oriental Air Bridge", 0.15e6},
    {"toki-air", "Toki Air", 0.08e6},
    {"amakusa-air", "Amakusa Airlines", 0.07e6},
    {"commuter-1", "Island commuter carrier 1", NAN},
    {"commuter-2", "Island commuter carrier 2", NAN},
    {"commuter-3", "Island commuter carrier 3", NAN},
    {"commuter-4", "Island commuter carrier 4", NAN},
    {"commuter-5", "Island commuter carrier 5", NAN},
    {"commuter-6", "Island commuter carrier 6", NAN},
    {"commuter-7", "Island commuter carrier 7", NAN},
};
enum { N_CARRIERS = sizeof(carriers) / sizeof(carriers[0]) };

/* Low-cost carriers whose reservation system is a vendor-hosted platform run from the cloud
   region abroad, with no region in Japan to fail over to (P§7) [M]. */
static int hosted_abroad(const char *carrier)
{
    static const char *const lcc[] = {"peach", "jetstar-jp", "spring-jp", "zipair"};
    for (size_t i = 0; i < sizeof(lcc) / sizeof(lcc[0]); i++) {
        if (strcmp(carrier, lcc[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The airport operators (apop[], JCAB at OP_JCAB) and JCAB's area control centres. */
static kikan_error_t air_control(gen_t *g, kikan_id_t apop[N_AP_OPS])
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t two[2] = {g->sec_aviation, g->sec_airports};
    static const char *ap_ops[N_AP_OPS][2] = {
        {"jcab", "Japan Civil Aviation Bureau"},
        {"ap-jat", "Japan Airport Terminal (Haneda)"},
        {"ap-naa", "Narita International Airport Corporation"},
        {"ap-kansai", "Kansai Airports"},
        {"ap-cjiac", "Central Japan International Airport Company"},
        {"ap-hap", "Hokkaido Airports"},
        {"ap-fukuoka", "Fukuoka International Airport"}};
    static const struct {
        const char *id;
        int pref;
    } acc[4] = {
        {"sapporo", P_HOKKAIDO}, {"tokyo", P_SAITAMA}, {"fukuoka", P_FUKUOKA}, {"naha", P_OKINAWA}};
    kikan_id_t jcab;

    KIKAN_CHECK(kikan_world_add_operator(g->w, ap_ops[0][0], ap_ops[0][1], two, 2, 0, &jcab));
    apop[OP_JCAB] = jcab;
    for (int o = 1; o < N_AP_OPS; o++) {
        KIKAN_CHECK(add_op(g, ap_ops[o][0], ap_ops[o][1], g->sec_airports, 0, &apop[o]));
    }
    /* area control centres (JCAB), generators for 72 h */
    kikan_id_t atc_vendor = pick_vendor(g, C_ATC);
    for (int i = 0; i < 4; i++) {
        fmt_id(g, "av-atc-%s", acc[i].id);
        KIKAN_CHECK(add_asset(g, jcab, g->sec_aviation, "atc_centre", acc[i].pref, 0, 72, 72, 0,
                              &REPAIR_SYSTEM, &g->atc[i]));
        KIKAN_CHECK(dep(g, substation_in(g, acc[i].pref), g->atc[i], "power", NULL, 1));
        KIKAN_CHECK(dep(g, exchange_in(g, acc[i].pref), g->atc[i], "telecom", NULL, 1));
        KIKAN_CHECK(install(g, g->atc[i], C_ATC, atc_vendor));
    }
cleanup:
    return err;
}

/* Airports: one terminal asset each, customers = passengers a year (pax[], term[]); the
   operators' passengers. */
static kikan_error_t air_airports(gen_t *g, const kikan_id_t apop[N_AP_OPS], double pax[N_AIRPORTS],
                                  kikan_id_t term[N_AIRPORTS])
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t pref_op[N_PREF];
    char name[96];
    for (int p = 0; p < N_PREF; p++) {
        pref_op[p] = KIKAN_NONE;
    }
    double op_pax[N_AP_OPS] = {0};
    for (int i = 0; i < N_AIRPORTS; i++) {
        int p = airports[i].pref, c = airports[i].cls;
        double x = airports[i].pax;
        if (isnan(x)) {
            /* heavy tail: lognormal, median 0.1 M (local) or 0.02 M (other), sigma 1 */
            double median = c == AP_LOCAL ? 0.1e6 : 0.02e6;
            x = floor(fmin(median * exp(gsl_ran_ugaussian_ratio_method(g->r)), 1.0e6) + 0.5);
        }
        pax[i] = x;
        kikan_id_t op;
        if (airports[i].op == OP_PREF) {
            if (pref_op[p] == KIKAN_NONE) {
                snprintf(name, sizeof(name), "Prefecture of %s (airports)", prefs[p].id);
                KIKAN_CHECK(add_op(g, fmt_id(g, "ap-pref-%s", prefs[p].id), name, g->sec_airports,
                                   0, &pref_op[p]));
            }
            op = pref_op[p];
        } else if (airports[i].op == OP_OWN) {
            snprintf(name, sizeof(name), "Municipal operator of %s airport", airports[i].id);
            KIKAN_CHECK(
                add_op(g, fmt_id(g, "ap-muni-%s", airports[i].id), name, g->sec_airports, 1, &op));
            KIKAN_CHECK(set_m(g, op, g->m_passengers, x));
        } else {
            op = apop[airports[i].op];
            op_pax[airports[i].op] += x;
        }
        fmt_id(g, "ap-%s-terminal", airports[i].id);
        KIKAN_CHECK(add_asset(g, op, g->sec_airports, "airport_terminal", p, x, ap_backup[c][0],
                              ap_backup[c][1], ap_restart[c], &REPAIR_SITE, &term[i]));
        kikan_id_t feed = substation_in(g, p);
        if (c == AP_HUB && g->sub_n[p] > 1) {
            /* hubs take power over two independent lines and need one (P§7) [M] */
            KIKAN_CHECK(dep(g, feed, term[i], "power", "feed", 1));
            KIKAN_CHECK(dep(g, other_substation(g, p, feed), term[i], "power", "feed", 1));
        } else {
            KIKAN_CHECK(dep(g, feed, term[i], "power", NULL, 1));
        }
        KIKAN_CHECK(dep(g, exchange_in(g, p), term[i], "telecom", NULL, 1));
        KIKAN_CHECK(dep(g, g->atc[areas[prefs[p].area].atc], term[i], "control", NULL, 1));
        KIKAN_CHECK(install(g, term[i], C_TERMINAL, -1));
    }
    for (int o = 0; o < N_AP_OPS; o++) {
        KIKAN_CHECK(set_m(g, apop[o], g->m_passengers, op_pax[o]));
    }
    for (int p = 0; p < N_PREF; p++) {
        if (pref_op[p] != KIKAN_NONE) {
            double s = 0;
            for (int i = 0; i < N_AIRPORTS; i++) {
                s += airports[i].op == OP_PREF && airports[i].pref == p ? pax[i] : 0;
            }
            KIKAN_CHECK(set_m(g, pref_op[p], g->m_passengers, s));
        }
    }
cleanup:
    return err;
}

/* A carrier's reservation (*resv) and operations-control (*ops) systems. */
static kikan_error_t carrier_systems(gen_t *g, int c, kikan_id_t op, double cp, kikan_id_t *resv,
                                     kikan_id_t *ops)
{
    kikan_error_t err = KIKAN_OK;
    fmt_id(g, "av-%s-reservation", carriers[c].id);
    KIKAN_CHECK(add_asset(g, op, g->sec_aviation, "reservation_system", P_TOKYO, 0, 0, 0, 0,
                          &REPAIR_SYSTEM, resv));
    /* P§11: a year of bookings, one passenger's record each */
    KIKAN_CHECK(records(g, *resv, cp));
    if (c < 2) {
        /* the two groups: own systems in two Tokyo-area data centres */
        for (int d = 0; d < 2; d++) {
            KIKAN_CHECK(dep(g, g->dc[3 + 2 * c + d], *resv, "data", "dc", 1));
        }
    } else if (hosted_abroad(carriers[c].id)) {
        KIKAN_CHECK(dep(g, g->cloud_abroad, *resv, "cloud", NULL, 1));
        /* P§11: the platform abroad holds the bookings too */
        KIKAN_CHECK(
            records(g, g->cloud_abroad, g->w->assets[g->cloud_abroad].records + floor(cp + 0.5)));
    } else {
        /* the others: a cloud's Tokyo + Osaka region pair */
        int cl = c % 3;
        for (int d = 0; d < 2; d++) {
            KIKAN_CHECK(dep(g, g->cloud[cl][d], *resv, "cloud", "cloud", 1));
        }
    }
    KIKAN_CHECK(install(g, *resv, C_RESERV, -1));
    fmt_id(g, "av-%s-ops-control", carriers[c].id);
    KIKAN_CHECK(add_asset(g, op, g->sec_aviation, "ops_control", P_TOKYO, 0, 24, 72, 0,
                          &REPAIR_SYSTEM, ops));
    KIKAN_CHECK(dep(g, substation_in(g, P_TOKYO), *ops, "power", NULL, 1));
    KIKAN_CHECK(dep(g, exchange_in(g, P_TOKYO), *ops, "telecom", NULL, 1));
    KIKAN_CHECK(install(g, *ops, C_OPSCTL, -1));
cleanup:
    return err;
}

/* Airports served (served[i] = 1): the groups serve the 60 busiest airports; the others 2-7
   airports drawn by size (without repetition). */
static void carrier_served(gen_t *g, int c, const double pax[N_AIRPORTS], char served[N_AIRPORTS])
{
    if (c < 2) {
        for (int k = 0; k < 60; k++) {
            int best = -1;
            for (int i = 0; i < N_AIRPORTS; i++) {
                if (!served[i] && (best < 0 || pax[i] > pax[best])) {
                    best = i;
                }
            }
            served[best] = 1;
        }
    } else {
        int want = 2 + pick(g, 6), n_served = 0;
        double tot = 0;
        for (int i = 0; i < N_AIRPORTS; i++) {
            tot += pax[i];
        }
        for (int tries = 0; n_served < want && tries < 1000; tries++) {
            double x = uni(g) * tot, acc2 = 0;
            int i = 0;
            for (; i < N_AIRPORTS - 1; i++) {
                acc2 += pax[i];
                if (x < acc2) {
                    break;
                }
            }
            if (!served[i]) {
                served[i] = 1;
                n_served++;
            }
        }
    }
}

/* Carriers: reservation and operations-control systems, and a station at each airport
   served (customers = the carrier's passengers split by the airports' sizes). */
static kikan_error_t air_carrier(gen_t *g, int c, const double pax[N_AIRPORTS],
                                 const kikan_id_t term[N_AIRPORTS])
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t op, resv, ops;
    double cp = carriers[c].pax;
    if (isnan(cp)) {
        cp = floor(fmin(pareto(g, 0.02e6, 1.2), 0.2e6) + 0.5);
    }
    KIKAN_CHECK(add_op(g, carriers[c].id, carriers[c].name, g->sec_aviation, cp < 1e6, &op));
    KIKAN_CHECK(set_m(g, op, g->m_passengers, cp));
    KIKAN_CHECK(carrier_systems(g, c, op, cp, &resv, &ops));
    char served[N_AIRPORTS] = {0};
    carrier_served(g, c, pax, served);
    double wsum = 0, wdone = 0;
    for (int i = 0; i < N_AIRPORTS; i++) {
        wsum += served[i] ? pax[i] : 0;
    }
    for (int i = 0; i < N_AIRPORTS; i++) {
        if (!served[i]) {
            continue;
        }
        kikan_id_t st;
        fmt_id(g, "av-%s-%s", carriers[c].id, airports[i].id);
        KIKAN_CHECK(add_asset(g, op, g->sec_aviation, "airport_station", airports[i].pref,
                              wsum > 0 ? part(cp, wdone, wdone + pax[i], wsum) : 0, 0, 0, 0,
                              &REPAIR_SITE, &st));
        wdone += pax[i];
        KIKAN_CHECK(dep(g, term[i], st, "airport", NULL, 1));
        KIKAN_CHECK(dep(g, resv, st, "data", NULL, 1));
        KIKAN_CHECK(dep(g, ops, st, "control", NULL, 1));
    }
cleanup:
    return err;
}

static kikan_error_t build_air(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t apop[N_AP_OPS], term[N_AIRPORTS];
    double pax[N_AIRPORTS];
    KIKAN_CHECK(air_control(g, apop));
    KIKAN_CHECK(air_airports(g, apop, pax, term));
    for (int c = 0; c < N_CARRIERS; c++) {
        KIKAN_CHECK(air_carrier(g, c, pax, term));
    }
cleanup:
    return err;
}

/* ==== banking (P§8) ====================================================================== */

enum {
    B_CITY,
    B_TRUST,
    B_REGIONAL,
    B_SECOND,
    B_SHINKIN,
    B_COOP,
    B_LABOUR,
    B_JPB,
    B_NET,
    B_CENTRAL,
    N_BCLASS
};
enum { SYS_OWN, SYS_SHARED, SYS_CLOUD };
#define DEPOSIT_CAP_DRAWN 9.5e12 /* drawn deposits stay below the named banks' ¥10 T */
#define BRANCHES_PER_SQRT_JPY (170.0 / sqrt(9.6e12)) /* Hokuyo: 170 branches, ¥9.6 T */
#define BRANCH_SHARE_OF_ACCOUNTS 0.6 /* accounts served through branches; the rest by ATM */
/* joint core-banking systems of regional banks (P§8): 8, so that one carries about as many
   banks as the shared centre of the March 2022 power fault (8, DATA.md) [calibrated] */
#define N_SHARED_CORE 8
#define N_SHARED_FIRST 6      /* the systems A-F, built first; G-H (ids bsys-k, -l) come last */
#define SHARED_CORE_SHARE 0.7 /* regional and second-tier banks on a joint system */
/* Cold restart of a core-banking centre (P§9) [D: the March 2022 power fault at a shared
   centre in Kanto: power back after 36 min at 11:44, the banks' systems back the next
   morning — the first at ~07:30 (19.8 h after power returned), most by ~10:20 (22.6 h)]:
   the middle of that range. */
#define COLD_BANK_CENTRE 21.0
/* Zengin-Net is store-and-forward for a bank's own services (P§8) [A: the October 2023
   Zengin-Net relay fault delayed the interbank transfers of about ten banks for two days,
   while their deposits, withdrawals and in-bank transfers went on]: a bank's core rides
   through 48 h without it. */
#define ZENGIN_BUFFER 48.0
/* Share of banks whose ATM networks run over a mobile carrier's network rather than the
   fixed exchange (off-branch ATMs on wireless routers) (P§8) [M]; the carrier is drawn by
   mobile share among docomo, KDDI and SoftBank. */
#define ATM_MOBILE_SHARE 0.3

/* Per class (P§8): number of banks (DATA.md), drawn deposits (Pareto xm, alpha; total when
   the class total is known), average balance per account (JPY), share of branches with a
   generator (calibrated on the 2018 Hokkaido case: Hokuyo opened 50 of 170 branches,
   Hokkaido Bank 27 of 140, the megabanks' branches ran on generators), branch factor. */
static const struct {
    const char *prefix, *label;
    int count;
    double xm, alpha, total, balance, gen_share, branch_factor;
} bclass[N_BCLASS] = {
    {"bank", "City bank", 5, 0, 0, 0, 4.0e6, 0.9, 1.0},
    {"trust", "Trust bank", 13, 0.2e12, 1.2, 0, 8.0e6, 0.9, 0.5},
    {"regional", "Regional bank", 62, 1.0e12, 1.5, 0, 2.5e6, 0.25, 1.0},
    {"second", "Second-tier regional bank", 37, 0.3e12, 1.5, 0, 2.0e6, 0.2, 0.8},
    {"shinkin", "Shinkin bank", 254, 1.0, 1.3, 156e12, 1.7e6, 0.15, 0.65},
    {"coop", "Credit cooperative", 143, 1.0, 1.3, 23e12, 1.7e6, 0.1, 0.5},
    {"rokin", "Labour bank", 13, 1.0, 1.3, 22e12, 2.0e6, 0.15, 0.9},
    {"jpb", "Japan Post Bank", 1, 0, 0, 0, 1.6e6, 0.05, 1.0},
    {"net", "Net bank", 8, 0, 0, 0, 1.0e6, 0.0, 0.0},
    {"central", "Cooperative central body", 4, 0, 0, 0, 0, 0.9, 0.0},
};

/* Named banks (P§8): deposits (¥, FY2023, rounded; approximate), home prefecture, branch
   count at scale 1 (0 = from deposits), system. The first 17 hold >= ¥10 T (DATA.md: 17). */
static const struct {
    const char *id, *name;
    int cls, pref;
    double deposits;
    int branches, sys;
} named_banks[] = {
    {"bank-jpb", "Japan Post Bank", B_JPB, P_TOKYO, 193e12, 2350, SYS_OWN},
    {"bank-mufg", "MUFG Bank", B_CITY, P_TOKYO, 215e12, 480, SYS_OWN},
    {"bank-smbc", "Sumitomo Mitsui Banking Corporation", B_CITY, P_TOKYO, 155e12, 450, SYS_OWN},
    {"bank-mizuho", "Mizuho Bank", B_CITY, P_TOKYO, 150e12, 460, SYS_OWN},
    {"bank-resona", "Resona Bank", B_CITY, P_OSAKA, 62e12, 310, SYS_OWN},
    {"bank-saitama-resona", "Saitama Resona Bank", B_CITY, P_SAITAMA, 17e12, 130, SYS_OWN},
    {"bank-smtb", "Sumitomo Mitsui Trust Bank", B_TRUST, P_TOKYO, 40e12, 120, SYS_OWN},
    {"bank-mutb", "Mitsubishi UFJ Trust and Banking", B_TRUST, P_TOKYO, 18e12, 50, SYS_OWN},
    {"bank-rakuten", "Rakuten Bank", B_NET, P_TOKYO, 11e12, 0, SYS_CLOUD},
    {"bank-sbi-sumishin", "SBI Sumishin Net Bank", B_NET, P_TOKYO, 10.5e12, 0, SYS_CLOUD},
    {"bank-yokohama", "Bank of Yokohama", B_REGIONAL, P_KANAGAWA, 18e12, 0, SYS_OWN},
    {"bank-chiba", "Chiba Bank", B_REGIONAL, P_CHIBA, 16e12, 0, SYS_OWN},
    {"bank-fukuoka", "Bank of Fukuoka", B_REGIONAL, P_FUKUOKA, 13e12, 0, SYS_OWN},
    {"bank-shizuoka", "Shizuoka Bank", B_REGIONAL, 21, 12e12, 0, SYS_OWN},
    {"bank-joyo", "Joyo Bank", B_REGIONAL, P_IBARAKI, 10.8e12, 0, SYS_SHARED},
    {"bank-nishi-nippon-city", "Nishi-Nippon City Bank", B_REGIONAL, P_FUKUOKA, 10.2e12, 0,
     SYS_OWN},
    {"bank-hachijuni", "Hachijuni Bank", B_REGIONAL, P_NAGANO, 10.1e12, 0, SYS_SHARED},
    /* below the threshold; the Hokkaido calibration banks with their branch counts */
    {"bank-hokuyo", "Hokuyo Bank", B_REGIONAL, P_HOKKAIDO, 9.6e12, 170, SYS_SHARED},
    {"bank-hokkaido", "Hokkaido Bank", B_REGIONAL, P_HOKKAIDO, 5.6e12, 140, SYS_SHARED},
    {"bank-paypay", "PayPay Bank", B_NET, P_TOKYO, 1.6e12, 0, SYS_CLOUD},
    {"bank-sony", "Sony Bank", B_NET, P_TOKYO, 4.0e12, 0, SYS_CLOUD},
    {"bank-aujibun", "au Jibun Bank", B_NET, P_TOKYO, 4.0e12, 0, SYS_CLOUD},
    {"bank-aeon", "Aeon Bank", B_NET, P_CHIBA, 4.5e12, 0, SYS_CLOUD},
    {"bank-seven", "Seven Bank", B_NET, P_TOKYO, 0.7e12, 0, SYS_CLOUD},
    {"bank-gmo-aozora", "GMO Aozora Net Bank", B_NET, P_TOKYO, 1.0e12, 0, SYS_CLOUD},
    /* cooperative central bodies (DATA.md: designated apart from the 17) */
    {"bank-central-norinchukin", "Norinchukin Bank", B_CENTRAL, P_TOKYO, 65e12, 0, SYS_OWN},
    {"bank-central-shinkin", "Shinkin Central Bank", B_CENTRAL, P_TOKYO, 38e12, 0, SYS_OWN},
    {"bank-central-zenshinkumiren", "Zenshinkumiren", B_CENTRAL, P_TOKYO, 7e12, 0, SYS_OWN},
    {"bank-central-rokinren", "Rokinren", B_CENTRAL, P_TOKYO, 9e12, 0, SYS_OWN},
};
enum { N_NAMED_BANKS = sizeof(named_banks) / sizeof(named_banks[0]) };

/* joint systems: [0, N_SHARED_FIRST) regional; then shinkin east, shinkin west, coop, rokin;
   then the other regional ones (added later, after the cooperative ones, so that the ids and
   the generator's draws of the first ten stay as they were) */
enum {
    J_SHINKIN_E = N_SHARED_FIRST,
    J_SHINKIN_W,
    J_COOP,
    J_ROKIN,
    J_SHARED_MORE,
    N_JOINT = J_SHARED_MORE + N_SHARED_CORE - N_SHARED_FIRST
};

/* The joint system of the r-th regional system (round robin over N_SHARED_CORE). */
static int regional_joint(int r)
{
    return r < N_SHARED_FIRST ? r : J_SHARED_MORE + r - N_SHARED_FIRST;
}

typedef struct {
    const char *id, *name;
    int cls, pref, sys, joint, branches;
    double deposits;
} bank_t;

static kikan_error_t add_bank(gen_t *g, const bank_t *b, const kikan_id_t *joint_dc,
                              kikan_id_t core_vendor)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t op, core;
    int cls = b->cls;
    double accounts = bclass[cls].balance > 0 ? floor(b->deposits / bclass[cls].balance) : 0;
    KIKAN_CHECK(
        add_op(g, b->id, b->name, g->sec_banking, b->deposits < 1e12 && cls != B_CENTRAL, &op));
    KIKAN_CHECK(set_m(g, op, g->m_deposits, b->deposits));
    KIKAN_CHECK(set_m(g, op, g->m_customers, accounts));

    /* the core banking system, and where it runs */
    fmt_id(g, "bk-%s-core", b->id);
    KIKAN_CHECK(add_asset(g, op, g->sec_banking, "core_banking", b->pref, 0, 0, 0, 0,
                          &REPAIR_SYSTEM, &core));
    /* P§11: the core system holds every account holder's records */
    KIKAN_CHECK(records(g, core, accounts * PEOPLE_PER_ACCOUNT));
    if (b->sys == SYS_OWN) {
        for (int d = 0; d < 2; d++) {
            kikan_id_t dc;
            int p = d == 0 ? b->pref : (b->pref == P_OSAKA ? P_TOKYO : P_OSAKA);
            fmt_id(g, "bk-%s-dc-%s", b->id, d == 0 ? "main" : "backup");
            KIKAN_CHECK(add_asset(g, op, g->sec_banking, "bank_data_centre", p, 0, 48, 72, 0,
                                  &REPAIR_SITE, &dc));
            KIKAN_CHECK(kikan_world_set_cold_restart(g->w, dc, COLD_BANK_CENTRE));
            KIKAN_CHECK(dep(g, substation_in(g, p), dc, "power", NULL, 1));
            KIKAN_CHECK(dep(g, exchange_in(g, p), dc, "telecom", NULL, 1));
            KIKAN_CHECK(dep(g, dc, core, "data", "dc", 1));
        }
        for (int c = C_DEPOSIT; c <= C_REMIT; c++) {
            KIKAN_CHECK(install(g, core, c, core_vendor));
        }
    } else if (b->sys == SYS_SHARED) {
        KIKAN_CHECK(dep(g, joint_dc[b->joint], core, "data", NULL, 1));
    } else {
        int cl = pick(g, 2); /* AWS or Azure, Tokyo + Osaka */
        for (int d = 0; d < 2; d++) {
            KIKAN_CHECK(dep(g, g->cloud[cl][d], core, "cloud", "cloud", 1));
        }
        for (int c = C_DEPOSIT; c <= C_REMIT; c++) {
            KIKAN_CHECK(install(g, core, c, core_vendor));
        }
    }
    /* every bank settles through the interbank clearing network (main or backup centre) */
    for (int z = 0; z < 2; z++) {
        KIKAN_CHECK(dep_buf(g, g->zengin[z], core, "payment", "zengin", 1, ZENGIN_BUFFER));
    }
    if (cls == B_CENTRAL) {
        goto cleanup;
    }
    if (cls == B_NET) {
        kikan_id_t online;
        fmt_id(g, "bk-%s-online", b->id);
        KIKAN_CHECK(add_asset(g, op, g->sec_banking, "online_banking", b->pref, accounts, 0, 0, 0,
                              &REPAIR_SYSTEM, &online));
        KIKAN_CHECK(dep(g, core, online, "data", NULL, 1));
        for (int i = 0; i < 3; i++) {
            KIKAN_CHECK(dep(g, g->ix_tokyo[i], online, "telecom", "ix", 1));
        }
        goto cleanup;
    }
    /* branches; multi-prefecture banks (city, trust, JPB) spread by households */
    int multi = cls == B_CITY || cls == B_TRUST || cls == B_JPB;
    double real = b->branches > 0 ? b->branches
                                  : fmax(1.0, floor(bclass[cls].branch_factor *
                                                        BRANCHES_PER_SQRT_JPY * sqrt(b->deposits) +
                                                    0.5));
    kikan_id_t n = granular(g, real, 1.0);
    kikan_id_t count[N_PREF] = {0};
    double at_branches = floor(BRANCH_SHARE_OF_ACCOUNTS * accounts + 0.5);
    double at_atms = accounts - at_branches;
    for (kikan_id_t i = 0; i < n; i++) {
        kikan_id_t br;
        int p = multi ? pick_pref(g) : b->pref;
        int gen = uni(g) < bclass[cls].gen_share;
        count[p]++;
        fmt_id(g, "bk-%s-%s-br-%04d", b->id, prefs[p].id, (int)count[p]);
        KIKAN_CHECK(add_asset(g, op, g->sec_banking, "branch", p, part(at_branches, i, i + 1, n),
                              gen ? 24 : 0.5, gen ? 72 : 0.5, 0, &REPAIR_SITE, &br));
        KIKAN_CHECK(dep(g, substation_in(g, p), br, "power", NULL, 1));
        KIKAN_CHECK(dep(g, core, br, "data", NULL, 1));
        /* teller terminals reach the core over the local exchange (P§8) [M]; the exchange
           goes round the prefecture's list, drawing nothing */
        KIKAN_CHECK(dep(g, g->ex_first[p] + (count[p] - 1) % g->ex_n[p], br, "telecom", NULL, 1));
    }
    /* ATMs over a mobile carrier for a share of banks (P§8) [M] */
    int carrier = -1;
    const double u_atm = hash01(b->id);
    if (u_atm < ATM_MOBILE_SHARE) {
        const double x = u_atm / ATM_MOBILE_SHARE * (mnos[0].share + mnos[1].share + mnos[2].share);
        carrier = x < mnos[0].share ? 0 : x < mnos[0].share + mnos[1].share ? 1 : 2;
    }
    /* ATM networks per prefecture with branches: telecom-dependent (P§8) */
    kikan_id_t done = 0;
    for (int p = 0; p < N_PREF; p++) {
        if (count[p] == 0) {
            continue;
        }
        kikan_id_t atm;
        fmt_id(g, "bk-%s-%s-atm", b->id, prefs[p].id);
        KIKAN_CHECK(add_asset(g, op, g->sec_banking, "atm_network", p,
                              part(at_atms, done, done + count[p], n), 0.5, 0.5, 0, &REPAIR_SITE,
                              &atm));
        KIKAN_CHECK(dep(g, substation_in(g, p), atm, "power", NULL, 1));
        kikan_id_t ex = exchange_in(g, p); /* drawn either way: the stream stays as it was */
        if (carrier < 0) {
            KIKAN_CHECK(dep(g, ex, atm, "telecom", NULL, 1));
        } else {
            for (int c = 0; c < mnos[carrier].n_core; c++) {
                KIKAN_CHECK(dep(g, g->mno_core[carrier][c], atm, "telecom", "mobile", 1));
            }
        }
        KIKAN_CHECK(dep(g, core, atm, "data", NULL, 1));
        done += count[p];
    }
cleanup:
    return err;
}

/* The interbank clearing network (DATA.md: Zengin-Net, designated; a small operator). */
static kikan_error_t bank_zengin(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t zop;
    KIKAN_CHECK(
        add_op(g, "zengin-net", "Zengin-Net (interbank clearing)", g->sec_banking, 1, &zop));
    for (int z = 0; z < 2; z++) {
        int p = z == 0 ? P_TOKYO : P_OSAKA;
        fmt_id(g, "bk-zengin-%s", z == 0 ? "main" : "backup");
        KIKAN_CHECK(add_asset(g, zop, g->sec_banking, "clearing_system", p, 0, 72, 72, 0,
                              &REPAIR_SYSTEM, &g->zengin[z]));
        KIKAN_CHECK(dep(g, substation_in(g, p), g->zengin[z], "power", NULL, 1));
        KIKAN_CHECK(dep(g, exchange_in(g, p), g->zengin[z], "telecom", NULL, 1));
        KIKAN_CHECK(install(g, g->zengin[z], C_REMIT, -1));
    }
cleanup:
    return err;
}

/* Joint core-banking centres (joint_dc[]) and the vendor of each (joint_vendor[]); the
   installations of systems G-H are left to the caller. */
static kikan_error_t bank_joint_centres(gen_t *g, kikan_id_t joint_dc[N_JOINT],
                                        kikan_id_t joint_vendor[N_JOINT])
{
    kikan_error_t err = KIKAN_OK;
    char id[48];
    /* joint core-banking centres: one data centre each — the common mode (DATA.md) */
    static const int joint_pref[N_JOINT] = {P_TOKYO, P_TOKYO,   P_OSAKA,   P_KANAGAWA,
                                            P_CHIBA, P_FUKUOKA, P_TOKYO,   P_OSAKA,
                                            P_TOKYO, P_TOKYO,   P_SAITAMA, P_AICHI};
    static const char *joint_name[N_JOINT] = {
        "Joint core-banking system A",       "Joint core-banking system B",
        "Joint core-banking system C",       "Joint core-banking system D",
        "Joint core-banking system E",       "Joint core-banking system F",
        "Shinkin joint system (east)",       "Shinkin joint system (west)",
        "Credit cooperatives' joint system", "Labour banks' joint system",
        "Joint core-banking system G",       "Joint core-banking system H"};
    for (int j = 0; j < N_JOINT; j++) {
        kikan_id_t op;
        snprintf(id, sizeof(id), "bsys-%c", 'a' + j);
        KIKAN_CHECK(add_op(g, id, joint_name[j], g->sec_banking, 0, &op));
        fmt_id(g, "bk-%s-centre", id);
        KIKAN_CHECK(add_asset(g, op, g->sec_banking, "shared_core_centre", joint_pref[j], 0, 48, 72,
                              0, &REPAIR_SYSTEM, &joint_dc[j]));
        KIKAN_CHECK(kikan_world_set_cold_restart(g->w, joint_dc[j], COLD_BANK_CENTRE));
        const int pj = joint_pref[j];
        if (j < J_SHARED_MORE) {
            KIKAN_CHECK(dep(g, substation_in(g, pj), joint_dc[j], "power", NULL, 1));
            KIKAN_CHECK(dep(g, exchange_in(g, pj), joint_dc[j], "telecom", NULL, 1));
            joint_vendor[j] = pick_vendor(g, C_DEPOSIT);
        } else {
            /* drawing nothing: the first substation and exchange of the prefecture, and the
               vendor of system A or B (vendors run several joint systems; DATA.md: a ninth
               bank on a separate system of the same vendor stopped too) */
            KIKAN_CHECK(dep(g, g->sub_first[pj], joint_dc[j], "power", NULL, 1));
            KIKAN_CHECK(dep(g, g->ex_first[pj], joint_dc[j], "telecom", NULL, 1));
            joint_vendor[j] = joint_vendor[j - J_SHARED_MORE];
        }
        for (int c = C_DEPOSIT; c <= C_REMIT && j < J_SHARED_MORE; c++) {
            KIKAN_CHECK(install(g, joint_dc[j], c, joint_vendor[j]));
        }
    }
cleanup:
    return err;
}

/* The deposits of the n drawn banks of class cls (amount[]): Pareto weights; a class total
   (DATA.md) is shared out by weight; shares above the cap are capped and their excess
   shared out again among the others (water-filling). */
static void bank_amounts(gen_t *g, int cls, int n, double amount[256])
{
    double wt[256], wsum = 0;
    for (int i = 0; i < n; i++) {
        wt[i] = pareto(g, bclass[cls].xm, bclass[cls].alpha);
        wsum += wt[i];
    }
    if (bclass[cls].total > 0) {
        char capped[256] = {0};
        double left = bclass[cls].total, wleft = wsum;
        for (int round = 0; round < 32; round++) {
            int changed = 0;
            for (int i = 0; i < n; i++) {
                if (!capped[i] && left * wt[i] / wleft > DEPOSIT_CAP_DRAWN) {
                    capped[i] = 1;
                    left -= DEPOSIT_CAP_DRAWN;
                    wleft -= wt[i];
                    changed = 1;
                }
            }
            if (!changed || wleft <= 0) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            amount[i] = capped[i] ? DEPOSIT_CAP_DRAWN : left * wt[i] / wleft;
        }
    } else {
        for (int i = 0; i < n; i++) {
            amount[i] = wt[i];
        }
    }
}

/* The drawn banks of class cls; next_pref: the next prefecture a drawn regional bank may
   take (has_regional: those with a named one); shared_n: banks on shared systems so far. */
static kikan_error_t bank_drawn(gen_t *g, int cls, const kikan_id_t joint_dc[N_JOINT],
                                const int has_regional[N_PREF], int *next_pref, int *shared_n)
{
    kikan_error_t err = KIKAN_OK;
    char id[48], name[96];
    double amount[256];
    int named = 0;
    for (int i = 0; i < N_NAMED_BANKS; i++) {
        named += named_banks[i].cls == cls;
    }
    int n = bclass[cls].count - named;
    bank_amounts(g, cls, n, amount);
    for (int i = 0; i < n; i++) {
        double dep_jpy = floor(fmin(amount[i], DEPOSIT_CAP_DRAWN) / 1e8 + 0.5) * 1e8;
        int p;
        if (cls == B_TRUST) {
            p = P_TOKYO;
        } else if (cls == B_REGIONAL) {
            while (*next_pref < N_PREF && has_regional[*next_pref]) {
                (*next_pref)++;
            }
            p = *next_pref < N_PREF ? (*next_pref)++ : pick_pref(g);
        } else {
            p = pick_pref(g);
        }
        int sys = SYS_SHARED, joint;
        if ((cls == B_REGIONAL || cls == B_SECOND) && uni(g) >= SHARED_CORE_SHARE) {
            sys = SYS_OWN;
        }
        if (cls == B_TRUST) {
            sys = SYS_OWN;
        }
        if (cls == B_SHINKIN) {
            joint = prefs[p].east ? J_SHINKIN_E : J_SHINKIN_W;
        } else if (cls == B_COOP) {
            joint = J_COOP;
        } else if (cls == B_LABOUR) {
            joint = J_ROKIN;
        } else {
            joint = regional_joint((*shared_n)++ % N_SHARED_CORE);
        }
        snprintf(id, sizeof(id), "%s-%03d", bclass[cls].prefix, i + 1);
        snprintf(name, sizeof(name), "%s %03d (%s)", bclass[cls].label, i + 1, prefs[p].id);
        bank_t b = {id, name, cls, p, sys, joint, 0, dep_jpy};
        KIKAN_CHECK(add_bank(g, &b, joint_dc, pick_vendor(g, C_DEPOSIT)));
    }
cleanup:
    return err;
}

static kikan_error_t build_banking(gen_t *g)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t joint_dc[N_JOINT], joint_vendor[N_JOINT];
    KIKAN_CHECK(bank_zengin(g));
    KIKAN_CHECK(bank_joint_centres(g, joint_dc, joint_vendor));
    int shared_n = 0;
    for (int i = 0; i < N_NAMED_BANKS; i++) {
        bank_t b = {named_banks[i].id,       named_banks[i].name,    named_banks[i].cls,
                    named_banks[i].pref,     named_banks[i].sys,     0,
                    named_banks[i].branches, named_banks[i].deposits};
        b.joint = regional_joint(shared_n++ % N_SHARED_CORE);
        KIKAN_CHECK(add_bank(g, &b, joint_dc, pick_vendor(g, C_DEPOSIT)));
    }
    /* drawn banks: regional banks first take the prefectures without a named one */
    int has_regional[N_PREF] = {0};
    for (int i = 0; i < N_NAMED_BANKS; i++) {
        if (named_banks[i].cls == B_REGIONAL) {
            has_regional[named_banks[i].pref] = 1;
        }
    }
    int next_pref = 0;
    for (int cls = B_TRUST; cls <= B_LABOUR; cls++) {
        KIKAN_CHECK(bank_drawn(g, cls, joint_dc, has_regional, &next_pref, &shared_n));
    }
    /* the installations of systems G-H draw their contractors last (see joint_pref) */
    for (int j = J_SHARED_MORE; j < N_JOINT; j++) {
        for (int c = C_DEPOSIT; c <= C_REMIT; c++) {
            KIKAN_CHECK(install(g, joint_dc[j], c, joint_vendor[j]));
        }
    }
cleanup:
    return err;
}

/* ==== entry point ======================================================================== */

kikan_error_t kikan_gen_japan(kikan_ctx_t *ctx, uint64_t seed, double scale, kikan_world_t **world)
{
    kikan_error_t err = KIKAN_OK;
    gen_t g;
    memset(&g, 0, sizeof(g));
    if (world != NULL) {
        *world = NULL;
    }
    if (ctx == NULL || world == NULL) {
        return KIKAN_EINVAL;
    }
    if (!isfinite(scale) || scale <= 0 || scale > MAX_SCALE) {
        kikan_diag_add(ctx, "generator japan: scale must be > 0 and <= %g, got %g", MAX_SCALE,
                       scale);
        return KIKAN_EINVAL;
    }
    g.scale = scale;
    g.r = gsl_rng_alloc(gsl_rng_mt19937);
    KIKAN_CHECK_ALLOC(g.r);
    {
        /* mt19937 takes a 32-bit seed: fold all 64 bits through splitmix64 so that seeds
           differing only in their high half differ too; 0 is avoided (GSL maps it to 4357) */
        const uint64_t z = kikan_splitmix64(seed);
        unsigned long s32 = (unsigned long)((z ^ (z >> 32)) & 0xffffffffu);
        gsl_rng_set(g.r, s32 ? s32 : 1);
    }
    for (int p = 0; p < N_PREF; p++) {
        g.hh_total += prefs[p].households;
        g.hh_cum[p] = g.hh_total;
    }
    KIKAN_CHECK(kikan_world_new(ctx, &g.w));
    KIKAN_CHECK(kikan_world_add_builtin_sectors(g.w));
    KIKAN_CHECK(kikan_world_set_population(g.w, JAPAN_POPULATION));
    g.sec_power = kikan_world_find_sector(g.w, "power");
    g.sec_telecom = kikan_world_find_sector(g.w, "telecom");
    g.sec_rail = kikan_world_find_sector(g.w, "rail");
    g.sec_aviation = kikan_world_find_sector(g.w, "aviation");
    g.sec_airports = kikan_world_find_sector(g.w, "airports");
    g.sec_banking = kikan_world_find_sector(g.w, "banking");
    KIKAN_CHECK(kikan_world_add_metric(g.w, "customers", &g.m_customers));
    KIKAN_CHECK(kikan_world_add_metric(g.w, "capacity_mw", &g.m_capacity));
    KIKAN_CHECK(kikan_world_add_metric(g.w, "deposits_jpy", &g.m_deposits));
    KIKAN_CHECK(kikan_world_add_metric(g.w, "passengers", &g.m_passengers));
    KIKAN_CHECK(build_supply_chain(&g));
    KIKAN_CHECK(build_power(&g));
    KIKAN_CHECK(build_retail(&g));
    KIKAN_CHECK(build_telecom(&g));
    KIKAN_CHECK(build_rail(&g));
    KIKAN_CHECK(build_air(&g));
    KIKAN_CHECK(build_banking(&g));
    *world = g.w;
    g.w = NULL;
cleanup:
    kikan_world_free(&g.w);
    gsl_rng_free(g.r);
    return err;
}
