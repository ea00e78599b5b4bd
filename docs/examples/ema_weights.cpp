// docs/reference/ema_weights.md
#include <cmath>
#include <cstdio>
#include <vector>

#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    std::vector<double> w = smooth::ema_weights(0.9, 10); // 0.1, 0.09, 0.081, ...
    double held = smooth::ema_weight_sum(0.9, 10);        // 1 - 0.9^10 = 0.6513215599
    auto summary = smooth::summarize_ema_weights(0.9, 10);
    // summary.effective_window = 10, terms_50 = 7, terms_90 = 22, terms_99 = 44

    std::vector<double> s{3, 5, 4, 6, 8};
    double expanded = smooth::expanded_ema(s, 0.9); // sum of w_i S_(t-i)
    double recursive = smooth::exponential_moving_average<double>(s, 0.9).back();
    // expanded == recursive to 1e-12
    // [end snippet]
    ok = ok && w.size() == 10 && std::abs(held - 0.6513215599) < 1e-10;
    ok = ok && summary.terms_50 == 7 && summary.terms_90 == 22 && summary.terms_99 == 44;
    ok = ok && std::abs(expanded - recursive) < 1e-12;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
