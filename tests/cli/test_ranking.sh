#!/usr/bin/env bash
# test_ranking.sh — ranking as people type it, end to end on articles written
# here: a compound counts once however it is written, a query word is not
# read in a language it is not in, British and American spellings find each
# other, and "did you mean" only offers a query that finds more.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARTICLES=$TEST_TMP/articles
DB=$TEST_TMP/db
mkdir -p "$ARTICLES"

# article FILE ID TITLE BODY [LANG]
article() {
    printf -- '---\ntitle: "%s"\nid: %s\n%s---\n\n%s\n' "$3" "$2" \
        "${5:+lang: $5
}" "$4" >"$ARTICLES/$1"
}
article fines-gpai.md fines-gpai "AI Act fines for general-purpose models" \
    "The AI Act sets fines of up to three percent of turnover for providers of general-purpose AI models. Fines for prohibited practices are higher."
article fines-enforcement.md fines-enforcement "Regulators prepare AI Act enforcement" \
    "National regulators will hand out fines under the AI Act; the first fines are expected for missing transparency notices."
article fines-budget.md fines-budget "Compliance budgets grow" \
    "Companies budget for AI Act compliance teams to avoid fines and audits."
article fin-fr.md fin-fr "AI Act : la fin d'une époque" \
    "L'AI Act marque la fin d'une époque pour les laboratoires comme OpenAI. À la fin de l'année, la fin des exemptions arrive : fin du flou juridique." fr
article garden.md garden "Weekend notes" \
    "We ate home-grown tomatoes at the market, then talked about chips, clouds and the weather for the rest of the afternoon."
article homegrown.md homegrown "Homegrown food at scale" \
    "Homegrown vegetables feed the campus. The homegrown programme grew from one plot to twelve, and homegrown herbs now supply the kitchen."
article licence-gb.md licence-gb "Model licence terms" \
    "The licence lets anyone use the weights; the licences of older models did not. Organisations must keep the colour of the logo."
article license-us.md license-us "Open-weight license" \
    "The license allows commercial use, and licensed organizations may change the color scheme."
article crash-course.md crash-course "Market notes" \
    "Cash reserves rose; storage prices fell as caching spread."
article gpu-shortage.md gpu-shortage "The GPU shortage eases" \
    "GPUs were scarce for a year; new supply arrived in the spring."
article poaching.md poaching "Talent poaching heats up" \
    "Labs hire researchers away from their rivals."

assert_status 0 "$PASSIM" index --db "$DB" "$ARTICLES"

# ids QUERY... : the ids of the hits, space-separated.
ids() {
    run "$PASSIM" search --db "$DB" --json --limit 100 "$@"
    jq_get '[.hits[].id] | join(" ")'
}

section "a compound counts once, however it is written"
for q in home-grown homegrown; do
    assert_status 0 "$PASSIM" search --db "$DB" --json --explain "$q"
    assert_jq '.hits[] | select(.id == "garden") | .explain | split("\n") | map(select(test("^bm25 "))) | length == 1' \
        "$q: one part for the compound in --explain of an article writing home-grown"
    assert_jq '.hits[] | select(.id == "garden") | .explain | test("SYNONYM")' \
        "$q: the joined word and the phrase of its parts are one part"
    assert_jq '[.hits[] | .score as $s | .explain | split("\n") | map(select(length > 0))
      | (map(select(test("^total ") | not) | capture(" (?<w>-?[0-9.]+)$").w | tonumber) | add) as $sum
      | ($sum - $s | fabs) < 0.001 * length] | all' "$q: --explain still adds up"
done
assert_eq "homegrown garden" "$(ids homegrown)" "homegrown: the article about it before one home-grown in passing"
assert_eq "homegrown garden" "$(ids home-grown)" "home-grown: the same"

section "a query word is read in a second language only where it can be in it"
top3=$(ids AI Act fines | cut -d' ' -f1-3)
assert_eq "fines-budget fines-enforcement fines-gpai" "$(printf '%s\n' $top3 | sort | tr '\n' ' ' | sed 's/ $//')" \
    "AI Act fines: the three English articles on fines first"
assert_not_contains "$top3" "fin-fr" "AI Act fines: not the French article (French fin, the end) in the top 3"
run "$PASSIM" search --db "$DB" --json fines
assert_jq '[.hits[].id] | index("fin-fr") == null' "fines alone: not the French article"
assert_eq "fin-fr" "$(ids exemptions)" "exemptions (English stem unknown here): the French article by its French stem"
assert_eq "fin-fr" "$(ids --lang fr fines)" "--lang fr fines: the French article, read in French as asked"
assert_eq "fin-fr" "$(ids openai)" "openai: the French article naming OpenAI (French stem open) by the word as typed"
run "$PASSIM" search --db "$DB" --json --explain openai
assert_jq '.hits[0].explain | split("\n") | map(select(test("^bm25 "))) | length == 1' \
    "openai: its stem and the word as typed are one part"

section "British and American spellings find each other"
for q in licence license licences licensed; do
    assert_eq "license-us licence-gb" "$(ids "$q" | tr ' ' '\n' | sort -r | tr '\n' ' ' | sed 's/ $//')" \
        "$q: the licence and the license article"
done
for q in organisations organization colour color; do
    assert_eq "license-us licence-gb" "$(ids "$q" | tr ' ' '\n' | sort -r | tr '\n' ' ' | sed 's/ $//')" \
        "$q: both spellings"
done
run "$PASSIM" search --db "$DB" --json license
assert_jq '.hits[] | select(.id == "licence-gb") | .highlights | length > 0' "license: licence is highlighted"

section "did you mean: only a query that finds more"
for q in poaching shortage 'GPU shortage'; do
    assert_status 0 "$PASSIM" search --db "$DB" --json "$q"
    assert_jq '.total >= 1 and .suggestion == null' "$q (in a title only): found, no suggestion"
done
for q in 'GPU crash' 'talent crash'; do
    assert_status 0 "$PASSIM" search --db "$DB" --json "$q"
    assert_jq '.suggestion == null' "$q: crash unknown, but '${q% *} cash' finds no more articles: no suggestion"
done
assert_status 1 "$PASSIM" search --db "$DB" --json casj
assert_jq '.suggestion == "cash"' "casj finds nothing: cash, which finds an article, is suggested"
assert_status 0 "$PASSIM" search --db "$DB" --json casj reserves
assert_jq '.suggestion == "cash reserves"' "casj reserves: cash reserves finds an article having both words"

finish
