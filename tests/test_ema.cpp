#define BOOST_TEST_MODULE ema
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <valarray>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/mean.hpp>

#include <smooth/ema.hpp>

namespace ba = boost::accumulators;
namespace tt = boost::test_tools;

namespace {
const double na = std::numeric_limits<double>::quiet_NaN();

std::vector<double> run(std::vector<double> const& xs, double beta, smooth::ema_form form,
                        smooth::missing_policy missing = smooth::missing_policy::decay)
{
    return smooth::exponential_moving_average<double>(xs, beta, form, missing);
}

template <typename F>
std::string message_of(F f)
{
    try {
        f();
    } catch (std::invalid_argument const& e) {
        return e.what();
    }
    return "no exception";
}
} // namespace

// The article's form: V_0 = 0, V_t = beta V_{t-1} + (1 - beta) S_t, by hand for beta = 0.5.
BOOST_AUTO_TEST_CASE(article_form_starts_from_zero)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema>> acc(smooth::tag::ema::beta = 0.5);
    BOOST_TEST(smooth::ema(acc) == 0.0);
    const double expected[] = {0.5, 1.25, 2.125};
    int t = 0;
    for (const double x : {1.0, 2.0, 3.0}) {
        acc(x);
        BOOST_TEST(smooth::ema(acc) == expected[t++]);
    }
}

// REFERENCE.md golden rows (pandas 1.5.3), [1, 2, 3], alpha 0.5
BOOST_AUTO_TEST_CASE(pandas_adjust_true_is_the_corrected_ema)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected>> acc(
        smooth::tag::ema::beta = smooth::beta_from_alpha(0.5));
    const double expected[] = {1, 1.6666666666666667, 2.4285714285714284};
    int t = 0;
    for (const double x : {1.0, 2.0, 3.0}) {
        acc(x);
        BOOST_TEST(smooth::ema_corrected(acc) == expected[t++], tt::tolerance(1e-15));
    }
}

BOOST_AUTO_TEST_CASE(pandas_adjust_false_is_the_first_seeded_ema)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema_first>> acc(
        smooth::tag::ema::beta = smooth::beta_from_alpha(0.5));
    const double expected[] = {1, 1.5, 2.25};
    int t = 0;
    for (const double x : {1.0, 2.0, 3.0}) {
        acc(x);
        BOOST_TEST(smooth::ema_first(acc) == expected[t++]);
    }
}

// REFERENCE.md golden rows: [0, 1, 2, NaN, 4], com 0.5 (alpha 2/3), values given to 10 digits
BOOST_AUTO_TEST_CASE(missing_values_as_pandas_ignore_na)
{
    const std::vector<double> xs{0, 1, 2, na, 4};
    const double beta = smooth::beta_from_com(0.5);
    using smooth::ema_form;
    using smooth::missing_policy;
    struct row {
        ema_form form;
        missing_policy missing;
        std::vector<double> expected;
    };
    const row rows[] = {
        {ema_form::corrected, missing_policy::decay, {0, 0.75, 1.615384615, 1.615384615, 3.670212766}},
        {ema_form::corrected, missing_policy::skip, {0, 0.75, 1.615384615, 1.615384615, 3.225}},
        {ema_form::first_seeded, missing_policy::decay,
         {0, 0.666666667, 1.555555556, 1.555555556, 3.650793651}},
        {ema_form::first_seeded, missing_policy::skip,
         {0, 0.666666667, 1.555555556, 1.555555556, 3.185185185}},
    };
    for (auto const& r : rows) {
        const auto got = run(xs, beta, r.form, r.missing);
        for (std::size_t t = 0; t < xs.size(); ++t) {
            BOOST_TEST_CONTEXT("form " << int(r.form) << " missing " << int(r.missing) << " t " << t + 1)
            {
                BOOST_TEST(got[t] == r.expected[t], tt::tolerance(1e-9));
            }
        }
    }
    // the exact fractions behind the rounded golden values
    BOOST_TEST(run(xs, beta, ema_form::corrected)[4] == 345.0 / 94.0, tt::tolerance(1e-15));
    BOOST_TEST(run(xs, beta, ema_form::first_seeded)[4] == 230.0 / 63.0, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(missing_value_in_the_article_form)
{
    const std::vector<double> xs{1, 2, na, 4};
    // decay: the gap ages V by beta and adds nothing
    const auto decayed = run(xs, 0.5, smooth::ema_form::zero_start, smooth::missing_policy::decay);
    BOOST_TEST(decayed[2] == 0.5 * decayed[1]);
    BOOST_TEST(decayed[3] == 0.5 * decayed[2] + 0.5 * 4);
    // skip: as if the NaN never came
    const auto skipped = run(xs, 0.5, smooth::ema_form::zero_start, smooth::missing_policy::skip);
    const auto without = run({1, 2, 4}, 0.5, smooth::ema_form::zero_start);
    BOOST_TEST(skipped[2] == skipped[1]);
    BOOST_TEST(skipped[3] == without[2]);
    // propagate: NaN from there on
    const auto poisoned = run(xs, 0.5, smooth::ema_form::zero_start, smooth::missing_policy::propagate);
    BOOST_TEST(!std::isnan(poisoned[1]));
    BOOST_TEST(std::isnan(poisoned[2]));
    BOOST_TEST(std::isnan(poisoned[3]));
}

BOOST_AUTO_TEST_CASE(leading_missing_values_give_nan_until_the_first_sample)
{
    const auto corrected = run({na, na, 3, 5}, 0.5, smooth::ema_form::corrected);
    BOOST_TEST(std::isnan(corrected[0]));
    BOOST_TEST(std::isnan(corrected[1]));
    BOOST_TEST(corrected[2] == 3.0);
    BOOST_TEST(corrected[3] == (0.5 * 3 + 5) / 1.5, tt::tolerance(1e-15));
    const auto first = run({na, 3, 5}, 0.5, smooth::ema_form::first_seeded);
    BOOST_TEST(std::isnan(first[0]));
    BOOST_TEST(first[1] == 3.0);
    BOOST_TEST(first[2] == 4.0);
}

BOOST_AUTO_TEST_CASE(no_sample_yet)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected, smooth::tag::ema_first>> acc(
        smooth::tag::ema::beta = 0.9);
    BOOST_TEST(std::isnan(smooth::ema_corrected(acc)));
    BOOST_TEST(std::isnan(smooth::ema_first(acc)));
    BOOST_TEST(smooth::ema(acc) == 0.0);
}

BOOST_AUTO_TEST_CASE(beta_zero_is_the_series_itself)
{
    const std::vector<double> xs{3, -1, 8};
    for (auto form : {smooth::ema_form::zero_start, smooth::ema_form::corrected, smooth::ema_form::first_seeded}) {
        BOOST_TEST(run(xs, 0.0, form) == xs, tt::per_element());
    }
}

BOOST_AUTO_TEST_CASE(corrected_ema_of_a_constant_is_the_constant)
{
    // the bias correction exactly removes the low start: 7 from the first sample on
    for (const double beta : {0.5, 0.9, 0.99, 0.999}) {
        const auto v = run(std::vector<double>(2000, 7.0), beta, smooth::ema_form::corrected);
        for (const double x : v) {
            BOOST_TEST(x == 7.0, tt::tolerance(1e-13));
        }
        const auto plain = run(std::vector<double>(2000, 7.0), beta, smooth::ema_form::zero_start);
        BOOST_TEST(plain[0] == 7.0 * (1 - beta), tt::tolerance(1e-15)); // the low start
    }
}

BOOST_AUTO_TEST_CASE(equals_the_hand_written_loop_bit_for_bit)
{
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal(0.0, 1.0);
    ba::accumulator_set<double, ba::features<smooth::tag::ema>> acc(smooth::tag::ema::beta = 0.9);
    const double b = 0.9;
    double v = 0.0;
    for (int i = 0; i < 10000; ++i) {
        const double x = normal(rng);
        acc(x);
        v = b * v + (1 - b) * x;
        BOOST_TEST_REQUIRE(smooth::ema(acc) == v);
    }
}

BOOST_AUTO_TEST_CASE(streaming_equals_batch_bit_for_bit)
{
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal(5.0, 2.0);
    std::vector<double> xs(3000);
    for (auto& x : xs) {
        x = normal(rng);
    }
    xs[100] = na;
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected, smooth::tag::ema_first>> acc(
        smooth::tag::ema::beta = 0.97);
    const auto plain = run(xs, 0.97, smooth::ema_form::zero_start);
    const auto corrected = run(xs, 0.97, smooth::ema_form::corrected);
    const auto first = run(xs, 0.97, smooth::ema_form::first_seeded);
    for (std::size_t t = 0; t < xs.size(); ++t) {
        acc(xs[t]);
        BOOST_TEST_REQUIRE(smooth::ema(acc) == plain[t]);
        BOOST_TEST_REQUIRE(smooth::ema_corrected(acc) == corrected[t]);
        BOOST_TEST_REQUIRE(smooth::ema_first(acc) == first[t]);
    }
}

BOOST_AUTO_TEST_CASE(vector_samples_are_elementwise_scalar_emas)
{
    using vec = std::vector<double>;
    ba::accumulator_set<vec, ba::features<smooth::tag::ema_corrected, smooth::tag::ema_first>> acc(
        smooth::tag::ema::beta = 0.8, ba::sample = vec{});
    const std::vector<vec> samples{{1, 10, -3}, {2, 20, -2}, {4, 5, -1}, {0, 0, 9}};
    for (auto const& s : samples) {
        acc(s);
    }
    for (std::size_t k = 0; k < 3; ++k) {
        std::vector<double> column;
        for (auto const& s : samples) {
            column.push_back(s[k]);
        }
        BOOST_TEST(smooth::ema(acc)[k] == run(column, 0.8, smooth::ema_form::zero_start).back());
        BOOST_TEST(smooth::ema_corrected(acc)[k] == run(column, 0.8, smooth::ema_form::corrected).back());
        BOOST_TEST(smooth::ema_first(acc)[k] == run(column, 0.8, smooth::ema_form::first_seeded).back());
    }
    BOOST_CHECK_THROW(acc(vec{1, 2}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(valarray_samples)
{
    using va = std::valarray<double>;
    ba::accumulator_set<va, ba::features<smooth::tag::ema>> acc(smooth::tag::ema::beta = 0.5,
                                                              ba::sample = va{});
    acc(va{2.0, 4.0});
    acc(va{2.0, 4.0});
    BOOST_TEST(smooth::ema(acc)[0] == 1.5);
    BOOST_TEST(smooth::ema(acc)[1] == 3.0);
}

BOOST_AUTO_TEST_CASE(lives_beside_boost_features_in_one_set)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected, ba::tag::mean>> acc(
        smooth::tag::ema::beta = 0.0);
    acc(1.0);
    acc(3.0);
    BOOST_TEST(smooth::ema_corrected(acc) == 3.0);
    BOOST_TEST(ba::mean(acc) == 2.0);
}

BOOST_AUTO_TEST_CASE(bad_beta_throws_naming_the_value)
{
    using set = ba::accumulator_set<double, ba::features<smooth::tag::ema>>;
    using first_set = ba::accumulator_set<double, ba::features<smooth::tag::ema_first>>;
    BOOST_TEST(message_of([] { set acc(smooth::tag::ema::beta = 1.0); (void)acc; }) == "beta must be in [0, 1), got 1");
    BOOST_TEST(message_of([] { set acc(smooth::tag::ema::beta = -0.1); (void)acc; }) == "beta must be in [0, 1), got -0.1");
    BOOST_TEST(message_of([] { set acc(smooth::tag::ema::beta = na); (void)acc; }) == "beta must be in [0, 1), got nan");
    BOOST_TEST(message_of([] { first_set acc(smooth::tag::ema::beta = 1.5); (void)acc; }) ==
               "beta must be in [0, 1), got 1.5");
    BOOST_TEST(message_of([] { (void)run({1.0}, 2.0, smooth::ema_form::corrected); }) ==
               "beta must be in [0, 1), got 2");
}

// beta^t must not linger at the smallest subnormal (0.9 * 5e-324 rounds back up to it): a
// subnormal operand makes every later step some hundred times slower. Found by profiling
// the smooth tool; 0.9^7100 is below every double.
BOOST_AUTO_TEST_CASE(the_start_weight_never_gets_stuck_subnormal)
{
    smooth::impl::ema_impl<double> acc(0.9);
    for (int t = 1; t <= 20000; ++t) {
        acc.push(1.0);
        BOOST_TEST_REQUIRE(std::fpclassify(acc.zero_start_weight()) != FP_SUBNORMAL, "t = " << t);
        if (t < 6000) {
            BOOST_TEST_REQUIRE(acc.zero_start_weight() == std::pow(0.9, t), tt::tolerance(1e-11));
        }
    }
    BOOST_TEST(acc.zero_start_weight() == 0.0);
    BOOST_TEST(acc.weight_sum() == 1.0);
}
