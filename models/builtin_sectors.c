/*
 * The six built-in sectors (models/builtin_sectors.h).
 *
 * The six sectors of the mission. life_weight expresses how directly a lost
 * unit of service endangers life (power and telecom carry emergency calls,
 * medical equipment and alerts) — a stated value judgement, not a measured
 * quantity; output_jpy is the sector's annual output (JPY), rounded from
 * Japan's 2015 input-output table (gross domestic output by sector), used
 * only as weights in the input-output model.
 *
 * Every unit is a rate that can be cut off at an instant (rail, aviation
 * and airports: passengers a day), and people_per_customer turns it into
 * people (scenarios/japan/PARAMETERS.md, "People"): 2.2 people per
 * household (2020 census: 2.21 per general household); 0.49 people per
 * telecom subscription (124.9 M people / 252 M mobile contracts and fixed
 * lines = 0.496, rounded down); 0.5 people per rail journey (a rider makes about two journeys a
 * day, out and back — an assumption); 1 person per flight a day; 0.5 people
 * per airport passenger (each traveller is counted at the airport of
 * departure and the airport of arrival); 0.22 people per bank account
 * (124.9 M people / 542 M accounts at generator scale 1 and 545.6 M at scales
 * >= 10 = 0.229-0.230, rounded down, as telecom's, so that the sector never
 * counts more people than residents at any scale).
 *
 * output_customers: the national output belongs to the whole country's
 * customers, i.e. those of the built-in national network (its totals at
 * generator seed 1, rounded). A scenario that models part of a sector with
 * these sectors gets the output of the part it models (econ.h).
 */
#include "models/builtin_sectors.h"

const kikan_builtin_sector_t kikan_builtin_sectors[KIKAN_N_BUILTIN_SECTORS] = {
    {"power", "Electricity", "households", 3.0, 22.0e12, 2.2, 56.3e6},
    {"telecom", "Telecommunications", "subscribers", 2.0, 21.0e12, 0.49, 252.0e6},
    {"rail", "Railways", "passengers per day", 1.0, 8.0e12, 0.5, 64.1e6},
    {"aviation", "Aviation", "passengers per day", 1.0, 4.0e12, 1.0, 0.328e6},
    {"airports", "Airports", "passengers per day", 1.0, 1.5e12, 0.5, 0.802e6},
    {"banking", "Banking", "accounts", 1.5, 17.0e12, 0.22, 542.0e6},
};
