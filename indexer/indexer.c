/* indexer.c — the batch indexer: a worker thread reads, parses, splits and
 * analyzes articles into ready Xapian documents; the calling thread writes
 * them, one document per article, and commits between articles. */
#include "indexer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "article_id.h"
#include "db.h"
#include "document.h"
#include "indexer_internal.h"
#include "passage.h"
#include "reader.h"
#include "regular_file.h"
#include "schema.h"
#include "shards.h"
#include "walk.h"

#define JSONL_MAX_LINE (64u << 20)

double indexer_seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void indexer_set_error(indexer *ix, char *msg)
{
    pthread_mutex_lock(&ix->error_lock);
    free(ix->error);
    ix->error = msg;
    pthread_mutex_unlock(&ix->error_lock);
}

const char *indexer_error(const indexer *ix)
{
    return ix && ix->error ? ix->error : "";
}

void indexer_report(indexer *ix, const char *path, unsigned int line,
                    const char *reason)
{
    if (ix->file_walked && !strcmp(path, ix->file_canonical))
        path = ix->file_walked;
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
        indexer_report(ix, a->path, a->line, msg ? msg : "unknown language");
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

void indexer_item_clear(item *it)
{
    xc_doc_free(it->doc);
    free(it->id);
    db_strings_free(it->ids, it->nids);
    word_counts_free(it->words);
    memset(it, 0, sizeof *it);
}

/* Worker: false when the writer has stopped (the item is then cleared).
 * When the indexer runs on one thread, the item is written at once. */
static bool queue_push(indexer *ix, item *it)
{
    bool ok;
    if (ix->synchronous) {
        passim_status st = ix->stop ? PASSIM_OK : writer_apply(ix, it);
        if (st != PASSIM_OK) {
            ix->failure = st;
            ix->stop = true;
        }
        indexer_item_clear(it);
        return !ix->stop;
    }
    pthread_mutex_lock(&ix->lock);
    while ((ix->count == QUEUE_CAPACITY ||
            (ix->count > 0 && ix->queued_passages >= QUEUE_MAX_PASSAGES)) &&
           !ix->stop)
        pthread_cond_wait(&ix->not_full, &ix->lock);
    ok = !ix->stop;
    if (ok) {
        ix->queue[(ix->head + ix->count) % QUEUE_CAPACITY] = *it;
        ix->count++;
        ix->queued_passages += it->npassages;
        pthread_cond_signal(&ix->not_empty);
    }
    pthread_mutex_unlock(&ix->lock);
    if (!ok)
        indexer_item_clear(it);
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
        ix->queued_passages -= out->npassages;
        pthread_cond_signal(&ix->not_full);
    }
    pthread_mutex_unlock(&ix->lock);
    return ok;
}

bool indexer_commit_due(const indexer *ix, size_t *articles,
                        size_t *passages, const item *it)
{
    *passages += it->npassages;
    return ++*articles >= ix->opt.commit_every ||
           *passages >= COMMIT_MAX_PASSAGES;
}

/* ---- the worker --------------------------------------------------------- */

shard *indexer_shard_of(indexer *ix, const char *id)
{
    return &ix->shards[shards_pick(id, ix->nshards)];
}

/* The content hash stored for an article id, or false when there is none.
 * The snapshot may be overtaken by the writer's commits: reopen then. */
static bool stored_hash(xc_db *db, const char *id, char out[17])
{
    char term[SCHEMA_TERM_MAX];
    xc_doc *doc = NULL;
    bool found = false;
    char *value = NULL;
    size_t len = 0;
    schema_term(term, PREFIX_ARTICLE, id, strlen(id));
    for (int attempt = 0; attempt < 3; attempt++) {
        passim_status st = db_first_document(db, term, &doc);
        if (st == PASSIM_OK && doc)
            st = xc_doc_get_value(doc, &value, &len, SLOT_HASH);
        xc_doc_free(doc);
        doc = NULL;
        if (st == PASSIM_ERROR_MODIFIED) {
            xc_db_reopen(db, NULL);
            continue;
        }
        found = st == PASSIM_OK && value && len == 16;
        if (found)
            memcpy(out, value, 17);
        break;
    }
    free(value);
    return found;
}

/* Worker: brings the snapshots to the writer's last commit when it made a
 * new one. */
static void refresh_snapshots(indexer *ix)
{
    unsigned int commits = atomic_load(&ix->commits);
    if (commits == ix->seen_commits)
        return;
    for (size_t i = 0; i < ix->nshards; i++)
        if (ix->shards[i].snapshot)
            xc_db_reopen(ix->shards[i].snapshot, NULL);
    ix->seen_commits = commits;
}

/* Reads an article into an item: unchanged, failed, or documents to write.
 * Stored content hashes are looked up in the shard's snapshot, or in its
 * writer when `from_writer` (the calling thread is the writer). */
static void prepare_item(indexer *ix, bool from_writer, article *a,
                         item *it)
{
    char old[17], now[17];
    passage *passages = NULL;
    size_t npassages = 0, all_passages = 0;
    char *msg = NULL;
    analyzer *an;
    shard *sh;
    passim_status st;

    it->id = article_id_make(a, &it->id_from_content);
    if (!it->id) {
        indexer_report(ix, a->path, a->line,
                       passim_status_string(PASSIM_ERROR_NO_MEMORY));
        it->kind = ITEM_FAILED;
        return;
    }
    /* Where an article stands is stored with it (hits show path:line, and
     * pruning goes by path): the same text in another file or on another
     * line must be written again, or a moved file's article would keep its
     * old path and be pruned as gone. A stream's records have no lasting
     * place: the same record sent again is unchanged. */
    if (article_has_place(a))
        a->hash = XXH64(&a->line, sizeof a->line,
                        XXH64(a->path, strlen(a->path), a->hash));
    snprintf(now, sizeof now, "%016llx", (unsigned long long)a->hash);
    if (!from_writer)
        refresh_snapshots(ix);
    sh = indexer_shard_of(ix, it->id);
    it->existed = stored_hash(from_writer || !sh->snapshot ? sh->db
                                                           : sh->snapshot,
                              it->id, old);
    if (it->existed && strcmp(old, now) == 0) {
        it->kind = ITEM_UNCHANGED;
        return;
    }
    an = analyzer_for(ix, a);
    it->language = analyzer_language(an);
    st = passages_split_first(a, PASSAGE_TARGET_WORDS, PASSAGE_MAX_WORDS,
                              ARTICLE_MAX_PASSAGES, &passages, &npassages,
                              &all_passages);
    if (st == PASSIM_OK && npassages == 0) {
        indexer_report(ix, a->path, a->line, "no text to index");
        it->kind = ITEM_FAILED;
        goto out;
    }
    if (st == PASSIM_OK && all_passages > npassages) {
        char *why = db_strdupf("article too long: only its first %zu "
                               "passages (of %zu) are indexed",
                               npassages, all_passages);
        indexer_report(ix, a->path, a->line, why ? why : "article too long");
        free(why);
    }
    if (st == PASSIM_OK)
        st = document_build(&it->doc, a, it->id, passages, npassages, an,
                            &msg);
    /* Counting words here keeps the work off the writer's thread. */
    if (st == PASSIM_OK && !(it->words = word_counts_new()))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK)
        st = word_counts_add_document(it->words, it->doc);
    if (st != PASSIM_OK) {
        indexer_report(ix, a->path, a->line, msg ? msg : passim_status_string(st));
        it->kind = ITEM_FAILED;
        goto out;
    }
    it->kind = ITEM_WRITE;
    it->npassages = npassages;
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
    prepare_item(ix, ix->synchronous, a, &it);
    article_free(a);
    if (ix->collecting && it.id &&
        db_strings_push(&ix->file_ids, &ix->nfile_ids, strdup(it.id)) !=
            PASSIM_OK)
        ix->collecting = false; /* out of memory: prune nothing */
    return queue_push(ix, &it) ? 0 : 1;
}

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    indexer *ix = ctx;
    item it = {0};
    indexer_report(ix, path, line, reason);
    /* A record that failed to parse may be an article the file still
     * holds: prune none of this file's articles. */
    ix->collecting = false;
    /* Counted by the writer, so that the summary has one owner. */
    it.kind = ITEM_FAILED;
    queue_push(ix, &it);
}

/* Notes the extension of a file of no known format (up to a few; "" for
 * none). */
static void note_other_extension(indexer *ix, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    const char *ext = dot && dot[1] && dot != (slash ? slash + 1 : path)
                          ? dot
                          : "";
    if (ix->nother_exts == 8)
        return;
    for (size_t i = 0; i < ix->nother_exts; i++)
        if (strcmp(ix->other_exts[i], ext) == 0)
            return;
    /* Out of memory: the hint names fewer extensions. */
    db_strings_push(&ix->other_exts, &ix->nother_exts, strdup(ext));
}

/* After a root that held no file of a known format: says so, with the
 * extensions it held instead and those passim reads. */
static void hint_no_files(indexer *ix, const char *root)
{
    char known[128] = "", seen[256] = "";
    size_t kl = 0, sl = 0;
    bool bare = false;
    char *msg;
    for (size_t i = 0; reader_extension(i) && kl < sizeof known; i++)
        kl += (size_t)snprintf(known + kl, sizeof known - kl, "%s.%s",
                               i ? " " : "", reader_extension(i));
    for (size_t i = 0; i < ix->nother_exts && sl < sizeof seen; i++) {
        bare = bare || !*ix->other_exts[i];
        if (*ix->other_exts[i])
            sl += (size_t)snprintf(seen + sl, sizeof seen - sl, "%s%s",
                                   sl ? " " : "", ix->other_exts[i]);
    }
    if (bare && sl < sizeof seen)
        snprintf(seen + sl, sizeof seen - sl, "%sfiles without an extension",
                 sl ? " and " : "");
    const char *filtered = ix->opt.ninclude || ix->opt.nexclude
                               ? "; --include and --exclude may have left "
                                 "them out"
                               : "";
    msg = ix->nother_exts
              ? db_strdupf("no articles: none of its files has an extension "
                           "passim reads (it holds %s%s; passim reads %s)%s",
                           seen, ix->nother_exts == 8 ? ", ..." : "", known,
                           filtered)
              : db_strdupf("no articles: no files here (passim reads %s; "
                           "hidden files and folders are skipped)%s", known,
                           filtered);
    indexer_report(ix, root, 0, msg ? msg : "no articles");
    free(msg);
}

/* Whether the walk's `path` is the root as given ("dir/" is walked as
 * "dir"). */
static bool is_root(const indexer *ix, const char *path)
{
    size_t len = ix->root ? strlen(ix->root) : 0;
    while (len > 1 && ix->root[len - 1] == '/')
        len--;
    return len && strncmp(path, ix->root, len) == 0 && path[len] == '\0';
}

/* Read with something left out: said, not counted as failed. */
static void on_warning(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    indexer_report(ctx, path, line, reason);
}

static void on_skip(const char *path, const char *reason, bool only_verbose,
                    void *ctx)
{
    indexer *ix = ctx;
    if (strcmp(reason, WALK_UNKNOWN_TYPE) == 0)
        note_other_extension(ix, path);
    ix->root_reported = ix->root_reported || is_root(ix, path);
    if (only_verbose) {
        if (ix->opt.verbose)
            indexer_report(ix, path, 0, reason);
        return;
    }
    on_problem(path, 0, reason, ctx);
}

/* What a reader or the walk returned: they report bad input themselves, but
 * running out of memory they only return, and the articles it cost must not
 * go missing without a word. */
static passim_status report_if_no_memory(indexer *ix, const char *path,
                                 passim_status st)
{
    if (st == PASSIM_ERROR_NO_MEMORY)
        on_problem(path, 0, passim_status_string(st), ix);
    return st;
}

/* Parses one file; multi-article files are read whole or streamed. */
static passim_status parse_file(indexer *ix, const char *path,
                                reader_format fmt, const reader_sink *sink)
{
    char *buf = NULL, *reason = NULL;
    size_t len = 0;
    passim_status st;
    if (fmt == READER_JSONL) {
        /* Streamed: a JSON Lines file may be far larger than memory. Checked
         * again, so a FIFO swapped in after the walk is refused rather than
         * waited on. */
        int fd;
        FILE *fp = NULL;
        st = regular_file_open(path, &fd, &reason);
        if (st == PASSIM_OK && !(fp = fdopen(fd, "rb"))) {
            close(fd);
            st = PASSIM_ERROR_IO;
        }
        if (!fp) {
            on_problem(path, 0, reason ? reason : "cannot open", ix);
            free(reason);
            return st;
        }
        st = reader_parse_jsonl_stream(path, fp, JSONL_MAX_LINE, sink);
        fclose(fp);
        return report_if_no_memory(ix, path, st);
    }
    st = walk_read_file(path, ix->opt.max_file_size, &buf, &len, &reason);
    if (st != PASSIM_OK) {
        on_problem(path, 0, reason ? reason : "cannot read", ix);
        free(reason);
        return st;
    }
    st = reader_parse_buffer(fmt, path, buf, len, sink);
    free(buf);
    return report_if_no_memory(ix, path, st);
}

static int on_file(const char *walked, const char *path, reader_format fmt,
                   unsigned long long size, void *ctx)
{
    indexer *ix = ctx;
    reader_sink sink = {on_article, on_problem, ix, NULL, on_warning};
    passim_status st;

    ix->root_files++;
    pthread_mutex_lock(&ix->lock);
    ix->files++;
    ix->bytes += size;
    pthread_mutex_unlock(&ix->lock);
    ix->collecting = ix->opt.prune &&
                     (fmt == READER_JSON || fmt == READER_JSONL);
    ix->file_canonical = path;
    ix->file_walked = walked;
    st = parse_file(ix, path, fmt, &sink);
    ix->file_walked = NULL;
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
            indexer_item_clear(&it);
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

/* Bytes of standard input read so far (files count by their size). */
static void on_stream_bytes(size_t n, void *ctx)
{
    indexer *ix = ctx;
    pthread_mutex_lock(&ix->lock);
    ix->bytes += n;
    pthread_mutex_unlock(&ix->lock);
}

static void *worker_main(void *arg)
{
    worker_job *job = arg;
    indexer *ix = job->ix;
    walk_options wopt = {ix->opt.include, ix->opt.ninclude, ix->opt.exclude,
                         ix->opt.nexclude, ix->opt.max_file_size,
                         ix->opt.verbose};
    reader_sink sink = {on_article, on_problem, ix, on_stream_bytes,
                        on_warning};

    for (size_t i = 0; i < job->nroots && !ix->stop; i++) {
        struct stat sb;
        if (strcmp(job->roots[i], "-") == 0) {
            report_if_no_memory(ix, "-", reader_parse_jsonl_stream(
                                             "-", stdin, JSONL_MAX_LINE, &sink));
            continue;
        }
        ix->root = job->roots[i];
        ix->root_reported = false;
        ix->root_files = 0;
        report_if_no_memory(ix, job->roots[i],
                            walk_roots(&job->roots[i], 1, &wopt, on_file,
                                       on_skip, ix));
        if (!ix->root_files && !ix->root_reported && !ix->stop &&
            stat(job->roots[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            hint_no_files(ix, job->roots[i]);
        db_strings_free(ix->other_exts, ix->nother_exts);
        ix->other_exts = NULL;
        ix->nother_exts = 0;
    }
    pthread_mutex_lock(&ix->lock);
    ix->producer_done = true;
    pthread_cond_broadcast(&ix->not_empty);
    pthread_mutex_unlock(&ix->lock);
    return NULL;
}

static int add_size(const char *walked, const char *path, reader_format fmt,
                    unsigned long long size, void *ctx)
{
    (void)walked;
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

static void maybe_progress(indexer *ix, bool force)
{
    indexer_progress p;
    if (!ix->opt.progress)
        return;
    if (!force && indexer_seconds_since(&ix->last_progress) < 0.5)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ix->last_progress);
    pthread_mutex_lock(&ix->lock);
    p.files = ix->files;
    p.articles = ix->read_articles;
    p.bytes = ix->bytes;
    pthread_mutex_unlock(&ix->lock);
    p.total_bytes = ix->total_bytes;
    p.seconds = indexer_seconds_since(&ix->started);
    ix->opt.progress(&p, ix->opt.ctx);
}

passim_status indexer_add_paths(indexer *ix, const char *const *roots,
                                size_t nroots)
{
    worker_job job = {ix, roots, nroots};
    pthread_t worker;
    writer_pool *pool = NULL;
    size_t nwriters = writer_pool_size(ix);
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
    ix->failure = PASSIM_OK;
    if (nwriters > 1 && (st = writer_pool_start(&pool, ix, nwriters)) !=
                            PASSIM_OK)
        return st;
    if (ix->synchronous) {
        worker_main(&job);
        st = ix->failure;
    } else if (pthread_create(&worker, NULL, worker_main, &job) != 0) {
        indexer_set_error(ix, db_strdupf("cannot start the reader thread"));
        writer_pool_finish(pool);
        return PASSIM_ERROR_INTERNAL;
    }
    while (queue_pop(ix, &it)) {
        if (st == PASSIM_OK) {
            st = pool ? writer_pool_apply(pool, &it) : writer_apply(ix, &it);
            if (st != PASSIM_OK) {
                /* Stop the worker; keep draining so it can finish. */
                pthread_mutex_lock(&ix->lock);
                ix->stop = true;
                pthread_cond_broadcast(&ix->not_full);
                pthread_mutex_unlock(&ix->lock);
            }
        }
        indexer_item_clear(&it);
        maybe_progress(ix, false);
    }
    if (!ix->synchronous)
        pthread_join(worker, NULL);
    if (pool) {
        passim_status end = writer_pool_finish(pool);
        if (st == PASSIM_OK)
            st = end;
    }
    pthread_mutex_lock(&ix->lock);
    ix->sum.bytes = ix->bytes;
    pthread_mutex_unlock(&ix->lock);
    maybe_progress(ix, true);
    return st;
}

passim_status indexer_add_article(indexer *ix, article *a,
                                  indexer_outcome *outcome)
{
    item it = {0};
    passim_status st;
    /* The writer sees its own uncommitted changes: look hashes up there. */
    prepare_item(ix, true, a, &it);
    article_free(a);
    if (outcome)
        *outcome = it.kind == ITEM_UNCHANGED ? INDEXER_UNCHANGED
                   : it.kind == ITEM_FAILED  ? INDEXER_FAILED
                   : it.existed              ? INDEXER_UPDATED
                                             : INDEXER_ADDED;
    st = writer_apply(ix, &it);
    indexer_item_clear(&it);
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
    pthread_mutex_init(&ix->error_lock, NULL);
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
    st = writer_open(ix, errmsg);
    if (st != PASSIM_OK)
        goto fail;
    /* A remote writer has no snapshot beside it, and its one connection
     * cannot serve two threads: read and write on this thread then. */
    for (size_t i = 0; i < ix->nshards; i++)
        ix->synchronous = ix->synchronous || !ix->shards[i].snapshot;
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
    writer_close(ix);
    analyzer_free(ix->fallback);
    for (size_t i = 0; i < ix->langs.count; i++)
        analyzer_free(ix->langs.analyzers[i]);
    free(ix->langs.analyzers);
    db_strings_free(ix->file_ids, ix->nfile_ids);
    db_strings_free(ix->other_exts, ix->nother_exts);
    pthread_mutex_destroy(&ix->lock);
    pthread_mutex_destroy(&ix->error_lock);
    pthread_cond_destroy(&ix->not_empty);
    pthread_cond_destroy(&ix->not_full);
    free(ix->db_path);
    free(ix->error);
    free(ix);
}
