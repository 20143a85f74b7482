/*
 * vec.h — growing a malloc'd array whose pointer and capacity its owner
 * keeps in its own fields: doubling, the byte size checked for overflow,
 * out of memory reported (never fatal). Below everything else in core/.
 */
#ifndef PASSIM_VEC_H
#define PASSIM_VEC_H

#include <stdbool.h>
#include <stddef.h>

/* Makes room in `items` (an lvalue of pointer type: the array, NULL when
 * empty) of capacity `cap` (a size_t lvalue, in elements) for `need`
 * elements: true when it has room, at once when it already had it (no call
 * on that path). Else it grows to twice its capacity, or `need` if more
 * (at least VEC_FIRST_BYTES on the first growth). False when out of memory
 * or when `need` elements would pass PTRDIFF_MAX bytes, with the array and
 * its capacity unchanged. The arguments are evaluated more than once. */
#define vec_reserve(items, cap, need)                                          \
    ((need) <= (cap) || vec_grow(&(items), &(cap), (need), sizeof *(items)))

/* vec_reserve for an array of `n` elements whose capacity is not stored but
 * implied: the power of two at or above n. Only for arrays that nothing but
 * this ever grows (a copy of exactly n elements would be overrun). */
#define vec_reserve_implied(items, n)                                          \
    (((n) & ((n)-1)) != 0 ||                                                   \
     vec_resize(&(items), (n) ? 2 * (n) : 1, sizeof *(items)))

/* The first growth of a vec_reserve array holds at least this many bytes
 * (one element at least). */
#define VEC_FIRST_BYTES 128

/* What vec_reserve calls when there is no room: `items` points at the
 * array's pointer (of any object type). */
bool vec_grow(void *items, size_t *cap, size_t need, size_t size);

/* Reallocates the array whose pointer `items` points at to exactly `n`
 * elements of `size` bytes (n > 0); false, the array unchanged, when out of
 * memory or past PTRDIFF_MAX bytes. */
bool vec_resize(void *items, size_t n, size_t size);

#endif /* PASSIM_VEC_H */
