/* stats.c — counting what a passim database holds. */
#include "stats.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "schema.h"

static passim_status count_terms(xc_db *db, const char *prefix,
                                 unsigned long long *out)
{
    xc_terms *it = NULL;
    bool has;
    passim_status st = xc_db_allterms(db, &it, prefix);
    *out = 0;
    while (st == PASSIM_OK &&
           (st = xc_terms_next(it, &has, NULL, NULL, NULL, NULL)) ==
               PASSIM_OK &&
           has)
        (*out)++;
    xc_terms_free(it);
    return st;
}

/* Bytes of the regular files directly in `dir` (a Xapian database folder
 * has no subfolders), or of `dir` itself when it is a stub file. */
static unsigned long long disk_size(const char *dir)
{
    struct stat sb;
    unsigned long long total = 0;
    DIR *d;
    struct dirent *e;
    if (stat(dir, &sb) != 0)
        return 0;
    if (!S_ISDIR(sb.st_mode))
        return (unsigned long long)sb.st_size;
    if (!(d = opendir(dir)))
        return 0;
    while ((e = readdir(d))) {
        char *path = db_strdupf("%s/%s", dir, e->d_name);
        if (path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (unsigned long long)sb.st_size;
        free(path);
    }
    closedir(d);
    return total;
}

/* The passages of every article, added up from their counts (one value
 * each: a spy over all articles reads one value stream). */
static passim_status count_passages(xc_db *db, unsigned int docs,
                                    unsigned long long *out)
{
    xc_query *all = NULL;
    xc_enquire *e = NULL;
    xc_spy *spy = NULL;
    xc_mset *m = NULL;
    size_t n = 0;
    passim_status st = xc_query_all(&all);
    *out = 0;
    if (st == PASSIM_OK)
        st = xc_enquire_new(&e, db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(e, all);
    if (st == PASSIM_OK)
        st = xc_enquire_add_value_spy(e, &spy, SLOT_PASSAGES);
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(e, &m, 0, 0, docs);
    if (st == PASSIM_OK)
        st = xc_spy_count(spy, &n);
    for (size_t i = 0; st == PASSIM_OK && i < n; i++) {
        const char *value;
        size_t len;
        unsigned int count;
        char digits[24] = "";
        st = xc_spy_get(spy, i, &value, &len, &count);
        if (st == PASSIM_OK && len < sizeof digits)
            memcpy(digits, value, len);
        *out += strtoull(digits, NULL, 10) * count;
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(all);
    return st;
}

passim_status db_stats_read(xc_db *db, const char *const *paths, size_t npaths,
                            db_stats *out)
{
    unsigned int docs = 0;
    size_t len;
    passim_status st;

    memset(out, 0, sizeof *out);
    /* Counting reads every article's value: a writer's commits meanwhile
     * are absorbed by reopening on the newest revision and counting again. */
    for (int attempt = 0; attempt < 5; attempt++) {
        st = xc_db_doccount(db, &docs);
        out->articles = docs;
        if (st == PASSIM_OK)
            st = count_passages(db, docs, &out->passages);
        if (st != PASSIM_ERROR_MODIFIED)
            break;
        xc_db_reopen(db, NULL);
    }
    if (st == PASSIM_OK)
        st = count_terms(db, "", &out->terms);
    if (st == PASSIM_OK)
        st = xc_db_get_metadata(db, &out->languages, &len, META_LANGUAGES);
    if (st == PASSIM_OK)
        st = xc_db_get_metadata(db, &out->last_run, &len, META_LAST_RUN);
    if (st == PASSIM_OK)
        st = xc_db_get_metadata(db, &out->analyzer, &len, META_ANALYZER);
    /* Several databases (shards) have no single revision: 0 then. */
    if (st == PASSIM_OK && xc_db_revision(db, &out->revision) != PASSIM_OK)
        out->revision = 0;
    if (st == PASSIM_OK && npaths) {
        char **each = NULL, *why = NULL;
        size_t neach = 0;
        /* A sharded database's size is its shards'. */
        if (db_expand_locations(paths, npaths, &each, &neach, &why) ==
            PASSIM_OK)
            for (size_t i = 0; i < neach; i++)
                if (!db_is_remote(each[i]))
                    out->bytes += disk_size(each[i]);
        db_strings_free(each, neach);
        free(why);
    }
    if (st != PASSIM_OK)
        db_stats_clear(out);
    return st;
}

void db_stats_clear(db_stats *s)
{
    if (!s)
        return;
    free(s->languages);
    free(s->last_run);
    free(s->analyzer);
    memset(s, 0, sizeof *s);
}
