// docs/reference/momentum.md, the PyTorch section
#include <cmath>
#include <cstdio>
#include <vector>

#include <smooth/optimizers/pytorch_sgd.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    // torch.optim.SGD(params, lr=0.1, momentum=0.9, dampening=0, weight_decay=0.1)
    smooth::pytorch_sgd sgd(0.1, {.momentum = 0.9, .weight_decay = 0.1});
    std::vector<double> w{1.0};
    std::vector<double> g(1);
    for (int step = 0; step < 3; ++step) {
        g[0] = w[0];
        sgd.step(w, g);
    }
    // w[0] = 0.439649, as PyTorch
    // [end snippet]
    ok = std::abs(w[0] - 0.439649) < 1e-12;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
