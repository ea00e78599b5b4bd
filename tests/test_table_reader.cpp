#define BOOST_TEST_MODULE table_reader
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <smooth/io/csv.hpp>
#include <smooth/io/table_reader.hpp>

namespace io = smooth::io;
namespace tt = boost::test_tools;

// Every allocation of the program is counted (for the test that the reader allocates nothing
// per line).
namespace {
std::atomic<long> allocations{0};
} // namespace

void* operator new(std::size_t size)
{
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete" // (our operator new is malloc)
#endif
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace {
struct table {
    std::vector<std::string> names;
    std::string index_name;
    std::vector<std::string> index;
    std::vector<std::vector<double>> rows;
    std::string note;
};

table read(std::string const& text, io::table_options options = {})
{
    std::istringstream in(text);
    io::table_reader r(in, "data.csv", options);
    table t{r.names(), r.index_name(), {}, {}, r.note()};
    io::table_reader::row row;
    while (r.next(row)) {
        t.rows.push_back(row.values);
        t.index.emplace_back(row.index);
    }
    return t;
}

std::string error_of(std::string const& text, io::table_options options = {})
{
    try {
        read(text, options);
    } catch (io::input_error const& e) {
        return e.what();
    }
    return "no error";
}

std::vector<double> column(table const& t, std::size_t k)
{
    std::vector<double> out;
    for (auto const& r : t.rows) {
        out.push_back(r.at(k));
    }
    return out;
}
} // namespace

BOOST_AUTO_TEST_CASE(one_number_per_line)
{
    const auto t = read("1\n2.5\n-3e2\n+4\n\n# a comment\n5");
    BOOST_TEST(t.names == std::vector<std::string>({"x"}), tt::per_element());
    BOOST_TEST(column(t, 0) == std::vector<double>({1, 2.5, -300, 4, 5}), tt::per_element());
    BOOST_TEST(t.index_name.empty());
}

// The sunspots file as statistics packages ship it: quoted header names, the year first.
BOOST_AUTO_TEST_CASE(quoted_header_and_a_year_index)
{
    const auto t = read("\"YEAR\",\"SUNACTIVITY\"\r\n1700.0,5.0\r\n1701.0,11.0\r\n1702.0,16.0\r\n");
    BOOST_TEST(t.names == std::vector<std::string>({"SUNACTIVITY"}), tt::per_element());
    BOOST_TEST(t.index_name == "YEAR");
    BOOST_TEST(t.index == std::vector<std::string>({"1700.0", "1701.0", "1702.0"}), tt::per_element());
    BOOST_TEST(column(t, 0) == std::vector<double>({5, 11, 16}), tt::per_element());
    BOOST_TEST(t.note.find("reading column 2 'SUNACTIVITY'") != std::string::npos, t.note);
    io::table_options by_name;
    by_name.columns = "SUNACTIVITY";
    BOOST_TEST(read("\"YEAR\",\"SUNACTIVITY\"\n1700,5\n1701,11\n", by_name).names.at(0) == "SUNACTIVITY");
}

BOOST_AUTO_TEST_CASE(dates_are_an_index_not_data)
{
    const auto t = read("date,close,volume\n2024-01-02,10.5,100\n2024-01-03,11,NA\n");
    BOOST_TEST(t.index_name == "date");
    BOOST_TEST(t.names == std::vector<std::string>({"close"}), tt::per_element());
    // without a header: the date column still makes the first line data
    const auto bare = read("2024-01-02,10.5\n2024-01-03,11\n");
    BOOST_TEST(bare.rows.size() == 2U);
    BOOST_TEST(bare.index.at(0) == "2024-01-02");
}

BOOST_AUTO_TEST_CASE(rfc_4180_quoting)
{
    const auto t = read("name,\"a, b\",\"say \"\"hi\"\"\"\n\"x\ny\",1,2\n\"z\",3,\"4\"\n");
    BOOST_TEST(t.index == std::vector<std::string>({"x\ny", "z"}), tt::per_element());
    BOOST_TEST(t.names.at(0) == "a, b");
    io::table_options both;
    both.columns = "2-3";
    const auto b = read("name,\"a, b\",\"say \"\"hi\"\"\"\n\"x\ny\",1,2\n\"z\",3,\"4\"\n", both);
    BOOST_TEST(b.names == std::vector<std::string>({"a, b", "say \"hi\""}), tt::per_element());
    BOOST_TEST(column(b, 1) == std::vector<double>({2, 4}), tt::per_element());
    BOOST_TEST(error_of("a,b\n\"1,2\n") == "data.csv:2:1: a quoted field that is never closed");
    BOOST_TEST(error_of("a,b\n\"1\"x,2\n") == "data.csv:2:4: text after the closing quote of a field");
}

BOOST_AUTO_TEST_CASE(delimiters_given_or_detected)
{
    const auto semi = read("a;b;c\n1.5;2;3\n");
    BOOST_TEST(semi.names.at(0) == "a");
    BOOST_TEST(column(semi, 0) == std::vector<double>({1.5}), tt::per_element());
    io::table_options first;
    first.columns = "1";
    BOOST_TEST(error_of("a;b\n1,5;2\n", first).find("data.csv:2:1: '1,5' is not a number") == 0U); // no decimal commas
    const auto tab = read("a\tb\n1.5\t2\n3\t4\n");
    BOOST_TEST(column(tab, 0) == std::vector<double>({1.5, 3}), tt::per_element());
    const auto spaces = read("1 2\n3   4\n");
    BOOST_TEST(spaces.rows.size() == 2U); // "1 2" is two columns of data, never a header
    io::table_options ws;
    ws.delimiter = io::parse_delimiter("whitespace");
    ws.columns = "2";
    BOOST_TEST(column(read("  1   2\n3 4  \n", ws), 0) == std::vector<double>({2, 4}), tt::per_element());
    BOOST_CHECK_THROW(io::parse_delimiter("|"), io::input_error);
}

BOOST_AUTO_TEST_CASE(missing_tokens_and_infinities)
{
    io::table_options opts;
    opts.missing_tokens = {"-999"};
    const auto t = read("x\n1\nNA\nn/a\nNULL\nnan\nNaN\nNan\n\"\"\n-999\ninf\n-Infinity\n", opts);
    const auto xs = column(t, 0);
    BOOST_TEST(xs.size() == 11U);
    BOOST_TEST(xs[0] == 1.0);
    for (std::size_t i = 1; i <= 8; ++i) {
        BOOST_TEST(std::isnan(xs[i]), "row " << i);
    }
    BOOST_TEST(xs[9] == std::numeric_limits<double>::infinity());
    BOOST_TEST(xs[10] == -std::numeric_limits<double>::infinity());
    // a leading NA is data, not a header
    BOOST_TEST(read("NA\n1\n2\n").rows.size() == 3U);
}

// A first line of numbers that do not all parse is an error naming line 1, never a header.
BOOST_AUTO_TEST_CASE(a_first_line_of_bad_numbers_is_an_error)
{
    BOOST_TEST(error_of("1e\n2\n").find("data.csv:1:1: '1e' is not a number") == 0U);
    BOOST_TEST(error_of("0x1p3\n2\n").find("data.csv:1:1: '0x1p3' is not a number") == 0U);
    BOOST_TEST(error_of("+-3\n2\n").find("data.csv:1:1: '+-3' is not a number") == 0U);
    BOOST_TEST(column(read("\"1.5\"\n2\n"), 0) == std::vector<double>({1.5, 2}), tt::per_element());
    BOOST_TEST(error_of("x\n1\n1e400\n") == "data.csv:3:1: '1e400' is out of the range of a double");
    io::table_options yes;
    yes.header = io::header_mode::yes;
    BOOST_TEST(read("1\n2\n", yes).names.at(0) == "1");
    io::table_options no;
    no.header = io::header_mode::no;
    BOOST_TEST(error_of("a\n2\n", no) == "data.csv:1:1: 'a' is not a number");
}

BOOST_AUTO_TEST_CASE(choosing_columns)
{
    const std::string wide = "month,jan,feb,mar\n1,1,2,3\n2,4,5,6\n";
    io::table_options list;
    list.columns = "mar,jan";
    BOOST_TEST(read(wide, list).names == std::vector<std::string>({"mar", "jan"}), tt::per_element());
    io::table_options all;
    all.all_columns = true;
    const auto a = read(wide, all);
    BOOST_TEST(a.names == std::vector<std::string>({"jan", "feb", "mar"}), tt::per_element()); // month: an index
    BOOST_TEST(a.index_name == "month");
    io::table_options backwards;
    backwards.columns = "4-2";
    BOOST_TEST(error_of(wide, backwards) == "--column 4-2: a range runs upwards (try 2-4)");
    io::table_options unknown;
    unknown.columns = "apr";
    BOOST_TEST(error_of(wide, unknown) ==
               "--column apr: no such column; the columns are: month (1), jan (2), feb (3), mar (4)");
    io::table_options zero;
    zero.columns = "0";
    BOOST_TEST(error_of(wide, zero) == "--column 0: column numbers count from 1");
    io::table_options past;
    past.columns = "9";
    BOOST_TEST(error_of(wide, past) == "--column 9: there are only 4 columns");
    io::table_options index;
    index.index = "feb";
    index.columns = "jan";
    const auto i = read(wide, index);
    BOOST_TEST(i.index_name == "feb");
    BOOST_TEST(i.index == std::vector<std::string>({"2", "5"}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(rows_that_do_not_fit)
{
    BOOST_TEST(error_of("a,b\n1,2\n3\n") ==
               "data.csv:3: 1 field where line 1 has 2 (fields split at commas, the delimiter detected from the first "
               "line); every line needs as many fields: if the split is wrong, give --delimiter");
    // the case: a first line "1 2" splits at blanks; the message says so, and where
    // the first line is (after comments and blank lines)
    BOOST_TEST(error_of("# made by hand\n\n1 2\n3\n") ==
               "data.csv:4: 1 field where line 3 has 2 (fields split at runs of blanks, the delimiter detected from "
               "the first line); every line needs as many fields: if the split is wrong, give --delimiter");
    BOOST_TEST(error_of("x\n") == "data.csv: no samples in the input (only a header line)");
    BOOST_TEST(error_of("") == "data.csv: no samples in the input");
    BOOST_TEST(error_of("x\n1\nabc\n") == "data.csv:3:1: 'abc' is not a number");
    BOOST_TEST(error_of(std::string("x\n1\n2\0", 7)).find("NUL") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(timestamps)
{
    BOOST_TEST(*io::parse_timestamp("1970-01-02") == 86400.0);
    BOOST_TEST(*io::parse_timestamp("2000-03") == 951868800.0);
    BOOST_TEST(*io::parse_timestamp("2000-03-01 00:00:01") == 951868801.0);
    BOOST_TEST(*io::parse_timestamp("2000-03-01T00:01Z") == 951868860.0);
    BOOST_TEST(!io::parse_timestamp("2000-13-01"));
    BOOST_TEST(!io::parse_timestamp("1999"));
}

// The reader allocates nothing per line: reading ten times the rows costs no more allocations
// (plain lines, quoted fields with doubled quotes, an index column, a missing value).
BOOST_AUTO_TEST_CASE(no_allocation_per_line)
{
    const auto allocations_for = [](std::size_t rows) {
        std::string text = "date,\"price, close\",volume\n";
        for (std::size_t i = 0; i < rows; ++i) {
            text += "2024-01-" + std::to_string(10 + i % 19) + (i % 5 == 0 ? ",\"1\"\"5\"\"\",7\n" : ",3.25,NA\n");
            text.back() = '\n';
        }
        std::istringstream in(text);
        io::table_options options;
        options.all_columns = true;
        options.missing_tokens = {"\"1\"5\""};
        io::table_reader r(in, "data.csv", options);
        io::table_reader::row row;
        std::size_t read = 0;
        const long before = allocations.load();
        while (r.next(row)) {
            ++read;
        }
        const long used = allocations.load() - before;
        BOOST_TEST(read == rows);
        return used;
    };
    const long small = allocations_for(2'000);
    const long large = allocations_for(20'000);
    BOOST_TEST_MESSAGE("allocations while reading: " << small << " for 2,000 rows, " << large << " for 20,000");
    BOOST_TEST(large <= small + 2); // (a buffer may grow once more; no allocation per line)
    BOOST_TEST(small < 20);
}

// A header name that repeats an earlier one: renamed as pandas' read_csv renames it (x, x.1,
// x.2, skipping a name already taken), and the note says so; --column names either one.
// Before, --column x took the first silently and the output repeated the name.
BOOST_AUTO_TEST_CASE(duplicate_header_names_are_renamed_as_pandas_does)
{
    io::table_options all;
    all.all_columns = true;
    const auto t = read("x,x,x.1,x\n5,2,3,4\n1,6,7,8\n", all);
    // pandas 1.5.3: pd.read_csv(io.StringIO("x,x,x.1,x\n1,2,3,4\n")).columns ->
    // ["x", "x.2", "x.1", "x.3"] (tests/REFERENCES.md, P12)
    BOOST_TEST(t.names == std::vector<std::string>({"x", "x.2", "x.1", "x.3"}), tt::per_element());
    BOOST_TEST(t.note ==
                   "column 2's name 'x' is column 1's too: it is called 'x.2' here (as pandas names it)\n"
                   "column 4's name 'x' is column 1's too: it is called 'x.3' here (as pandas names it)",
               t.note);
    io::table_options second;
    second.columns = "x.1";
    BOOST_TEST(column(read("x,x\n1,2\n", second), 0) == std::vector<double>({2}), tt::per_element());
}

// The index rule: a first column of numbers that increase by a constant step (R's ts writes
// fractional years) is the index like whole increasing numbers; a ramp whose step changes is
// data. Up to 8 rows are looked at; a ragged row among them is reported when reached, after
// the rows before it.
BOOST_AUTO_TEST_CASE(a_constant_step_first_column_is_the_index)
{
    const auto years = read("time,v\n1949,1\n1949.08333333333,2\n1949.16666666667,3\n1949.25,4\n");
    BOOST_TEST(years.index_name == "time");
    BOOST_TEST(years.names == std::vector<std::string>({"v"}), tt::per_element());
    BOOST_TEST(years.note.find("(increasing in steps of 0.0833333, a time)") != std::string::npos, years.note);
    const auto ramp = read("a,b\n1.5,1\n2.5,2\n4,3\n");
    BOOST_TEST(ramp.index_name.empty());
    BOOST_TEST(ramp.names == std::vector<std::string>({"a"}), tt::per_element());
    const auto two_rows = read("a,b\n1.5,1\n2.5,2\n"); // one step: no evidence of a constant one
    BOOST_TEST(two_rows.index_name.empty());

    std::istringstream in("a,b\n1,2\n3,4\n5,6\n7\n");
    io::table_reader r(in, "data.csv", {});
    io::table_reader::row row;
    std::size_t rows = 0;
    std::string error;
    try {
        while (r.next(row)) {
            ++rows;
        }
    } catch (io::input_error const& e) {
        error = e.what();
    }
    BOOST_TEST(rows == 3U);
    BOOST_TEST(error.find("data.csv:5: 1 field where line 1 has 2") == 0U, error);
}
