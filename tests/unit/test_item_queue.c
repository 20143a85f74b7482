/*
 * test_item_queue.c — the bounded item queue between the indexer's threads
 * (indexer/item_queue.c), with real threads: order, the bounds in items and
 * in passages (a producer past them waits until the consumer takes one),
 * close (a waiting consumer is woken and told the end), stop (a waiting
 * producer is woken and its item cleared), waiting until the consumer has
 * handled everything, and items left at the end.
 */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "item_queue.h"

static item make_item(const char *id, size_t npassages)
{
    item it = {.kind = ITEM_WRITE, .npassages = npassages};
    it.id = strdup(id);
    ck_assert_ptr_nonnull(it.id);
    return it;
}

static void pause_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static size_t value(atomic_size_t *counter)
{
    return atomic_load(counter);
}

/* Waits up to 10 s for *counter to reach `want`. */
static void wait_for(atomic_size_t *counter, size_t want)
{
    for (int i = 0; i < 1000 && value(counter) < want; i++)
        pause_ms(10);
    ck_assert_uint_eq(value(counter), want);
}

/* Waits for *counter to reach `want`, then sees it stay there a while: the
 * thread counting is held. */
static void held_at(atomic_size_t *counter, size_t want)
{
    wait_for(counter, want);
    pause_ms(100);
    ck_assert_uint_eq(value(counter), want);
}

typedef struct producer {
    item_queue *q;
    size_t n, npassages;
    atomic_size_t pushed;  /* pushes that returned */
    atomic_size_t refused; /* of them, those that returned false */
    bool cleared;          /* every refused item was left empty */
} producer;

static void *produce(void *arg)
{
    producer *p = arg;
    p->cleared = true;
    for (size_t i = 0; i < p->n; i++) {
        char id[32];
        item it;
        snprintf(id, sizeof id, "a%zu", i);
        it = make_item(id, p->npassages);
        if (!item_queue_push(p->q, &it)) {
            p->cleared = p->cleared && !it.id;
            atomic_fetch_add(&p->refused, 1);
        }
        atomic_fetch_add(&p->pushed, 1);
    }
    return NULL;
}

/* A queue of `capacity` items and `max_passages` passages, and p's thread
 * pushing into it. */
static void start_producer(producer *p, pthread_t *t, size_t capacity,
                           size_t max_passages)
{
    ck_assert_int_eq(item_queue_new(&p->q, capacity, max_passages), PASSIM_OK);
    ck_assert_int_eq(pthread_create(t, NULL, produce, p), 0);
}

static void pop_expect(item_queue *q, const char *id)
{
    item it;
    ck_assert(item_queue_pop(q, &it));
    ck_assert_str_eq(it.id, id);
    item_clear(&it);
    item_queue_done(q);
}

START_TEST(first_in_first_out_until_closed)
{
    item_queue *q = NULL;
    item it;
    ck_assert_int_eq(item_queue_new(&q, 4, 100), PASSIM_OK);
    for (int i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "a%d", i);
        it = make_item(id, 1);
        ck_assert(item_queue_push(q, &it));
        ck_assert_ptr_null(it.id); /* taken */
    }
    item_queue_close(q);
    pop_expect(q, "a0");
    pop_expect(q, "a1");
    pop_expect(q, "a2");
    ck_assert(!item_queue_pop(q, &it));
    item_queue_free(q);
}
END_TEST

START_TEST(producer_waits_past_capacity)
{
    producer p = {.n = 5, .npassages = 1};
    pthread_t t;
    start_producer(&p, &t, 2, 100);
    held_at(&p.pushed, 2); /* the third waits */
    pop_expect(p.q, "a0");
    held_at(&p.pushed, 3);
    pop_expect(p.q, "a1");
    pop_expect(p.q, "a2");
    pop_expect(p.q, "a3");
    pop_expect(p.q, "a4");
    pthread_join(t, NULL);
    ck_assert_uint_eq(value(&p.refused), 0);
    item_queue_free(p.q);
}
END_TEST

START_TEST(producer_waits_past_passages)
{
    /* 60 + 60 passages are queued (under 100 when the second comes), the
     * third waits until the queue holds fewer than 100. */
    producer p = {.n = 3, .npassages = 60};
    pthread_t t;
    item big;
    start_producer(&p, &t, 10, 100);
    held_at(&p.pushed, 2);
    pop_expect(p.q, "a0");
    pthread_join(t, NULL);
    pop_expect(p.q, "a1");
    pop_expect(p.q, "a2");
    /* An empty queue takes one item whatever its passages. */
    big = make_item("big", 1000);
    ck_assert(item_queue_push(p.q, &big));
    pop_expect(p.q, "big");
    item_queue_free(p.q);
}
END_TEST

START_TEST(stop_wakes_the_producer_and_refuses)
{
    producer p = {.n = 3, .npassages = 1};
    pthread_t t;
    item it;
    start_producer(&p, &t, 1, 100);
    held_at(&p.pushed, 1);
    item_queue_stop(p.q);
    pthread_join(t, NULL);
    ck_assert_uint_eq(value(&p.refused), 2);
    ck_assert(p.cleared);
    /* What was queued before the stop is still there to drain. */
    pop_expect(p.q, "a0");
    it = make_item("late", 1);
    ck_assert(!item_queue_push(p.q, &it));
    ck_assert_ptr_null(it.id);
    item_queue_free(p.q);
}
END_TEST

typedef struct consumer {
    item_queue *q;
    atomic_size_t handled;
} consumer;

static void *consume_slowly(void *arg)
{
    consumer *c = arg;
    item it;
    while (item_queue_pop(c->q, &it)) {
        pause_ms(20);
        item_clear(&it);
        atomic_fetch_add(&c->handled, 1);
        item_queue_done(c->q);
    }
    return NULL;
}

typedef struct waiter {
    item_queue *q;
    atomic_size_t returned; /* pops that returned */
    bool got;               /* what the pop said */
} waiter;

static void *pop_once(void *arg)
{
    waiter *w = arg;
    item it;
    w->got = item_queue_pop(w->q, &it);
    if (w->got)
        item_clear(&it);
    atomic_fetch_add(&w->returned, 1);
    return NULL;
}

START_TEST(close_wakes_a_waiting_consumer)
{
    waiter w = {.got = true};
    pthread_t t;
    atomic_init(&w.returned, 0);
    ck_assert_int_eq(item_queue_new(&w.q, 2, 100), PASSIM_OK);
    ck_assert_int_eq(pthread_create(&t, NULL, pop_once, &w), 0);
    held_at(&w.returned, 0); /* waits on the empty queue */
    item_queue_close(w.q);
    wait_for(&w.returned, 1);
    pthread_join(t, NULL);
    ck_assert(!w.got);
    item_queue_free(w.q);
}
END_TEST

START_TEST(wait_idle_waits_for_the_last_item_handled)
{
    consumer c;
    pthread_t t;
    atomic_init(&c.handled, 0);
    ck_assert_int_eq(item_queue_new(&c.q, 8, 100), PASSIM_OK);
    ck_assert_int_eq(pthread_create(&t, NULL, consume_slowly, &c), 0);
    for (int round = 1; round <= 2; round++) {
        for (int i = 0; i < 5; i++) {
            item it = make_item("x", 1);
            ck_assert(item_queue_push(c.q, &it));
        }
        item_queue_wait_idle(c.q);
        /* Popped is not enough: the fifth was handled too. */
        ck_assert_uint_eq(value(&c.handled), 5 * (size_t)round);
    }
    item_queue_close(c.q);
    pthread_join(t, NULL);
    item_queue_free(c.q);
}
END_TEST

START_TEST(free_clears_what_is_left)
{
    /* Leak checkers (ASan, valgrind) see the ids and documents freed. */
    item_queue *q = NULL;
    ck_assert_int_eq(item_queue_new(&q, 3, 100), PASSIM_OK);
    for (int i = 0; i < 3; i++) {
        item it = make_item("left", 1);
        it.ids = calloc(1, sizeof *it.ids);
        ck_assert_ptr_nonnull(it.ids);
        it.ids[0] = strdup("member");
        it.nids = 1;
        ck_assert(item_queue_push(q, &it));
    }
    pop_expect(q, "left");
    item_queue_free(q);
    item_queue_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("item_queue");
    TCase *t = tcase_create("item_queue");
    SRunner *r;
    int failed;
    tcase_set_timeout(t, 60);
    tcase_add_test(t, first_in_first_out_until_closed);
    tcase_add_test(t, producer_waits_past_capacity);
    tcase_add_test(t, producer_waits_past_passages);
    tcase_add_test(t, stop_wakes_the_producer_and_refuses);
    tcase_add_test(t, close_wakes_a_waiting_consumer);
    tcase_add_test(t, wait_idle_waits_for_the_last_item_handled);
    tcase_add_test(t, free_clears_what_is_left);
    suite_add_tcase(s, t);
    r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
