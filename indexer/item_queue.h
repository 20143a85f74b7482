/*
 * item_queue.h — a bounded queue of items between one producing thread and
 * one consuming thread: the reading side and the writer, or the writer's
 * dispatcher and one parallel shard writer. Bounded twice: a number of
 * items, and the passages they hold (item.h), so a run of long articles
 * does not queue more than a few thousand passages.
 */
#ifndef PASSIM_ITEM_QUEUE_H
#define PASSIM_ITEM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "item.h"
#include "passim.h"

typedef struct item_queue item_queue;

/* A queue of at most `capacity` items (> 0), taking more only while fewer
 * than `max_passages` passages are queued (one item is always taken). */
passim_status item_queue_new(item_queue **out, size_t capacity,
                             size_t max_passages);
/* Clears the items left in it. */
void item_queue_free(item_queue *q);

/* Producer: queues *it, taking its contents (*it is left empty); waits for
 * room. False when the consumer stopped the queue: the item is cleared. */
bool item_queue_push(item_queue *q, item *it);
/* Producer: no more items will come. */
void item_queue_close(item_queue *q);
/* Producer: waits until the consumer has handled every item pushed
 * (popped each and said item_queue_done). */
void item_queue_wait_idle(item_queue *q);

/* Consumer: the next item into *out, waiting for one; false once the queue
 * is closed and empty. */
bool item_queue_pop(item_queue *q, item *out);
/* Consumer: the item popped last is handled. */
void item_queue_done(item_queue *q);
/* Consumer: refuses every further push (a producer waiting for room is
 * woken and told); the consumer may go on popping what is queued. */
void item_queue_stop(item_queue *q);

#endif /* PASSIM_ITEM_QUEUE_H */
