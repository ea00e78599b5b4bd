#define BOOST_TEST_MODULE chunks
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <smooth/chunks.hpp>

#include "adversarial_series.hpp"

namespace {

/// Random cut points: `count` chunks (some empty when count is large) covering [0, n).
std::vector<std::size_t> random_cuts(std::size_t n, std::size_t count, std::mt19937_64& rng)
{
    std::uniform_int_distribution<std::size_t> at(0, n);
    std::vector<std::size_t> cuts{0, n};
    for (std::size_t k = 1; k < count; ++k) {
        cuts.push_back(at(rng));
    }
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

enum class grouping { left_to_right, right_to_left, balanced };

/// The merged summary of summaries [from, to), grouped as asked (an empty summary for none).
template <class Summary>
Summary merged(std::vector<Summary> const& s, std::size_t from, std::size_t to, grouping g, Summary const& empty)
{
    if (from == to) {
        return empty;
    }
    if (to - from == 1) {
        return s[from];
    }
    switch (g) {
    case grouping::left_to_right: {
        Summary acc = s[from];
        for (std::size_t k = from + 1; k < to; ++k) {
            acc = smooth::merge(acc, s[k]);
        }
        return acc;
    }
    case grouping::right_to_left: {
        Summary acc = s[to - 1];
        for (std::size_t k = to - 1; k-- > from;) {
            acc = smooth::merge(s[k], acc);
        }
        return acc;
    }
    case grouping::balanced: {
        const std::size_t mid = from + (to - from) / 2;
        return smooth::merge(merged(s, from, mid, g, empty), merged(s, mid, to, g, empty));
    }
    }
    return empty;
}

/// The series smoothed chunk by chunk: every chunk summarised on its own, each chunk's carry the
/// merged summary of the chunks before it, then apply.
template <class Spec>
std::vector<double> chunked(std::vector<double> const& x, std::vector<std::size_t> const& cuts, Spec spec, grouping g)
{
    using summary = decltype(smooth::summarize(std::span<const double>{}, spec));
    std::vector<summary> s;
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        s.push_back(smooth::summarize(std::span<const double>(x).subspan(cuts[k], cuts[k + 1] - cuts[k]), spec));
    }
    const summary empty = smooth::summarize(std::span<const double>{}, spec);
    std::vector<double> out(x.size());
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const auto carry = merged(s, 0, k, g, empty);
        smooth::apply(carry, std::span<const double>(x).subspan(cuts[k], cuts[k + 1] - cuts[k]),
                      std::span<double>(out).subspan(cuts[k], cuts[k + 1] - cuts[k]));
    }
    return out;
}

/// One pass of a smoother over x: its value after each row (NaN where it has none).
std::vector<double> one_pass_of(std::vector<double> const& x, smooth::smoother_spec const& spec)
{
    smooth::smoother one(spec);
    std::vector<double> out;
    for (const double v : x) {
        one.push(v);
        out.push_back(one.value().value_or(NAN));
    }
    return out;
}

bool same_bits(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) || (std::isnan(a) && std::isnan(b));
}

std::vector<double> with_missing_and_infinite_rows(std::vector<double> x, std::mt19937_64& rng, bool infinities)
{
    std::uniform_int_distribution<std::size_t> at(0, x.size() - 1);
    for (int k = 0; k < 40; ++k) {
        x[at(rng)] = NAN;
    }
    std::fill(x.begin() + static_cast<std::ptrdiff_t>(x.size() / 3),
              x.begin() + static_cast<std::ptrdiff_t>(x.size() / 3 + 25), NAN); // a run
    if (infinities) {
        x[at(rng)] = INFINITY;
        x[at(rng)] = -INFINITY;
    }
    return x;
}

constexpr grouping groupings[] = {grouping::left_to_right, grouping::right_to_left, grouping::balanced};

/// The EMA in long double (64-bit mantissa: 2048 times finer than double) with the streams'
/// missing rules: V = beta V + alpha x and W = beta W + alpha over the steps taken; the
/// zero-start form is V, the corrected one V / W. A reference finer than either computation.
std::vector<double> ema_fine(std::vector<double> const& x, smooth::decay d, smooth::ema_form form,
                             smooth::missing_policy missing)
{
    long double v = 0;
    long double w = 0;
    std::size_t observed = 0;
    std::vector<double> out;
    if (form == smooth::ema_form::first_seeded) { // pandas' adjust=False: y = (o y + alpha x) / (o + alpha)
        long double y = 0;
        long double o = 1;
        for (const double xi : x) {
            const bool present = missing == smooth::missing_policy::propagate || !std::isnan(xi);
            if (observed > 0 && (present || missing == smooth::missing_policy::decay)) {
                o *= d.beta;
            }
            if (present) {
                y = observed == 0 ? static_cast<long double>(xi) : (o * y + d.alpha * static_cast<long double>(xi)) / (o + d.alpha);
                o = 1;
                ++observed;
            }
            out.push_back(observed == 0 ? NAN : static_cast<double>(y));
        }
        return out;
    }
    for (const double xi : x) {
        const bool present = missing == smooth::missing_policy::propagate || !std::isnan(xi);
        if (present || missing == smooth::missing_policy::decay) {
            v *= d.beta;
            w *= d.beta;
        }
        if (present) {
            v += static_cast<long double>(d.alpha) * xi;
            w += d.alpha;
            ++observed;
        }
        out.push_back(form == smooth::ema_form::zero_start ? static_cast<double>(v)
                      : observed == 0                      ? NAN
                                                           : static_cast<double>(v / w));
    }
    return out;
}

/// The seeded EMA in long double: the mean of the first N samples present, then pandas'
/// adjust=False step y = (o y + alpha x) / (o + alpha), o = beta^(1 + missing rows before x
/// under decay). NaN before the seed (or before min_periods samples).
std::vector<double> seeded_fine(std::vector<double> const& x, smooth::seeded_spec const& spec)
{
    const smooth::decay d = spec.the_decay();
    long double sum = 0;
    long double y = 0;
    long double o = 1;
    std::size_t observed = 0;
    std::vector<double> out;
    for (const double xi : x) {
        const bool present = spec.missing == smooth::missing_policy::propagate || !std::isnan(xi);
        if (observed >= spec.period && (present || spec.missing == smooth::missing_policy::decay)) {
            o *= d.beta;
        }
        if (present) {
            ++observed;
            if (observed < spec.period) {
                sum += xi;
            } else if (observed == spec.period) {
                y = (sum + xi) / static_cast<long double>(spec.period);
            } else {
                y = (o * y + d.alpha * static_cast<long double>(xi)) / (o + d.alpha);
                o = 1;
            }
        }
        out.push_back(observed < std::max(spec.period, spec.min_periods) ? NAN : static_cast<double>(y));
    }
    return out;
}

std::vector<double> random_series(std::size_t n, int data, std::mt19937_64& rng)
{
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> x(n);
    double level = 0.0;
    for (auto& v : x) {
        level += normal(rng);
        v = data == 0 ? level : data == 1 ? 50.0 + 10.0 * normal(rng) : (normal(rng) > 0 ? 1e15 : 1e-3);
    }
    return x;
}

} // namespace

// The SMA: any split into 1 to 1000 chunks, merged left to right, right to left or as a
// balanced tree, gives one pass's numbers bit for bit, on the oracle's adversarial families,
// with NaN and infinite rows, for windows 1 to 100 and min_periods.
BOOST_AUTO_TEST_CASE(the_sma_in_chunks_is_one_pass_bit_for_bit)
{
    std::mt19937_64 rng(25);
    std::size_t checked = 0;
    for (std::string const kind : {"1e15 and 1e-3", "1e-300 to 1e300", "subnormals", "alternating huge signs",
                                   "near DBL_MAX", "cancelling ramps"}) {
        for (const bool odd_rows : {false, true}) {
            auto x = adversarial(kind, 2000, rng());
            if (odd_rows) {
                x = with_missing_and_infinite_rows(x, rng, true);
            }
            for (const smooth::sma_spec spec : {smooth::sma_spec{1, 0}, smooth::sma_spec{3, 0}, smooth::sma_spec{100, 0},
                                                smooth::sma_spec{100, 7}}) {
                const auto one_pass = smooth::simple_moving_average<double>(x, spec.window, spec.min_periods);
                for (const std::size_t count : {1U, 2U, 7U, 100U, 1000U}) {
                    const auto cuts = random_cuts(x.size(), count, rng);
                    for (const auto g : groupings) {
                        const auto got = chunked(x, cuts, spec, g);
                        std::size_t wrong = 0;
                        for (std::size_t t = 0; t < x.size(); ++t) {
                            wrong += same_bits(got[t], one_pass[t]) ? 0U : 1U;
                        }
                        BOOST_TEST(wrong == 0U, kind << ", window " << spec.window << ", " << count << " chunks, grouping "
                                                     << static_cast<int>(g) << ": " << wrong << " rows differ");
                        checked += x.size();
                    }
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("SMA in chunks: " << checked << " rows checked bit for bit");
}

// The EMAs: the first chunk is one pass's bit for bit, NaN and infinities land in one pass's
// rows, and after a merged carry the values are about as close to the exact value (a long
// double reference) as one pass's: at most twice one pass's error plus 4 ulp of the size of
// the data (the same EMA of |x|). A merged carry is rounded differently from one pass's state
// (summaries are merged as double-doubles, so the merges themselves add almost nothing; each
// chunk's own recursion rounds as one pass's does). Every split, grouping and missing policy;
// the largest errors are printed.
BOOST_AUTO_TEST_CASE(the_emas_in_chunks_are_as_close_to_the_exact_value_as_one_pass)
{
    std::mt19937_64 rng(26);
    std::normal_distribution<double> normal(0.0, 1.0);
    double worst_apart = 0.0;
    for (const auto form : {smooth::ema_form::zero_start, smooth::ema_form::corrected, smooth::ema_form::first_seeded}) {
        for (const auto missing :
             {smooth::missing_policy::decay, smooth::missing_policy::skip, smooth::missing_policy::propagate}) {
            for (const double beta : {0.0, 0.5, 0.9, 0.999}) {
                for (int data = 0; data < 3; ++data) {
                    std::vector<double> x(3000);
                    double level = 0.0;
                    for (auto& v : x) {
                        level += normal(rng);
                        v = data == 0 ? level : data == 1 ? 50.0 + 10.0 * normal(rng) : (normal(rng) > 0 ? 1e15 : 1e-3);
                    }
                    if (missing != smooth::missing_policy::propagate) {
                        x = with_missing_and_infinite_rows(x, rng, data == 2);
                    }
                    const smooth::ema_spec spec{smooth::decay(beta), form, missing, 3};
                    const auto one_pass = smooth::exponential_moving_average<double>(x, spec.d, form, missing, 3);
                    const auto fine = ema_fine(x, spec.d, form, missing);
                    std::vector<double> abs_x(x.size());
                    std::transform(x.begin(), x.end(), abs_x.begin(), [](double v) { return std::abs(v); });
                    const auto scale = ema_fine(abs_x, spec.d, form, missing);
                    double err_one_pass = 0.0;
                    double err_chunked = 0.0;
                    for (std::size_t t = 0; t < x.size(); ++t) {
                        if (std::isfinite(one_pass[t]) && std::isfinite(fine[t])) {
                            const double u = std::nextafter(scale[t], INFINITY) - scale[t];
                            err_one_pass = std::max(err_one_pass, std::abs(one_pass[t] - fine[t]) / u);
                        }
                    }
                    for (const std::size_t count : {1U, 2U, 7U, 100U, 1000U}) {
                        const auto cuts = random_cuts(x.size(), count, rng);
                        for (const auto g : groupings) {
                            const auto got = chunked(x, cuts, spec, g);
                            for (std::size_t t = 0; t < x.size(); ++t) {
                                if (t < cuts[1] || !std::isfinite(one_pass[t])) {
                                    BOOST_TEST_REQUIRE(same_bits(got[t], one_pass[t]),
                                                       "row " << t << ": " << got[t] << " vs " << one_pass[t]);
                                    continue;
                                }
                                const double u = std::nextafter(scale[t], INFINITY) - scale[t];
                                err_chunked = std::max(err_chunked, std::abs(got[t] - fine[t]) / u);
                                worst_apart = std::max(worst_apart, std::abs(got[t] - one_pass[t]) / u);
                            }
                        }
                    }
                    BOOST_TEST_MESSAGE("form " << static_cast<int>(form) << ", policy " << static_cast<int>(missing)
                                               << ", beta " << beta << ", data " << data << ": one pass " << err_one_pass
                                               << ", in chunks " << err_chunked << " ulp of the scale from exact");
                    BOOST_TEST(err_chunked <= 2.0 * err_one_pass + 4.0, "form " << static_cast<int>(form) << ", policy "
                                                                          << static_cast<int>(missing) << ", beta "
                                                                          << beta << ", data " << data);
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("EMAs in chunks: at most " << worst_apart << " ulp of the data's size from one pass");
    BOOST_TEST(worst_apart > 0.0); // merged carries are rounded: a test that found no difference would be suspect
}

// The seeded EMAs (TA-Lib's/TTR's EMA(N), Wilder's): every row up to the one that completes
// the seed is one pass's bit for bit, whichever chunk the seed's samples fall in (the seed is
// the exact mean of the series' first N samples, kept as samples until then); the first
// chunk is one pass's bit for bit; after a carry that ran on, at most twice one pass's error
// plus 4 ulp of the data's size from a long double reference. Every split, grouping and
// missing policy, periods 1 to 50.
BOOST_AUTO_TEST_CASE(the_seeded_emas_in_chunks_keep_the_exact_seed_and_are_as_close_as_one_pass)
{
    std::mt19937_64 rng(27);
    double worst_apart = 0.0;
    std::size_t seeds_later = 0;
    std::size_t configuration = 0;
    for (const bool wilder : {false, true}) {
        for (const auto missing :
             {smooth::missing_policy::decay, smooth::missing_policy::skip, smooth::missing_policy::propagate}) {
            for (const std::size_t period : {1U, 3U, 14U, 50U}) {
                for (int data = 0; data < 3; ++data) {
                    auto x = random_series(3000, data, rng);
                    if (missing != smooth::missing_policy::propagate) {
                        x = with_missing_and_infinite_rows(x, rng, data == 2);
                        std::fill(x.begin() + 1, x.begin() + 30, NAN); // missing rows among the seed's
                    }
                    const smooth::seeded_spec spec{period, wilder, missing, period + 2};
                    auto stream = wilder ? smooth::ema_seeded_stream<double>::wilder(period, missing, period + 2)
                                         : smooth::ema_seeded_stream<double>::ema(period, missing, period + 2);
                    const auto one_pass = smooth::exponential_moving_average<double>(x, stream);
                    const auto fine = seeded_fine(x, spec);
                    std::vector<double> abs_x(x.size());
                    std::transform(x.begin(), x.end(), abs_x.begin(), [](double v) { return std::abs(v); });
                    const auto scale = seeded_fine(abs_x, spec);
                    std::size_t seed_row = 0; // the row that completes the seed
                    for (std::size_t present = 0; seed_row < x.size(); ++seed_row) {
                        const bool here = missing == smooth::missing_policy::propagate || !std::isnan(x[seed_row]);
                        if (here && ++present == period) {
                            break;
                        }
                    }
                    double err_one_pass = 0.0;
                    for (std::size_t t = 0; t < x.size(); ++t) {
                        if (std::isfinite(one_pass[t]) && std::isfinite(fine[t])) {
                            const double u = std::nextafter(scale[t], INFINITY) - scale[t];
                            err_one_pass = std::max(err_one_pass, std::abs(one_pass[t] - fine[t]) / u);
                        }
                    }
                    double err_chunked = 0.0;
                    ++configuration;
                    for (const std::size_t count : {1U, 2U, 7U, 100U, 1000U}) {
                        const auto cuts = random_cuts(x.size(), count, rng);
                        seeds_later += seed_row >= cuts[1] ? 1 : 0;
                        for (const auto g : groupings) {
                            if (count == 1000U && g != groupings[configuration % 3]) {
                                continue; // a thousand chunks in one grouping a configuration, each in turn (time)
                            }
                            const auto got = chunked(x, cuts, spec, g);
                            for (std::size_t t = 0; t < x.size(); ++t) {
                                if (t < cuts[1] || t <= seed_row || !std::isfinite(one_pass[t])) {
                                    BOOST_TEST_REQUIRE(same_bits(got[t], one_pass[t]),
                                                       "row " << t << ": " << got[t] << " vs " << one_pass[t] << ", period "
                                                              << period << ", policy " << static_cast<int>(missing));
                                    continue;
                                }
                                const double u = std::nextafter(scale[t], INFINITY) - scale[t];
                                err_chunked = std::max(err_chunked, std::abs(got[t] - fine[t]) / u);
                                worst_apart = std::max(worst_apart, std::abs(got[t] - one_pass[t]) / u);
                            }
                        }
                    }
                    BOOST_TEST_MESSAGE("seeded, wilder " << wilder << ", policy " << static_cast<int>(missing) << ", period "
                                                         << period << ", data " << data << ": one pass " << err_one_pass
                                                         << ", in chunks " << err_chunked << " ulp of the scale from exact");
                    BOOST_TEST(err_chunked <= 2.0 * err_one_pass + 4.0, "wilder " << wilder << ", policy "
                                                                          << static_cast<int>(missing) << ", period "
                                                                          << period << ", data " << data);
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("seeded EMAs in chunks: at most " << worst_apart << " ulp of the data's size from one pass");
    BOOST_TEST(worst_apart > 0.0);
    BOOST_TEST(seeds_later > 10U); // splits that cut through the seed were tried
}

// The smoother's summary (every kind of smoother.hpp, min_periods, the missing policies) is its
// form's summary: the same numbers as the form's own chunks, and no value (NaN) exactly where
// one pass of the smoother has none.
BOOST_AUTO_TEST_CASE(a_smoother_in_chunks_is_its_form_in_chunks)
{
    std::mt19937_64 rng(28);
    std::size_t checked = 0;
    for (const auto kind : {smooth::average::sma, smooth::average::ema, smooth::average::ema_corrected,
                             smooth::average::ema_first, smooth::average::ema_seeded, smooth::average::wilder}) {
        for (const auto missing : {smooth::missing_policy::decay, smooth::missing_policy::skip}) {
            for (const std::size_t min_periods : {0U, 1U, 5U}) {
                const auto x = with_missing_and_infinite_rows(random_series(1500, 0, rng), rng, false);
                smooth::smoother_spec spec{kind, 10, smooth::decay(0.8), missing, min_periods};
                const auto one_pass = one_pass_of(x, spec);
                std::vector<double> form;
                const auto cuts = random_cuts(x.size(), 50, rng);
                switch (kind) {
                case smooth::average::sma:
                    form = chunked(x, cuts, smooth::sma_spec{10, min_periods}, grouping::balanced);
                    break;
                case smooth::average::ema:
                case smooth::average::ema_corrected:
                case smooth::average::ema_first:
                    form = chunked(x, cuts,
                                   smooth::ema_spec{spec.ema_decay,
                                                    kind == smooth::average::ema           ? smooth::ema_form::zero_start
                                                    : kind == smooth::average::ema_corrected ? smooth::ema_form::corrected
                                                                                             : smooth::ema_form::first_seeded,
                                                    missing, kind == smooth::average::ema ? std::max<std::size_t>(min_periods, 1) : min_periods},
                                   grouping::balanced);
                    break;
                default:
                    form = chunked(x, cuts, smooth::seeded_spec{10, kind == smooth::average::wilder, missing, min_periods},
                                   grouping::balanced);
                }
                const auto got = chunked(x, cuts, spec, grouping::balanced);
                for (std::size_t t = 0; t < x.size(); ++t) {
                    BOOST_TEST_REQUIRE(same_bits(got[t], form[t]), "kind " << static_cast<int>(kind) << ", row " << t);
                    BOOST_TEST_REQUIRE(std::isnan(got[t]) == std::isnan(one_pass[t]),
                                       "kind " << static_cast<int>(kind) << ", min_periods " << min_periods << ", row " << t);
                    if (kind == smooth::average::sma || t < cuts[1]) {
                        BOOST_TEST_REQUIRE(same_bits(got[t], one_pass[t]), "kind " << static_cast<int>(kind) << ", row " << t);
                    }
                }
                checked += x.size();
            }
        }
    }
    BOOST_TEST_MESSAGE("smoother summaries: " << checked << " rows");
    BOOST_TEST(checked == 6U * 2U * 3U * 1500U);
}

// Infinities of both signs on either side of a cut: wherever one pass gives an infinity or
// NaN, so do the chunks, for every kind of smoother and every cut of short series into 1 to 4
// chunks, in every grouping. (-inf, 1, +inf, 1 with the cut after +inf gave +inf where one
// pass gives NaN, in the adjust=False and seeded forms, until the mean's own infinity was
// added to the map's.)
BOOST_AUTO_TEST_CASE(infinities_on_both_sides_of_a_cut_land_where_one_pass_puts_them)
{
    const std::vector<std::vector<double>> series{{-INFINITY, 1, INFINITY, 1},
                                                  {INFINITY, 2, -INFINITY, 3, 4},
                                                  {1, INFINITY, NAN, -INFINITY, 2},
                                                  {INFINITY, INFINITY, 1, NAN, 2, -INFINITY}};
    std::size_t checked = 0;
    for (auto const& x : series) {
        for (const auto kind : {smooth::average::sma, smooth::average::ema, smooth::average::ema_corrected,
                                 smooth::average::ema_first, smooth::average::ema_seeded, smooth::average::wilder}) {
            for (const auto missing : {smooth::missing_policy::decay, smooth::missing_policy::skip}) {
                for (const std::size_t window : {1U, 2U, 3U}) {
                    const smooth::smoother_spec spec{kind, window, smooth::decay(0.5), missing, 0};
                    const auto one_pass = one_pass_of(x, spec);
                    const std::size_t n = x.size();
                    for (std::size_t a = 0; a <= n; ++a) {
                        for (std::size_t b = a; b <= n; ++b) {
                            for (std::size_t c = b; c <= n; ++c) {
                                for (const auto g : groupings) {
                                    const auto got = chunked(x, {0, a, b, c, n}, spec, g);
                                    for (std::size_t t = 0; t < n; ++t) {
                                        const bool same = std::isfinite(one_pass[t]) ? std::isfinite(got[t])
                                                                                     : same_bits(got[t], one_pass[t]);
                                        BOOST_TEST_REQUIRE(same, "kind " << static_cast<int>(kind) << ", window " << window
                                                                         << ", cuts " << a << " " << b << " " << c << ", row "
                                                                         << t << ": " << got[t] << " vs " << one_pass[t]);
                                    }
                                    checked += n;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("infinities across cuts: " << checked << " rows");
    BOOST_TEST(checked > 100000U);
}

// An infinity followed by a gap so long that one pass's weight of the past, beta multiplied
// in a row at a time, underflows: to 0 for beta <= 1/2 (pandas' arithmetic forgets the past
// there, the seeded forms' turns the infinity into NaN), never for beta > 1/2 (the smallest
// subnormal times beta rounds back to itself, so the infinity stays). Cuts around the gap,
// every form, gaps either side of where beta^gap underflows, and a finite value in place of
// the infinity. The chunks agree with one pass on every row that is not finite, and on the
// rest to 1e-12 (or 1e-300: the zero-start form's tail is subnormal there). The corrected
// form's weight is a sum: a chunk that starts just before the infinity decides its reset from
// its own weight, and the chunks before it can move the underflow by a step (gap 1074 at beta
// 1/2, cut before the infinity: one pass keeps it).
BOOST_AUTO_TEST_CASE(an_infinity_before_a_gap_that_underflows_the_weight_lands_where_one_pass_puts_it)
{
    std::size_t checked = 0;
    for (const double bad : {2.0, static_cast<double>(INFINITY), -static_cast<double>(INFINITY)}) {
        for (const std::size_t gap : {700U, 1073U, 1074U, 1075U, 1838U, 5000U}) {
            std::vector<double> x{1, 1, 1, bad};
            x.insert(x.end(), gap, NAN);
            x.insert(x.end(), {5, 6, NAN, 7});
            const std::size_t n = x.size();
            const std::size_t after = 4 + gap; // the 5
            const std::vector<std::size_t> at{0, 2, 3, 4, 5, 4 + gap / 2, after - 1, after, after + 1, after + 2, n};
            for (const auto kind : {smooth::average::ema, smooth::average::ema_corrected, smooth::average::ema_first,
                                     smooth::average::ema_seeded, smooth::average::wilder}) {
                for (const double beta : {1.0 / 3.0, 0.5, 0.6, 2.0 / 3.0}) {
                    for (const std::size_t window : {1U, 2U, 3U}) {
                        const smooth::smoother_spec spec{kind, window, smooth::decay(beta), smooth::missing_policy::decay, 0};
                        const auto one_pass = one_pass_of(x, spec);
                        for (std::size_t i = 0; i < at.size(); ++i) {
                            for (std::size_t j = i; j < at.size(); ++j) {
                                for (const auto g : groupings) {
                                    const auto got = chunked(x, {0, at[i], at[j], n}, spec, g);
                                    for (std::size_t t = after - 1; t < n; ++t) {
                                        const bool same =
                                            std::isfinite(one_pass[t])
                                                ? std::abs(got[t] - one_pass[t]) <= 1e-12 * std::abs(one_pass[t]) + 1e-300
                                                : same_bits(got[t], one_pass[t]);
                                        BOOST_TEST_REQUIRE(same, "kind " << static_cast<int>(kind) << ", beta " << beta
                                                                         << ", window " << window << ", gap " << gap
                                                                         << ", cuts " << at[i] << " " << at[j] << ", row " << t
                                                                         << ": " << got[t] << " vs " << one_pass[t]);
                                    }
                                    checked += n - (after - 1);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("infinities before long gaps: " << checked << " rows");
    BOOST_TEST(checked > 100000U);
}

// Two infinities (or finite values), each followed by a gap at the edge of underflow, for the
// corrected form: whether one pass forgets at the second gap depends on whether it forgot at the
// first, which a chunk that starts just before the first infinity cannot see from its own weight.
BOOST_AUTO_TEST_CASE(two_gaps_at_the_edge_of_underflow_in_the_corrected_form_as_one_pass)
{
    std::size_t checked = 0;
    for (const double first : {2.0, static_cast<double>(INFINITY), -static_cast<double>(INFINITY)}) {
        for (const double second : {3.0, static_cast<double>(INFINITY)}) {
            for (const std::size_t g1 : {1074U, 1075U}) {
                for (const std::size_t g2 : {1075U, 1076U}) {
                    std::vector<double> x{1, 1, first};
                    x.insert(x.end(), g1, NAN);
                    x.insert(x.end(), {5, second});
                    x.insert(x.end(), g2, NAN);
                    x.insert(x.end(), {6, 7});
                    const std::size_t n = x.size();
                    const std::vector<std::size_t> at{0, 2, 3, 4 + g1, 6 + g1 + g2, n};
                    for (const double beta : {0.5, 0.6}) {
                        const smooth::smoother_spec spec{smooth::average::ema_corrected, 1, smooth::decay(beta),
                                                         smooth::missing_policy::decay, 0};
                        const auto one_pass = one_pass_of(x, spec);
                        for (std::size_t i = 0; i < at.size(); ++i) {
                            for (std::size_t j = i; j < at.size(); ++j) {
                                for (std::size_t k = j; k < at.size(); ++k) {
                                    for (const auto g : groupings) {
                                        const auto got = chunked(x, {0, at[i], at[j], at[k], n}, spec, g);
                                        for (std::size_t t = 0; t < n; ++t) {
                                            const bool same = std::isfinite(one_pass[t])
                                                                  ? std::abs(got[t] - one_pass[t]) <= 1e-12 * std::abs(one_pass[t])
                                                                  : same_bits(got[t], one_pass[t]);
                                            BOOST_TEST_REQUIRE(same, "first " << first << ", second " << second << ", gaps "
                                                                              << g1 << " " << g2 << ", beta " << beta << ", cuts "
                                                                              << at[i] << " " << at[j] << " " << at[k] << ", row "
                                                                              << t << ": " << got[t] << " vs " << one_pass[t]);
                                        }
                                        checked += n;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("two gaps at the edge of underflow: " << checked << " rows");
    BOOST_TEST(checked > 5000000U);
}

// Means near the largest double: a summary that held V = mean W overflowed where one pass's
// mean is finite (a helper's attack: [1.5e308 x 3, 1], cut after two rows, gave +inf), and
// where one pass itself overflows, NaN for its +inf. Every cut into up to 3 chunks, every
// grouping, every EMA form and missing policy. Where one pass overflows on finite data (pandas'
// old_wt * mean past the largest double, while the mean itself is not), one pass is wrong and
// the chunks may be wrong differently: where a chunk overflowed on its own too, an infinity or
// NaN (a helper's case: -inf in one pass, NaN in chunks, 1.35e308 exact); a finite value they
// give there is the exact mean's (__float128) to 1e-12.
BOOST_AUTO_TEST_CASE(means_near_the_largest_double_do_not_overflow_in_a_summary)
{
    const std::vector<std::vector<double>> series{{1.5e308, 1.5e308, 1.5e308, 1},
                                                  {1.7e308, 1e308, 1.5e308, 1e308},
                                                  {-1.6004066986974964e308, -1.6874278579130288e308, 1.2329596714958766e308,
                                                   1.5536398367312538e308, 1.4072996170830791e308},
                                                  {-1.7e308, 1.7e308, NAN, -1.7e308, 1e308, 2}};
    std::size_t checked = 0;
    for (auto const& x : series) {
        for (const auto kind : {smooth::average::ema, smooth::average::ema_corrected, smooth::average::ema_first,
                                 smooth::average::ema_seeded, smooth::average::wilder}) {
            for (const auto missing : {smooth::missing_policy::decay, smooth::missing_policy::skip,
                                        smooth::missing_policy::propagate}) {
                for (const double beta : {0.3, 0.5, 0.9}) {
                    const smooth::smoother_spec spec{kind, 2, smooth::decay(beta), missing, 0};
                    const auto one_pass = one_pass_of(x, spec);
                    const std::size_t n = x.size();
                    for (std::size_t a = 0; a <= n; ++a) {
                        for (std::size_t b = a; b <= n; ++b) {
                            for (const auto g : groupings) {
                                const auto got = chunked(x, {0, a, b, n}, spec, g);
                                bool all_finite = true;
                                __float128 v = 0;
                                __float128 w = 0;
                                for (std::size_t t = 0; t < n; ++t) {
                                    all_finite = all_finite && std::isfinite(x[t]);
                                    v = static_cast<__float128>(beta) * v + x[t];
                                    w = static_cast<__float128>(beta) * w + 1;
                                    const auto exact = static_cast<double>(v / w);
                                    const bool overflowed =
                                        kind == smooth::average::ema_corrected && all_finite && std::isinf(one_pass[t]) &&
                                        (!std::isfinite(got[t]) || std::abs(got[t] - exact) <= 1e-12 * std::abs(exact));
                                    const bool same = std::isfinite(one_pass[t])
                                                          ? std::abs(got[t] - one_pass[t]) <= 1e-12 * std::abs(one_pass[t])
                                                          : same_bits(got[t], one_pass[t]) || overflowed;
                                    BOOST_TEST_REQUIRE(same, "kind " << static_cast<int>(kind) << ", beta " << beta
                                                                     << ", cuts " << a << " " << b << ", row " << t << ": "
                                                                     << got[t] << " vs " << one_pass[t]);
                                }
                                checked += n;
                            }
                        }
                    }
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("means near the largest double: " << checked << " rows");
    BOOST_TEST(checked > 10000U);
}

// A huge mean aged far below the smallest double is still a plain number: [1e300, 1e-300 x
// 1101] at beta 1/2 is 1.84e-32 at the end, 1e300 2^-1101 plus the rest (a helper's attack: a
// merge that weighed the two means by their shares of W underflowed the left share and gave
// 1e-300). Exact values from __float128 beside one pass's; the chunks within 8 ulp of them.
BOOST_AUTO_TEST_CASE(a_huge_mean_aged_past_the_smallest_double_still_counts)
{
    std::size_t checked = 0;
    for (const double beta : {0.5, 0.6, 0.9}) {
        for (const std::size_t m : {1100U, 1500U, 7000U}) {
            std::vector<double> x{1e300};
            x.insert(x.end(), m + 1, 1e-300);
            const smooth::ema_spec spec{smooth::decay(beta), smooth::ema_form::corrected};
            __float128 v = 0;
            __float128 w = 0;
            for (const double xi : x) {
                v = static_cast<__float128>(beta) * v + xi;
                w = static_cast<__float128>(beta) * w + 1;
            }
            const auto exact = static_cast<double>(v / w);
            for (const auto g : groupings) {
                const auto got = chunked(x, {0, 1, m + 1, m + 2}, spec, g).back();
                const double ulp = std::nextafter(exact, INFINITY) - exact;
                BOOST_TEST(std::abs(got - exact) <= 8 * ulp, "beta " << beta << ", m " << m << ": " << got << " vs " << exact);
                ++checked;
            }
        }
    }
    const smooth::ema_spec skip{smooth::decay(1e-300), smooth::ema_form::corrected, smooth::missing_policy::skip};
    const std::vector<double> y{1e300, 0, 0, NAN};
    for (const auto g : groupings) {
        BOOST_TEST(chunked(y, {0, 1, 3, 4}, skip, g).back() == 1e-300); // 1e300 * 1e-300^2 / (1 + ...)
        ++checked;
    }
    BOOST_TEST(checked == 30U);
}

// A merge is associative on the SMA exactly (the same rows), and the empty summary is neutral.
BOOST_AUTO_TEST_CASE(merging_is_associative_and_the_empty_summary_is_neutral)
{
    const std::vector<double> a{1, 2, 3, 4, 5};
    const std::vector<double> b{6, 7};
    const std::vector<double> c{8, 9, 10, 11};
    const smooth::sma_spec spec{4, 0};
    const auto sa = smooth::summarize(a, spec);
    const auto sb = smooth::summarize(b, spec);
    const auto sc = smooth::summarize(c, spec);
    BOOST_TEST(smooth::merge(smooth::merge(sa, sb), sc).tail == smooth::merge(sa, smooth::merge(sb, sc)).tail);
    BOOST_TEST(smooth::merge(sa, sb).tail == (std::vector<double>{5, 6, 7}));
    const auto empty = smooth::summarize(std::span<const double>{}, spec);
    BOOST_TEST(smooth::merge(empty, sa).tail == sa.tail);
    BOOST_TEST(smooth::merge(sa, empty).tail == sa.tail);
    const smooth::ema_spec e{smooth::decay(0.5), smooth::ema_form::corrected};
    const auto ea = smooth::summarize(a, e);
    const auto ee = smooth::summarize(std::span<const double>{}, e);
    const auto left = smooth::merge(ee, ea);
    const auto right = smooth::merge(ea, ee);
    BOOST_TEST((left.v == ea.v && left.w == ea.w && right.v == ea.v && right.w == ea.w && left.kept == ea.kept));
}

// The article's identity for one EMA: V(a + b) = beta^len(b) V(a) + V(b), checked on the
// summaries of two chunks against the summary of both.
BOOST_AUTO_TEST_CASE(the_merge_is_the_expanded_weight_identity)
{
    const std::vector<double> a{3, 1, 4, 1, 5};
    const std::vector<double> b{9, 2, 6};
    std::vector<double> ab = a;
    ab.insert(ab.end(), b.begin(), b.end());
    const smooth::ema_spec spec{smooth::decay(0.9), smooth::ema_form::zero_start};
    const auto m = smooth::merge(smooth::summarize(a, spec), smooth::summarize(b, spec));
    const auto whole = smooth::summarize(ab, spec);
    BOOST_TEST(m.kept == std::pow(0.9, 8), boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m.v == whole.v, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m.w == whole.w, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(m.w == 1 - std::pow(0.9, 8), boost::test_tools::tolerance(1e-15));
}

// Bad use gets a clear error.
BOOST_AUTO_TEST_CASE(mismatched_summaries_and_outputs_are_refused)
{
    const std::vector<double> x{1, 2, 3};
    std::vector<double> out(2);
    BOOST_CHECK_THROW(smooth::merge(smooth::summarize(x, smooth::sma_spec{3}), smooth::summarize(x, smooth::sma_spec{4})),
                      std::invalid_argument);
    BOOST_CHECK_THROW(smooth::apply(smooth::summarize(x, smooth::sma_spec{3}), x, out), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::summarize(x, smooth::sma_spec{0}), std::invalid_argument);
    const smooth::ema_spec a{smooth::decay(0.5)};
    const smooth::ema_spec b{smooth::decay(0.6)};
    BOOST_CHECK_THROW(smooth::merge(smooth::summarize(x, a), smooth::summarize(x, b)), std::invalid_argument);
    // the same beta, two alphas (0.1, and 1 - 0.9 rounded): adjust=False weighs with alpha
    const smooth::ema_spec by_alpha{smooth::decay::from_alpha_exactly(0.1), smooth::ema_form::first_seeded};
    const smooth::ema_spec by_beta{smooth::decay(by_alpha.d.beta), smooth::ema_form::first_seeded};
    BOOST_TEST(by_alpha.d.beta == by_beta.d.beta);
    BOOST_TEST(by_alpha.d.alpha != by_beta.d.alpha);
    BOOST_CHECK_THROW(smooth::merge(smooth::summarize(x, by_alpha), smooth::summarize(x, by_beta)), std::invalid_argument);
}
