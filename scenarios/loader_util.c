/*
 * Helpers shared by the scenario loaders: the binary-garbage check,
 * whole-file reads and path joining (did-you-mean lives in core/suggest.c).
 * See loader.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "scenarios/loader.h"

const char *kikan_text_check(const char *buf, size_t len, int *line, int *col)
{
    const unsigned char *s = (const unsigned char *)buf;
    int ln = 1, cl = 1;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t need = 0;
        uint32_t cp = 0, min = 0;
        if (c == 0) {
            *line = ln;
            *col = cl;
            return "binary data (a NUL byte), expected UTF-8 text";
        }
        if (c < 0x80) {
            if (c == '\n') {
                ln++;
                cl = 0;
            }
            i++;
            cl++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            *line = ln;
            *col = cl;
            return "invalid UTF-8 (binary data?)";
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80) {
                *line = ln;
                *col = cl;
                return "invalid UTF-8 (binary data?)";
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *line = ln;
            *col = cl;
            return "invalid UTF-8 (binary data?)";
        }
        i += need + 1;
        cl++;
    }
    return NULL;
}

kikan_error_t kikan_read_file(const char *path, size_t max, char **buf, size_t *len)
{
    kikan_error_t err = KIKAN_OK;
    char *b = NULL;
    size_t n = 0, cap = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return KIKAN_EIO;
    }
    /* a regular file's size is known: refuse it before reading a byte */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
        *len = (uint64_t)st.st_size > SIZE_MAX ? SIZE_MAX : (size_t)st.st_size;
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    *len = 0;
    for (;;) {
        if (cap - n < 4096 + 1) {
            size_t ncap = cap ? 2 * cap : 65536;
            if (ncap > max + 4096 + 1) {
                ncap = max + 4096 + 1;
            }
            if (ncap <= cap) {
                KIKAN_FAIL(KIKAN_ELIMIT);
            }
            char *nb = realloc(b, ncap);
            KIKAN_CHECK_ALLOC(nb);
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n - 1, f);
        n += got;
        if (n > max) {
            KIKAN_FAIL(KIKAN_ELIMIT);
        }
        if (got == 0) {
            if (ferror(f)) {
                KIKAN_FAIL(KIKAN_EIO);
            }
            break;
        }
    }
    if (b == NULL) {
        b = malloc(1);
        KIKAN_CHECK_ALLOC(b);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    b = NULL;
cleanup : {
    int saved = errno;
    fclose(f);
    errno = saved;
}
    free(b);
    return err;
}

char *kikan_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        return strdup(".");
    }
    if (slash == path) {
        return strdup("/");
    }
    return strndup(path, (size_t)(slash - path));
}

char *kikan_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || strcmp(dir, ".") == 0) {
        return strdup(rel);
    }
    size_t ld = strlen(dir), lr = strlen(rel);
    char *p = malloc(ld + lr + 2);
    if (p == NULL) {
        return NULL;
    }
    memcpy(p, dir, ld);
    size_t k = ld;
    if (ld == 0 || dir[ld - 1] != '/') {
        p[k++] = '/';
    }
    memcpy(p + k, rel, lr + 1);
    return p;
}
