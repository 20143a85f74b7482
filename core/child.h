/*
 * child.h — work that may crash or hang (Xapian's check of a damaged
 * database) run in a forked child process, so that it cannot take the
 * caller with it: what the child says comes back through a pipe, within a
 * time limit past which it is killed.
 *
 * The child's end is the one place in the library where a process ends,
 * and never the application's: a child of fork() that is done must end at
 * once (_Exit), not exit (which would run the parent's atexit handlers and
 * flush its stdio buffers a second time) nor return into the parent's
 * code.
 */
#ifndef PASSIM_CHILD_H
#define PASSIM_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"

/* How a child ended. */
typedef struct child_end {
    bool timed_out; /* it was killed at the deadline */
    int signal;     /* the signal that ended it, 0: it exited */
} child_end;

/* Runs fn(ctx, out) in a child process, `out` the write end of a pipe, and
 * ends the child when fn returns. What fn writes there, at most cap - 1
 * bytes, lands NUL-terminated in said[], read until the child closes the
 * pipe or timeout_ms pass (the child is then killed); *end says how the
 * child ended. PASSIM_ERROR_IO when no child could be started, *why (NULL
 * when out of memory; the caller frees it) saying why. */
passim_status child_run(void (*fn)(void *ctx, int out), void *ctx,
                        int timeout_ms, char *said, size_t cap, child_end *end,
                        char **why);

#endif /* PASSIM_CHILD_H */
