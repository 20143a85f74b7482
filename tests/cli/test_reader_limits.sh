#!/usr/bin/env bash
# test_reader_limits.sh — one file must not break the memory bound or the
# run (issue 19): files whose parse or whose article would take far more
# memory than their size (31 MB of Markdown brackets, links, emphasis or
# block quotes, HTML of many small elements, a JSON record of 2.7 million
# tags, text of millions of one-letter lines or paragraphs) and HTML whose
# attributes gumbo takes quadratic time over. Each is generated here, put
# beside three good files and indexed under a 256 MB address-space cap:
# the hostile files are reported 'path: reason' and skipped or cut, the good
# ones are indexed, committed and searchable, and the run ends with exit 1.
#
# Memory is measured as in test_hostile.sh (lib.sh's measured: prlimit
# --as in the normal build, peak RSS in a sanitizer build). Under valgrind
# the files are 4 MB (each still far past the parse budget; the tags stay
# 2.7 million, never parsed) and memory and time are not asserted.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if under_valgrind; then
    MB=4
else
    MB=31
fi

# generate NAME UNIT : a file (- : standard output) of $MB MB of UNIT
# repeated.
generate() {
    python3 - "$1" "$2" "$MB" <<'PY'
import sys
name, unit, mb = sys.argv[1], sys.argv[2].encode().decode("unicode_escape"), int(sys.argv[3])
n = mb << 20
with (sys.stdout if name == "-" else open(name, "w")) as f:
    f.write((unit * (n // len(unit) + 1))[:n])
PY
}

good_files() { # DIR
    printf -- '---\ntitle: Good Markdown\n---\nThe avocet wades here.\n' >"$1/good.md"
    printf 'Title: Good text\n\nThe avocet again.\n' >"$1/good.txt"
    printf '{"id": "good-json", "title": "Good JSON", "body": "a third avocet"}\n' >"$1/good.json"
}

# index_hostile DIR WHAT : indexes DIR (the good files and hostile ones)
# under the cap and checks the run: exit 1, under the memory bound. Leaves
# the run's $OUT and $ERR.
index_hostile() {
    local dir=$1 what=$2
    SECONDS=0
    measured "$PASSIM" index --json --db "$dir.db" "$dir"
    echo "#   $what: $SECONDS s"
    assert_eq 1 "$RC" "$what: exit 1 (not 3: the run is not lost)"
    assert_not_contains "$ERR" "out of memory" "$what: no 'out of memory'"
    assert_peak "$what"
}

# good_indexed DIR : the good files beside the hostile ones were committed.
good_indexed() {
    assert_ids "$1.db" "$(realpath "$1/good.md") $(realpath "$1/good.txt") good-json" avocet
}

section "Markdown whose parse tree dwarfs it: refused, the rest indexed"
MD=$TEST_TMP/md
mkdir -p "$MD"
good_files "$MD"
python3 - "$MD/brackets.md" "$MB" <<'PY'
import sys
n = (int(sys.argv[2]) << 20) // 2
open(sys.argv[1], "w").write("[" * n + "a" + "]" * n)
PY
generate "$MD/links.md" '[a](b '
generate "$MD/emphasis.md" '*a **a '
generate "$MD/quotes.md" '> '
generate "$MD/lines.md" 'a\n'
index_hostile "$MD" "hostile Markdown"
assert_jq '.added == 3 and .failed == 5' "hostile Markdown: the 3 good files added, the 5 hostile ones failed"
for f in brackets links emphasis quotes lines; do
    assert_match "$ERR" "^$MD/$f\\.md: Markdown too large or complex to parse within 64 MiB, not indexed\$" \
        "$f.md: 'path: reason'"
done
good_indexed "$MD"

section "HTML: a large page of small elements, and many attributes"
HTML=$TEST_TMP/html
mkdir -p "$HTML"
good_files "$HTML"
generate "$HTML/bold.html" 'wordy <b>x</b> words '
python3 - "$HTML/attributes.html" 100000 <<'PY'
import sys
n = int(sys.argv[2])
open(sys.argv[1], "w").write("<title>A</title><p " + " ".join("a%d=1" % i for i in range(n)) + ">attrtext</p>")
PY
python3 - "$HTML/spread.html" <<'PY'
import sys
# a thousand elements of 800 attributes: each affordable, together not
open(sys.argv[1], "w").write("<title>S</title>" + ("<p " + " ".join("a%d=1" % i for i in range(800)) + ">x</p>") * 1000)
PY
index_hostile "$HTML" "hostile HTML"
assert_jq '.added == 3 and .failed == 3' "hostile HTML: the 3 good files added, the 3 hostile ones failed"
assert_match "$ERR" "^$HTML/bold\\.html: HTML too large or complex to parse within 64 MiB, not indexed\$" \
    "a large page of small elements: 'path: reason'"
for f in attributes spread; do
    assert_match "$ERR" "^$HTML/$f\\.html: HTML elements with too many attributes, not parsed" \
        "$f.html: 'path: too many attributes'"
done
good_indexed "$HTML"
assert_quick "HTML with 100,000 attributes refused in bounded time" 30
# An element of a few hundred attributes is nothing unusual.
python3 - "$HTML/fine.html" <<'PY'
import sys
open(sys.argv[1], "w").write("<title>Fine</title><p " + " ".join("data-a%d=1" % i for i in range(300)) + ">the stilt is fine</p>")
PY
run "$PASSIM" index --json --db "$TEST_TMP/fine.db" "$HTML/fine.html"
assert_eq 0 "$RC" "an element of 300 attributes is read"
assert_ids "$TEST_TMP/fine.db" "$(realpath "$HTML/fine.html")" stilt

section "JSON: a record of 2.7 million tags, and a valid 31 MB article"
JSON=$TEST_TMP/json
mkdir -p "$JSON"
good_files "$JSON"
python3 - "$JSON" <<'PY'
import sys
tags = ",".join(['"t"'] * 2700000)  # 11 MB, as many as the issue's article
record = '{"id": "%s", "title": "Tags", "body": "b", "tags": [' + tags + "]}"
open(sys.argv[1] + "/tags.json", "w").write(record % "tags")
open(sys.argv[1] + "/tags.jsonl", "w").write(record % "tags-line" + "\n"
    '{"id": "after-tags", "title": "After", "body": "the godwit after the tags"}\n')
PY
index_hostile "$JSON" "hostile JSON"
assert_jq '.added == 4 and .failed == 2' "hostile JSON: the good files and the next line added, the 2 tag records failed"
assert_match "$ERR" "^$JSON/tags\\.json:1: JSON record too large to parse within 64 MiB \\(about [0-9]+ values\\), not indexed\$" \
    "a record of millions of tags: 'path:line: reason'"
assert_match "$ERR" "^$JSON/tags\\.jsonl:1: JSON record too large to parse" "the same on a JSON Lines line"
good_indexed "$JSON"
assert_ids "$JSON.db" after-tags godwit
# Under the cap a valid 32 MB JSON file is read, never taken for invalid.
BIG=$TEST_TMP/big
mkdir -p "$BIG"
python3 - "$BIG/big.json" "$MB" <<'PY'
import json, random, sys
random.seed(3)
words = ["".join(random.choice("abcdefghij") for _ in range(6)) for _ in range(5000)]
n = int(sys.argv[2]) << 20
paras, size = [], 0
while size < n - 1000:
    p = " ".join(random.choice(words) for _ in range(80))
    paras.append(p)
    size += len(p) + 2
json.dump({"id": "big", "title": "Big", "body": "the knot\n\n" + "\n\n".join(paras)}, open(sys.argv[1], "w"))
PY
measured "$PASSIM" index --json --db "$TEST_TMP/big.db" "$BIG/big.json"
assert_eq 0 "$RC" "a valid $MB MB JSON article under the cap: exit 0"
assert_not_contains "$ERR" "invalid JSON" "... not reported as invalid JSON"
assert_jq '.added == 1 and .passages == 2000' "... added, its first 2,000 passages"
assert_ids "$TEST_TMP/big.db" big knot
assert_peak "a valid $MB MB JSON article"
# And a many-tag record under the parse budget keeps its first tags.
python3 - "$BIG/many-tags.jsonl" <<'PY'
import sys
tags = ",".join('"tag%d"' % i for i in range(5000))
open(sys.argv[1], "w").write('{"id": "many-tags", "title": "Many", "body": "the ruff has tags", "tags": [%s]}\n' % tags)
PY
run "$PASSIM" index --json --db "$TEST_TMP/tags.db" "$BIG/many-tags.jsonl"
assert_eq 0 "$RC" "5,000 tags: indexed (exit 0)"
assert_match "$ERR" 'many-tags\.jsonl:1: too much metadata: 4744 tags and 0 other keys left out' \
    "5,000 tags: the ones left out are said"
assert_ids "$TEST_TMP/tags.db" many-tags ruff tag:tag0
assert_ids "$TEST_TMP/tags.db" "" ruff tag:tag4999

section "text of millions of one-letter lines and paragraphs: cut, not lost"
TEXT=$TEST_TMP/text
mkdir -p "$TEXT"
good_files "$TEXT"
{ printf 'Title: Lines\n\nthe whimbrel starts\n'; generate - 'a\n'; } >"$TEXT/lines.txt"
{ printf 'Title: Paragraphs\n\nthe whimbrel starts\n\n'; generate - 'a\n\n'; } >"$TEXT/paragraphs.txt"
SECONDS=0
measured "$PASSIM" index --json --db "$TEXT.db" "$TEXT"
echo "#   one-letter lines and paragraphs: $SECONDS s"
assert_eq 0 "$RC" "one-letter lines and paragraphs: exit 0 (read, their tails left out)"
assert_jq '.added == 5 and .failed == 0' "all 5 files added"
assert_match "$ERR" "paragraphs\\.txt:1: article too long: its text from line [0-9]+ on is left out \\(an article keeps 32 MiB\\)" \
    "a million paragraphs: what is left out is said"
assert_peak "text of one-letter lines and paragraphs"
assert_ids "$TEXT.db" "$(realpath "$TEXT/lines.txt") $(realpath "$TEXT/paragraphs.txt")" whimbrel
good_indexed "$TEXT"
assert_quick "one-letter lines and paragraphs indexed in bounded time" 60

section "front matter too large or too deep: a warning, the body indexed"
FM=$TEST_TMP/fm
mkdir -p "$FM"
python3 - "$FM" <<'PY'
import sys
d = sys.argv[1]
open(d + "/deep.md", "w").write("---\nk: " + "[" * 30000 + "]" * 30000 + "\n---\nThe sanderling runs.\n")
open(d + "/big.md", "w").write("---\ntitle: Big\nk: [" + "a, " * 40000 + "a]\n---\nThe sanderling again.\n")
PY
SECONDS=0
measured "$PASSIM" index --json --db "$FM.db" "$FM"
assert_eq 0 "$RC" "front matter too large or deep: exit 0"
assert_match "$ERR" 'deep\.md:2: front matter: nested deeper than 64 levels; indexed without it' "deep front matter: a warning"
assert_match "$ERR" 'big\.md:2: front matter: larger than 64 KiB; indexed without it' "large front matter: a warning"
assert_ids "$FM.db" "$(realpath "$FM/deep.md") $(realpath "$FM/big.md")" sanderling
assert_quick "deep front matter read in bounded time" 30

finish
