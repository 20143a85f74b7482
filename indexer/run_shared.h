/*
 * run_shared.h — what the indexer's threads share besides the item queues:
 * the error text (any writing thread may fail, several at once), the stop
 * flag the writing side raises when it failed, and the count of its commits
 * by which the reading side knows to reopen its snapshots. indexer.c owns
 * it; the reading side and the writing side hold a pointer to it, and
 * neither is above the other.
 */
#ifndef PASSIM_RUN_SHARED_H
#define PASSIM_RUN_SHARED_H

#include <pthread.h>
#include <stdatomic.h>

typedef struct run_shared {
    pthread_mutex_t error_lock;
    char *error;         /* under error_lock; the latest failure's text */
    atomic_bool stop;    /* the writing side failed: reading ends early */
    atomic_uint commits; /* commits the writing side made so far */
} run_shared;

void run_shared_init(run_shared *rs);
void run_shared_destroy(run_shared *rs);
/* Takes `msg` (malloc'd; NULL when it could not be made) as the error. */
void run_shared_set_error(run_shared *rs, char *msg);
/* The error text, "" when none; read when the writing threads are done. */
const char *run_shared_error(const run_shared *rs);

#endif /* PASSIM_RUN_SHARED_H */
