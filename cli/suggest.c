/* suggest.c — the nearest known name to a mistyped one (see suggest.h). */
#include "suggest.h"

#include <string.h>

/* Longer names are never suggested: a command or option name is short. */
#define NAME_MAX_LEN 64

/* The optimal string alignment distance between a[0, na) and b[0, nb):
 * insertions, deletions, substitutions and swaps of neighbours, each one
 * edit. Rows of the dynamic programme, three kept. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t rows[3][NAME_MAX_LEN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && before[j - 2] + 1 < d)
                d = before[j - 2] + 1;
            cur[j] = d;
        }
        size_t *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[nb];
}

void cli_nearest_init(cli_nearest *n, const char *typed, size_t len)
{
    memset(n, 0, sizeof *n);
    n->typed = typed;
    n->typed_len = len;
}

void cli_nearest_offer(cli_nearest *n, const char *name)
{
    size_t len, d;
    if (!name || (len = strlen(name)) > NAME_MAX_LEN ||
        n->typed_len > NAME_MAX_LEN)
        return;
    d = distance(n->typed, n->typed_len, name, len);
    if (d > (n->typed_len <= 4 ? 1u : 2u) || d == 0)
        return;
    if (!n->best || d < n->distance) {
        n->best = name;
        n->distance = d;
        n->tied = false;
    } else if (d == n->distance && strcmp(name, n->best) != 0) {
        n->tied = true;
    }
}

const char *cli_nearest_name(const cli_nearest *n)
{
    return n->tied ? NULL : n->best;
}
