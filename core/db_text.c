/* db_text.c — the small string helpers of core/ and the rooms above it:
 * formatted messages, lists of strings. */
#include "db_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

char *db_strdupf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

passim_status db_strings_push(char ***list, size_t *count, char *item)
{
    char **grown;
    if (!item)
        return PASSIM_ERROR_NO_MEMORY;
    grown = realloc(*list, (*count + 1) * sizeof *grown);
    if (!grown) {
        free(item);
        return PASSIM_ERROR_NO_MEMORY;
    }
    grown[(*count)++] = item;
    *list = grown;
    return PASSIM_OK;
}

void db_strings_free(char **strings, size_t count)
{
    if (!strings)
        return;
    for (size_t i = 0; i < count; i++)
        free(strings[i]);
    free(strings);
}
