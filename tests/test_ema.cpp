#define BOOST_TEST_MODULE ema
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <valarray>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/mean.hpp>

#include "printing.hpp"
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

// tests/REFERENCES.md [P1], [P2] (pandas 1.5.3), [1, 2, 3], alpha 0.5
BOOST_AUTO_TEST_CASE(pandas_adjust_true_is_the_corrected_ema)
{
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected>> acc(
        smooth::tag::ema::beta = smooth::decay::from_alpha(0.5));
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
        smooth::tag::ema::beta = smooth::decay::from_alpha(0.5));
    const double expected[] = {1, 1.5, 2.25};
    int t = 0;
    for (const double x : {1.0, 2.0, 3.0}) {
        acc(x);
        BOOST_TEST(smooth::ema_first(acc) == expected[t++]);
    }
}

// tests/REFERENCES.md [P3] (pandas 1.5.3): [0, 1, 2, NaN, 4], com 0.5 (alpha 2/3), values given to 10 digits
BOOST_AUTO_TEST_CASE(missing_values_as_pandas_ignore_na)
{
    const std::vector<double> xs{0, 1, 2, na, 4};
    const double beta = smooth::decay::from_com(0.5).beta;
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
    BOOST_TEST(!smooth::ema_corrected(acc).has_value()); // no value yet: nullopt, as every stream
    BOOST_TEST(!smooth::ema_first(acc).has_value());
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
        // vectors: V_t / W_t; scalars: pandas' running mean; the same to a few ulp
        BOOST_TEST((*smooth::ema_corrected(acc))[k] == run(column, 0.8, smooth::ema_form::corrected).back(),
                   tt::tolerance(1e-15));
        BOOST_TEST((*smooth::ema_first(acc))[k] == run(column, 0.8, smooth::ema_form::first_seeded).back(),
                   tt::tolerance(1e-15));
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

// The weight sum W_t = 1 - beta^t is kept by its own recursion W_t = beta W_{t-1} + alpha:
// no power, so nothing lingers subnormal (beta^t did, once: 0.9 * 5e-324 rounds back up,
// and subnormal arithmetic is some hundred times slower), and no cancellation.
BOOST_AUTO_TEST_CASE(the_weight_sum_follows_its_recursion)
{
    smooth::ema_stream<double> acc(0.9);
    for (int t = 1; t <= 20000; ++t) {
        acc.push(1.0);
        BOOST_TEST_REQUIRE(std::fpclassify(acc.weight_sum()) == FP_NORMAL, "t = " << t);
        // 1 - 0.9^t without cancellation: -expm1(t log 0.9)
        BOOST_TEST_REQUIRE(acc.weight_sum() == -std::expm1(t * std::log(0.9)), tt::tolerance(1e-14));
    }
    BOOST_TEST(acc.weight_sum() == 1.0, tt::tolerance(1e-14)); // the recursion settles within ~2^-53/alpha
    // alpha 1e-9: W_2 = alpha (1 + beta) = 1.999999999e-9, no cancellation
    smooth::ema_stream<double> slow(smooth::decay::from_alpha(1e-9));
    slow.push(1.0);
    slow.push(2.0);
    BOOST_TEST(slow.weight_sum() == 1e-9 * (2 - 1e-9), tt::tolerance(1e-15));
}

// ---------------------------------------------------------------------------------------
// Agreement with pandas 1.5.3 at the edges (tests/REFERENCES.md says how each value was made)

namespace {

/// |a - b| in units of b's last place (NaN only equals NaN).
double ulps_apart(double a, double b)
{
    if (std::isnan(a) || std::isnan(b)) {
        return std::isnan(a) && std::isnan(b) ? 0.0 : std::numeric_limits<double>::infinity();
    }
    if (a == b) {
        return 0.0;
    }
    return std::abs(a - b) / (std::nextafter(std::abs(b), INFINITY) - std::abs(b));
}

smooth::decay decay_of(std::string const& spec)
{
    const auto eq = spec.find('=');
    const std::string key = spec.substr(0, eq);
    const double value = std::stod(spec.substr(eq + 1));
    if (key == "alpha") {
        return smooth::decay::from_alpha(value);
    }
    if (key == "span") {
        return smooth::decay::from_span(value);
    }
    if (key == "com") {
        return smooth::decay::from_com(value);
    }
    return smooth::decay::from_halflife(value);
}

/// Every column of a table written by tests/reference/pandas_ewm.py, against the library.
void check_pandas_table(std::string const& file)
{
    std::ifstream in(std::string(SMOOTH_TEST_DATA_DIR) + "/" + file);
    BOOST_TEST_REQUIRE(in.good(), "cannot read " << file);
    std::string line;
    std::getline(in, line); // the provenance comment
    std::getline(in, line);
    std::vector<std::string> names;
    {
        std::istringstream header(line);
        for (std::string name; std::getline(header, name, ',');) {
            names.push_back(name);
        }
    }
    std::vector<std::vector<double>> cols(names.size());
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::size_t k = 0;
        for (std::string field; std::getline(row, field, ','); ++k) {
            cols.at(k).push_back(field == "nan" ? NAN : std::stod(field));
        }
    }
    BOOST_TEST_REQUIRE(cols[0].size() > 100U);
    for (std::size_t k = 1; k < names.size(); ++k) {
        std::istringstream parts(names[k]);
        std::string spec;
        std::string adjust;
        std::string ignore_na;
        parts >> spec >> adjust >> ignore_na;
        const auto d = decay_of(spec);
        const auto policy = ignore_na == "ignore_na=True" ? smooth::missing_policy::skip : smooth::missing_policy::decay;
        const auto form = adjust == "adjust=True" ? smooth::ema_form::corrected : smooth::ema_form::first_seeded;
        const auto ours = smooth::exponential_moving_average<double>(cols[0], d, form, policy);
        double worst = 0.0;
        for (std::size_t t = 0; t < ours.size(); ++t) {
            worst = std::max(worst, ulps_apart(ours[t], cols[k][t]));
        }
        BOOST_TEST(worst <= 4.0, file << " " << names[k] << ": " << worst << " ulp from pandas");
    }
}

} // namespace

// Random series with NaN runs at the start, middle and end; the four spellings; adjust
// True/False; ignore_na True/False; and a constant 0.1 at beta 0.999 (once 179 ulp off).
BOOST_AUTO_TEST_CASE(within_4_ulp_of_pandas_everywhere)
{
    check_pandas_table("pandas_ewm_noisy.csv");
    check_pandas_table("pandas_ewm_constant.csv");
}

// pandas: Series([1, 2] + [nan] * 60).ewm(alpha=0.5).mean() stays 1.6666666666666667 (the
// weight kept as 1 - beta^t turned inf at the 54th NaN, NaN after 1100).
BOOST_AUTO_TEST_CASE(a_long_run_of_missing_values_changes_nothing)
{
    smooth::ema_corrected_stream<double> ema(smooth::decay::from_alpha(0.5));
    ema.push(1.0);
    ema.push(2.0);
    for (int i = 0; i < 5000; ++i) {
        ema.push(NAN);
        BOOST_TEST_REQUIRE(ema.value() == 1.6666666666666667, "after " << i + 1 << " NaN");
    }
    smooth::ema_stream<double> v(0.5);
    v.push(1.0);
    v.push(2.0);
    for (int i = 0; i < 5000; ++i) {
        v.push(NAN);
    }
    BOOST_TEST(std::isfinite(v.weight_sum()));
}

// pandas: Series([1, nan, 2, nan]).ewm(alpha=1).mean() -> 1, 1, 2, 2 (beta 0, decay)
BOOST_AUTO_TEST_CASE(beta_zero_with_missing_values)
{
    const std::vector<double> xs{1, NAN, 2, NAN};
    const auto m = smooth::exponential_moving_average<double>(xs, 0.0, smooth::ema_form::corrected);
    BOOST_TEST(m == std::vector<double>({1, 1, 2, 2}), tt::per_element());
    const auto a = smooth::exponential_moving_average<double>(xs, smooth::decay::from_alpha(1.0),
                                                            smooth::ema_form::corrected);
    BOOST_TEST(a == std::vector<double>({1, 1, 2, 2}), tt::per_element());
}

// pandas: Series([1, 2]).ewm(alpha=1e-9 | span=1e6 | halflife=1e7).mean()[1] ->
// 1.50000000025, 1.5000005, 1.5000000173286796 (the weight 1 - beta^t lost 8 digits to
// cancellation: 1.4999999995 for alpha 1e-9)
BOOST_AUTO_TEST_CASE(tiny_alpha_has_no_cancellation)
{
    const std::vector<std::pair<smooth::decay, double>> cases{{smooth::decay::from_alpha(1e-9), 1.50000000025},
                                                              {smooth::decay::from_span(1e6), 1.5000005},
                                                              {smooth::decay::from_halflife(1e7), 1.5000000173286796}};
    for (auto const& [d, want] : cases) {
        const std::vector<double> xs{1, 2};
        const auto m = smooth::exponential_moving_average<double>(xs, d, smooth::ema_form::corrected);
        BOOST_TEST(m[1] == want, tt::tolerance(1e-15));
        // V / W by the recursion, as vectors and the momentum step use it
        smooth::ema_stream<double> v(d);
        v.push(1.0);
        v.push(2.0);
        BOOST_TEST(v.corrected() == want, tt::tolerance(1e-15));
    }
}

// R 4.2.2, TTR 0.24.3: EMA(x, n = 5) and EMA(x, n = 5, wilder = TRUE) over the 20 values below
// (tests/reference/ttr_values.R): NA for the first four, the SMA of five at the fifth.
BOOST_AUTO_TEST_CASE(seeded_ema_and_wilder_equal_ttr)
{
    const std::vector<double> x{22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29,
                                22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63};
    const std::vector<double> ema5{22.178000000000001, 22.162000000000003, 22.184666666666672, 22.266444444444449,
                                   22.257629629629633, 22.268419753086423, 22.228946502057617, 22.282631001371747,
                                   22.315087334247835, 22.413391556165223, 22.728927704110149, 23.169285136073434,
                                   23.362856757382289, 23.518571171588192, 23.662380781058793, 23.651587187372531};
    const std::vector<double> wilder5{22.178000000000001, 22.168399999999998, 22.180720000000001, 22.230576000000003,
                                      22.232460800000002, 22.243968640000006, 22.225174912000004, 22.258139929600006,
                                      22.282511943680003, 22.348009554944007, 22.550407643955207, 22.850326115164165,
                                      23.030260892131334, 23.190208713705069, 23.342166970964055, 23.399733576771244};
    auto ema = smooth::ema_seeded_stream<double>::ema(5);
    auto wilder = smooth::ema_seeded_stream<double>::wilder(5);
    for (std::size_t t = 0; t < x.size(); ++t) {
        ema.push(x[t]);
        wilder.push(x[t]);
        if (t < 4) {
            BOOST_TEST(!ema.value().has_value());
            BOOST_TEST(!wilder.value().has_value());
        } else {
            BOOST_TEST(*ema.value() == ema5[t - 4], tt::tolerance(1e-13));
            BOOST_TEST(*wilder.value() == wilder5[t - 4], tt::tolerance(1e-13));
        }
    }
    // TTR: EMA(c(NA, NA, x[1:6]), n = 3) -> NA NA NA NA 22.18 22.175 22.1775 22.15375: the
    // leading missing values are skipped and the seed is the first three present
    auto lead = smooth::ema_seeded_stream<double>::ema(3);
    const std::vector<double> in{NAN, NAN, 22.27, 22.19, 22.08, 22.17, 22.18, 22.13};
    const std::vector<double> want{NAN, NAN, NAN, NAN, 22.18, 22.175000000000001, 22.177500000000002, 22.153750000000002};
    for (std::size_t t = 0; t < in.size(); ++t) {
        lead.push(in[t]);
        if (std::isnan(want[t])) {
            BOOST_TEST(!lead.value().has_value());
        } else {
            BOOST_TEST(*lead.value() == want[t], tt::tolerance(1e-13));
        }
    }
    // the Boost features wrap the same streams
    ba::accumulator_set<double, ba::features<smooth::tag::ema_seeded, smooth::tag::wilder>> acc(
        smooth::tag::ema_seeded::period = 5, smooth::tag::wilder::period = 5);
    for (const double v : x) {
        acc(v);
    }
    BOOST_TEST(smooth::ema_seeded(acc) == ema5.back(), tt::tolerance(1e-13));
    BOOST_TEST(smooth::wilder(acc) == wilder5.back(), tt::tolerance(1e-13));
    BOOST_CHECK_THROW(smooth::ema_seeded_stream<double>::ema(0), std::invalid_argument);
}

// One rule for "no value yet" (issue 21): every stream's value() is a std::optional, nullopt
// until min_periods samples were observed (missing ones do not count, as in pandas); the
// array functions write NaN there. min_periods 0 is each form's default (1; N for the seeded).
BOOST_AUTO_TEST_CASE(no_value_yet_is_nullopt_and_min_periods_counts_what_was_observed)
{
    const std::vector<double> xs{1.0, NAN, 2.0, 3.0, 4.0};
    const auto d = smooth::decay::from_alpha(0.3);
    smooth::ema_corrected_stream<double> corrected(d, smooth::missing_policy::decay, 3);
    smooth::ema_corrected_stream<double> corrected_any(d, smooth::missing_policy::decay);
    smooth::ema_first_stream<double> first(d, smooth::missing_policy::skip, 2);
    smooth::ema_first_stream<double> first_any(d, smooth::missing_policy::skip);
    auto seeded = smooth::ema_seeded_stream<double>::ema(2, smooth::missing_policy::skip, 3);
    auto seeded_default = smooth::ema_seeded_stream<double>::ema(2, smooth::missing_policy::skip, 1); // below N: N
    const std::vector<bool> corrected_has{false, false, false, true, true}; // 1, 2, 3 observed by the 4th row
    const std::vector<bool> first_has{false, false, true, true, true};
    const std::vector<bool> seeded_has{false, false, false, true, true};
    const std::vector<bool> seeded_default_has{false, false, true, true, true};
    for (std::size_t t = 0; t < xs.size(); ++t) {
        for (auto* s : {&corrected, &corrected_any}) {
            s->push(xs[t]);
        }
        first.push(xs[t]);
        first_any.push(xs[t]);
        seeded.push(xs[t]);
        seeded_default.push(xs[t]);
        BOOST_TEST(corrected.value().has_value() == corrected_has[t], "row " << t);
        BOOST_TEST(first.value().has_value() == first_has[t], "row " << t);
        BOOST_TEST(seeded.value().has_value() == seeded_has[t], "row " << t);
        BOOST_TEST(seeded_default.value().has_value() == seeded_default_has[t], "row " << t);
        if (corrected.value()) { // the same number as without min_periods
            BOOST_TEST(*corrected.value() == *corrected_any.value());
        }
        if (first.value()) {
            BOOST_TEST(*first.value() == *first_any.value());
        }
    }
    // the array function: NaN where the stream has nothing
    const auto out = smooth::exponential_moving_average<double>(xs, smooth::ema_seeded_stream<double>::ema(2, smooth::missing_policy::skip, 3));
    BOOST_TEST(std::isnan(out[2]));
    BOOST_TEST(!std::isnan(out[3]));
}

// min_periods means the same in the array functions: NaN until that many were observed, the
// streams' numbers after.
BOOST_AUTO_TEST_CASE(min_periods_in_the_array_functions)
{
    const std::vector<double> xs{1.0, NAN, 2.0, 3.0, 4.0};
    for (const auto form : {smooth::ema_form::zero_start, smooth::ema_form::corrected, smooth::ema_form::first_seeded}) {
        const auto all = smooth::exponential_moving_average<double>(xs, 0.7, form, smooth::missing_policy::decay);
        const auto three = smooth::exponential_moving_average<double>(xs, 0.7, form, smooth::missing_policy::decay, 3);
        BOOST_TEST(std::isnan(three[0]));
        BOOST_TEST(std::isnan(three[1]));
        BOOST_TEST(std::isnan(three[2])); // two observed so far
        BOOST_TEST(three[3] == all[3]);
        BOOST_TEST(three[4] == all[4]);
    }
}

namespace {

/// The oracle families the textbook forms are held to: a million normal values, 1e15 beside
/// 1e-3, the whole exponent range, subnormals, constant runs (ties), and infinities (after the
/// 100th value, so that a seed stays finite).
std::vector<std::pair<std::string, std::vector<double>>> oracle_families()
{
    std::mt19937_64 rng(2024);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_int_distribution<int> exponent(-1000, 1000);
    std::uniform_int_distribution<int> small(1, 9);
    std::vector<std::pair<std::string, std::vector<double>>> f(6);
    f[0].first = "a million normal values";
    for (int i = 0; i < 1'000'000; ++i) {
        f[0].second.push_back(normal(rng));
    }
    f[1].first = "1e15 beside 1e-3";
    f[2].first = "the exponent range";
    f[3].first = "subnormals";
    f[4].first = "constant runs";
    f[5].first = "infinities";
    for (int i = 0; i < 20'000; ++i) {
        f[1].second.push_back(i % 3 == 0 ? 1e15 + i : 1e-3 * normal(rng));
        f[2].second.push_back(std::ldexp(normal(rng), exponent(rng)));
        f[3].second.push_back(std::ldexp(static_cast<double>(small(rng)) * (i % 2 ? 1 : -1), -1074 + small(rng)));
        f[4].second.push_back(static_cast<double>((i / 50) % 3));
        const bool inf = i > 100 && i % 997 == 0;
        f[5].second.push_back(inf ? (i % 2 ? HUGE_VAL : -HUGE_VAL) : normal(rng));
    }
    return f;
}

bool same_bits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

} // namespace

// The textbook forms (ema.hpp's smooth::textbook) and the streams give the same doubles, bit
// for bit, on every oracle family and decay: the streams are the textbook plus missing values,
// vectors, min_periods and Boost.Accumulators, nothing that changes a number.
BOOST_AUTO_TEST_CASE(the_streams_are_the_textbook_forms_bit_for_bit)
{
    const std::vector<smooth::decay> decays{smooth::decay::from_alpha(0.3), smooth::decay(0.9), smooth::decay(0.999),
                                            smooth::decay::from_alpha(1.0)};
    for (auto const& family : oracle_families()) {
        auto const& name = family.first;
        auto const& xs = family.second;
        for (auto const& d : decays) {
            smooth::textbook::ema zt(d);
            smooth::ema_stream<double> zs(d);
            smooth::textbook::ema_corrected ct(d);
            smooth::ema_corrected_stream<double> cs(d);
            smooth::textbook::ema_first ft(d);
            smooth::ema_first_stream<double> fs(d);
            smooth::textbook::ema_seeded st(14, smooth::decay::from_alpha_exactly(2.0 / 15.0));
            auto ss = smooth::ema_seeded_stream<double>::ema(14);
            std::size_t differ = 0;
            for (const double x : xs) {
                zt.push(x);
                zs.push(x);
                ct.push(x);
                cs.push(x);
                ft.push(x);
                fs.push(x);
                st.push(x);
                ss.push(x);
                differ += same_bits(zt.value(), zs.value()) ? 0 : 1;
                differ += same_bits(ct.value(), *cs.value()) ? 0 : 1;
                differ += same_bits(ft.value(), *fs.value()) ? 0 : 1;
                differ += st.ready() == ss.value().has_value() && (!st.ready() || same_bits(st.value(), *ss.value())) ? 0 : 1;
            }
            BOOST_TEST(differ == 0U, name << ", alpha " << d.alpha);
        }
    }
}

namespace {

bool same_bits(std::optional<double> a, std::optional<double> b)
{
    if (a.has_value() != b.has_value()) {
        return false;
    }
    if (!a) {
        return true;
    }
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, &*a, sizeof x);
    std::memcpy(&y, &*b, sizeof y);
    return x == y;
}

std::optional<double> value_of(smooth::ema_stream<double> const& s) { return s.corrected(); }
template <class S>
std::optional<double> value_of(S const& s)
{
    return s.value();
}

/// A stream saved at every point of a series (with NaN runs and an infinity) and restored
/// into a fresh one of the same parameters goes on bit for bit as the original.
template <class Make>
void saved_and_restored_go_on_alike(Make make)
{
    std::mt19937_64 rng(8);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    auto original = make();
    for (int i = 0; i < 300; ++i) {
        const double x = (i >= 3 && i < 6) || i % 41 == 0 ? std::numeric_limits<double>::quiet_NaN()
                         : i == 200                         ? std::numeric_limits<double>::infinity()
                                                            : 1e3 * u(rng);
        original.push(x);
        auto restored = make();
        restored.restore(original.saved());
        auto copy = original;
        for (int k = 0; k < 4; ++k) {
            BOOST_TEST(same_bits(value_of(restored), value_of(copy)), "i " << i << " k " << k);
            BOOST_TEST(restored.observed() == copy.observed());
            const double y = k == 1 ? std::numeric_limits<double>::quiet_NaN() : u(rng);
            restored.push(y);
            copy.push(y);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(every_ema_stream_saved_and_restored_goes_on_bit_for_bit)
{
    for (const auto missing : {smooth::missing_policy::decay, smooth::missing_policy::skip}) {
        saved_and_restored_go_on_alike([&] { return smooth::ema_corrected_stream<double>(smooth::decay::from_span(7), missing, 3); });
        saved_and_restored_go_on_alike([&] { return smooth::ema_first_stream<double>(smooth::decay(0.9), missing); });
        saved_and_restored_go_on_alike([&] { return smooth::ema_stream<double>(smooth::decay(0.95), missing); });
        saved_and_restored_go_on_alike([&] { return smooth::ema_seeded_stream<double>::ema(10, missing); });
        saved_and_restored_go_on_alike([&] { return smooth::ema_seeded_stream<double>::wilder(14, missing); });
    }
}

BOOST_AUTO_TEST_CASE(a_seed_saved_half_way_keeps_its_exact_sum)
{
    // 1e300 and 1 and -1e300: the seed's mean is 1/3 only if the 1 survived the save
    auto s = smooth::ema_seeded_stream<double>::ema(3);
    s.push(1e300);
    s.push(1.0);
    auto restored = smooth::ema_seeded_stream<double>::ema(3);
    restored.restore(s.saved());
    restored.push(-1e300);
    BOOST_TEST(restored.value().value() == 1.0 / 3.0);
    auto bad = s.saved();
    bad.seed.pending = -1;
    BOOST_CHECK_THROW(restored.restore(bad), std::invalid_argument);
}
