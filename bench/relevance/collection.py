"""collection.py — loads a test collection: documents, queries and judgments.

Two shapes are read:

- "jsonl" (e.g. ../shared/data/cranfield/): a folder with docs.jsonl
  ({"id", "title", "body", ...} per line), queries.tsv (qid TAB text) and
  qrels.tsv (qid TAB docid TAB gain).
- "markdown" (corpus/ of this repo): Markdown articles with YAML front matter
  in one folder, and an eval/ folder beside them holding queries.tsv and
  qrels.tsv (qid TAB file-name TAB grade). Either the articles' folder or its
  eval/ folder may be named. A document's id is its file name; a judgment
  naming a file without its ".md" is mapped to the file.
"""

import json
import os
import sys


class Doc:
    """One document as every system sees it: id, title and body text."""

    __slots__ = ("id", "title", "body", "path")

    def __init__(self, id, title, body, path=None):
        self.id = id
        self.title = title
        self.body = body
        self.path = path  # the Markdown file, for a markdown collection


class Collection:
    """docs: list of Doc; queries: {qid: text} in file order;
    qrels: {qid: {docid: gain}}; shape: "jsonl" or "markdown"."""

    def __init__(self, name, shape, docs, queries, qrels):
        self.name = name
        self.shape = shape
        self.docs = docs
        self.queries = queries
        self.qrels = qrels


def detect_shape(path):
    if os.path.isfile(os.path.join(path, "docs.jsonl")):
        return "jsonl"
    if os.path.isfile(os.path.join(path, "eval", "qrels.tsv")) or \
            os.path.isfile(os.path.join(path, "qrels.tsv")):
        return "markdown"
    raise ValueError(f"{path}: neither docs.jsonl nor a qrels.tsv (here or in "
                     f"eval/) found; pass --format")


def load(path, shape="auto"):
    path = os.path.normpath(path)
    if shape == "auto":
        shape = detect_shape(path)
    if shape == "jsonl":
        docs = read_jsonl_docs(os.path.join(path, "docs.jsonl"))
        eval_dir = path
    elif shape == "markdown":
        if os.path.isdir(os.path.join(path, "eval")):
            docs_dir, eval_dir = path, os.path.join(path, "eval")
        else:
            docs_dir, eval_dir = os.path.dirname(os.path.abspath(path)), path
        docs = read_markdown_docs(docs_dir)
        path = docs_dir
    else:
        raise ValueError(f"unknown collection format {shape!r}")
    if not docs:
        raise ValueError(f"{path}: no documents")
    queries = read_queries(os.path.join(eval_dir, "queries.tsv"))
    qrels = read_qrels(os.path.join(eval_dir, "qrels.tsv"),
                       {d.id for d in docs}, markdown=(shape == "markdown"))
    return Collection(os.path.basename(os.path.abspath(path)), shape, docs,
                      queries, qrels)


def read_jsonl_docs(file):
    docs, seen = [], set()
    with open(file, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                doc = Doc(str(obj["id"]), obj.get("title") or "",
                          obj.get("body") or "")
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{file}:{n}: bad document: {e}") from None
            if doc.id in seen:
                raise ValueError(f"{file}:{n}: duplicate id {doc.id!r}")
            seen.add(doc.id)
            docs.append(doc)
    return docs


def read_markdown_docs(folder):
    docs = []
    for name in sorted(os.listdir(folder)):
        file = os.path.join(folder, name)
        if name.endswith(".md") and os.path.isfile(file):
            with open(file, encoding="utf-8") as f:
                title, body = split_front_matter(f.read())
            docs.append(Doc(name, title, body, path=file))
    return docs


def split_front_matter(text):
    """(title, body) of a Markdown article: the title from its YAML front
    matter ("" when none), the body is the text after the front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return "", text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return front_matter_title(lines[1:i]), "".join(lines[i + 1:])
    return "", text  # unterminated: not front matter


def front_matter_title(lines):
    for line in lines:
        if line.startswith("title:"):
            return yaml_scalar(line[len("title:"):].strip())
    return ""


def yaml_scalar(value):
    """A one-line YAML scalar: double-quoted, single-quoted or plain."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return json.loads(value)  # YAML's common escapes are JSON's
        except ValueError:
            return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    comment = value.find(" #")
    return (value[:comment] if comment >= 0 else value).strip()


def read_queries(file):
    queries = {}
    with open(file, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            qid, tab, text = line.partition("\t")
            if not tab:
                raise ValueError(f"{file}:{n}: expected qid<TAB>text")
            queries[qid.strip()] = text.strip()
    return queries


def read_qrels(file, doc_ids, markdown=False):
    qrels = {}
    unknown = set()
    with open(file, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) != 3:
                raise ValueError(f"{file}:{n}: expected qid<TAB>docid<TAB>gain")
            qid, docid, gain = (x.strip() for x in fields)
            if markdown:
                docid = os.path.basename(docid)
                if docid not in doc_ids and docid + ".md" in doc_ids:
                    docid += ".md"
            if docid not in doc_ids:
                unknown.add(docid)
            try:
                qrels.setdefault(qid, {})[docid] = int(gain)
            except ValueError:
                raise ValueError(f"{file}:{n}: gain {gain!r} is not an integer") \
                    from None
    if unknown:
        print(f"warning: {file}: {len(unknown)} judged document(s) not in the "
              f"collection, e.g. {sorted(unknown)[0]!r}", file=sys.stderr)
    return qrels
