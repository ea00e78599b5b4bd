// A table smoothed column by column and written as CSV: what the smooth tool does between its
// command line and its figure. Every value column of a table_reader goes through every
// smoother (smoother.hpp), and the rows come out in order, in blocks:
//
//   smooth::io::table_smoother rows(reader, {spec_a, spec_b}, "prices.csv");
//   smooth::io::smoothed_rows block;
//   while (rows.next(block)) {   // block.value(r, c), block.smoothed(r, c, k), block.index(r)
//       rows_seen += block.rows;
//   }
//
// write_smoothed_csv does that and writes the CSV (the index or t, then each column and its
// smoothers), on two threads when asked: one reads and smooths, the other formats and writes,
// and the reading one formats a block itself when the writer falls behind. Same bytes either way.
//
// Memory follows what was read, not the table's width. A smoother keeps a few hundred bytes
// of state, so a table of 500,000 columns and 2 rows streamed row by row would need one per
// column and smoother (1.8 GB for 7 smoothers) to smooth 8 MB of values. So the rows are first
// held, values only, until they take as much room as the smoothers' state would: a table that
// ends by then (every short table) is smoothed a column at a time with one smoother each, in
// memory proportional to its values; a longer one is streamed, its held rows first. Both give
// the same numbers: each smoother sees its column's values in order either way.
//
// Errors: a missing value when refuse_missing is set, and the reader's errors, are thrown as
// input_error after the rows before them were handed out (next() returns them first).
#ifndef SMOOTH_IO_SMOOTHED_TABLE_HPP
#define SMOOTH_IO_SMOOTHED_TABLE_HPP

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <smooth/io/table_reader.hpp>
#include <smooth/smoother.hpp>

namespace smooth::io {

/// Rows read and smoothed: each row's values, each value's smoothers, its index text and line.
struct smoothed_rows {
    std::size_t columns = 0;   ///< value columns
    std::size_t smoothers = 0; ///< smoothers per column
    std::size_t rows = 0;
    std::size_t first_t = 1;       ///< t (1-based row number) of the first row
    std::vector<double> values;    ///< rows x columns
    std::vector<double> smoothing; ///< rows x columns x smoothers; NaN: no value yet
    std::string index_text;        ///< the index fields, one after another
    std::vector<std::size_t> index_end;
    std::vector<std::size_t> lines; ///< each row's line in the input
    fmt::memory_buffer text;        ///< the rows as CSV, when formatted ahead (write_smoothed_csv)
    bool formatted = false;

    [[nodiscard]] double value(std::size_t r, std::size_t c) const { return values[r * columns + c]; }
    [[nodiscard]] double smoothed(std::size_t r, std::size_t c, std::size_t k) const
    {
        return smoothing[(r * columns + c) * smoothers + k];
    }
    [[nodiscard]] std::string_view index(std::size_t r) const
    {
        const std::size_t begin = r == 0 ? 0 : index_end[r - 1];
        return std::string_view(index_text).substr(begin, index_end[r] - begin);
    }
    void clear();
};

class table_smoother {
public:
    /// Smooths every value column of `reader` with each spec; `source` names the input in
    /// messages. refuse_missing: a missing value is an error naming its line and column.
    table_smoother(table_reader& reader, std::vector<smoother_spec> specs, std::string source, bool refuse_missing = true);

    /// The next rows, smoothed, into `block` (cleared first); false at the end. Throws
    /// input_error for the input's first error once the rows before it were returned.
    bool next(smoothed_rows& block);

    /// Rows a streamed block holds: 32,768 values and smoothed values (256 KB), at least one row.
    static constexpr std::size_t cell_budget = 32768;

private:
    bool read_row(smoothed_rows& block);
    void smooth_columns(smoothed_rows& block) const;
    void smooth_rows(smoothed_rows& block);
    [[nodiscard]] std::size_t held_limit() const;

    table_reader& reader_;
    std::vector<smoother_spec> specs_;
    std::string source_;
    bool refuse_missing_;
    std::size_t columns_;
    std::vector<smoother> streams_; ///< columns x specs, once streaming
    bool started_ = false;
    bool ended_ = false;
    std::exception_ptr error_; ///< to throw at the next call
    table_reader::row row_;
    std::size_t t_ = 0;
};

/// A smoother and its output column's name suffix (sma_20, ema_0.9).
struct named_smoother {
    std::string name;
    smoother_spec spec;
};

/// A smoother's output column: <column>_<suffix> when the table has several value columns, the
/// suffix alone otherwise (the CSV's header and the figure's lines say the same).
inline std::string smoothed_column_name(std::string const& column, named_smoother const& s, bool several)
{
    return several ? column + "_" + s.name : s.name;
}

struct smoothed_csv_options {
    std::string source;         ///< the input's name in messages
    bool refuse_missing = true; ///< a missing value is an error (else each smoother's policy)
    int digits = 0;             ///< 0: shortest round-trip; 1 to 17: significant digits
    std::size_t threads = 1;    ///< 2 or more: one thread reads and smooths, one writes
};

/// Reads every row, smooths each column with each smoother and hands CSV text to `put` (which
/// writes the buffer out and clears it; it is called on the writing thread): the header (the
/// index's name or t, then each column's name and its smoothers', <column>_<suffix> when there
/// are several columns), then the rows. `each_row` (may be empty) sees every row, in order, on
/// the calling thread (for a figure). On an input error the rows before it are written, then
/// it is thrown.
void write_smoothed_csv(table_reader& reader, std::vector<named_smoother> const& smoothers, smoothed_csv_options const& options,
                        std::function<void(fmt::memory_buffer&)> const& put,
                        std::function<void(smoothed_rows const&, std::size_t row)> const& each_row = {});

} // namespace smooth::io

#endif
