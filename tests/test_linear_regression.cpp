#define BOOST_TEST_MODULE linear_regression
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/problems/linear_regression.hpp>

#include "gradient_check.hpp"

namespace tt = boost::test_tools;
using smooth::problems::linear_regression;

BOOST_AUTO_TEST_CASE(data_is_seeded_and_shaped)
{
    const linear_regression a(100, {1.5, -2.0, 0.5}, 0.1, 7);
    const linear_regression b(100, {1.5, -2.0, 0.5}, 0.1, 7);
    BOOST_TEST(a.examples() == 100U);
    BOOST_TEST(a.dimension() == 3U);
    for (std::size_t i = 0; i < 100; ++i) {
        BOOST_TEST(a.features(i)[0] == 1.0); // the intercept column
        BOOST_TEST(a.label(i) == b.label(i));
    }
}

BOOST_AUTO_TEST_CASE(noise_free_data_is_fit_exactly)
{
    const linear_regression p(50, {1.5, -2.0}, 0.0, 3);
    const auto w = p.minimizer();
    BOOST_TEST(w[0] == 1.5, tt::tolerance(1e-12));
    BOOST_TEST(w[1] == -2.0, tt::tolerance(1e-12));
    std::vector<double> g(2);
    BOOST_TEST(p(w, g) < 1e-25);
}

BOOST_AUTO_TEST_CASE(mse_and_its_gradient)
{
    const linear_regression p(40, {0.5, 1.0, -1.0}, 0.3, 11);
    const std::vector<double> w{0.1, 0.2, 0.3};
    // the loss by its definition, 1/n sum (x.w - y)^2
    double mse = 0;
    for (std::size_t i = 0; i < p.examples(); ++i) {
        const auto x = p.features(i);
        const double r = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] - p.label(i);
        mse += r * r;
    }
    mse /= 40;
    std::vector<double> g(3);
    BOOST_TEST(p(w, g) == mse, tt::tolerance(1e-14));
    BOOST_TEST(gradient_error(p, w) < 1e-7);
    // the gradient vanishes at the least-squares solution
    p(p.minimizer(), g);
    for (const double gi : g) {
        BOOST_TEST(std::abs(gi) < 1e-12);
    }
}

BOOST_AUTO_TEST_CASE(batch_gradient_of_all_examples_is_the_full_gradient)
{
    const linear_regression p(30, {1.0, 2.0}, 0.5, 5);
    const std::vector<double> w{-0.3, 0.8};
    std::vector<std::size_t> all(30);
    std::iota(all.begin(), all.end(), std::size_t{0});
    std::vector<double> g_full(2);
    std::vector<double> g_batch(2);
    BOOST_TEST(p(w, g_full) == p.batch_gradient(w, g_batch, all), tt::tolerance(1e-15));
    BOOST_TEST(g_full == g_batch, tt::tolerance(1e-15) << tt::per_element());
    // one example: the stochastic gradient 2 (x.w - y) x
    const std::vector<std::size_t> one{4};
    p.batch_gradient(w, g_batch, one);
    const auto x = p.features(4);
    const double r = x[0] * w[0] + x[1] * w[1] - p.label(4);
    BOOST_TEST(g_batch[1] == 2 * r * x[1], tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(bad_parameters)
{
    BOOST_CHECK_THROW(linear_regression(0, {1.0}, 0.1, 1), std::invalid_argument);
    BOOST_CHECK_THROW(linear_regression(10, {}, 0.1, 1), std::invalid_argument);
    BOOST_CHECK_THROW(linear_regression(10, {1.0}, -0.1, 1), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(wrong_sizes_and_batches_are_refused)
{
    const auto p = smooth::problems::linear_regression::article_example(16);
    std::vector<double> w(p.dimension(), 0.0);
    std::vector<double> g(p.dimension() + 1, 0.0);
    BOOST_CHECK_THROW(p(w, g), std::invalid_argument);
    g.resize(p.dimension());
    const std::vector<std::size_t> empty;
    const std::vector<std::size_t> past = {0, 16};
    BOOST_CHECK_THROW(p.batch_gradient(w, g, empty), std::invalid_argument);
    BOOST_CHECK_EXCEPTION(p.batch_gradient(w, g, past), std::invalid_argument, [](std::invalid_argument const& e) {
        return std::string(e.what()) == "linear_regression: batch index 16 is past the 16 examples";
    });
}
