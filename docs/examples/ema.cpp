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
    namespace ba = boost::accumulators;
    ba::accumulator_set<double, ba::features<smooth::tag::ema_corrected, smooth::tag::ema_first>> acc(
        smooth::tag::ema::beta = smooth::beta_from_alpha(0.5));
    for (double x : {1.0, 2.0, 3.0}) {
        acc(x);
    }
    double v = smooth::ema(acc);            // 2.125: the article's V_t, V_0 = 0
    double vc = smooth::ema_corrected(acc); // 2.4285714285714284 = pandas adjust=True
    double vf = smooth::ema_first(acc);     // 2.25 = pandas adjust=False

    // pandas' ignore_na: a missing sample ages the average (decay) or is dropped (skip)
    std::vector<double> xs{0, 1, 2, NAN, 4};
    auto decayed = smooth::exponential_moving_average<double>(xs, smooth::beta_from_com(0.5),
                                                              smooth::ema_form::corrected,
                                                              smooth::missing_policy::decay);
    // decayed.back() = 3.670212766 (pandas ignore_na=False)
    // [end snippet]
    ok = ok && v == 2.125 && std::abs(vc - 2.4285714285714284) < 1e-15 && vf == 2.25;
    ok = ok && std::abs(decayed.back() - 3.670212766) < 1e-9;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
