/*
 * fuzz_reader.h — what the reader targets share: a sink that checks every
 * article a reader emits against article.h and splits it into passages
 * (checked against passage.h), and a fingerprint of what was read, so that
 * two ways of reading the same input can be compared.
 */
#ifndef PASSIM_FUZZ_READER_H
#define PASSIM_FUZZ_READER_H

#include <stddef.h>
#include <stdint.h>

#include "reader.h"

typedef struct fuzz_read {
    reader_format format;
    size_t source_len;       /* block and anchor offsets must stay below it */
    unsigned int line_shift; /* subtracted from lines in the fingerprint */
    uint64_t fingerprint;    /* of the articles, in order */
    size_t articles, problems;
} fuzz_read;

/* A sink whose ctx is r; r is reset for a source of source_len bytes. */
reader_sink fuzz_read_sink(fuzz_read *r, reader_format format,
                           size_t source_len);

/* Checks the status of a reader_parse_* call against what the sink saw. */
void fuzz_read_check_status(const fuzz_read *r, passim_status st);

#endif /* PASSIM_FUZZ_READER_H */
