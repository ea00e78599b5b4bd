// docs/tutorials/05-momentum.md
#include <cstdio>
#include <vector>

#include <smooth/optimizers/momentum.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::textbook::momentum readable(1.0, 0.9); // v = beta v + (1 - beta) g;  w -= alpha v
    smooth::momentum library(1.0, 0.9);            // the same step, v kept by the EMA accumulator
    std::vector<double> w1{1.0};
    std::vector<double> w2{1.0};
    for (int t = 0; t < 5; ++t) {
        readable.step(w1, std::vector<double>{w1[0]}); // f(w) = w^2 / 2: the gradient is w
        library.step(w2, std::vector<double>{w2[0]});
    }
    // both at -0.02916 after 5 steps (0.9, 0.72, 0.486, 0.2268, -0.02916), bit for bit
    // [end snippet]
    ok = ok && w1 == w2 && w1[0] > -0.029161 && w1[0] < -0.029159;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
