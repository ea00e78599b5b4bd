#define BOOST_TEST_MODULE series_reader
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <smooth/io/series_reader.hpp>

using smooth::io::series_reader;

namespace {
std::vector<double> read_all(std::string const& text, smooth::io::column_choice column = {})
{
    std::istringstream in(text);
    series_reader r(in, "data", column);
    std::vector<double> out;
    while (auto s = r.next()) {
        out.push_back(s->value);
    }
    return out;
}
std::string error_of(std::string const& text, smooth::io::column_choice column = {})
{
    try {
        read_all(text, column);
    } catch (smooth::io::input_error const& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

BOOST_AUTO_TEST_CASE(one_number_per_line)
{
    BOOST_TEST(read_all("1\n2.5\n-3e2\n+4\n") == std::vector<double>({1, 2.5, -300, 4}), boost::test_tools::per_element());
    BOOST_TEST(read_all("1\n2") == std::vector<double>({1, 2}), boost::test_tools::per_element()); // no final newline
    BOOST_TEST(read_all("  7  \n") == std::vector<double>({7}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(comments_blanks_crlf_and_bom)
{
    BOOST_TEST(read_all("\xEF\xBB\xBF" "1\r\n\r\n# note\r\n2\r\n") == std::vector<double>({1, 2}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(csv_with_header_and_columns)
{
    const std::string csv = "date,close\n1,10\n2,20\n";
    BOOST_TEST(read_all(csv) == std::vector<double>({1, 2}), boost::test_tools::per_element());
    BOOST_TEST(read_all(csv, {"close", 1}) == std::vector<double>({10, 20}), boost::test_tools::per_element());
    BOOST_TEST(read_all(csv, {"", 2}) == std::vector<double>({10, 20}), boost::test_tools::per_element());
    std::istringstream in(csv);
    series_reader r(in, "data", {"close", 1});
    r.next();
    BOOST_TEST(r.column_name() == "close");
}

BOOST_AUTO_TEST_CASE(missing_values_are_nan)
{
    const auto v = read_all("a,b\n1,nan\n2,\n3,NaN\n", {"b", 1});
    BOOST_TEST(v.size() == 3U);
    for (const double x : v) {
        BOOST_TEST(std::isnan(x));
    }
}

BOOST_AUTO_TEST_CASE(errors_name_file_line_and_column)
{
    BOOST_TEST(error_of("1\n2\nx1\n") == "data:3:1: 'x1' is not a number");
    BOOST_TEST(error_of("a,b\n1,  oops\n", {"b", 1}) == "data:2:5: 'oops' is not a number");
    BOOST_TEST(error_of("1e999\n") == "data:1:1: '1e999' is out of the range of a double");
    BOOST_TEST(error_of("-inf\n") == "data:1:1: '-inf' is not a finite number");
    BOOST_TEST(error_of("") == "data: no samples in the input");
    BOOST_TEST(error_of("x,y\n") == "data: no samples in the input");
    BOOST_TEST(error_of("a,b\n1,2\n1,2,3\n") == "data:3: 3 fields where the first line has 2");
    BOOST_TEST(error_of("1,2\n", {"b", 1}) == "data:1: --column b names a column, but the input has no header line");
    BOOST_TEST(error_of(std::string("1\n2\0\n", 5)) == "data:2:2: binary data (a NUL byte) where text belongs");
    BOOST_TEST(error_of(std::string(series_reader::max_line + 1, '1')) == "data:1: line longer than 1048576 bytes");
}

BOOST_AUTO_TEST_CASE(column_choice_parsing)
{
    BOOST_TEST(smooth::io::parse_column("3").number == 3U);
    BOOST_TEST(smooth::io::parse_column("close").name == "close");
    BOOST_CHECK_THROW(smooth::io::parse_column("0"), smooth::io::input_error);
    BOOST_CHECK_THROW(smooth::io::parse_column(""), smooth::io::input_error);
}
