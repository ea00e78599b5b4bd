#define BOOST_TEST_MODULE tuning
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>
#include <smooth/theory.hpp>
#include <smooth/tuning.hpp>

namespace tt = boost::test_tools;
using smooth::method;

namespace {

/// Steps each tuned method needs to reach a loss of 1e-6 (max_steps + 1 when it does not).
template <typename Problem>
std::size_t steps_to(Problem const& p, method m, smooth::tuned_parameters const& t, std::size_t max_steps = 60000)
{
    smooth::run_options options;
    options.max_steps = max_steps;
    options.loss_target = 1e-6;
    smooth::run_result r;
    if (m == method::gd) {
        smooth::gradient_descent opt(t.alpha);
        r = smooth::minimize(p, opt, p.start(), options);
    } else {
        smooth::momentum opt(t.alpha, t.beta, {.nesterov = m == method::nesterov});
        r = smooth::minimize(p, opt, p.start(), options);
    }
    BOOST_TEST_REQUIRE(!r.diverged(), smooth::to_string(m) << " diverged");
    return r.status == smooth::run_status::loss_target ? r.steps : max_steps + 1;
}

/// The rate measured from distances to the minimum between steps 200 and 400.
double measured(smooth::problems::diagonal_quadratic const& q, method m, smooth::tuned_parameters const& t)
{
    smooth::distance_recorder record; // to the minimum, the origin
    smooth::run_options options;
    options.max_steps = 400;
    if (m == method::gd) {
        smooth::gradient_descent opt(t.alpha);
        smooth::minimize(q, opt, q.start(), options, record);
    } else {
        smooth::momentum opt(t.alpha, t.beta, {.nesterov = m == method::nesterov});
        smooth::minimize(q, opt, q.start(), options, record);
    }
    return smooth::theory::measured_rate(record.distances, 200, 400);
}

} // namespace

// distill's numbers for lambda = {1, 100} (tests/REFERENCES.md [H5]) and Nesterov's (Lessard,
// Recht, Packard 2016: alpha 4/301, beta (sqrt(301) - 2) / (sqrt(301) + 2), rate 1 - 2/sqrt(301)).
BOOST_AUTO_TEST_CASE(each_method_at_its_best_on_a_quadratic)
{
    const auto gd = smooth::tuned_for_quadratic(method::gd, 1, 100);
    BOOST_TEST(gd.alpha == 2.0 / 101.0, tt::tolerance(1e-15));
    const auto hb = smooth::tuned_for_quadratic(method::momentum, 1, 100);
    BOOST_TEST(hb.alpha == 0.1, tt::tolerance(1e-15)); // EMA form
    BOOST_TEST(hb.beta == 81.0 / 121.0, tt::tolerance(1e-15));
    const auto nag = smooth::tuned_for_quadratic(method::nesterov, 1, 100);
    const double r = std::sqrt(301.0);
    BOOST_TEST(nag.beta == (r - 2) / (r + 2), tt::tolerance(1e-15));
    BOOST_TEST(nag.alpha * (1 - nag.beta) == 4.0 / 301.0, tt::tolerance(1e-14));

    const smooth::problems::diagonal_quadratic q({1, 100});
    BOOST_TEST(measured(q, method::gd, gd) == 99.0 / 101.0, tt::tolerance(5e-3));
    BOOST_TEST(measured(q, method::momentum, hb) == 9.0 / 11.0, tt::tolerance(5e-3));
    BOOST_TEST(measured(q, method::nesterov, nag) == 1 - 2 / r, tt::tolerance(5e-3));
}

// The ravine (the article's picture): each at its best, momentum needs far fewer steps.
BOOST_AUTO_TEST_CASE(the_ravine_at_each_methods_best)
{
    const smooth::problems::ravine p;
    const auto gd = steps_to(p, method::gd, smooth::tuned_for_quadratic(method::gd, p.lambda_min(), p.lambda_max()));
    const auto hb =
        steps_to(p, method::momentum, smooth::tuned_for_quadratic(method::momentum, p.lambda_min(), p.lambda_max()));
    BOOST_TEST_MESSAGE("ravine, steps to a loss of 1e-6: gd " << gd << ", momentum " << hb);
    BOOST_TEST(gd >= 3 * hb);
    BOOST_TEST(gd == 441U); // the numbers docs/reference/tuning.md and docs/tools.md quote
    BOOST_TEST(hb == 65U);
    // one alpha shared in the EMA form: momentum's steady step equals GD's, the two alike
    const auto gd_shared = steps_to(p, method::gd, {0.01, 0.0, ""});
    const auto hb_shared = steps_to(p, method::momentum, {0.01, 0.9, ""});
    BOOST_TEST(gd_shared == 860U);
    BOOST_TEST(hb_shared == 784U);
}

// The documented choices on Rosenbrock and banana make the difference visible: at least 3x
// fewer steps to a loss of 1e-6 with momentum and Nesterov, and GD still converges.
BOOST_AUTO_TEST_CASE(measured_choices_on_the_valleys)
{
    const smooth::problems::rosenbrock rb;
    const auto rb_gd = steps_to(rb, method::gd, smooth::tuned_for_rosenbrock(method::gd));
    const auto rb_hb = steps_to(rb, method::momentum, smooth::tuned_for_rosenbrock(method::momentum));
    const auto rb_nag = steps_to(rb, method::nesterov, smooth::tuned_for_rosenbrock(method::nesterov));
    const smooth::problems::banana bn;
    const auto bn_gd = steps_to(bn, method::gd, smooth::tuned_for_banana(method::gd));
    const auto bn_hb = steps_to(bn, method::momentum, smooth::tuned_for_banana(method::momentum));
    const auto bn_nag = steps_to(bn, method::nesterov, smooth::tuned_for_banana(method::nesterov));
    BOOST_TEST_MESSAGE("rosenbrock: gd " << rb_gd << ", momentum " << rb_hb << ", nesterov " << rb_nag);
    BOOST_TEST_MESSAGE("banana: gd " << bn_gd << ", momentum " << bn_hb << ", nesterov " << bn_nag);
    BOOST_TEST(rb_gd <= 60000U);
    BOOST_TEST(bn_gd <= 60000U);
    BOOST_TEST(rb_gd >= 3 * rb_hb);
    BOOST_TEST(rb_gd >= 3 * rb_nag);
    BOOST_TEST(bn_gd >= 3 * bn_hb);
    BOOST_TEST(bn_gd >= 3 * bn_nag);
    BOOST_TEST((smooth::method_named("nesterov") == method::nesterov));
    BOOST_TEST(!smooth::method_named("adam").has_value());
}
