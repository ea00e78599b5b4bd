#define BOOST_TEST_MODULE sweep
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/sweep.hpp>

namespace th = smooth::theory;
using smooth::method;
using smooth::momentum_form;

BOOST_AUTO_TEST_CASE(axes)
{
    const auto lin = smooth::sweep_axis{0.0, 0.99, 100}.values();
    BOOST_TEST(lin.size() == 100U);
    BOOST_TEST(lin.front() == 0.0);
    BOOST_TEST(lin.back() == 0.99);
    BOOST_TEST(lin[50] == 0.5, boost::test_tools::tolerance(1e-15));
    const auto lg = smooth::sweep_axis{1e-3, 1.0, 4, true}.values();
    BOOST_TEST(lg[1] == 1e-2, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(lg[3] == 1.0);
    BOOST_TEST((smooth::sweep_axis{0.3, 0.7, 1}.values() == std::vector<double>{0.3}));
    BOOST_CHECK_THROW((void)(smooth::sweep_axis{0.0, 1.0, 0}.values()), std::invalid_argument);
    BOOST_CHECK_THROW((void)(smooth::sweep_axis{0.0, 1.0, 5, true}.values()), std::invalid_argument);
    BOOST_CHECK_THROW((void)(smooth::sweep_axis{0.0, NAN, 5}.values()), std::invalid_argument);
}

// Away from the critical points (where the error falls like k r^k) a long run's rate is the
// spectral radius to a few parts in 1e4, for every method and form the theory covers.
BOOST_AUTO_TEST_CASE(measured_rates_follow_the_predicted_ones)
{
    const smooth::problems::diagonal_quadratic q({1.0, 100.0});
    const std::vector<double> lambdas{1.0, 100.0};
    const std::vector<double> origin{0.0, 0.0};
    struct point {
        method m;
        momentum_form f;
        double alpha;
        double beta;
    };
    const point points[] = {
        {method::gd, momentum_form::ema, 0.015, 0.0},         {method::gd, momentum_form::ema, 0.0198, 0.0},
        {method::momentum, momentum_form::ema, 0.05, 0.9},    {method::momentum, momentum_form::ema, 0.05, 0.5},
        {method::momentum, momentum_form::classic, 0.01, 0.8}, {method::nesterov, momentum_form::ema, 0.05, 0.9},
        {method::nesterov, momentum_form::classic, 0.01, 0.6}, {method::nesterov, momentum_form::classic, 0.005, 0.95},
    };
    for (auto const& p : points) {
        const auto predicted = smooth::predicted_rate(p.m, p.f, p.alpha, p.beta, lambdas);
        BOOST_REQUIRE(predicted.has_value());
        smooth::rate_measurement r;
        if (p.m == method::gd) {
            smooth::gradient_descent o(p.alpha);
            r = smooth::measure_rate(q, o, q.start(), origin, 4000, 0.0);
        } else if (p.f == momentum_form::classic) {
            smooth::classic_momentum o(p.alpha, p.beta, p.m == method::nesterov);
            r = smooth::measure_rate(q, o, q.start(), origin, 4000, 0.0);
        } else {
            smooth::momentum o(p.alpha, p.beta, {.nesterov = p.m == method::nesterov});
            r = smooth::measure_rate(q, o, q.start(), origin, 4000, 0.0);
        }
        BOOST_TEST(r.measured == *predicted, boost::test_tools::tolerance(2e-3));
        BOOST_TEST(!r.diverged_at.has_value());
    }
}

// Past the stability edge (classic alpha lambda > 2 + 2 beta) the run blows up and the
// prediction is above 1.
BOOST_AUTO_TEST_CASE(divergence_is_seen_and_predicted)
{
    const smooth::problems::diagonal_quadratic q({1.0, 100.0});
    const std::vector<double> lambdas{1.0, 100.0};
    smooth::classic_momentum o(0.04, 0.9); // 0.04 * 100 = 4 > 3.8
    const auto r = smooth::measure_rate(q, o, q.start(), {0.0, 0.0}, 5000, 0.0);
    BOOST_TEST(r.diverged_at.has_value());
    BOOST_TEST(*smooth::predicted_rate(method::momentum, momentum_form::classic, 0.04, 0.9, lambdas) > 1.0);
    BOOST_TEST(r.measured > 1.0);
}

// At distill's optimum the measured rate is within 5e-3 of the predicted one (as tutorial 7),
// and the run reaches the tolerance in about log(tol) / log(rate) steps.
BOOST_AUTO_TEST_CASE(the_optimum_and_the_steps_to_the_tolerance)
{
    const smooth::problems::ravine rv;
    const auto ev = rv.eigenvalues();
    const auto best = th::optimal_momentum(ev[0], ev[1], th::form::ema);
    smooth::momentum o(best.alpha, best.beta);
    const auto r = smooth::measure_rate(rv, o, rv.start(), rv.minimizer(), 1200, 0.0); // to about 1e-100
    smooth::momentum again(best.alpha, best.beta);
    const auto to_tol = smooth::measure_rate(rv, again, rv.start(), rv.minimizer(), 1200, 1e-6);
    const auto predicted = smooth::predicted_rate(method::momentum, momentum_form::ema, best.alpha, best.beta, ev);
    BOOST_TEST(*predicted == best.rate, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.measured == best.rate, boost::test_tools::tolerance(5e-3));
    BOOST_REQUIRE(to_tol.steps_to_tolerance.has_value());
    BOOST_TEST(to_tol.measured == r.measured); // the run goes on past the tolerance
    // |g| from about 8 to 1e-6: log(1e-7) / log(0.818) = 80 steps, a little more (k r^k)
    BOOST_TEST(*to_tol.steps_to_tolerance > 80U);
    BOOST_TEST(*to_tol.steps_to_tolerance < 130U);
}

BOOST_AUTO_TEST_CASE(no_prediction_for_the_pytorch_form)
{
    const std::vector<double> lambdas{1.0, 100.0};
    BOOST_TEST(!smooth::predicted_rate(method::momentum, momentum_form::pytorch, 0.01, 0.9, lambdas).has_value());
    BOOST_TEST(*smooth::predicted_rate(method::gd, momentum_form::pytorch, 0.01, 0.9, lambdas) == 0.99);
}

// The stability edge: just inside, the predicted rate is below 1; just outside, above.
BOOST_AUTO_TEST_CASE(the_stability_edge)
{
    const std::vector<double> lambdas{1.0, 100.0};
    for (const method m : {method::gd, method::momentum, method::nesterov}) {
        for (const momentum_form f : {momentum_form::ema, momentum_form::classic}) {
            for (const double beta : {0.0, 0.5, 0.9, 0.99}) {
                const double b = m == method::gd ? 0.0 : beta;
                const double edge = *smooth::largest_stable_alpha(m, f, b, lambdas);
                BOOST_TEST(*smooth::predicted_rate(m, f, edge * 0.999, b, lambdas) < 1.0);
                BOOST_TEST(*smooth::predicted_rate(m, f, edge * 1.001, b, lambdas) > 1.0);
                BOOST_TEST(*smooth::predicted_rate(m, f, edge, b, lambdas) == 1.0, boost::test_tools::tolerance(1e-9));
            }
        }
    }
}
