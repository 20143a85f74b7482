/* spelling_variants.c — the table of British and American spellings (see
 * spelling_variants.h) and the rules that read it. */
#include "spelling_variants.h"

#include <stdbool.h>
#include <string.h>

typedef enum direction { TO_AMERICAN, TO_BRITISH } direction;

/* A word being rewritten: NUL-terminated, at most ANALYZER_MAX_TERM_BYTES. */
typedef struct word {
    char text[ANALYZER_MAX_TERM_BYTES + 1];
    size_t len;
} word;

/* British spellings first. */
typedef struct pair {
    const char *british, *american;
} pair;

/* Endings whose -is- / -ys- is -iz- / -yz- in American spelling. */
/* clang-format off */
static const char *const ise_endings[] = {
    "ise", "ised", "ises", "ising", "isation", "isations", "isational",
    "iser", "isers",
};
static const char *const yse_endings[] = {"yse", "ysed", "yses", "ysing",
                                          "yser"};

/* Words ending in -ise in both spellings, by what comes before the -ise
 * (shorter ones need no entry: a root of one or two letters is never
 * rewritten; roots ending in w, v or gu are left alone by rule: likewise,
 * advise, disguise). */
static const char *const ise_kept[] = {
    "advert", "appr",    "appra", "bru",    "cer",     "chast",   "chem",
    "circumc", "compr",  "comprom", "conc", "cru",     "dem",     "desp",
    "enterpr", "exc",    "exerc", "expert", "franch",  "fundra",  "inc",
    "marqu",  "merchand", "moonr", "mort",  "parad",   "porpo",   "pra",
    "prec",   "prem",    "prom",  "rem",    "repr",    "sunr",    "surm",
    "surpr",  "torto",   "treat", "turquo", "upr",     "upra",    "val",
};

/* Roots spelled differently wherever they stand in a word. */
static const pair roots[] = {
    {"colour", "color"},       {"favour", "favor"},
    {"honour", "honor"},       {"labour", "labor"},
    {"neighbour", "neighbor"}, {"behaviour", "behavior"},
    {"harbour", "harbor"},     {"humour", "humor"},
    {"flavour", "flavor"},     {"rumour", "rumor"},
    {"vapour", "vapor"},       {"savour", "savor"},
    {"endeavour", "endeavor"}, {"armour", "armor"},
    {"parlour", "parlor"},     {"vigour", "vigor"},
    {"rigour", "rigor"},       {"odour", "odor"},
    {"tumour", "tumor"},       {"valour", "valor"},
    {"splendour", "splendor"}, {"clamour", "clamor"},
    {"candour", "candor"},     {"fervour", "fervor"},
    {"saviour", "savior"},     {"demeanour", "demeanor"},
    {"ardour", "ardor"},       {"rancour", "rancor"},
    {"licence", "license"},    {"defence", "defense"},
    {"offence", "offense"},    {"pretence", "pretense"},
    {"sceptic", "skeptic"},    {"jewellery", "jewelry"},
    {"aluminium", "aluminum"}, {"plough", "plow"},
    {"mould", "mold"},         {"moult", "molt"},
};

/* Roots of words ending -re / -er: British root + e, es, ed, ing against
 * American root + nothing, s, ed, ing, at the start of a word. */
static const pair re_roots[] = {
    {"centr", "center"},         {"metr", "meter"},
    {"litr", "liter"},           {"theatr", "theater"},
    {"fibr", "fiber"},           {"calibr", "caliber"},
    {"sabr", "saber"},           {"sombr", "somber"},
    {"spectr", "specter"},       {"lustr", "luster"},
    {"meagr", "meager"},         {"manoeuvr", "maneuver"},
    {"kilometr", "kilometer"},   {"centimetr", "centimeter"},
    {"millimetr", "millimeter"}, {"millilitr", "milliliter"},
    {"goitr", "goiter"},         {"ochr", "ocher"},
};
static const pair re_endings[] = {
    {"e", ""}, {"es", "s"}, {"ed", "ed"}, {"ing", "ing"},
};

/* Whole words, and their plurals in -s. */
static const pair words[] = {
    {"programme", "program"},
    {"catalogue", "catalog"},
    {"dialogue", "dialog"},
    {"analogue", "analog"},
    {"prologue", "prolog"},
    {"epilogue", "epilog"},
    {"monologue", "monolog"},
    {"grey", "gray"},
    {"tyre", "tire"},
    {"ageing", "aging"},
    {"judgement", "judgment"},
    {"acknowledgement", "acknowledgment"},
    {"enrol", "enroll"},
    {"enrolment", "enrollment"},
    {"fulfil", "fulfill"},
    {"fulfilment", "fulfillment"},
    {"skilful", "skillful"},
    {"wilful", "willful"},
    {"instalment", "installment"},
    {"practise", "practice"},
    {"encyclopaedia", "encyclopedia"},
    {"paediatric", "pediatric"},
    {"anaemia", "anemia"},
    {"leukaemia", "leukemia"},
    {"oestrogen", "estrogen"},
    {"orthopaedic", "orthopedic"},
    {"cosy", "cozy"},
    {"pyjamas", "pajamas"},
    {"sulphur", "sulfur"},
    {"artefact", "artifact"},
    {"aeroplane", "airplane"},
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static const char *from_of(const pair *p, direction d)
{
    return d == TO_AMERICAN ? p->british : p->american;
}

static const char *to_of(const pair *p, direction d)
{
    return d == TO_AMERICAN ? p->american : p->british;
}

/* Replaces w->text[at, at + n) by the NUL-terminated `with`; false when the
 * result would be too long. */
static bool splice(word *w, size_t at, size_t n, const char *with)
{
    size_t m = strlen(with);
    if (w->len - n + m > ANALYZER_MAX_TERM_BYTES)
        return false;
    memmove(w->text + at + m, w->text + at + n, w->len - at - n + 1);
    memcpy(w->text + at, with, m);
    w->len = w->len - n + m;
    return true;
}

/* Whether the word ends with `end` whose second letter is `second`
 * instead (the s or z of -ise / -ize), *root receiving where it starts. */
static bool ends_with(const word *w, const char *end, char second, size_t *root)
{
    size_t n = strlen(end);
    const char *tail;
    if (w->len < n)
        return false;
    tail = w->text + w->len - n;
    if (tail[0] != end[0] || tail[1] != second ||
        memcmp(tail + 2, end + 2, n - 2) != 0)
        return false;
    *root = w->len - n;
    return true;
}

static bool ise_kept_root(const char *root, size_t len)
{
    char last = root[len - 1];
    if (last == 'w' || last == 'v' ||
        (len >= 2 && !memcmp(root + len - 2, "gu", 2)))
        return true;
    for (size_t i = 0; i < COUNT(ise_kept); i++)
        if (strlen(ise_kept[i]) == len && !memcmp(ise_kept[i], root, len))
            return true;
    return false;
}

/* -ise / -ize (and -yse / -yze after an l: analyse, paralyse). */
static bool rewrite_ending(word *w, direction d)
{
    size_t root;
    for (size_t k = 0; k < COUNT(ise_endings) + COUNT(yse_endings); k++) {
        bool ise = k < COUNT(ise_endings);
        const char *end =
            ise ? ise_endings[k] : yse_endings[k - COUNT(ise_endings)];
        if (!ends_with(w, end, d == TO_AMERICAN ? 's' : 'z', &root) || root < 3)
            continue;
        if (ise ? (d == TO_AMERICAN ? ise_kept_root(w->text, root)
                                    : w->text[root - 1] == 's')
                : w->text[root - 1] != 'l')
            return false;
        w->text[root + 1] = d == TO_AMERICAN ? 'z' : 's';
        return true;
    }
    return false;
}

static bool rewrite_root(word *w, direction d)
{
    for (size_t i = 0; i < COUNT(roots); i++) {
        const char *at = strstr(w->text, from_of(&roots[i], d));
        if (at)
            return splice(w, (size_t)(at - w->text),
                          strlen(from_of(&roots[i], d)), to_of(&roots[i], d));
    }
    return false;
}

static bool rewrite_re(word *w, direction d)
{
    for (size_t i = 0; i < COUNT(re_roots); i++) {
        const char *root = from_of(&re_roots[i], d);
        size_t n = strlen(root);
        if (w->len < n || memcmp(w->text, root, n) != 0)
            continue;
        for (size_t k = 0; k < COUNT(re_endings); k++)
            if (strcmp(w->text + n, from_of(&re_endings[k], d)) == 0) {
                word out = {"", 0};
                if (!splice(&out, 0, 0, to_of(&re_roots[i], d)) ||
                    !splice(&out, out.len, 0, to_of(&re_endings[k], d)))
                    return false;
                *w = out;
                return true;
            }
    }
    return false;
}

static bool rewrite_word(word *w, direction d)
{
    for (size_t i = 0; i < COUNT(words); i++) {
        const char *from = from_of(&words[i], d);
        size_t n = strlen(from);
        if (strncmp(w->text, from, n) == 0 &&
            (w->len == n || (w->len == n + 1 && w->text[n] == 's')))
            return splice(w, 0, n, to_of(&words[i], d));
    }
    return false;
}

/* The word in one spelling, every rule applied once; false when none
 * applies. */
static bool respell(word *w, direction d)
{
    bool changed = rewrite_ending(w, d);
    changed = rewrite_root(w, d) || changed;
    changed = rewrite_re(w, d) || changed;
    return rewrite_word(w, d) || changed;
}

size_t
spelling_variants(const analyzer *a, const char *term, size_t len,
                  char out[SPELLING_MAX_VARIANTS][ANALYZER_MAX_TERM_BYTES + 1])
{
    const char *lang = a ? analyzer_language(a) : "";
    size_t n = 0;
    if ((strcmp(lang, "english") != 0 && strcmp(lang, "porter") != 0) ||
        len == 0 || len > ANALYZER_MAX_TERM_BYTES)
        return 0;
    for (int d = TO_AMERICAN; d <= TO_BRITISH; d++) {
        word w;
        memcpy(w.text, term, len);
        w.text[len] = '\0';
        w.len = len;
        if (!respell(&w, (direction)d) ||
            (n == 1 && strcmp(out[0], w.text) == 0))
            continue;
        memcpy(out[n++], w.text, w.len + 1);
    }
    return n;
}
