// README: the library in ten lines.
#include <cstdio>
#include <optional>
#include <vector>

// [snippet]
#include <boost/accumulators/accumulators.hpp>
#include <smooth/smooth.hpp>
namespace ba = boost::accumulators;

void summarize(std::vector<double> const& series)
{
    ba::accumulator_set<double, ba::features<smooth::tag::sma, smooth::tag::ema_corrected>> acc(
        smooth::tag::sma::window = 20, smooth::tag::ema::beta = 0.9);
    for (double x : series) acc(x);
    std::optional<double> sma = smooth::sma(acc); // nullopt until 20 samples
    double v = smooth::ema(acc);                  // V_t = 0.9 V_(t-1) + 0.1 S_t, V_0 = 0
    std::optional<double> vc = smooth::ema_corrected(acc); // V_t / (1 - 0.9^t) = pandas adjust=True
    std::printf("SMA %g, EMA %g, corrected EMA %g\n", sma.value_or(0.0), v, vc.value_or(0.0));
}
// [end snippet]

int main()
{
    summarize(std::vector<double>(30, 2.0)); // a constant: SMA 2, corrected EMA 2
    return 0;
}
