// Uses the installed (or added) library the way its README shows; exits 1 on a wrong value.
#include <cstdio>

#include <boost/accumulators/accumulators.hpp>
#include <smooth/smooth.hpp>

int main()
{
    namespace ba = boost::accumulators;
    ba::accumulator_set<double, ba::features<smooth::tag::sma, smooth::tag::ema_corrected>> acc(
        smooth::tag::sma::window = 2, smooth::tag::ema::beta = 0.5);
    for (const double x : {1.0, 2.0, 3.0}) {
        acc(x);
    }
    const double sma = *smooth::sma(acc);
    const double ema = *smooth::ema_corrected(acc);
    std::printf("sma %g, ema_corrected %.17g\n", sma, ema);
    // 2.5 by hand; 17/7 is pandas ewm(alpha=0.5, adjust=True) at t = 3
    return (sma == 2.5 && ema > 2.4285714285714 && ema < 2.4285714285715) ? 0 : 1;
}
