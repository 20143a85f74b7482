/*
 * xc_error.cc — the one place where a C++ exception becomes a passim_status
 * and a message, plus the argument and copy-out helpers every entry point
 * uses.
 */
#include <cstdlib>
#include <new>

#include "xc_internal.hh"

/* Every std::string can hold this without allocating (short-string
 * optimisation), so it still fits when memory has run out. */
static const char out_of_memory[] = "out of memory";

static void keep_out_of_memory(std::string &msg) noexcept
{
    try {
        msg.assign(out_of_memory);
    } catch (...) {
        msg.clear();
    }
}

static passim_status keep(std::string &msg, const Xapian::Error &e,
                          passim_status status)
{
    msg = e.get_description();
    return status;
}

passim_status xc_status_from_exception(std::string &msg) noexcept
{
    try {
        try {
            throw;
        } catch (const Xapian::DatabaseLockError &e) {
            return keep(msg, e, PASSIM_ERROR_LOCKED);
        } catch (const Xapian::DatabaseModifiedError &e) {
            return keep(msg, e, PASSIM_ERROR_MODIFIED);
        } catch (const Xapian::DatabaseVersionError &e) {
            return keep(msg, e, PASSIM_ERROR_CORRUPT);
        } catch (const Xapian::DatabaseOpeningError &e) {
            /* Includes DatabaseNotFoundError, which Xapian 1.4 throws for a
             * missing path or a directory holding no database. */
            return keep(msg, e, PASSIM_ERROR_NOT_FOUND);
        } catch (const Xapian::DatabaseCorruptError &e) {
            return keep(msg, e, PASSIM_ERROR_CORRUPT);
        } catch (const Xapian::DatabaseClosedError &e) {
            /* Using a handle after xc_db_close is the caller's mistake, not
             * a failure of the disk. */
            return keep(msg, e, PASSIM_ERROR_INVALID_ARGUMENT);
        } catch (const Xapian::DatabaseError &e) {
            return keep(msg, e, PASSIM_ERROR_IO);
        } catch (const Xapian::DocNotFoundError &e) {
            return keep(msg, e, PASSIM_ERROR_NOT_FOUND);
        } catch (const Xapian::InvalidArgumentError &e) {
            return keep(msg, e, PASSIM_ERROR_INVALID_ARGUMENT);
        } catch (const Xapian::InvalidOperationError &e) {
            return keep(msg, e, PASSIM_ERROR_INVALID_ARGUMENT);
        } catch (const Xapian::UnimplementedError &e) {
            return keep(msg, e, PASSIM_ERROR_INVALID_ARGUMENT);
        } catch (const Xapian::NetworkError &e) {
            /* Includes NetworkTimeoutError. */
            return keep(msg, e, PASSIM_ERROR_NETWORK);
        } catch (const Xapian::WildcardError &e) {
            return keep(msg, e, PASSIM_ERROR_QUERY_SYNTAX);
        } catch (const Xapian::Error &e) {
            return keep(msg, e, PASSIM_ERROR_INTERNAL);
        } catch (const std::bad_alloc &) {
            keep_out_of_memory(msg);
            return PASSIM_ERROR_NO_MEMORY;
        } catch (const std::exception &e) {
            msg = e.what();
            return PASSIM_ERROR_INTERNAL;
        } catch (...) {
            msg = "unknown C++ exception";
            return PASSIM_ERROR_INTERNAL;
        }
    } catch (...) {
        /* Copying the message itself ran out of memory. */
        keep_out_of_memory(msg);
        return PASSIM_ERROR_NO_MEMORY;
    }
}

void xc_fail_argument(const char *what)
{
    throw Xapian::InvalidArgumentError(what);
}

std::string xc_arg(const char *s, const char *name)
{
    if (s == nullptr)
        xc_fail_argument((std::string(name) + " is NULL").c_str());
    return std::string(s);
}

std::string xc_arg(const char *s, size_t len, const char *name)
{
    if (s == nullptr && len > 0)
        xc_fail_argument((std::string(name) + " is NULL").c_str());
    return len > 0 ? std::string(s, len) : std::string();
}

char *xc_copy_out(const std::string &s)
{
    char *copy = static_cast<char *>(std::malloc(s.size() + 1));
    if (copy == nullptr)
        throw std::bad_alloc();
    std::memcpy(copy, s.data(), s.size());
    copy[s.size()] = '\0';
    return copy;
}
