// Tutorial 1: gradient descent on linear regression with the mean squared error. The same
// update w_j -= alpha (1/m) sum dL/dw_j with m = n (batch), m = 32 (mini-batch) and m = 1
// (stochastic); then the learning rate too small, right, and too large.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <string>
#include <vector>

#include <smooth/minibatch.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/run.hpp>

#include "tutorial.hpp"

namespace {

using smooth::plot::style;
using smooth::problems::linear_regression;

/// The eigenvalues of the loss's Hessian 2/n X^T X (two weights: a 2x2 symmetric matrix).
std::pair<double, double> hessian_eigenvalues(linear_regression const& p)
{
    double a = 0, b = 0, c = 0;
    for (std::size_t i = 0; i < p.examples(); ++i) {
        const auto x = p.features(i);
        a += x[0] * x[0];
        b += x[0] * x[1];
        c += x[1] * x[1];
    }
    const double s = 2.0 / static_cast<double>(p.examples());
    a *= s, b *= s, c *= s;
    const double mean = (a + c) / 2;
    const double radius = std::sqrt((a - c) * (a - c) / 4 + b * b);
    return {mean - radius, mean + radius};
}

void lesson(smooth::tutorial::session& s)
{
    const std::size_t n = 256;
    const auto p = linear_regression::article_example(n, 7);
    const auto fit = p.minimizer();
    std::vector<double> g(2);
    const double best_loss = p(fit, g);
    s.say("The data: {} examples of y = 1.5 - 2 u + noise (standard deviation 0.5).", n);
    s.say("The model y^ = w1 + w2 u is trained by minimising the mean squared error");
    s.say("    L(w) = 1/n sum_i (y^_i - y_i)^2.");
    s.say("The least-squares answer, from the normal equations: w = ({:.4f}, {:.4f}), loss {:.4f}.\n", fit[0],
          fit[1], best_loss);

    // 1. batch, mini-batch, stochastic
    s.say("Gradient descent updates every weight against its gradient averaged over m examples:");
    s.say("    w_j := w_j - alpha * (1/m) sum_(i=1..m) dL_i/dw_j");
    s.say("m = n is batch gradient descent, 1 < m < n mini-batch, m = 1 stochastic. Same alpha = 0.05,");
    s.say("20 passes over the data (epochs) each; the x axis counts epochs, so the work is equal:");
    smooth::plot::figure batches{"Loss against epochs for three batch sizes (alpha 0.05)", "epoch",
                                 "mean squared error", true, {}, {}};
    for (const std::size_t m : {n, std::size_t{32}, std::size_t{1}}) {
        smooth::gradient_descent gd(0.05);
        smooth::minibatch_options options;
        options.batch_size = m;
        options.epochs = 20;
        options.seed = 11;
        smooth::trajectory path;
        const auto r = smooth::minimize_minibatch(p, gd, p.start(), options, path);
        std::vector<double> epochs;
        std::vector<double> losses;
        for (auto const& row : path.rows) {
            epochs.push_back(static_cast<double>(row.step * m) / static_cast<double>(n));
            losses.push_back(row.loss);
        }
        const std::string label = m == n ? "batch (m = n)" : m == 1 ? "stochastic (m = 1)" : "mini-batch (m = 32)";
        batches.lines.push_back({label, epochs, losses, style::lines});
        s.say("  {:<20} {:>5} steps, final loss {:.5f}, w = ({:.4f}, {:.4f})", label, r.steps, r.loss, r.w[0], r.w[1]);
        if (m == n) {
            s.check(fmt::format("batch GD after 20 steps is still above the best loss ({:.4f} > {:.4f})", r.loss,
                                best_loss),
                    r.loss > best_loss * 1.01);
        } else {
            s.check(fmt::format("{} gets within 5 % of the best loss in 20 epochs{}", label,
                                m == 1 ? " (this shuffle, seed 11)" : ""),
                    r.loss < best_loss * 1.05);
        }
    }
    s.say("With the same number of epochs, smaller batches take many more (noisier) steps and get");
    s.say("close sooner; the stochastic curve keeps jittering because each step sees one example.");
    // one shuffle is one draw: where single examples end depends on the order they come in
    {
        std::vector<double> excess;
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            smooth::gradient_descent gd(0.05);
            smooth::minibatch_options options;
            options.batch_size = 1;
            options.epochs = 20;
            options.seed = seed;
            smooth::trajectory path;
            const auto r = smooth::minimize_minibatch(p, gd, p.start(), options, path);
            excess.push_back(100.0 * (r.loss / best_loss - 1.0));
        }
        std::string listed;
        for (const double e : excess) {
            listed += fmt::format("{}{:+.2f} %", listed.empty() ? "" : ", ", e);
        }
        s.say("That ending is one draw. Over six shuffles (seeds 1 to 6) single examples end at");
        s.say("  {}", listed);
        s.say("above the best loss: where the last noisy steps leave the weights, not a limit.");
        const auto [low, high] = std::minmax_element(excess.begin(), excess.end());
        s.check(fmt::format("stochastic endings spread over shuffles ({:.2f} % to {:.2f} %)", *low, *high),
                *high - *low > 1.0);
    }
    s.figure("tutorial_01_batch_sizes", batches, true);

    // 2. the learning rate
    const auto [lmin, lmax] = hessian_eigenvalues(p);
    s.say("\nThe learning rate alpha. The loss is a quadratic bowl whose curvatures are the eigenvalues");
    s.say("of its Hessian 2/n X^T X: here {:.4f} and {:.4f}. Batch gradient descent converges only if", lmin, lmax);
    s.say("alpha < 2 / {:.4f} = {:.4f}, and fastest at alpha = 2 / (sum of both) = {:.4f}.", lmax, 2 / lmax,
          2 / (lmin + lmax));
    struct rate {
        std::string label;
        double alpha;
    };
    const rate rates[] = {{"too small", 0.02 / lmax}, {"right", 2 / (lmin + lmax)}, {"too large", 2.2 / lmax}};
    smooth::plot::figure lr_fig{"Batch gradient descent: the learning rate too small, right, too large", "step",
                                "mean squared error", true, {}, {}};
    std::vector<smooth::run_result> results;
    for (auto const& r : rates) {
        smooth::gradient_descent gd(r.alpha);
        smooth::run_options options;
        options.max_steps = 60;
        options.divergence_ratio = 1e6;
        smooth::trajectory path;
        results.push_back(smooth::minimize(p, gd, p.start(), options, path));
        std::vector<double> k;
        std::vector<double> l;
        for (auto const& row : path.rows) {
            k.push_back(static_cast<double>(row.step));
            l.push_back(row.loss);
        }
        lr_fig.lines.push_back({fmt::format("alpha {:.4g} ({})", r.alpha, r.label), k, l, style::lines});
        auto const& res = results.back();
        if (res.diverged()) {
            s.say("  alpha {:<8.4g} {:<10} diverged: at step {} the loss had grown to {:.4g}", r.alpha, r.label,
                  res.steps, res.blowup_loss);
        } else {
            s.say("  alpha {:<8.4g} {:<10} loss {:.4g} after {} steps", r.alpha, r.label, res.loss, res.steps);
        }
    }
    s.check("the right alpha ends within 0.1 % of the least-squares loss", results[1].loss < best_loss * 1.001);
    s.check("too small an alpha is still far off after 60 steps", results[0].loss > 2 * best_loss);
    s.check("too large an alpha is reported as diverged", results[2].diverged());
    s.check_near("the right alpha finds the least-squares w1", results[1].w[0], fit[0], 1e-3);
    s.figure("tutorial_01_learning_rates", lr_fig);
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_01_gradient_descent", "gradient descent", argc, argv, lesson);
}
