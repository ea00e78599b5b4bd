#include <smooth/io/csv.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace smooth::io {
namespace {

constexpr std::size_t chunk = std::size_t{1} << 16;

bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/// 0x80 in each byte of w that is zero, 0 in the others (exact: no borrow runs from one byte
/// into the next, as in the shorter (w - 0x01..) & ~w test).
std::uint64_t zero_bytes(std::uint64_t w)
{
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    return ~(((w & low7) + low7) | w | low7);
}

/// 0x80 in each byte of w equal to c.
std::uint64_t bytes_equal(std::uint64_t w, char c)
{
    return zero_bytes(w ^ (0x0101010101010101ULL * static_cast<unsigned char>(c)));
}

} // namespace

delimiter_choice parse_delimiter(std::string_view text)
{
    if (text == ",") {
        return ',';
    }
    if (text == ";") {
        return ';';
    }
    if (text == "tab" || text == "\t" || text == "\\t") {
        return '\t';
    }
    if (text == "whitespace" || text == "space" || text == " ") {
        return ' ';
    }
    throw input_error(fmt::format("--delimiter takes ',', ';', tab or whitespace, got '{}'", text));
}

record_reader::record_reader(std::istream& in, std::string source, delimiter_choice delimiter)
    : in_(in), source_(std::move(source)), delimiter_(delimiter), buffer_(chunk)
{
}

void record_reader::lone_carriage_return(std::size_t line, std::size_t column) const
{
    fail(line, column,
         fmt::format("a carriage return that does not end a line (lines ended by a lone CR, as on classic Mac "
                     "OS?); convert them first: tr '\\r' '\\n' < {} > converted.csv",
                     source_ == "-" ? "FILE" : source_));
}

void record_reader::nul_byte(std::size_t line, std::size_t column) const
{
    fail(line, column, "binary data (a NUL byte) where text belongs");
}

void record_reader::fail(std::size_t line, std::size_t column, std::string const& what) const
{
    if (column == 0) {
        throw input_error(fmt::format("{}:{}: {}", source_, line, what));
    }
    throw input_error(fmt::format("{}:{}:{}: {}", source_, line, column, what));
}

bool record_reader::fill()
{
    if (eof_) {
        return false;
    }
    if (pos_ > 0) { // keep the unread part at the front
        std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (end_ - pos_ > max_record) { // the unread part is one line, or one record, not yet whole
        fail(record_line_, 0, fmt::format("a record longer than {} bytes", max_record));
    }
    if (buffer_.size() - end_ < chunk / 2) {
        if (buffer_.size() >= 2 * max_record + chunk) {
            fail(record_line_, 0, fmt::format("a record longer than {} bytes", max_record));
        }
        buffer_.resize(buffer_.size() * 2);
    }
    // rdbuf()->sgetn, not read(): a stream buffer may hand out fewer bytes than asked (one at a
    // time, say) before its end; only 0 bytes is the end of the input
    std::streamsize got = 0;
    try {
        std::streambuf* buf = in_.rdbuf();
        got = buf == nullptr || !in_.good() ? 0 : buf->sgetn(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
    } catch (std::exception const& e) {
        throw input_error(fmt::format("{}: read error: {}", source_, e.what()));
    }
    if (got <= 0) {
        eof_ = true;
        return false;
    }
    end_ += static_cast<std::size_t>(got);
    return true;
}

void record_reader::push(std::string_view raw, std::size_t line, std::size_t column, bool quoted)
{
    fields_.push_back({raw, line, column, quoted});
}

namespace {

/// Words of a line split at runs of blanks.
std::vector<std::string_view> words(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (blank(line[i]) || line[i] == '\r')) {
            ++i;
        }
        const std::size_t a = i;
        while (i < line.size() && !blank(line[i]) && line[i] != '\r') {
            ++i;
        }
        if (i > a) {
            out.push_back(line.substr(a, i - a));
        }
    }
    return out;
}

bool starts_like_number(std::string_view w)
{
    return !w.empty() && ((w.front() >= '0' && w.front() <= '9') || w.front() == '+' || w.front() == '-' || w.front() == '.');
}

} // namespace

void record_reader::detect_delimiter(std::size_t end)
{
    std::size_t commas = 0;
    std::size_t semicolons = 0;
    std::size_t tabs = 0;
    bool in_quotes = false;
    for (std::size_t i = pos_; i < end; ++i) {
        const char c = buffer_[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        }
        if (in_quotes) {
            continue;
        }
        commas += c == ',' ? 1 : 0;
        semicolons += c == ';' ? 1 : 0;
        tabs += c == '\t' ? 1 : 0;
    }
    if (commas != 0 || semicolons != 0 || tabs != 0) {
        if (commas >= semicolons && commas >= tabs) {
            delimiter_ = ',';
        } else {
            delimiter_ = semicolons >= tabs ? ';' : '\t';
        }
        return;
    }
    // No delimiter character: columns apart by blanks ("1 2"), or one column whose header
    // has a space in it ("price index"). Blanks separate columns when the first line's words
    // all start like numbers, or when the next line splits into as many words (2 or more).
    const auto first = words({buffer_.data() + pos_, end - pos_});
    delimiter_ = ',';
    if (first.size() < 2 || std::memchr(buffer_.data() + pos_, '"', end - pos_) != nullptr) {
        return;
    }
    if (std::all_of(first.begin(), first.end(), starts_like_number)) {
        delimiter_ = ' ';
        return;
    }
    // The next line with words decides. It is read whole (within max_record bytes of the
    // record's start), however the stream hands out its bytes: the choice must not depend on
    // how much of the input happens to be in the buffer. fill() moves the text to the front of
    // the buffer: offsets here count from pos_, and `first` is not looked at again.
    const std::size_t first_words = first.size();
    // whether the line [a, b) decides: words, and not a comment
    const auto decides = [&](std::size_t a, std::size_t b) {
        const auto second = words({buffer_.data() + pos_ + a, b - a});
        if (second.empty() || second.front().front() == '#') {
            return false;
        }
        if (second.size() == first_words) {
            delimiter_ = ' ';
        }
        return true;
    };
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t start = none;      // where the line being looked at starts, once its LF before is found
    std::size_t look = end - pos_; // where the search for the next LF goes on (the first line's is at or after it)
    while (true) {
        const std::size_t have = std::min(end_ - pos_, max_record);
        const char* base = buffer_.data() + pos_;
        const auto* lf = static_cast<const char*>(std::memchr(base + look, '\n', have - look));
        if (lf == nullptr) {
            look = have;
            if (!eof_ && end_ - pos_ < max_record) {
                fill(); // the line is not whole yet
                continue;
            }
            if (start != none && start < have) {
                decides(start, have); // the last line of the input, or of the window
            }
            return;
        }
        look = static_cast<std::size_t>(lf - base) + 1;
        if (start != none && decides(start, look - 1)) {
            return;
        }
        start = look;
    }
}

[[gnu::always_inline]] inline void record_reader::push_trimmed(std::size_t a, std::size_t b, std::size_t line_begin)
{
    const char* base = buffer_.data();
    const bool trim_tabs = delimiter_ != '\t';
    while (a < b && (base[a] == ' ' || (trim_tabs && base[a] == '\t'))) {
        ++a;
    }
    while (b > a && (base[b - 1] == ' ' || (trim_tabs && base[b - 1] == '\t'))) {
        --b;
    }
    fields_.push_back({{base + a, b - a}, record_line_, a - line_begin + 1, false});
}

void record_reader::split_plain(std::size_t begin, std::size_t end)
{
    const char* base = buffer_.data();
    if (delimiter_ == ' ') {
        std::size_t i = begin;
        while (true) {
            while (i < end && blank(base[i])) {
                ++i;
            }
            if (i == end) {
                break;
            }
            const std::size_t a = i;
            while (i < end && !blank(base[i])) {
                ++i;
            }
            push({base + a, i - a}, record_line_, a - begin + 1, false);
        }
        if (fields_.empty()) {
            push({}, record_line_, 1, false);
        }
        return;
    }
    std::size_t start = begin;
    while (true) {
        const auto* hit = static_cast<const char*>(std::memchr(base + start, delimiter_, end - start));
        const std::size_t stop = hit != nullptr ? static_cast<std::size_t>(hit - base) : end;
        push_trimmed(start, stop, begin);
        if (hit == nullptr) {
            break;
        }
        start = stop + 1;
    }
}

std::size_t record_reader::find_record_end(std::size_t from, scan& state, bool& complete)
{
    // A quote opens a quoted field only where a field starts (after the blanks split_quoted
    // skips); inside an unquoted field it is a plain character, as split_quoted reads it. The
    // scan resumes where the last one stopped, in its state: a record that arrives a byte at a
    // time is scanned once, not once a byte.
    const bool whitespace = delimiter_ == ' ';
    for (std::size_t i = from; i < end_; ++i) {
        const char c = buffer_[i];
        const bool delimiter = whitespace ? blank(c) : c == delimiter_;
        switch (state) {
        case scan::field_start:
            if (c == '"') {
                state = scan::quoted;
            } else if (c == '\n') {
                complete = true;
                return i;
            } else if (!delimiter && c != ' ' && !(c == '\t' && delimiter_ != '\t')) {
                state = scan::plain;
            }
            break;
        case scan::plain:
        case scan::after_quote:
            if (c == '"' && state == scan::after_quote) {
                state = scan::quoted; // "" inside a quoted field
            } else if (c == '\n') {
                complete = true;
                return i;
            } else if (delimiter) {
                state = scan::field_start;
            } else {
                state = scan::plain; // blanks, or text after the closing quote (split_quoted reports it)
            }
            break;
        case scan::quoted:
            if (c == '"') {
                state = scan::after_quote;
            }
            break;
        }
    }
    complete = false;
    return end_;
}

void record_reader::split_quoted(std::size_t begin, std::size_t& end)
{
    // The whole record is in [begin, end); line ends inside quotes belong to their field.
    const char* base = buffer_.data();
    std::size_t line = record_line_;
    std::size_t line_start = begin;
    std::size_t i = begin;
    const bool whitespace = delimiter_ == ' ';
    const auto at_delimiter = [&](std::size_t k) { return whitespace ? blank(base[k]) : base[k] == delimiter_; };
    const auto skip_blanks = [&](std::size_t k) {
        while (k < end && (base[k] == ' ' || (delimiter_ != '\t' && base[k] == '\t'))) {
            ++k;
        }
        return k;
    };
    while (true) {
        i = skip_blanks(i);
        const std::size_t column = i - line_start + 1;
        if (i < end && base[i] == '"') {
            const std::size_t open_line = line;
            const std::size_t open_column = column;
            ++i;
            if (unescaped_used_ == unescaped_.size()) {
                unescaped_.emplace_back();
            }
            std::string& text = unescaped_[unescaped_used_++];
            text.clear();
            bool closed = false;
            while (i < end) {
                const char c = base[i];
                if (c == '\0') {
                    nul_byte(line, i - line_start + 1);
                }
                if (c == '"') {
                    if (i + 1 < end && base[i + 1] == '"') {
                        text += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (c == '\n') {
                    ++line;
                    line_start = i + 1;
                }
                text += c;
                ++i;
            }
            if (!closed) {
                fail(open_line, open_column, "a quoted field that is never closed");
            }
            push(text, open_line, open_column, true);
            i = skip_blanks(i);
            if (i < end && base[i] == '\r' && i + 1 == end) {
                ++i;
            }
            if (i < end && base[i] == '\r') {
                lone_carriage_return(line, i - line_start + 1);
            }
            if (i < end && !at_delimiter(i)) {
                fail(line, i - line_start + 1, "text after the closing quote of a field");
            }
        } else {
            std::size_t stop = i;
            while (stop < end && !at_delimiter(stop)) {
                if (base[stop] == '\r' && stop + 1 != end) {
                    lone_carriage_return(line, stop - line_start + 1);
                }
                if (base[stop] == '\0') {
                    nul_byte(line, stop - line_start + 1);
                }
                ++stop;
            }
            std::size_t b = stop;
            while (b > i && (blank(base[b - 1]) || base[b - 1] == '\r')) {
                --b;
            }
            if (!(whitespace && i == stop && stop == end)) {
                push({base + i, b - i}, line, column, false);
            }
            i = stop;
        }
        if (i >= end) {
            break;
        }
        // past one delimiter (a run of blanks for whitespace)
        ++i;
        if (whitespace) {
            while (i < end && blank(base[i])) {
                ++i;
            }
            if (i >= end) {
                break;
            }
        }
    }
    // the string_views into unescaped_ stay valid: its strings are not touched until next()
    line_ = line;
    if (fields_.empty()) {
        push({}, record_line_, 1, false);
    }
}

bool record_reader::next()
{
    fields_.clear();
    unescaped_used_ = 0;
    if (first_) {
        // a byte-order mark goes before anything is a line: it counts in no record's length
        first_ = false;
        while (end_ - pos_ < 3 && fill()) {
        }
        if (end_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
            pos_ += 3;
        }
    }
    while (true) {
        if (pos_ == end_ && !fill()) {
            // the end: the last record's room goes back (a wide table's fields are many MB)
            std::vector<field>().swap(fields_);
            std::deque<std::string>().swap(unescaped_);
            unescaped_used_ = 0;
            return false;
        }
        ++line_; // the line starting at pos_: a record's first line, or a line to skip
        record_line_ = line_;
        // a line, the whole line
        const char* nl = static_cast<const char*>(std::memchr(buffer_.data() + pos_, '\n', end_ - pos_));
        while (nl == nullptr && !eof_) {
            const std::size_t offset = end_ - pos_;
            if (!fill()) {
                break;
            }
            nl = static_cast<const char*>(std::memchr(buffer_.data() + pos_ + offset, '\n', end_ - pos_ - offset));
        }
        std::size_t line_end = nl != nullptr ? static_cast<std::size_t>(nl - buffer_.data()) : end_;
        if (line_end - pos_ > max_record) {
            fail(record_line_, 0, fmt::format("a record longer than {} bytes", max_record));
        }
        std::size_t content_end = line_end;
        if (content_end > pos_ && buffer_[content_end - 1] == '\r') {
            --content_end;
        }
        if (delimiter_ != 0 && delimiter_ != ' ' && content_end > pos_ && !blank(buffer_[pos_]) &&
            buffer_[pos_] != '#' && buffer_[pos_] != '"') {
            // the common case in one pass: split at the delimiter, watching for a quote, a NUL
            // or a carriage return inside the line
            const char* base = buffer_.data();
            const char d = delimiter_;
            std::size_t start = pos_;
            bool plain = true;
            std::size_t i = pos_;
            if constexpr (std::endian::native == std::endian::little) {
                // eight bytes at a time (a word's first byte is its lowest): where none is a
                // quote, a NUL or a carriage return, each delimiter found in turn
                for (; i + 8 <= content_end; i += 8) {
                    std::uint64_t w = 0;
                    std::memcpy(&w, base + i, 8);
                    // a quote (0x22), a CR or a NUL is below 0x23: most words have no such byte,
                    // which one test says (not which byte: the exact tests then)
                    if (((w - 0x2323232323232323ULL) & ~w & 0x8080808080808080ULL) != 0U &&
                        (bytes_equal(w, '"') | zero_bytes(w) | bytes_equal(w, '\r')) != 0U) {
                        break; // the bytes from i on are looked at one by one below
                    }
                    for (std::uint64_t at = bytes_equal(w, d); at != 0U; at &= at - 1) {
                        const std::size_t k = i + static_cast<std::size_t>(std::countr_zero(at) / 8);
                        push_trimmed(start, k, pos_);
                        start = k + 1;
                    }
                }
            }
            for (; i < content_end; ++i) {
                const char c = base[i];
                if (c == d) {
                    push_trimmed(start, i, pos_);
                    start = i + 1;
                } else if (c == '"' || c == '\0' || c == '\r') {
                    plain = false;
                    break;
                }
            }
            if (plain) {
                push_trimmed(start, content_end, pos_);
                pos_ = std::min(line_end + 1, end_);
                return true;
            }
            fields_.clear(); // a quote or a NUL: the careful path below
        }
        if (std::memchr(buffer_.data() + pos_, '\0', content_end - pos_) != nullptr) {
            const auto* nul = static_cast<const char*>(std::memchr(buffer_.data() + pos_, '\0', content_end - pos_));
            nul_byte(line_, static_cast<std::size_t>(nul - (buffer_.data() + pos_)) + 1);
        }
        // a blank line is skipped; with --delimiter tab a line of tabs is a row of empty fields
        std::size_t first_char = pos_;
        while (first_char < content_end &&
               (buffer_[first_char] == ' ' || (buffer_[first_char] == '\t' && delimiter_ != '\t'))) {
            ++first_char;
        }
        if (first_char == content_end || buffer_[first_char] == '#') {
            // a comment is text outside quotes too: a lone CR in it is one (a classic Mac file
            // that starts with a comment would be one comment line, and read as empty)
            if (const auto* cr = static_cast<const char*>(std::memchr(buffer_.data() + pos_, '\r', content_end - pos_))) {
                lone_carriage_return(line_, static_cast<std::size_t>(cr - (buffer_.data() + pos_)) + 1);
            }
            pos_ = std::min(line_end + 1, end_);
            continue; // blank line or comment
        }
        if (delimiter_ == 0) {
            // it may read on, to see the next line: fill() moves this one to the buffer's front
            const std::size_t line_length = line_end - pos_;
            const std::size_t content_length = content_end - pos_;
            detect_delimiter(content_end);
            line_end = pos_ + line_length;
            content_end = pos_ + content_length;
        }
        if (std::memchr(buffer_.data() + pos_, '"', content_end - pos_) == nullptr) {
            if (const auto* cr = static_cast<const char*>(std::memchr(buffer_.data() + pos_, '\r', content_end - pos_))) {
                lone_carriage_return(line_, static_cast<std::size_t>(cr - (buffer_.data() + pos_)) + 1);
            }
            split_plain(pos_, content_end);
            pos_ = std::min(line_end + 1, end_);
            return true;
        }
        // quotes: the record may run over several lines; have it whole in the buffer
        bool complete = false;
        scan state = scan::field_start;
        std::size_t record_end = find_record_end(pos_, state, complete);
        while (!complete) {
            const std::size_t scanned = end_ - pos_; // fill() moves the record: count from its start
            if (!fill()) {
                break;
            }
            record_end = find_record_end(pos_ + scanned, state, complete);
        }
        if (!complete) {
            // the record runs to the end of the input; fill() may have moved it on its way
            // to finding that out, so its end is where the input ends now
            record_end = end_;
        }
        if (record_end - pos_ > max_record) {
            // fill() stops a record that arrives in small pieces at this length; one that came
            // in a large piece is stopped here, at the same length
            fail(record_line_, 0, fmt::format("a record longer than {} bytes", max_record));
        }
        std::size_t stop = record_end;
        split_quoted(pos_, stop);
        pos_ = std::min(record_end + 1, end_);
        return true;
    }
}

} // namespace smooth::io
