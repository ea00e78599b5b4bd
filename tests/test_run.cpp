#define BOOST_TEST_MODULE run
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/run.hpp>
#include "printing.hpp"

namespace tt = boost::test_tools;

namespace {
auto half_square = [](std::span<const double> w, std::span<double> g) {
    g[0] = w[0];
    return 0.5 * w[0] * w[0];
};
}

BOOST_AUTO_TEST_CASE(a_lambda_is_an_objective)
{
    static_assert(smooth::objective<decltype(half_square)>);
    static_assert(smooth::objective<smooth::problems::diagonal_quadratic const>);
    smooth::gradient_descent gd(0.5);
    smooth::run_options options;
    options.max_steps = 3;
    const auto r = smooth::minimize(half_square, gd, {1.0}, options);
    BOOST_TEST(r.status == smooth::run_status::max_steps);
    BOOST_TEST(r.steps == 3U);
    BOOST_TEST(r.w[0] == 0.125);
    BOOST_TEST(r.loss == 0.5 * 0.125 * 0.125);
}

BOOST_AUTO_TEST_CASE(observer_sees_every_step_from_zero)
{
    smooth::gradient_descent gd(0.1);
    smooth::run_options options;
    options.max_steps = 5;
    smooth::trajectory path;
    smooth::minimize(half_square, gd, {1.0}, options, path);
    BOOST_TEST(path.rows.size() == 6U);
    BOOST_TEST(path.rows[0].step == 0U);
    BOOST_TEST(path.rows[0].w[0] == 1.0);
    BOOST_TEST(path.rows[5].w[0] == std::pow(0.9, 5), tt::tolerance(1e-15));
    BOOST_TEST(path.rows[5].grad_norm == std::pow(0.9, 5), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(stopping_rules)
{
    smooth::gradient_descent gd(0.1);
    smooth::run_options by_gradient;
    by_gradient.max_steps = 10000;
    by_gradient.gradient_tolerance = 1e-3;
    const auto g = smooth::minimize(half_square, gd, {1.0}, by_gradient);
    // |g_k| = 0.9^k <= 1e-3 first at k = ceil(log(1e-3)/log(0.9)) = 66
    BOOST_TEST(g.status == smooth::run_status::gradient_tolerance);
    BOOST_TEST(g.steps == 66U);
    smooth::run_options by_loss;
    by_loss.max_steps = 10000;
    by_loss.loss_target = 1e-6;
    const auto l = smooth::minimize(half_square, gd, {1.0}, by_loss);
    // 0.5 * 0.81^k <= 1e-6 first at k = ceil(log(2e-6)/log(0.81)) = 63
    BOOST_TEST(l.status == smooth::run_status::loss_target);
    BOOST_TEST(l.steps == 63U);
}

// GD with alpha 2.5 on w^2/2: w_k = (-1.5)^k, loss 0.5 * 2.25^k. With the default bound
// loss > loss_0 + 1e12 max(|loss_0|, 1), the first step over it is k = 35.
BOOST_AUTO_TEST_CASE(divergence_is_reported_at_the_right_step)
{
    smooth::gradient_descent gd(2.5);
    smooth::run_options options;
    options.max_steps = 1000;
    smooth::trajectory path;
    const auto r = smooth::minimize(half_square, gd, {1.0}, options, path);
    std::size_t expected = 0;
    while (0.5 * std::pow(2.25, static_cast<double>(expected)) <= 0.5 + 1e12) {
        ++expected;
    }
    BOOST_TEST(expected == 35U);
    BOOST_TEST(r.diverged());
    BOOST_TEST(r.steps == expected);
    BOOST_TEST(path.rows.size() == expected); // rows 0 .. k-1, not the blown-up one
    BOOST_TEST(r.message().rfind("diverged at step 35 (loss ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(non_finite_values_end_the_run_without_nan_rows)
{
    smooth::gradient_descent gd(1e300);
    smooth::run_options options;
    options.max_steps = 10;
    options.divergence_ratio = std::numeric_limits<double>::infinity(); // only non-finite ends it
    smooth::trajectory path;
    const auto r = smooth::minimize(half_square, gd, {1.0}, options, path);
    BOOST_TEST(r.diverged());
    for (auto const& row : path.rows) {
        BOOST_TEST(std::isfinite(row.loss));
        BOOST_TEST(std::isfinite(row.w[0]));
    }
    BOOST_TEST(std::isfinite(r.w[0]));
}

BOOST_AUTO_TEST_CASE(a_non_finite_start_is_an_error)
{
    smooth::gradient_descent gd(0.1);
    BOOST_CHECK_THROW(smooth::minimize(half_square, gd, {NAN}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(beta_schedule_needs_momentum)
{
    smooth::gradient_descent gd(0.1);
    smooth::run_options options;
    options.beta_schedule = [](std::size_t) { return 0.5; };
    BOOST_CHECK_THROW(smooth::minimize(half_square, gd, {1.0}, options), std::invalid_argument);
}
