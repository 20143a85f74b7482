/* item_queue.c — the bounded item queue: a ring under one lock, the
 * consumer waiting on one condition and the producer on the other. */
#include "item_queue.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct item_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty; /* the consumer waits on it */
    pthread_cond_t changed;   /* the producer waits on it: room, or idle */
    item *ring;
    size_t capacity, max_passages;
    size_t head, count;
    size_t passages; /* held by the queued items */
    bool busy;       /* an item popped is not done yet */
    bool closed, stopped;
};

passim_status item_queue_new(item_queue **out, size_t capacity,
                             size_t max_passages)
{
    item_queue *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q || !(q->ring = calloc(capacity, sizeof *q->ring))) {
        free(q);
        return PASSIM_ERROR_NO_MEMORY;
    }
    q->capacity = capacity;
    q->max_passages = max_passages;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->changed, NULL);
    *out = q;
    return PASSIM_OK;
}

void item_queue_free(item_queue *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->count; i++)
        item_clear(&q->ring[(q->head + i) % q->capacity]);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->changed);
    free(q->ring);
    free(q);
}

bool item_queue_push(item_queue *q, item *it)
{
    bool ok;
    pthread_mutex_lock(&q->lock);
    while ((q->count == q->capacity ||
            (q->count > 0 && q->passages >= q->max_passages)) &&
           !q->stopped)
        pthread_cond_wait(&q->changed, &q->lock);
    ok = !q->stopped;
    if (ok) {
        q->ring[(q->head + q->count) % q->capacity] = *it;
        q->count++;
        q->passages += it->npassages;
        pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->lock);
    if (ok)
        memset(it, 0, sizeof *it);
    else
        item_clear(it);
    return ok;
}

void item_queue_close(item_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = true;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

void item_queue_wait_idle(item_queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->count > 0 || q->busy)
        pthread_cond_wait(&q->changed, &q->lock);
    pthread_mutex_unlock(&q->lock);
}

bool item_queue_pop(item_queue *q, item *out)
{
    bool ok;
    pthread_mutex_lock(&q->lock);
    while (q->count == 0 && !q->closed)
        pthread_cond_wait(&q->not_empty, &q->lock);
    ok = q->count > 0;
    if (ok) {
        *out = q->ring[q->head];
        q->head = (q->head + 1) % q->capacity;
        q->count--;
        q->passages -= out->npassages;
        q->busy = true;
        pthread_cond_signal(&q->changed);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

void item_queue_done(item_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->busy = false;
    pthread_cond_signal(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

void item_queue_stop(item_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->stopped = true;
    pthread_cond_signal(&q->changed);
    pthread_mutex_unlock(&q->lock);
}
