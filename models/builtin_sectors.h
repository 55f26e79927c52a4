/*
 * The six built-in sectors, one table: the world's default sectors
 * (kikan_world_add_builtin_sectors) and the built-in input-output model's
 * sector order and outputs (kikan_econ_builtin_astar) both read it, so the
 * two can never disagree. Sources and value judgements: models/builtin_sectors.c.
 */
#ifndef KIKAN_BUILTIN_SECTORS_H
#define KIKAN_BUILTIN_SECTORS_H

enum { KIKAN_N_BUILTIN_SECTORS = 6 };

typedef struct {
    const char *id, *name, *unit;
    double life_weight;      /* weight of life-critical service, a stated value judgement */
    double output_jpy;       /* annual national output (JPY) */
    double people;           /* people per customer */
    double output_customers; /* the customers output_jpy pays for (the national network's) */
} kikan_builtin_sector_t;

extern const kikan_builtin_sector_t kikan_builtin_sectors[KIKAN_N_BUILTIN_SECTORS];

#endif
