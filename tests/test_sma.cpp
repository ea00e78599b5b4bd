#define BOOST_TEST_MODULE sma
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/count.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/rolling_mean.hpp>

#include <smooth/sma.hpp>

namespace ba = boost::accumulators;
using sma_set = ba::accumulator_set<double, ba::features<smooth::tag::sma>>;

namespace {
std::vector<std::optional<double>> stream(std::vector<double> const& xs, std::size_t window,
                                          std::size_t min_periods = 0)
{
    sma_set acc(smooth::tag::sma::window = window, smooth::tag::sma::min_periods = min_periods);
    std::vector<std::optional<double>> out;
    for (const double x : xs) {
        acc(x);
        out.push_back(smooth::sma(acc));
    }
    return out;
}
} // namespace

// REFERENCE.md golden row (pandas 1.5.3): rolling(4).mean() over [1e17, 1, 1, 1, 1, ...]
BOOST_AUTO_TEST_CASE(large_value_leaves_the_window_without_trace)
{
    std::vector<double> xs{1e17};
    xs.resize(50, 1.0);
    const auto m = stream(xs, 4);
    for (std::size_t t = 0; t < 3; ++t) {
        BOOST_TEST(!m[t].has_value());
    }
    BOOST_TEST(*m[3] == 2.5e16);
    for (std::size_t t = 4; t < xs.size(); ++t) {
        BOOST_TEST_CONTEXT("t = " << t + 1) { BOOST_TEST(*m[t] == 1.0); } // exactly
    }
}

// REFERENCE.md golden row: rolling(3).mean() over [1/3, 4, 0, 0, 0, 0, 0]
BOOST_AUTO_TEST_CASE(zeros_after_a_third_are_exact_zeros)
{
    const std::vector<double> xs{1.0 / 3.0, 4, 0, 0, 0, 0, 0};
    const auto m = stream(xs, 3);
    BOOST_TEST(!m[0].has_value());
    BOOST_TEST(!m[1].has_value());
    // pandas prints 1.4444444444444446, one ulp above 13/9; ours is 13/9 correctly rounded
    BOOST_TEST(*m[2] == 1.4444444444444446, boost::test_tools::tolerance(2.3e-16));
    BOOST_TEST(*m[2] == 13.0 / 9.0);
    BOOST_TEST(*m[3] == 1.3333333333333333);
    for (std::size_t t = 4; t < 7; ++t) {
        BOOST_TEST(*m[t] == 0.0); // exact zeros
    }
}

// Boost's rolling_mean on the same data never recovers: this is what the feature fixes.
BOOST_AUTO_TEST_CASE(boost_rolling_mean_drifts_on_the_golden_case)
{
    ba::accumulator_set<double, ba::features<ba::tag::rolling_mean>> acc(
        ba::tag::rolling_window::window_size = 4);
    acc(1e17);
    for (int i = 0; i < 20; ++i) {
        acc(1.0);
    }
    BOOST_TEST(ba::rolling_mean(acc) != 1.0);
}

// 1e7 samples, N(0,1) + 1e8 then N(0,1), window 100: every window wholly in the second half
// agrees with a sum computed from scratch to 1e-13 (Boost's rolling_mean is off by ~1e-7).
BOOST_AUTO_TEST_CASE(no_drift_after_a_large_offset_leaves)
{
    constexpr std::size_t n = 10'000'000;
    constexpr std::size_t window = 100;
    std::mt19937_64 rng(20261125);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> xs(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = normal(rng) + (i < n / 2 ? 1e8 : 0.0);
    }

    smooth::impl::sma_impl<double> ours(window, 0);
    ba::accumulator_set<double, ba::features<ba::tag::rolling_mean>> boosts(
        ba::tag::rolling_window::window_size = window);
    double worst_ours = 0.0;
    double worst_boost = 0.0;
    std::size_t checked = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ours.push(xs[i]);
        boosts(xs[i]);
        const bool window_in_second_half = i >= n / 2 + window - 1;
        if (window_in_second_half && (i % 7 == 0 || i == n - 1)) {
            long double exact = 0.0L; // 100 values of size ~1: long double is exact enough
            for (std::size_t j = i + 1 - window; j <= i; ++j) {
                exact += xs[j];
            }
            const double mean = static_cast<double>(exact / window);
            worst_ours = std::max(worst_ours, std::abs(*ours.value() - mean));
            worst_boost = std::max(worst_boost, std::abs(ba::rolling_mean(boosts) - mean));
            ++checked;
        }
    }
    BOOST_TEST_MESSAGE("checked " << checked << " windows; worst error: smooth " << worst_ours
                                  << ", boost rolling_mean " << worst_boost);
    BOOST_TEST(checked > 700'000U);
    BOOST_TEST(worst_ours <= 1e-13);
    BOOST_TEST(worst_boost > 1e-9); // the case is hard enough to tell the two apart
}

BOOST_AUTO_TEST_CASE(min_periods_gives_the_mean_of_what_is_there)
{
    const auto m = stream({1, 2, 3, 4, 5}, 3, 1);
    const std::vector<double> expected{1, 1.5, 2, 3, 4};
    for (std::size_t t = 0; t < expected.size(); ++t) {
        BOOST_TEST(*m[t] == expected[t]);
    }
    const auto m2 = stream({1, 2, 3, 4}, 3, 2);
    BOOST_TEST(!m2[0].has_value());
    BOOST_TEST(*m2[1] == 1.5);
}

BOOST_AUTO_TEST_CASE(window_one_is_the_series)
{
    const std::vector<double> xs{0.1, -2.5, 3e300, 7};
    const auto m = stream(xs, 1);
    for (std::size_t t = 0; t < xs.size(); ++t) {
        BOOST_TEST(*m[t] == xs[t]);
    }
}

BOOST_AUTO_TEST_CASE(window_longer_than_input_gives_no_values)
{
    const auto m = stream({1, 2, 3}, 10);
    for (auto const& v : m) {
        BOOST_TEST(!v.has_value());
    }
}

BOOST_AUTO_TEST_CASE(streaming_equals_batch_bit_for_bit)
{
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-1e6, 1e6);
    std::vector<double> xs(5000);
    for (auto& x : xs) {
        x = u(rng);
    }
    for (const std::size_t window : {1U, 3U, 64U, 1000U}) {
        const auto streamed = stream(xs, window, 2 > window ? 1 : 2);
        const auto batch = smooth::simple_moving_average<double>(xs, window, 2 > window ? 1 : 2);
        BOOST_TEST_REQUIRE(streamed.size() == batch.size());
        for (std::size_t t = 0; t < xs.size(); ++t) {
            BOOST_TEST_REQUIRE(streamed[t].has_value() == batch[t].has_value());
            if (streamed[t]) {
                BOOST_TEST_REQUIRE(*streamed[t] == *batch[t]);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(lives_beside_boost_features_in_one_set)
{
    ba::accumulator_set<double, ba::features<smooth::tag::sma, ba::tag::mean, ba::tag::count>> acc(
        smooth::tag::sma::window = 2);
    for (const double x : {1.0, 2.0, 6.0}) {
        acc(x);
    }
    BOOST_TEST(*smooth::sma(acc) == 4.0);
    BOOST_TEST(ba::mean(acc) == 3.0);
    BOOST_TEST(ba::count(acc) == 3U);
}

BOOST_AUTO_TEST_CASE(float_samples)
{
    ba::accumulator_set<float, ba::features<smooth::tag::sma>> acc(smooth::tag::sma::window = 2);
    acc(1.0F);
    acc(2.0F);
    BOOST_TEST(*smooth::sma(acc) == 1.5F);
}

BOOST_AUTO_TEST_CASE(bad_parameters_throw_naming_the_value)
{
    try {
        sma_set acc(smooth::tag::sma::window = 0);
        BOOST_FAIL("window 0 accepted");
    } catch (std::invalid_argument const& e) {
        BOOST_TEST(std::string(e.what()) == "sma window must be >= 1, got 0");
    }
    try {
        sma_set acc(smooth::tag::sma::window = 3, smooth::tag::sma::min_periods = 4);
        BOOST_FAIL("min_periods 4 > window 3 accepted");
    } catch (std::invalid_argument const& e) {
        BOOST_TEST(std::string(e.what()) == "sma min_periods must be between 1 and the window, got 4");
    }
}
