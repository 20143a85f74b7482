"""xapian_peer.py — Xapian used directly, as its documentation shows a user
(Debian's python3-xapian): the engine passim is built on, with its defaults.

Index: a TermGenerator with the English stemmer (STEM_SOME, the default)
indexes title then body as plain text into one Xapian document per document.
Query: a QueryParser with the English stemmer, STEM_SOME and default
operator OR, given the query's words (querytext.bag_of_words), or in typed
mode the query text as it is (its syntax read with the parser's default
flags; text it rejects falls back to the words); ranked by
Enquire's default BM25Weight. Two set-ups: QueryParser's default of no
stopper ("xapian", the one behind the issue's reference numbers), and a
SimpleStopper of the peers' stopword list ("xapian-stop").
"""

import shutil
import tempfile

from querytext import bag_of_words

try:
    import xapian
except ImportError:  # reported by rank(), so the other systems still run
    xapian = None

NAME = "Xapian (default BM25)"
NAME_STOPPED = "Xapian (default BM25, stopper)"


def rank(docs, queries, depth, stopwords=(), mode="bag"):
    """Rankings by Xapian; stopwords, when given, go to a SimpleStopper."""
    if xapian is None:
        raise RuntimeError("the Xapian peer needs Debian's python3-xapian "
                           "(apt-get install python3-xapian; run with "
                           "/usr/bin/python3)")
    tmp = tempfile.mkdtemp(prefix="passim-relevance-xapian-")
    try:
        db = xapian.WritableDatabase(tmp + "/db", xapian.DB_CREATE_OR_OVERWRITE)
        stem = xapian.Stem("english")
        tg = xapian.TermGenerator()
        tg.set_stemmer(stem)
        tg.set_stemming_strategy(tg.STEM_SOME)
        for d in docs:
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(d.title)
            tg.increase_termpos()
            tg.index_text(d.body)
            doc.set_data(d.id)
            db.add_document(doc)
        db.commit()

        qp = xapian.QueryParser()
        qp.set_database(db)
        qp.set_stemmer(stem)
        qp.set_stemming_strategy(qp.STEM_SOME)
        qp.set_default_op(xapian.Query.OP_OR)
        if stopwords:
            stopper = xapian.SimpleStopper()
            for w in sorted(stopwords):
                stopper.add(w)
            qp.set_stopper(stopper)
        enquire = xapian.Enquire(db)
        run = {}
        for qid, text in queries.items():
            try:
                query = qp.parse_query(text if mode == "typed"
                                       else bag_of_words(text))
            except xapian.QueryParserError:
                query = qp.parse_query(bag_of_words(text))
            enquire.set_query(query)
            run[qid] = [m.document.get_data().decode("utf-8")
                        for m in enquire.get_mset(0, depth)]
        db.close()
        return run
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
