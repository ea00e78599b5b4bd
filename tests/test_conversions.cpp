#define BOOST_TEST_MODULE conversions
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/run.hpp>

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(alpha_converts_both_ways)
{
    BOOST_TEST(smooth::classic_alpha_from_ema(1.0, 0.9) == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(smooth::ema_alpha_from_classic(0.1, 0.9) == 1.0, tt::tolerance(1e-15));
    BOOST_TEST(smooth::ema_alpha_from_classic(smooth::classic_alpha_from_ema(0.37, 0.6), 0.6) == 0.37,
               tt::tolerance(1e-15));
    BOOST_CHECK_THROW(smooth::classic_alpha_from_ema(0.1, 1.0), std::invalid_argument);
}

namespace {
/// A random SPD matrix Q diag(lambda) Q^T in n dimensions (Q from Gram-Schmidt).
smooth::problems::spd_quadratic random_spd(std::size_t n, std::mt19937_64& rng)
{
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> eigen(0.1, 10.0);
    std::vector<double> q(n * n);
    for (auto& x : q) {
        x = normal(rng);
    }
    for (std::size_t j = 0; j < n; ++j) { // orthonormal columns
        for (std::size_t k = 0; k < j; ++k) {
            double dot = 0;
            for (std::size_t i = 0; i < n; ++i) {
                dot += q[i * n + j] * q[i * n + k];
            }
            for (std::size_t i = 0; i < n; ++i) {
                q[i * n + j] -= dot * q[i * n + k];
            }
        }
        double len = 0;
        for (std::size_t i = 0; i < n; ++i) {
            len += q[i * n + j] * q[i * n + j];
        }
        for (std::size_t i = 0; i < n; ++i) {
            q[i * n + j] /= std::sqrt(len);
        }
    }
    std::vector<double> lambda(n);
    for (auto& l : lambda) {
        l = eigen(rng);
    }
    std::vector<double> a(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double s = 0;
            for (std::size_t k = 0; k < n; ++k) {
                s += q[i * n + k] * lambda[k] * q[j * n + k];
            }
            a[i * n + j] = a[j * n + i] = s;
        }
    }
    std::vector<double> b(n);
    for (auto& x : b) {
        x = normal(rng);
    }
    return {a, b};
}
} // namespace

// The EMA form with alpha and the classic form with alpha (1 - beta) take the same steps.
BOOST_AUTO_TEST_CASE(ema_and_classic_forms_give_equal_trajectories)
{
    std::mt19937_64 rng(99);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t n = 2 + static_cast<std::size_t>(trial % 5);
        const auto q = random_spd(n, rng);
        const double beta = std::uniform_real_distribution<double>(0.0, 0.95)(rng);
        const double alpha = std::uniform_real_distribution<double>(0.01, 0.1)(rng);
        for (const bool nesterov : {false, true}) {
            smooth::momentum ema_form(alpha, beta, {.nesterov = nesterov});
            smooth::classic_momentum classic_form(smooth::classic_alpha_from_ema(alpha, beta), beta, nesterov);
            smooth::run_options options;
            options.max_steps = 100;
            smooth::trajectory a;
            smooth::trajectory b;
            const auto ra = smooth::minimize(q, ema_form, std::vector<double>(n, 1.0), options, a);
            const auto rb = smooth::minimize(q, classic_form, std::vector<double>(n, 1.0), options, b);
            // both run the 100 steps, or both stop early at the same exact stationary point
            BOOST_TEST_REQUIRE(ra.steps == rb.steps);
            BOOST_TEST_REQUIRE(a.rows.size() == b.rows.size());
            BOOST_TEST_REQUIRE(a.rows.size() > 40U);
            double worst = 0;
            for (std::size_t k = 0; k < a.rows.size(); ++k) {
                for (std::size_t i = 0; i < n; ++i) {
                    worst = std::max(worst, std::abs(a.rows[k].w[i] - b.rows[k].w[i]) /
                                                std::max(1.0, std::abs(b.rows[k].w[i])));
                }
            }
            BOOST_TEST(worst <= 1e-12, "trial " << trial << " nesterov " << nesterov << ": " << worst);
        }
    }
}
