/*
 * kikan — text for machines: the one JSON string escaper and number writer
 * used by every JSON output (run and scope summaries, the research commands),
 * and the one HTML/XML text escaper of the report, its SVG charts and maps.
 */
#ifndef KIKAN_TEXT_H
#define KIKAN_TEXT_H

#include <stdio.h>
#include "kikan/error.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/**
 * Write s as a JSON string, quotes included (NULL as ""): '"' and '\\'
 * escaped, \b \f \n \r \t by name, other control characters and DEL as
 * \u00XX; UTF-8 passes through. Stream errors are left in ferror(f).
 */
void kikan_json_string(FILE *f, const char *s);
/** Write x with 17 significant digits (round-trips), or null when not finite. */
void kikan_json_number(FILE *f, double x);
/**
 * Write s as HTML/XML text or attribute value (NULL as ""): & < > " and '
 * as entities, everything else (UTF-8 included) as it is. Stream errors are
 * left in ferror(f).
 */
void kikan_html_text(FILE *f, const char *s);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
