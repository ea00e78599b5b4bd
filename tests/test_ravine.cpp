#define BOOST_TEST_MODULE ravine
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/run.hpp>

#include "gradient_check.hpp"
#include "printing.hpp"

namespace tt = boost::test_tools;
using smooth::problems::ravine;

BOOST_AUTO_TEST_CASE(curvatures_along_and_across)
{
    const ravine r;
    BOOST_TEST(gradient_error(r, r.start()) < 1e-8);
    BOOST_TEST(gradient_error(r, {0.4, -2.0}) < 1e-8);
    // a unit step along the floor costs 1/2, across it 100/2
    std::vector<double> g(2);
    const double c = std::cos(ravine::angle);
    const double s = std::sin(ravine::angle);
    BOOST_TEST(r(std::vector<double>{c, s}, g) == 0.5, tt::tolerance(1e-14));
    BOOST_TEST(r(std::vector<double>{-s, c}, g) == 50.0, tt::tolerance(1e-14));
    // the start: 8 along, 0.5 across
    BOOST_TEST(r.along(r.start()) == -8.0, tt::tolerance(1e-14));
    BOOST_TEST(r.across(r.start()) == 0.5, tt::tolerance(1e-14));
    BOOST_TEST(r(r.minimizer(), g) == 0.0);
}

// ensmallen's manner: theory says momentum must win here, so the test compares.
// At the same alpha = 0.019 (just under GD's limit 2/100), GD's flat direction shrinks by
// 0.981 per step; classic momentum with beta = 0.8 has rate sqrt(0.8) = 0.894 on both.
BOOST_AUTO_TEST_CASE(momentum_reaches_the_bottom_in_under_a_third_of_gd_steps)
{
    const ravine r;
    smooth::run_options options;
    options.max_steps = 100000;
    options.loss_target = 1e-8;
    smooth::gradient_descent gd(0.019);
    smooth::classic_momentum heavy_ball(0.019, 0.8);
    const auto by_gd = smooth::minimize(r, gd, r.start(), options);
    const auto by_momentum = smooth::minimize(r, heavy_ball, r.start(), options);
    BOOST_TEST_MESSAGE("steps to loss 1e-8: GD " << by_gd.steps << ", momentum " << by_momentum.steps);
    BOOST_TEST_REQUIRE(by_gd.status == smooth::run_status::loss_target);
    BOOST_TEST_REQUIRE(by_momentum.status == smooth::run_status::loss_target);
    BOOST_TEST(3 * by_momentum.steps < by_gd.steps);
}

// The article's picture: GD's steps across the ravine flip sign every step (it bounces);
// in momentum's velocity, a beta-weighted sum of past gradients, the parts across the
// ravine cancel (they alternate in sign) while the parts along it add up (same sign).
BOOST_AUTO_TEST_CASE(across_components_cancel_along_components_add_up)
{
    const ravine r;
    smooth::run_options options;
    options.max_steps = 30;
    smooth::trajectory gd_path;
    smooth::gradient_descent gd(0.019);
    smooth::minimize(r, gd, r.start(), options, gd_path);
    int flips = 0;
    for (std::size_t k = 2; k < gd_path.rows.size(); ++k) {
        const double before = r.across(gd_path.rows[k - 1].w) - r.across(gd_path.rows[k - 2].w);
        const double now = r.across(gd_path.rows[k].w) - r.across(gd_path.rows[k - 1].w);
        flips += (before * now < 0) ? 1 : 0;
    }
    BOOST_TEST(flips == 29); // every one of GD's 30 steps across reverses the one before

    const double beta = 0.8;
    smooth::trajectory path;
    smooth::classic_momentum heavy_ball(0.019, beta);
    smooth::minimize(r, heavy_ball, r.start(), options, path);
    // velocity after step k: b_k = sum_i beta^(k-1-i) g(w_i); compare |sum| with sum of |terms|
    const std::size_t k = 20;
    double along_sum = 0, along_abs = 0, across_sum = 0, across_abs = 0;
    std::vector<double> g(2);
    for (std::size_t i = 0; i < k; ++i) {
        r(path.rows[i].w, g);
        const double weight = std::pow(beta, static_cast<double>(k - 1 - i));
        along_sum += weight * r.along(g);
        along_abs += weight * std::abs(r.along(g));
        across_sum += weight * r.across(g);
        across_abs += weight * std::abs(r.across(g));
    }
    BOOST_TEST(r.along(path.rows[k].velocity) == along_sum, tt::tolerance(1e-12));
    BOOST_TEST_MESSAGE("kept after cancellation: along " << std::abs(along_sum) / along_abs << ", across "
                                                         << std::abs(across_sum) / across_abs);
    BOOST_TEST(std::abs(along_sum) / along_abs == 1.0, tt::tolerance(1e-12)); // nothing cancels
    BOOST_TEST(std::abs(across_sum) / across_abs < 0.2);                    // most cancels
    // and momentum has gone further along the floor than GD in the same 10 steps
    BOOST_TEST(std::abs(r.along(path.rows[10].w)) < std::abs(r.along(gd_path.rows[10].w)));
}

// A point or a gradient of the wrong size is an error, not a read past the end.
BOOST_AUTO_TEST_CASE(wrong_sizes_are_refused)
{
    const smooth::problems::ravine r;
    std::vector<double> w(3, 0.0);
    std::vector<double> g(2, 0.0);
    BOOST_CHECK_EXCEPTION(r(w, g), std::invalid_argument, [](std::invalid_argument const& e) {
        return std::string(e.what()) == "ravine: w and g must have 2 elements, got 3 and 2";
    });
}
