// docs/reference/run.md
#include <cstdio>
#include <span>
#include <vector>

#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>
#include <smooth/schedules.hpp>

int main()
{
    bool ok = true;
    // [snippet]
    // any objective: f(w) returned, the gradient written into g
    auto bowl = [](std::span<const double> w, std::span<double> g) {
        g[0] = 2 * w[0];
        g[1] = 20 * w[1];
        return w[0] * w[0] + 10 * w[1] * w[1];
    };
    smooth::momentum opt(0.05, 0.9);
    smooth::run_options options;
    options.max_steps = 5000;
    options.gradient_tolerance = 1e-10;
    options.beta_schedule = smooth::schedules::linear(0.5, 0.9, 100); // the article's warm-up
    smooth::trajectory path; // records (step, w, loss, |g|, v) at every step
    smooth::run_result r = smooth::minimize(bowl, opt, {3.0, 1.0}, options, path);
    std::printf("%s\n", r.message().c_str()); // "gradient norm below tolerance after ... steps"

    smooth::momentum too_fast(0.5, 0.9);
    auto blown = smooth::minimize(smooth::problems::rosenbrock{}, too_fast, {-1.2, 1.0});
    std::printf("%s\n", blown.message().c_str()); // "diverged at step ... (loss ...)"
    // [end snippet]
    ok = ok && r.status == smooth::run_status::gradient_tolerance && path.rows.size() == r.steps + 1;
    ok = ok && blown.diverged();
    std::printf("%s\n", ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
