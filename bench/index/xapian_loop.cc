// The indexing-speed peer: Xapian 1.4 used the way its documentation shows a
// user: one TermGenerator (English stemmer, STEM_SOME) indexing the title
// with prefix "S" and the body unprefixed, the body as document data, a "Q"
// id term, add_document per article, single-threaded, one commit at the end.
// bench/index/run.sh compiles it and times it next to `passim index` on the
// same JSON Lines file.
//
// usage: xapian_loop DBDIR FILE.jsonl
// Prints "N articles, B bytes of title+body" on stderr.

#include <cjson/cJSON.h>
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

static std::string string_field(const cJSON *article, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(article, name);
    if (cJSON_IsString(item) && item->valuestring)
        return item->valuestring;
    if (cJSON_IsNumber(item))
        return std::to_string(static_cast<long long>(item->valuedouble));
    return std::string();
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::cerr << "usage: xapian_loop DBDIR FILE.jsonl\n";
        return 2;
    }
    FILE *in = std::fopen(argv[2], "r");
    if (!in) {
        std::perror(argv[2]);
        return 2;
    }
    unsigned long articles = 0, bytes = 0, lineno = 0;
    try {
        Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator termgen;
        termgen.set_stemmer(Xapian::Stem("english"));
        termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

        char *line = nullptr;
        size_t cap = 0;
        while (getline(&line, &cap, in) != -1) {
            ++lineno;
            cJSON *article = cJSON_Parse(line);
            if (!article) {
                std::cerr << argv[2] << ":" << lineno << ": not JSON\n";
                continue;
            }
            std::string id = string_field(article, "id");
            std::string title = string_field(article, "title");
            std::string body = string_field(article, "body");
            cJSON_Delete(article);

            Xapian::Document doc;
            termgen.set_document(doc);
            termgen.index_text(title, 1, "S");
            termgen.index_text(body);
            doc.set_data(body);
            doc.add_boolean_term("Q" + id);
            db.add_document(doc);
            ++articles;
            bytes += title.size() + body.size();
        }
        std::free(line);
        db.commit();
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian_loop: " << e.get_description() << "\n";
        std::fclose(in);
        return 3;
    }
    std::fclose(in);
    std::cerr << articles << " articles, " << bytes << " bytes of title+body\n";
    return 0;
}
