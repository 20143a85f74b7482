/* stopwords.c — stopword lists and the hash set the analyzer looks them up
 * in for every token. */
#include "stopwords.h"

#include <stdint.h>
#include <string.h>

#include "hash.h"

/* English fragments such as "isn", "ll", "ve" and "t" are here because the
 * analyzer splits contractions at the apostrophe ("isn't" -> "isn", "t"). */
/* clang-format off */
static const char *const english[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "among", "an", "and", "any", "are", "aren", "as", "at", "be", "because",
    "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "couldn", "d", "did", "didn", "do", "does", "doesn", "doing",
    "down", "during", "each", "either", "few", "for", "from", "further",
    "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "isn", "it", "its", "itself", "just", "ll", "m",
    "may", "me", "might", "more", "most", "must", "mustn", "my", "myself",
    "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "ourselves", "out", "over", "own", "re",
    "s", "same", "shall", "shan", "she", "should", "shouldn", "so", "some",
    "such", "t", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "upon", "us", "ve",
    "very", "via", "was", "wasn", "we", "were", "weren", "what", "when",
    "where", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "wouldn", "you", "your", "yours",
    "yourself", "yourselves", NULL};

/* Elided articles and pronouns ("l'", "qu'", "d'") stand alone after the
 * analyzer splits at the apostrophe. Folding merges "a"/"à", "ou"/"où". */
static const char *const french[] = {
    "a", "ai", "aie", "aient", "aies", "ait", "as", "au", "aucun", "aucune",
    "aura", "aurait", "aussi", "autre", "aux", "avaient", "avais", "avait",
    "avant", "avec", "avez", "aviez", "avions", "avons", "ayant", "c", "ca",
    "car", "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet",
    "cette", "ceux", "chez", "comme", "d", "dans", "de", "des", "donc",
    "dont", "du", "elle", "elles", "en", "entre", "es", "est", "et",
    "etaient", "etais", "etait", "etant", "ete", "etes", "etre", "eu", "eux",
    "fait", "fut", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
    "leurs", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n",
    "ne", "ni", "nos", "notre", "nous", "on", "ont", "or", "ou", "par", "pas",
    "pendant", "peu", "plus", "pour", "pourquoi", "qu", "quand", "que",
    "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "sans",
    "se", "sera", "serait", "seront", "ses", "si", "sien", "soi", "soit",
    "sommes", "son", "sont", "sous", "suis", "sur", "t", "ta", "te", "tes",
    "toi", "ton", "tous", "tout", "toute", "toutes", "tres", "tu", "un",
    "une", "vers", "vos", "votre", "vous", "y", NULL};

/* Folding turns "ü" into "u" and "ß" into "ss": "fur", "uber", "dass". */
static const char *const german[] = {
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am",
    "an", "andere", "anderen", "anderer", "anderes", "auch", "auf", "aus",
    "bei", "beim", "bin", "bis", "bist", "da", "damit", "dann", "das", "dass",
    "dein", "deine", "deinem", "deinen", "deiner", "dem", "den", "denn",
    "der", "des", "dessen", "dich", "die", "dies", "diese", "diesem",
    "diesen", "dieser", "dieses", "dir", "doch", "dort", "du", "durch",
    "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "euch",
    "euer", "eure", "fur", "gegen", "gewesen", "habe", "haben", "hat",
    "hatte", "hatten", "hier", "hinter", "ich", "ihm", "ihn", "ihnen", "ihr",
    "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "in", "ins", "ist",
    "jede", "jedem", "jeden", "jeder", "jedes", "jene", "jener", "kann",
    "kein", "keine", "keinem", "keinen", "keiner", "konnen", "konnte", "man",
    "mein", "meine", "meinem", "meinen", "meiner", "mich", "mir", "mit",
    "muss", "mussen", "nach", "neben", "nicht", "noch", "nun", "nur", "ob",
    "oder", "ohne", "sehr", "sein", "seine", "seinem", "seinen", "seiner",
    "sich", "sie", "sind", "so", "soll", "sollen", "sollte", "sondern",
    "uber", "um", "und", "uns", "unser", "unsere", "unter", "vom", "von",
    "vor", "wahrend", "war", "waren", "warst", "was", "weil", "welche",
    "welchem", "welchen", "welcher", "welches", "wenn", "wer", "werde",
    "werden", "wie", "wieder", "will", "wir", "wird", "wirst", "wo",
    "wollen", "wollte", "wurde", "wurden", "zu", "zum", "zur", "zwischen",
    NULL};

static const struct {
    const char *language;
    const char *const *words;
} lists[] = {
    {"english", english},
    {"porter", english}, /* libstemmer's older English algorithm */
    {"french", french},
    {"german", german},
};
/* clang-format on */

const char *const *stopword_list(const char *language)
{
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        if (strcmp(language, lists[i].language) == 0)
            return lists[i].words;
    }
    return NULL;
}

void stopword_set_init(stopword_set *set, const char *language)
{
    const char *const *words = stopword_list(language);
    memset(set, 0, sizeof *set);
    for (size_t i = 0; words && words[i]; i++) {
        size_t len = strlen(words[i]);
        uint32_t slot = word_hash(words[i], len) % STOPWORD_SLOTS;
        while (set->word[slot])
            slot = (slot + 1) % STOPWORD_SLOTS;
        set->word[slot] = words[i];
        set->len[slot] = (unsigned char)len;
        if (len > set->longest)
            set->longest = len;
    }
}

bool stopword_set_contains(const stopword_set *set, const char *word,
                           size_t len)
{
    if (len > set->longest)
        return false;
    uint32_t slot = word_hash(word, len) % STOPWORD_SLOTS;
    while (set->word[slot]) {
        if (set->len[slot] == len && memcmp(set->word[slot], word, len) == 0)
            return true;
        slot = (slot + 1) % STOPWORD_SLOTS;
    }
    return false;
}
