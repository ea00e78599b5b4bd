#include <smooth/io/smoothed_table.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include <fmt/compile.h>

#include <smooth/io/csv_writer.hpp>
#include <smooth/io/handoff.hpp>
#include <smooth/io/input_error.hpp>

namespace smooth::io {

void smoothed_rows::clear()
{
    rows = 0;
    values.clear();
    smoothing.clear();
    index_text.clear();
    index_end.clear();
    lines.clear();
    text.clear();
    formatted = false;
}

table_smoother::table_smoother(table_reader& reader, std::vector<smoother_spec> specs, std::string source, bool refuse_missing)
    : reader_(reader), specs_(std::move(specs)), source_(std::move(source)), refuse_missing_(refuse_missing),
      columns_(reader.names().size())
{
    for (auto const& spec : specs_) {
        smoother check(spec); // a bad spec throws here, before any row is read
    }
}

std::size_t table_smoother::held_limit() const
{
    // what streaming would hold: a smoother and its first allocations per column and spec
    constexpr std::size_t state_bytes = sizeof(smoother) + 64;
    return std::max(cell_budget * sizeof(double), columns_ * specs_.size() * state_bytes);
}

bool table_smoother::read_row(smoothed_rows& block)
{
    if (!reader_.next(row_)) {
        return false;
    }
    ++t_;
    if (refuse_missing_) {
        for (std::size_t c = 0; c < columns_; ++c) {
            if (std::isnan(row_.values[c])) {
                throw input_error(fmt::format("{}:{}: missing value in column '{}' (use --missing skip or --missing decay)", source_,
                                              row_.line, reader_.names()[c]));
            }
        }
    }
    block.values.insert(block.values.end(), row_.values.begin(), row_.values.end());
    if (reader_.has_index()) {
        block.index_text.append(row_.index);
    }
    block.index_end.push_back(block.index_text.size());
    block.lines.push_back(row_.line);
    ++block.rows;
    return true;
}

void table_smoother::smooth_columns(smoothed_rows& block) const
{
    const std::size_t n = specs_.size();
    block.smoothing.assign(block.rows * columns_ * n, std::numeric_limits<double>::quiet_NaN());
    if (block.rows == 0) {
        return; // (an empty block's arrays have no storage to point into)
    }
    for (std::size_t c = 0; c < columns_; ++c) {
        for (std::size_t k = 0; k < n; ++k) {
            smoother s(specs_[k]);
            s.push_into(block.values.data() + c, columns_, block.smoothing.data() + c * n + k, columns_ * n, block.rows);
        }
    }
}

void table_smoother::smooth_rows(smoothed_rows& block)
{
    const std::size_t n = specs_.size();
    block.smoothing.resize(block.rows * columns_ * n);
    if (block.rows == 0) {
        return;
    }
    for (std::size_t c = 0; c < columns_; ++c) { // a column's stream over the block's rows
        for (std::size_t k = 0; k < n; ++k) {
            streams_[c * n + k].push_into(block.values.data() + c, columns_, block.smoothing.data() + c * n + k,
                                          columns_ * n, block.rows);
        }
    }
}

bool table_smoother::next(smoothed_rows& block)
{
    block.clear();
    block.columns = columns_;
    block.smoothers = specs_.size();
    block.first_t = t_ + 1;
    if (error_) {
        ended_ = true;
        std::rethrow_exception(std::exchange(error_, nullptr));
    }
    if (ended_) {
        return false;
    }
    const std::size_t row_bytes = columns_ * (1 + specs_.size()) * sizeof(double);
    bool more = true;
    try {
        if (!started_) {
            // held until the input ends or the rows take the room streaming would
            started_ = true;
            while ((more = read_row(block)) && block.rows * row_bytes <= held_limit()) {
            }
            if (!more) {
                ended_ = true;
                std::vector<double>().swap(row_.values); // its room, for the smoothed values
                smooth_columns(block);
                return block.rows > 0;
            }
            streams_.reserve(columns_ * specs_.size());
            for (std::size_t c = 0; c < columns_; ++c) {
                for (auto const& spec : specs_) {
                    streams_.emplace_back(spec);
                }
            }
        } else {
            const std::size_t rows_per_block = std::max<std::size_t>(1, cell_budget * sizeof(double) / row_bytes);
            while (block.rows < rows_per_block && (more = read_row(block))) {
            }
            ended_ = !more;
        }
    } catch (...) {
        error_ = std::current_exception();
    }
    if (streams_.empty()) {
        smooth_columns(block); // the input failed while its rows were held
    } else {
        smooth_rows(block);
    }
    if (block.rows == 0 && error_) {
        ended_ = true;
        std::rethrow_exception(std::exchange(error_, nullptr));
    }
    return block.rows > 0;
}

namespace {

/// Formats a block's rows as CSV into `text`; `flush` (may be empty) is offered the text
/// after each column, so a row of a million fields does not wait whole in memory.
/// Writes columns [c0, c1) of row r at p (",value,smoothed,..." each; an empty field for no
/// value); returns the end.
char* write_columns(char* p, smoothed_rows const& b, std::size_t r, std::size_t c0, std::size_t c1, int digits)
{
    for (std::size_t c = c0; c < c1; ++c) {
        *p++ = ',';
        if (!std::isnan(b.value(r, c))) { // a missing value: an empty field
            p = write_number(p, b.value(r, c), digits);
        }
        for (std::size_t k = 0; k < b.smoothers; ++k) {
            *p++ = ',';
            const double v = b.smoothed(r, c, k);
            if (!std::isnan(v)) { // no value yet: an empty field
                p = write_number(p, v, digits);
            }
        }
    }
    return p;
}

void format_rows(smoothed_rows const& b, bool with_index, int digits, fmt::memory_buffer& text,
                 std::function<void(fmt::memory_buffer&)> const& flush)
{
    constexpr std::size_t field = 1 + number_room; // ",v"
    constexpr std::size_t chunk = std::size_t{1} << 16;
    const std::size_t per_column = (1 + b.smoothers) * field;
    const std::size_t columns_at_once = std::max<std::size_t>(1, chunk / per_column);
    const auto write_lead = [&](char* p, std::size_t r) { // the index field, or t
        return with_index ? write_field(p, b.index(r)) : fmt::format_to(p, FMT_COMPILE("{}"), b.first_t + r);
    };
    if (b.columns <= columns_at_once) {
        // most tables: the room of as many rows as fit in a chunk at once, one pointer
        // through them (not a resize before and after each row)
        const std::size_t row_room = 24 + b.columns * per_column + 1;
        const std::size_t rows_at_once = std::max<std::size_t>(1, chunk / row_room);
        for (std::size_t r0 = 0; r0 < b.rows; r0 += rows_at_once) {
            const std::size_t r1 = std::min(b.rows, r0 + rows_at_once);
            std::size_t room = (r1 - r0) * row_room;
            for (std::size_t r = r0; with_index && r < r1; ++r) {
                room += field_room(b.index(r));
            }
            const std::size_t at = text.size();
            text.resize(at + room);
            char* p = text.data() + at;
            for (std::size_t r = r0; r < r1; ++r) {
                p = write_columns(write_lead(p, r), b, r, 0, b.columns, digits);
                *p++ = '\n';
            }
            text.resize(static_cast<std::size_t>(p - text.data()));
        }
        return;
    }
    for (std::size_t r = 0; r < b.rows; ++r) {
        // a wide row: a chunk of columns at a time, offered to flush between them
        std::size_t at = text.size();
        text.resize(at + (with_index ? field_room(b.index(r)) : 0) + 24);
        char* p = write_lead(text.data() + at, r);
        text.resize(static_cast<std::size_t>(p - text.data()));
        for (std::size_t c0 = 0; c0 < b.columns; c0 += columns_at_once) {
            const std::size_t c1 = std::min(b.columns, c0 + columns_at_once);
            at = text.size();
            text.resize(at + (c1 - c0) * per_column + 1);
            p = write_columns(text.data() + at, b, r, c0, c1, digits);
            if (c1 == b.columns) {
                *p++ = '\n';
            }
            text.resize(static_cast<std::size_t>(p - text.data()));
            if (flush && text.size() > chunk) {
                flush(text);
            }
        }
    }
}

} // namespace

void write_smoothed_csv(table_reader& reader, std::vector<named_smoother> const& smoothers, smoothed_csv_options const& options,
                        std::function<void(fmt::memory_buffer&)> const& put,
                        std::function<void(smoothed_rows const&, std::size_t row)> const& each_row)
{
    std::vector<smoother_spec> specs;
    for (auto const& s : smoothers) {
        specs.push_back(s.spec);
    }
    table_smoother rows(reader, specs, options.source, options.refuse_missing);
    const auto put_if_large = [&](fmt::memory_buffer& buf) {
        if (buf.size() > (1U << 16)) {
            put(buf);
        }
    };

    // the header
    fmt::memory_buffer buf;
    auto const& names = reader.names();
    const bool several = names.size() > 1;
    append_field(buf, reader.has_index() ? reader.index_name() : std::string("t"));
    for (auto const& name : names) {
        buf.push_back(',');
        append_field(buf, name);
        for (auto const& s : smoothers) {
            buf.push_back(',');
            append_field(buf, smoothed_column_name(name, s, several));
        }
        put_if_large(buf);
    }
    buf.push_back('\n');

    // the rows: formatted and written by a second thread unless threads is 1; when that one
    // falls behind (a block still waits for it) this one formats the next small block itself.
    // The writing thread formats into a buffer of its own, away from this thread's variables:
    // a buffer on this stack, written a character at a time by the other core, shared its
    // cache lines with the reader's state and made reading 1.7 times slower (measured).
    const bool with_index = reader.has_index();
    const auto write_block = [&](smoothed_rows& b, fmt::memory_buffer& out) {
        if (b.formatted) { // written as it is, after what came before it
            put(out);
            put(b.text);
        } else {
            format_rows(b, with_index, options.digits, out, put_if_large);
        }
        put_if_large(out);
    };
    const bool two_threads = options.threads >= 2;
    // 10 blocks in flight, and the writer counts as behind when more than 3 wait for it: with
    // 6 and 0 this thread formatted too many blocks and the writer idled (two threads took
    // 0.57-0.65 of one thread's time, 0.55 with these; 16 and 4 were as fast, with 26 MB of
    // blocks where these take 19: tests/benchmarks/cli_floor.sh)
    handoff<smoothed_rows> pipe(two_threads ? 10 : 1);
    constexpr std::size_t behind = 3;
    std::exception_ptr writer_error;
    std::thread writer;
    if (two_threads) {
        put(buf); // the header
        writer = std::thread([&] {
            try {
                fmt::memory_buffer out;
                while (smoothed_rows* b = pipe.next()) {
                    write_block(*b, out);
                    pipe.done(b);
                }
                put(out);
            } catch (...) {
                writer_error = std::current_exception();
                pipe.fail();
            }
        });
    }
    const auto finish_writer = [&] {
        if (two_threads && writer.joinable()) {
            pipe.close();
            writer.join();
        }
    };
    try {
        smoothed_rows* block = pipe.empty();
        while (block != nullptr && rows.next(*block)) {
            if (each_row) {
                for (std::size_t r = 0; r < block->rows; ++r) {
                    each_row(*block, r);
                }
            }
            if (!two_threads) {
                write_block(*block, buf);
                continue;
            }
            if (pipe.waiting() > behind && block->rows * block->columns * (1 + block->smoothers) <= 2 * table_smoother::cell_budget) {
                format_rows(*block, with_index, options.digits, block->text, {});
                block->formatted = true;
            }
            pipe.filled(block);
            block = pipe.empty(); // nullptr once the writer failed
        }
    } catch (...) {
        // every row before the bad one is written; a write error then is not the one to tell
        try {
            finish_writer();
            if (!writer_error) {
                put(buf);
            }
        } catch (...) {
        }
        throw;
    }
    finish_writer();
    if (writer_error) {
        std::rethrow_exception(writer_error);
    }
    put(buf);
}

} // namespace smooth::io
