#define BOOST_TEST_MODULE decay
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "printing.hpp"
#include <smooth/decay.hpp>
#include <smooth/ema.hpp>

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
    BOOST_TEST(smooth::decay::from_alpha(0.1).beta == 1.0 - 0.1);
    BOOST_TEST(smooth::decay::from_com(0.5).beta == 1.0 - 1.0 / 1.5);
    BOOST_TEST(smooth::decay::from_com(9.0).beta == 0.9, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(smooth::decay::from_span(19.0).beta == 0.9, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(smooth::decay::from_halflife(1.0).beta == 0.5, boost::test_tools::tolerance(1e-15));
    // after `halflife` steps a weight has halved
    const double h = 6.5788;
    BOOST_TEST(std::pow(smooth::decay::from_halflife(h).beta, h) == 0.5, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(smooth::decay::from_alpha(1.0).beta == 0.0); // alpha = 1: no smoothing
    BOOST_TEST(smooth::decay::from_com(0.0).beta == 0.0);
    BOOST_TEST(smooth::decay::from_span(1.0).beta == 0.0);
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
    BOOST_TEST(message_of([] { smooth::decay::from_alpha(0.0); }) == "alpha must be in (0, 1], got 0");
    BOOST_TEST(message_of([] { smooth::decay::from_alpha(1.5); }) == "alpha must be in (0, 1], got 1.5");
    BOOST_TEST(message_of([] { smooth::decay::from_span(0.5); }) == "span must be finite and >= 1, got 0.5");
    BOOST_TEST(message_of([&] { smooth::decay::from_span(inf); }) == "span must be finite and >= 1, got inf");
    BOOST_TEST(message_of([] { smooth::decay::from_com(-1.0); }) == "com must be finite and >= 0, got -1");
    BOOST_TEST(message_of([] { smooth::decay::from_halflife(0.0); }) ==
               "halflife must be finite and > 0, got 0");
    BOOST_TEST(message_of([&] { smooth::decay::from_halflife(nan); }) ==
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

// A decay keeps the numbers it was made with: pandas' alpha 0.3 is used as pandas has it in
// every stream, the seeded ones too, and a plain double is a beta everywhere. Before, the
// seeded stream took a plain alpha where every other stream took a beta, and beta_from_alpha
// returned a double that made alpha = 1 - beta again (0.30000000000000004).
BOOST_AUTO_TEST_CASE(a_decay_keeps_its_alpha_through_every_stream)
{
    const auto d = smooth::decay::from_alpha(0.3);
    const double pandas_alpha = 1.0 / (1.0 + (1.0 - 0.3) / 0.3); // pandas 1.5.3's chain
    BOOST_TEST(d.alpha == pandas_alpha);
    BOOST_TEST(smooth::decay(d.beta).alpha != d.alpha); // what a beta passed as a double loses
    const auto exactly = smooth::decay::from_alpha_exactly(0.3);
    BOOST_TEST(exactly.alpha == 0.3);
    BOOST_TEST(exactly.beta == 1.0 - 0.3);
    // one step from a value of 0: each stream's first update shows the alpha it holds
    smooth::ema_stream<double> zero_start(d);
    zero_start.push(1.0);
    BOOST_TEST(zero_start.value() == d.alpha); // beta * 0 + alpha * 1
    smooth::ema_seeded_stream<double> seeded(1, d);
    seeded.push(0.0);
    seeded.push(1.0);
    BOOST_TEST(seeded.value() == 1.0 * d.alpha + 0.0 * d.beta); // TTR's x * ratio + prev * (1 - ratio)
    BOOST_TEST(seeded.alpha() == d.alpha);
    smooth::ema_seeded_stream<double> from_beta(1, 0.9); // a plain double is a beta, here too
    BOOST_TEST(from_beta.alpha() == 1.0 - 0.9);
    BOOST_CHECK_THROW(smooth::decay::from_alpha_exactly(0.0), std::invalid_argument);
}
