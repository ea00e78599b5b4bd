// docs/reference/decay.md
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <smooth/decay.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    double a = smooth::beta_from_alpha(0.1);     // 0.9
    double b = smooth::beta_from_span(19);       // 0.9: alpha = 2 / (span + 1)
    double c = smooth::beta_from_com(9);         // 0.9: alpha = 1 / (1 + com)
    double d = smooth::beta_from_halflife(6.58); // 0.9000...: a weight halves in 6.58 steps
    double n = smooth::effective_window(0.9);    // 10
    try {
        smooth::checked_beta(1.0);
    } catch (std::invalid_argument const& e) {
        std::puts(e.what()); // beta must be in [0, 1), got 1
    }
    // [end snippet]
    ok = ok && a == 0.9 && b == 0.9 && c == 0.9 && std::abs(d - 0.9) < 1e-3 && std::abs(n - 10) < 1e-12;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
