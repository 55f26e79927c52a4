/*
 * The behaviour models the event engine runs, by name: the one list that
 * scenario validation accepts (scenarios/scenario.c) and that the engine maps
 * to operations tables (kikan_behaviour_find, sim/behaviour_dependency.c;
 * tests/test_engine.c checks that every name here has its table). The
 * research models (percolation, load, threshold) run through their own
 * commands, not the event engine, so they are not here.
 */
#ifndef KIKAN_BEHAVIOUR_NAMES_H
#define KIKAN_BEHAVIOUR_NAMES_H

static const char *const kikan_behaviour_names[] = {"dependency"};
enum { KIKAN_N_BEHAVIOURS = sizeof(kikan_behaviour_names) / sizeof(kikan_behaviour_names[0]) };

#endif
