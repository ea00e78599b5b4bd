#define BOOST_TEST_MODULE weight_average
#include <boost/test/unit_test.hpp>

#include <vector>

#include <smooth/weight_average.hpp>

namespace tt = boost::test_tools;

// Bias-corrected EMA of the weights: the first average is the first w; then
// (beta (1 - beta) w1 + (1 - beta) w2) / (1 - beta^2), worked by hand for beta 0.5:
// (0.25 w1 + 0.5 w2) / 0.75.
BOOST_AUTO_TEST_CASE(averages_the_weights_bias_corrected)
{
    smooth::weight_average avg(0.5);
    BOOST_TEST(avg.value().empty());
    avg.push(std::vector<double>{1.0, -2.0});
    BOOST_TEST(std::vector<double>(avg.value().begin(), avg.value().end()) == std::vector<double>({1.0, -2.0}),
               tt::per_element());
    avg.push(std::vector<double>{4.0, 1.0});
    BOOST_TEST(avg.value()[0] == (0.25 * 1.0 + 0.5 * 4.0) / 0.75, tt::tolerance(1e-15));
    BOOST_TEST(avg.value()[1] == (0.25 * -2.0 + 0.5 * 1.0) / 0.75, tt::tolerance(1e-15));
    BOOST_TEST(avg.count() == 2U);
}

BOOST_AUTO_TEST_CASE(a_constant_stays_itself)
{
    smooth::weight_average avg(smooth::decay::from_span(199));
    for (int i = 0; i < 1000; ++i) {
        avg.push(std::vector<double>{0.3});
        BOOST_TEST_REQUIRE(avg.value()[0] == 0.3, tt::tolerance(1e-14));
    }
}
