// docs/reference/decay.md
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <smooth/decay.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::decay d = 0.9;                           // a beta is a decay: alpha = 1 - beta
    smooth::decay s = smooth::decay::from_span(19);  // pandas: com = 9, alpha = 1 / (1 + com) = 0.1
    smooth::decay h = smooth::decay::from_halflife(6.58); // a weight halves in 6.58 steps
    smooth::decay a = smooth::decay::from_alpha(0.1); // pass it whole: a.alpha stays pandas' 0.1
    smooth::decay t = smooth::decay::from_alpha_exactly(2.0 / 15); // TTR's EMA(14): alpha as given
    double b = smooth::decay::from_span(19).beta; // 0.9: alpha = 2 / (span + 1)
    double n = smooth::effective_window(0.9);    // 10
    try {
        smooth::checked_beta(1.0);
    } catch (std::invalid_argument const& e) {
        std::puts(e.what()); // beta must be in [0, 1), got 1
    }
    // [end snippet]
    ok = ok && d.beta == 0.9 && s.alpha == 0.1 && s.beta == 0.9 && std::abs(h.beta - 0.9) < 1e-3;
    ok = ok && a.alpha == 0.1 && a.beta == 0.9 && t.alpha == 2.0 / 15 && b == 0.9 && std::abs(n - 10) < 1e-12;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
