// docs/tutorials/04-expanded-weights.md, "Averages that merge"
#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

#include <smooth/chunks.hpp>

int main()
{
    std::vector<double> series(1000);
    for (std::size_t i = 0; i < series.size(); ++i) {
        series[i] = static_cast<double>(i % 17) * 0.1;
    }
    const std::span<const double> first_half(series.data(), 500);
    const std::span<const double> second_half(series.data() + 500, 500);
    // [snippet]
    const smooth::sma_spec spec{100};
    auto before = smooth::summarize(first_half, spec); // on one core: the last 99 rows
    std::vector<double> out(second_half.size());
    smooth::apply(before, second_half, out); // on another: one pass's numbers, bit for bit

    const smooth::ema_spec ema{smooth::decay::from_span(19), smooth::ema_form::corrected};
    auto a = smooth::summarize(first_half, ema);   // pandas' state (mean, W) after the first half
    auto b = smooth::summarize(second_half, ema);  // of the second, computed on its own
    auto both = smooth::merge(a, b);               // W(a + b) = beta^len(b) W(a) + W(b), the means
                                                   // weighed by their shares of it
    // [end snippet]
    const auto one_pass = smooth::simple_moving_average<double>(series, 100);
    bool ok = true;
    for (std::size_t i = 0; i < out.size(); ++i) {
        ok = ok && out[i] == one_pass[500 + i];
    }
    const auto whole = smooth::summarize(series, ema);
    ok = ok && whole.mean != 0.0 && std::abs(both.mean - whole.mean) <= 1e-12 * std::abs(whole.mean) &&
         std::abs(both.w - whole.w) <= 1e-12 * whole.w;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
