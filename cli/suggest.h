/*
 * suggest.h — the name a mistyped command or option most likely meant, as
 * git and cargo offer it: the nearest known name by edit distance (a swap
 * of two neighbouring letters counts as one edit), when it is near enough
 * and no other name is as near.
 */
#ifndef PASSIM_CLI_SUGGEST_H
#define PASSIM_CLI_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cli_nearest {
    const char *typed;
    size_t typed_len;
    const char *best; /* NULL: none near enough yet */
    size_t distance;
    bool tied; /* another name is as near as best */
} cli_nearest;

/* Starts a search for the names nearest typed[0, len). */
void cli_nearest_init(cli_nearest *n, const char *typed, size_t len);
/* Weighs one known name (NULL is skipped). */
void cli_nearest_offer(cli_nearest *n, const char *name);
/* The one nearest name, or NULL when none is within reach (one edit for
 * a word of up to four letters, two for a longer one) or two are as
 * near. */
const char *cli_nearest_name(const cli_nearest *n);

#endif /* PASSIM_CLI_SUGGEST_H */
