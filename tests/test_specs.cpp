#define BOOST_TEST_MODULE specs
#include <boost/test/unit_test.hpp>

#include <string>

#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>

namespace tt = boost::test_tools;
using smooth::io::input_error;

namespace {
template <typename F>
std::string error_of(F f)
{
    try {
        f();
    } catch (input_error const& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

BOOST_AUTO_TEST_CASE(decay_spellings)
{
    BOOST_TEST(smooth::io::parse_decay("0.9").beta == 0.9);
    BOOST_TEST(smooth::io::parse_decay("beta=0.9").beta == 0.9);
    BOOST_TEST(smooth::io::parse_decay("alpha=0.1").beta == 0.9); // 1 - 0.1 rounds to 0.9
    BOOST_TEST(smooth::io::parse_decay("span=19").beta == 0.9);
    BOOST_TEST(smooth::io::parse_decay("com=9").beta == 0.9);
    BOOST_TEST(smooth::io::parse_decay("halflife=1").beta == 0.5, tt::tolerance(1e-15));
    BOOST_TEST(error_of([] { smooth::io::parse_decay("1"); }) == "beta must be in [0, 1), got 1");
    BOOST_TEST(error_of([] { smooth::io::parse_decay("span=0.5"); }) == "span must be finite and >= 1, got 0.5");
    BOOST_TEST(error_of([] { smooth::io::parse_decay("beta=nan"); }) == "beta 'nan' is not a finite number");
    BOOST_TEST(error_of([] { smooth::io::parse_decay("tau=1"); }).find("a decay is beta") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(numbers_counts_lists)
{
    BOOST_TEST(smooth::io::parse_number("+2.5", "x") == 2.5);
    BOOST_TEST(error_of([] { smooth::io::parse_number("2.5x", "--alpha"); }) == "--alpha '2.5x' is not a number");
    BOOST_TEST(error_of([] { smooth::io::parse_number("", "--alpha"); }) == "--alpha '' is not a number");
    BOOST_TEST(smooth::io::parse_count("12", "n") == 12U);
    BOOST_TEST(error_of([] { smooth::io::parse_count("-3", "--sma"); }) == "--sma must be a whole number >= 1, got '-3'");
    BOOST_TEST(smooth::io::parse_list("1,2.5,-3", "w") == std::vector<double>({1, 2.5, -3}), tt::per_element());
    BOOST_TEST(error_of([] { smooth::io::parse_list("1,,2", "w"); }) == "w '' is not a number");
}

BOOST_AUTO_TEST_CASE(shortest_round_trip)
{
    BOOST_TEST(smooth::io::shortest(0.1) == "0.1");
    BOOST_TEST(smooth::io::shortest(1.0 / 3.0) == "0.3333333333333333");
    BOOST_TEST(smooth::io::shortest(2.5e16) == "2.5e+16");
}

BOOST_AUTO_TEST_CASE(beta_schedules)
{
    const auto linear = smooth::io::parse_beta_schedule("linear:0.5:0.9:200");
    BOOST_TEST(linear(101) == 0.7, tt::tolerance(1e-15));
    const auto step = smooth::io::parse_beta_schedule("step:0.5:0.9:100");
    BOOST_TEST(step(99) == 0.5);
    BOOST_TEST(step(100) == 0.9);
    BOOST_TEST(smooth::io::parse_beta_schedule("sutskever:0.9")(1000) == 0.9, tt::tolerance(1e-15));
    BOOST_TEST(error_of([] { smooth::io::parse_beta_schedule("cosine:0.9"); }) ==
               "use linear:B0:B1:STEPS, step:B0:B1:AT or sutskever:BMAX");
    BOOST_CHECK_THROW(smooth::io::parse_beta_schedule("linear:0.5:1:10"), std::invalid_argument);
}
