"""querytext.py — turns a judged query into the bag of words every system is
given, so no system reads operators into it that the others do not.

Every character that is not a letter, digit or space becomes a space (quotes,
parentheses, "-", "*", ":" are operators in passim's and Xapian's query
languages, and FTS5 has its own), and the operator words are lower-cased. Each
system then writes these words in its own syntax.
"""

OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"})


def words(text):
    """The query's words, operator words lower-cased."""
    cleaned = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return [w.lower() if w in OPERATOR_WORDS else w for w in cleaned.split()]


def bag_of_words(text):
    """The words as one string for a query parser with OR as default."""
    return " ".join(words(text))
