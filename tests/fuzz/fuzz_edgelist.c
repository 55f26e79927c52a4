/*
 * libFuzzer target: the id-list reader behind every edge-list and vertex-list
 * option (kikan_idlines_read, kikan_edgelist_read): the first byte chooses one
 * id per line or two, the rest is the file. The contract: success, or
 * KIKAN_EINPUT/KIKAN_ELIMIT with at least one diagnostic and nothing returned;
 * every id returned is below n. ASan/UBSan catch the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "kikan/graph_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    char path[] = "/tmp/kikan-fuzz-edgelist-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        abort();
    }
    FILE *f = fdopen(fd, "wb");
    if (f == NULL || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0) {
        abort();
    }
    kikan_ctx_t *ctx = NULL;
    if (kikan_ctx_new(&ctx) != KIKAN_OK) {
        abort();
    }
    const kikan_id_t n = 1000;
    const int per_line = 1 + (data[0] & 1);
    kikan_id_t *ids = NULL;
    int64_t count = -1;
    kikan_error_t err = kikan_idlines_read(ctx, path, n, per_line, &ids, &count);
    if (err == KIKAN_OK) {
        for (int64_t i = 0; i < count; i++) {
            if (ids[i] < 0 || ids[i] >= n) {
                fprintf(stderr, "fuzz_edgelist: id %d out of range returned\n", (int)ids[i]);
                abort();
            }
        }
    } else if ((err != KIKAN_EINPUT && err != KIKAN_ELIMIT) || kikan_diag_count(ctx) == 0 ||
               ids != NULL) {
        fprintf(stderr, "fuzz_edgelist: contract broken: code %d, %d diagnostics\n", (int)err,
                kikan_diag_count(ctx));
        abort();
    }
    free(ids);
    kikan_ctx_free(&ctx);
    unlink(path);
    return 0;
}
