/* sanitize.c — analyzer_sanitize_utf8: any bytes in, text that JSON encoders
 * and terminals accept out. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "utf8.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Writes the sanitized text into out when out is not NULL; returns its
 * length either way, so that one pass sizes the buffer and a second fills
 * it with the same rules. */
static size_t sanitize_into(const unsigned char *s, size_t len, char *out)
{
    size_t o = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        bool control = cp >= 0 && cp < 0x20 && cp != '\t' && cp != '\n';
        if (cp < 0 || control) {
            if (out)
                memcpy(out + o, replacement, 3);
            o += 3;
        } else {
            if (out)
                memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    return o;
}

char *analyzer_sanitize_utf8(const char *text, size_t len, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = sanitize_into(s, len, NULL);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    sanitize_into(s, len, out);
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}
