/* indexer.c — the batch indexer: a worker thread reads, parses, splits and
 * analyzes articles into ready Xapian documents; the calling thread writes
 * them, one transaction per article, and commits between articles. */
#include "indexer.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "db.h"
#include "document.h"
#include "passage.h"
#include "reader.h"
#include "schema.h"
#include "walk.h"
#include "xc.h"

#define QUEUE_CAPACITY 64
#define PASSAGE_TARGET_WORDS 100
#define PASSAGE_MAX_WORDS 250
#define JSONL_MAX_LINE (64u << 20)

/* What the worker hands the writer for one article. */
typedef enum item_kind {
    ITEM_WRITE,
    ITEM_UNCHANGED,
    ITEM_FAILED,
    ITEM_FILE_READ /* a multi-article file was read whole: id is its path,
                      ids the articles it holds now (with --prune) */
} item_kind;
typedef struct item {
    item_kind kind;
    bool existed;      /* replaces an article already in the database */
    char *id;
    const char *language; /* canonical name, owned by an analyzer */
    xc_doc **docs;
    size_t ndocs;
    char **ids;
    size_t nids;
} item;

typedef struct language_cache {
    analyzer **analyzers;
    size_t count;
} language_cache;

struct indexer {
    indexer_options opt;
    char *db_path;
    xc_db *db;        /* the writer */
    xc_db *snapshot;  /* a reader of the last commit, for content hashes */
    analyzer *fallback;
    language_cache langs;
    char **written_langs; /* languages already recorded in the metadata */
    size_t nwritten_langs;
    char *error;

    /* Worker only: ids of the articles read from the current multi-article
     * file, when pruning. */
    bool collecting;
    char **file_ids;
    size_t nfile_ids;

    /* The queue between worker and writer. */
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    item queue[QUEUE_CAPACITY];
    size_t head, count;
    bool producer_done;
    atomic_bool stop; /* the writer failed: the worker ends early */

    /* Counters: the worker's under `lock`, the writer's its own. */
    size_t files, read_articles;
    unsigned long long bytes, total_bytes;
    indexer_summary sum;
    size_t since_commit;
    bool dirty;
    struct timespec started, last_progress;
};

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void set_error(indexer *ix, char *msg)
{
    free(ix->error);
    ix->error = msg;
}

const char *indexer_error(const indexer *ix)
{
    return ix && ix->error ? ix->error : "";
}

static void report(indexer *ix, const char *path, unsigned int line,
                   const char *reason)
{
    if (ix->opt.problem)
        ix->opt.problem(path, line, reason, ix->opt.ctx);
}

/* ---- languages ---------------------------------------------------------- */

/* The analyzer for an article's language, or the default one (with a
 * report) when the language is unknown. Worker thread only. */
static analyzer *analyzer_for(indexer *ix, const article *a)
{
    const char *name;
    analyzer *an = NULL, **grown;
    if (!a->lang || !*a->lang)
        return ix->fallback;
    name = analyzer_language_canonical(a->lang);
    if (!name) {
        char *msg = db_strdupf("unknown language '%s'; indexed as %s",
                               a->lang, analyzer_language(ix->fallback));
        report(ix, a->path, a->line, msg ? msg : "unknown language");
        free(msg);
        return ix->fallback;
    }
    if (strcmp(name, analyzer_language(ix->fallback)) == 0)
        return ix->fallback;
    for (size_t i = 0; i < ix->langs.count; i++)
        if (strcmp(analyzer_language(ix->langs.analyzers[i]), name) == 0)
            return ix->langs.analyzers[i];
    grown = realloc(ix->langs.analyzers,
                    (ix->langs.count + 1) * sizeof *grown);
    if (!grown)
        return ix->fallback;
    ix->langs.analyzers = grown;
    if (analyzer_new(&an, name, NULL) != PASSIM_OK)
        return ix->fallback;
    grown[ix->langs.count++] = an;
    return an;
}

/* ---- the queue ---------------------------------------------------------- */

static void item_clear(item *it)
{
    for (size_t i = 0; i < it->ndocs; i++)
        xc_doc_free(it->docs[i]);
    free(it->docs);
    free(it->id);
    db_strings_free(it->ids, it->nids);
    memset(it, 0, sizeof *it);
}

/* Worker: false when the writer has stopped (the item is then cleared). */
static bool queue_push(indexer *ix, item *it)
{
    bool ok;
    pthread_mutex_lock(&ix->lock);
    while (ix->count == QUEUE_CAPACITY && !ix->stop)
        pthread_cond_wait(&ix->not_full, &ix->lock);
    ok = !ix->stop;
    if (ok) {
        ix->queue[(ix->head + ix->count) % QUEUE_CAPACITY] = *it;
        ix->count++;
        pthread_cond_signal(&ix->not_empty);
    }
    pthread_mutex_unlock(&ix->lock);
    if (!ok)
        item_clear(it);
    return ok;
}

/* Writer: false when the worker is done and the queue is empty. */
static bool queue_pop(indexer *ix, item *out)
{
    bool ok;
    pthread_mutex_lock(&ix->lock);
    while (ix->count == 0 && !ix->producer_done)
        pthread_cond_wait(&ix->not_empty, &ix->lock);
    ok = ix->count > 0;
    if (ok) {
        *out = ix->queue[ix->head];
        ix->head = (ix->head + 1) % QUEUE_CAPACITY;
        ix->count--;
        pthread_cond_signal(&ix->not_full);
    }
    pthread_mutex_unlock(&ix->lock);
    return ok;
}

/* ---- the worker --------------------------------------------------------- */

/* The content hash stored for an article id, or false when there is none.
 * The snapshot may be overtaken by the writer's commits: reopen then. */
static bool stored_hash(xc_db *db, const char *id, char out[17])
{
    char term[SCHEMA_TERM_MAX];
    xc_postings *pl = NULL;
    xc_doc *doc = NULL;
    xc_docid docid = 0;
    bool has = false, found = false;
    char *value = NULL;
    size_t len = 0;
    schema_term(term, PREFIX_ARTICLE, id, strlen(id));
    for (int attempt = 0; attempt < 3; attempt++) {
        passim_status st = xc_db_postings(db, &pl, term);
        if (st == PASSIM_OK)
            st = xc_postings_next(pl, &has, &docid, NULL);
        if (st == PASSIM_OK && has)
            st = xc_db_get_document(db, &doc, docid);
        if (st == PASSIM_OK && has)
            st = xc_doc_get_value(doc, &value, &len, SLOT_HASH);
        xc_postings_free(pl);
        xc_doc_free(doc);
        pl = NULL;
        doc = NULL;
        if (st == PASSIM_ERROR_MODIFIED) {
            xc_db_reopen(db, NULL);
            continue;
        }
        found = st == PASSIM_OK && has && len == 16;
        if (found)
            memcpy(out, value, 17);
        break;
    }
    free(value);
    return found;
}

/* Reads an article into an item: unchanged, failed, or documents to write.
 * `hashes` is where stored content hashes are looked up. */
static void prepare_item(indexer *ix, xc_db *hashes, const article *a,
                         item *it)
{
    char old[17], now[17];
    passage *passages = NULL;
    size_t npassages = 0;
    char *msg = NULL;
    analyzer *an;
    passim_status st;

    it->id = document_article_id(a);
    if (!it->id) {
        it->kind = ITEM_FAILED;
        return;
    }
    snprintf(now, sizeof now, "%016llx", (unsigned long long)a->hash);
    it->existed = stored_hash(hashes, it->id, old);
    if (it->existed && strcmp(old, now) == 0) {
        it->kind = ITEM_UNCHANGED;
        return;
    }
    an = analyzer_for(ix, a);
    it->language = analyzer_language(an);
    st = passages_split(a, PASSAGE_TARGET_WORDS, PASSAGE_MAX_WORDS, &passages,
                        &npassages);
    if (st == PASSIM_OK && npassages == 0) {
        report(ix, a->path, a->line, "no text to index");
        it->kind = ITEM_FAILED;
        goto out;
    }
    if (st == PASSIM_OK) {
        it->docs = calloc(npassages, sizeof *it->docs);
        st = it->docs ? document_build(it->docs, a, it->id, passages,
                                       npassages, an, &msg)
                      : PASSIM_ERROR_NO_MEMORY;
    }
    if (st != PASSIM_OK) {
        report(ix, a->path, a->line, msg ? msg : passim_status_string(st));
        it->kind = ITEM_FAILED;
        goto out;
    }
    it->kind = ITEM_WRITE;
    it->ndocs = npassages;
out:
    free(msg);
    passages_free(passages, npassages);
}

static int on_article(article *a, void *ctx)
{
    indexer *ix = ctx;
    item it = {0};
    pthread_mutex_lock(&ix->lock);
    ix->read_articles++;
    pthread_mutex_unlock(&ix->lock);
    prepare_item(ix, ix->snapshot, a, &it);
    article_free(a);
    if (ix->collecting && it.id) {
        char **grown = realloc(ix->file_ids,
                               (ix->nfile_ids + 1) * sizeof *grown);
        if (grown && (grown[ix->nfile_ids] = strdup(it.id)))
            ix->nfile_ids++;
        if (grown)
            ix->file_ids = grown;
        else
            ix->collecting = false; /* out of memory: prune nothing */
    }
    return queue_push(ix, &it) ? 0 : 1;
}

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    indexer *ix = ctx;
    item it = {0};
    report(ix, path, line, reason);
    /* Counted by the writer, so that the summary has one owner. */
    it.kind = ITEM_FAILED;
    queue_push(ix, &it);
}

static void on_skip(const char *path, const char *reason, bool only_verbose,
                    void *ctx)
{
    indexer *ix = ctx;
    if (only_verbose) {
        if (ix->opt.verbose)
            report(ix, path, 0, reason);
        return;
    }
    on_problem(path, 0, reason, ctx);
}

/* Parses one file; multi-article files are read whole or streamed. */
static passim_status parse_file(indexer *ix, const char *path,
                                reader_format fmt, const reader_sink *sink)
{
    char *buf = NULL, *reason = NULL;
    size_t len = 0;
    passim_status st;
    if (fmt == READER_JSONL) {
        /* Streamed: a JSON Lines file may be far larger than memory. */
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            on_problem(path, 0, "cannot open", ix);
            return PASSIM_ERROR_IO;
        }
        st = reader_parse_jsonl_stream(path, fp, JSONL_MAX_LINE, sink);
        fclose(fp);
        return st;
    }
    st = walk_read_file(path, ix->opt.max_file_size, &buf, &len, &reason);
    if (st != PASSIM_OK) {
        on_problem(path, 0, reason ? reason : "cannot read", ix);
        free(reason);
        return st;
    }
    st = reader_parse_buffer(fmt, path, buf, len, sink);
    free(buf);
    return st;
}

static int on_file(const char *path, reader_format fmt,
                   unsigned long long size, void *ctx)
{
    indexer *ix = ctx;
    reader_sink sink = {on_article, on_problem, ix};
    passim_status st;

    pthread_mutex_lock(&ix->lock);
    ix->files++;
    ix->bytes += size;
    pthread_mutex_unlock(&ix->lock);
    ix->collecting = ix->opt.prune &&
                     (fmt == READER_JSON || fmt == READER_JSONL);
    st = parse_file(ix, path, fmt, &sink);
    if (ix->collecting && st == PASSIM_OK && !ix->stop) {
        item it = {0};
        it.kind = ITEM_FILE_READ;
        it.id = strdup(path);
        it.ids = ix->file_ids;
        it.nids = ix->nfile_ids;
        ix->file_ids = NULL;
        ix->nfile_ids = 0;
        if (it.id)
            queue_push(ix, &it);
        else
            item_clear(&it);
    }
    db_strings_free(ix->file_ids, ix->nfile_ids);
    ix->file_ids = NULL;
    ix->nfile_ids = 0;
    ix->collecting = false;
    return ix->stop;
}

typedef struct worker_job {
    indexer *ix;
    const char *const *roots;
    size_t nroots;
} worker_job;

static void *worker_main(void *arg)
{
    worker_job *job = arg;
    indexer *ix = job->ix;
    walk_options wopt = {ix->opt.include, ix->opt.ninclude, ix->opt.exclude,
                         ix->opt.nexclude, ix->opt.max_file_size,
                         ix->opt.verbose};
    reader_sink sink = {on_article, on_problem, ix};

    for (size_t i = 0; i < job->nroots && !ix->stop; i++) {
        if (strcmp(job->roots[i], "-") == 0)
            reader_parse_jsonl_stream("-", stdin, JSONL_MAX_LINE, &sink);
        else
            walk_roots(&job->roots[i], 1, &wopt, on_file, on_skip, ix);
    }
    pthread_mutex_lock(&ix->lock);
    ix->producer_done = true;
    pthread_cond_broadcast(&ix->not_empty);
    pthread_mutex_unlock(&ix->lock);
    return NULL;
}

static int add_size(const char *path, reader_format fmt,
                    unsigned long long size, void *ctx)
{
    (void)path;
    (void)fmt;
    *(unsigned long long *)ctx += size;
    return 0;
}

static void ignore_skip(const char *path, const char *reason,
                        bool only_verbose, void *ctx)
{
    (void)path, (void)reason, (void)only_verbose, (void)ctx;
}

/* ---- the writer --------------------------------------------------------- */

static passim_status db_fail(indexer *ix, passim_status st, const char *what)
{
    set_error(ix, db_strdupf("%s: %s: %s", ix->db_path, what,
                             *xc_db_error(ix->db) ? xc_db_error(ix->db)
                                                  : passim_status_string(st)));
    return st;
}

static passim_status commit(indexer *ix)
{
    passim_status st = xc_db_commit(ix->db);
    if (st != PASSIM_OK)
        return db_fail(ix, st, "commit");
    ix->since_commit = 0;
    return xc_db_reopen(ix->snapshot, NULL);
}

static passim_status record_language(indexer *ix, const char *language)
{
    char **grown;
    passim_status st;
    for (size_t i = 0; i < ix->nwritten_langs; i++)
        if (strcmp(ix->written_langs[i], language) == 0)
            return PASSIM_OK;
    st = db_add_language(ix->db, language);
    if (st != PASSIM_OK)
        return db_fail(ix, st, "recording the language");
    grown = realloc(ix->written_langs,
                    (ix->nwritten_langs + 1) * sizeof *grown);
    if (!grown || !(grown[ix->nwritten_langs] = strdup(language)))
        return PASSIM_ERROR_NO_MEMORY;
    ix->written_langs = grown;
    ix->nwritten_langs++;
    return PASSIM_OK;
}

/* Body words feed the spelling table: the unprefixed terms (prefixes are
 * upper-case ASCII; folded words never start with one). */
static passim_status add_spellings(indexer *ix, xc_doc *doc)
{
    xc_terms *terms = NULL;
    const char *term;
    size_t len;
    unsigned int wdf;
    bool has;
    passim_status st = xc_doc_terms(doc, &terms);
    while (st == PASSIM_OK &&
           (st = xc_terms_next(terms, &has, &term, &len, &wdf, NULL)) ==
               PASSIM_OK &&
           has) {
        if ((term[0] >= 'A' && term[0] <= 'Z') || (term[0] >= '0' &&
                                                   term[0] <= '9'))
            continue;
        st = xc_db_add_spelling(ix->db, term, wdf ? wdf : 1);
    }
    xc_terms_free(terms);
    return st;
}

static passim_status write_article(indexer *ix, item *it)
{
    char term[SCHEMA_TERM_MAX];
    passim_status st;
    schema_term(term, PREFIX_ARTICLE, it->id, strlen(it->id));
    st = record_language(ix, it->language);
    if (st != PASSIM_OK)
        return st;
    st = xc_db_begin_transaction(ix->db, false);
    if (st != PASSIM_OK)
        return db_fail(ix, st, "starting a transaction");
    st = xc_db_delete_documents_by_term(ix->db, term);
    for (size_t i = 0; st == PASSIM_OK && i < it->ndocs; i++) {
        st = xc_db_add_document(ix->db, it->docs[i], NULL);
        if (st == PASSIM_OK)
            st = add_spellings(ix, it->docs[i]);
    }
    if (st != PASSIM_OK) {
        db_fail(ix, st, it->id);
        xc_db_cancel_transaction(ix->db);
        return st;
    }
    st = xc_db_commit_transaction(ix->db);
    if (st != PASSIM_OK)
        return db_fail(ix, st, "committing a transaction");
    ix->dirty = true;
    ix->sum.passages += it->ndocs;
    if (it->existed)
        ix->sum.updated++;
    else
        ix->sum.added++;
    if (++ix->since_commit >= ix->opt.commit_every)
        st = commit(ix);
    return st;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Removes the articles a multi-article file held before this run but holds
 * no longer. */
static passim_status prune_file_leftovers(indexer *ix, item *it)
{
    char term[SCHEMA_TERM_MAX];
    char **stale = NULL;
    size_t nstale = 0;
    xc_postings *pl = NULL;
    xc_docid docid;
    bool has;
    passim_status st;

    qsort(it->ids, it->nids, sizeof *it->ids, compare_strings);
    schema_term(term, PREFIX_FILE, it->id, strlen(it->id));
    st = xc_db_postings(ix->db, &pl, term);
    while (st == PASSIM_OK &&
           (st = xc_postings_next(pl, &has, &docid, NULL)) == PASSIM_OK &&
           has) {
        xc_doc *doc = NULL;
        char *id = NULL;
        size_t len;
        char **grown;
        st = xc_db_get_document(ix->db, &doc, docid);
        if (st == PASSIM_OK)
            st = xc_doc_get_value(doc, &id, &len, SLOT_ARTICLE);
        xc_doc_free(doc);
        if (st != PASSIM_OK ||
            bsearch(&id, it->ids, it->nids, sizeof *it->ids,
                    compare_strings) ||
            (nstale && strcmp(stale[nstale - 1], id) == 0)) {
            free(id);
            continue;
        }
        grown = realloc(stale, (nstale + 1) * sizeof *grown);
        if (!grown) {
            free(id);
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        stale = grown;
        stale[nstale++] = id;
    }
    xc_postings_free(pl);
    if (st == PASSIM_OK) {
        size_t found = 0;
        st = indexer_delete(ix, (const char *const *)stale, nstale, &found);
    } else {
        db_fail(ix, st, "pruning");
    }
    db_strings_free(stale, nstale);
    return st;
}

static passim_status apply_item(indexer *ix, item *it)
{
    if (it->kind == ITEM_WRITE)
        return write_article(ix, it);
    if (it->kind == ITEM_FILE_READ)
        return prune_file_leftovers(ix, it);
    if (it->kind == ITEM_UNCHANGED)
        ix->sum.unchanged++;
    else
        ix->sum.failed++;
    return PASSIM_OK;
}

static void maybe_progress(indexer *ix, bool force)
{
    indexer_progress p;
    if (!ix->opt.progress)
        return;
    if (!force && seconds_since(&ix->last_progress) < 0.5)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ix->last_progress);
    pthread_mutex_lock(&ix->lock);
    p.files = ix->files;
    p.articles = ix->read_articles;
    p.bytes = ix->bytes;
    pthread_mutex_unlock(&ix->lock);
    p.total_bytes = ix->total_bytes;
    p.seconds = seconds_since(&ix->started);
    ix->opt.progress(&p, ix->opt.ctx);
}

passim_status indexer_add_paths(indexer *ix, const char *const *roots,
                                size_t nroots)
{
    worker_job job = {ix, roots, nroots};
    pthread_t worker;
    passim_status st = PASSIM_OK;
    item it;

    if (ix->opt.progress) {
        walk_options wopt = {ix->opt.include, ix->opt.ninclude,
                             ix->opt.exclude, ix->opt.nexclude,
                             ix->opt.max_file_size, false};
        for (size_t i = 0; i < nroots; i++)
            if (strcmp(roots[i], "-") != 0)
                walk_roots(&roots[i], 1, &wopt, add_size, ignore_skip,
                           &ix->total_bytes);
    }
    ix->producer_done = false;
    ix->stop = false;
    if (pthread_create(&worker, NULL, worker_main, &job) != 0) {
        set_error(ix, db_strdupf("cannot start the reader thread"));
        return PASSIM_ERROR_INTERNAL;
    }
    while (queue_pop(ix, &it)) {
        if (st == PASSIM_OK) {
            st = apply_item(ix, &it);
            if (st != PASSIM_OK) {
                /* Stop the worker; keep draining so it can finish. */
                pthread_mutex_lock(&ix->lock);
                ix->stop = true;
                pthread_cond_broadcast(&ix->not_full);
                pthread_mutex_unlock(&ix->lock);
            }
        }
        item_clear(&it);
        maybe_progress(ix, false);
    }
    pthread_join(worker, NULL);
    pthread_mutex_lock(&ix->lock);
    ix->sum.bytes = ix->bytes;
    pthread_mutex_unlock(&ix->lock);
    maybe_progress(ix, true);
    return st;
}

passim_status indexer_add_article(indexer *ix, article *a)
{
    item it = {0};
    passim_status st;
    /* The writer sees its own uncommitted changes: look hashes up there. */
    prepare_item(ix, ix->db, a, &it);
    article_free(a);
    st = apply_item(ix, &it);
    item_clear(&it);
    return st;
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

passim_status indexer_prune(indexer *ix, const char *const *roots,
                            size_t nroots)
{
    char **canon = calloc(nroots ? nroots : 1, sizeof *canon);
    char **gone = NULL;
    size_t ngone = 0;
    xc_terms *terms = NULL;
    const char *term;
    size_t len;
    bool has;
    struct stat sb;
    passim_status st;

    if (!canon)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < nroots; i++)
        canon[i] = strcmp(roots[i], "-") ? realpath(roots[i], NULL) : NULL;
    /* Collect first: deleting while iterating the term list is unsafe. */
    st = xc_db_allterms(ix->db, &terms, PREFIX_FILE);
    while (st == PASSIM_OK &&
           (st = xc_terms_next(terms, &has, &term, &len, NULL, NULL)) ==
               PASSIM_OK &&
           has) {
        const char *path = term + strlen(PREFIX_FILE);
        char **grown;
        if (path[0] != '/' || !under_roots(path, canon, nroots) ||
            lstat(path, &sb) == 0)
            continue;
        grown = realloc(gone, (ngone + 1) * sizeof *gone);
        if (!grown || !(grown[ngone] = strdup(term))) {
            gone = grown ? grown : gone;
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        gone = grown;
        ngone++;
    }
    xc_terms_free(terms);
    for (size_t i = 0; st == PASSIM_OK && i < ngone; i++) {
        unsigned int articles = 0;
        /* Count the file's articles by their first passages. */
        xc_postings *pl = NULL;
        xc_docid docid;
        bool more;
        st = xc_db_postings(ix->db, &pl, gone[i]);
        while (st == PASSIM_OK &&
               (st = xc_postings_next(pl, &more, &docid, NULL)) == PASSIM_OK &&
               more) {
            xc_doc *doc = NULL;
            char *ord = NULL;
            size_t olen;
            st = xc_db_get_document(ix->db, &doc, docid);
            if (st == PASSIM_OK)
                st = xc_doc_get_value(doc, &ord, &olen, SLOT_ORDINAL);
            if (st == PASSIM_OK && olen && atoi(ord) == 0)
                articles++;
            free(ord);
            xc_doc_free(doc);
        }
        xc_postings_free(pl);
        if (st == PASSIM_OK)
            st = xc_db_delete_documents_by_term(ix->db, gone[i]);
        if (st == PASSIM_OK) {
            ix->sum.removed += articles;
            ix->dirty = true;
        } else {
            db_fail(ix, st, "pruning");
        }
    }
    for (size_t i = 0; i < ngone; i++)
        free(gone[i]);
    free(gone);
    for (size_t i = 0; i < nroots; i++)
        free(canon[i]);
    free(canon);
    if (st != PASSIM_OK && !ix->error)
        db_fail(ix, st, "pruning");
    return st;
}

passim_status indexer_delete(indexer *ix, const char *const *ids, size_t nids,
                             size_t *found)
{
    char term[SCHEMA_TERM_MAX];
    size_t n = 0;
    for (size_t i = 0; i < nids; i++) {
        bool exists = false;
        passim_status st;
        size_t len = schema_term(term, PREFIX_ARTICLE, ids[i], strlen(ids[i]));
        st = xc_db_term_exists(ix->db, term, len, &exists);
        if (st == PASSIM_OK && exists)
            st = xc_db_delete_documents_by_term(ix->db, term);
        if (st != PASSIM_OK)
            return db_fail(ix, st, "deleting");
        if (exists) {
            n++;
            ix->sum.removed++;
            ix->dirty = true;
        }
    }
    if (found)
        *found = n;
    return PASSIM_OK;
}

passim_status indexer_commit(indexer *ix, indexer_summary *summary)
{
    passim_status st = PASSIM_OK;
    if (ix->dirty) {
        char stamp[32];
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        st = xc_db_set_metadata(ix->db, META_LAST_RUN, stamp, strlen(stamp));
        if (st == PASSIM_OK)
            st = commit(ix);
        else
            db_fail(ix, st, "recording the run");
        if (st == PASSIM_OK)
            ix->dirty = false;
    }
    ix->sum.seconds = seconds_since(&ix->started);
    if (summary)
        *summary = ix->sum;
    return st;
}

passim_status indexer_set_synonyms(indexer *ix, const char *text, size_t len)
{
    passim_status st = xc_db_set_metadata(ix->db, META_SYNONYMS, text, len);
    if (st != PASSIM_OK)
        return db_fail(ix, st, "storing the synonyms");
    ix->dirty = true;
    return PASSIM_OK;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

passim_status indexer_compact(indexer *ix)
{
    char *tmp = db_strdupf("%s.compact-%ld", ix->db_path, (long)getpid());
    char *old = db_strdupf("%s.old-%ld", ix->db_path, (long)getpid());
    passim_status st = tmp && old ? indexer_commit(ix, NULL)
                                  : PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK && (st = xc_db_compact(ix->db, tmp)) != PASSIM_OK)
        db_fail(ix, st, "compacting");
    /* Swap the folders while still holding the old one's lock, so no other
     * writer sees a half-swapped database; then let the old one go. */
    if (st == PASSIM_OK && (rename(ix->db_path, old) != 0 ||
                            rename(tmp, ix->db_path) != 0)) {
        set_error(ix, db_strdupf("%s: swapping in the compacted copy: %s",
                                 ix->db_path, strerror(errno)));
        rename(old, ix->db_path);
        st = PASSIM_ERROR_IO;
    }
    xc_db_free(ix->snapshot);
    xc_db_free(ix->db);
    ix->snapshot = ix->db = NULL;
    if (tmp)
        nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (st == PASSIM_OK)
        nftw(old, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(tmp);
    free(old);
    return st;
}

passim_status indexer_open(indexer **out, const indexer_options *opt,
                           char **errmsg)
{
    indexer *ix = calloc(1, sizeof *ix);
    passim_status st;
    *out = NULL;
    if (!ix)
        return PASSIM_ERROR_NO_MEMORY;
    ix->opt = *opt;
    if (!ix->opt.commit_every)
        ix->opt.commit_every = INDEXER_DEFAULT_COMMIT_EVERY;
    if (!ix->opt.max_file_size)
        ix->opt.max_file_size = INDEXER_DEFAULT_MAX_FILE_SIZE;
    pthread_mutex_init(&ix->lock, NULL);
    pthread_cond_init(&ix->not_empty, NULL);
    pthread_cond_init(&ix->not_full, NULL);
    clock_gettime(CLOCK_MONOTONIC, &ix->started);
    ix->last_progress = ix->started;
    ix->db_path = strdup(opt->db);
    if (!ix->db_path) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto fail;
    }
    st = analyzer_new(&ix->fallback, opt->language ? opt->language : "english",
                      errmsg);
    if (st != PASSIM_OK)
        goto fail;
    st = db_open_write(&ix->db, opt->db, !opt->must_exist, opt->lock_timeout_s,
                       analyzer_language(ix->fallback), errmsg);
    if (st != PASSIM_OK)
        goto fail;
    /* The snapshot reads the writer's last commit: it must exist first. */
    st = db_open_read(&ix->snapshot, (const char *const *)&ix->db_path, 1, 0,
                      errmsg);
    if (st != PASSIM_OK)
        goto fail;
    *out = ix;
    return PASSIM_OK;
fail:
    indexer_free(ix);
    return st;
}

void indexer_free(indexer *ix)
{
    if (!ix)
        return;
    xc_db_free(ix->snapshot);
    xc_db_free(ix->db);
    analyzer_free(ix->fallback);
    for (size_t i = 0; i < ix->langs.count; i++)
        analyzer_free(ix->langs.analyzers[i]);
    free(ix->langs.analyzers);
    db_strings_free(ix->written_langs, ix->nwritten_langs);
    db_strings_free(ix->file_ids, ix->nfile_ids);
    pthread_mutex_destroy(&ix->lock);
    pthread_cond_destroy(&ix->not_empty);
    pthread_cond_destroy(&ix->not_full);
    free(ix->db_path);
    free(ix->error);
    free(ix);
}
