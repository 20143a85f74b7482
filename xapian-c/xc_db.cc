/*
 * xc_db.cc — database handles: opening (local, combined, remote), statistics,
 * documents, metadata, writing, transactions, spelling, synonyms, compaction.
 */
#include "xc_internal.hh"

/* Xapian's remote timeouts when given none: 10 s, except for a writer's
 * operations, which have no limit. */
static const unsigned int remote_default_timeout_ms = 10000;
static const unsigned int remote_writer_timeout_ms = 0;

static Xapian::WritableDatabase &writable(xc_db *db)
{
    if (db->writable == nullptr)
        throw Xapian::InvalidOperationError("the database is read-only");
    return *db->writable;
}

/* Runs body on db's WritableDatabase, where a crash or an endless loop of
 * Xapian's is a call of the fatal handler, not a signal or a hang
 * (xc_fatal_section). */
template <typename Body>
static passim_status write_guard(xc_db *db, Body &&body) noexcept
{
    return xc_guard(db, [&] {
        Xapian::WritableDatabase &w = writable(db);
        xc_fatal_section section(db->path.c_str());
        body(w);
    });
}

static std::unique_ptr<xc_db> wrap_writable(Xapian::WritableDatabase &&wdb,
                                            std::string &&path)
{
    std::unique_ptr<xc_db> h(new xc_db);
    h->path = std::move(path);
    auto owned = std::make_unique<Xapian::WritableDatabase>(std::move(wdb));
    h->writable = owned.get();
    h->db = std::move(owned);
    return h;
}

static std::unique_ptr<xc_db> wrap(Xapian::Database &&db)
{
    std::unique_ptr<xc_db> h(new xc_db);
    h->db = std::make_unique<Xapian::Database>(std::move(db));
    return h;
}

static unsigned int remote_ms(unsigned int ms,
                              unsigned int fallback = remote_default_timeout_ms)
{
    return ms == 0 ? fallback : ms;
}

passim_status xc_db_open(xc_db **out, const char *path, char **errmsg)
{
    return xc_construct(out, errmsg, [&] {
        return wrap(Xapian::Database(xc_arg(path, "path")));
    });
}

passim_status xc_db_new_combined(xc_db **out, char **errmsg)
{
    return xc_construct(out, errmsg, [] { return wrap(Xapian::Database()); });
}

passim_status xc_db_add(xc_db *db, const xc_db *other)
{
    return xc_guard(db, [&] {
        if (other == nullptr)
            xc_fail_argument("other is NULL");
        /* Combining is for readers: a writer holds writable shards only. */
        if (db->writable != nullptr)
            throw Xapian::InvalidOperationError(
                "databases can only be added to a read-only handle");
        db->db->add_database(*other->db);
    });
}

passim_status xc_db_open_writable(xc_db **out, const char *path,
                                  xc_open_mode mode, char **errmsg)
{
    return xc_construct(out, errmsg, [&] {
        int action;
        switch (xc_enum_value(mode)) {
        case XC_DB_CREATE_OR_OPEN:
            action = Xapian::DB_CREATE_OR_OPEN;
            break;
        case XC_DB_CREATE:
            action = Xapian::DB_CREATE;
            break;
        case XC_DB_CREATE_OR_OVERWRITE:
            action = Xapian::DB_CREATE_OR_OVERWRITE;
            break;
        case XC_DB_OPEN:
            action = Xapian::DB_OPEN;
            break;
        default:
            xc_fail_argument("unknown open mode");
        }
        std::string where = xc_arg(path, "path");
        return wrap_writable(Xapian::WritableDatabase(where, action),
                             std::move(where));
    });
}

passim_status xc_db_open_remote(xc_db **out, const char *host,
                                unsigned int port, unsigned int timeout_ms,
                                unsigned int connect_timeout_ms, char **errmsg)
{
    return xc_construct(out, errmsg, [&] {
        return wrap(Xapian::Remote::open(xc_arg(host, "host"), port,
                                         remote_ms(timeout_ms),
                                         remote_ms(connect_timeout_ms)));
    });
}

passim_status xc_db_open_remote_program(xc_db **out, const char *program,
                                        const char *args,
                                        unsigned int timeout_ms, char **errmsg)
{
    return xc_construct(out, errmsg, [&] {
        return wrap(Xapian::Remote::open(xc_arg(program, "program"),
                                         xc_arg(args, "args"),
                                         remote_ms(timeout_ms)));
    });
}

passim_status xc_db_open_remote_writable(xc_db **out, const char *host,
                                         unsigned int port,
                                         unsigned int timeout_ms,
                                         unsigned int connect_timeout_ms,
                                         char **errmsg)
{
    return xc_construct(out, errmsg, [&] {
        std::string where = xc_arg(host, "host");
        return wrap_writable(
            Xapian::Remote::open_writable(
                where, port, remote_ms(timeout_ms, remote_writer_timeout_ms),
                remote_ms(connect_timeout_ms)),
            "tcp://" + where + ":" + std::to_string(port));
    });
}

void xc_db_free(xc_db *db)
{
    if (db == nullptr || db->writable == nullptr) {
        delete db;
        return;
    }
    /* Xapian's destructor commits what is pending. */
    xc_fatal_section section(db->path.c_str());
    if (db->commit_failed) {
        /* Destroyed inside a transaction, a WritableDatabase cancels it and
         * with it every change since the last commit. */
        try {
            db->writable->begin_transaction(false);
        } catch (...) {
            /* one is already under way: it is cancelled all the same */
        }
    }
    delete db;
}

passim_status xc_db_close(xc_db *db)
{
    return xc_guard(db, [&] { db->db->close(); });
}

const char *xc_db_error(const xc_db *db)
{
    return db == nullptr ? "" : db->error.c_str();
}

passim_status xc_db_reopen(xc_db *db, bool *changed)
{
    return xc_guard(db, [&] {
        bool reopened = db->db->reopen();
        if (changed != nullptr)
            *changed = reopened;
    });
}

passim_status xc_db_doccount(xc_db *db, unsigned int *out)
{
    return xc_guard(db, [&] { xc_out(out) = db->db->get_doccount(); });
}

passim_status xc_db_lastdocid(xc_db *db, xc_docid *out)
{
    return xc_guard(db, [&] { xc_out(out) = db->db->get_lastdocid(); });
}

passim_status xc_db_avlength(xc_db *db, double *out)
{
    return xc_guard(db, [&] { xc_out(out) = db->db->get_avlength(); });
}

passim_status xc_db_revision(xc_db *db, unsigned long long *out)
{
    return xc_guard(db, [&] { xc_out(out) = db->db->get_revision(); });
}

passim_status xc_db_termfreq(xc_db *db, const char *term, size_t len,
                             unsigned int *out)
{
    return xc_guard(db, [&] {
        xc_out(out) = db->db->get_termfreq(xc_arg(term, len, "term"));
    });
}

passim_status xc_db_collection_freq(xc_db *db, const char *term, size_t len,
                                    unsigned long long *out)
{
    return xc_guard(db, [&] {
        xc_out(out) = db->db->get_collection_freq(xc_arg(term, len, "term"));
    });
}

passim_status xc_db_term_exists(xc_db *db, const char *term, size_t len,
                                bool *out)
{
    return xc_guard(db, [&] {
        xc_out(out) = db->db->term_exists(xc_arg(term, len, "term"));
    });
}

passim_status xc_db_size(xc_db *db, size_t *out)
{
    return xc_guard(db, [&] { xc_out(out) = db->db->size(); });
}

passim_status xc_db_get_document(xc_db *db, xc_doc **out, xc_docid docid)
{
    return xc_construct_on(db, out, [&] {
        std::unique_ptr<xc_doc> doc(new xc_doc);
        doc->doc = db->db->get_document(docid);
        return doc;
    });
}

passim_status xc_db_get_metadata(xc_db *db, char **value, size_t *len,
                                 const char *key)
{
    return xc_return_string(db, value, len, [&] {
        return db->db->get_metadata(xc_arg(key, "key"));
    });
}

passim_status xc_db_set_metadata(xc_db *db, const char *key, const char *value,
                                 size_t len)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        w.set_metadata(xc_arg(key, "key"), xc_arg(value, len, "value"));
    });
}

static const Xapian::Document &document_arg(const xc_doc *doc)
{
    if (doc == nullptr)
        xc_fail_argument("doc is NULL");
    return doc->doc;
}

passim_status xc_db_add_document(xc_db *db, const xc_doc *doc, xc_docid *out)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        xc_docid id = w.add_document(document_arg(doc));
        if (out != nullptr)
            *out = id;
    });
}

passim_status xc_db_replace_document_by_term(xc_db *db, const char *unique_term,
                                             const xc_doc *doc, xc_docid *out)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        xc_docid id = w.replace_document(xc_arg(unique_term, "unique_term"),
                                         document_arg(doc));
        if (out != nullptr)
            *out = id;
    });
}

passim_status xc_db_replace_document(xc_db *db, xc_docid docid,
                                     const xc_doc *doc)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        w.replace_document(docid, document_arg(doc));
    });
}

passim_status xc_db_delete_documents_by_term(xc_db *db, const char *term)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        w.delete_document(xc_arg(term, "term"));
    });
}

passim_status xc_db_delete_document(xc_db *db, xc_docid docid)
{
    return write_guard(
        db, [&](Xapian::WritableDatabase &w) { w.delete_document(docid); });
}

passim_status xc_db_commit(xc_db *db)
{
    passim_status st =
        write_guard(db, [&](Xapian::WritableDatabase &w) { w.commit(); });
    if (st != PASSIM_OK && db != nullptr && db->writable != nullptr)
        db->commit_failed = true;
    return st;
}

passim_status xc_db_begin_transaction(xc_db *db, bool flushed)
{
    return write_guard(
        db, [&](Xapian::WritableDatabase &w) { w.begin_transaction(flushed); });
}

passim_status xc_db_commit_transaction(xc_db *db)
{
    return write_guard(
        db, [&](Xapian::WritableDatabase &w) { w.commit_transaction(); });
}

passim_status xc_db_cancel_transaction(xc_db *db)
{
    return write_guard(
        db, [&](Xapian::WritableDatabase &w) { w.cancel_transaction(); });
}

passim_status xc_db_add_spellings(xc_db *db, const char *const *words,
                                  const unsigned int *counts, size_t n)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        for (size_t i = 0; i < n; i++)
            w.add_spelling(xc_arg(words[i], "word"), counts[i]);
    });
}

passim_status xc_db_remove_spelling(xc_db *db, const char *word,
                                    unsigned int freqdec)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        w.remove_spelling(xc_arg(word, "word"), freqdec);
    });
}

passim_status xc_db_spelling_suggestion(xc_db *db, char **out, const char *word,
                                        unsigned int max_edit)
{
    return xc_return_string(db, out, nullptr, [&] {
        return db->db->get_spelling_suggestion(xc_arg(word, "word"), max_edit);
    });
}

passim_status xc_db_add_synonym(xc_db *db, const char *term,
                                const char *synonym)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        w.add_synonym(xc_arg(term, "term"), xc_arg(synonym, "synonym"));
    });
}

passim_status xc_db_clear_synonyms(xc_db *db, const char *term)
{
    return write_guard(db, [&](Xapian::WritableDatabase &w) {
        w.clear_synonyms(xc_arg(term, "term"));
    });
}

passim_status xc_db_compact(xc_db *db, const char *dest)
{
    return xc_guard(db, [&] { db->db->compact(xc_arg(dest, "dest")); });
}

#if defined(__SANITIZE_ADDRESS__)
/* Xapian 1.4's check deletes its GlassTableCheck through a GlassTable
 * pointer, whose destructor is not virtual: ASan's new-delete-type-mismatch
 * (the 8 bytes of an ostream pointer), harmless as that member needs no
 * destructor. Off by default in sanitizer builds, where it would stop every
 * check, and with it every writer that runs one (db_health.c);
 * $ASAN_OPTIONS can turn it on again. Visible, so that the sanitizer's
 * runtime finds it in the program. */
extern "C" __attribute__((visibility("default"))) const char *
__asan_default_options();
extern "C" const char *__asan_default_options()
{
    return "new_delete_type_mismatch=0";
}
#endif

passim_status xc_db_check(const char *path, size_t *errors, char **errmsg)
{
    std::string msg;
    if (errmsg != nullptr)
        *errmsg = nullptr;
    passim_status status = xc_run(msg, [&] {
        size_t &dst = xc_out(errors);
        dst = Xapian::Database::check(xc_arg(path, "path"));
    });
    if (status != PASSIM_OK && errmsg != nullptr)
        *errmsg = strdup(msg.c_str());
    return status;
}
