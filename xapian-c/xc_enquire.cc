/*
 * xc_enquire.cc — running queries: enquire settings (weighting, collapsing,
 * sorting, value spies), match sets and their hits, expand sets.
 */
#include "xc_internal.hh"

passim_status xc_enquire_new(xc_enquire **out, xc_db *db, char **errmsg)
{
    return xc_construct(out, errmsg, [&] {
        if (db == nullptr)
            xc_fail_argument("db is NULL");
        return std::unique_ptr<xc_enquire>(new xc_enquire(*db->db));
    });
}

void xc_enquire_free(xc_enquire *e)
{
    delete e;
}

const char *xc_enquire_error(const xc_enquire *e)
{
    return e == nullptr ? "" : e->error.c_str();
}

passim_status xc_enquire_set_query(xc_enquire *e, const xc_query *q)
{
    return xc_guard(e, [&] {
        if (q == nullptr)
            xc_fail_argument("q is NULL");
        e->enquire.set_query(q->q);
    });
}

passim_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2,
                                  double k3, double b, double min_normlen)
{
    return xc_guard(e, [&] {
        e->enquire.set_weighting_scheme(
            Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
}

passim_status xc_enquire_set_boolean(xc_enquire *e)
{
    return xc_guard(
        e, [&] { e->enquire.set_weighting_scheme(Xapian::BoolWeight()); });
}

passim_status xc_enquire_set_sort(xc_enquire *e, xc_sort how, xc_slot slot,
                                  bool reverse)
{
    return xc_guard(e, [&] {
        Xapian::Enquire &enq = e->enquire;
        switch (xc_enum_value(how)) {
        case XC_SORT_RELEVANCE:
            enq.set_sort_by_relevance();
            return;
        case XC_SORT_VALUE:
            enq.set_sort_by_value(slot, reverse);
            return;
        case XC_SORT_VALUE_THEN_RELEVANCE:
            enq.set_sort_by_value_then_relevance(slot, reverse);
            return;
        case XC_SORT_RELEVANCE_THEN_VALUE:
            enq.set_sort_by_relevance_then_value(slot, reverse);
            return;
        }
        xc_fail_argument("unknown sort order");
    });
}

passim_status xc_enquire_add_value_spy(xc_enquire *e, xc_spy **out,
                                       xc_slot slot)
{
    if (out != nullptr)
        *out = nullptr;
    return xc_guard(e, [&] {
        xc_spy *&dst = xc_out(out);
        std::unique_ptr<xc_spy> spy(new xc_spy(slot));
        e->spies.push_back(std::move(spy));
        dst = e->spies.back().get();
    });
}

/* Gives every spy a fresh counter, registered with the enquire. */
static void restart_spies(xc_enquire *e)
{
    e->enquire.clear_matchspies();
    for (auto &s : e->spies) {
        s->top.clear();
        s->spy.reset(new Xapian::ValueCountMatchSpy(s->slot));
        e->enquire.add_matchspy(s->spy.get());
    }
}

static void snapshot(xc_spy &s)
{
    /* There are at most as many distinct values as documents tallied. */
    size_t most = s.spy->get_total();
    for (auto t = s.spy->top_values_begin(most);
         t != s.spy->top_values_end(most); ++t) {
        const std::string *value = &*s.seen.insert(*t).first;
        s.top.emplace_back(value, t.get_termfreq());
    }
}

passim_status xc_enquire_get_mset(xc_enquire *e, xc_mset **out,
                                  unsigned int first, unsigned int maxitems,
                                  unsigned int check_at_least)
{
    return xc_construct_on(e, out, [&] {
        restart_spies(e);
        std::unique_ptr<xc_mset> m(new xc_mset);
        {
            xc_matcher_section matcher;
            m->mset = e->enquire.get_mset(first, maxitems, check_at_least);
        }
        m->query = e->enquire.get_query();
        for (auto &s : e->spies)
            snapshot(*s);
        return m;
    });
}

passim_status xc_enquire_get_eset(xc_enquire *e, xc_terms **out,
                                  const xc_docid *docids, size_t ndocids,
                                  unsigned int maxitems,
                                  const char *prefix_filter)
{
    return xc_construct_on(e, out, [&] {
        if (docids == nullptr && ndocids > 0)
            xc_fail_argument("docids is NULL");
        Xapian::RSet rset;
        for (size_t i = 0; i < ndocids; i++)
            rset.add_document(docids[i]);
        std::unique_ptr<Xapian::ExpandDecider> decider;
        if (prefix_filter != nullptr)
            decider.reset(new Xapian::ExpandDeciderFilterPrefix(prefix_filter));
        Xapian::ESet eset = e->enquire.get_eset(maxitems, rset, decider.get());
        std::vector<std::string> terms;
        terms.reserve(eset.size());
        for (auto t = eset.begin(); t != eset.end(); ++t)
            terms.push_back(*t);
        return xc_terms_from_list(std::move(terms));
    });
}

const char *xc_spy_error(const xc_spy *spy)
{
    return spy == nullptr ? "" : spy->error.c_str();
}

passim_status xc_spy_count(xc_spy *spy, size_t *out)
{
    return xc_guard(spy, [&] { xc_out(out) = spy->top.size(); });
}

passim_status xc_spy_get(xc_spy *spy, size_t index, const char **value,
                         size_t *len, unsigned int *frequency)
{
    return xc_guard(spy, [&] {
        if (index >= spy->top.size())
            xc_fail_argument("spy value index out of range");
        const auto &entry = spy->top[index];
        if (value != nullptr)
            *value = entry.first->data();
        if (len != nullptr)
            *len = entry.first->size();
        if (frequency != nullptr)
            *frequency = entry.second;
    });
}

void xc_mset_free(xc_mset *m)
{
    delete m;
}

const char *xc_mset_error(const xc_mset *m)
{
    return m == nullptr ? "" : m->error.c_str();
}

size_t xc_mset_size(const xc_mset *m)
{
    size_t size = 0;
    std::string unreported; /* a const handle keeps no message */
    if (m != nullptr)
        xc_run(unreported, [&] { size = m->mset.size(); });
    return size;
}

passim_status xc_mset_matches(xc_mset *m, unsigned int *lower,
                              unsigned int *estimated, unsigned int *upper)
{
    return xc_guard(m, [&] {
        if (lower != nullptr)
            *lower = m->mset.get_matches_lower_bound();
        if (estimated != nullptr)
            *estimated = m->mset.get_matches_estimated();
        if (upper != nullptr)
            *upper = m->mset.get_matches_upper_bound();
    });
}

/* The i-th hit; Xapian itself does not check i. */
static Xapian::MSetIterator hit(const xc_mset *m, size_t i)
{
    if (i >= m->mset.size())
        xc_fail_argument("hit index out of range");
    return m->mset[static_cast<Xapian::doccount>(i)];
}

passim_status xc_mset_hit(xc_mset *m, size_t i, xc_docid *docid, double *weight,
                          unsigned int *rank)
{
    return xc_guard(m, [&] {
        Xapian::MSetIterator h = hit(m, i);
        if (docid != nullptr)
            *docid = *h;
        if (weight != nullptr)
            *weight = h.get_weight();
        if (rank != nullptr)
            *rank = h.get_rank();
    });
}

passim_status xc_mset_document(xc_mset *m, size_t i, xc_doc **out)
{
    return xc_construct_on(m, out, [&] {
        std::unique_ptr<xc_doc> doc(new xc_doc);
        doc->doc = hit(m, i).get_document();
        return doc;
    });
}

/* As Xapian's Enquire::get_matching_terms, but against the query that made
 * the mset: the query's distinct terms in query order, kept where the
 * document has them. */
passim_status xc_mset_matching_terms(xc_mset *m, size_t i, xc_terms **out)
{
    return xc_construct_on(m, out, [&] {
        Xapian::Document doc = hit(m, i).get_document();
        std::vector<std::string> in_order;
        std::set<std::string> wanted;
        for (auto t = m->query.get_terms_begin(); t != m->query.get_terms_end();
             ++t)
            if (wanted.insert(*t).second)
                in_order.push_back(*t);
        /* Walk the document's term list once, in byte order. */
        std::set<std::string> present;
        Xapian::TermIterator dt = doc.termlist_begin();
        for (const std::string &term : wanted) {
            dt.skip_to(term);
            if (dt == doc.termlist_end())
                break;
            if (*dt == term)
                present.insert(term);
        }
        std::vector<std::string> matching;
        for (std::string &term : in_order)
            if (present.count(term) > 0)
                matching.push_back(std::move(term));
        return xc_terms_from_list(std::move(matching));
    });
}

passim_status xc_mset_termfreq(xc_mset *m, const char *term, size_t len,
                               unsigned int *out)
{
    return xc_guard(
        m, [&] { xc_out(out) = m->mset.get_termfreq(std::string(term, len)); });
}

passim_status xc_mset_max_weight(xc_mset *m, double *possible, double *attained)
{
    return xc_guard(m, [&] {
        if (possible != nullptr)
            *possible = m->mset.get_max_possible();
        if (attained != nullptr)
            *attained = m->mset.get_max_attained();
    });
}
