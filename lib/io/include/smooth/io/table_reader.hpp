// A table of numbers as people have it, streamed: a CSV (csv.hpp) with or without a header
// line, one or several value columns chosen by name, number or range, an index column (a date,
// a year) carried through verbatim, missing-value tokens, infinities. Constant memory: one
// record at a time, plus the two it looks ahead to choose the columns.
//
// Header:   with header_mode::detect, the first record is a header when one of its fields
//           cannot be read as data (not a number, a missing-value token or a date/time). A first
//           record whose fields all look like numbers (each starts with a digit, a sign or a
//           point) but do not all parse is an error naming line 1, not a header.
// Missing:  an empty field, nan, NA, N/A, null (any case), and the tokens given; read as NaN.
// Numbers:  what strtod in the C locale reads whole, decimal only (no hex), with inf, -inf,
//           Infinity (any case) as infinities; "+-3", "1e", "1 2" in one field are errors.
// Names:    a header name that repeats an earlier one is renamed as pandas does ('x.1',
//           'x.2'), and note() says so.
// Columns:  a spec "close,volume", "2-13", "3", or all numeric columns. Without one: the first
//           column, unless there are several and the first looks like an index (not numeric;
//           whole numbers increasing; or numbers increasing by a constant step, as R writes a
//           ts's time in fractional years: judged over the first rows, up to 8): then the first
//           other numeric column, and note() says so.
// Index:    a column given by name or number, or, without one, a first column that looks like
//           an index and is not a value column. The index is never a smoothed column: not by
//           default, and --column naming it is an error.
#ifndef SMOOTH_IO_TABLE_READER_HPP
#define SMOOTH_IO_TABLE_READER_HPP

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/io/csv.hpp>

namespace smooth::io {

enum class header_mode { detect, yes, no };

struct table_options {
    delimiter_choice delimiter = 0;              ///< 0: detect
    header_mode header = header_mode::detect;
    std::vector<std::string> missing_tokens;     ///< besides the standard ones
    std::string columns;                         ///< --column spec; empty: the default choice
    bool all_columns = false;                    ///< every numeric column
    std::string index;                           ///< --index spec; empty: automatic
};

/// A field as a number: nullopt when it is not one (the caller words the error); NaN for a
/// missing-value token.
std::optional<double> parse_value(std::string_view text, std::vector<std::string> const& extra_missing = {});

/// Whether text is a missing-value token (standard or extra), any case.
bool is_missing_token(std::string_view text, std::vector<std::string> const& extra_missing = {});

/// A date or time in the ISO 8601 forms YYYY-MM, YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.f]] (or
/// with 'T', and a trailing Z), as seconds since 1970-01-01 UTC; nullopt otherwise.
std::optional<double> parse_timestamp(std::string_view text);

class table_reader {
public:
    table_reader(std::istream& in, std::string source, table_options options);

    /// The value columns: their names (the header's, or x, x1, x2, ... without one) and
    /// their 1-based numbers.
    [[nodiscard]] std::vector<std::string> const& names() const { return names_; }
    [[nodiscard]] std::vector<std::size_t> const& columns() const { return chosen_; }
    [[nodiscard]] bool has_index() const { return index_ != 0; }
    [[nodiscard]] std::string const& index_name() const { return index_name_; }
    /// What the reader chose or renamed for the user, for stderr, one line each ("" when
    /// nothing): the automatic column choice, duplicate header names renamed as pandas does.
    [[nodiscard]] std::string const& note() const { return note_; }
    [[nodiscard]] bool has_header() const { return has_header_; }

    struct row {
        std::vector<double> values;
        std::string_view index; ///< valid until the next call
        std::size_t line = 0;
    };

    /// The next row; false at the end. Throws input_error naming FILE:LINE:COLUMN, and at the
    /// end if the input held no rows at all.
    bool next(row& r);

private:
    /// A record looked ahead, compact (a wide one has a million fields): the fields' text one
    /// after another, where each ends and its byte column (a record is at most
    /// record_reader::max_record bytes, so 32 bits hold both).
    struct stored_row {
        std::string chars;
        std::vector<std::uint32_t> end;
        std::vector<std::uint32_t> column;
        std::size_t line = 0;
        [[nodiscard]] std::size_t size() const { return end.size(); }
        [[nodiscard]] std::string_view text(std::size_t k) const
        {
            const std::size_t begin = k == 0 ? 0 : end[k - 1];
            return std::string_view(chars).substr(begin, end[k] - begin);
        }
        [[nodiscard]] std::size_t bytes() const { return chars.size() + 8 * end.size(); }
    };
    void choose_columns();
    void rename_duplicates();
    void add_note(std::string const& text);
    [[noreturn]] void wrong_width(std::size_t line, std::size_t fields) const;
    [[nodiscard]] bool looks_like_index() const;
    [[nodiscard]] bool numeric_column(std::size_t k) const;
    std::size_t column_number(std::string_view item, std::string_view option) const;
    [[noreturn]] void fail(std::size_t line, std::size_t column, std::string const& what) const;
    stored_row store() const;
    double value_of(std::string_view text, std::size_t line, std::size_t column) const;
    double parsed_or_fail(std::string_view text, std::size_t line, std::size_t column) const; ///< value_of's careful path

    record_reader records_;
    table_options options_;
    std::vector<std::string> header_;
    bool has_header_ = false;
    std::size_t width_ = 0;
    std::size_t first_line_ = 1; ///< where the first record (header or data) is
    static constexpr std::size_t look_ahead = 8; ///< data rows read ahead to choose the columns
    std::size_t usable_ahead_ = 0;               ///< of them, those before a ragged one
    std::vector<stored_row> ahead_;
    std::size_t ahead_used_ = 0;
    std::vector<std::size_t> chosen_; ///< 1-based
    std::vector<std::string> names_;
    std::size_t index_ = 0; ///< 1-based; 0: none
    std::string index_name_;
    std::string note_;
    std::size_t rows_ = 0;
};

} // namespace smooth::io

#endif
