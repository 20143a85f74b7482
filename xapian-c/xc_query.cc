/*
 * xc_query.cc — query values: terms, everything/nothing, operators, weight
 * scaling, value ranges and wildcards.
 */
#include "xc_internal.hh"

static std::unique_ptr<xc_query> wrap(Xapian::Query &&q)
{
    std::unique_ptr<xc_query> h(new xc_query);
    h->q = std::move(q);
    return h;
}

passim_status xc_query_term(xc_query **out, const char *term, size_t len,
                            unsigned int wqf, xc_termpos pos)
{
    return xc_construct(out, nullptr, [&] {
        std::string t = xc_arg(term, len, "term");
        /* Xapian reads an empty term as "match everything". */
        if (t.empty())
            xc_fail_argument("empty term");
        return wrap(Xapian::Query(t, wqf, pos));
    });
}

passim_status xc_query_all(xc_query **out)
{
    return xc_construct(out, nullptr, [] {
        return wrap(Xapian::Query(Xapian::Query::MatchAll));
    });
}

passim_status xc_query_none(xc_query **out)
{
    return xc_construct(out, nullptr, [] { return wrap(Xapian::Query()); });
}

static Xapian::Query::op xapian_op(int op)
{
    switch (op) {
    case XC_OP_AND:
        return Xapian::Query::OP_AND;
    case XC_OP_OR:
        return Xapian::Query::OP_OR;
    case XC_OP_AND_NOT:
        return Xapian::Query::OP_AND_NOT;
    case XC_OP_FILTER:
        return Xapian::Query::OP_FILTER;
    case XC_OP_AND_MAYBE:
        return Xapian::Query::OP_AND_MAYBE;
    case XC_OP_PHRASE:
        return Xapian::Query::OP_PHRASE;
    case XC_OP_NEAR:
        return Xapian::Query::OP_NEAR;
    case XC_OP_SYNONYM:
        return Xapian::Query::OP_SYNONYM;
    case XC_OP_ELITE_SET:
        return Xapian::Query::OP_ELITE_SET;
    case XC_OP_MAX:
        return Xapian::Query::OP_MAX;
    }
    xc_fail_argument("unknown query operator");
}

passim_status xc_query_combine(xc_query **out, xc_query_op op,
                               xc_query *const *subs, size_t count,
                               unsigned int window)
{
    return xc_construct(out, nullptr, [&] {
        Xapian::Query::op xop = xapian_op(xc_enum_value(op));
        if (subs == nullptr && count > 0)
            xc_fail_argument("subs is NULL");
        std::vector<Xapian::Query> qs;
        qs.reserve(count);
        for (size_t i = 0; i < count; i++) {
            if (subs[i] == nullptr)
                xc_fail_argument("a subquery is NULL");
            qs.push_back(subs[i]->q);
        }
        return wrap(Xapian::Query(xop, qs.begin(), qs.end(), window));
    });
}

passim_status xc_query_scale(xc_query **out, const xc_query *sub, double factor)
{
    return xc_construct(out, nullptr, [&] {
        if (sub == nullptr)
            xc_fail_argument("sub is NULL");
        return wrap(
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor));
    });
}

passim_status xc_query_value_range(xc_query **out, xc_slot slot, const char *lo,
                                   const char *hi)
{
    return xc_construct(out, nullptr, [&] {
        if (lo != nullptr && hi != nullptr)
            return wrap(
                Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
        if (hi != nullptr)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                  lo != nullptr ? lo : ""));
    });
}

passim_status xc_query_wildcard(xc_query **out, const char *prefix,
                                unsigned int max_expansion,
                                bool keep_most_frequent)
{
    return xc_construct(out, nullptr, [&] {
        int limit = keep_most_frequent
                        ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                        : Xapian::Query::WILDCARD_LIMIT_ERROR;
        return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD,
                                  xc_arg(prefix, "prefix"), max_expansion,
                                  limit, Xapian::Query::OP_SYNONYM));
    });
}

bool xc_query_empty(const xc_query *q)
{
    return q == nullptr || q->q.empty();
}

passim_status xc_query_describe(const xc_query *q, char **out)
{
    if (out != nullptr)
        *out = nullptr;
    std::string unreported; /* queries keep no message */
    return xc_run(unreported, [&] {
        char *&dst = xc_out(out);
        if (q == nullptr)
            xc_fail_argument("q is NULL");
        dst = xc_copy_out(q->q.get_description());
    });
}

void xc_query_free(xc_query *q)
{
    delete q;
}
