#include <smooth/plot/table_figure.hpp>

#include <limits>
#include <optional>

#include <fmt/format.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/table_reader.hpp>

namespace smooth::plot {

table_figure::table_figure(std::vector<std::string> columns, std::vector<std::string> lines, std::string index_name)
    : columns_(std::move(columns)), lines_(std::move(lines)), index_name_(std::move(index_name)), raw_(columns_.size()),
      smoothed_(lines_.size()), index_usable_(!index_name_.empty())
{
}

void table_figure::add(io::smoothed_rows const& block, std::size_t r)
{
    double x = static_cast<double>(block.first_t + r);
    if (index_usable_) {
        const std::string_view text = block.index(r);
        if (!index_known_) { // the first row decides: numbers, dates, or neither (then t)
            index_known_ = true;
            time_axis_ = !io::parse_value(text).has_value() && io::parse_timestamp(text).has_value();
            index_usable_ = time_axis_ || io::parse_value(text).has_value();
        }
        const std::optional<double> ix = !index_usable_ ? std::nullopt : time_axis_ ? io::parse_timestamp(text) : io::parse_value(text);
        if (ix) {
            x = *ix;
        } else if (index_usable_) {
            x = std::numeric_limits<double>::quiet_NaN(); // an index that does not read: no point
            if (unplaced_++ == 0) {
                first_unplaced_ = fmt::format("line {}, '{}'", block.lines[r], io::shown(text));
            }
        }
    }
    for (std::size_t c = 0; c < block.columns; ++c) {
        raw_[c].push(x, block.value(r, c));
        for (std::size_t k = 0; k < block.smoothers; ++k) {
            smoothed_[c * block.smoothers + k].push(x, block.smoothed(r, c, k));
        }
    }
}

figure table_figure::result() const
{
    figure fig;
    fig.xlabel = index_usable_ ? index_name_ : std::string("row");
    fig.ylabel = columns_.size() > 1 ? std::string("value") : columns_.front();
    fig.time_x = index_usable_ && time_axis_;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        fig.lines.push_back(raw_[c].result(columns_[c], style::points));
    }
    for (std::size_t k = 0; k < lines_.size(); ++k) {
        fig.lines.push_back(smoothed_[k].result(lines_[k], style::lines));
    }
    return fig;
}

std::string table_figure::note() const
{
    if (unplaced_ == 0) {
        return {};
    }
    return fmt::format("the figure leaves out {} row{} whose index '{}' does not read as a {} like the first row's (first: {}); the CSV has them all",
                       unplaced_, unplaced_ == 1 ? "" : "s", io::shown(index_name_), time_axis_ ? "date" : "number",
                       first_unplaced_);
}

} // namespace smooth::plot
