#define BOOST_TEST_MODULE batch
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <smooth/ema.hpp>
#include <smooth/sma.hpp>

namespace {

std::vector<double> random_series(std::size_t n, double level, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> x(n);
    for (auto& v : x) {
        v = level + normal(rng);
    }
    return x;
}

/// The serial recursion V_t = beta V_(t-1) + alpha x_t, as ema_stream computes it.
std::vector<double> serial(std::vector<double> const& x, smooth::decay d,
                           smooth::missing_policy missing = smooth::missing_policy::decay)
{
    smooth::ema_stream<double> s(d, missing);
    std::vector<double> v;
    for (const double xi : x) {
        s.push(xi);
        v.push_back(s.value());
    }
    return v;
}

/// max |batch - serial| / (EMA of |x| at t): the error relative to the size of what is averaged.
double worst_relative(std::vector<double> const& x, std::vector<double> const& batch, std::vector<double> const& ref,
                      smooth::decay d)
{
    double scale = 0.0;
    double worst = 0.0;
    double w = 0.0;
    for (std::size_t t = 0; t < x.size(); ++t) {
        scale = d.beta * scale + d.alpha * std::abs(x[t]);
        w = d.beta * w + d.alpha;
        worst = std::max(worst, std::abs(batch[t] - ref[t]) / (scale / w));
    }
    return worst;
}

} // namespace

/// The recursion in long double (64-bit mantissa): a reference 2048 times finer than either.
std::vector<double> fine(std::vector<double> const& x, smooth::decay d)
{
    long double v = 0;
    std::vector<double> out;
    for (const double xi : x) {
        v = static_cast<long double>(d.beta) * v + static_cast<long double>(d.alpha) * xi;
        out.push_back(static_cast<double>(v));
    }
    return out;
}

// The blocked scan against the serial recursion: random data, a constant, a 1e8 level shift.
// Within 1e-15 (relative to the size of what is averaged) up to beta 0.9; for beta near 1 the
// serial recursion itself strays further from the exact value (each step's rounding lives on
// for 1/(1-beta) steps), and the scan is as close to the exact value as it is.
BOOST_AUTO_TEST_CASE(the_blocked_ema_scan_is_within_1e_15)
{
    std::vector<std::vector<double>> cases{random_series(100'003, 0.0, 1), std::vector<double>(50'000, 0.1),
                                          random_series(100'000, 0.0, 2)};
    for (std::size_t t = 50'000; t < cases[2].size(); ++t) {
        cases[2][t] += 1e8; // the level shift
    }
    for (auto const& x : cases) {
        for (const double beta : {0.0, 0.5, 0.9, 0.99, 0.999}) {
            const smooth::decay d(beta);
            std::vector<double> out(x.size());
            smooth::exponential_moving_average<double>(x, out, d);
            const auto ref = serial(x, d);
            const double worst = worst_relative(x, out, ref, d);
            if (beta <= 0.9) {
                BOOST_TEST(worst <= 1e-15, "beta " << beta << ": " << worst);
            }
            const auto exact = fine(x, d);
            const double scan_error = worst_relative(x, out, exact, d);
            const double serial_error = worst_relative(x, ref, exact, d);
            BOOST_TEST(scan_error <= 2 * serial_error + 1e-15,
                       "beta " << beta << ": scan " << scan_error << ", serial " << serial_error);
            BOOST_TEST_MESSAGE("beta " << beta << ": scan - serial " << worst << ", scan " << scan_error
                                       << ", serial " << serial_error << " from long double");
        }
    }
}

// Missing and non-finite samples: NaN and infinities where streaming has them, and the
// finite values within 1e-15; each missing policy.
BOOST_AUTO_TEST_CASE(non_finite_samples_follow_the_streaming_rules)
{
    auto x = random_series(10'000, 5.0, 3);
    for (std::size_t t = 100; t < x.size(); t += 97) {
        x[t] = std::numeric_limits<double>::quiet_NaN();
    }
    for (std::size_t t = 3'000; t < 3'040; ++t) {
        x[t] = std::numeric_limits<double>::quiet_NaN(); // a long gap
    }
    auto with_inf = x;
    with_inf[7'777] = INFINITY;
    for (auto const& series : {x, with_inf}) {
        for (const auto missing :
             {smooth::missing_policy::decay, smooth::missing_policy::skip, smooth::missing_policy::propagate}) {
            const smooth::decay d(0.9);
            std::vector<double> out(series.size());
            smooth::exponential_moving_average<double>(series, out, d, smooth::ema_form::zero_start, missing);
            const auto ref = serial(series, d, missing);
            std::size_t finite = 0;
            for (std::size_t t = 0; t < series.size(); ++t) {
                BOOST_TEST(std::isnan(out[t]) == std::isnan(ref[t]), t);
                BOOST_TEST(std::isinf(out[t]) == std::isinf(ref[t]), t);
                if (std::isfinite(ref[t])) {
                    ++finite;
                    BOOST_TEST(std::abs(out[t] - ref[t]) <= 1e-15 * 6.0 * 2, t); // values near 5
                }
            }
            BOOST_TEST(finite > 0U);
        }
    }
}

// The other forms and the SMA into caller storage: the streaming arithmetic, bit for bit.
BOOST_AUTO_TEST_CASE(other_forms_and_the_sma_are_bit_for_bit)
{
    auto x = random_series(5'000, 1.0, 4);
    x[10] = NAN;
    x[4'000] = INFINITY;
    const smooth::decay d(0.95);
    for (const auto form : {smooth::ema_form::corrected, smooth::ema_form::first_seeded}) {
        std::vector<double> out(x.size());
        smooth::exponential_moving_average<double>(x, out, d, form);
        const auto ref = smooth::exponential_moving_average<double>(x, d, form);
        for (std::size_t t = 0; t < x.size(); ++t) {
            BOOST_TEST((out[t] == ref[t] || (std::isnan(out[t]) && std::isnan(ref[t]))), t);
        }
    }
    std::vector<double> out(x.size());
    smooth::simple_moving_average<double>(x, out, 20);
    const auto ref = smooth::simple_moving_average<double>(x, 20);
    for (std::size_t t = 0; t < x.size(); ++t) {
        if (ref[t]) {
            BOOST_TEST((out[t] == *ref[t] || (std::isnan(out[t]) && std::isnan(*ref[t]))), t);
        } else {
            BOOST_TEST(std::isnan(out[t]), t);
        }
    }
    std::vector<double> wrong(3);
    BOOST_CHECK_THROW(smooth::simple_moving_average<double>(x, wrong, 20), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::exponential_moving_average<double>(x, wrong, d), std::invalid_argument);
}
