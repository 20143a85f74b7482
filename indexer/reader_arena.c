/*
 * reader_arena.c — the memory a parser of untrusted input may take (see
 * reader_internal.h). cmark and gumbo cannot fail an allocation, so a
 * refused one leaves the parse by longjmp, and every block the arena handed
 * out is kept on a list to be freed whole afterwards.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader_internal.h"

/* Before each block: the list links and its size, padded so that the block
 * itself keeps malloc's alignment. */
typedef union arena_header {
    struct {
        union arena_header *prev, *next;
        size_t size;
    } h;
    max_align_t align;
} arena_header;

/* The arena of the run in progress on this thread (cmark's allocator has no
 * context of its own). */
static _Thread_local reader_arena *current;

void reader_arena_init(reader_arena *a, size_t limit)
{
    *a = (reader_arena){.limit = limit};
}

reader_arena *reader_arena_current(void)
{
    return current;
}

/* A refused allocation: leaves the run (never returns). Outside a run
 * there is nowhere to go: allocating there is a bug. */
static _Noreturn void refuse(reader_arena *a, bool over)
{
    a->over = over;
    if (!a->escape)
        abort();
    longjmp(*a->escape, 1);
}

static void link_block(reader_arena *a, arena_header *b, size_t size)
{
    b->h.size = size;
    b->h.prev = NULL;
    b->h.next = a->blocks;
    if (a->blocks)
        a->blocks->h.prev = b;
    a->blocks = b;
    a->used += size + sizeof *b;
}

static void unlink_block(reader_arena *a, arena_header *b)
{
    if (b->h.prev)
        b->h.prev->h.next = b->h.next;
    else
        a->blocks = b->h.next;
    if (b->h.next)
        b->h.next->h.prev = b->h.prev;
    a->used -= b->h.size + sizeof *b;
}

static bool fits(const reader_arena *a, size_t size)
{
    return size <= SIZE_MAX / 2 &&
           a->used + size + sizeof(arena_header) <= a->limit;
}

void *reader_arena_alloc(reader_arena *a, size_t size)
{
    if (!fits(a, size))
        refuse(a, true);
    arena_header *b = malloc(sizeof *b + size);
    if (!b)
        refuse(a, false);
    link_block(a, b, size);
    return b + 1;
}

void *reader_arena_calloc(reader_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / 2 / size)
        refuse(a, true);
    void *p = reader_arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}

void *reader_arena_realloc(reader_arena *a, void *p, size_t size)
{
    if (!p)
        return reader_arena_alloc(a, size);
    arena_header *b = (arena_header *)p - 1;
    size_t old = b->h.size;
    if (size > old && !fits(a, size - old))
        refuse(a, true);
    unlink_block(a, b);
    arena_header *grown = realloc(b, sizeof *b + size);
    if (!grown) {
        link_block(a, b, old); /* still the caller's, and still listed */
        refuse(a, false);
    }
    link_block(a, grown, size);
    return grown + 1;
}

void reader_arena_free(reader_arena *a, void *p)
{
    if (!p)
        return;
    arena_header *b = (arena_header *)p - 1;
    unlink_block(a, b);
    free(b);
}

void reader_arena_release(reader_arena *a)
{
    while (a->blocks) {
        arena_header *b = a->blocks;
        a->blocks = b->h.next;
        free(b);
    }
    a->used = 0;
}

bool reader_arena_run(reader_arena *a, void (*fn)(void *ctx), void *ctx)
{
    jmp_buf escape;
    reader_arena *outer = current;
    a->escape = &escape;
    a->over = false;
    current = a;
    if (setjmp(escape)) {
        current = outer;
        a->escape = NULL;
        return false;
    }
    fn(ctx);
    current = outer;
    a->escape = NULL;
    return true;
}
