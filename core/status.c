/* status.c — names for passim_status values and the library version. */
#include "passim.h"

const char *passim_status_string(passim_status status)
{
    switch (status) {
    case PASSIM_OK:
        return "ok";
    case PASSIM_ERROR_INVALID_ARGUMENT:
        return "invalid argument";
    case PASSIM_ERROR_QUERY_SYNTAX:
        return "query syntax error";
    case PASSIM_ERROR_NOT_FOUND:
        return "not found";
    case PASSIM_ERROR_LOCKED:
        return "database locked";
    case PASSIM_ERROR_MODIFIED:
        return "database modified";
    case PASSIM_ERROR_CORRUPT:
        return "database corrupt";
    case PASSIM_ERROR_VERSION_MISMATCH:
        return "database version mismatch";
    case PASSIM_ERROR_IO:
        return "input/output error";
    case PASSIM_ERROR_NETWORK:
        return "network error";
    case PASSIM_ERROR_INPUT:
        return "bad input";
    case PASSIM_ERROR_NO_MEMORY:
        return "out of memory";
    case PASSIM_ERROR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

const char *passim_version(void)
{
    return PASSIM_VERSION_STRING;
}
