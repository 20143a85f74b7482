/* vec.c — the slow path of vec_reserve: the growth policy and the checked
 * reallocation. */
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool vec_grow(void *items, size_t *cap, size_t need, size_t size)
{
    size_t max = PTRDIFF_MAX / size, grown;
    if (need > max)
        return false;
    grown = *cap > max / 2 ? max : 2 * *cap;
    if (grown < need)
        grown = need;
    if (grown < VEC_FIRST_BYTES / size)
        grown = VEC_FIRST_BYTES / size;
    if (!vec_resize(items, grown, size))
        return false;
    *cap = grown;
    return true;
}

bool vec_resize(void *items, size_t n, size_t size)
{
    void *old, *p;
    if (n > PTRDIFF_MAX / size)
        return false;
    /* items is the address of a pointer of the caller's type: copied, not
     * read through a void ** (another type). */
    memcpy(&old, items, sizeof old);
    p = realloc(old, n * size);
    if (!p)
        return false;
    memcpy(items, &p, sizeof p);
    return true;
}
