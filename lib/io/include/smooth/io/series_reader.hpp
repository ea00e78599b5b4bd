// Reads a series of numbers as a stream, one sample at a time (constant memory): one number
// per line, or CSV with a header line and a chosen column. Blank lines and lines starting
// with '#' are skipped; CRLF line ends and a UTF-8 byte-order mark are accepted.
// Anything else that is not a finite number is an input_error naming FILE:LINE:COLUMN.
#ifndef SMOOTH_IO_SERIES_READER_HPP
#define SMOOTH_IO_SERIES_READER_HPP

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/io/input_error.hpp>

namespace smooth::io {

/// Which column to read: by header name, or by number counting from 1. Default: the first.
struct column_choice {
    std::string name;       ///< non-empty: match this header field
    std::size_t number = 1; ///< used when name is empty
};

/// Parses "NAME" or "N" (N >= 1, all digits) as --column does.
column_choice parse_column(std::string const& text);

struct sample {
    double value;     ///< NaN for a missing value ("nan", "NaN" or an empty field)
    std::size_t line; ///< 1-based line in the input
};

class series_reader {
public:
    /// `source` names the input in messages ("data.csv", or "-" for standard input).
    series_reader(std::istream& in, std::string source, column_choice column = {});

    /// The next sample, or nullopt at the end. Throws input_error on bad input, and at the end
    /// if the input held no samples at all.
    std::optional<sample> next();

    /// The header's name for the chosen column ("x" when there is no header).
    [[nodiscard]] std::string const& column_name() const { return column_name_; }

    /// One comma-separated field of a line.
    struct field {
        std::string_view text;
        std::size_t column; ///< 1-based column where the field starts
    };

    /// Longest line accepted, in bytes.
    static constexpr std::size_t max_line = 1 << 20;

private:
    bool refill();
    bool read_line();
    [[noreturn]] void fail(std::size_t column, std::string const& what) const;
    double parse_field(std::string_view field, std::size_t column);

    std::istream& in_;
    std::string source_;
    column_choice choice_;
    std::string line_;
    std::size_t line_number_ = 0;
    bool started_ = false;
    std::vector<char> buffer_ = std::vector<char>(1 << 16);
    std::vector<field> fields_buffer_; // reused line after line
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    std::size_t fields_ = 0;
    std::size_t index_ = 0; ///< 0-based column index to read
    std::size_t samples_ = 0;
    std::string column_name_ = "x";
};

} // namespace smooth::io

#endif
