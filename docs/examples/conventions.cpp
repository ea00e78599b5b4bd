// docs/momentum-conventions.md
#include <cmath>
#include <cstdio>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/optimizers/pytorch_sgd.hpp>

int main()
{
    // [snippet]
    const double beta = 0.9;
    const double alpha_article = 1.0;                                          // EMA form
    const double lr = smooth::classic_alpha_from_ema(alpha_article, beta);     // 0.1: classic, PyTorch
    // Keras / Sutskever: v = beta v - lr g; w += v, the same iterates with the same lr

    smooth::momentum article(alpha_article, beta);
    smooth::classic_momentum classic(lr, beta);
    smooth::pytorch_sgd torch(lr, {.momentum = beta});
    // [end snippet]
    std::vector<double> wa{1.0}, wc{1.0}, wt{1.0};
    double keras_w = 1.0;
    double keras_v = 0.0;
    double worst = 0;
    for (int step = 0; step < 50; ++step) {
        article.step(wa, std::vector<double>{wa[0]});
        classic.step(wc, std::vector<double>{wc[0]});
        torch.step(wt, std::vector<double>{wt[0]});
        keras_v = beta * keras_v - lr * keras_w;
        keras_w += keras_v;
        worst = std::fmax(worst, std::fmax(std::abs(wa[0] - wc[0]), std::fmax(std::abs(wc[0] - wt[0]), std::abs(wt[0] - keras_w))));
    }
    const bool ok = worst < 1e-12;
    std::printf("%s (largest difference %g)\n", ok ? "ok" : "WRONG", worst);
    return ok ? 0 : 1;
}
