#include <smooth/io/series_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

namespace smooth::io {
namespace {

std::string_view trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

using field = series_reader::field;

/// Fields split at commas, each with the 1-based column where it starts.
void split(std::string_view line, std::vector<field>& out)
{
    out.clear();
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        const auto end = comma == std::string_view::npos ? line.size() : comma;
        out.push_back({line.substr(start, end - start), start + 1});
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
}

bool is_missing(std::string_view t)
{
    return t.empty() || t == "nan" || t == "NaN" || t == "NAN";
}

/// Whether a field reads as a number at all (a header field does not).
bool looks_numeric(std::string_view t)
{
    t = trim(t);
    if (is_missing(t)) {
        return true;
    }
    if (!t.empty() && t.front() == '+') {
        t.remove_prefix(1);
    }
    double v = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return r.ptr == t.data() + t.size() && (r.ec == std::errc() || r.ec == std::errc::result_out_of_range);
}

} // namespace

column_choice parse_column(std::string const& text)
{
    if (text.empty()) {
        throw input_error("--column needs a name or a number");
    }
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::size_t n = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
        if (r.ec != std::errc() || n == 0) {
            throw input_error("--column " + text + ": column numbers count from 1");
        }
        return {"", n};
    }
    return {text, 1};
}

series_reader::series_reader(std::istream& in, std::string source, column_choice column)
    : in_(in), source_(std::move(source)), choice_(std::move(column))
{
}

void series_reader::fail(std::size_t column, std::string const& what) const
{
    if (column == 0) {
        throw input_error(fmt::format("{}:{}: {}", source_, line_number_, what));
    }
    throw input_error(fmt::format("{}:{}:{}: {}", source_, line_number_, column, what));
}

bool series_reader::refill()
{
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    pos_ = 0;
    end_ = static_cast<std::size_t>(in_.gcount());
    if (end_ == 0 && in_.bad()) {
        throw input_error(fmt::format("{}: read error", source_));
    }
    return end_ > 0;
}

bool series_reader::read_line()
{
    // Scans a block buffer for line ends; an enormous line is refused before it is held whole.
    line_.clear();
    bool any = false;
    while (true) {
        if (pos_ == end_ && !refill()) {
            break;
        }
        any = true;
        const char* begin = buffer_.data() + pos_;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
        const std::size_t length = newline != nullptr ? static_cast<std::size_t>(newline - begin) : end_ - pos_;
        if (line_.size() + length > max_line) {
            ++line_number_;
            fail(0, fmt::format("line longer than {} bytes", max_line));
        }
        line_.append(begin, length);
        pos_ += length;
        if (newline != nullptr) {
            ++pos_;
            break;
        }
    }
    if (!any) {
        return false;
    }
    ++line_number_;
    if (!line_.empty() && line_.back() == '\r') {
        line_.pop_back();
    }
    if (line_number_ == 1 && line_.starts_with("\xEF\xBB\xBF")) {
        line_.erase(0, 3);
    }
    if (const auto nul = line_.find('\0'); nul != std::string::npos) {
        fail(nul + 1, "binary data (a NUL byte) where text belongs");
    }
    return true;
}

double series_reader::parse_field(std::string_view raw, std::size_t column)
{
    const std::string_view t = trim(raw);
    const std::size_t at = column + static_cast<std::size_t>(t.empty() ? 0 : t.data() - raw.data());
    if (is_missing(t)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::string_view digits = t;
    if (digits.front() == '+') {
        digits.remove_prefix(1);
    }
    double v = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    const std::string shown = t.size() > 40 ? std::string(t.substr(0, 40)) + "..." : std::string(t);
    if (r.ec == std::errc::result_out_of_range) {
        fail(at, fmt::format("'{}' is out of the range of a double", shown));
    }
    if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
        fail(at, fmt::format("'{}' is not a number", shown));
    }
    if (!std::isfinite(v)) {
        fail(at, fmt::format("'{}' is not a finite number", shown));
    }
    return v;
}

std::optional<sample> series_reader::next()
{
    while (read_line()) {
        const std::string_view t = trim(line_);
        if (t.empty() || t.front() == '#') {
            continue;
        }
        split(line_, fields_buffer_);
        auto const& fields = fields_buffer_;
        if (!started_) {
            started_ = true;
            fields_ = fields.size();
            const bool header = !std::all_of(fields.begin(), fields.end(),
                                             [](field const& f) { return looks_numeric(f.text); });
            if (header) {
                if (!choice_.name.empty()) {
                    const auto it = std::find_if(fields.begin(), fields.end(),
                                                 [&](field const& f) { return trim(f.text) == choice_.name; });
                    if (it == fields.end()) {
                        fail(0, fmt::format("no column named '{}' in the header", choice_.name));
                    }
                    index_ = static_cast<std::size_t>(it - fields.begin());
                } else {
                    if (choice_.number > fields.size()) {
                        fail(0, fmt::format("no column {}: the header has {}", choice_.number, fields.size()));
                    }
                    index_ = choice_.number - 1;
                }
                column_name_ = std::string(trim(fields[index_].text));
                continue;
            }
            if (!choice_.name.empty()) {
                fail(0, fmt::format("--column {} names a column, but the input has no header line", choice_.name));
            }
            if (choice_.number > fields.size()) {
                fail(0, fmt::format("no column {}: the line has {}", choice_.number, fields.size()));
            }
            index_ = choice_.number - 1;
        }
        if (fields.size() != fields_) {
            fail(0, fmt::format("{} fields where the first line has {}", fields.size(), fields_));
        }
        ++samples_;
        return sample{parse_field(fields[index_].text, fields[index_].column), line_number_};
    }
    if (samples_ == 0) {
        throw input_error(fmt::format("{}: no samples in the input", source_));
    }
    return std::nullopt;
}

} // namespace smooth::io
