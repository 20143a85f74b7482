/*
 * passim.h — the public C API of libpassim, a full-text search engine for
 * collections of articles built on Xapian.
 *
 * Conventions (one for every call):
 *  - every fallible call returns a passim_status; out parameters come first;
 *  - constructors set *out = NULL on failure; destroy functions accept NULL;
 *  - the text of the last error is kept on the handle that failed.
 *
 * This header grows with the library; what is here is stable.
 */
#ifndef PASSIM_H
#define PASSIM_H

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
    /** A caller passed something that cannot be used (bad option, NULL, empty). */
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

#ifdef __cplusplus
}
#endif

#endif /* PASSIM_H */
