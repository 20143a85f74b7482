/*
 * xc_internal.hh — what the xapian-c sources share: the structs behind the
 * opaque handles of xc.h and the helpers that run a C++ body and turn
 * whatever it throws into a passim_status, so no exception leaves xapian-c.
 */
#ifndef PASSIM_XC_INTERNAL_HH
#define PASSIM_XC_INTERNAL_HH

#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <xapian.h>

#include "xc.h"

struct xc_db {
    /* A writable database's location, for messages (declared first, so it
     * outlives the database in the destructor). */
    std::string path;
    std::unique_ptr<Xapian::Database> db;
    /* The same object as *db when opened for writing: WritableDatabase
     * derives from Database, so one object serves both roles. */
    Xapian::WritableDatabase *writable = nullptr;
    /* A commit failed: what it left pending is dropped when the handle is
     * freed, not committed again by Xapian's destructor (on a damaged
     * database that second try is where Xapian crashes). */
    bool commit_failed = false;
    std::string error;
};

struct xc_doc {
    Xapian::Document doc;
    /* Xapian can give term frequencies only for the term list of a document
     * read from a database whose terms were not changed since. */
    bool terms_edited = false;
    std::string error;
};

struct xc_query {
    Xapian::Query q;
};

/* What a term list can tell besides the term. */
enum xc_term_stats {
    XC_STAT_WDF = 1,
    XC_STAT_TERMFREQ = 2
};

struct xc_terms {
    /* Either a Xapian term list [it, end) ... */
    Xapian::TermIterator it, end;
    /* ... or terms computed up front (eset, matching terms). */
    std::vector<std::string> list;
    bool from_list = false;
    size_t index = 0;
    bool started = false;
    unsigned stats = 0; /* xc_term_stats */
    std::string term;   /* the current term of a Xapian list */
    std::string error;

    /* Moves to the next term; nullptr at the end. */
    const std::string *advance();
};

/* A term list over terms computed up front (no statistics). */
std::unique_ptr<xc_terms> xc_terms_from_list(std::vector<std::string> &&list);

struct xc_postings {
    Xapian::PostingIterator it, end;
    bool started = false;
    std::string error;
};

struct xc_spy {
    xc_slot slot;
    /* A fresh counter for each run (Xapian's would add to the last run's
     * counts), handed to Xapian by address while the run lasts. */
    std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    /* Every value reported so far: xc_spy_get's pointers stay valid until
     * the enquire is freed, across later runs. */
    std::set<std::string> seen;
    std::vector<std::pair<const std::string *, unsigned int>> top;
    std::string error;

    explicit xc_spy(xc_slot s) : slot(s) {}
};

struct xc_enquire {
    Xapian::Enquire enquire;
    std::vector<std::unique_ptr<xc_spy>> spies;
    std::string error;

    explicit xc_enquire(const Xapian::Database &db) : enquire(db) {}
};

struct xc_mset {
    Xapian::MSet mset;
    /* The query that produced mset: Xapian answers matching terms from the
     * enquire's current query, which may have changed since. */
    Xapian::Query query;
    std::string error;
};

/* Maps the exception being handled to a status and stores its message in
 * msg. Call only from inside a catch block. */
passim_status xc_status_from_exception(std::string &msg) noexcept;

/* Throws Xapian::InvalidArgumentError(what). */
[[noreturn]] void xc_fail_argument(const char *what);

/* A caller's string as std::string; NULL is an invalid argument. */
std::string xc_arg(const char *s, const char *name);
std::string xc_arg(const char *s, size_t len, const char *name);

/* A malloc'd, NUL-terminated copy of s (which may hold NULs). */
char *xc_copy_out(const std::string &s);

/* The out parameter *p, which must not be NULL. Take it before computing
 * what goes there: C++ evaluates `a = b` right to left. */
template <typename T> T &xc_out(T *p)
{
    if (p == nullptr)
        xc_fail_argument("an out parameter is NULL");
    return *p;
}

/* The value of an enum parameter from C, where it may hold any int: C++
 * must not load an enum object holding a value outside its enumerators'
 * range, so this reads the integer underneath. */
template <typename E> int xc_enum_value(const E &e)
{
    std::underlying_type_t<E> v;
    std::memcpy(&v, &e, sizeof v);
    return static_cast<int>(v);
}

/* Puts back the memory reserve (xc_memory_reserve) if a failed allocation
 * used it and memory allows. */
void xc_reserve_refill() noexcept;

/* Calls the fatal handler (xc_fatal_handler_set) with status and message,
 * then abort()s if it returns: for what the bindings cannot go on after.
 * Async-signal-safe. A second failure meanwhile on another thread waits
 * for the first to end the process; on the same thread (the handler
 * crashed) it aborts at once. */
[[noreturn]] void xc_fatal(passim_status status, const char *message) noexcept;

/* While one lives, the thread is inside Xapian's matcher, which a
 * std::bad_alloc can crash: with the reserve spent, running out of memory
 * there calls xc_fatal instead (xc_reserve.cc). */
struct xc_matcher_section {
    xc_matcher_section() noexcept;
    ~xc_matcher_section();
    xc_matcher_section(const xc_matcher_section &) = delete;
    xc_matcher_section &operator=(const xc_matcher_section &) = delete;
};

/* While one lives, the thread is inside Xapian writing the database at
 * `path`: a crash there, or more CPU time than xc_fatal_enable allows,
 * calls xc_fatal with a message naming it (xc_fatal.cc). */
struct xc_fatal_section {
    explicit xc_fatal_section(const char *path) noexcept;
    ~xc_fatal_section();
    xc_fatal_section(const xc_fatal_section &) = delete;
    xc_fatal_section &operator=(const xc_fatal_section &) = delete;

  private:
    bool counted;
};

/* While one lives, the thread is inside Xapian, reading or writing: a
 * crash there calls xc_fatal once xc_fatal_enable ran (xc_fatal.cc); a
 * crash elsewhere stays a crash. */
struct xc_call_section {
    xc_call_section() noexcept;
    ~xc_call_section();
    xc_call_section(const xc_call_section &) = delete;
    xc_call_section &operator=(const xc_call_section &) = delete;

  private:
    bool counted;
};

/* While one lives, a Xapian call has handed the thread to passim's own
 * code (a callback): a crash there is passim's, not Xapian's. */
struct xc_callback_section {
    xc_callback_section() noexcept;
    ~xc_callback_section();
    xc_callback_section(const xc_callback_section &) = delete;
    xc_callback_section &operator=(const xc_callback_section &) = delete;

  private:
    unsigned int saved;
};

/* Runs body; what it throws becomes the status, its message goes to msg. */
template <typename Body>
passim_status xc_run(std::string &msg, Body &&body) noexcept
{
    xc_call_section section;
    xc_reserve_refill();
    try {
        body();
        return PASSIM_OK;
    } catch (...) {
        return xc_status_from_exception(msg);
    }
}

/* Runs body for a call on handle h, keeping a failure's message on h. */
template <typename Handle, typename Body>
passim_status xc_guard(Handle *h, Body &&body) noexcept
{
    if (h == nullptr)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    return xc_run(h->error, body);
}

/* Runs make (returning std::unique_ptr<T>) for a constructor without a
 * parent handle: *out is the new handle or NULL, a failure's message goes to
 * *errmsg when errmsg is not NULL (NULL if even that copy fails). */
template <typename T, typename Make>
passim_status xc_construct(T **out, char **errmsg, Make &&make) noexcept
{
    if (errmsg != nullptr)
        *errmsg = nullptr;
    if (out != nullptr)
        *out = nullptr;
    std::string msg;
    passim_status status = xc_run(msg, [&] {
        T *&dst = xc_out(out);
        dst = make().release();
    });
    if (status != PASSIM_OK && errmsg != nullptr)
        *errmsg = strdup(msg.c_str());
    return status;
}

/* The same for a constructor called on handle h, which keeps the message. */
template <typename Handle, typename T, typename Make>
passim_status xc_construct_on(Handle *h, T **out, Make &&make) noexcept
{
    if (out != nullptr)
        *out = nullptr;
    return xc_guard(h, [&] {
        T *&dst = xc_out(out);
        dst = make().release();
    });
}

/* Runs get (returning std::string) for a call on handle h and gives the
 * caller a malloc'd copy in *out, its length in *len when len is not NULL. */
template <typename Handle, typename Get>
passim_status xc_return_string(Handle *h, char **out, size_t *len,
                               Get &&get) noexcept
{
    if (out != nullptr)
        *out = nullptr;
    return xc_guard(h, [&] {
        char *&dst = xc_out(out);
        std::string s = get();
        dst = xc_copy_out(s);
        if (len != nullptr)
            *len = s.size();
    });
}

#endif /* PASSIM_XC_INTERNAL_HH */
