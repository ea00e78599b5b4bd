// Reads doubles (raw, native byte order) from stdin and writes Boost.Accumulators'
// rolling_mean over a window of argv[1] after each, the same way: for sma_error_peers.py, which
// measures every peer's SMA against the exact mean on the same data.
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/rolling_mean.hpp>

int main(int argc, char** argv)
{
    namespace ba = boost::accumulators;
    if (argc != 2) {
        std::fprintf(stderr, "usage: boost_rolling_mean_dump WINDOW < doubles > means\n");
        return 2;
    }
    const auto window = static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10));
    ba::accumulator_set<double, ba::features<ba::tag::rolling_mean>> acc(ba::tag::rolling_window::window_size = window);
    double x = 0.0;
    while (std::fread(&x, sizeof x, 1, stdin) == 1) {
        acc(x);
        const double m = ba::rolling_mean(acc);
        std::fwrite(&m, sizeof m, 1, stdout);
    }
    return 0;
}
