// The reader of smooth/io/csv.hpp set against the reference model of csv_model.hpp: the
// reader's records and error in the model's terms, stream buffers that hand out their text in
// pieces, and the comparison. Shared by test_csv and tests/fuzz/fuzz_csv_differential.
#ifndef SMOOTH_TESTS_CSV_DIFFERENTIAL_HPP
#define SMOOTH_TESTS_CSV_DIFFERENTIAL_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/io/csv.hpp>
#include <smooth/io/input_error.hpp>

#include "csv_model.hpp"

namespace csv_differential {

/// A stream buffer that hands out its text in pieces: each xsgetn gives at most the next
/// piece's size (`piece` bytes every time when seed is 0; otherwise sizes drawn from the seed,
/// mostly 1 to 16 bytes, now and then up to 70,000), and underflow one byte.
class piecewise_buf : public std::streambuf {
public:
    explicit piecewise_buf(std::string_view text, std::uint64_t seed = 0, std::size_t piece = 1)
        : text_(text), state_(seed), piece_(piece)
    {
    }

protected:
    int_type underflow() override
    {
        if (at_ >= text_.size()) {
            return traits_type::eof();
        }
        one_ = text_[at_++];
        setg(&one_, &one_, &one_ + 1);
        return traits_type::to_int_type(one_);
    }

    std::streamsize xsgetn(char* s, std::streamsize n) override
    {
        if (n <= 0) {
            return 0;
        }
        if (gptr() < egptr()) { // the byte underflow put up, first
            *s = *gptr();
            gbump(1);
            return 1;
        }
        std::size_t piece = piece_;
        if (state_ != 0) {
            const std::uint64_t r = next();
            piece = r % 64 == 0 ? 1 + (r >> 8) % 70000 : 1 + (r >> 8) % 16;
        }
        piece = std::min({piece, static_cast<std::size_t>(n), text_.size() - at_});
        std::memcpy(s, text_.data() + at_, piece);
        at_ += piece;
        return static_cast<std::streamsize>(piece);
    }

private:
    std::uint64_t next() // splitmix64
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }

    std::string_view text_;
    std::size_t at_ = 0;
    std::uint64_t state_;
    std::size_t piece_;
    char one_ = 0;
};

/// What the reader makes of a stream, in the model's terms.
inline csv_model::result read(std::istream& in, char delimiter)
{
    csv_model::result out;
    try {
        smooth::io::record_reader reader(in, "t.csv", delimiter);
        while (reader.next()) {
            csv_model::record r{reader.line(), {}};
            for (const auto& f : reader.fields()) {
                r.fields.push_back({std::string(f.text), f.line, f.column, f.quoted});
            }
            out.records.push_back(std::move(r));
        }
    } catch (smooth::io::input_error const& e) {
        // "t.csv:LINE:COLUMN: what" or "t.csv:LINE: what"
        out.ok = false;
        out.error = e.what();
        const std::string_view what = e.what();
        std::size_t line = 0;
        for (std::size_t k = std::strlen("t.csv:"); k < what.size() && what[k] >= '0' && what[k] <= '9'; ++k) {
            line = line * 10 + static_cast<std::size_t>(what[k] - '0');
        }
        out.error_line = line;
    }
    return out;
}

/// The text with every byte outside printable ASCII (and the backslash) as \xHH, in quotes.
inline std::string escaped(std::string_view text, std::size_t longest = 400)
{
    constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (const char c : text.substr(0, longest)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '\\' || c == '"') {
            out += "\\x";
            out += hex[u >> 4U];
            out += hex[u & 15U];
        } else {
            out += c;
        }
    }
    out += '"';
    if (text.size() > longest) {
        out += "... (" + std::to_string(text.size()) + " bytes)";
    }
    return out;
}

/// "" when the two (the model's and the reader's, or two readings) agree: both succeed with the same records (each record's line, each field's
/// text, line, column and quoted flag), or both fail at the same line after the same records.
/// Otherwise what differs first.
inline std::string difference(csv_model::result const& model, csv_model::result const& reader,
                              std::string const& a_name = "model", std::string const& b_name = "reader")
{
    const auto describe = [](csv_model::result const& r) {
        return r.ok ? "success, " + std::to_string(r.records.size()) + " records"
                    : "error at line " + std::to_string(r.error_line) + " (" + r.error + ") after " +
                          std::to_string(r.records.size()) + " records";
    };
    if (model.ok != reader.ok || (!model.ok && model.error_line != reader.error_line)) {
        return a_name + ": " + describe(model) + "; " + b_name + ": " + describe(reader);
    }
    if (model.records.size() != reader.records.size()) {
        return a_name + ": " + describe(model) + "; " + b_name + ": " + describe(reader);
    }
    for (std::size_t i = 0; i < model.records.size(); ++i) {
        const auto& m = model.records[i];
        const auto& r = reader.records[i];
        const std::string where = "record " + std::to_string(i + 1);
        if (m.line != r.line) {
            return where + ": " + a_name + "'s line " + std::to_string(m.line) + ", " + b_name + "'s " + std::to_string(r.line);
        }
        if (m.fields.size() != r.fields.size()) {
            return where + ": " + a_name + "'s " + std::to_string(m.fields.size()) + " fields, " + b_name + "'s " +
                   std::to_string(r.fields.size());
        }
        for (std::size_t k = 0; k < m.fields.size(); ++k) {
            const auto& a = m.fields[k];
            const auto& b = r.fields[k];
            if (a.text != b.text || a.line != b.line || a.column != b.column || a.quoted != b.quoted) {
                const auto show = [](csv_model::field const& f) {
                    return escaped(f.text, 80) + " at " + std::to_string(f.line) + ":" + std::to_string(f.column) +
                           (f.quoted ? " quoted" : "");
                };
                return where + " field " + std::to_string(k + 1) + ": " + a_name + " " + show(a) + ", " + b_name + " " + show(b);
            }
        }
    }
    return {};
}

} // namespace csv_differential

#endif
