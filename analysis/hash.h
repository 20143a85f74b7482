/*
 * hash.h — the string hash of the analyzer's lookup tables (stopwords, stem
 * cache): FNV-1a, because the keys are words of a few bytes, where anything
 * fancier costs more than it spreads.
 */
#ifndef PASSIM_HASH_H
#define PASSIM_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t word_hash(const char *word, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)word[i];
        h *= 16777619u;
    }
    return h;
}

#endif /* PASSIM_HASH_H */
