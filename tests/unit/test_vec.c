/*
 * test_vec.c — core/vec.h's growth of arrays (doubling, the first growth,
 * the overflow check, out of memory leaving the array as it was) and the
 * lists of strings of core/db_text.h built on it.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_text.h"
#include "vec.h"

typedef struct pair {
    uint64_t a, b;
} pair;

START_TEST(grows_by_doubling_and_keeps_elements)
{
    int *v = NULL;
    size_t n = 0, cap = 0, growths = 0;
    for (int i = 0; i < 1000; i++) {
        size_t before = cap;
        ck_assert(vec_reserve(v, cap, n + 1));
        if (cap != before) {
            growths++;
            ck_assert_uint_eq(cap, before ? 2 * before
                                          : VEC_FIRST_BYTES / sizeof *v);
        }
        v[n++] = i * 7;
    }
    /* 32, 64, ..., 1024 */
    ck_assert_uint_eq(cap, 1024);
    ck_assert_uint_eq(growths, 6);
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(v[i], i * 7);
    free(v);
}
END_TEST

/* The first growth, no growth while there is room, growth to `need` past
 * twice the capacity, and a first growth of one element larger than
 * VEC_FIRST_BYTES. */
START_TEST(growth_sizes)
{
    char *s = NULL;
    size_t cap = 0;
    ck_assert(vec_reserve(s, cap, 10));
    ck_assert_uint_eq(cap, VEC_FIRST_BYTES);
    char *was = s;
    ck_assert(vec_reserve(s, cap, VEC_FIRST_BYTES));
    ck_assert_ptr_eq(s, was);
    ck_assert_uint_eq(cap, VEC_FIRST_BYTES);
    ck_assert(vec_reserve(s, cap, 5 * VEC_FIRST_BYTES + 1));
    ck_assert_uint_eq(cap, 5 * VEC_FIRST_BYTES + 1);
    memset(s, 'x', cap); /* all of it is there (ASan checks) */
    free(s);

    struct big {
        char bytes[VEC_FIRST_BYTES * 3];
    } *v = NULL;
    size_t vcap = 0;
    ck_assert(vec_reserve(v, vcap, 1));
    ck_assert_uint_eq(vcap, 1);
    ck_assert(vec_reserve(v, vcap, 2));
    ck_assert_uint_eq(vcap, 2);
    free(v);
}
END_TEST

/* Asks an array of two pairs for room for `need`: refused, and the array,
 * its elements and its capacity as they were. */
static void check_refused(size_t need)
{
    pair *v = NULL;
    size_t cap = 0;
    ck_assert(vec_reserve(v, cap, 2));
    v[1] = (pair){11, 12};
    pair *was = v;
    size_t was_cap = cap;
    ck_assert_msg(!vec_reserve(v, cap, need), "room for %zu granted", need);
    ck_assert_ptr_eq(v, was);
    ck_assert_uint_eq(cap, was_cap);
    ck_assert(v[1].a == 11 && v[1].b == 12);
    ck_assert(!vec_resize(&v, need, sizeof *v));
    ck_assert_ptr_eq(v, was);
    free(v);
}

/* A byte size that does not fit (in size_t, or past PTRDIFF_MAX) is
 * refused before any allocation. */
START_TEST(overflow_is_refused)
{
    check_refused(SIZE_MAX / sizeof(pair) + 2);
    check_refused(SIZE_MAX);
    check_refused((size_t)PTRDIFF_MAX / sizeof(pair) + 1);
}
END_TEST

/* Out of memory (a size that fits but that no machine has). */
START_TEST(out_of_memory_keeps_the_array)
{
    check_refused((size_t)PTRDIFF_MAX / sizeof(pair));
}
END_TEST

START_TEST(implied_capacity_grows_at_powers_of_two)
{
    size_t *v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < 300; i++) {
        size_t *before = v;
        ck_assert(vec_reserve_implied(v, n));
        /* Between powers of two there is room already: no reallocation. */
        if (n & (n - 1))
            ck_assert_ptr_eq(v, before);
        v[n++] = i + 1;
    }
    for (size_t i = 0; i < 300; i++)
        ck_assert_uint_eq(v[i], i + 1);
    free(v);
}
END_TEST

START_TEST(strings_push_copy_free)
{
    char **list = NULL;
    size_t n = 0;
    char name[32];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "item%d", i);
        ck_assert_int_eq(db_strings_push(&list, &n, strdup(name)), PASSIM_OK);
    }
    ck_assert_uint_eq(n, 40);
    /* A failed strdup is out of memory, and the list is unchanged. */
    ck_assert_int_eq(db_strings_push(&list, &n, NULL), PASSIM_ERROR_NO_MEMORY);
    ck_assert_uint_eq(n, 40);

    char **copy = db_strings_copy((const char *const *)list, n);
    ck_assert_ptr_nonnull(copy);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "item%zu", i);
        ck_assert_str_eq(list[i], name);
        ck_assert_str_eq(copy[i], name);
        ck_assert_ptr_ne(copy[i], list[i]);
    }
    /* A copy grows like any list of strings. */
    size_t ncopy = n;
    ck_assert_int_eq(db_strings_push(&copy, &ncopy, strdup("last")), PASSIM_OK);
    ck_assert_str_eq(copy[40], "last");
    db_strings_free(copy, ncopy);
    db_strings_free(list, n);
    db_strings_free(NULL, 0);
}
END_TEST

START_TEST(strings_copy_of_none_is_not_null)
{
    char **copy = db_strings_copy(NULL, 0);
    size_t n = 0;
    ck_assert_ptr_nonnull(copy);
    ck_assert_int_eq(db_strings_push(&copy, &n, strdup("one")), PASSIM_OK);
    ck_assert_str_eq(copy[0], "one");
    db_strings_free(copy, n);
}
END_TEST

static Suite *vec_suite(void)
{
    Suite *s = suite_create("vec");
    TCase *tc = tcase_create("vec");
    tcase_add_test(tc, grows_by_doubling_and_keeps_elements);
    tcase_add_test(tc, growth_sizes);
    tcase_add_test(tc, overflow_is_refused);
    tcase_add_test(tc, out_of_memory_keeps_the_array);
    tcase_add_test(tc, implied_capacity_grows_at_powers_of_two);
    tcase_add_test(tc, strings_push_copy_free);
    tcase_add_test(tc, strings_copy_of_none_is_not_null);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vec_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
