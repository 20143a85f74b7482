/* db_text.c — the small string helpers of core/ and the rooms above it:
 * formatted messages, lists of strings. */
#include "db_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

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
    if (!item)
        return PASSIM_ERROR_NO_MEMORY;
    if (!vec_reserve_implied(*list, *count)) {
        free(item);
        return PASSIM_ERROR_NO_MEMORY;
    }
    (*list)[(*count)++] = item;
    return PASSIM_OK;
}

char **db_strings_copy(const char *const *strings, size_t n)
{
    char **copy = NULL;
    size_t count = 0;
    /* Room even for no strings: NULL means out of memory. */
    if (!vec_reserve_implied(copy, count))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (db_strings_push(&copy, &count, strdup(strings[i])) != PASSIM_OK) {
            db_strings_free(copy, count);
            return NULL;
        }
    return copy;
}

void db_strings_free(char **strings, size_t count)
{
    if (!strings)
        return;
    for (size_t i = 0; i < count; i++)
        free(strings[i]);
    free(strings);
}
