#define BOOST_TEST_MODULE smoother
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include <smooth/smoother.hpp>

namespace tt = boost::test_tools;

namespace {
std::vector<double> run(smooth::smoother_spec const& spec, std::vector<double> const& xs)
{
    smooth::smoother s(spec);
    std::vector<double> out;
    for (const double x : xs) {
        s.push(x);
        out.push_back(s.value().value_or(std::numeric_limits<double>::quiet_NaN())); // as the array functions spell it
    }
    return out;
}

void check_same(std::vector<double> const& got, std::vector<double> const& want, double tolerance = 1e-15)
{
    BOOST_TEST_REQUIRE(got.size() == want.size());
    for (std::size_t t = 0; t < got.size(); ++t) {
        BOOST_TEST_CONTEXT("row " << t + 1)
        {
            if (std::isnan(want[t])) {
                BOOST_TEST(std::isnan(got[t]));
            } else {
                BOOST_TEST(got[t] == want[t], tt::tolerance(tolerance));
            }
        }
    }
}
} // namespace

// pandas 1.5.3 (tests/REFERENCES.md): Series([0, 1, nan, 2, 4, 5]).ewm(com=0.5, min_periods=3)
// .mean(), adjust True and False: no value until three values are present
BOOST_AUTO_TEST_CASE(min_periods_for_the_emas_as_pandas)
{
    const std::vector<double> xs{0, 1, NAN, 2, 4, 5};
    smooth::smoother_spec spec{smooth::average::ema_corrected, 0, smooth::decay::from_com(0.5),
                               smooth::missing_policy::decay, 3};
    check_same(run(spec, xs), {NAN, NAN, NAN, 1.838709677419355, 3.401785714285715, 4.495774647887324});
    spec.kind = smooth::average::ema_first;
    check_same(run(spec, xs), {NAN, NAN, NAN, 1.8095238095238095, 3.2698412698412698, 4.423280423280423});
    // default min_periods: a value from the first observation on
    spec.min_periods = 0;
    BOOST_TEST(run(spec, xs)[0] == 0.0);
    spec.kind = smooth::average::ema;
    BOOST_TEST(std::isnan(run(spec, {NAN, 1.0})[0]));
}

// pandas: Series([1, nan, 2, 3, 4, 5]).rolling(2).mean() -> NaN NaN NaN 2.5 3.5 4.5, with
// min_periods=1 -> 1 1 2 2.5 3.5 4.5: the same whatever the missing policy
BOOST_AUTO_TEST_CASE(sma_windows_count_rows_under_every_policy)
{
    for (const auto policy : {smooth::missing_policy::skip, smooth::missing_policy::decay}) {
        smooth::smoother_spec spec{smooth::average::sma, 2, 0.5, policy, 0};
        check_same(run(spec, {1, NAN, 2, 3, 4, 5}), {NAN, NAN, NAN, 2.5, 3.5, 4.5});
        spec.min_periods = 1;
        check_same(run(spec, {1, NAN, 2, 3, 4, 5}), {1, 1, 2, 2.5, 3.5, 4.5});
    }
}

// pandas [0, 1, 2, NaN, 4], com 0.5, adjust=True: ignore_na False -> ..., 3.670212766;
// True -> ..., 3.225 (the reference sheet's golden rows)
BOOST_AUTO_TEST_CASE(the_missing_policy_reaches_the_emas)
{
    smooth::smoother_spec spec{smooth::average::ema_corrected, 0, smooth::decay::from_com(0.5),
                               smooth::missing_policy::decay, 0};
    BOOST_TEST(run(spec, {0, 1, 2, NAN, 4}).back() == 3.670212766, tt::tolerance(1e-9));
    spec.missing = smooth::missing_policy::skip;
    BOOST_TEST(run(spec, {0, 1, 2, NAN, 4}).back() == 3.225, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(every_kind_is_one_library_call)
{
    const std::vector<double> xs{1, 2, 3, 4};
    smooth::smoother_spec spec;
    spec.kind = smooth::average::ema_seeded;
    spec.window = 2;
    check_same(run(spec, xs), {NAN, 1.5, 1.5 + (3 - 1.5) * 2.0 / 3.0, 2.5 + (4 - 2.5) * 2.0 / 3.0}, 1e-14);
    spec.kind = smooth::average::wilder;
    check_same(run(spec, xs), {NAN, 1.5, 2.25, 3.125}, 1e-14);
    spec.kind = smooth::average::ema;
    spec.ema_decay = 0.5;
    check_same(run(spec, xs), {0.5, 1.25, 2.125, 3.0625});
    BOOST_CHECK_THROW(smooth::smoother({smooth::average::sma, 0, 0.5, smooth::missing_policy::decay, 0}),
                      std::invalid_argument);
}

// push_into (the kind looked up once for a block) is a loop of push and value, bit for bit:
// every kind and missing policy, NaN and infinite rows, strided input and output as the smooth
// tool lays out a block (a row's columns side by side), continuing one stream across calls.
BOOST_AUTO_TEST_CASE(push_into_is_push_then_value_bit_for_bit)
{
    std::vector<double> x;
    double walk = 0.0;
    for (int i = 0; i < 3000; ++i) {
        walk += std::sin(i * 0.7) * (i % 97 == 0 ? 1e15 : 1.0);
        x.push_back(i % 53 == 0 ? NAN : i % 211 == 0 ? INFINITY : i % 307 == 0 ? -INFINITY : walk);
    }
    std::size_t checked = 0;
    for (const auto kind : {smooth::average::sma, smooth::average::ema, smooth::average::ema_corrected,
                             smooth::average::ema_first, smooth::average::ema_seeded, smooth::average::wilder}) {
        for (const auto missing : {smooth::missing_policy::decay, smooth::missing_policy::skip,
                                    smooth::missing_policy::propagate}) {
            const smooth::smoother_spec spec{kind, 7, smooth::decay(0.8), missing, 3};
            smooth::smoother one(spec);
            smooth::smoother blocks(spec);
            constexpr std::size_t in_step = 3;
            constexpr std::size_t out_step = 2;
            std::vector<double> in(x.size() * in_step, -1.0);
            for (std::size_t i = 0; i < x.size(); ++i) {
                in[i * in_step] = x[i];
            }
            std::vector<double> out(x.size() * out_step, -1.0);
            for (std::size_t at = 0, size = 1; at < x.size(); at += size, size = size * 2 + 1) {
                const std::size_t count = std::min(size, x.size() - at);
                blocks.push_into(in.data() + at * in_step, in_step, out.data() + at * out_step, out_step, count);
            }
            for (std::size_t i = 0; i < x.size(); ++i) {
                one.push(x[i]);
                const double want = one.value().value_or(NAN);
                const double got = out[i * out_step];
                BOOST_TEST_REQUIRE((std::memcmp(&want, &got, sizeof want) == 0 || (std::isnan(want) && std::isnan(got))),
                                   "kind " << static_cast<int>(kind) << ", row " << i << ": " << got << " vs " << want);
                BOOST_TEST_REQUIRE(out[i * out_step + 1] == -1.0); // nothing written between the steps
                ++checked;
            }
        }
    }
    BOOST_TEST(checked == 6U * 3U * 3000U);
}
