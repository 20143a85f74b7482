/*
 * db_text.h — the small string helpers of core/ and the rooms above it:
 * printf into a malloc'd string (error messages), malloc'd lists of
 * strings. Below everything else in core/.
 */
#ifndef PASSIM_DB_TEXT_H
#define PASSIM_DB_TEXT_H

#include <stddef.h>

#include "passim.h"

/* printf into a malloc'd string, for error messages (NULL: out of memory). */
char *db_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A list of strings is a malloc'd array of `count` malloc'd strings (NULL
 * when empty) whose capacity is implied (vec_reserve_implied): only these
 * functions make and grow one; callers hand it to APIs as
 * (const char *const *)list and count. */

/* Appends `item` (taking it over) to a list of strings; on failure, or when
 * `item` is NULL (a failed strdup), frees it and returns
 * PASSIM_ERROR_NO_MEMORY with the list unchanged. */
passim_status db_strings_push(char ***list, size_t *count, char *item);

/* A list of copies of strings[0, n): never NULL, even when n is 0, but when
 * out of memory. */
char **db_strings_copy(const char *const *strings, size_t n);

/* Frees a list of strings (NULL: nothing). */
void db_strings_free(char **strings, size_t count);

#endif /* PASSIM_DB_TEXT_H */
