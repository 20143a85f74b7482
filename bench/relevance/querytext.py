"""querytext.py — turns a judged query into what each system is given, in
one of two modes (relevance.py --mode):

- "bag" (bag of words): every system is given the same words, ORed, so no
  system reads operators into them that the others do not;
- "typed" (as typed): every system is given the query text as a person
  would type it into its search box, and reads it with its own defaults
  (passim: its query language and default match mode; Xapian: its
  QueryParser, default operator OR; FTS5: the words side by side, FTS5's
  implicit AND).

In bag mode:
Every character that is not a letter, digit or space becomes a space (quotes,
parentheses, "-", "*", ":" are operators in passim's and Xapian's query
languages, and FTS5 has its own), and the operator words are lower-cased. Each
system then writes these words in its own syntax.
"""

OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"})
MODES = ("bag", "typed")


def words(text):
    """The query's words, operator words lower-cased."""
    cleaned = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return [w.lower() if w in OPERATOR_WORDS else w for w in cleaned.split()]


def bag_of_words(text):
    """The words as one string for a query parser with OR as default."""
    return " ".join(words(text))
