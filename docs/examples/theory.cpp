// docs/reference/theory.md
#include <cmath>
#include <cstdio>
#include <vector>

#include <smooth/theory.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    namespace th = smooth::theory;
    auto best = th::optimal_momentum(1, 100, th::form::ema); // alpha 0.1, beta 81/121, rate 9/11
    double gd = th::gd_optimal_rate(1, 100);                  // 99/101
    std::vector<double> lambdas{1, 100};
    double rate = th::momentum_rate(0.019, 0.81, lambdas);    // 0.9: both directions ripple
    th::region r = th::classify(0.019, 0.81, 100);            // th::region::ripples
    double beta_c = th::critical_damping_beta(0.1);           // (1 - sqrt(0.1))^2
    // [end snippet]
    ok = ok && std::abs(best.alpha - 0.1) < 1e-15 && std::abs(best.beta - 81.0 / 121) < 1e-15;
    ok = ok && std::abs(gd - 99.0 / 101) < 1e-15 && std::abs(rate - 0.9) < 1e-12 && r == th::region::ripples;
    ok = ok && std::abs(beta_c - std::pow(1 - std::sqrt(0.1), 2)) < 1e-15;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
