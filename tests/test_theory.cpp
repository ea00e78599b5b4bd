#define BOOST_TEST_MODULE theory
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

#include <smooth/objective.hpp>
#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/run.hpp>
#include <smooth/theory.hpp>
#include "printing.hpp"

namespace tt = boost::test_tools;
namespace th = smooth::theory;

namespace {
/// Distance to the minimum (the origin) after every step.
template <typename O>
std::vector<double> distances(smooth::problems::diagonal_quadratic const& q, O& opt, std::size_t steps)
{
    smooth::run_options options;
    options.max_steps = steps;
    smooth::distance_recorder d; // to the minimum, the origin
    smooth::minimize(q, opt, q.start(), options, d);
    return d.distances;
}
} // namespace

// distill's formulas worked for lambda = {1, 100} (tests/REFERENCES.md [H5])
BOOST_AUTO_TEST_CASE(optimal_parameters)
{
    const auto classic = th::optimal_momentum(1, 100);
    BOOST_TEST(classic.alpha == 4.0 / 121.0, tt::tolerance(1e-15)); // (2 / (1 + 10))^2
    BOOST_TEST(classic.beta == 81.0 / 121.0, tt::tolerance(1e-15));
    BOOST_TEST(classic.rate == 9.0 / 11.0, tt::tolerance(1e-15));
    const auto ema = th::optimal_momentum(1, 100, th::form::ema);
    BOOST_TEST(ema.alpha == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(th::alpha_in(classic.alpha, classic.beta, th::form::ema) == ema.alpha, tt::tolerance(1e-14));
    BOOST_TEST(th::gd_optimal_alpha(1, 100) == 2.0 / 101.0);
    BOOST_TEST(th::gd_optimal_rate(1, 100) == 99.0 / 101.0, tt::tolerance(1e-15));
    const std::vector<double> lambdas{1, 100};
    BOOST_TEST(th::momentum_rate(classic.alpha, classic.beta, lambdas) == 9.0 / 11.0, tt::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(measured_rates_match_the_predictions)
{
    const smooth::problems::diagonal_quadratic q({1.0, 100.0});
    // EMA form at its optimum alpha = 0.1, beta = 81/121: rate 9/11 over steps 200 to 400
    smooth::momentum heavy_ball(0.1, 81.0 / 121.0);
    const auto d = distances(q, heavy_ball, 400);
    const double measured = th::measured_rate(d, 200, 400);
    BOOST_TEST_MESSAGE("momentum measured rate " << measured << ", predicted " << 9.0 / 11.0);
    BOOST_TEST(std::abs(measured - 9.0 / 11.0) <= 5e-3);
    // GD at alpha = 2/101: both directions shrink by exactly 99/101 per step
    smooth::gradient_descent gd(2.0 / 101.0);
    const auto dg = distances(q, gd, 400);
    BOOST_TEST(std::abs(th::measured_rate(dg, 200, 400) - 99.0 / 101.0) <= 1e-9);
    BOOST_TEST(th::gd_rate(2.0 / 101.0, 1, 100) == 99.0 / 101.0, tt::tolerance(1e-15));
}

// Convergence iff alpha lambda < 2 + 2 beta: just inside converges, just outside diverges.
BOOST_AUTO_TEST_CASE(the_convergence_boundary)
{
    const smooth::problems::diagonal_quadratic q({1.0});
    for (const double beta : {0.0, 0.5, 0.9}) {
        const double edge = 2.0 + 2.0 * beta;
        smooth::run_options options;
        options.max_steps = 200000;
        options.gradient_tolerance = 1e-10;
        smooth::classic_momentum inside(edge * (1 - 1e-3), beta);
        smooth::classic_momentum outside(edge * (1 + 1e-3), beta);
        const auto in = smooth::minimize(q, inside, q.start(), options);
        const auto out = smooth::minimize(q, outside, q.start(), options);
        BOOST_TEST_CONTEXT("beta " << beta)
        {
            BOOST_TEST(in.status == smooth::run_status::gradient_tolerance);
            BOOST_TEST(out.diverged());
            BOOST_TEST(th::momentum_converges(edge * (1 - 1e-3), beta, 1.0));
            BOOST_TEST(!th::momentum_converges(edge * (1 + 1e-3), beta, 1.0));
        }
    }
}

// In the ripples region the rate is sqrt(beta) whatever alpha. Parameters are chosen so the
// eigenvalues turn by 2 pi / P per step: over whole periods the oscillation cancels and the
// measured rate is exact.
BOOST_AUTO_TEST_CASE(ripples_rate_is_sqrt_beta)
{
    const smooth::problems::diagonal_quadratic q({1.0});
    struct ripple {
        double beta;
        int period;
        th::form form;
    };
    for (const ripple r : {ripple{0.81, 8, th::form::classic}, ripple{0.5, 6, th::form::classic},
                           ripple{0.64, 5, th::form::ema}, ripple{0.95, 12, th::form::ema}}) {
        // trace of R = 1 - alpha lambda + beta = 2 sqrt(beta) cos(2 pi / P)
        const double alpha_classic =
            1.0 + r.beta - 2.0 * std::sqrt(r.beta) * std::cos(2.0 * std::numbers::pi / r.period);
        const double alpha = th::alpha_in(alpha_classic, r.beta, r.form);
        BOOST_TEST_REQUIRE(th::classify(alpha, r.beta, 1.0, r.form) == th::region::ripples);
        BOOST_TEST(th::momentum_direction_rate(alpha, r.beta, 1.0, r.form) == std::sqrt(r.beta), tt::tolerance(1e-12));
        const std::size_t from = static_cast<std::size_t>(r.period) * 20;
        const std::size_t to = static_cast<std::size_t>(r.period) * 60;
        std::vector<double> d;
        if (r.form == th::form::ema) {
            smooth::momentum opt(alpha, r.beta);
            d = distances(q, opt, to);
        } else {
            smooth::classic_momentum opt(alpha, r.beta);
            d = distances(q, opt, to);
        }
        BOOST_TEST_CONTEXT("beta " << r.beta)
        {
            BOOST_TEST(std::abs(th::measured_rate(d, from, to) - std::sqrt(r.beta)) <= 1e-6);
        }
    }
}

BOOST_AUTO_TEST_CASE(regions)
{
    // beta 0.81: monotone below (1 - 0.9)^2 = 0.01, ripples to (1.9)^2 = 3.61, then to 3.62
    BOOST_TEST(th::classify(0.005, 0.81, 1.0) == th::region::monotone);
    BOOST_TEST(th::classify(1.0, 0.81, 1.0) == th::region::ripples);
    BOOST_TEST(th::classify(3.615, 0.81, 1.0) == th::region::monotone_oscillation);
    BOOST_TEST(th::classify(3.63, 0.81, 1.0) == th::region::divergent);
    BOOST_TEST(th::to_string(th::region::ripples) == "ripples");
    // monotone: both eigenvalues real and positive; oscillation: the dominant one negative
    const auto [m1, m2] = th::momentum_eigenvalues(0.005, 0.81, 1.0);
    BOOST_TEST((m1.imag() == 0 && m1.real() > 0 && m2.real() > 0));
    const auto [o1, o2] = th::momentum_eigenvalues(3.615, 0.81, 1.0);
    BOOST_TEST((o1.imag() == 0 && std::min(o1.real(), o2.real()) < -0.9));
}

BOOST_AUTO_TEST_CASE(critical_damping)
{
    for (const double al : {0.01, 0.1, 0.5}) {
        const double beta = th::critical_damping_beta(al);
        BOOST_TEST(beta == std::pow(1 - std::sqrt(al), 2), tt::tolerance(1e-15));
        const auto [s1, s2] = th::momentum_eigenvalues(al, beta, 1.0);
        BOOST_TEST(std::abs(s1 - s2) < 1e-7); // the two roots meet
        BOOST_TEST(th::momentum_direction_rate(al, beta, 1.0) == th::critical_damping_rate(al), tt::tolerance(1e-7));
        // and no other beta does better at this alpha lambda
        for (const double other : {beta * 0.9, std::min(beta * 1.1 + 0.01, 0.99)}) {
            BOOST_TEST(th::momentum_direction_rate(al, other, 1.0) > th::critical_damping_rate(al) - 1e-9);
        }
    }
}

BOOST_AUTO_TEST_CASE(iteration_matrix_reproduces_a_step)
{
    // state (b, w) of the classic form: b' = beta b + lambda w, w' = w - alpha b'
    const double alpha = 0.3;
    const double beta = 0.6;
    const double lambda = 2.0;
    const auto r = th::momentum_matrix(alpha, beta, lambda);
    smooth::classic_momentum opt(alpha, beta);
    std::vector<double> w{1.5};
    std::vector<double> g{lambda * w[0]};
    double b = 0.0;
    double ww = w[0];
    for (int k = 0; k < 5; ++k) {
        g[0] = lambda * w[0];
        opt.step(w, g);
        const double nb = r.r00 * b + r.r01 * ww;
        const double nw = r.r10 * b + r.r11 * ww;
        b = nb;
        ww = nw;
        BOOST_TEST(w[0] == ww, tt::tolerance(1e-13));
        BOOST_TEST(opt.velocity()[0] == b, tt::tolerance(1e-13));
    }
}

// On the borders where the two eigenvalues meet, the name does not hang on rounding: distill's
// optimum for lambda in [1, 100] (beta 81/121) puts lambda 1 on the lower border and lambda 100
// on the upper one, from either side by an ulp.
BOOST_AUTO_TEST_CASE(the_borders_are_critically_damped_whatever_the_rounding)
{
    const double beta = 81.0 / 121.0;
    const double alpha = 4.0 / 121.0; // classic
    for (const double b : {std::nextafter(beta, 0.0), beta, std::nextafter(beta, 1.0)}) {
        BOOST_TEST(th::classify(alpha, b, 1.0) == th::region::critical);
        BOOST_TEST(th::classify(alpha, b, 100.0) == th::region::critical_alternating);
    }
    BOOST_TEST(th::to_string(th::region::critical) == "critically damped");
    BOOST_TEST(th::classify(1.0, 0.81, 1.0) == th::region::ripples); // off the borders: as before
    BOOST_TEST(th::classify(alpha, 0.5, 1.0) == th::region::monotone);
}
