/* The JSON string escaper and number writer, the HTML/XML text escaper (kikan/text.h). */
#include <math.h>
#include "kikan/text.h"

void kikan_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\b':
            fputs("\\b", f);
            break;
        case '\f':
            fputs("\\f", f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                fprintf(f, "\\u%04x", *p);
            } else {
                fputc(*p, f); /* UTF-8 passes through */
            }
        }
    }
    fputc('"', f);
}

void kikan_json_number(FILE *f, double x)
{
    if (isfinite(x)) {
        fprintf(f, "%.17g", x);
    } else {
        fputs("null", f);
    }
}

void kikan_html_text(FILE *f, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*p, f); /* UTF-8 passes through */
        }
    }
}
