#define BOOST_TEST_MODULE classic_momentum
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>

#include "optimizer_check.hpp"

namespace tt = boost::test_tools;

// tests/REFERENCES.md [T2], [T3]: PyTorch momentum (= classic) and PyTorch nesterov, lr 0.1, mu 0.9
BOOST_AUTO_TEST_CASE(golden_rows)
{
    smooth::classic_momentum heavy_ball(0.1, 0.9);
    BOOST_TEST(first_iterates(heavy_ball) == std::vector<double>({0.9, 0.72, 0.486}),
               tt::tolerance(1e-14) << tt::per_element());
    smooth::classic_momentum nag(0.1, 0.9, true);
    BOOST_TEST(first_iterates(nag) == std::vector<double>({0.81, 0.5751, 0.327321}),
               tt::tolerance(1e-13) << tt::per_element());
}

// What a change of beta does to the buffer: b is a sum, about g / (1 - beta) on a steady
// slope, so raising beta from 0.5 to 0.9 makes the steps grow step by step toward 5x.
BOOST_AUTO_TEST_CASE(changing_beta_grows_the_sum)
{
    smooth::classic_momentum opt(0.1, 0.5);
    std::vector<double> w{0.0};
    const std::vector<double> g{1.0};
    for (int k = 0; k < 60; ++k) {
        opt.step(w, g);
    }
    BOOST_TEST(opt.velocity()[0] == 2.0, tt::tolerance(1e-15)); // 1 / (1 - 0.5)
    opt.set_beta(0.9);
    opt.step(w, g);
    BOOST_TEST(opt.velocity()[0] == 0.9 * 2.0 + 1.0, tt::tolerance(1e-15)); // not 10 at once
    for (int k = 0; k < 400; ++k) {
        opt.step(w, g);
    }
    BOOST_TEST(opt.velocity()[0] == 10.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bad_parameters)
{
    BOOST_CHECK_THROW(smooth::classic_momentum(0.1, 1.0), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::classic_momentum(-0.1, 0.5), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(step_sizes_are_checked)
{
    check_step_sizes_are_checked(smooth::classic_momentum(0.1, 0.9), "classic_momentum");
}
