/*
 * xc_iter.cc — term lists (all terms, synonyms, a document's terms, and the
 * lists enquire and mset compute) and posting lists.
 */
#include "xc_internal.hh"

static std::unique_ptr<xc_terms> terms_over(Xapian::TermIterator begin,
                                            Xapian::TermIterator end,
                                            unsigned int stats)
{
    std::unique_ptr<xc_terms> t(new xc_terms);
    t->it = begin;
    t->end = end;
    t->stats = stats;
    return t;
}

const std::string *xc_terms::advance()
{
    if (from_list) {
        if (started && index < list.size())
            ++index;
        started = true;
        return index < list.size() ? &list[index] : nullptr;
    }
    if (started && it != end)
        ++it;
    started = true;
    if (it == end)
        return nullptr;
    term = *it;
    return &term;
}

passim_status xc_db_allterms(xc_db *db, xc_terms **out, const char *prefix)
{
    return xc_construct_on(db, out, [&] {
        std::string p = xc_arg(prefix, "prefix");
        return terms_over(db->db->allterms_begin(p), db->db->allterms_end(p),
                          XC_STAT_TERMFREQ);
    });
}

passim_status xc_db_synonyms(xc_db *db, xc_terms **out, const char *term)
{
    return xc_construct_on(db, out, [&] {
        std::string t = xc_arg(term, "term");
        return terms_over(db->db->synonyms_begin(t), db->db->synonyms_end(t),
                          0);
    });
}

passim_status xc_doc_terms(xc_doc *doc, xc_terms **out)
{
    return xc_construct_on(doc, out, [&] {
        unsigned int stats = XC_STAT_WDF;
        if (doc->doc.get_docid() != 0 && !doc->terms_edited)
            stats |= XC_STAT_TERMFREQ;
        return terms_over(doc->doc.termlist_begin(), doc->doc.termlist_end(),
                          stats);
    });
}

passim_status xc_doc_scan_positions(xc_doc *doc, xc_term_wanted_fn wanted,
                                    xc_term_positions_fn take, void *ctx)
{
    return xc_guard(doc, [&] {
        std::vector<xc_termpos> positions;
        Xapian::TermIterator it = doc->doc.termlist_begin();
        Xapian::TermIterator end = doc->doc.termlist_end();
        while (it != end) {
            const std::string term = *it;
            if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
                /* Past every term of this capital at once. */
                it.skip_to(std::string(1, static_cast<char>(term[0] + 1)));
                continue;
            }
            bool want;
            {
                xc_callback_section callback;
                want = wanted(term.data(), term.size(), ctx);
            }
            if (want) {
                positions.assign(it.positionlist_begin(),
                                 it.positionlist_end());
                xc_callback_section callback;
                if (take(positions.data(), positions.size(), ctx))
                    return;
            }
            ++it;
        }
    });
}

std::unique_ptr<xc_terms> xc_terms_from_list(std::vector<std::string> &&list)
{
    std::unique_ptr<xc_terms> t(new xc_terms);
    t->list = std::move(list);
    t->from_list = true;
    return t;
}

passim_status xc_terms_next(xc_terms *it, bool *has, const char **term,
                            size_t *len, unsigned int *wdf,
                            unsigned int *termfreq)
{
    return xc_guard(it, [&] {
        bool &has_out = xc_out(has);
        const std::string *current = it->advance();
        has_out = current != nullptr;
        if (current == nullptr)
            return;
        if (term != nullptr)
            *term = current->data();
        if (len != nullptr)
            *len = current->size();
        if (wdf != nullptr)
            *wdf = (it->stats & XC_STAT_WDF) ? it->it.get_wdf() : 0;
        if (termfreq != nullptr)
            *termfreq =
                (it->stats & XC_STAT_TERMFREQ) ? it->it.get_termfreq() : 0;
    });
}

const char *xc_terms_error(const xc_terms *it)
{
    return it == nullptr ? "" : it->error.c_str();
}

void xc_terms_free(xc_terms *it)
{
    delete it;
}

passim_status xc_db_postings(xc_db *db, xc_postings **out, const char *term)
{
    return xc_construct_on(db, out, [&] {
        std::string t = xc_arg(term, "term");
        std::unique_ptr<xc_postings> p(new xc_postings);
        p->it = db->db->postlist_begin(t);
        p->end = db->db->postlist_end(t);
        return p;
    });
}

/* Where the iterator stands: whether on a posting, and its docid and wdf
 * (each NULL when not wanted). */
static void at_posting(const xc_postings *it, bool &has, xc_docid *docid,
                       unsigned int *wdf)
{
    has = it->it != it->end;
    if (!has)
        return;
    if (docid != nullptr)
        *docid = *it->it;
    if (wdf != nullptr)
        *wdf = it->it.get_wdf();
}

passim_status xc_postings_next(xc_postings *it, bool *has, xc_docid *docid,
                               unsigned int *wdf)
{
    return xc_guard(it, [&] {
        bool &has_out = xc_out(has);
        if (it->started && it->it != it->end)
            ++it->it;
        it->started = true;
        at_posting(it, has_out, docid, wdf);
    });
}

passim_status xc_postings_skip_to(xc_postings *it, xc_docid target, bool *has,
                                  xc_docid *docid, unsigned int *wdf)
{
    return xc_guard(it, [&] {
        bool &has_out = xc_out(has);
        if (!it->started || (it->it != it->end && *it->it < target))
            it->it.skip_to(target);
        it->started = true;
        at_posting(it, has_out, docid, wdf);
    });
}

const char *xc_postings_error(const xc_postings *it)
{
    return it == nullptr ? "" : it->error.c_str();
}

void xc_postings_free(xc_postings *it)
{
    delete it;
}
