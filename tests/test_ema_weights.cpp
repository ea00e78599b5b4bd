#define BOOST_TEST_MODULE ema_weights
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>

namespace tt = boost::test_tools;

// tests/REFERENCES.md [H4]: beta 0.9, t 10: sum of (1-beta) beta^i = 1 - 0.9^10 = 0.6513215599
BOOST_AUTO_TEST_CASE(ten_weights_of_point_nine)
{
    const auto w = smooth::ema_weights(0.9, 10);
    BOOST_TEST(w.size() == 10U);
    BOOST_TEST(w[0] == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(w[9] == 0.1 * std::pow(0.9, 9), tt::tolerance(1e-15));
    BOOST_TEST(std::accumulate(w.begin(), w.end(), 0.0) == 0.6513215599, tt::tolerance(1e-10));
    BOOST_TEST(smooth::ema_weight_sum(0.9, 10) == 0.6513215599, tt::tolerance(1e-10));
    BOOST_TEST(smooth::ema_weight_sum(0.9, 10) == 1 - std::pow(0.9, 10), tt::tolerance(1e-15));
    // one effective window back, a weight has fallen to beta^(1/(1-beta)) of the newest:
    // 0.9^10 = 0.3487, tending to 1/e = 0.3679 as beta -> 1 (0.999^1000 = 0.3677)
    BOOST_TEST(w[9] / w[0] * 0.9 == 0.3486784401, tt::tolerance(1e-10));
    BOOST_TEST(std::pow(0.999, 1000.0) == std::exp(-1.0), tt::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(weight_sum_without_cancellation_near_one)
{
    // 1 - beta^t for beta = 1 - 1e-12, t = 3: 3e-12 with full relative precision
    const double beta = 1.0 - 1e-12;
    const double exact = -std::expm1(3.0 * std::log1p(-(1.0 - beta)));
    BOOST_TEST(smooth::ema_weight_sum(beta, 3) == exact, tt::tolerance(1e-12));
    BOOST_TEST(smooth::ema_weight_sum(0.5, 0) == 0.0);
    BOOST_TEST(smooth::ema_weight_sum(0.0, 5) == 1.0);
}

BOOST_AUTO_TEST_CASE(terms_holding_a_share_of_the_mass)
{
    // beta 0.9: 1 - 0.9^6 = 0.469 < 0.5 <= 1 - 0.9^7 = 0.522
    BOOST_TEST(smooth::ema_terms_for_mass(0.9, 0.5) == 7U);
    // 1 - 0.9^21 = 0.8906 < 0.9 <= 1 - 0.9^22 = 0.9015
    BOOST_TEST(smooth::ema_terms_for_mass(0.9, 0.9) == 22U);
    // 1 - 0.9^43 = 0.98922 < 0.99 <= 1 - 0.9^44 = 0.99030
    BOOST_TEST(smooth::ema_terms_for_mass(0.9, 0.99) == 44U);
    BOOST_TEST(smooth::ema_terms_for_mass(0.5, 0.5) == 1U); // boundary: 1 - 0.5 = 0.5 exactly
    BOOST_TEST(smooth::ema_terms_for_mass(0.0, 0.99) == 1U);
    for (const double beta : {0.3, 0.9, 0.98, 0.999}) {
        for (const double mass : {0.5, 0.9, 0.99}) {
            const std::size_t k = smooth::ema_terms_for_mass(beta, mass);
            BOOST_TEST(smooth::ema_weight_sum(beta, k) >= mass);
            if (k > 1) {
                BOOST_TEST(smooth::ema_weight_sum(beta, k - 1) < mass);
            }
        }
    }
    BOOST_CHECK_THROW(smooth::ema_terms_for_mass(0.9, 1.0), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::ema_terms_for_mass(0.9, 0.0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(summary)
{
    const auto s = smooth::summarize_ema_weights(0.9, 10);
    BOOST_TEST(s.beta == 0.9);
    BOOST_TEST(s.alpha == 1 - 0.9);
    BOOST_TEST(s.effective_window == 10.0, tt::tolerance(1e-14));
    BOOST_TEST(s.terms_50 == 7U);
    BOOST_TEST(s.terms_90 == 22U);
    BOOST_TEST(s.terms_99 == 44U);
    BOOST_TEST(s.weight_sum == 0.6513215599, tt::tolerance(1e-10));
}

// Sum of w_i S_{t-i} over the history equals the recursive V_t (and, divided by the weight
// sum, the bias-corrected value).
BOOST_AUTO_TEST_CASE(weighted_sum_reproduces_the_recursion)
{
    std::mt19937_64 rng(5);
    std::normal_distribution<double> normal(10.0, 3.0);
    std::vector<double> xs(2000);
    for (auto& x : xs) {
        x = normal(rng);
    }
    for (const double beta : {0.0, 0.5, 0.9, 0.98, 0.999}) {
        for (const std::size_t t : {1U, 2U, 10U, 100U, 2000U}) {
            const std::span<const double> head(xs.data(), t);
            const double recursive = smooth::exponential_moving_average<double>(head, beta).back();
            const double corrected =
                smooth::exponential_moving_average<double>(head, beta, smooth::ema_form::corrected).back();
            const double expanded = smooth::expanded_ema(head, beta);
            BOOST_TEST_CONTEXT("beta " << beta << " t " << t)
            {
                BOOST_TEST(expanded == recursive, tt::tolerance(1e-12));
                BOOST_TEST(expanded / smooth::ema_weight_sum(beta, t) == corrected, tt::tolerance(1e-12));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(contributions_newest_first)
{
    const std::vector<double> xs{1, 2, 3};
    const auto parts = smooth::ema_contributions(xs, 0.5);
    BOOST_TEST(parts[0] == 0.5 * 3);
    BOOST_TEST(parts[1] == 0.25 * 2);
    BOOST_TEST(parts[2] == 0.125 * 1);
}

BOOST_AUTO_TEST_CASE(bad_beta_throws)
{
    BOOST_CHECK_THROW(smooth::ema_weights(1.0, 3), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::ema_weight(-0.5, 3), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::ema_weight_sum(1.0, 3), std::invalid_argument);
}
