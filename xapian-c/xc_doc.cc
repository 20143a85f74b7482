/*
 * xc_doc.cc — documents: terms with and without positions, values, data.
 */
#include "xc_internal.hh"

passim_status xc_doc_new(xc_doc **out, char **errmsg)
{
    return xc_construct(out, errmsg,
                        [] { return std::unique_ptr<xc_doc>(new xc_doc); });
}

void xc_doc_free(xc_doc *doc)
{
    delete doc;
}

const char *xc_doc_error(const xc_doc *doc)
{
    return doc == nullptr ? "" : doc->error.c_str();
}

passim_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len,
                                 xc_termpos pos, unsigned int wdfinc)
{
    return xc_guard(doc, [&] {
        doc->doc.add_posting(xc_arg(term, len, "term"), pos, wdfinc);
        doc->terms_edited = true;
    });
}

passim_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len,
                              unsigned int wdfinc)
{
    return xc_guard(doc, [&] {
        doc->doc.add_term(xc_arg(term, len, "term"), wdfinc);
        doc->terms_edited = true;
    });
}

passim_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len)
{
    return xc_guard(doc, [&] {
        doc->doc.add_boolean_term(xc_arg(term, len, "term"));
        doc->terms_edited = true;
    });
}

passim_status xc_doc_set_value(xc_doc *doc, xc_slot slot, const char *value,
                               size_t len)
{
    return xc_guard(
        doc, [&] { doc->doc.add_value(slot, xc_arg(value, len, "value")); });
}

passim_status xc_doc_get_value(xc_doc *doc, char **value, size_t *len,
                               xc_slot slot)
{
    return xc_return_string(doc, value, len,
                            [&] { return doc->doc.get_value(slot); });
}

passim_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len)
{
    return xc_guard(doc, [&] { doc->doc.set_data(xc_arg(data, len, "data")); });
}

passim_status xc_doc_get_data(xc_doc *doc, char **data, size_t *len)
{
    return xc_return_string(doc, data, len,
                            [&] { return doc->doc.get_data(); });
}

xc_docid xc_doc_docid(const xc_doc *doc)
{
    xc_docid docid = 0;
    std::string unreported; /* a const handle keeps no message */
    if (doc != nullptr)
        xc_run(unreported, [&] { docid = doc->doc.get_docid(); });
    return docid;
}
