#!/usr/bin/env python3
"""check_corpus.py - checks the bundled corpus/ against its contract.

Every article: front matter with title, date (a real ISO 8601 date equal to
the file name's), source, tags (a non-empty list), lang (a Snowball language
code or name); 300-1,200 words of body; unique titles. The collection: at
least 40 articles and 30,000 words, at least 3 articles not in English, the
table of docs/corpus.md listing every article, eval/qrels.tsv naming only
existing files and queries, and nothing else in corpus/ that passim would
index (it holds articles only). With --table, prints the article table of
docs/corpus.md instead.
Standard library only: the front matter is the simple subset the corpus uses.
"""
import datetime
import os
import re
import sys

# ISO 639-1 codes and names of the languages libstemmer 2.2 stems.
SNOWBALL = {
    "ar": "arabic", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
    "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9-]+\.md$")


def parse(path):
    """Returns (fields, body) of a Markdown article with front matter."""
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 4)
    fields = {}
    for line in text[4:end].splitlines():
        if not line.strip():
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = [v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip()]
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields[key.strip()] = value
    return fields, text[end + 5:]


# What `passim index` reads (indexer/reader.c).
INDEXED = (".md", ".markdown", ".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson")


def not_articles(root):
    """The files below root that passim would index but that are not
    articles: every readable file must be a top-level YYYY-MM-DD-slug.md."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), root)
            if (not name.startswith(".") and name.lower().endswith(INDEXED)
                    and (folder != root or not NAME.match(name))):
                found.append(rel)
    return sorted(found)


def main():
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    root = os.path.join(source, "corpus")
    files = sorted(f for f in os.listdir(root) if f.endswith(".md"))
    articles = {f: parse(os.path.join(root, f)) for f in files}
    if "--table" in sys.argv:
        print("| date | title | lang | tags |")
        print("|---|---|---|---|")
        for f, (m, _) in articles.items():
            print(f"| {m['date']} | [{m['title']}](../corpus/{f}) | {m.get('lang', 'en')} | {', '.join(m['tags'])} |")
        return 0
    errors, titles, total, foreign = [], {}, 0, 0
    catalogue = open(os.path.join(source, "docs", "corpus.md"), encoding="utf-8").read()
    for f, (m, body) in articles.items():
        where = f"corpus/{f}"
        name = NAME.match(f)
        for key in ("title", "date", "source", "tags", "lang"):
            if not m.get(key):
                errors.append(f"{where}: missing {key}")
        try:
            datetime.date.fromisoformat(str(m.get("date")))
        except ValueError:
            errors.append(f"{where}: date {m.get('date')!r} is not an ISO 8601 date")
        if not name or name.group(1) != m.get("date"):
            errors.append(f"{where}: file name is not YYYY-MM-DD-slug.md with the article's date")
        lang = m.get("lang", "en")
        if lang not in SNOWBALL and lang not in SNOWBALL.values():
            errors.append(f"{where}: lang {lang!r} is not a Snowball language")
        if lang not in ("en", "english"):
            foreign += 1
        if not isinstance(m.get("tags"), list):
            errors.append(f"{where}: tags is not a list")
        words = len(body.split())
        total += words
        if not 300 <= words <= 1200:
            errors.append(f"{where}: {words} words (300-1,200 expected)")
        if m.get("title") in titles:
            errors.append(f"{where}: same title as corpus/{titles[m['title']]}")
        titles[m.get("title")] = f
        if f"(../corpus/{f})" not in catalogue:
            errors.append(f"{where}: not in docs/corpus.md's table")
    for rel in not_articles(root):
        errors.append(f"corpus/{rel}: not an article, but passim would index it (corpus/ holds articles only)")
    if len(files) < 40:
        errors.append(f"corpus: {len(files)} articles (40 expected)")
    if total < 30000:
        errors.append(f"corpus: {total} words (30,000 expected)")
    if foreign < 3:
        errors.append(f"corpus: {foreign} articles not in English (3 expected)")
    qids = {line.split("\t")[0] for line in open(os.path.join(root, "eval", "queries.tsv"), encoding="utf-8")}
    if len(qids) < 30:
        errors.append(f"corpus/eval/queries.tsv: {len(qids)} queries (30 expected)")
    for n, line in enumerate(open(os.path.join(root, "eval", "qrels.tsv"), encoding="utf-8"), 1):
        qid, doc, grade = line.rstrip("\n").split("\t")
        if qid not in qids or doc not in articles or grade not in ("1", "2", "3"):
            errors.append(f"corpus/eval/qrels.tsv:{n}: bad judgment {line.strip()!r}")
    for e in errors:
        print(e)
    checks = len(files) * 8 + 6
    print(f"{checks - len(errors)} passed, {len(errors)} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
