#define BOOST_TEST_MODULE minibatch
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include <smooth/minibatch.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/schedules.hpp>
#include "printing.hpp"

namespace tt = boost::test_tools;
using smooth::problems::linear_regression;

// Mini-batch SGD recovers the generating weights. Why the tolerance: the best any method can
// do is the least-squares fit, whose error against the truth has standard deviation about
// sigma / sqrt(n) per weight for unit-variance features (0.5 / sqrt(2000) = 0.011); 4 of those
// bound it (the data is seeded, so the test is deterministic, and the bound is checked
// first). SGD with a decaying step must end within 0.01 of that fit.
BOOST_AUTO_TEST_CASE(minibatch_sgd_recovers_the_generating_weights)
{
    const std::size_t n = 2000;
    const linear_regression p(n, {1.5, -2.0, 0.7}, 0.5, 2026);
    const auto fit = p.minimizer();
    const double standard_error = p.noise() / std::sqrt(static_cast<double>(n));
    for (std::size_t j = 0; j < 3; ++j) {
        BOOST_TEST_REQUIRE(std::abs(fit[j] - p.true_weights()[j]) <= 4 * standard_error);
    }
    for (const std::size_t m : {std::size_t{1}, std::size_t{32}, n}) {
        smooth::momentum opt(0.05, 0.9);
        smooth::minibatch_options options;
        options.batch_size = m;
        options.epochs = m == n ? 400 : 30;
        options.run.alpha_schedule = smooth::schedules::inverse_time(m == n ? 0.3 : 0.05, m == 1 ? 0.01 : 0.001);
        const auto r = smooth::minimize_minibatch(p, opt, p.start(), options);
        BOOST_TEST_REQUIRE(!r.diverged());
        for (std::size_t j = 0; j < 3; ++j) {
            BOOST_TEST_CONTEXT("batch " << m << " weight " << j)
            {
                BOOST_TEST(std::abs(r.w[j] - fit[j]) <= 0.01);
                BOOST_TEST(std::abs(r.w[j] - p.true_weights()[j]) <= 4 * standard_error + 0.01);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(one_step_per_batch_and_epochs_reshuffle)
{
    const linear_regression p(100, {1.0, 1.0}, 0.1, 1);
    smooth::gradient_descent gd(0.01);
    smooth::minibatch_options options;
    options.batch_size = 32; // 3 full batches per epoch, the last 4 examples dropped
    options.epochs = 2;
    smooth::trajectory a;
    const auto r = smooth::minimize_minibatch(p, gd, p.start(), options, a);
    BOOST_TEST(r.steps == 6U);
    BOOST_TEST(a.rows.size() == 7U);
    // another seed orders the examples differently: another path
    options.seed = 2;
    smooth::gradient_descent gd2(0.01);
    smooth::trajectory b;
    smooth::minimize_minibatch(p, gd2, p.start(), options, b);
    BOOST_TEST(a.rows[1].w[1] != b.rows[1].w[1]);
}

BOOST_AUTO_TEST_CASE(batch_size_must_fit)
{
    const linear_regression p(10, {1.0}, 0.1, 1);
    smooth::gradient_descent gd(0.01);
    smooth::minibatch_options options;
    options.batch_size = 11;
    BOOST_CHECK_THROW(smooth::minimize_minibatch(p, gd, p.start(), options), std::invalid_argument);
    options.batch_size = 0;
    BOOST_CHECK_THROW(smooth::minimize_minibatch(p, gd, p.start(), options), std::invalid_argument);
}
