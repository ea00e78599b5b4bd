// Tutorial 2: the simple moving average, the mean of the last N samples. Wider windows
// remove more noise and cost more lag: on a steady ramp the SMA trails by exactly (N-1)/2.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

#include <boost/accumulators/accumulators.hpp>

#include <smooth/sma.hpp>

#include "tutorial.hpp"

namespace {

namespace ba = boost::accumulators;
using smooth::plot::style;
using smooth::tutorial::one_to;

void lesson(smooth::tutorial::session& s)
{
    const std::vector<std::size_t> windows{5, 20, 50};
    constexpr std::size_t n = 300;
    std::mt19937_64 rng(2);
    std::normal_distribution<double> noise(0.0, 0.3);
    std::vector<double> xs(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = std::sin(2 * std::numbers::pi * static_cast<double>(i) / 150.0) + noise(rng);
    }
    const auto t = one_to(n);
    s.say("A simple moving average replaces each sample by the mean of the last N:");
    s.say("    SMA_t = (S_t + S_(t-1) + ... + S_(t-N+1)) / N.");
    s.say("Streaming, it keeps the last N samples and a running sum: add the new one, subtract the");
    s.say("one that leaves. (The library keeps that sum exact: every value is the double nearest the");
    s.say("window's exact mean, the exact sum divided by N and rounded once, so nothing drifts.)\n");

    s.say("The first values for N = 5 (nothing until five samples have arrived):");
    {
        ba::accumulator_set<double, ba::features<smooth::tag::sma>> acc(smooth::tag::sma::window = 5);
        for (std::size_t i = 0; i < 7; ++i) {
            acc(xs[i]);
            const auto v = smooth::sma(acc);
            s.say("  t {}  S_t {:8.4f}  SMA_5 {}", i + 1, xs[i], v ? fmt::format("{:8.4f}", *v) : "   (not yet)");
        }
    }

    std::vector<double> truth(n);
    for (std::size_t i = 0; i < n; ++i) {
        truth[i] = std::sin(2 * std::numbers::pi * static_cast<double>(i) / 150.0);
    }
    smooth::plot::figure fig{"Wider windows: smoother, but later", "t", "value", false,
                             {{"samples", t, xs, style::points}, {"true signal", t, truth, style::dashed, "#000000"}},
                             {}};
    for (const std::size_t w : windows) {
        fig.lines.push_back({fmt::format("SMA {}", w), t, smooth::simple_moving_average<double>(xs, w)});
    }
    s.say("\nWider windows give smoother curves, but they start later and trail the signal.");
    s.figure("tutorial_02_windows", fig, true);

    // noise: sigma / sqrt(N)
    s.say("\nOn pure noise of standard deviation 1, the SMA of N leaves 1/sqrt(N):");
    std::normal_distribution<double> unit(0.0, 1.0);
    std::vector<double> pure(40000);
    for (auto& x : pure) {
        x = unit(rng);
    }
    for (const std::size_t w : windows) {
        const double left = smooth::tutorial::standard_deviation(smooth::simple_moving_average<double>(pure, w), w);
        s.say("  N = {:>2}: measured {:.4f}, 1/sqrt(N) = {:.4f}", w, left, 1 / std::sqrt(static_cast<double>(w)));
        s.check_near(fmt::format("noise left by SMA {}", w), left, 1 / std::sqrt(static_cast<double>(w)), 0.01);
    }

    // lag: on a ramp, exactly (N - 1) / 2
    s.say("\nThe price is lag. On a ramp S_t = t the SMA is the value from (N-1)/2 steps ago, exactly:");
    const std::size_t m = 80;
    const auto ramp = one_to(m);
    smooth::plot::figure lag_fig{"The lag of an SMA on a ramp: (N-1)/2 steps", "t", "value", false,
                                 {{"ramp S_t = t", ramp, ramp, style::points}}, {}};
    for (const std::size_t w : windows) {
        const auto sma = smooth::simple_moving_average<double>(ramp, w);
        bool exact = true;
        for (std::size_t i = w - 1; i < m; ++i) {
            exact = exact && sma[i] == ramp[i] - (static_cast<double>(w) - 1) / 2;
        }
        s.check(fmt::format("SMA {} on the ramp trails by exactly {} steps", w, (static_cast<double>(w) - 1) / 2),
                exact);
        lag_fig.lines.push_back({fmt::format("SMA {} (lag {})", w, (static_cast<double>(w) - 1) / 2), ramp,
                                 sma});
    }
    s.figure("tutorial_02_lag", lag_fig);
    s.say("\nThe next tutorial keeps the averaging but drops the window: the exponential moving average.");
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_02_simple_moving_average", "the simple moving average", argc, argv, lesson);
}
