#!/usr/bin/env bash
# test_corpus.sh — the bundled corpus end to end: it indexes cleanly, judged
# queries find a highly relevant article in their top 3, and a reader that
# closes the pipe early (| head -1) ends passim quietly.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CORPUS=$PASSIM_SOURCE_DIR/corpus
EVAL=$CORPUS/eval
DB=$TEST_TMP/db

# Judgments: the merged file, else its parts.
QRELS=$TEST_TMP/qrels.tsv
if [ -f "$EVAL/qrels.tsv" ]; then
    cp "$EVAL/qrels.tsv" "$QRELS"
else
    cat "$EVAL"/qrels.part*.tsv >"$QRELS" 2>/dev/null
fi
if [ ! -s "$EVAL/queries.tsv" ] || [ ! -s "$QRELS" ]; then
    fail "corpus judgments" "corpus/eval/queries.tsv and qrels" "missing"
    finish
fi
articles=$(find "$CORPUS" -name '*.md' | wc -l)

section "indexing the corpus as the README shows it"
# The catalogue of the articles (a table of their titles) is docs/corpus.md:
# corpus/ holds articles only, so indexing it whole ranks nothing else.
assert_status 0 "$PASSIM" index --json --db "$DB" "$CORPUS"
assert_jq ".added == $articles and .failed == 0" "all $articles articles added, none failed"
assert_status 0 "$PASSIM" stats --db "$DB" --json
assert_jq ".articles == $articles" "stats: $articles articles"
assert_status 0 "$PASSIM" list --db "$DB" --json
assert_eq "" "$(printf '%s\n' "$OUT" | jq -r 'select(.date == null or (.path | test("/[0-9]{4}-[0-9]{2}-[0-9]{2}-[^/]*\\.md$") | not)) | .path')" \
    "every article indexed is a dated YYYY-MM-DD-slug.md"
# 'antitrust' ranked the old corpus/README.md (its catalogue) first.
assert_status 0 "$PASSIM" search --db "$DB" --json --limit 3 antitrust
assert_jq '[.hits[].path | test("/[0-9]{4}-[0-9]{2}-[0-9]{2}-[^/]*\\.md$")] | all' \
    "antitrust: the top 3 are articles"

section "judged queries: a highly relevant article in the top 3"
# The queries' ids in corpus/eval/queries.tsv: a phrase-like pair, a
# hyphenated compound, a number among names, an acronym with a stopword-like
# word, and French.
for qid in 1 2 5 14 33; do
    query=$(awk -F'\t' -v q="$qid" '$1 == q { print $2 }' "$EVAL/queries.tsv")
    best=$(awk -F'\t' -v q="$qid" '$1 == q && $3 > m { m = $3 } END { print m + 0 }' "$QRELS")
    need=$((best >= 3 ? 3 : 2))
    run "$PASSIM" search --db "$DB" --json --limit 3 -- "$query"
    top=$(jq_get '[.hits[].path | split("/")[-1]] | join(" ")')
    grades=""
    found=no
    for file in $top; do
        grade=$(awk -F'\t' -v q="$qid" -v f="$file" '$1 == q && $2 == f { print $3 }' "$QRELS")
        grades+="$file=${grade:-0} "
        [ "${grade:-0}" -ge "$need" ] && found=yes
    done
    if [ "$RC" = 0 ] && [ "$found" = yes ]; then
        pass "query $qid '$query': top 3 holds grade >= $need ($grades)"
    else
        fail "query $qid '$query': top 3 holds an article graded >= $need" \
            "grade >= $need among the top 3" "exit $RC; ${grades:-no hits}"
    fi
done

section "a closed pipe ends passim quietly"
# Output far larger than a pipe's buffer, so passim is still writing when
# head exits.
pipe_err="" pipe_out=""
pipe_query=(--match any openai microsoft)
for format in --color=always --json --jsonl; do
    "$PASSIM" search --db "$DB" --per-article 0 --limit 100000 "$format" "${pipe_query[@]}" \
        2>"$TEST_TMP/pipe.err" | head -1 >"$TEST_TMP/pipe.out"
    status=${PIPESTATUS[0]}
    read_file pipe_err "$TEST_TMP/pipe.err"
    read_file pipe_out "$TEST_TMP/pipe.out"
    assert_ne "" "$pipe_out" "search $format | head -1: a first line"
    assert_eq "" "$pipe_err" "search $format | head -1: nothing on stderr"
    if [ "$status" = 0 ] || [ "$status" = 141 ]; then
        pass "search $format | head -1: exit 0 or SIGPIPE ($status)"
    else
        fail "search $format | head -1: exit 0 or SIGPIPE" "0 or 141" "$status"
    fi
done
size=$("$PASSIM" search --db "$DB" --per-article 100 --limit 100000 --color=always "${pipe_query[@]}" | wc -c)
if [ "$size" -gt 65536 ]; then
    pass "the piped output ($size bytes) outgrows a pipe buffer"
else
    fail "the piped output outgrows a pipe buffer" "> 65536 bytes" "$size"
fi

finish
