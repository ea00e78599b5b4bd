// docs/reference/ema.md
#include <cmath>
#include <cstdio>
#include <vector>

#include <boost/accumulators/accumulators.hpp>

#include <smooth/ema.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    // the streaming types
    smooth::ema_corrected_stream<double> adjusted(smooth::decay::from_alpha(1e-9));
    adjusted.push(1.0);
    adjusted.push(2.0);
    double tiny = *adjusted.value(); // 1.50000000025 as pandas: no 1 - beta^t to cancel

    auto ema5 = smooth::ema_seeded_stream<double>::ema(5); // TA-Lib's and TTR's EMA(5)
    for (double x : {22.27, 22.19, 22.08, 22.17, 22.18}) {
        ema5.push(x);
    }
    double seeded = *ema5.value(); // 22.178: the SMA of the first five (nullopt before)

    // the same as Boost.Accumulators features
    namespace ba = boost::accumulators;
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected, smooth::tag::ema_first>> acc(
        smooth::tag::ema::beta = smooth::decay::from_alpha(0.5));
    for (double x : {1.0, 2.0, 3.0}) {
        acc(x);
    }
    double v = smooth::ema(acc);            // 2.125: the article's V_t, V_0 = 0
    double vc = *smooth::ema_corrected(acc); // 2.4285714285714284 = pandas adjust=True
    double vf = *smooth::ema_first(acc);     // 2.25 = pandas adjust=False

    // pandas' ignore_na: a missing sample ages the average (decay) or is dropped (skip)
    std::vector<double> xs{0, 1, 2, NAN, 4};
    auto decayed = smooth::exponential_moving_average<double>(xs, smooth::decay::from_com(0.5),
                                                              smooth::ema_form::corrected,
                                                              smooth::missing_policy::decay);
    // decayed.back() = 3.670212765957447 (pandas ignore_na=False)
    // [end snippet]
    ok = ok && std::abs(tiny - 1.50000000025) < 1e-15 && std::abs(seeded - 22.178) < 1e-13;
    ok = ok && v == 2.125 && vc == 2.4285714285714284 && vf == 2.25;
    ok = ok && decayed.back() == 3.670212765957447;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
