// docs/reference/momentum.md
#include <cmath>
#include <cstdio>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::momentum article(1.0, 0.9); // v = 0.9 v + 0.1 g; w -= 1.0 v
    smooth::classic_momentum classic(smooth::classic_alpha_from_ema(1.0, 0.9), 0.9); // alpha 0.1
    smooth::momentum nesterov(1.0, 0.9, {.nesterov = true});
    smooth::momentum adam_like(0.1, 0.9, {.bias_correction = true}); // v / (1 - 0.9^t)

    std::vector<double> w{1.0};
    std::vector<double> g(1);
    for (int step = 0; step < 3; ++step) {
        g[0] = w[0]; // f(w) = w^2 / 2
        article.step(w, g);
    }
    // w[0] = 0.486, as classic momentum and PyTorch's SGD(lr=0.1, momentum=0.9)
    // [end snippet]
    std::vector<double> wc{1.0};
    for (int step = 0; step < 3; ++step) {
        const std::vector<double> gc{wc[0]};
        classic.step(wc, gc);
    }
    (void)nesterov;
    (void)adam_like;
    ok = ok && std::abs(w[0] - 0.486) < 1e-12 && std::abs(wc[0] - 0.486) < 1e-12;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
