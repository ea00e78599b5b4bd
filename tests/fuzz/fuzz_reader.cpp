// libFuzzer harness for the CSV/table reader (tests/fuzz/README.md). Oracles:
// - only io::input_error escapes (the documented error), never a crash or another exception;
// - a field the reader accepts as a number is what strtod in the C locale reads, whole;
// - read through a stream that hands out one byte at a time (per underflow and per sgetn), the
//   rows are the same.
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <smooth/io/input_error.hpp>
#include <smooth/io/table_reader.hpp>

namespace {

/// A stream buffer that gives its text one byte per underflow, and one byte per xsgetn (the
/// reader's sgetn; the default xsgetn would loop over underflow and gather the whole count).
class trickle : public std::streambuf {
public:
    explicit trickle(std::string text) : text_(std::move(text)) {}

protected:
    int_type underflow() override
    {
        if (at_ >= text_.size()) {
            return traits_type::eof();
        }
        setg(&text_[at_], &text_[at_], &text_[at_] + 1);
        ++at_;
        return traits_type::to_int_type(text_[at_ - 1]);
    }

    std::streamsize xsgetn(char* s, std::streamsize n) override
    {
        if (n <= 0) {
            return 0;
        }
        if (gptr() < egptr()) { // the byte underflow put up
            *s = *gptr();
            gbump(1);
            return 1;
        }
        if (at_ >= text_.size()) {
            return 0;
        }
        *s = text_[at_++];
        return 1;
    }

private:
    std::string text_;
    std::size_t at_ = 0;
};

struct outcome {
    std::vector<std::vector<double>> rows;
    std::vector<std::string> index;
    std::string error;
};

outcome read_all(std::istream& in, smooth::io::table_options const& options)
{
    outcome out;
    try {
        smooth::io::table_reader reader(in, "fuzz.csv", options);
        smooth::io::table_reader::row r;
        while (reader.next(r)) {
            out.rows.push_back(r.values);
            out.index.emplace_back(r.index);
            if (out.rows.size() > 100000) {
                break;
            }
        }
    } catch (smooth::io::input_error const& e) {
        out.error = e.what();
    }
    return out;
}

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

void check_field(std::string_view field)
{
    const auto v = smooth::io::parse_value(field);
    if (!v || std::isnan(*v)) {
        return; // not a number, or a missing-value token
    }
    const std::string text(field);
    char* end = nullptr;
    const double expected = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !same(expected, *v)) {
        std::abort(); // accepted, but not what strtod reads whole
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static const bool c_locale = std::setlocale(LC_ALL, "C") != nullptr;
    (void)c_locale;
    if (size < 1) {
        return 0;
    }
    smooth::io::table_options options;
    const std::uint8_t mode = data[0];
    options.header = mode % 3 == 0 ? smooth::io::header_mode::detect
                     : mode % 3 == 1 ? smooth::io::header_mode::yes
                                     : smooth::io::header_mode::no;
    options.all_columns = (mode & 4) != 0;
    if ((mode & 8) != 0) {
        options.missing_tokens = {"-", "n/a"};
    }
    const std::string text(reinterpret_cast<char const*>(data + 1), size - 1);

    std::istringstream whole(text);
    const auto a = read_all(whole, options);
    std::istream one_byte_at_a_time(nullptr);
    trickle buffer(text);
    one_byte_at_a_time.rdbuf(&buffer);
    const auto b = read_all(one_byte_at_a_time, options);
    if (a.error != b.error || a.rows.size() != b.rows.size() || a.index != b.index) {
        std::abort();
    }
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        if (a.rows[i].size() != b.rows[i].size()) {
            std::abort();
        }
        for (std::size_t k = 0; k < a.rows[i].size(); ++k) {
            if (!same(a.rows[i][k], b.rows[i][k])) {
                std::abort();
            }
        }
    }
    // every field between delimiters, as the number parser sees it
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ',' || text[i] == '\n' || text[i] == ';' || text[i] == '\t') {
            check_field(std::string_view(text).substr(start, i - start));
            start = i + 1;
        }
    }
    return 0;
}
