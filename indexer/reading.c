/* reading.c — the indexer's reading side: the walk over the roots, each
 * file read and parsed, each article split, analyzed and built into a
 * document (or found unchanged by its content hash), handed on as an
 * item. */
#include "reading.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyzer.h"
#include "article_id.h"
#include "db.h"
#include "document.h"
#include "passage.h"
#include "reader.h"
#include "regular_file.h"
#include "schema.h"
#include "shards.h"
#include "vec.h"
#include "walk.h"

#define JSONL_MAX_LINE (64u << 20)

struct reading {
    passim_db_options opt;
    run_shared *shared;
    analyzer *fallback;
    analyzer **analyzers; /* the other languages met so far */
    size_t nanalyzers;
    xc_db **snapshots; /* one per shard; NULL for a remote one */
    size_t nshards;
    unsigned int seen_commits; /* the writer's commits the snapshots show */

    /* The run in progress (reading_run). */
    reading_sink_fn sink;
    void *sink_ctx;
    xc_db *const *writer_dbs;
    /* Ids of the articles read from the current multi-article file, when
     * pruning. */
    bool collecting;
    char **file_ids;
    size_t nfile_ids;
    /* The files of known formats found under the current root, and the
     * extensions of the others (for the hint when none); whether a problem
     * with the root itself was reported (then no hint). */
    const char *root;
    bool root_reported;
    size_t root_files;
    char **other_exts;
    size_t nother_exts;
    /* The file being read, by its canonical path (its articles') and as
     * walked (what its problems name: a symbolic link, not its target). */
    const char *file_canonical, *file_walked;

    /* Progress, read by the thread that shows it. */
    atomic_size_t files, articles;
    atomic_ullong bytes;
};

passim_status reading_new(reading **out, const passim_db_options *opt,
                          run_shared *shared, char **errmsg)
{
    reading *rd = calloc(1, sizeof *rd);
    passim_status st;
    *out = NULL;
    if (!rd)
        return PASSIM_ERROR_NO_MEMORY;
    rd->opt = *opt;
    rd->shared = shared;
    atomic_init(&rd->files, 0);
    atomic_init(&rd->articles, 0);
    atomic_init(&rd->bytes, 0);
    st = analyzer_new(&rd->fallback, opt->language ? opt->language : "english",
                      errmsg);
    if (st != PASSIM_OK) {
        reading_free(rd);
        return st;
    }
    *out = rd;
    return PASSIM_OK;
}

void reading_free(reading *rd)
{
    if (!rd)
        return;
    reading_close_snapshots(rd);
    analyzer_free(rd->fallback);
    for (size_t i = 0; i < rd->nanalyzers; i++)
        analyzer_free(rd->analyzers[i]);
    free(rd->analyzers);
    db_strings_free(rd->file_ids, rd->nfile_ids);
    db_strings_free(rd->other_exts, rd->nother_exts);
    free(rd);
}

const char *reading_language(const reading *rd)
{
    return analyzer_language(rd->fallback);
}

passim_status reading_open_snapshots(reading *rd, const char *const *paths,
                                     size_t n, char **errmsg)
{
    passim_status st = PASSIM_OK;
    rd->snapshots = calloc(n ? n : 1, sizeof *rd->snapshots);
    if (!rd->snapshots)
        return PASSIM_ERROR_NO_MEMORY;
    rd->nshards = n;
    /* A remote writer has no local files to read beside it. */
    for (size_t i = 0; st == PASSIM_OK && i < n; i++)
        if (strncmp(paths[i], "tcp://", 6) != 0)
            st = db_open_read(&rd->snapshots[i], &paths[i], 1, 0, errmsg);
    return st;
}

bool reading_snapshots_all(const reading *rd)
{
    for (size_t i = 0; i < rd->nshards; i++)
        if (!rd->snapshots[i])
            return false;
    return true;
}

void reading_close_snapshots(reading *rd)
{
    for (size_t i = 0; i < rd->nshards; i++)
        xc_db_free(rd->snapshots[i]);
    free(rd->snapshots);
    rd->snapshots = NULL;
    rd->nshards = 0;
}

void reading_progress(const reading *rd, passim_progress *p)
{
    p->files = atomic_load(&rd->files);
    p->articles = atomic_load(&rd->articles);
    p->bytes = atomic_load(&rd->bytes);
}

static bool stopped(const reading *rd)
{
    return atomic_load(&rd->shared->stop);
}

/* False when the sink will take no more. */
static bool emit(reading *rd, item *it)
{
    return rd->sink(it, rd->sink_ctx);
}

static void report(reading *rd, const char *path, unsigned int line,
                   const char *reason)
{
    if (rd->file_walked && !strcmp(path, rd->file_canonical))
        path = rd->file_walked;
    if (rd->opt.problem)
        rd->opt.problem(path, line, reason, rd->opt.ctx);
}

/* ---- languages ---------------------------------------------------------- */

/* The analyzer for an article's language, or the default one (with a
 * report) when the language is unknown. */
static analyzer *analyzer_for(reading *rd, const article *a)
{
    const char *name;
    analyzer *an = NULL;
    if (!a->lang || !*a->lang)
        return rd->fallback;
    name = analyzer_language_canonical(a->lang);
    if (!name) {
        char *msg = db_strdupf("unknown language '%s'; indexed as %s", a->lang,
                               analyzer_language(rd->fallback));
        report(rd, a->path, a->line, msg ? msg : "unknown language");
        free(msg);
        return rd->fallback;
    }
    if (strcmp(name, analyzer_language(rd->fallback)) == 0)
        return rd->fallback;
    for (size_t i = 0; i < rd->nanalyzers; i++)
        if (strcmp(analyzer_language(rd->analyzers[i]), name) == 0)
            return rd->analyzers[i];
    if (!vec_reserve_implied(rd->analyzers, rd->nanalyzers) ||
        analyzer_new(&an, name, NULL) != PASSIM_OK)
        return rd->fallback;
    rd->analyzers[rd->nanalyzers++] = an;
    return an;
}

/* ---- articles ----------------------------------------------------------- */

/* The content hash stored for an article id, or false when there is none.
 * A snapshot may be overtaken by the writer's commits: reopen then. */
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

/* Brings the snapshots to the writer's last commit when it made a new
 * one. */
static void refresh_snapshots(reading *rd)
{
    unsigned int commits = atomic_load(&rd->shared->commits);
    if (commits == rd->seen_commits)
        return;
    for (size_t i = 0; i < rd->nshards; i++)
        if (rd->snapshots[i])
            xc_db_reopen(rd->snapshots[i], NULL);
    rd->seen_commits = commits;
}

/* Reads an article into an item: unchanged, failed, or a document to
 * write. */
static void prepare_item(reading *rd, xc_db *const *writer_dbs, article *a,
                         item *it)
{
    char old[17], now[17];
    passage *passages = NULL;
    size_t npassages = 0, all_passages = 0, shard;
    char *msg = NULL;
    analyzer *an;
    passim_status st;

    it->id = article_id_make(a, &it->id_from_content);
    if (!it->id) {
        report(rd, a->path, a->line,
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
    if (!writer_dbs)
        refresh_snapshots(rd);
    shard = shards_pick(it->id, rd->nshards);
    it->existed = stored_hash(
        writer_dbs ? writer_dbs[shard] : rd->snapshots[shard], it->id, old);
    if (it->existed && strcmp(old, now) == 0) {
        it->kind = ITEM_UNCHANGED;
        return;
    }
    an = analyzer_for(rd, a);
    it->language = analyzer_language(an);
    st = passages_split_first(a, PASSAGE_TARGET_WORDS, PASSAGE_MAX_WORDS,
                              ARTICLE_MAX_PASSAGES, &passages, &npassages,
                              &all_passages);
    if (st == PASSIM_OK && npassages == 0) {
        report(rd, a->path, a->line, "no text to index");
        it->kind = ITEM_FAILED;
        goto out;
    }
    if (st == PASSIM_OK && all_passages > npassages) {
        char *why = db_strdupf("article too long: only its first %zu "
                               "passages (of %zu) are indexed",
                               npassages, all_passages);
        report(rd, a->path, a->line, why ? why : "article too long");
        free(why);
    }
    if (st == PASSIM_OK)
        st = document_build(&it->doc, a, it->id, passages, npassages, an, &msg);
    /* Counting words here keeps the work off the writer's thread. */
    if (st == PASSIM_OK && !(it->words = word_counts_new()))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK)
        st = word_counts_add_document(it->words, it->doc);
    if (st != PASSIM_OK) {
        report(rd, a->path, a->line, msg ? msg : passim_status_string(st));
        it->kind = ITEM_FAILED;
        goto out;
    }
    it->kind = ITEM_WRITE;
    it->npassages = npassages;
out:
    free(msg);
    passages_free(passages, npassages);
}

void reading_prepare(reading *rd, xc_db *const *writer_dbs, article *a,
                     item *it)
{
    prepare_item(rd, writer_dbs, a, it);
    article_free(a);
}

/* ---- the walk ----------------------------------------------------------- */

static int on_article(article *a, void *ctx)
{
    reading *rd = ctx;
    item it = {0};
    atomic_fetch_add(&rd->articles, 1);
    reading_prepare(rd, rd->writer_dbs, a, &it);
    if (rd->collecting && it.id &&
        db_strings_push(&rd->file_ids, &rd->nfile_ids, strdup(it.id)) !=
            PASSIM_OK)
        rd->collecting = false; /* out of memory: prune nothing */
    return emit(rd, &it) ? 0 : 1;
}

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    reading *rd = ctx;
    item it = {0};
    report(rd, path, line, reason);
    /* A record that failed to parse may be an article the file still
     * holds: prune none of this file's articles. */
    rd->collecting = false;
    /* Counted by the writer, so that the summary has one owner. */
    it.kind = ITEM_FAILED;
    emit(rd, &it);
}

/* Notes the extension of a file of no known format (up to a few; "" for
 * none). */
static void note_other_extension(reading *rd, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    const char *ext =
        dot && dot[1] && dot != (slash ? slash + 1 : path) ? dot : "";
    if (rd->nother_exts == 8)
        return;
    for (size_t i = 0; i < rd->nother_exts; i++)
        if (strcmp(rd->other_exts[i], ext) == 0)
            return;
    /* Out of memory: the hint names fewer extensions. */
    db_strings_push(&rd->other_exts, &rd->nother_exts, strdup(ext));
}

/* After a root that held no file of a known format: says so, with the
 * extensions it held instead and those passim reads. */
static void hint_no_files(reading *rd, const char *root)
{
    char known[128] = "", seen[256] = "";
    size_t kl = 0, sl = 0;
    bool bare = false;
    char *msg;
    for (size_t i = 0; reader_extension(i) && kl < sizeof known; i++)
        kl += (size_t)snprintf(known + kl, sizeof known - kl, "%s.%s",
                               i ? " " : "", reader_extension(i));
    for (size_t i = 0; i < rd->nother_exts && sl < sizeof seen; i++) {
        bare = bare || !*rd->other_exts[i];
        if (*rd->other_exts[i])
            sl += (size_t)snprintf(seen + sl, sizeof seen - sl, "%s%s",
                                   sl ? " " : "", rd->other_exts[i]);
    }
    if (bare && sl < sizeof seen)
        snprintf(seen + sl, sizeof seen - sl, "%sfiles without an extension",
                 sl ? " and " : "");
    const char *filtered = rd->opt.ninclude || rd->opt.nexclude
                               ? "; --include and --exclude may have left "
                                 "them out"
                               : "";
    msg = rd->nother_exts
              ? db_strdupf("no articles: none of its files has an extension "
                           "passim reads (it holds %s%s; passim reads %s)%s",
                           seen, rd->nother_exts == 8 ? ", ..." : "", known,
                           filtered)
              : db_strdupf("no articles: no files here (passim reads %s; "
                           "hidden files and folders are skipped)%s",
                           known, filtered);
    report(rd, root, 0, msg ? msg : "no articles");
    free(msg);
}

/* Whether the walk's `path` is the root as given ("dir/" is walked as
 * "dir"). */
static bool is_root(const reading *rd, const char *path)
{
    size_t len = rd->root ? strlen(rd->root) : 0;
    while (len > 1 && rd->root[len - 1] == '/')
        len--;
    return len && strncmp(path, rd->root, len) == 0 && path[len] == '\0';
}

/* Read with something left out: said, not counted as failed. */
static void on_warning(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    report(ctx, path, line, reason);
}

static void on_skip(const char *path, const char *reason, bool only_verbose,
                    void *ctx)
{
    reading *rd = ctx;
    if (strcmp(reason, WALK_UNKNOWN_TYPE) == 0)
        note_other_extension(rd, path);
    rd->root_reported = rd->root_reported || is_root(rd, path);
    if (only_verbose) {
        if (rd->opt.verbose)
            report(rd, path, 0, reason);
        return;
    }
    on_problem(path, 0, reason, ctx);
}

/* What a reader or the walk returned: they report bad input themselves, but
 * running out of memory they only return, and the articles it cost must not
 * go missing without a word. */
static passim_status report_if_no_memory(reading *rd, const char *path,
                                         passim_status st)
{
    if (st == PASSIM_ERROR_NO_MEMORY)
        on_problem(path, 0, passim_status_string(st), rd);
    return st;
}

/* Parses one file; multi-article files are read whole or streamed. */
static passim_status parse_file(reading *rd, const char *path,
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
            on_problem(path, 0, reason ? reason : "cannot open", rd);
            free(reason);
            return st;
        }
        st = reader_parse_jsonl_stream(path, fp, JSONL_MAX_LINE, sink);
        fclose(fp);
        return report_if_no_memory(rd, path, st);
    }
    st = walk_read_file(path, rd->opt.max_file_size, &buf, &len, &reason);
    if (st != PASSIM_OK) {
        on_problem(path, 0, reason ? reason : "cannot read", rd);
        free(reason);
        return st;
    }
    st = reader_parse_buffer(fmt, path, buf, len, sink);
    free(buf);
    return report_if_no_memory(rd, path, st);
}

static int on_file(const char *walked, const char *path, reader_format fmt,
                   unsigned long long size, void *ctx)
{
    reading *rd = ctx;
    reader_sink sink = {on_article, on_problem, rd, NULL, on_warning};
    passim_status st;

    rd->root_files++;
    atomic_fetch_add(&rd->files, 1);
    atomic_fetch_add(&rd->bytes, size);
    rd->collecting =
        rd->opt.prune && (fmt == READER_JSON || fmt == READER_JSONL);
    rd->file_canonical = path;
    rd->file_walked = walked;
    st = parse_file(rd, path, fmt, &sink);
    rd->file_walked = NULL;
    if (rd->collecting && st == PASSIM_OK && !stopped(rd)) {
        item it = {0};
        it.kind = ITEM_FILE_READ;
        it.id = strdup(path);
        it.ids = rd->file_ids;
        it.nids = rd->nfile_ids;
        rd->file_ids = NULL;
        rd->nfile_ids = 0;
        if (it.id)
            emit(rd, &it);
        else
            item_clear(&it);
    }
    db_strings_free(rd->file_ids, rd->nfile_ids);
    rd->file_ids = NULL;
    rd->nfile_ids = 0;
    rd->collecting = false;
    return stopped(rd);
}

/* Bytes of standard input read so far (files count by their size). */
static void on_stream_bytes(size_t n, void *ctx)
{
    reading *rd = ctx;
    atomic_fetch_add(&rd->bytes, n);
}

void reading_run(reading *rd, const char *const *roots, size_t nroots,
                 xc_db *const *writer_dbs, reading_sink_fn sink, void *ctx)
{
    walk_options wopt = {rd->opt.include,       rd->opt.ninclude,
                         rd->opt.exclude,       rd->opt.nexclude,
                         rd->opt.max_file_size, rd->opt.verbose};
    reader_sink stream = {on_article, on_problem, rd, on_stream_bytes,
                          on_warning};

    rd->sink = sink;
    rd->sink_ctx = ctx;
    rd->writer_dbs = writer_dbs;
    for (size_t i = 0; i < nroots && !stopped(rd); i++) {
        struct stat sb;
        if (strcmp(roots[i], "-") == 0) {
            report_if_no_memory(
                rd, "-",
                reader_parse_jsonl_stream("-", stdin, JSONL_MAX_LINE, &stream));
            continue;
        }
        rd->root = roots[i];
        rd->root_reported = false;
        rd->root_files = 0;
        report_if_no_memory(
            rd, roots[i],
            walk_roots(&roots[i], 1, &wopt, on_file, on_skip, rd));
        if (!rd->root_files && !rd->root_reported && !stopped(rd) &&
            stat(roots[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            hint_no_files(rd, roots[i]);
        db_strings_free(rd->other_exts, rd->nother_exts);
        rd->other_exts = NULL;
        rd->nother_exts = 0;
    }
    rd->root = NULL;
    rd->sink = NULL;
    rd->sink_ctx = NULL;
    rd->writer_dbs = NULL;
}
