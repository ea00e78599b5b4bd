#include <smooth/io/table_reader.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

namespace smooth::io {
namespace {

bool equal_any_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/// Starts like a number: a digit, a sign or a point.
bool number_like(std::string_view t)
{
    return !t.empty() && (digit(t.front()) || t.front() == '+' || t.front() == '-' || t.front() == '.');
}

/// Why a field is not a number, for a message.
std::string not_a_number(std::string_view t, std::string const& shown_text)
{
    std::string_view digits = t.starts_with('+') ? t.substr(1) : t;
    double v = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (r.ec == std::errc::result_out_of_range && r.ptr == digits.data() + digits.size()) {
        return fmt::format("'{}' is out of the range of a double", shown_text);
    }
    return fmt::format("'{}' is not a number", shown_text);
}

/// days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool whole_digits(std::string_view t, std::size_t at, std::size_t n, int& out)
{
    if (t.size() < at + n) {
        return false;
    }
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (!digit(t[i])) {
            return false;
        }
        out = out * 10 + (t[i] - '0');
    }
    return true;
}

} // namespace

bool is_missing_token(std::string_view t, std::vector<std::string> const& extra)
{
    if (t.empty()) {
        return true;
    }
    for (char const* token : {"nan", "na", "n/a", "null"}) {
        if (equal_any_case(t, token)) {
            return true;
        }
    }
    return std::any_of(extra.begin(), extra.end(), [&](std::string const& e) { return equal_any_case(t, e); });
}

namespace {

/// Starts with a digit, or a minus and a digit: no missing-value token does (unless given).
bool digits_first(std::string_view t)
{
    return !t.empty() && (digit(t.front()) || (t.front() == '-' && t.size() > 1 && digit(t[1])));
}

} // namespace

std::optional<double> parse_value(std::string_view t, std::vector<std::string> const& extra)
{
    if (!digits_first(t) || !extra.empty()) {
        if (is_missing_token(t, extra)) { // (a token never starts with a digit unless given)
            return std::numeric_limits<double>::quiet_NaN();
        }
    }
    std::string_view digits = t;
    if (digits.front() == '+') {
        digits.remove_prefix(1);
        if (digits.empty() || digits.front() == '+' || digits.front() == '-') {
            return std::nullopt;
        }
    }
    double v = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (r.ec != std::errc() || r.ptr != digits.data() + digits.size() || std::isnan(v)) {
        return std::nullopt; // out of range (1e400) and nan(...) included
    }
    return v;
}

std::optional<double> parse_timestamp(std::string_view t)
{
    int year = 0;
    int month = 0;
    int day = 1;
    if (!whole_digits(t, 0, 4, year) || t.size() < 7 || t[4] != '-' || !whole_digits(t, 5, 2, month) ||
        month < 1 || month > 12) {
        return std::nullopt;
    }
    std::size_t at = 7;
    if (t.size() > at) {
        if (t[at] != '-' || !whole_digits(t, at + 1, 2, day) || day < 1 || day > 31) {
            return std::nullopt;
        }
        at += 3;
    }
    double seconds = static_cast<double>(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) * 86400.0;
    if (t.size() > at) {
        int hh = 0;
        int mm = 0;
        int ss = 0;
        if ((t[at] != ' ' && t[at] != 'T') || !whole_digits(t, at + 1, 2, hh) || t.size() < at + 6 || t[at + 3] != ':' ||
            !whole_digits(t, at + 4, 2, mm) || hh > 23 || mm > 59) {
            return std::nullopt;
        }
        at += 6;
        double fraction = 0.0;
        if (t.size() > at && t[at] == ':') {
            if (!whole_digits(t, at + 1, 2, ss) || ss > 60) {
                return std::nullopt;
            }
            at += 3;
            if (t.size() > at && t[at] == '.') {
                std::size_t end = at + 1;
                while (end < t.size() && digit(t[end])) {
                    ++end;
                }
                if (end == at + 1) {
                    return std::nullopt;
                }
                std::from_chars(t.data() + at, t.data() + end, fraction);
                at = end;
            }
        }
        if (t.size() > at && t[at] == 'Z') {
            ++at;
        }
        seconds += hh * 3600.0 + mm * 60.0 + ss + fraction;
    }
    if (at != t.size()) {
        return std::nullopt;
    }
    return seconds;
}

table_reader::table_reader(std::istream& in, std::string source, table_options options)
    : records_(in, std::move(source), options.delimiter), options_(std::move(options))
{
    if (!records_.next()) {
        throw input_error(fmt::format("{}: no samples in the input", records_.source()));
    }
    auto const& first = records_.fields();
    width_ = first.size();
    first_line_ = records_.line();
    bool header = options_.header == header_mode::yes;
    if (options_.header == header_mode::detect) {
        bool all_number_like = true;
        bool any_name = false;
        std::size_t bad_column = 0;
        std::string_view bad;
        for (auto const& f : first) {
            const bool data = parse_value(f.text, options_.missing_tokens).has_value() || parse_timestamp(f.text);
            if (!data) {
                any_name = true;
                if (number_like(f.text) && !f.quoted) {
                    if (bad_column == 0) {
                        bad_column = f.column;
                        bad = f.text;
                    }
                } else {
                    all_number_like = false;
                }
            }
        }
        if (any_name && all_number_like) {
            fail(records_.line(), bad_column,
                 not_a_number(bad, shown(bad)) + " (a line of numbers is not a header: use --header if it is one)");
        }
        header = any_name;
    }
    if (header) {
        has_header_ = true;
        for (auto const& f : first) {
            header_.emplace_back(f.text);
        }
        rename_duplicates();
    } else {
        ahead_.push_back(store());
        for (std::size_t k = 1; k <= width_; ++k) {
            header_.push_back(width_ == 1 ? std::string("x") : fmt::format("x{}", k));
        }
    }
    while (ahead_.size() < 2 && records_.next()) {
        ahead_.push_back(store());
    }
    if (ahead_.empty()) {
        throw input_error(fmt::format("{}: no samples in the input (only a header line)", records_.source()));
    }
    for (auto const& r : ahead_) {
        if (r.size() != width_) {
            wrong_width(r.line, r.size());
        }
    }
    // a few more rows to tell a time index (a constant step) from data, while they are small
    // (a ragged one among them is reported when next() reaches it, after the rows before it)
    std::size_t stored = 0;
    for (auto const& r : ahead_) {
        stored += r.bytes();
    }
    while (ahead_.size() < look_ahead && stored < (std::size_t{1} << 20) && records_.next()) {
        ahead_.push_back(store());
        stored += ahead_.back().bytes();
    }
    usable_ahead_ = 0;
    while (usable_ahead_ < ahead_.size() && ahead_[usable_ahead_].size() == width_) {
        ++usable_ahead_;
    }
    choose_columns();
}

void table_reader::wrong_width(std::size_t line, std::size_t fields) const
{
    const char d = records_.delimiter();
    const std::string split = d == ' '    ? "runs of blanks"
                              : d == '\t' ? "tabs"
                              : d == ';'  ? "semicolons"
                                          : "commas";
    fail(line, 0,
         fmt::format("{} field{} where line {} has {} (fields split at {}, {}); every line needs as many fields{}", fields,
                     fields == 1 ? "" : "s", first_line_, width_, split,
                     options_.delimiter == 0 ? "the delimiter detected from the first line" : "as --delimiter says",
                     options_.delimiter == 0 ? ": if the split is wrong, give --delimiter" : ""));
}

void table_reader::fail(std::size_t line, std::size_t column, std::string const& what) const
{
    records_.fail(line, column, what);
}

void table_reader::rename_duplicates()
{
    // as pandas does: the second 'x' is 'x.1', the third 'x.2' (skipping names already there),
    // and the note says so; otherwise --column x would take the first silently and the output
    // would repeat a name
    std::unordered_map<std::string, std::size_t> seen; // name -> its column (1-based)
    for (std::size_t k = 0; k < header_.size(); ++k) {
        seen.emplace(header_[k], k + 1);
    }
    std::unordered_map<std::string, std::size_t> first_of;
    for (std::size_t k = 0; k < header_.size(); ++k) {
        const auto [it, fresh] = first_of.emplace(header_[k], k + 1);
        if (fresh) {
            continue;
        }
        std::string name;
        for (std::size_t n = 1;; ++n) {
            name = fmt::format("{}.{}", header_[k], n);
            if (seen.count(name) == 0) {
                break;
            }
        }
        add_note(fmt::format("column {}'s name '{}' is column {}'s too: it is called '{}' here (as pandas names it)", k + 1,
                             shown(header_[k]), it->second, shown(name)));
        seen.emplace(name, k + 1);
        header_[k] = name;
    }
}

void table_reader::add_note(std::string const& text)
{
    note_ += note_.empty() ? text : "\n" + text;
}

table_reader::stored_row table_reader::store() const
{
    stored_row r;
    r.line = records_.line();
    auto const& fields = records_.fields();
    r.end.reserve(fields.size());
    r.column.reserve(fields.size());
    for (auto const& f : fields) {
        r.chars.append(f.text);
        r.end.push_back(static_cast<std::uint32_t>(r.chars.size()));
        r.column.push_back(static_cast<std::uint32_t>(f.column));
    }
    return r;
}

/// Every field of the rows looked ahead reads as a number or a missing value (a column of
/// missing values in the first rows still counts as numeric).
bool table_reader::numeric_column(std::size_t k) const
{
    return std::all_of(ahead_.begin(), ahead_.begin() + static_cast<std::ptrdiff_t>(usable_ahead_),
                       [&](stored_row const& r) { return parse_value(r.text(k - 1), options_.missing_tokens).has_value(); });
}

bool table_reader::looks_like_index() const
{
    if (width_ < 2) {
        return false;
    }
    if (!numeric_column(1)) {
        return true; // a date, a label
    }
    if (usable_ahead_ < 2) {
        return false;
    }
    // numbers, strictly increasing: whole numbers (a year, a row number), or a constant step
    // (R's ts writes its time as fractional years, 1949, 1949.08333333333, ...: the steps agree
    // to the digits written)
    std::vector<double> v;
    for (std::size_t i = 0; i < usable_ahead_; ++i) {
        v.push_back(*parse_value(ahead_[i].text(0), options_.missing_tokens));
    }
    bool whole = true;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i]) || (i > 0 && !(v[i] > v[i - 1]))) {
            return false;
        }
        whole = whole && v[i] == std::floor(v[i]);
    }
    if (whole) {
        return true;
    }
    if (v.size() < 3) {
        return false; // one step says nothing of a constant step
    }
    const double step = v[1] - v[0];
    for (std::size_t i = 2; i < v.size(); ++i) {
        if (!(std::abs((v[i] - v[i - 1]) - step) <= 1e-6 * step)) {
            return false;
        }
    }
    return true;
}

std::size_t table_reader::column_number(std::string_view item, std::string_view option) const
{
    if (!item.empty() && std::all_of(item.begin(), item.end(), digit)) {
        std::size_t n = 0;
        const auto r = std::from_chars(item.data(), item.data() + item.size(), n);
        if (r.ec != std::errc() || n == 0) {
            throw input_error(fmt::format("{} {}: column numbers count from 1", option, item));
        }
        if (n > width_) {
            throw input_error(fmt::format("{} {}: there {} only {} column{}", option, item, width_ == 1 ? "is" : "are",
                                          width_, width_ == 1 ? "" : "s"));
        }
        return n;
    }
    const auto it = std::find(header_.begin(), header_.end(), item);
    if (!has_header_ || it == header_.end()) {
        std::string known;
        for (std::size_t k = 0; k < header_.size(); ++k) {
            known += fmt::format("{}{} ({})", k == 0 ? "" : ", ", header_[k], k + 1);
        }
        if (!has_header_) {
            throw input_error(fmt::format("{} {}: the input has no header line to name columns; its columns: {}", option,
                                          item, known));
        }
        throw input_error(fmt::format("{} {}: no such column; the columns are: {}", option, item, known));
    }
    return static_cast<std::size_t>(it - header_.begin()) + 1;
}

void table_reader::choose_columns()
{
    if (!options_.index.empty()) {
        index_ = column_number(options_.index, "--index");
    }
    const bool first_is_index = looks_like_index();
    if (options_.all_columns) {
        for (std::size_t k = 1; k <= width_; ++k) {
            const bool is_index = k == index_ || (index_ == 0 && k == 1 && first_is_index);
            if (!is_index && numeric_column(k)) {
                chosen_.push_back(k);
            }
        }
        if (chosen_.empty()) {
            throw input_error("--all-columns: no numeric column in the input");
        }
    } else if (!options_.columns.empty()) {
        std::string_view spec = options_.columns;
        while (true) {
            const auto comma = spec.find(',');
            const std::string_view item = spec.substr(0, comma);
            const auto dash = item.find('-');
            const bool range = dash != std::string_view::npos && dash > 0 && dash + 1 < item.size() &&
                               std::all_of(item.begin(), item.begin() + static_cast<std::ptrdiff_t>(dash), digit) &&
                               std::all_of(item.begin() + static_cast<std::ptrdiff_t>(dash) + 1, item.end(), digit);
            if (range) {
                const std::size_t a = column_number(item.substr(0, dash), "--column");
                const std::size_t b = column_number(item.substr(dash + 1), "--column");
                if (b < a) {
                    throw input_error(fmt::format("--column {}: a range runs upwards (try {}-{})", item, b, a));
                }
                for (std::size_t k = a; k <= b; ++k) {
                    chosen_.push_back(k);
                }
            } else {
                if (item.empty()) {
                    throw input_error(fmt::format("--column '{}': an empty column in the list", options_.columns));
                }
                chosen_.push_back(column_number(item, "--column"));
            }
            if (comma == std::string_view::npos) {
                break;
            }
            spec.remove_prefix(comma + 1);
        }
    } else if (first_is_index) {
        for (std::size_t k = 2; k <= width_; ++k) {
            if (k != index_ && numeric_column(k)) {
                chosen_.push_back(k);
                break;
            }
        }
        if (chosen_.empty()) {
            throw input_error(fmt::format("{}: no numeric column besides the first; choose one with --column",
                                          records_.source()));
        }
        const bool text_index = !numeric_column(1);
        bool whole = true;
        for (std::size_t i = 0; i < usable_ahead_ && !text_index; ++i) {
            const double v = *parse_value(ahead_[i].text(0), options_.missing_tokens);
            whole = whole && v == std::floor(v);
        }
        const std::string kind = text_index ? "not numbers"
                                 : whole    ? "increasing whole numbers"
                                            : fmt::format("increasing in steps of {:.6g}, a time",
                                                          *parse_value(ahead_[1].text(0), options_.missing_tokens) -
                                                              *parse_value(ahead_[0].text(0), options_.missing_tokens));
        add_note(fmt::format("reading column {} '{}'; column 1 '{}' ({}) is {} (choose with --column{})", chosen_[0],
                            header_[chosen_[0] - 1], header_[0], kind,
                            index_ <= 1 ? "carried through as the index" : "left out",
                            index_ == 0 ? " and --index" : ""));
    } else if (index_ != 1) {
        chosen_.push_back(1);
    } else { // --index names column 1: the first numeric column after it
        for (std::size_t k = 2; k <= width_ && chosen_.empty(); ++k) {
            if (numeric_column(k)) {
                chosen_.push_back(k);
            }
        }
        if (chosen_.empty()) {
            throw input_error(fmt::format("{}: no numeric column besides the index; choose one with --column",
                                          records_.source()));
        }
        add_note(fmt::format("reading column {} '{}'; column 1 '{}' is the index (--index)", chosen_[0],
                             shown(header_[chosen_[0] - 1]), shown(header_[0])));
    }
    if (index_ != 0 && std::find(chosen_.begin(), chosen_.end(), index_) != chosen_.end()) {
        throw input_error(fmt::format("--column names column {} '{}', which --index makes the index: an index is "
                                      "carried through, not smoothed; leave it out of --column",
                                      index_, shown(header_[index_ - 1])));
    }
    if (index_ == 0 && first_is_index && std::find(chosen_.begin(), chosen_.end(), 1U) == chosen_.end()) {
        index_ = 1;
    }
    if (index_ != 0) {
        index_name_ = header_[index_ - 1];
    }
    names_.reserve(chosen_.size());
    for (const std::size_t k : chosen_) {
        names_.push_back(header_[k - 1]);
    }
    std::vector<std::string>().swap(header_); // chosen: a wide header's room goes back
}

[[gnu::always_inline]] inline double table_reader::value_of(std::string_view text, std::size_t line, std::size_t column) const
{
    // the common field, inline: digits (a minus before them), no extra tokens, read whole
    if (digits_first(text) && options_.missing_tokens.empty()) [[likely]] {
        double v = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size()) [[likely]] {
            return v; // (from_chars reads no NaN from a field that starts with a digit)
        }
    }
    return parsed_or_fail(text, line, column);
}

double table_reader::parsed_or_fail(std::string_view text, std::size_t line, std::size_t column) const
{
    const auto v = parse_value(text, options_.missing_tokens);
    if (!v) {
        fail(line, column, not_a_number(text, shown(text)));
    }
    return *v;
}

bool table_reader::next(row& r)
{
    r.values.resize(chosen_.size());
    if (ahead_used_ == ahead_.size() && !ahead_.empty()) {
        std::vector<stored_row>().swap(ahead_); // all read: their room goes back
        ahead_used_ = 0;
    }
    if (ahead_used_ < ahead_.size()) {
        auto const& s = ahead_[ahead_used_++];
        if (s.size() != width_) {
            wrong_width(s.line, s.size());
        }
        for (std::size_t i = 0; i < chosen_.size(); ++i) {
            const std::size_t k = chosen_[i] - 1;
            r.values[i] = value_of(s.text(k), s.line, s.column[k]);
        }
        r.index = index_ != 0 ? s.text(index_ - 1) : std::string_view();
        r.line = s.line;
        ++rows_;
        return true;
    }
    if (!records_.next()) {
        return false;
    }
    auto const& f = records_.fields();
    if (f.size() != width_) {
        wrong_width(records_.line(), f.size());
    }
    for (std::size_t i = 0; i < chosen_.size(); ++i) {
        auto const& field = f[chosen_[i] - 1];
        r.values[i] = value_of(field.text, field.line, field.column);
    }
    r.index = index_ != 0 ? f[index_ - 1].text : std::string_view();
    r.line = records_.line();
    ++rows_;
    return true;
}

} // namespace smooth::io
