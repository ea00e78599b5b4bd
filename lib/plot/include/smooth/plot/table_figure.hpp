// A smoothed table as a figure, gathered while its rows stream by (io/smoothed_table.hpp):
// each value column as points, each of its smoothers as a line, thinned as they come (peaks
// kept, plot/thin.hpp), so a series of any length takes bounded memory.
//
// x is the index column when the first row's index reads as a number or a date (a time axis
// then), else the row number t. A later row whose index does not read as the first one's is
// left out of the figure (the CSV keeps it) and note() says how many and where the first is.
#ifndef SMOOTH_PLOT_TABLE_FIGURE_HPP
#define SMOOTH_PLOT_TABLE_FIGURE_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <smooth/io/smoothed_table.hpp>
#include <smooth/plot/figure.hpp>
#include <smooth/plot/thin.hpp>

namespace smooth::plot {

class table_figure {
public:
    /// columns: the value columns' names; lines: each column's smoothers' names, column by
    /// column (columns x smoothers); index_name: the index column's, or "" without one.
    table_figure(std::vector<std::string> columns, std::vector<std::string> lines, std::string index_name);

    /// Row r of a block, in the order the rows come.
    void add(io::smoothed_rows const& block, std::size_t r);

    /// The figure: points and lines, x labelled with the index's name (or "row"), y with the
    /// one column's name (or "value"), a time axis for dates.
    [[nodiscard]] figure result() const;

    /// "" when every row is in the figure; otherwise what was left out, for stderr.
    [[nodiscard]] std::string note() const;

private:
    std::vector<std::string> columns_;
    std::vector<std::string> lines_;
    std::string index_name_;
    std::vector<streaming_thin> raw_;
    std::vector<streaming_thin> smoothed_;
    bool index_usable_;
    bool index_known_ = false;
    bool time_axis_ = false;
    std::size_t unplaced_ = 0;   ///< rows left out: their index does not read as the first did
    std::string first_unplaced_; ///< where the first of them is
};

} // namespace smooth::plot

#endif
