#define BOOST_TEST_MODULE gradient_descent
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <vector>

#include <smooth/optimizers/gradient_descent.hpp>

#include "optimizer_check.hpp"

namespace tt = boost::test_tools;

// tests/REFERENCES.md [T1]: plain GD, lr 0.1
BOOST_AUTO_TEST_CASE(golden_row)
{
    smooth::gradient_descent gd(0.1);
    const std::vector<double> expected{0.9, 0.81, 0.729};
    BOOST_TEST(first_iterates(gd) == expected, tt::tolerance(1e-15) << tt::per_element());
    BOOST_TEST(gd.velocity().empty());
}

BOOST_AUTO_TEST_CASE(bad_alpha)
{
    BOOST_CHECK_THROW(smooth::gradient_descent(0.0), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::gradient_descent(-1.0), std::invalid_argument);
    smooth::gradient_descent gd(0.1);
    BOOST_CHECK_THROW(gd.set_alpha(-0.1), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(step_sizes_are_checked)
{
    check_step_sizes_are_checked(smooth::gradient_descent(0.1), "gradient_descent");
}
