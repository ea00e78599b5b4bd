// An independent reference parser for the CSV dialect of smooth/io/csv.hpp, for the
// differential tests (test_csv, tests/fuzz/fuzz_csv_differential). It is written from RFC 4180's
// grammar, not from the reader:
//
//     file       = [header CRLF] record *(CRLF record) [CRLF]
//     record     = field *(COMMA field)
//     field      = (escaped / non-escaped)
//     escaped    = DQUOTE *(TEXTDATA / COMMA / CR / LF / 2DQUOTE) DQUOTE
//     non-escaped = *TEXTDATA
//
// plus csv.hpp's extensions: the delimiter is ',', ';' or '\t' (given; no detection, no
// whitespace runs); LF ends a line as CRLF does; a UTF-8 byte-order mark at the very start is
// dropped; a quote opens a quoted field only as the first character of a field after its
// leading blanks, and is an ordinary character inside an unquoted field; blanks (space, and tab
// unless tab is the delimiter) around a field are trimmed, outside the quotes of a quoted one;
// between records a line of blanks only, or whose first non-blank character is '#', is
// skipped; after a closing quote only blanks then the delimiter or the line end may follow.
// Errors: a carriage return outside quotes that is not followed by LF, a NUL byte anywhere, a
// quoted field never closed, text after a closing quote, and a record (or skipped line) longer
// than max_record bytes, counted from its first byte (after the BOM) up to the LF that ends it,
// a CR before that LF included.
//
// Two readings the RFC leaves open, pinned down as csv.hpp's reader has them (see the report of
// issue 20): a CR that is the very last byte of the input ends the line (a CRLF cut short), and
// a record is taken whole before it is judged, so a record longer than max_record is that error
// (at its first line) even when it also holds another error further on.
//
// It is a plain state machine over the whole input, one character at a time, with one
// character of lookahead (is a CR followed by LF?). No buffering, no fast paths.
#ifndef SMOOTH_TESTS_CSV_MODEL_HPP
#define SMOOTH_TESTS_CSV_MODEL_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace csv_model {

struct field {
    std::string text;
    std::size_t line;   ///< 1-based line of its first character (the opening quote if quoted)
    std::size_t column; ///< 1-based byte in that line (after the BOM on line 1)
    bool quoted;
};

struct record {
    std::size_t line; ///< the line it starts on
    std::vector<field> fields;
};

struct result {
    bool ok = true;
    std::vector<record> records; ///< those before the error too
    std::size_t error_line = 0;
    std::string error;
};

inline result parse(std::string_view input, char delimiter, std::size_t max_record = std::size_t{1} << 20)
{
    enum class state {
        line_start,  // between records, skipping the blanks at the start of a line
        comment,     // a skipped line starting with '#'
        field_start, // in a record, skipping the blanks before a field
        unquoted,    // in a non-escaped field
        quoted,      // inside the quotes of an escaped field
        quote_seen,  // a quote inside an escaped field: doubled, or the closing one
        after_quote, // after the closing quote, skipping blanks
    };
    const auto is_blank = [&](char c) { return c == ' ' || (c == '\t' && delimiter != '\t'); };

    result out;
    std::size_t i = 0;
    if (input.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    std::size_t line = 1;
    std::size_t line_begin = i; // offset of the current line's first byte
    std::size_t record_begin = i;
    std::size_t record_line = 1;
    state s = state::line_start;
    record current;
    field f;
    std::size_t pending_line = 0; // the first error in this record or skipped line (0: none)
    std::string pending;

    const auto error = [&](std::string what) {
        if (pending_line == 0) {
            pending_line = line;
            pending = std::move(what);
        }
    };
    const auto start_field = [&](bool quoted) {
        f = field{{}, line, i - line_begin + 1, quoted};
    };
    const auto end_field = [&] {
        if (!f.quoted) {
            while (!f.text.empty() && is_blank(f.text.back())) {
                f.text.pop_back();
            }
        }
        current.fields.push_back(std::move(f));
        f = field{};
    };
    // the record (or skipped line) is whole: [record_begin, at) is its text without the LF
    const auto end_line = [&](std::size_t at, bool is_record) {
        if (at - record_begin > max_record) {
            pending_line = record_line;
            pending = "a record longer than max_record bytes";
        }
        if (pending_line != 0) {
            out.ok = false;
            out.error_line = pending_line;
            out.error = pending;
            return false;
        }
        if (is_record) {
            current.line = record_line;
            out.records.push_back(std::move(current));
        }
        current = record{};
        return true;
    };
    // a line end at i: LF, or CR followed by LF, or CR as the last byte of the input
    const auto line_end_here = [&] {
        return input[i] == '\n' ||
               (input[i] == '\r' && (i + 1 == input.size() || input[i + 1] == '\n'));
    };
    // where the bytes the record counts end: at the LF (a CR before it counts), or after a final CR
    const auto counted_end = [&] { return input[i] == '\r' ? i + 1 : i; };
    const auto next_line = [&] {
        // i is at the line end: step over it (CR LF or LF) to the next line's first byte
        if (input[i] == '\r') {
            ++i;
        }
        ++i;
        ++line;
        line_begin = i;
        record_begin = i;
        record_line = line;
    };

    while (i < input.size()) {
        const char c = input[i];
        if (c == '\0') {
            error("a NUL byte");
        }
        switch (s) {
        case state::line_start:
            if (is_blank(c)) {
                ++i;
                continue;
            }
            if (line_end_here()) { // a blank line
                if (!end_line(counted_end(), false)) {
                    return out;
                }
                next_line();
                continue;
            }
            if (c == '#') {
                s = state::comment;
                ++i;
                continue;
            }
            // a record starts with this line (its leading blanks included)
            s = state::field_start;
            continue; // the same character, as a field's start
        case state::comment:
            if (line_end_here()) {
                if (!end_line(counted_end(), false)) {
                    return out;
                }
                next_line();
                s = state::line_start;
                continue;
            }
            if (c == '\r') {
                error("a lone CR");
            }
            ++i;
            continue;
        case state::field_start:
            if (is_blank(c)) {
                ++i;
                continue;
            }
            if (c == delimiter) {
                start_field(false);
                end_field();
                ++i;
                continue;
            }
            if (line_end_here()) {
                start_field(false);
                end_field();
                if (!end_line(counted_end(), true)) {
                    return out;
                }
                next_line();
                s = state::line_start;
                continue;
            }
            if (c == '"') {
                start_field(true);
                s = state::quoted;
                ++i;
                continue;
            }
            start_field(false);
            s = state::unquoted;
            continue; // the same character, as the field's first
        case state::unquoted:
            if (c == delimiter) {
                end_field();
                s = state::field_start;
                ++i;
                continue;
            }
            if (line_end_here()) {
                end_field();
                if (!end_line(counted_end(), true)) {
                    return out;
                }
                next_line();
                s = state::line_start;
                continue;
            }
            if (c == '\r') {
                error("a lone CR");
            }
            f.text += c; // a quote too: TEXTDATA here
            ++i;
            continue;
        case state::quoted:
            if (c == '"') {
                s = state::quote_seen;
            } else {
                f.text += c; // delimiters, CR, LF: all text inside quotes
                if (c == '\n') {
                    ++line;
                    line_begin = i + 1;
                }
            }
            ++i;
            continue;
        case state::quote_seen:
            if (c == '"') { // 2DQUOTE
                f.text += '"';
                s = state::quoted;
                ++i;
                continue;
            }
            s = state::after_quote;
            continue; // the same character, after the closing quote
        case state::after_quote:
            if (is_blank(c)) {
                ++i;
                continue;
            }
            if (c == delimiter) {
                end_field();
                s = state::field_start;
                ++i;
                continue;
            }
            if (line_end_here()) {
                end_field();
                if (!end_line(counted_end(), true)) {
                    return out;
                }
                next_line();
                s = state::line_start;
                continue;
            }
            error(c == '\r' ? "a lone CR" : "text after the closing quote");
            // the rest of the field is read as unquoted text, to find where the record ends
            s = state::unquoted;
            continue;
        }
    }
    // the end of the input (no final line end)
    switch (s) {
    case state::line_start:
    case state::comment:
        end_line(i, false);
        break;
    case state::quoted:
        if (pending_line == 0) {
            pending_line = f.line;
            pending = "a quoted field that is never closed";
        }
        end_line(i, true);
        break;
    case state::field_start:
        start_field(false);
        end_field();
        end_line(i, true);
        break;
    case state::unquoted:
    case state::quote_seen:
    case state::after_quote:
        end_field();
        end_line(i, true);
        break;
    }
    return out;
}

} // namespace csv_model

#endif
