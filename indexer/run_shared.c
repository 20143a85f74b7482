/* run_shared.c — the error text the indexer's threads share, under its
 * lock. */
#include "run_shared.h"

#include <stdbool.h>
#include <stdlib.h>

void run_shared_init(run_shared *rs)
{
    pthread_mutex_init(&rs->error_lock, NULL);
    rs->error = NULL;
    atomic_init(&rs->stop, false);
    atomic_init(&rs->commits, 0);
}

void run_shared_destroy(run_shared *rs)
{
    pthread_mutex_destroy(&rs->error_lock);
    free(rs->error);
    rs->error = NULL;
}

void run_shared_set_error(run_shared *rs, char *msg)
{
    pthread_mutex_lock(&rs->error_lock);
    free(rs->error);
    rs->error = msg;
    pthread_mutex_unlock(&rs->error_lock);
}

const char *run_shared_error(const run_shared *rs)
{
    return rs->error ? rs->error : "";
}
