#define BOOST_TEST_MODULE rosenbrock
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>

#include "gradient_check.hpp"
#include "printing.hpp"

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(rosenbrock_values)
{
    const smooth::problems::rosenbrock f;
    std::vector<double> g(2);
    // (1 - -1.2)^2 + 100 (1 - 1.44)^2 = 4.84 + 19.36 = 24.2, the textbook start value
    BOOST_TEST(f(f.start(), g) == 24.2, tt::tolerance(1e-14));
    BOOST_TEST(f(f.minimizer(), g) == 0.0);
    BOOST_TEST(g[0] == 0.0);
    BOOST_TEST(g[1] == 0.0);
    BOOST_TEST(gradient_error(f, f.start()) < 1e-7);
    BOOST_TEST(gradient_error(f, {0.3, 2.0}) < 1e-7);
}

BOOST_AUTO_TEST_CASE(banana_values)
{
    const smooth::problems::banana f;
    std::vector<double> g(2);
    // (1 - -1)^2 + 20 (3 - 1)^2 = 4 + 80
    BOOST_TEST(f(f.start(), g) == 84.0, tt::tolerance(1e-14));
    BOOST_TEST(f(f.minimizer(), g) == 0.0, tt::tolerance(1e-15));
    BOOST_TEST(gradient_error(f, f.start()) < 1e-7);
    BOOST_TEST(gradient_error(f, {0.5, -0.2}) < 1e-7);
}

BOOST_AUTO_TEST_CASE(momentum_finds_the_banana_minimum)
{
    const smooth::problems::banana f;
    smooth::classic_momentum opt(0.003, 0.9); // distill's range: alpha up to ~0.006
    smooth::run_options options;
    options.max_steps = 20000;
    options.gradient_tolerance = 1e-9;
    const auto r = smooth::minimize(f, opt, f.start(), options);
    BOOST_TEST(r.status == smooth::run_status::gradient_tolerance);
    BOOST_TEST(r.w[0] == 1.0, tt::tolerance(1e-8));
    BOOST_TEST(r.w[1] == 1.0 / 3.0, tt::tolerance(1e-8));
}

BOOST_AUTO_TEST_CASE(wrong_sizes_are_refused)
{
    std::vector<double> w(3, 0.0); // longer, not shorter: the compiler would see the read past the end
    std::vector<double> g(2, 0.0);
    BOOST_CHECK_THROW(smooth::problems::rosenbrock{}(w, g), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::problems::banana{}(g, w), std::invalid_argument);
}
