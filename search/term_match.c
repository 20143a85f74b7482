/* term_match.c — matching stored words against a query's terms (see
 * term_match.h). */
#include "term_match.h"

#include <stdlib.h>
#include <string.h>

static size_t find_term(const term_matcher *m, const char *s, size_t len,
                        size_t below)
{
    for (size_t i = 0; i < below; i++)
        if (m->lens[i] == len && memcmp(s, m->q->terms[i], len) == 0)
            return i;
    return TERM_NO_MATCH;
}

static bool may_stem_to_term(const term_matcher *m, unsigned char first)
{
    return m->stem_all || (m->first[first / 8] & (1u << (first % 8)));
}

passim_status term_matcher_init(term_matcher *m, const term_set *q,
                                analyzer *an)
{
    memset(m, 0, sizeof *m);
    if (!an)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    m->q = q;
    m->an = an;
    m->lens = malloc((q->nterms + q->nprefixes + 1) * sizeof *m->lens);
    if (!m->lens)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < q->nterms; i++) {
        unsigned char first = (unsigned char)q->terms[i][0];
        m->lens[i] = strlen(q->terms[i]);
        m->first[first / 8] |= (unsigned char)(1u << (first % 8));
    }
    for (size_t i = 0; i < q->nprefixes; i++)
        m->lens[q->nterms + i] = strlen(q->prefixes[i]);
    m->stems = strcmp(analyzer_language(an), "none") != 0;
    m->stem_all = !analyzer_stem_keeps_first_byte(an);
    return PASSIM_OK;
}

void term_matcher_clear(term_matcher *m)
{
    if (!m)
        return;
    free(m->lens);
    memset(m, 0, sizeof *m);
}

size_t term_matcher_find(term_matcher *m, const char *term, size_t len,
                         bool number)
{
    const term_set *q = m->q;
    size_t which = find_term(m, term, len, q->nterms);
    if (which != 0 && m->stems && !number && len > 0 &&
        may_stem_to_term(m, (unsigned char)term[0])) {
        size_t stem_len, by_stem;
        const char *stem = analyzer_stem(m->an, term, len, &stem_len);
        if (!stem) {
            m->failed = true;
            return TERM_NO_MATCH;
        }
        by_stem = find_term(m, stem, stem_len,
                            which == TERM_NO_MATCH ? q->nterms : which);
        if (by_stem != TERM_NO_MATCH)
            which = by_stem;
    }
    if (which != TERM_NO_MATCH)
        return which;
    for (size_t i = 0; i < q->nprefixes; i++) {
        size_t n = m->lens[q->nterms + i];
        if (n <= len && memcmp(term, q->prefixes[i], n) == 0)
            return q->nterms + i;
    }
    return TERM_NO_MATCH;
}
