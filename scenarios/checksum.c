/*
 * A checksum of a scenario's CSV tables, for provenance: a results file says
 * exactly which tables made it, so a changed table is noticed.
 *
 * DESIGN: FNV-1a (64-bit) over, for each table file of docs/scenario-format.md
 * in a fixed order, its name, a NUL, its length and its bytes; absent tables
 * contribute their name and a zero length. Not cryptographic: it detects
 * accidental change, not tampering (docs/SECURITY.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "kikan/scenario.h"

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

kikan_error_t kikan_tables_checksum(const char *dir, char out[KIKAN_CHECKSUM_LEN])
{
    static const char *const tables[] = {
        "sectors.csv", "operators.csv",         "assets.csv",      "dependencies.csv", "links.csv",
        "vendors.csv", "equipment_classes.csv", "contractors.csv", "installations.csv"};
    uint64_t h = 14695981039346656037ull;
    unsigned char buf[65536];
    char path[4096];
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        h = fnv(h, (const unsigned char *)tables[t], strlen(tables[t]) + 1);
        int n = snprintf(path, sizeof(path), "%s/%s", dir, tables[t]);
        if (n < 0 || (size_t)n >= sizeof(path)) {
            return KIKAN_EINVAL;
        }
        FILE *f = fopen(path, "rb");
        uint64_t len = 0;
        if (f != NULL) {
            size_t got;
            while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
                h = fnv(h, buf, got);
                len += got;
            }
            int bad = ferror(f);
            fclose(f);
            if (bad) {
                return KIKAN_EIO;
            }
        }
        h = fnv(h, (const unsigned char *)&len, sizeof(len));
    }
    snprintf(out, KIKAN_CHECKSUM_LEN, "fnv1a64:%016" PRIx64, h);
    return KIKAN_OK;
}
