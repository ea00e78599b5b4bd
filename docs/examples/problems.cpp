// docs/reference/problems.md
#include <cmath>
#include <cstdio>
#include <vector>

#include <smooth/minibatch.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    smooth::problems::diagonal_quadratic q({1, 100}); // 1/2 (w1^2 + 100 w2^2)
    smooth::problems::ravine ravine;                   // the same curvatures, turned 30 degrees
    auto data = smooth::problems::linear_regression::article_example(256); // y = 1.5 - 2u + noise

    smooth::gradient_descent sgd(0.05);
    smooth::minibatch_options options;
    options.batch_size = 32; // 1: stochastic, 256: batch
    options.epochs = 20;
    auto fit = smooth::minimize_minibatch(data, sgd, data.start(), options);
    // fit.w is close to data.minimizer(), the least-squares answer
    // [end snippet]
    const auto best = data.minimizer();
    ok = ok && std::abs(fit.w[0] - best[0]) < 0.05 && std::abs(fit.w[1] - best[1]) < 0.05;
    ok = ok && q.lambda_max() == 100 && ravine.lambda_max() == 100;
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
