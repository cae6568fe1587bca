#include "transform/metadata.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

// SHA1_Init & co. (see content_identifier): deprecated in OpenSSL 3.0, still its API.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace galley {

void merge_metadata(Metadata& base, const Metadata& overrides) {
    auto take = [](std::string& into, const std::string& from) {
        if (!from.empty()) into = from;
    };
    take(base.title, overrides.title);
    take(base.subtitle, overrides.subtitle);
    if (!overrides.authors.empty()) base.authors = overrides.authors;
    take(base.language, overrides.language);
    take(base.date, overrides.date);
    take(base.publisher, overrides.publisher);
    take(base.source_name, overrides.source_name);
    take(base.source_url, overrides.source_url);
    take(base.rights, overrides.rights);
    take(base.identifier, overrides.identifier);
    take(base.description, overrides.description);
    if (!overrides.keywords.empty()) base.keywords = overrides.keywords;
}

std::string guess_language(const Document& document) {
    // A handful of the most frequent function words of each language; articles are long
    // enough that counting them separates the languages well.
    static const std::map<std::string, std::set<std::string>> function_words = {
        {"en", {"the", "and", "of", "to", "in", "is", "that", "was", "for", "with", "he", "it", "on", "as"}},
        {"fr", {"le", "la", "les", "des", "et", "du", "un", "une", "est", "que", "qui", "dans", "pour", "sur", "au"}},
        {"de", {"der", "die", "das", "und", "den", "ist", "nicht", "mit", "sich", "auf", "ein", "eine", "auch", "für"}},
        {"es", {"el", "los", "las", "del", "y", "que", "en", "por", "con", "una", "para", "es", "se"}},
        {"it", {"il", "della", "che", "di", "e", "per", "non", "con", "sono", "gli", "una", "del"}},
        {"nl", {"de", "het", "een", "en", "van", "niet", "dat", "ik", "zijn", "op", "voor", "met"}},
        {"pt", {"o", "os", "as", "da", "do", "e", "que", "não", "em", "uma", "para", "com"}},
    };
    // The same lists by word, so that each word of the text is looked up once, not once per
    // language.
    static const std::unordered_map<std::string, std::vector<std::string>> languages_of = [] {
        std::unordered_map<std::string, std::vector<std::string>> index;
        for (const auto& [language, list] : function_words)
            for (const std::string& word : list) index[word].push_back(language);
        return index;
    }();
    std::map<std::string, int> scores;
    int words = 0;
    for (const std::string& paragraph : paragraph_texts(document.blocks)) {
        std::string word;
        auto finish = [&] {
            if (word.empty()) return;
            ++words;
            if (const auto found = languages_of.find(word); found != languages_of.end())
                for (const std::string& language : found->second) ++scores[language];
            word.clear();
        };
        for (unsigned char c : paragraph) {
            if (c >= 'A' && c <= 'Z') word += static_cast<char>(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || c >= 0x80) word += static_cast<char>(c);
            else finish();
        }
        finish();
    }
    std::string best;
    int best_score = 0, second = 0;
    for (const auto& [language, score] : scores) {
        if (score > best_score) {
            second = best_score;
            best_score = score;
            best = language;
        } else if (score > second) {
            second = score;
        }
    }
    // Demand a clear winner that covers a fair share of the words.
    if (best_score < 5 || best_score * 10 < words || best_score < second * 3 / 2) return "";
    return best;
}

void apply_metadata_defaults(Document& document, const std::function<void(const std::string&)>& warn) {
    if (document.metadata.language.empty()) {
        document.metadata.language = guess_language(document);
        if (document.metadata.language.empty()) document.metadata.language = "en";
    }
    if (document.metadata.title.empty()) {
        std::string stem = document.source_name == "-" || document.source_name.empty()
                               ? std::string("Untitled")
                               : std::filesystem::path(document.source_name).stem().string();
        document.metadata.title = stem;
        if (warn)
            warn("the article has no title; using \"" + stem + "\" (set one with --title or a 'title:' in front matter)");
    }
}

std::string content_identifier(const Document& document) {
    // RFC 4122 version 5: SHA-1 over a namespace UUID and the name. Our namespace is the
    // URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8) with the name below.
    static const std::array<unsigned char, 16> url_namespace = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                                0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    // OpenSSL's SHA-1 functions rather than EVP, whose first use loads openssl.cnf and the
    // default provider (~2 ms, a thirtieth of formatting an article).
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA_CTX context;
    SHA1_Init(&context);
    SHA1_Update(&context, url_namespace.data(), url_namespace.size());
    // The name is "galley:article:", then the title, subtitle, date, language, authors and
    // every paragraph, each ending in a line feed. It is hashed piece by piece rather than
    // copied into one string first (a book's whole text, twice).
    auto add_line = [&](const std::string& piece) {
        SHA1_Update(&context, piece.data(), piece.size());
        SHA1_Update(&context, "\n", 1);
    };
    SHA1_Update(&context, "galley:article:", 15);
    for (const std::string* field : {&document.metadata.title, &document.metadata.subtitle, &document.metadata.date,
                                     &document.metadata.language})
        add_line(*field);
    for (const std::string& author : document.metadata.authors) add_line(author);
    for (const std::string& paragraph : paragraph_texts(document.blocks)) add_line(paragraph);
    SHA1_Final(digest, &context);
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
                  digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
    return std::string("urn:uuid:") + text;
}

}  // namespace galley
