/* writer.c — the indexer's writing side: opening the shards, one document
 * per article, commits, pruning, deleting, compaction. */
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "db_health.h"
#include "db_swap.h"
#include "schema.h"
#include "shards.h"
#include "word_counts.h"

/* One database the articles are spread over (one, unless sharded). */
typedef struct shard {
    char *path;
    xc_db *db;
    word_counts *spelling; /* words written since the last commit */
    char **langs;          /* languages already recorded in its metadata */
    size_t nlangs;
    bool dirty; /* changed since the run began */
} shard;

struct writer {
    size_t commit_every;
    run_shared *shared;
    shard *shards;
    size_t nshards;
    passim_index_summary sum; /* seconds and bytes: the indexer's */
    commit_count since_commit;
};

static passim_status fail(writer *w, shard *sh, passim_status st,
                          const char *what)
{
    const char *why =
        *xc_db_error(sh->db) ? xc_db_error(sh->db) : passim_status_string(st);
    run_shared_set_error(w->shared,
                         db_strdupf("%s: %s: %s", sh->path, what, why));
    return st;
}

/* Takes the resolved shard paths over and opens each: a writer in an open
 * transaction. */
static passim_status open_shards(writer *w, shard_set *set,
                                 const passim_db_options *opt,
                                 const char *language, char **errmsg)
{
    passim_status st = PASSIM_OK;
    w->shards = calloc(set->count, sizeof *w->shards);
    if (!w->shards)
        return PASSIM_ERROR_NO_MEMORY;
    w->nshards = set->count;
    for (size_t i = 0; i < set->count; i++) {
        w->shards[i].path = set->paths[i]; /* taken over */
        set->paths[i] = NULL;
    }
    for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++) {
        shard *sh = &w->shards[i];
        if (!(sh->spelling = word_counts_new())) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        st = db_open_write(&sh->db, sh->path, opt->mode == PASSIM_OPEN_CREATE,
                           opt->lock_timeout_s, language, errmsg);
        /* Everything written between commits is one open transaction, so
         * a run that fails (or is freed without a last commit) leaves the
         * last commit as it was: Xapian cancels an open transaction when
         * the database is closed, where it would commit pending changes
         * otherwise, and that commit crashes when memory ran out. */
        if (st == PASSIM_OK &&
            (st = xc_db_begin_transaction(sh->db, false)) != PASSIM_OK)
            fail(w, sh, st, "starting a transaction");
    }
    return st;
}

passim_status writer_open(writer **out, const char *location,
                          const passim_db_options *opt, const char *language,
                          run_shared *shared, char **errmsg)
{
    shard_set set;
    writer *w;
    passim_status st;
    *out = NULL;
    st = shards_resolve(&set, location, opt->shards,
                        opt->mode == PASSIM_OPEN_CREATE, errmsg);
    if (st != PASSIM_OK)
        return st;
    w = calloc(1, sizeof *w);
    st = w ? open_shards(w, &set, opt, language, errmsg)
           : PASSIM_ERROR_NO_MEMORY;
    shards_clear(&set);
    if (st != PASSIM_OK) {
        writer_free(w);
        return st;
    }
    w->commit_every = opt->commit_every;
    w->shared = shared;
    *out = w;
    return PASSIM_OK;
}

void writer_free(writer *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nshards; i++) {
        shard *sh = &w->shards[i];
        xc_db_free(sh->db);
        word_counts_free(sh->spelling);
        db_strings_free(sh->langs, sh->nlangs);
        free(sh->path);
    }
    free(w->shards);
    free(w);
}

size_t writer_nshards(const writer *w)
{
    return w->nshards;
}

const char *writer_shard_path(const writer *w, size_t i)
{
    return w->shards[i].path;
}

xc_db *writer_shard_db(writer *w, size_t i)
{
    return w->shards[i].db;
}

const passim_index_summary *writer_summary(const writer *w)
{
    return &w->sum;
}

passim_status writer_commit_shard(writer *w, size_t i)
{
    shard *sh = &w->shards[i];
    passim_status st;
    if (!sh->dirty)
        return PASSIM_OK;
    /* The words of the articles written go in with the same commit. */
    st = word_counts_flush(sh->spelling, sh->db);
    if (st != PASSIM_OK)
        return fail(w, sh, st, "adding spelling data");
    st = xc_db_commit_transaction(sh->db);
    if (st == PASSIM_OK)
        st = xc_db_commit(sh->db);
    if (st != PASSIM_OK)
        return fail(w, sh, st, "commit");
    if (strncmp(sh->path, "tcp://", 6) != 0)
        db_health_record(sh->path);
    st = xc_db_begin_transaction(sh->db, false);
    if (st != PASSIM_OK)
        return fail(w, sh, st, "starting a transaction");
    /* The reading side reopens its snapshots itself when it sees this
     * count move: a Xapian handle must not be used by two threads at
     * once. */
    atomic_fetch_add(&w->shared->commits, 1);
    return PASSIM_OK;
}

/* Shard 0 goes first: searches read the languages from its metadata, so
 * it must never be behind a shard holding an article in a new language. */
static passim_status commit_all(writer *w)
{
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++)
        st = writer_commit_shard(w, i);
    w->since_commit = (commit_count){0, 0};
    return st;
}

bool writer_commit_due(const writer *w, commit_count *c, const item *it)
{
    c->passages += it->npassages;
    return ++c->articles >= w->commit_every ||
           c->passages >= COMMIT_MAX_PASSAGES;
}

passim_status writer_record_language(writer *w, size_t i, const char *language)
{
    shard *sh = &w->shards[i];
    passim_status st;
    for (size_t j = 0; j < sh->nlangs; j++)
        if (strcmp(sh->langs[j], language) == 0)
            return PASSIM_OK;
    st = db_add_language(sh->db, language);
    if (st != PASSIM_OK)
        return fail(w, sh, st, "recording the language");
    sh->dirty = true;
    return db_strings_push(&sh->langs, &sh->nlangs, strdup(language));
}

passim_status writer_write_article(writer *w, size_t i, item *it,
                                   passim_index_summary *sum)
{
    shard *sh = &w->shards[i];
    char term[SCHEMA_TERM_MAX];
    passim_status st;
    schema_term(term, PREFIX_ARTICLE, it->id, strlen(it->id));
    /* One document per article: replacing it is one change, which a commit
     * takes whole or not at all. The document is freed at once, so a long
     * article is not held twice (as a document and as Xapian's buffered
     * changes). */
    st = xc_db_replace_document_by_term(sh->db, term, it->doc, NULL);
    xc_doc_free(it->doc);
    it->doc = NULL;
    if (st != PASSIM_OK)
        return fail(w, sh, st, it->id);
    if (it->words &&
        (st = word_counts_merge(sh->spelling, it->words)) != PASSIM_OK)
        return st;
    sh->dirty = true;
    sum->passages += it->npassages;
    sum->content_ids += it->id_from_content;
    if (it->existed)
        sum->updated++;
    else
        sum->added++;
    return PASSIM_OK;
}

void writer_add_counts(writer *w, const passim_index_summary *sum)
{
    w->sum.added += sum->added;
    w->sum.updated += sum->updated;
    w->sum.passages += sum->passages;
    w->sum.content_ids += sum->content_ids;
}

static passim_status write_article(writer *w, item *it)
{
    passim_status st = PASSIM_OK;
    /* Every shard records every language: searches read the first one's
     * metadata to choose the query analyzers. */
    for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++)
        st = writer_record_language(w, i, it->language);
    if (st == PASSIM_OK)
        st = writer_write_article(w, shards_pick(it->id, w->nshards), it,
                                  &w->sum);
    if (st == PASSIM_OK && writer_commit_due(w, &w->since_commit, it))
        st = commit_all(w);
    return st;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collects into *stale the ids of the articles of file term `term` in `sh`
 * that are not in the sorted `keep` (NULL: none kept). */
static passim_status collect_stale(writer *w, shard *sh, const char *term,
                                   char **keep, size_t nkeep, char ***stale,
                                   size_t *nstale)
{
    xc_postings *pl = NULL;
    xc_docid docid;
    bool has;
    passim_status st = xc_db_postings(sh->db, &pl, term);
    while (st == PASSIM_OK &&
           (st = xc_postings_next(pl, &has, &docid, NULL)) == PASSIM_OK &&
           has) {
        xc_doc *doc = NULL;
        char *id = NULL;
        size_t len;
        st = xc_db_get_document(sh->db, &doc, docid);
        if (st == PASSIM_OK)
            st = xc_doc_get_value(doc, &id, &len, SLOT_ARTICLE);
        xc_doc_free(doc);
        if (st != PASSIM_OK || (nkeep && bsearch(&id, keep, nkeep, sizeof *keep,
                                                 compare_strings))) {
            free(id);
            continue;
        }
        st = db_strings_push(stale, nstale, id);
    }
    xc_postings_free(pl);
    if (st != PASSIM_OK)
        fail(w, sh, st, "pruning");
    return st;
}

/* Removes the articles of the file `path` that are not in `keep`; *found
 * (may be NULL) counts them. */
static passim_status remove_file_articles(writer *w, const char *path,
                                          char **keep, size_t nkeep,
                                          size_t *found)
{
    char term[SCHEMA_TERM_MAX];
    char **stale = NULL;
    size_t nstale = 0;
    passim_status st = PASSIM_OK;
    schema_term(term, PREFIX_FILE, path, strlen(path));
    for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++)
        st =
            collect_stale(w, &w->shards[i], term, keep, nkeep, &stale, &nstale);
    if (st == PASSIM_OK)
        st = writer_delete(w, (const char *const *)stale, nstale, found);
    db_strings_free(stale, nstale);
    return st;
}

passim_status writer_apply(writer *w, item *it)
{
    switch (it->kind) {
    case ITEM_WRITE:
        return write_article(w, it);
    case ITEM_FILE_READ:
        qsort(it->ids, it->nids, sizeof *it->ids, compare_strings);
        return remove_file_articles(w, it->id, it->ids, it->nids, NULL);
    case ITEM_UNCHANGED:
        w->sum.unchanged++;
        w->sum.content_ids += it->id_from_content;
        return PASSIM_OK;
    case ITEM_FAILED:
        w->sum.failed++;
        return PASSIM_OK;
    case ITEM_LANGUAGE:
    case ITEM_COMMIT:
        break; /* orders for the parallel shard writers only */
    }
    return PASSIM_ERROR_INTERNAL;
}

/* Whether `path` lies under one of the roots (canonical paths compared). */
static bool under_roots(const char *path, char *const *canon, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len;
        if (!canon[i])
            continue;
        len = strlen(canon[i]);
        if (strncmp(path, canon[i], len) == 0 &&
            (path[len] == '\0' || path[len] == '/' || canon[i][len - 1] == '/'))
            return true;
    }
    return false;
}

/* Whether the file is known to be gone. A file that cannot be reached
 * (a folder without permission, an I/O error) may well be there: its
 * articles stay. ENOTDIR: a folder on its path became a file, so it cannot
 * be there. */
static bool file_gone(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* Adds to *gone the source files of `sh` under the roots (canon NULL:
 * anywhere) that no longer exist. */
static passim_status collect_gone(writer *w, shard *sh, char *const *canon,
                                  size_t ncanon, char ***gone, size_t *ngone)
{
    xc_terms *terms = NULL;
    const char *term;
    size_t len;
    bool has;
    passim_status st = xc_db_allterms(sh->db, &terms, PREFIX_FILE);
    while (st == PASSIM_OK &&
           (st = xc_terms_next(terms, &has, &term, &len, NULL, NULL)) ==
               PASSIM_OK &&
           has) {
        const char *path = term + strlen(PREFIX_FILE);
        if (path[0] != '/' || (canon && !under_roots(path, canon, ncanon)) ||
            !file_gone(path))
            continue;
        st = db_strings_push(gone, ngone, strdup(path));
    }
    xc_terms_free(terms);
    if (st != PASSIM_OK)
        fail(w, sh, st, "pruning");
    return st;
}

/* Removes the articles of the files that are gone under the roots (canon
 * NULL: anywhere); *removed (may be NULL) counts them. */
static passim_status prune_gone(writer *w, char *const *canon, size_t ncanon,
                                size_t *removed)
{
    char **gone = NULL;
    size_t ngone = 0, n = 0;
    passim_status st = PASSIM_OK;
    /* Collect first: deleting while iterating the term list is unsafe. */
    for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++)
        st = collect_gone(w, &w->shards[i], canon, ncanon, &gone, &ngone);
    for (size_t i = 0; st == PASSIM_OK && i < ngone; i++) {
        size_t found = 0;
        st = remove_file_articles(w, gone[i], NULL, 0, &found);
        n += found;
    }
    db_strings_free(gone, ngone);
    if (removed)
        *removed = n;
    return st;
}

passim_status writer_prune(writer *w, const char *const *roots, size_t nroots)
{
    char **canon = calloc(nroots ? nroots : 1, sizeof *canon);
    passim_status st = canon ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;

    for (size_t i = 0; st == PASSIM_OK && i < nroots; i++)
        canon[i] = strcmp(roots[i], "-") ? realpath(roots[i], NULL) : NULL;
    if (st == PASSIM_OK)
        st = prune_gone(w, canon, nroots, NULL);
    db_strings_free(canon, canon ? nroots : 0);
    return st;
}

passim_status writer_prune_all(writer *w, size_t *removed)
{
    return prune_gone(w, NULL, 0, removed);
}

/* The path the walk indexes `path` under (its realpath), also for a file
 * that is gone: its folder's realpath and its name. NULL when neither
 * resolves or memory ran out. */
static char *indexed_path(const char *path)
{
    char *canon = realpath(path, NULL), *dir, *dir_canon;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (canon || errno != ENOENT || !*name)
        return canon;
    dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                : strdup(".");
    dir_canon = dir ? realpath(dir, NULL) : NULL;
    if (dir_canon)
        canon = db_strdupf("%s%s%s", dir_canon,
                           strcmp(dir_canon, "/") ? "/" : "", name);
    free(dir);
    free(dir_canon);
    return canon;
}

passim_status writer_delete_file(writer *w, const char *path, size_t *found)
{
    char *canon = indexed_path(path);
    passim_status st = PASSIM_OK;
    if (found)
        *found = 0;
    if (canon)
        st = remove_file_articles(w, canon, NULL, 0, found);
    free(canon);
    return st;
}

passim_status writer_delete(writer *w, const char *const *ids, size_t nids,
                            size_t *found)
{
    char term[SCHEMA_TERM_MAX];
    size_t n = 0;
    for (size_t i = 0; i < nids; i++) {
        shard *sh = &w->shards[shards_pick(ids[i], w->nshards)];
        bool exists = false;
        size_t len = schema_term(term, PREFIX_ARTICLE, ids[i], strlen(ids[i]));
        passim_status st = xc_db_term_exists(sh->db, term, len, &exists);
        if (st == PASSIM_OK && exists)
            st = xc_db_delete_documents_by_term(sh->db, term);
        if (st != PASSIM_OK)
            return fail(w, sh, st, "deleting");
        if (exists) {
            n++;
            w->sum.removed++;
            sh->dirty = true;
        }
    }
    if (found)
        *found = n;
    return PASSIM_OK;
}

/* Sets a metadata key on every shard (searches read the first one's). */
static passim_status set_everywhere(writer *w, const char *key,
                                    const char *value, size_t len)
{
    for (size_t i = 0; i < w->nshards; i++) {
        shard *sh = &w->shards[i];
        passim_status st = xc_db_set_metadata(sh->db, key, value, len);
        if (st != PASSIM_OK)
            return fail(w, sh, st, key);
        sh->dirty = true;
    }
    return PASSIM_OK;
}

passim_status writer_commit(writer *w)
{
    passim_status st = PASSIM_OK;
    bool dirty = false;
    for (size_t i = 0; i < w->nshards; i++)
        dirty = dirty || w->shards[i].dirty;
    /* Nothing changed: no commit, so the revision stays the same. */
    if (dirty) {
        char stamp[32];
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        st = set_everywhere(w, META_LAST_RUN, stamp, strlen(stamp));
        if (st == PASSIM_OK)
            st = commit_all(w);
        for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++)
            w->shards[i].dirty = false;
    }
    return st;
}

passim_status writer_set_synonyms(writer *w, const char *text, size_t len)
{
    return set_everywhere(w, META_SYNONYMS, text, len);
}

/* Compacts one shard into a copy and swaps it in. */
static passim_status compact_shard(writer *w, shard *sh)
{
    char *copy = db_swap_copy_name(sh->path);
    passim_status st = copy ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK && strncmp(sh->path, "tcp://", 6) == 0) {
        run_shared_set_error(w->shared,
                             db_strdupf("%s: a remote database is compacted "
                                        "on its server (xapian-compact)",
                                        sh->path));
        st = PASSIM_ERROR_INVALID_ARGUMENT;
    }
    if (st == PASSIM_OK && (st = xc_db_compact(sh->db, copy)) != PASSIM_OK)
        fail(w, sh, st, "compacting");
    /* Xapian made the copy from a sound database: the next writer need not
     * check it. */
    if (st == PASSIM_OK)
        db_health_record(copy);
    /* One exchange of names, while this writer still holds the old
     * database's lock: whoever opens the path finds the old database or the
     * compacted one, never none, and a writer waiting for the lock gets the
     * compacted one. Nothing is left to commit, so closing the old handle
     * writes nothing into the folder now named by the path. */
    if (st == PASSIM_OK && db_swap_exchange(sh->path, copy) != 0) {
        run_shared_set_error(
            w->shared,
            db_strdupf("%s: swapping in the compacted copy: %s%s", sh->path,
                       strerror(errno),
                       errno == EINVAL ? " (this file system cannot exchange "
                                         "two names at once; the database is "
                                         "left as it was)"
                                       : ""));
        st = PASSIM_ERROR_IO;
    }
    xc_db_free(sh->db);
    sh->db = NULL;
    /* The old database once swapped, else the unused copy. */
    if (copy)
        db_swap_remove(copy);
    free(copy);
    return st;
}

passim_status writer_compact(writer *w)
{
    passim_status st = writer_commit(w);
    for (size_t i = 0; st == PASSIM_OK && i < w->nshards; i++)
        st = compact_shard(w, &w->shards[i]);
    return st;
}
