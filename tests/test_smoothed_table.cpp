#define BOOST_TEST_MODULE smoothed_table
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/smoothed_table.hpp>

namespace {

using smooth::average;
using smooth::smoother_spec;

std::vector<smoother_spec> some_specs()
{
    return {{.kind = average::sma, .window = 3},
            {.kind = average::ema_corrected, .ema_decay = smooth::decay::from_alpha(0.3)},
            {.kind = average::wilder, .window = 4}};
}

/// A table with an index, `columns` value columns and `rows` rows of values that do not repeat.
std::string table(std::size_t columns, std::size_t rows, std::size_t missing_at = 0)
{
    std::string text = "day";
    for (std::size_t c = 0; c < columns; ++c) {
        text += fmt::format(",c{}", c);
    }
    text += '\n';
    for (std::size_t r = 1; r <= rows; ++r) {
        text += fmt::format("d{}", r);
        for (std::size_t c = 0; c < columns; ++c) {
            text += r == missing_at && c == columns - 1 ? std::string(",") : fmt::format(",{}", std::sin(0.37 * r + c) * 100 + 0.1 * c);
        }
        text += '\n';
    }
    return text;
}

struct expected {
    std::vector<std::vector<double>> values;                 // [column][row]
    std::vector<std::vector<std::vector<double>>> smoothed;  // [column][spec][row]
};

/// What one smoother per column and spec gives, row after row: the reference.
expected reference(std::string const& text, std::vector<smoother_spec> const& specs)
{
    std::istringstream in(text);
    smooth::io::table_options options;
    options.all_columns = true;
    smooth::io::table_reader reader(in, "t.csv", options);
    expected e;
    const std::size_t columns = reader.names().size();
    e.values.resize(columns);
    e.smoothed.assign(columns, std::vector<std::vector<double>>(specs.size()));
    std::vector<smooth::smoother> s;
    for (std::size_t c = 0; c < columns; ++c) {
        for (auto const& spec : specs) {
            s.emplace_back(spec);
        }
    }
    smooth::io::table_reader::row row;
    while (reader.next(row)) {
        for (std::size_t c = 0; c < columns; ++c) {
            e.values[c].push_back(row.values[c]);
            for (std::size_t k = 0; k < specs.size(); ++k) {
                s[c * specs.size() + k].push(row.values[c]);
                e.smoothed[c][k].push_back(s[c * specs.size() + k].value().value_or(std::numeric_limits<double>::quiet_NaN()));
            }
        }
    }
    return e;
}

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

/// Every block from table_smoother, checked against the reference bit for bit; returns the
/// number of blocks.
std::size_t check_against_reference(std::string const& text, std::vector<smoother_spec> const& specs)
{
    const auto e = reference(text, specs);
    std::istringstream in(text);
    smooth::io::table_options options;
    options.all_columns = true;
    smooth::io::table_reader reader(in, "t.csv", options);
    smooth::io::table_smoother rows(reader, specs, "t.csv");
    smooth::io::smoothed_rows block;
    std::size_t blocks = 0;
    std::size_t t = 0;
    std::size_t wrong = 0;
    while (rows.next(block)) {
        ++blocks;
        BOOST_TEST(block.first_t == t + 1);
        for (std::size_t r = 0; r < block.rows; ++r, ++t) {
            BOOST_TEST(block.index(r) == fmt::format("d{}", t + 1));
            BOOST_TEST(block.lines[r] == t + 2);
            for (std::size_t c = 0; c < block.columns; ++c) {
                wrong += same(block.value(r, c), e.values[c][t]) ? 0 : 1;
                for (std::size_t k = 0; k < specs.size(); ++k) {
                    wrong += same(block.smoothed(r, c, k), e.smoothed[c][k][t]) ? 0 : 1;
                }
            }
        }
    }
    BOOST_TEST(wrong == 0U);
    BOOST_TEST(t == e.values.front().size());
    return blocks;
}

} // namespace

// A short table is held whole and smoothed a column at a time: one block, the same numbers.
BOOST_AUTO_TEST_CASE(a_short_table_is_smoothed_a_column_at_a_time)
{
    BOOST_TEST(check_against_reference(table(3, 9), some_specs()) == 1U);
    BOOST_TEST(check_against_reference(table(2000, 3), some_specs()) == 1U); // wide and short
    BOOST_TEST(check_against_reference(table(1, 1), some_specs()) == 1U);
}

// A long table is held until its rows take the room the smoothers' state would, then
// streamed: many blocks, the same numbers as one smoother per column row after row.
BOOST_AUTO_TEST_CASE(a_long_table_is_streamed_with_the_same_numbers)
{
    BOOST_TEST(check_against_reference(table(1, 30000), some_specs()) > 2U);
    BOOST_TEST(check_against_reference(table(40, 2000), some_specs()) > 2U);
}

// A missing value is an error naming its line, after the rows before it were handed out: in
// the held rows and in the streamed ones.
BOOST_AUTO_TEST_CASE(a_missing_value_comes_after_the_rows_before_it)
{
    for (const std::size_t rows : {10U, 30000U}) {
        const std::size_t bad = rows - 3;
        const auto text = table(2, rows, bad);
        std::istringstream in(text);
        smooth::io::table_options options;
        options.all_columns = true;
        smooth::io::table_reader reader(in, "t.csv", options);
        smooth::io::table_smoother smoothed(reader, some_specs(), "t.csv");
        smooth::io::smoothed_rows block;
        std::size_t seen = 0;
        std::string message;
        try {
            while (smoothed.next(block)) {
                seen += block.rows;
            }
        } catch (smooth::io::input_error const& e) {
            message = e.what();
        }
        BOOST_TEST(seen == bad - 1);
        BOOST_TEST(message == fmt::format("t.csv:{}: missing value in column 'c1' (use --missing skip or --missing decay)", bad + 1));
        BOOST_TEST(!smoothed.next(block)); // and then the end
    }
}

// The CSV: the same bytes on one thread and on two, for a short and a long table.
BOOST_AUTO_TEST_CASE(the_csv_is_the_same_on_one_thread_and_two)
{
    for (const std::size_t rows : {5U, 20000U}) {
        const auto text = table(3, rows);
        std::string out[2];
        for (std::size_t threads = 1; threads <= 2; ++threads) {
            std::istringstream in(text);
            smooth::io::table_options options;
            options.all_columns = true;
            smooth::io::table_reader reader(in, "t.csv", options);
            smooth::io::write_smoothed_csv(reader, {{"sma_3", some_specs()[0]}, {"wilder_4", some_specs()[2]}},
                                           {.source = "t.csv", .threads = threads},
                                           [&](fmt::memory_buffer& b) {
                                               out[threads - 1].append(b.data(), b.size());
                                               b.clear();
                                           });
        }
        BOOST_TEST(out[0] == out[1]);
        BOOST_TEST(out[0].starts_with("day,c0,c0_sma_3,c0_wilder_4,c1,c1_sma_3,c1_wilder_4,c2,c2_sma_3,c2_wilder_4\nd1,"));
        BOOST_TEST(std::count(out[0].begin(), out[0].end(), '\n') == static_cast<std::ptrdiff_t>(rows + 1));
    }
}
