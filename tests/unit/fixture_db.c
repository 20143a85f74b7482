/*
 * fixture_db.c — the unit tests' database on disk (see fixture_db.h).
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture_db.h"

/* Check's fixtures take no arguments: what fixture_db_add was given. */
static char *db_dir;
static void (*db_fill)(xc_db *w);

static void db_build(void)
{
    xc_db *w = NULL;
    ck_assert_ptr_nonnull(mkdtemp(db_dir));
    ck_assert_int_eq(
        xc_db_open_writable(&w, db_dir, XC_DB_CREATE_OR_OVERWRITE, NULL),
        PASSIM_OK);
    db_fill(w);
    ck_assert_int_eq(xc_db_commit(w), PASSIM_OK);
    xc_db_free(w);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void db_remove(void)
{
    nftw(db_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

void fixture_db_add(TCase *tc, char *dir, void (*fill)(xc_db *w))
{
    db_dir = dir;
    db_fill = fill;
    tcase_add_unchecked_fixture(tc, db_build, db_remove);
}
