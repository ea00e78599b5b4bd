#define BOOST_TEST_MODULE quadratic
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/problems/quadratic.hpp>

#include "gradient_check.hpp"

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(diagonal_value_gradient_and_minimum)
{
    const smooth::problems::diagonal_quadratic q({1.0, 100.0});
    std::vector<double> g(2);
    const std::vector<double> w{2.0, -1.0};
    BOOST_TEST(q(w, g) == 0.5 * (4.0 + 100.0)); // 1/2 (1*4 + 100*1)
    BOOST_TEST(g[0] == 2.0);
    BOOST_TEST(g[1] == -100.0);
    BOOST_TEST(q.lambda_min() == 1.0);
    BOOST_TEST(q.lambda_max() == 100.0);
    BOOST_TEST(q.start() == std::vector<double>({1.0, 1.0}), tt::per_element());
    BOOST_TEST(q(q.minimizer(), g) == q.minimum());
}

BOOST_AUTO_TEST_CASE(diagonal_rejects_non_positive_eigenvalues)
{
    try {
        smooth::problems::diagonal_quadratic q({1.0, -2.0});
        BOOST_FAIL("negative eigenvalue accepted");
    } catch (std::invalid_argument const& e) {
        BOOST_TEST(std::string(e.what()) == "quadratic eigenvalue must be finite and > 0, got -2");
    }
    BOOST_CHECK_THROW(smooth::problems::diagonal_quadratic({0.0}), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::problems::diagonal_quadratic({}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(spd_gradient_and_minimizer)
{
    // A = [[4, 1], [1, 3]], b = [1, 2]: A^-1 b = [1/11, 7/11] (by hand)
    const smooth::problems::spd_quadratic q({4, 1, 1, 3}, {1, 2});
    BOOST_TEST(q.minimizer()[0] == 1.0 / 11.0, tt::tolerance(1e-15));
    BOOST_TEST(q.minimizer()[1] == 7.0 / 11.0, tt::tolerance(1e-15));
    BOOST_TEST(q.minimum() == -0.5 * (1.0 / 11.0 + 14.0 / 11.0), tt::tolerance(1e-15));
    std::vector<double> g(2);
    q(q.minimizer(), g);
    BOOST_TEST(std::abs(g[0]) < 1e-15);
    BOOST_TEST(std::abs(g[1]) < 1e-15);
    BOOST_TEST(gradient_error(q, {0.3, -0.7}) < 1e-8);
}

BOOST_AUTO_TEST_CASE(spd_rejects_bad_matrices)
{
    BOOST_CHECK_THROW(smooth::problems::spd_quadratic({1, 2, 3, 4}, {1, 1}), std::invalid_argument); // not symmetric
    BOOST_CHECK_THROW(smooth::problems::spd_quadratic({1, 2, 2, 1}, {1, 1}), std::invalid_argument); // indefinite
    BOOST_CHECK_THROW(smooth::problems::spd_quadratic({1, 0, 0}, {1, 1}), std::invalid_argument);    // wrong size
}

BOOST_AUTO_TEST_CASE(wrong_sizes_are_refused)
{
    const smooth::problems::diagonal_quadratic q({1.0, 100.0});
    std::vector<double> w(2, 0.0);
    std::vector<double> g(3, 0.0);
    BOOST_CHECK_THROW(q(w, g), std::invalid_argument);
}
