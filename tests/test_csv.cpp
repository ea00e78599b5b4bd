#define BOOST_TEST_MODULE csv
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/io/csv.hpp>

#include "csv_differential.hpp"
#include "csv_model.hpp"

namespace io = smooth::io;
namespace tt = boost::test_tools;
using csv_differential::piecewise_buf;

namespace {

using namespace std::string_literals;

/// The reader's records read three ways: a std::istringstream, a stream that hands out one byte
/// at a time, and one that hands out pieces of random sizes.
std::vector<csv_model::result> three_ways(std::string const& text, char delimiter, std::uint64_t seed = 1)
{
    std::vector<csv_model::result> out;
    std::istringstream whole(text);
    out.push_back(csv_differential::read(whole, delimiter));
    piecewise_buf one(text);
    std::istream one_byte(&one);
    out.push_back(csv_differential::read(one_byte, delimiter));
    piecewise_buf pieces(text, seed);
    std::istream in_pieces(&pieces);
    out.push_back(csv_differential::read(in_pieces, delimiter));
    return out;
}

constexpr char const* way_name[] = {"istringstream", "one byte a read", "random pieces"};

std::vector<std::string> texts(csv_model::record const& r)
{
    std::vector<std::string> out;
    for (const auto& f : r.fields) {
        out.push_back(f.text);
    }
    return out;
}

using strings = std::vector<std::string>;

} // namespace

// ---- issue 20's reproducers (each fails on csv.cpp before 33cb719) ----

BOOST_AUTO_TEST_CASE(a_quoted_line_break_in_a_last_record_without_a_final_line_break)
{
    for (const auto& [text, last] : {std::pair{"a,X\n\"p\nq\",1234"s, "1234"s}, std::pair{"name,X\n\"p\nq\",12"s, "12"s}}) {
        const auto ways = three_ways(text, ',');
        for (std::size_t w = 0; w < ways.size(); ++w) {
            BOOST_TEST_CONTEXT(way_name[w] << ", " << csv_differential::escaped(text))
            {
                const auto& r = ways[w];
                BOOST_TEST_REQUIRE(r.ok);
                BOOST_TEST_REQUIRE(r.records.size() == 2U);
                BOOST_TEST(texts(r.records[1]) == (strings{"p\nq", last}), tt::per_element());
                BOOST_TEST(r.records[1].line == 2U);
                BOOST_TEST(r.records[1].fields[1].line == 3U);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_quote_inside_an_unquoted_field_is_a_character)
{
    {
        const auto ways = three_ways("X,b,c\n1,q\"q\n", ',');
        for (std::size_t w = 0; w < ways.size(); ++w) {
            BOOST_TEST_CONTEXT(way_name[w])
            {
                BOOST_TEST_REQUIRE(ways[w].ok);
                BOOST_TEST_REQUIRE(ways[w].records.size() == 2U);
                BOOST_TEST(texts(ways[w].records[1]) == (strings{"1", "q\"q"}), tt::per_element());
            }
        }
    }
    {
        const auto ways = three_ways("X\n1\n2\"\n", ',');
        for (std::size_t w = 0; w < ways.size(); ++w) {
            BOOST_TEST_CONTEXT(way_name[w])
            {
                BOOST_TEST_REQUIRE(ways[w].ok);
                BOOST_TEST_REQUIRE(ways[w].records.size() == 3U);
                BOOST_TEST(texts(ways[w].records[2]) == (strings{"2\""}), tt::per_element());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unclosed_quote_is_an_error_at_its_line)
{
    const auto ways = three_ways("a,x\n1,2\n\"q,3\n", ',');
    for (std::size_t w = 0; w < ways.size(); ++w) {
        BOOST_TEST_CONTEXT(way_name[w])
        {
            BOOST_TEST(!ways[w].ok);
            BOOST_TEST(ways[w].error_line == 3U);
            BOOST_TEST(ways[w].records.size() == 2U);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_line_of_tabs_under_the_tab_delimiter_is_a_record_of_empty_fields)
{
    const auto ways = three_ways("a\tb\tc\n\t\t\n1\t2\t3\n", '\t');
    for (std::size_t w = 0; w < ways.size(); ++w) {
        BOOST_TEST_CONTEXT(way_name[w])
        {
            BOOST_TEST_REQUIRE(ways[w].ok);
            BOOST_TEST_REQUIRE(ways[w].records.size() == 3U);
            BOOST_TEST(texts(ways[w].records[1]) == (strings{"", "", ""}), tt::per_element());
            BOOST_TEST(ways[w].records[2].line == 3U);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_file_of_lone_carriage_returns_is_an_error_at_line_1)
{
    const auto ways = three_ways("time,value\r1,2\r3,4\r", ',');
    for (std::size_t w = 0; w < ways.size(); ++w) {
        BOOST_TEST_CONTEXT(way_name[w])
        {
            BOOST_TEST(!ways[w].ok);
            BOOST_TEST(ways[w].error_line == 1U);
            BOOST_TEST(ways[w].records.empty());
            BOOST_TEST(ways[w].error.find("tr '\\r' '\\n'") != std::string::npos);
        }
    }
}

// ---- what the differential test found (each fails on csv.cpp before issue 20's part 1) ----

BOOST_AUTO_TEST_CASE(a_nul_byte_after_a_record_s_first_line_is_an_error_at_its_line)
{
    // only the first line of a record was searched for a NUL: these read as text
    for (const auto& text : {"a,b\n\"x\ny\0\",1\n"s, "a,b\n\"x\ny\",\0\n"s, "a,b\n\"x\n\0\n"s}) {
        const auto ways = three_ways(text, ',');
        for (std::size_t w = 0; w < ways.size(); ++w) {
            BOOST_TEST_CONTEXT(way_name[w] << ", " << csv_differential::escaped(text))
            {
                BOOST_TEST(!ways[w].ok);
                BOOST_TEST(ways[w].error_line == 3U);
                BOOST_TEST(ways[w].error.find("NUL") != std::string::npos);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_lone_carriage_return_in_a_comment_is_an_error)
{
    // a classic Mac file that starts with a comment was one comment line: no records, no error
    const auto ways = three_ways("# made by a Mac\rtime,value\r1,2\r", ',');
    for (std::size_t w = 0; w < ways.size(); ++w) {
        BOOST_TEST_CONTEXT(way_name[w])
        {
            BOOST_TEST(!ways[w].ok);
            BOOST_TEST(ways[w].error_line == 1U);
            BOOST_TEST(ways[w].error.find("tr '\\r' '\\n'") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_record_longer_than_max_record_is_an_error_at_its_first_line_however_it_arrives)
{
    // a quoted record of many lines, 1.5 MiB: refused at line 3 (its start) whether the stream
    // hands it out in large pieces (was accepted) or one byte at a time (was refused at line 4)
    std::string text = "h\nfirst\n\"";
    while (text.size() < io::record_reader::max_record * 3 / 2) {
        text += "some text inside quotes\n";
    }
    text += "\",1\nlast\n";
    // one way after the other (the one-byte way last: before issue 20 it scanned the record
    // again after every byte, and took hours)
    for (std::size_t w = 0; w < 3; ++w) {
        BOOST_TEST_CONTEXT((w == 0 ? "istringstream" : w == 1 ? "4096 bytes a read" : "one byte a read"))
        {
            std::istringstream whole(text);
            piecewise_buf pieces(text, 0, w == 1 ? 4096 : 1);
            std::istream in_pieces(&pieces);
            const auto r = csv_differential::read(w == 0 ? static_cast<std::istream&>(whole) : in_pieces, ',');
            BOOST_TEST(!r.ok);
            BOOST_TEST(r.error_line == 3U);
            BOOST_TEST(r.records.size() == 2U);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_counts_in_no_record_s_length)
{
    // a first line of max_record bytes after the mark: accepted from an istringstream, refused
    // one byte at a time (the mark was counted while the line was gathered)
    const std::string text = "\xEF\xBB\xBF" + std::string(io::record_reader::max_record, 'x') + "\n";
    const auto ways = three_ways(text, ',');
    for (std::size_t w = 0; w < ways.size(); ++w) {
        BOOST_TEST_CONTEXT(way_name[w])
        {
            BOOST_TEST_REQUIRE(ways[w].ok);
            BOOST_TEST_REQUIRE(ways[w].records.size() == 1U);
            BOOST_TEST(ways[w].records[0].fields[0].text.size() == io::record_reader::max_record);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_delimiter_detected_does_not_depend_on_how_the_stream_hands_out_its_bytes)
{
    // words that are not numbers on the first line: the next line with words decides, and it
    // was looked at only as far as the buffer held it (one byte at a time: not at all, ',')
    // (as many words as the first line: whitespace; a different count: ',' and one column)
    for (const auto& [text, fields] :
         {std::pair{"price index\n# note\n\n1.5 2\n3 4\n"s, 2U}, std::pair{"price index\n1.5 2 3\n"s, 1U}}) {
        const auto ways = three_ways(text, 0);
        for (std::size_t w = 0; w < ways.size(); ++w) {
            BOOST_TEST_CONTEXT(way_name[w] << ", " << csv_differential::escaped(text))
            {
                BOOST_TEST_REQUIRE(ways[w].ok);
                BOOST_TEST_REQUIRE(ways[w].records.size() >= 2U);
                BOOST_TEST(ways[w].records[0].fields.size() == fields);
            }
        }
    }
}

// ---- the model itself, on examples worked by hand from RFC 4180 and csv.hpp ----

// The common case reads a line eight bytes at a time (csv.cpp, record_reader::next): a quote,
// a NUL, a carriage return, a delimiter or a blank at any place of lines of 1 to 40 bytes,
// which puts each at every byte of a word and in the bytes after the last whole word, read
// as the model reads it (each of the three ways).
BOOST_AUTO_TEST_CASE(a_special_byte_at_every_place_of_a_line_is_read_as_the_model_reads_it)
{
    std::size_t checked = 0;
    std::size_t refused = 0;
    for (const char d : {',', ';', '\t'}) {
        for (std::size_t length = 1; length <= 40; ++length) {
            for (std::size_t at = 0; at < length; ++at) {
                for (const char c : {'"', '\0', '\r', ',', ';', '\t', ' ', d}) {
                    std::string line(length, '7');
                    for (std::size_t k = 5; k < length; k += 11) {
                        line[k] = d; // a delimiter at 5, 16, 27, 38: fields of 5, then 10 digits
                    }
                    line[at] = c;
                    const std::string text = "a" + std::string(1, d) + "b\n" + line + "\n1" + std::string(1, d) + "2\n";
                    const auto model = csv_model::parse(text, d, io::record_reader::max_record);
                    refused += model.ok ? 0 : 1;
                    const auto ways = three_ways(text, d, at + 1);
                    for (std::size_t w = 0; w < ways.size(); ++w) {
                        const std::string difference = csv_differential::difference(model, ways[w]);
                        BOOST_TEST(difference.empty(), way_name[w] << ", " << csv_differential::escaped(text) << ": " << difference);
                        ++checked;
                    }
                }
            }
        }
    }
    BOOST_TEST(checked == 3U * 3U * 8U * (40U * 41U / 2U));
    BOOST_TEST(refused > 0U); // the NULs and carriage returns inside a line
}

BOOST_AUTO_TEST_CASE(the_model_reads_rfc_4180_s_examples)
{
    // RFC 4180 section 2, rules 1-7
    auto r = csv_model::parse("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n", ',');
    BOOST_TEST_REQUIRE(r.ok);
    BOOST_TEST_REQUIRE(r.records.size() == 2U);
    BOOST_TEST(texts(r.records[0]) == (strings{"aaa", "bbb", "ccc"}), tt::per_element());
    BOOST_TEST(texts(r.records[1]) == (strings{"zzz", "yyy", "xxx"}), tt::per_element());
    r = csv_model::parse("aaa,bbb,ccc\r\nzzz,yyy,xxx", ',');
    BOOST_TEST_REQUIRE(r.records.size() == 2U);
    BOOST_TEST(texts(r.records[1]) == (strings{"zzz", "yyy", "xxx"}), tt::per_element());
    r = csv_model::parse("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx", ',');
    BOOST_TEST_REQUIRE(r.ok);
    BOOST_TEST_REQUIRE(r.records.size() == 2U);
    BOOST_TEST(texts(r.records[0]) == (strings{"aaa", "b\r\nbb", "ccc"}), tt::per_element());
    BOOST_TEST(r.records[0].fields[1].quoted);
    BOOST_TEST(r.records[1].line == 3U);
    r = csv_model::parse("\"aaa\",\"b\"\"bb\",\"ccc\"", ',');
    BOOST_TEST_REQUIRE(r.records.size() == 1U);
    BOOST_TEST(texts(r.records[0]) == (strings{"aaa", "b\"bb", "ccc"}), tt::per_element());
    // empty fields, a delimiter inside quotes, another delimiter
    r = csv_model::parse(",,\n\"a;b\";\"\";c\n", ';');
    BOOST_TEST_REQUIRE(r.records.size() == 2U);
    BOOST_TEST(texts(r.records[0]) == (strings{",,"}), tt::per_element());
    BOOST_TEST(texts(r.records[1]) == (strings{"a;b", "", "c"}), tt::per_element());
    r = csv_model::parse(",,", ',');
    BOOST_TEST_REQUIRE(r.records.size() == 1U);
    BOOST_TEST(texts(r.records[0]) == (strings{"", "", ""}), tt::per_element());
    // lines and columns
    r = csv_model::parse("a\n\"b\nc\",d\ne", ',');
    BOOST_TEST_REQUIRE(r.records.size() == 3U);
    BOOST_TEST(r.records[1].line == 2U);
    BOOST_TEST(r.records[1].fields[1].line == 3U);
    BOOST_TEST(r.records[1].fields[1].column == 4U);
    BOOST_TEST(r.records[2].line == 4U);
}

BOOST_AUTO_TEST_CASE(the_model_reads_csv_hpp_s_extensions)
{
    // BOM, blank and comment lines, trimming outside quotes, a quote inside an unquoted field
    auto r = csv_model::parse("\xEF\xBB\xBF# note\n \t\n a , \" b \" ,c\"d\n\n", ',');
    BOOST_TEST_REQUIRE(r.ok);
    BOOST_TEST_REQUIRE(r.records.size() == 1U);
    BOOST_TEST(r.records[0].line == 3U);
    BOOST_TEST(texts(r.records[0]) == (strings{"a", " b ", "c\"d"}), tt::per_element());
    BOOST_TEST(r.records[0].fields[0].column == 2U);
    BOOST_TEST(r.records[0].fields[1].column == 6U);
    // tab is not a blank when it delimits
    r = csv_model::parse(" a\t\tb \n", '\t');
    BOOST_TEST_REQUIRE(r.records.size() == 1U);
    BOOST_TEST(texts(r.records[0]) == (strings{"a", "", "b"}), tt::per_element());
    // the errors, each at its line
    const auto error_line = [](std::string_view text, std::size_t max_record = 100) {
        const auto e = csv_model::parse(text, ',', max_record);
        return e.ok ? 0 : e.error_line;
    };
    BOOST_TEST(error_line("a\n\"b") == 2U);           // never closed
    BOOST_TEST(error_line("a\n\"b\n\nc") == 2U);      // never closed, at the opening quote
    BOOST_TEST(error_line("a\n\"b\"c\n") == 2U);      // text after the closing quote
    BOOST_TEST(error_line("a\n\"b\" \"c\"\n") == 2U); // another quote after blanks
    BOOST_TEST(error_line("a\rb\n") == 1U);           // a lone CR
    BOOST_TEST(error_line("x\na\r\r\n") == 2U);       // a CR, then CR LF
    BOOST_TEST(error_line(std::string_view("x\n\"a\nb\0\"", 8)) == 3U); // a NUL inside quotes
    BOOST_TEST(error_line("#a\rb\n") == 1U);          // a lone CR in a comment
    BOOST_TEST(error_line("ab\r") == 0U);             // a CR that ends the input ends the line
    BOOST_TEST(error_line("\"a\nb\"c\n", 3) == 1U);  // too long (6 bytes) beats text after the quote
    BOOST_TEST(error_line("abc\r\nd", 3) == 1U);      // the CR counts
    BOOST_TEST(error_line("abc\nd", 3) == 0U);        // the LF does not
    BOOST_TEST(error_line("\xEF\xBB\xBF" "abc", 3) == 0U); // nor the BOM
    BOOST_TEST(error_line("x\n\"a\nb\"\n", 5) == 0U);
    BOOST_TEST(error_line("x\n\"a\nb\"\n", 4) == 2U); // a record of two lines, 5 bytes
}

// ---- the reader against the model ----

namespace {

/// splitmix64: the same sequence on every platform and library (the <random> distributions
/// are not).
class rng {
public:
    explicit rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }
    template <class T, std::size_t N>
    T const& pick(T const (&items)[N])
    {
        return items[below(N)];
    }

private:
    std::uint64_t state_;
};

constexpr char bom[] = "\xEF\xBB\xBF";

void append_blanks(rng& r, std::string& out)
{
    for (std::size_t n = r.below(3); n > 0; --n) {
        out += r.chance(70) ? ' ' : '\t';
    }
}

/// Text of an unquoted field: letters, digits, inner blanks, a '#', a quote now and then (not
/// first), rarely a CR or a NUL.
void append_unquoted(rng& r, std::string& out, std::size_t length)
{
    static constexpr char const* pieces[] = {"a", "b", "1", "7", ".", "-", "x y", "#", "\"", "\"\"", "e5"};
    for (std::size_t k = 0; k < length; ++k) {
        if (r.chance(1)) {
            out += r.chance(50) ? '\r' : '\0';
        } else {
            out += r.pick(pieces);
        }
    }
}

/// Text inside quotes: letters, blanks, delimiters, line breaks of every kind, doubled quotes.
void append_quoted_text(rng& r, std::string& out, char delimiter, std::size_t length)
{
    static constexpr char const* pieces[] = {"a", "b", "2", " ", "\t", ",", ";", "\n", "\r\n", "\"\"", "#", "\n\n", "\r"};
    for (std::size_t k = 0; k < length; ++k) {
        if (r.chance(10)) {
            out += delimiter;
        } else if (r.below(300) == 0) {
            out += '\0';
        } else {
            out += r.pick(pieces);
        }
    }
}

/// A field longer than the reader's 64 KiB chunk: quoted (with line breaks, delimiters and
/// doubled quotes strewn in it) or not.
void append_long_field(rng& r, std::string& out, char delimiter)
{
    const std::size_t length = 60000 + r.below(140000);
    const bool quoted = r.chance(80);
    if (quoted) {
        out += '"';
    }
    const std::size_t start = out.size();
    while (out.size() - start < length) {
        out.append(1 + r.below(2000), 'x');
        if (quoted) {
            static constexpr char const* marks[] = {"\n", "\r\n", "\"\"", " "};
            out += r.chance(30) ? std::string(1, delimiter) : std::string(r.pick(marks));
        } else {
            out += ' ';
        }
    }
    if (quoted && r.chance(97)) {
        out += '"';
    }
}

void append_field(rng& r, std::string& out, char delimiter, bool last_record)
{
    if (r.chance(15)) {
        append_blanks(r, out);
    }
    const std::size_t kind = r.below(100);
    if (kind < 15) {
        // empty
    } else if (kind < 55) {
        out += r.chance(50) ? "v" : "1";
        append_unquoted(r, out, r.below(4));
    } else {
        out += '"';
        append_quoted_text(r, out, delimiter, r.below(6));
        if (last_record && r.chance(30)) {
            out += '\n';
            append_quoted_text(r, out, delimiter, r.below(3));
        }
        if (r.chance(97)) {
            out += '"';
            if (r.chance(4)) {
                static constexpr char const* after[] = {"x", "\"", " y", "\"a\""};
                out += r.pick(after); // text after the closing quote
            }
        } // else never closed
    }
    if (r.chance(15)) {
        append_blanks(r, out);
    }
}

/// One generated file for `delimiter`; `index` decides the rare long ones.
std::string generate(rng& r, char delimiter, std::size_t index)
{
    std::string out;
    if (r.chance(5)) {
        out += bom;
    }
    if (r.chance(8)) { // a soup of the characters that matter
        static constexpr char soup[] = {'"', '"', '\r', '\n', '\n', ' ', '\t', ',', ';', 'a', '#', '1'};
        for (std::size_t n = r.below(40); n > 0; --n) {
            out += r.chance(15) ? delimiter : r.pick(soup);
        }
        return out;
    }
    const bool has_long = index % 97 == 5;
    const std::size_t long_line = r.below(4);
    const std::size_t lines = r.below(7) + (has_long ? 4 : 0);
    for (std::size_t l = 0; l < lines; ++l) {
        const bool last = l + 1 == lines;
        const std::size_t kind = r.below(100);
        if (kind < 6) {
            append_blanks(r, out);
        } else if (kind < 11) {
            if (r.chance(30)) {
                append_blanks(r, out);
            }
            out += '#';
            append_unquoted(r, out, r.below(4));
            if (r.chance(20)) {
                out += ",\"x";
            }
        } else {
            const std::size_t fields = 1 + r.below(5);
            for (std::size_t k = 0; k < fields; ++k) {
                if (k > 0) {
                    out += delimiter;
                }
                if (has_long && l == long_line && k == fields / 2) {
                    append_long_field(r, out, delimiter);
                } else {
                    append_field(r, out, delimiter, last);
                }
            }
        }
        const std::size_t end = r.below(100);
        if (last && end < 40) {
            break; // no final line break
        }
        out += end < 64 ? "\n" : end < 96 ? "\r\n" : "\r";
    }
    if (r.chance(8)) { // a few edits anywhere
        static constexpr char edits[] = {'"', '\r', '\n', ',', ';', '\t', ' ', '#', '\0', 'a', '\xEF'};
        for (std::size_t n = 1 + r.below(3); n > 0; --n) {
            const std::size_t at = r.below(out.size() + 1);
            const std::size_t what = r.below(3);
            if (what == 0 || at == out.size()) {
                out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), r.pick(edits));
            } else if (what == 1) {
                out[at] = r.pick(edits);
            } else {
                out.erase(at, 1);
            }
        }
    }
    return out;
}

/// A record of max_record + delta bytes (its CR counted, its LF not), in one of three shapes.
std::string generate_at_the_limit(rng& r, char delimiter, int delta)
{
    const std::size_t length = static_cast<std::size_t>(static_cast<long>(io::record_reader::max_record) + delta);
    std::string out = "h1" + std::string(1, delimiter) + "h2\n";
    const std::size_t shape = r.below(3);
    const bool crlf = r.chance(50) && shape != 2;
    const std::size_t body = length - (crlf ? 1 : 0);
    std::string record;
    if (shape == 0) { // one line, unquoted
        record = "1" + std::string(1, delimiter);
        record.append(body - record.size(), 'y');
    } else { // quoted, over many lines; shape 2 runs to the end of the input
        record = "2" + std::string(1, delimiter) + "\"";
        while (record.size() + 1 < body) {
            record += r.chance(1) ? '\n' : 'z';
        }
        record += '"';
    }
    out += record;
    if (shape != 2) {
        out += crlf ? "\r\n" : "\n";
        out += "3" + std::string(1, delimiter) + "4\n";
    }
    return out;
}

} // namespace

// 50,000 generated files, each read three ways and by the model, and three ways with the
// delimiter detected and as whitespace (which the model does not read; the ways must agree):
// about 4 s in a Release build, 25 s under the asan preset (the whole count there too).
BOOST_AUTO_TEST_CASE(the_reader_agrees_with_the_model_on_generated_files)
{
    constexpr std::size_t files = 50000;
    rng r(20261206);
    std::size_t errors = 0;
    std::size_t records = 0;
    std::size_t long_records = 0;
    std::size_t limit_files = 0;
    std::size_t limit_refused = 0;
    std::size_t quoted_break_at_the_end = 0;
    std::size_t failures = 0;
    std::size_t boms = 0;
    std::size_t lone_crs = 0;
    std::size_t crlfs = 0;
    std::size_t unterminated = 0;
    constexpr char delimiters[] = {',', ';', '\t'};
    for (std::size_t i = 0; i < files; ++i) {
        const char d = r.pick(delimiters);
        const bool at_the_limit = i % 9973 == 100;
        const std::string text =
            at_the_limit ? generate_at_the_limit(r, d, static_cast<int>((i / 9973) % 5) - 2) : generate(r, d, i);
        const auto model = csv_model::parse(text, d, io::record_reader::max_record);
        limit_files += at_the_limit ? 1 : 0;
        limit_refused += at_the_limit && !model.ok ? 1 : 0;
        const auto ways = three_ways(text, d, r.next() | 1U);
        bool agree = true;
        for (std::size_t w = 0; w < ways.size(); ++w) {
            const std::string difference = csv_differential::difference(model, ways[w]);
            agree = agree && difference.empty();
            if (!difference.empty() && failures == 0) { // the first file that disagrees, each way
                BOOST_ERROR("file " << i << ", delimiter " << csv_differential::escaped(std::string(1, d)) << ", read by "
                                    << way_name[w] << ": " << difference << "\n  " << csv_differential::escaped(text));
            }
        }
        // detected and whitespace delimiters, which the model does not read: the three ways agree
        for (const char other : {'\0', ' '}) {
            const auto others = three_ways(text, other, r.next() | 1U);
            for (std::size_t w = 1; w < others.size(); ++w) {
                std::string difference = csv_differential::difference(others[0], others[w], way_name[0], way_name[w]);
                if (difference.empty() && others[0].error != others[w].error) {
                    difference = "errors " + others[0].error + " and " + others[w].error;
                }
                agree = agree && difference.empty();
                if (!difference.empty() && failures == 0) {
                    BOOST_ERROR("file " << i << ", delimiter " << (other == 0 ? "detected" : "whitespace") << ": "
                                        << difference << "\n  " << csv_differential::escaped(text));
                }
            }
        }
        failures += agree ? 0 : 1;
        errors += model.ok ? 0 : 1;
        boms += text.starts_with(bom) ? 1 : 0;
        const std::size_t cr = text.find('\r');
        lone_crs += cr != std::string::npos && cr + 1 < text.size() && text[cr + 1] != '\n' ? 1 : 0;
        crlfs += text.find("\r\n") != std::string::npos ? 1 : 0;
        unterminated += !text.empty() && text.back() != '\n' ? 1 : 0;
        records += model.records.size();
        for (const auto& rec : model.records) {
            std::size_t bytes = 0;
            for (const auto& f : rec.fields) {
                bytes += f.text.size();
            }
            long_records += bytes > (std::size_t{1} << 16) ? 1 : 0;
        }
        if (model.ok && !model.records.empty() && !text.empty() && text.back() != '\n') {
            for (const auto& f : model.records.back().fields) {
                quoted_break_at_the_end += f.quoted && f.text.find('\n') != std::string::npos ? 1 : 0;
            }
        }
    }
    BOOST_TEST(failures == 0U);
    BOOST_TEST_MESSAGE(files << " files, " << failures << " disagreeing: " << records << " records, " << errors
                             << " errors, " << long_records << " records over 64 KiB, " << limit_files
                             << " at the record limit, " << quoted_break_at_the_end
                             << " with a quoted line break in an unterminated last record, " << unterminated
                             << " unterminated, " << boms << " with a BOM, " << crlfs << " with CRLF, " << lone_crs
                             << " with a lone CR first");
    // the generator makes what it is meant to
    BOOST_TEST(errors > files / 20);
    BOOST_TEST(errors < files / 2);
    BOOST_TEST(long_records > 200U);
    BOOST_TEST(limit_files == 6U);
    BOOST_TEST(limit_refused == 2U); // max_record + 1 and + 2; - 2, - 1, + 0 and - 2 are read
    BOOST_TEST(quoted_break_at_the_end > 500U);
    BOOST_TEST(unterminated > files / 5);
    BOOST_TEST(boms > files / 50);
    BOOST_TEST(crlfs > files / 5);
    BOOST_TEST(lone_crs > files / 50);
}
