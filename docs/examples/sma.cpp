// docs/reference/sma.md
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/mean.hpp>

#include <smooth/sma.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::sma_stream<double> sma(2); // the streaming type: push, value
    for (double x : {1e15, 1059251642345503.6, 0.0, 0.001}) {
        sma.push(x);
    }
    std::optional<double> m = sma.value(); // 0.0005: the double nearest the exact mean of [0, 0.001]

    // pandas' rows: a NaN is left out of its window, min_periods counts what is present
    smooth::sma_stream<double> gaps(2);
    gaps.push(1.0);
    gaps.push(NAN);
    bool none = !gaps.value().has_value(); // one value present, two wanted
    gaps.push(2.0);
    gaps.push(3.0);
    double mean = *gaps.value(); // 2.5

    // as a Boost.Accumulators feature, beside Boost's own
    namespace ba = boost::accumulators;
    ba::accumulator_set<double, ba::features<smooth::tag::sma, ba::tag::mean>> acc(
        smooth::tag::sma::window = 4);
    for (double x : {1e17, 1.0, 1.0, 1.0, 1.0}) {
        acc(x);
    }
    std::optional<double> last4 = smooth::sma(acc); // exactly 1: 1e17 has left the window
    double all5 = ba::mean(acc);                     // Boost's own feature beside it

    // the whole series at once, the same arithmetic (NaN where a stream gives nullopt)
    std::vector<double> xs{1, 2, 3, 4, 5};
    auto means = smooth::simple_moving_average<double>(xs, 3, /*min_periods=*/1);
    // means: 1, 1.5, 2, 3, 4
    // [end snippet]
    ok = ok && m && *m == 0.0005 && none && mean == 2.5;
    ok = ok && last4 && *last4 == 1.0 && all5 == (1e17 + 4) / 5;
    ok = ok && means[0] == 1 && means[1] == 1.5 && means[4] == 4;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
