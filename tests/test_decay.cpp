#define BOOST_TEST_MODULE decay
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <smooth/decay.hpp>

namespace {
template <typename F>
std::string message_of(F f)
{
    try {
        f();
    } catch (std::invalid_argument const& e) {
        return e.what();
    }
    return "no exception";
}
} // namespace

BOOST_AUTO_TEST_CASE(pandas_definitions)
{
    // pandas: com -> alpha = 1/(1+com); span -> alpha = 2/(span+1);
    // halflife -> alpha = 1 - exp(log(0.5)/halflife); beta = 1 - alpha
    BOOST_TEST(smooth::beta_from_alpha(0.1) == 1.0 - 0.1);
    BOOST_TEST(smooth::beta_from_com(0.5) == 1.0 - 1.0 / 1.5);
    BOOST_TEST(smooth::beta_from_com(9.0) == 0.9, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(smooth::beta_from_span(19.0) == 0.9, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(smooth::beta_from_halflife(1.0) == 0.5, boost::test_tools::tolerance(1e-15));
    // after `halflife` steps a weight has halved
    const double h = 6.5788;
    BOOST_TEST(std::pow(smooth::beta_from_halflife(h), h) == 0.5, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(smooth::beta_from_alpha(1.0) == 0.0); // alpha = 1: no smoothing
    BOOST_TEST(smooth::beta_from_com(0.0) == 0.0);
    BOOST_TEST(smooth::beta_from_span(1.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(effective_window_of_point_nine_is_ten)
{
    BOOST_TEST(smooth::effective_window(0.9) == 10.0, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(smooth::effective_window(0.0) == 1.0);
}

BOOST_AUTO_TEST_CASE(bad_values_throw_naming_the_value)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    BOOST_TEST(message_of([] { smooth::checked_beta(1.0); }) == "beta must be in [0, 1), got 1");
    BOOST_TEST(message_of([] { smooth::checked_beta(-0.1); }) == "beta must be in [0, 1), got -0.1");
    BOOST_TEST(message_of([&] { smooth::checked_beta(nan); }) == "beta must be in [0, 1), got nan");
    BOOST_TEST(message_of([] { smooth::beta_from_alpha(0.0); }) == "alpha must be in (0, 1], got 0");
    BOOST_TEST(message_of([] { smooth::beta_from_alpha(1.5); }) == "alpha must be in (0, 1], got 1.5");
    BOOST_TEST(message_of([] { smooth::beta_from_span(0.5); }) == "span must be finite and >= 1, got 0.5");
    BOOST_TEST(message_of([&] { smooth::beta_from_span(inf); }) == "span must be finite and >= 1, got inf");
    BOOST_TEST(message_of([] { smooth::beta_from_com(-1.0); }) == "com must be finite and >= 0, got -1");
    BOOST_TEST(message_of([] { smooth::beta_from_halflife(0.0); }) ==
               "halflife must be finite and > 0, got 0");
    BOOST_TEST(message_of([&] { smooth::beta_from_halflife(nan); }) ==
               "halflife must be finite and > 0, got nan");
    BOOST_TEST(message_of([] { smooth::effective_window(1.0); }) == "beta must be in [0, 1), got 1");
}

// The mean age of an EMA's data is the weighted mean of i under w_i = (1 - beta) beta^i.
BOOST_AUTO_TEST_CASE(mean_ages)
{
    for (const double beta : {0.0, 0.5, 0.9, 0.98}) {
        double age = 0;
        double b_i = 1;
        for (int i = 0; i < 20000; ++i, b_i *= beta) {
            age += i * (1 - beta) * b_i;
        }
        BOOST_TEST(smooth::ema_mean_age(beta) == age, boost::test_tools::tolerance(1e-9));
    }
    BOOST_TEST(smooth::ema_mean_age(0.9) == 9.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(smooth::sma_mean_age(19) == 9.0);
    BOOST_TEST(smooth::sma_mean_age(1) == 0.0);
    BOOST_CHECK_THROW((void)smooth::ema_mean_age(1.0), std::invalid_argument);
}
