// CSV records as RFC 4180 writes them, streamed: quoted fields with embedded delimiters,
// line ends and doubled quotes; CRLF or LF line ends, the last one optional (a carriage
// return alone, outside quotes, is an error that says how to convert such a file; one that is
// the input's last byte ends its line); a UTF-8 byte-order mark at the start; a delimiter that
// is a comma, a semicolon, a tab, or runs of whitespace, given or detected from the first
// record. A quote opens a quoted field only at the start of a field (after blanks); inside an
// unquoted field it is an ordinary character, as Python's csv reads it. Blanks (spaces, and
// tabs unless tab is the delimiter) around a field are trimmed, outside the quotes of a quoted
// one; after a closing quote only blanks, then the delimiter or the line end, may follow.
// Blank lines (only blanks that are not the delimiter) and lines whose first non-blank
// character is '#' between records are skipped. A NUL byte anywhere is an error. Errors are
// input_error naming FILE:LINE:COLUMN. Memory: one record at a time (a record longer than
// max_record bytes, a CR before its LF counted, is an error at its first line), whatever the
// length of the input; a stream may hand out its bytes in pieces of any size, and what is read
// does not depend on their sizes. tests/csv_model.hpp is an independent model of this dialect
// (given delimiters), which test_csv and tests/fuzz/fuzz_csv_differential hold the reader to.
#ifndef SMOOTH_IO_CSV_HPP
#define SMOOTH_IO_CSV_HPP

#include <cstddef>
#include <deque>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/io/input_error.hpp>

namespace smooth::io {

/// The delimiter: ',', ';', '\t', or ' ' for runs of spaces and tabs. 0: detect it from
/// the first record (the most frequent of ',', ';', '\t' outside quotes; whitespace if none
/// of them occurs and the line has two words or more and no quote, and either its words all
/// start like numbers or the next line with words, within max_record bytes, has as many;
/// ',' otherwise).
using delimiter_choice = char;

/// "," ";" "tab" "\t" "whitespace" "space", as --delimiter spells them; throws input_error.
delimiter_choice parse_delimiter(std::string_view text);

class record_reader {
public:
    struct field {
        std::string_view text; ///< unquoted and unescaped, surrounding blanks trimmed
        std::size_t line;      ///< where the field starts, 1-based
        std::size_t column;    ///< byte in that line where the field starts, 1-based
        bool quoted;
    };

    /// `source` names the input in messages ("data.csv", or "-" for standard input).
    record_reader(std::istream& in, std::string source, delimiter_choice delimiter = 0);

    /// Reads the next record; false at the end of the input.
    bool next();

    [[nodiscard]] std::vector<field> const& fields() const { return fields_; }
    [[nodiscard]] std::size_t line() const { return record_line_; } ///< where the record starts
    [[nodiscard]] char delimiter() const { return delimiter_; }
    [[nodiscard]] std::string const& source() const { return source_; }

    /// input_error "SOURCE:LINE:COLUMN: what" (no column when it is 0).
    [[noreturn]] void fail(std::size_t line, std::size_t column, std::string const& what) const;

    static constexpr std::size_t max_record = std::size_t{1} << 20;

private:
    bool fill();
    [[noreturn]] void lone_carriage_return(std::size_t line, std::size_t column) const;
    [[noreturn]] void nul_byte(std::size_t line, std::size_t column) const;
    void detect_delimiter(std::size_t end);
    void split_plain(std::size_t begin, std::size_t end);
    void push_trimmed(std::size_t a, std::size_t b, std::size_t line_begin);
    void split_quoted(std::size_t begin, std::size_t& end);
    enum class scan : unsigned char { field_start, plain, quoted, after_quote };
    std::size_t find_record_end(std::size_t from, scan& state, bool& complete);
    void push(std::string_view raw, std::size_t line, std::size_t column, bool quoted);

    std::istream& in_;
    std::string source_;
    char delimiter_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
    bool first_ = true;
    std::size_t line_ = 0;        ///< lines consumed so far
    std::size_t record_line_ = 0; ///< first line of the current record
    std::vector<field> fields_;
    std::deque<std::string> unescaped_; ///< storage for quoted fields (a deque: growing it moves none)
    std::size_t unescaped_used_ = 0;
};

} // namespace smooth::io

#endif
