#define BOOST_TEST_MODULE objective
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include <smooth/objective.hpp>

BOOST_AUTO_TEST_CASE(norm_without_overflow)
{
    BOOST_TEST(smooth::norm(std::vector<double>{3.0, 4.0}) == 5.0);
    BOOST_TEST(smooth::norm(std::vector<double>{}) == 0.0);
    BOOST_TEST(smooth::norm(std::vector<double>{3e200, 4e200}) == 5e200,
               boost::test_tools::tolerance(1e-15)); // squares would overflow
    BOOST_TEST(std::isinf(smooth::norm(std::vector<double>{1.0, INFINITY})));
}

BOOST_AUTO_TEST_CASE(what_counts_as_an_objective)
{
    auto lambda = [](std::span<const double> w, std::span<double> g) {
        g[0] = 2 * w[0];
        return w[0] * w[0];
    };
    auto wrong = [](std::span<const double> w) { return w[0]; };
    static_assert(smooth::objective<decltype(lambda)>);
    static_assert(!smooth::objective<decltype(wrong)>);
    BOOST_TEST(true);
}
