/*
 * passim.h — the public C API of libpassim, a full-text search engine for
 * collections of articles built on Xapian.
 *
 * Conventions (one for every call):
 *  - every fallible call returns a passim_status; out parameters come first;
 *  - constructors set *out = NULL on failure; destroy functions accept NULL;
 *  - the text of the last error is kept on the handle that failed
 *    (passim_db_error); a failed passim_db_open keeps it per thread;
 *  - handles are opaque; what a handle hands out (results, hits, strings) is
 *    owned by it and stays valid until it is destroyed, unless a function
 *    says otherwise;
 *  - options and in-out structs carry a version field: start from their
 *    _INIT macro and set what you need;
 *  - strings in and out are NUL-terminated UTF-8.
 *
 * Threads: a handle and what it hands out are used by one thread at a time;
 * different handles may be used by different threads at once.
 *
 * A minimal search:
 *
 *     passim_db *db = NULL;
 *     passim_results *r = NULL;
 *     const char *where[] = {"articles.db"};
 *     if (passim_db_open(&db, where, 1, NULL) == PASSIM_OK &&
 *         passim_search(&r, db, "revenue share", NULL) == PASSIM_OK)
 *         for (size_t i = 0; i < passim_results_hit_count(r); i++)
 *             puts(passim_hit_field(passim_results_hit(r, i),
 *                                   PASSIM_FIELD_TITLE));
 *     else
 *         fprintf(stderr, "%s\n", passim_db_error(db));
 *     passim_results_free(r);
 *     passim_db_close(db);
 */
#ifndef PASSIM_H
#define PASSIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PASSIM_BUILDING) && defined(__GNUC__)
#define PASSIM_API __attribute__((visibility("default")))
#else
#define PASSIM_API
#endif

/** One status enum for the whole library. */
typedef enum passim_status {
    PASSIM_OK = 0,
    /** A caller passed something that cannot be used (bad option, NULL,
     *  empty). */
    PASSIM_ERROR_INVALID_ARGUMENT,
    /** The query text is malformed; the message names the position. */
    PASSIM_ERROR_QUERY_SYNTAX,
    /** The database (or document, or file) does not exist. */
    PASSIM_ERROR_NOT_FOUND,
    /** Another writer holds the database lock. */
    PASSIM_ERROR_LOCKED,
    /** A writer committed while this reader was reading; reopen and retry. */
    PASSIM_ERROR_MODIFIED,
    /** The database is damaged or not a database. */
    PASSIM_ERROR_CORRUPT,
    /** The database was built by another analyzer or schema version. */
    PASSIM_ERROR_VERSION_MISMATCH,
    /** Reading or writing failed (disk full, permission denied, ...). */
    PASSIM_ERROR_IO,
    /** A remote database could not be reached or timed out. */
    PASSIM_ERROR_NETWORK,
    /** An input article could not be read or parsed. */
    PASSIM_ERROR_INPUT,
    /** Out of memory. */
    PASSIM_ERROR_NO_MEMORY,
    /** Anything else: a bug or an unexpected library error. */
    PASSIM_ERROR_INTERNAL
} passim_status;

/** A short, static, human-readable name for a status ("database locked"). */
PASSIM_API const char *passim_status_string(passim_status status);

/** The library's version string, e.g. "0.1.0". */
PASSIM_API const char *passim_version(void);

/**
 * What the library calls when it cannot go on, and nothing it could return
 * would leave the process sound: memory ran out inside Xapian's matcher
 * with the reserve spent (passim_memory_reserve), Xapian crashed, or a
 * Xapian write call ran past its CPU time limit (passim_write_guard).
 * `status` says which kind: PASSIM_ERROR_NO_MEMORY, or PASSIM_ERROR_CORRUPT
 * (a crash or a loop, likely on damaged tables). `message` says what
 * happened, naming the database being written when there is one ("out of
 * memory"; "DB: Xapian crashed while writing it (SIGSEGV), likely on
 * damaged tables; the database keeps its last commit; check it with
 * xapian-check"), without a trailing newline; valid during the call only.
 *
 * The handler should end the process (the passim command writes "passim:
 * MESSAGE" to stderr and calls _exit(3)); if it returns, the library calls
 * abort(). It runs on the thread that failed, possibly inside a signal
 * handler, with the heap possibly damaged: it must be async-signal-safe
 * (write(2) and _exit(2) are; malloc, stdio, exit() and locks are not),
 * and must not call back into libpassim.
 */
typedef void (*passim_fatal_fn)(passim_status status, const char *message,
                                void *ctx);

/**
 * Installs `fn` (with `ctx`) as the fatal handler of passim_fatal_fn; NULL
 * puts back the default, which writes "libpassim: MESSAGE" to stderr and
 * calls abort(). The library ends no process otherwise (bar the child
 * processes it forks for its own work). Only passim_memory_reserve and
 * passim_write_guard make those situations the library's to handle:
 * without them, memory running out inside Xapian's matcher and a crash
 * inside Xapian take the process down as Xapian does.
 * Process-wide: call it once, early, before the other threads use the
 * library.
 */
PASSIM_API void passim_fatal_handler_set(passim_fatal_fn fn, void *ctx);

/**
 * Keeps `bytes` of memory aside for the Xapian library underneath. Xapian
 * 1.4 can crash when an allocation fails inside its matcher (for phrase and
 * NEAR queries); with a reserve, the first allocation that fails frees the
 * reserve and is retried instead, and the next call takes the reserve back.
 * Only when the reserve is spent too does a call fail, with
 * PASSIM_ERROR_NO_MEMORY — or, inside Xapian's matcher, where that failure
 * would crash it, the fatal handler is called with PASSIM_ERROR_NO_MEMORY
 * and "out of memory" (passim_fatal_handler_set). Process-wide, and it
 * replaces the program's C++ std::new_handler: call it once, early, from a
 * program that has none of its own (the passim command keeps
 * PASSIM_DEFAULT_MEMORY_RESERVE). 0 gives the reserve up.
 * PASSIM_ERROR_NO_MEMORY when it cannot be allocated.
 */
PASSIM_API passim_status passim_memory_reserve(size_t bytes);

/** The reserve the passim command keeps (passim_memory_reserve). */
#define PASSIM_DEFAULT_MEMORY_RESERVE ((size_t)1 << 20)

/**
 * Makes a crash inside Xapian while it writes a database (SIGSEGV, SIGBUS,
 * SIGABRT, SIGFPE or SIGILL in the writing thread), or a Xapian write call
 * running for more than `cpu_seconds` of its thread's CPU time (0: no
 * limit), a call of the fatal handler (passim_fatal_handler_set) with
 * PASSIM_ERROR_CORRUPT and a message naming the database, rather than a
 * crash or an endless loop: Xapian 1.4 can do either committing into
 * damaged tables whose damage passim could not see before (see
 * passim_db_open). Xapian's commit is atomic: the database keeps its last
 * commit. A crash inside Xapian while it reads a database (a search over
 * damaged tables) is handled the same way, the database left as it was.
 * Process-wide: it installs handlers for those signals and SIGXCPU, and
 * any other crash goes on to the handler installed before; call it once,
 * early (the passim command does, with PASSIM_DEFAULT_WRITE_CPU_SECONDS or
 * $PASSIM_WRITE_CPU_SECONDS, and a fatal handler that ends it with exit
 * status 3). PASSIM_ERROR_INTERNAL when a handler cannot be installed.
 */
PASSIM_API passim_status passim_write_guard(unsigned int cpu_seconds);

/** The CPU time limit of a write call in the passim command, about 400
 *  times what a commit of 4,000 passages takes (passim_write_guard). */
#define PASSIM_DEFAULT_WRITE_CPU_SECONDS 300u

/* ==== Databases ========================================================== */

/**
 * An open passim database, or several searched as one. Opened read-only it
 * searches and reports stats; opened for writing (one database) it also
 * indexes, adds, replaces and deletes articles, and searches what it has
 * committed.
 */
typedef struct passim_db passim_db;

/** How passim_db_open opens the databases. */
typedef enum passim_open_mode {
    /** Search and stats only; several locations are searched as one. */
    PASSIM_OPEN_READ = 0,
    /** Also write; one location, which must already hold a database (a
     *  local or sharded one, or a `xapian-tcpsrv --writable` server). */
    PASSIM_OPEN_WRITE,
    /** As PASSIM_OPEN_WRITE, creating a local database (and its parent
     *  folders) when it does not exist yet. */
    PASSIM_OPEN_CREATE
} passim_open_mode;

/**
 * A problem with one input while indexing: `path` (and `line`, 0 when none)
 * names it, `reason` says what is wrong; the batch goes on. The same call
 * tells of an input indexed with something left out (front matter that
 * could not be read, a date not understood, text past a limit): the reason
 * says so, and such an input counts as added, not failed. The strings are
 * valid during the call only. Called from the indexer's reader thread while
 * passim_db_index runs (never twice at once), and from the calling thread
 * otherwise.
 */
typedef void (*passim_problem_fn)(const char *path, unsigned int line,
                                  const char *reason, void *ctx);

/** Where a passim_db_index run stands. */
typedef struct passim_progress {
    size_t files;                   /**< files read so far */
    size_t articles;                /**< articles read so far */
    unsigned long long bytes;       /**< bytes read so far */
    unsigned long long total_bytes; /**< bytes to read; 0 when unknown */
    double seconds;                 /**< since the database was opened */
} passim_progress;

/**
 * Progress of passim_db_index, about twice a second and once at its end,
 * on the calling thread. `progress` is valid during the call only.
 */
typedef void (*passim_progress_fn)(const passim_progress *progress, void *ctx);

/** Version 2 added `jobs` at the end; version 1 is still taken (without
 *  it). */
#define PASSIM_DB_OPTIONS_VERSION 2

/**
 * Options of passim_db_open. Zero means the default everywhere; the strings
 * and arrays are copied by passim_db_open.
 */
typedef struct passim_db_options {
    unsigned int version;  /**< PASSIM_DB_OPTIONS_VERSION */
    passim_open_mode mode; /**< default PASSIM_OPEN_READ */
    /** Default language of articles without one, and of a new database:
     *  a Snowball name or ISO 639-1 code ("english", "fr"); default
     *  english. Writing only. */
    const char *language;
    /** Seconds to wait for another writer's lock (default 0: fail at once
     *  with PASSIM_ERROR_LOCKED). Writing only. */
    unsigned int lock_timeout_s;
    /** Timeout of calls to remote databases, in ms (default: Xapian's).
     *  Reading only. */
    unsigned int remote_timeout_ms;
    /** Nonzero: databases that cannot be reached (or fail during a search)
     *  are left out, and each search's notices name them; the open fails
     *  only when none opens. Reading only. */
    int allow_partial;
    /** PASSIM_OPEN_CREATE: a new database is made of this many shards
     *  (2 to 256; a folder with a Xapian stub file), each article going to
     *  the shard a hash of its id picks. 0 or 1: one database. An existing
     *  database keeps its layout (asking for another one is
     *  PASSIM_ERROR_INVALID_ARGUMENT). */
    unsigned int shards;
    /** Articles between commits while indexing (default 2000). */
    size_t commit_every;
    /** Globs as .gitignore patterns (a name at any depth, or anchored with
     *  a '/'; "**"; a trailing '/' for folders; see passim(1)), on paths
     *  relative to the folder given: passim_db_index takes only files
     *  matching `include` or inside a folder matching it (default:
     *  every file of a known format) and skips files and folders matching
     *  `exclude`. */
    const char *const *include;
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
    /** Files larger than this are skipped (default 32 MiB). */
    unsigned long long max_file_size;
    /** Nonzero: also report skipped files of unknown formats. */
    int verbose;
    /** Nonzero: passim_db_index also removes the articles that vanished
     *  from a JSON or JSON Lines file it reads whole (passim_db_prune
     *  removes those of vanished files). */
    int prune;
    passim_problem_fn problem;   /**< may be NULL */
    passim_progress_fn progress; /**< may be NULL */
    void *ctx;                   /**< passed to problem and progress */
    /** (Version 2.) A sharded database: passim_db_index writes at most
     *  this many shards at once, each on a thread of its own (default 0:
     *  as many as the online CPUs, at most the shards). Writing only. */
    unsigned int jobs;
} passim_db_options;

/* clang-format off */
#define PASSIM_DB_OPTIONS_INIT                                                \
    { PASSIM_DB_OPTIONS_VERSION, PASSIM_OPEN_READ, NULL, 0, 0, 0, 0, 0, NULL, \
      0, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
/* clang-format on */

/**
 * Opens one or more databases.
 *
 * A location is a database folder (a sharded one too), a Xapian stub file,
 * or "tcp://HOST:PORT" for a xapian-tcpsrv server (for writing, one started
 * with --writable). With no locations (count 0) the
 * default database is opened: $PASSIM_DB, else $XDG_DATA_HOME/passim/default,
 * else ~/.local/share/passim/default. Writing takes the database's lock
 * until passim_db_close. A local database opened for writing whose files are
 * not as passim's last commit left them (recorded in its passim-state file)
 * is first checked by Xapian in a forked child process (Xapian's check can
 * crash on damaged files): when the check does not find it sound, nothing
 * is written and the open fails with PASSIM_ERROR_CORRUPT.
 *
 * @param out        receives the handle, or NULL on failure
 * @param locations  `count` locations (may be NULL when count is 0)
 * @param count      several only with PASSIM_OPEN_READ
 * @param options    NULL for the defaults (read-only)
 * @return PASSIM_OK;
 *   PASSIM_ERROR_INVALID_ARGUMENT (NULL out, NULL location, an unknown
 *   options version, mode or language, several locations for writing, a bad
 *   remote address, a shard count other than the database's);
 *   PASSIM_ERROR_NOT_FOUND (no database at a location);
 *   PASSIM_ERROR_VERSION_MISMATCH (built by another analyzer or schema);
 *   PASSIM_ERROR_LOCKED (another writer kept the lock past the timeout);
 *   PASSIM_ERROR_CORRUPT, PASSIM_ERROR_IO, PASSIM_ERROR_NETWORK,
 *   PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 *   On failure passim_db_error(NULL) says why, on this thread.
 */
PASSIM_API passim_status passim_db_open(passim_db **out,
                                        const char *const *locations,
                                        size_t count,
                                        const passim_db_options *options);

/**
 * Closes the databases and frees the handle and everything it handed out,
 * except results, which live on (passim_results_free them). Pending changes
 * are committed first, as by passim_db_commit, whose errors are lost here:
 * commit first to see them. Accepts NULL.
 */
PASSIM_API void passim_db_close(passim_db *db);

/**
 * The message of the last failed call on `db` ("" when none). With NULL:
 * why this thread's last call without a handle (passim_db_open,
 * passim_default_location, passim_db_prepare_writable, passim_date_bound,
 * passim_feedback_parse, passim_synonyms_check) failed ("" when it succeeded).
 * Owned by the library; valid until the next call on the same handle (for
 * NULL: the next call without a handle on this thread).
 */
PASSIM_API const char *passim_db_error(const passim_db *db);

/**
 * When the last failed call on `db` was a passim_search that failed with
 * PASSIM_ERROR_QUERY_SYNTAX: sets *offset to the byte offset in the query of
 * what is wrong and returns 1. Otherwise returns 0 and leaves *offset.
 */
PASSIM_API int passim_db_error_offset(const passim_db *db, size_t *offset);

/**
 * The default database: $PASSIM_DB, else $XDG_DATA_HOME/passim/default,
 * else ~/.local/share/passim/default (what passim_db_open opens when given
 * no locations). Owned by the library; valid until the next call on this
 * thread. NULL on out of memory, or when that path is longer than 4,095
 * bytes, more than a path the system opens (passim_db_error(NULL) says
 * which).
 */
PASSIM_API const char *passim_default_location(void);

/**
 * Gets one location ready for a server that opens it for writing itself
 * (`xapian-tcpsrv --writable`, as `passim serve --writable` runs it),
 * without keeping anything open: a database there must be a passim
 * database (checked as passim_db_open reads it) and not a stub of several
 * databases (shards), which a server cannot write as one; where there is
 * none yet, the folders above it are created so that the server can create
 * it.
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL or remote
 *   location, or a stub: serve each shard on its own); PASSIM_ERROR_IO (the
 *   folders cannot be created); as passim_db_open for a database that is
 *   there. passim_db_error(NULL) says why, on this thread.
 */
PASSIM_API passim_status passim_db_prepare_writable(const char *location);

/**
 * Moves a reader to the latest commit of its databases: another process may
 * have indexed since they were opened. (A handle's own commits are seen by
 * its next search without this.)
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL db);
 *   PASSIM_ERROR_CORRUPT, PASSIM_ERROR_IO, PASSIM_ERROR_NETWORK,
 *   PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_reopen(passim_db *db);

#define PASSIM_STATS_VERSION 1

/** What a database holds (several databases: their sums; with
 *  allow_partial, of those that can be reached). */
typedef struct passim_stats {
    unsigned int version; /**< PASSIM_STATS_VERSION */
    unsigned long long articles;
    unsigned long long passages;
    unsigned long long terms;    /**< distinct terms */
    unsigned long long bytes;    /**< on disk; 0 for remote databases */
    unsigned long long revision; /**< 0 for several databases */
    /** The languages present, libstemmer names joined by ','. */
    const char *languages;
    /** ISO 8601 UTC time of the last indexing run that changed the
     *  database; "" when never. */
    const char *last_run;
    /** The analyzer that built it, e.g. "passim-analyzer/1". */
    const char *analyzer;
} passim_stats;

/* clang-format off */
#define PASSIM_STATS_INIT                                                    \
    { PASSIM_STATS_VERSION, 0, 0, 0, 0, 0, NULL, NULL, NULL }
/* clang-format on */

/**
 * Fills *out with what the databases hold as of their latest commit. The
 * strings are owned by `db`, valid until the next passim_db_stats on it or
 * passim_db_close.
 * @param out  an in-out struct set up with PASSIM_STATS_INIT
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument or an
 *   unknown version); PASSIM_ERROR_NOT_FOUND (a database was removed);
 *   PASSIM_ERROR_CORRUPT, PASSIM_ERROR_VERSION_MISMATCH, PASSIM_ERROR_IO,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_stats(passim_stats *out, passim_db *db);

/**
 * One article as passim_db_list hands it out. The library fills it and a
 * caller only reads it, so fields may be added at its end.
 */
typedef struct passim_article_entry {
    const char *id;    /**< what search shows as the hit's id */
    const char *title; /**< "" when it has none */
    const char *date;  /**< as written in the source, or NULL */
    const char *path;  /**< the file it came from ("-": standard input;
                            "": none), as PASSIM_FIELD_PATH */
} passim_article_entry;

/** Called by passim_db_list for each article; `entry` and its strings are
 *  valid during the call only. Return 0 to go on, nonzero to stop. */
typedef int (*passim_article_entry_fn)(const passim_article_entry *entry,
                                       void *ctx);

/**
 * Calls `fn` for every article the databases hold as of their latest
 * commit (with allow_partial, those that can be reached), in the byte order
 * of their ids (ids over 160 bytes sort by a hash of theirs instead; the
 * articles of several databases are merged). A nonzero return of `fn` ends
 * the walk early, and the call returns PASSIM_OK.
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL db or fn);
 *   PASSIM_ERROR_NOT_FOUND (a database was removed); PASSIM_ERROR_MODIFIED
 *   (writers kept committing: list again), PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_IO, PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY,
 *   PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_list(passim_db *db,
                                        passim_article_entry_fn fn, void *ctx);

/* ==== Indexing (a handle opened for writing) ============================= */

/**
 * Indexes files and folders (recursively): Markdown with front matter
 * (.md .markdown), plain text (.txt), HTML (.html .htm), JSON (.json) and
 * JSON Lines (.jsonl .ndjson); the path "-" reads JSON Lines from standard
 * input. Runs are incremental: an article whose content did not change
 * since the last commit is not indexed again. Problems with single inputs
 * go to the problem callback
 * and count as failed (passim_db_commit's summary); they do not fail the
 * call. Changes are committed every commit_every articles and by
 * passim_db_commit.
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, or a
 *   read-only handle); PASSIM_ERROR_LOCKED (after passim_db_compact,
 *   another writer took the lock); PASSIM_ERROR_IO, PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_NETWORK (a remote writer), PASSIM_ERROR_NO_MEMORY,
 *   PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_index(passim_db *db,
                                         const char *const *paths,
                                         size_t count);

/**
 * Removes the articles that came from files under `roots` (folders or
 * files, as given to passim_db_index) when those files are gone: only a
 * file the system says does not exist (ENOENT, or ENOTDIR: a folder on its
 * path is now a file) is gone, never one that cannot be read or reached.
 * @return as passim_db_index.
 */
PASSIM_API passim_status passim_db_prune(passim_db *db,
                                         const char *const *roots,
                                         size_t count);

/**
 * Removes every article whose file is gone (as passim_db_prune says it),
 * wherever it was: after a folder moved, the articles of its old place.
 * Articles from standard input or in-memory ones without a path starting
 * with '/' are kept.
 * @param removed  receives how many articles were removed (may be NULL)
 * @return as passim_db_index.
 */
PASSIM_API passim_status passim_db_prune_all(size_t *removed, passim_db *db);

/** A key and value of an article without a field of its own. */
typedef struct passim_article_field {
    const char *key;
    const char *value;
} passim_article_field;

#define PASSIM_ARTICLE_VERSION 1

/**
 * An article built in memory, indexed exactly as the same record would be
 * from a JSON Lines file. Only `id` and `body` are required.
 */
typedef struct passim_article {
    unsigned int version; /**< PASSIM_ARTICLE_VERSION */
    const char *id;       /**< required; replaces an article with
                               the same id */
    const char *title;    /**< or NULL */
    /** Plain text; paragraphs are separated by blank lines. Or NULL. */
    const char *body;
    const char *date;        /**< ISO 8601 ("2026-04-27"), or NULL */
    const char *source;      /**< or NULL */
    const char *const *tags; /**< `ntags` tags */
    size_t ntags;
    const char *lang;    /**< language name or code; NULL: the
                              handle's default language */
    const char *url;     /**< or NULL */
    const char *summary; /**< or NULL */
    /** Other fields, kept with the article (not searched). Keys must differ
     *  from the fields above and from "tags", "body", "text", "content". */
    const passim_article_field *fields;
    size_t nfields;
    /** Where it came from, shown as the hits' path (NULL: ""). A path
     *  starting with '/' makes it prunable by passim_db_prune. */
    const char *path;
} passim_article;

/* clang-format off */
#define PASSIM_ARTICLE_INIT                                                  \
    { PASSIM_ARTICLE_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,   \
      NULL, NULL, NULL, 0, NULL }
/* clang-format on */

/**
 * Adds an article, or replaces the article with the same id (all its
 * passages, in one transaction). An article whose content is unchanged is
 * left as it is. Nothing of `article` is kept after the call.
 * @return PASSIM_OK;
 *   PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, read-only handle, unknown
 *   version, missing id, unknown language, a reserved or NULL field key);
 *   PASSIM_ERROR_INPUT (nothing to index: no body text);
 *   PASSIM_ERROR_LOCKED, PASSIM_ERROR_IO, PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_add_article(passim_db *db,
                                               const passim_article *article);

/** What passim_db_add_json did with its article. */
typedef enum passim_outcome {
    PASSIM_OUTCOME_ADDED = 0, /**< a new article */
    PASSIM_OUTCOME_UPDATED,   /**< replaced the article with the same id */
    PASSIM_OUTCOME_UNCHANGED  /**< same content as stored: left as it is */
} passim_outcome;

/**
 * Adds or replaces the article of one JSON object, as one line of a JSON
 * Lines file is read by passim_db_index (fields id, title, body or text or
 * content, date, source, tags, lang, url, summary; other keys are kept), in
 * one transaction, like passim_db_add_article. Nothing is committed: call
 * passim_db_commit.
 * @param outcome  receives what was done (on PASSIM_OK)
 * @param id       receives the id the article is stored under (its id
 *                 field, else from `origin`), owned by `db` and valid until its
 *                 next call; NULL when the JSON held no article
 * @param origin   where the JSON came from, shown as the hits' path and in
 *                 messages (NULL: "")
 * @param line     its line in `origin` (1-based; 0: none): shown with the
 *                 hits' path; an article without an id field is stored
 *                 under "origin#N" with N = line - 1 > 0, else "origin", as
 *                 passim_db_index names the records of a JSON Lines file;
 *                 but when `origin` is NULL, "" or "-" (standard input),
 *                 under "-#" and the 16 hex digits of its content hash, as
 *                 passim_db_index names the records of standard input (the
 *                 same record sent twice is the same article; two
 *                 different ones never replace each other)
 * @return PASSIM_OK;
 *   PASSIM_ERROR_INPUT (not a JSON object, a bad field, no text to index:
 *   the message says why; nothing was written);
 *   PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, read-only handle);
 *   PASSIM_ERROR_LOCKED, PASSIM_ERROR_IO, PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_add_json(passim_outcome *outcome,
                                            const char **id, passim_db *db,
                                            const char *json, size_t len,
                                            const char *origin,
                                            unsigned int line);

/**
 * Removes the articles with these ids.
 * @param found  receives how many of them existed (may be NULL)
 * @return PASSIM_OK (also when some ids were not found);
 *   PASSIM_ERROR_INVALID_ARGUMENT (NULL db, ids or id, read-only handle);
 *   PASSIM_ERROR_LOCKED, PASSIM_ERROR_IO, PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_delete(size_t *found, passim_db *db,
                                          const char *const *ids, size_t count);

/**
 * Removes the articles that came from the file `path`, named as
 * passim_db_index names the files it reads: relative to the working
 * directory, symbolic links resolved (a file that is gone is named through
 * its folder). So the path a search hit shows, relative or not, names its
 * file, also one holding several articles or an article with an id field.
 * @param found  receives how many articles were removed (may be NULL)
 * @return PASSIM_OK (also when none came from that file);
 *   PASSIM_ERROR_INVALID_ARGUMENT (NULL db or path, read-only handle);
 *   PASSIM_ERROR_LOCKED, PASSIM_ERROR_IO, PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_delete_file(size_t *found, passim_db *db,
                                               const char *path);

/**
 * Checks synonyms ("aws = amazon web services" lines; '#' comments) and
 * stores them as the database's default synonyms, which every search
 * applies unless it names its own file. `origin` names them in messages
 * (NULL: "synonyms").
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL db or text,
 *   read-only handle, or a bad line: the message says "origin:line: why");
 *   PASSIM_ERROR_LOCKED, PASSIM_ERROR_IO, PASSIM_ERROR_NETWORK,
 *   PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_set_synonyms(passim_db *db, const char *text,
                                                size_t len, const char *origin);

/**
 * Checks synonyms text as passim_db_set_synonyms and the synonyms_path
 * search option read it, without a database: lets a caller reject a bad
 * file before it opens one. `origin` names the text in messages (NULL:
 * "synonyms").
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL text, or a bad
 *   line: passim_db_error(NULL) says "origin:line: why", on this thread);
 *   PASSIM_ERROR_NO_MEMORY.
 */
PASSIM_API passim_status passim_synonyms_check(const char *text, size_t len,
                                               const char *origin);

/**
 * Reads a synonyms file as the synonyms_path search option does — a
 * regular file (never a FIFO or a device) of at most 16 MiB — and checks it
 * as passim_synonyms_check. *text gets its bytes, NUL-terminated (free with
 * free()), *len their number.
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (a NULL argument, a file
 *   that cannot be read, is not a regular file or is larger, or a bad
 *   line: passim_db_error(NULL) says "path: why" or "path:line: why", on
 *   this thread); PASSIM_ERROR_NO_MEMORY.
 */
PASSIM_API passim_status passim_synonyms_read(const char *path, char **text,
                                              size_t *len);

/** Version 2 added `content_ids` at the end; version 1 is still taken
 *  (without it). */
#define PASSIM_INDEX_SUMMARY_VERSION 2

/** Counts of the handle's indexing since it was opened or compacted. */
typedef struct passim_index_summary {
    unsigned int version; /**< PASSIM_INDEX_SUMMARY_VERSION */
    size_t added, updated, unchanged, removed, failed;
    size_t passages;          /**< passages written */
    unsigned long long bytes; /**< bytes of files read */
    double seconds;
    /** (Version 2.) Of the articles added, updated or unchanged, those
     *  that had no id and came from no file (standard input, or
     *  passim_db_add_json without an origin): each is stored under "-#"
     *  and the 16 hex digits of its content hash, so that two such
     *  articles never replace each other. */
    size_t content_ids;
} passim_index_summary;

/* clang-format off */
#define PASSIM_INDEX_SUMMARY_INIT                                            \
    { PASSIM_INDEX_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0.0, 0 }
/* clang-format on */

/**
 * Commits what is pending (atomically; nothing happens when nothing
 * changed), records the time of the run, and fills *summary.
 * @param summary  set up with PASSIM_INDEX_SUMMARY_INIT, or NULL
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL db, read-only
 *   handle, unknown summary version); PASSIM_ERROR_LOCKED, PASSIM_ERROR_IO,
 *   PASSIM_ERROR_CORRUPT, PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY,
 *   PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_commit(passim_index_summary *summary,
                                          passim_db *db);

/**
 * Commits, writes a compacted copy of the database (of each shard) and
 * swaps it in: smaller, faster to search. The swap is one atomic exchange
 * of the two folders' names (Linux renameat2), made under the lock: the
 * database is never missing. The handle lets the lock go and
 * takes it again at its next write; the summary counts start again.
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL db, read-only
 *   handle, a remote database: compact it on its server);
 *   PASSIM_ERROR_IO (also: the file system cannot exchange names; the
 *   database is left uncompacted);
 *   PASSIM_ERROR_LOCKED, PASSIM_ERROR_CORRUPT,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_db_compact(passim_db *db);

/* ==== Searching ========================================================== */

/** The results of one search; owns its hits. */
typedef struct passim_results passim_results;
/** One hit: a passage of an article. Owned by its results. */
typedef struct passim_hit passim_hit;

/** Which words of a query must match. */
typedef enum passim_match {
    /** All words; when no article has them all, any word (the results say
     *  they were relaxed). Explicit operators (AND, OR, NOT, NEAR, -, +)
     *  are never relaxed. */
    PASSIM_MATCH_AUTO = 0,
    /** All words, never relaxed. */
    PASSIM_MATCH_ALL,
    /** Any word. */
    PASSIM_MATCH_ANY
} passim_match;

typedef enum passim_sort {
    PASSIM_SORT_RELEVANCE = 0,
    /** Newest first, then by relevance. */
    PASSIM_SORT_DATE
} passim_sort;

/** Version 2 added the feedback fields at the end, version 3 `lang`,
 *  version 4 `passage_weight` and `rerank_depth`; versions 1 to 3 are still
 *  taken (without what came after them). */
#define PASSIM_SEARCH_OPTIONS_VERSION 4

/** Options of passim_search; the defaults are those of `passim search`. */
typedef struct passim_search_options {
    unsigned int version; /**< PASSIM_SEARCH_OPTIONS_VERSION */
    passim_match match;   /**< default PASSIM_MATCH_AUTO */
    unsigned int limit;   /**< hits to return (default 10) */
    unsigned int offset;  /**< hits to skip (default 0) */
    /** Passages shown per hit, best first (default 1; 0 counts as 1). */
    unsigned int per_article;
    passim_sort sort; /**< default PASSIM_SORT_RELEVANCE */
    /** Only articles dated from `since` to `until` (ends included):
     *  "YYYY-MM-DD", or "YYYY-MM" / "YYYY" for the whole period; NULL for
     *  no bound. */
    const char *since;
    const char *until;
    /** Count matching articles by these fields: "source", "tag", "month",
     *  "lang" (at most 8). */
    const char *const *facets;
    size_t nfacets;
    double bm25_k1;      /**< BM25 k1 >= 0 (PASSIM_DEFAULT_BM25_K1) */
    double bm25_b;       /**< BM25 b, 0 to 1 (PASSIM_DEFAULT_BM25_B) */
    double title_weight; /**< 0 to 100 (PASSIM_DEFAULT_TITLE_WEIGHT) */
    /** Weight of the boost for query words close together, 0 (off) to 100
     *  (PASSIM_DEFAULT_PROXIMITY_WEIGHT). */
    double proximity_weight;
    /** A synonyms file to use instead of the database's default synonyms;
     *  NULL: the default ones. */
    const char *synonyms_path;
    /** Nonzero: each hit explains its score (passim_hit_explain). */
    int explain;
    /** Bytes of text around the best match in snippets (default 200). */
    unsigned int snippet_width;
    /** Pseudo-relevance feedback (version 2): the stems that best tell the
     *  top `feedback_docs` articles from the rest, `feedback_terms` at
     *  most, reorder the matches (never widen or narrow them), weighing
     *  together `feedback_weight` times the query's words. feedback_docs 0:
     *  off (the default). On: docs 1 to PASSIM_FEEDBACK_MAX_DOCS, terms 1
     *  to PASSIM_FEEDBACK_MAX_TERMS, weight above 0 and at most 100 (the
     *  settings `passim search --feedback` turns on:
     *  PASSIM_DEFAULT_FEEDBACK_*). */
    unsigned int feedback_docs;
    unsigned int feedback_terms;
    double feedback_weight;
    /** Version 3: analyze the query in this language only (a Snowball name
     *  or ISO 639-1 code, as `passim index --lang`: "english", "fr", ...);
     *  NULL (the default): in every language of the database. */
    const char *lang;
    /** Version 4: an article's score is its BM25 plus passage_weight (0 to
     *  100, PASSIM_DEFAULT_PASSAGE_WEIGHT) times its best passage's BM25;
     *  the top rerank_depth articles by BM25 (at most
     *  PASSIM_MAX_RERANK_DEPTH, PASSIM_DEFAULT_RERANK_DEPTH) are reordered
     *  by that sum. */
    double passage_weight;
    unsigned int rerank_depth;
} passim_search_options;

/** The default ranking, shared by passim search and the library (chosen by
 *  2-fold cross-validation; see bench/README.md). */
#define PASSIM_DEFAULT_BM25_K1 1.6
#define PASSIM_DEFAULT_BM25_B 0.6
#define PASSIM_DEFAULT_TITLE_WEIGHT 0.75
#define PASSIM_DEFAULT_PROXIMITY_WEIGHT 0.0
#define PASSIM_DEFAULT_PASSAGE_WEIGHT 0.75
#define PASSIM_DEFAULT_RERANK_DEPTH 10
#define PASSIM_MAX_RERANK_DEPTH 1000

/* clang-format off */
#define PASSIM_SEARCH_OPTIONS_INIT                                            \
    { PASSIM_SEARCH_OPTIONS_VERSION, PASSIM_MATCH_AUTO, 10, 0, 1,             \
      PASSIM_SORT_RELEVANCE, NULL, NULL, NULL, 0, PASSIM_DEFAULT_BM25_K1,     \
      PASSIM_DEFAULT_BM25_B, PASSIM_DEFAULT_TITLE_WEIGHT,                     \
      PASSIM_DEFAULT_PROXIMITY_WEIGHT, NULL, 0, 200, 0, 0, 0.0, NULL,       \
      PASSIM_DEFAULT_PASSAGE_WEIGHT, PASSIM_DEFAULT_RERANK_DEPTH }
/* clang-format on */

/** The feedback settings `passim search --feedback` turns on (chosen by
 *  2-fold cross-validation; see bench/README.md), and the limits. */
#define PASSIM_DEFAULT_FEEDBACK_DOCS 1
#define PASSIM_DEFAULT_FEEDBACK_TERMS 20
#define PASSIM_DEFAULT_FEEDBACK_WEIGHT 1.0
#define PASSIM_FEEDBACK_MAX_DOCS 100
#define PASSIM_FEEDBACK_MAX_TERMS 1000

/**
 * Reads feedback settings written "DOCS,TERMS,WEIGHT" (as `passim search
 * --feedback=1,20,1` and the batch key "feedback" take them) within the
 * limits of passim_search_options.feedback_*.
 * @param docs, terms, weight  receive the settings; left as they were on
 *                             failure
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, or not
 *   such settings: passim_db_error(NULL) says why, on this thread).
 */
PASSIM_API passim_status passim_feedback_parse(unsigned int *docs,
                                               unsigned int *terms,
                                               double *weight,
                                               const char *text);

/** At most this many facets per search (passim_search_options.facets). */
#define PASSIM_SEARCH_MAX_FACETS 8

/**
 * Checks a date bound as passim_search_options.since and .until take it,
 * and writes the day it stands for: "YYYY-MM-DD" as it is, "YYYY-MM" and
 * "YYYY" as the first day of the period (`upper` 0) or its last (`upper`
 * nonzero; a month's last day is written "-31", which compares correctly).
 * Lets a caller reject a bad date before it opens a database.
 * @param out   receives the day, NUL-terminated (11 bytes); unspecified on
 *              failure
 * @param text  the bound as written
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, or not
 *   such a date: passim_db_error(NULL) says why, on this thread).
 */
PASSIM_API passim_status passim_date_bound(char out[11], const char *text,
                                           int upper);

/**
 * Runs a query (passim's query language: words, "phrases", AND, OR, NOT,
 * NEAR, prefix*, field:value, date:from..to; see passim(1)) against the
 * latest revision the handle has seen.
 * @param out      receives the results (passim_results_free them), or NULL
 *                 on failure
 * @param query    the query text
 * @param options  NULL for the defaults
 * @return PASSIM_OK (also with no hits);
 *   PASSIM_ERROR_QUERY_SYNTAX (malformed query: passim_db_error says what,
 *   passim_db_error_offset where);
 *   PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, unknown options version,
 *   bad option value or facet name, unreadable or bad synonyms file);
 *   PASSIM_ERROR_NOT_FOUND (a writable handle's database was removed);
 *   PASSIM_ERROR_CORRUPT, PASSIM_ERROR_VERSION_MISMATCH, PASSIM_ERROR_IO,
 *   PASSIM_ERROR_NETWORK, PASSIM_ERROR_MODIFIED (writers kept committing:
 *   reopen and retry), PASSIM_ERROR_NO_MEMORY, PASSIM_ERROR_INTERNAL.
 */
PASSIM_API passim_status passim_search(passim_results **out, passim_db *db,
                                       const char *query,
                                       const passim_search_options *options);

/** Frees results, their hits and their strings. Accepts NULL. */
PASSIM_API void passim_results_free(passim_results *results);

/** The query as given. */
PASSIM_API const char *passim_results_query(const passim_results *results);

/** Matching articles; the hits are one page of them. Exact up to
 *  PASSIM_EXACT_TOTAL articles, a lower bound above (see
 *  passim_results_total_exact). */
PASSIM_API unsigned int passim_results_total(const passim_results *results);

/** Totals are exact up to this many matching articles. */
#define PASSIM_EXACT_TOTAL 10000

/** 1 when passim_results_total is exact, 0 when it is a lower bound. */
PASSIM_API int passim_results_total_exact(const passim_results *results);

/** 1 when no article matched all words and any-word matching was used. */
PASSIM_API int passim_results_relaxed(const passim_results *results);

/** A corrected query ("did you mean") when a word matched nothing, or
 *  NULL. */
PASSIM_API const char *passim_results_suggestion(const passim_results *results);

/** The number of notices: things a user should know (e.g. that spelling
 *  suggestions are not available for this database). */
PASSIM_API size_t passim_results_notice_count(const passim_results *results);

/** Notice `i`, or NULL past the end. */
PASSIM_API const char *passim_results_notice(const passim_results *results,
                                             size_t i);

/** The number of hits in this page. */
PASSIM_API size_t passim_results_hit_count(const passim_results *results);

/** Hit `i` (0-based, best first), or NULL past the end. */
PASSIM_API passim_hit *passim_results_hit(passim_results *results, size_t i);

/** The number of facets: one per facet asked for. */
PASSIM_API size_t passim_results_facet_count(const passim_results *results);

/** The name of facet `i` ("source", ...), or NULL past the end. */
PASSIM_API const char *passim_results_facet_name(const passim_results *results,
                                                 size_t i);

/** The number of distinct values of facet `i` (0 past the end). */
PASSIM_API size_t
passim_results_facet_value_count(const passim_results *results, size_t i);

/**
 * Value `j` of facet `i`, most frequent first, or NULL past the end.
 * @param count  receives its count of matching articles (may be NULL)
 */
PASSIM_API const char *passim_results_facet_value(const passim_results *results,
                                                  size_t i, size_t j,
                                                  unsigned int *count);

/**
 * The results as one JSON object, exactly as `passim search --json` prints
 * them (schema 1, docs/json-schema.md), without a trailing newline.
 * @param json  receives the text, owned by `results`
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument);
 *   PASSIM_ERROR_NO_MEMORY.
 */
PASSIM_API passim_status passim_results_json(const char **json,
                                             passim_results *results);

/** Fields of a hit's article and passage. */
typedef enum passim_field {
    PASSIM_FIELD_ID = 0, /**< the article's id (its id field, else its
                              file's canonical path) */
    PASSIM_FIELD_TITLE,
    PASSIM_FIELD_DATE, /**< as written in the source (ISO 8601) */
    PASSIM_FIELD_SOURCE,
    PASSIM_FIELD_LANG, /**< code of the language it was analyzed in */
    PASSIM_FIELD_URL,
    PASSIM_FIELD_PATH,   /**< the file it came from ("-": standard input) */
    PASSIM_FIELD_TEXT,   /**< the whole text of the hit's best passage */
    PASSIM_FIELD_SUMMARY /**< the article's summary (front matter) */
} passim_field;

/** A field of the hit, owned by its results; NULL when the article has
 *  none (id, title, path and text always exist). */
PASSIM_API const char *passim_hit_field(const passim_hit *hit,
                                        passim_field field);

/** 1-based rank over all hits (the offset counts). */
PASSIM_API unsigned int passim_hit_rank(const passim_hit *hit);

/** BM25 score with the title and proximity boosts. */
PASSIM_API double passim_hit_score(const passim_hit *hit);

/** 1-based line in its file of the first highlighted word of the hit's best
 *  passage (the passage's first line when none is highlighted). */
PASSIM_API unsigned int passim_hit_line(const passim_hit *hit);

/** 0-based ordinal of the hit's best passage in its article. */
PASSIM_API unsigned int passim_hit_passage(const passim_hit *hit);

/** Passages of the article that matched but are not shown (beyond
 *  per_article). */
PASSIM_API unsigned int passim_hit_collapsed(const passim_hit *hit);

/** 1 when the hit's article has every word the query puts side by side;
 *  0 when it is listed for some of them (after those having them all, or
 *  under PASSIM_MATCH_ANY). */
PASSIM_API int passim_hit_all_words(const passim_hit *hit);

/** The number of passages shown for the hit (per_article at most, at least
 *  1), best first; passage 0 is the one the other passim_hit_ calls show. */
PASSIM_API size_t passim_hit_passage_count(const passim_hit *hit);

/** One shown passage of a hit. */
typedef struct passim_passage_info {
    unsigned int passage; /**< 0-based ordinal in the article */
    unsigned int line;    /**< line of its first highlighted word */
    double score;         /**< its own BM25 */
    const char *snippet;  /**< its best window, "…" where cut */
    size_t snippet_len;
    size_t highlight_count; /**< see passim_hit_passage_highlight */
    const char *text;       /**< the whole passage */
} passim_passage_info;

/**
 * Shown passage `i` of a hit (0: the best).
 * @param info  receives it; its strings are owned by the hit's results
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument, or i
 *   past passim_hit_passage_count).
 */
PASSIM_API passim_status passim_hit_passage_get(passim_passage_info *info,
                                                const passim_hit *hit,
                                                size_t i);

/** Highlight `k` of shown passage `i`, as passim_hit_highlight: returns 1
 *  with [*start, *end) a matched word of its snippet, or 0 past the end. */
PASSIM_API int passim_hit_passage_highlight(const passim_hit *hit, size_t i,
                                            size_t k, size_t *start,
                                            size_t *end);

/** The number of the article's other front-matter keys (those without a
 *  field of their own). */
PASSIM_API size_t passim_hit_extra_count(const passim_hit *hit);

/** Other front-matter key `i` (NULL past the end); *value receives its
 *  value (scalars as text, lists joined by ", "). */
PASSIM_API const char *passim_hit_extra(const passim_hit *hit, size_t i,
                                        const char **value);

/** The number of the article's tags. */
PASSIM_API size_t passim_hit_tag_count(const passim_hit *hit);

/** Tag `i`, or NULL past the end. */
PASSIM_API const char *passim_hit_tag(const passim_hit *hit, size_t i);

/**
 * The snippet: the best window of the passage, "…" where it was cut.
 * @param len  receives its length in bytes (may be NULL)
 */
PASSIM_API const char *passim_hit_snippet(const passim_hit *hit, size_t *len);

/** The number of highlighted (matched) words in the snippet. */
PASSIM_API size_t passim_hit_highlight_count(const passim_hit *hit);

/**
 * Highlight `i`: the snippet's bytes [*start, *end) are a matched word;
 * highlights are sorted and do not overlap. Returns 1, or 0 past the end
 * (leaving *start and *end).
 */
PASSIM_API int passim_hit_highlight(const passim_hit *hit, size_t i,
                                    size_t *start, size_t *end);

/** The score broken down, one component per line, when the search asked
 *  for explanations; else NULL. */
PASSIM_API const char *passim_hit_explain(const passim_hit *hit);

/**
 * The hit as one JSON object, exactly as `passim search --jsonl` prints it.
 * @param json  receives the text, owned by the hit's results
 * @return PASSIM_OK; PASSIM_ERROR_INVALID_ARGUMENT (NULL argument);
 *   PASSIM_ERROR_NO_MEMORY.
 */
PASSIM_API passim_status passim_hit_json(const char **json, passim_hit *hit);

#ifdef __cplusplus
}
#endif

#endif /* PASSIM_H */
