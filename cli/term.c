/* term.c — text made safe for a terminal: file names, titles, snippets and
 * messages may hold any bytes (a file can be named "\033]0;pwned\007"), and
 * a terminal obeys the control characters it is sent; JSON output escapes
 * them itself, text output and stderr go through here. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cli.h"

/* C0 controls, DEL and the C1 controls (U+0080 to U+009F, which some
 * terminals obey as escape sequences too). */
static bool is_control(utf8proc_int32_t c)
{
    return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

size_t cli_term_write(FILE *out, const char *s, size_t len)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t shown = 0, run = 0; /* run: where the bytes not yet written start */
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n;
        /* Printable ASCII, most of any text, needs no decoding. */
        if (u[i] >= 0x20 && u[i] < 0x7f) {
            shown++;
            i++;
            continue;
        }
        n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
        if (n > 0 && !is_control(c)) {
            shown++;
            i += (size_t)n;
            continue;
        }
        if (out && i > run)
            fwrite(s + run, 1, i - run, out);
        /* A control character's bytes, or one byte that starts no valid
         * character. */
        for (utf8proc_ssize_t k = 0; k < (n > 0 ? n : 1); k++, i++) {
            if (out)
                fprintf(out, "\\x%02x", u[i]);
            shown += 4;
        }
        run = i;
    }
    if (out && len > run)
        fwrite(s + run, 1, len - run, out);
    return shown;
}

void cli_term_puts(FILE *out, const char *s)
{
    cli_term_write(out, s, strlen(s));
}

char *cli_term_escape(const char *s, size_t len)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return NULL;
    cli_term_write(out, s, len);
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
