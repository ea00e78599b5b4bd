// Tutorial 6: pathological curvature. In a ravine, steep across and flat along, gradient
// descent bounces between the walls; momentum's steps across cancel while those along add up.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/run.hpp>
#include <smooth/theory.hpp>

#include "tutorial.hpp"

namespace {

using smooth::plot::style;
using smooth::problems::ravine;

smooth::plot::contours ravine_contours(ravine const& r)
{
    std::vector<double> g(2);
    return smooth::plot::sample_contours([&](double x, double y) { return r(std::vector<double>{x, y}, g); },
                                         {-8.0, 1.0, -5.0, 1.0}, 90,
                                         {0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0});
}

void lesson(smooth::tutorial::session& s)
{
    const ravine r;
    const double alpha = 0.019;
    const double beta = 0.8;
    s.say("The ravine: f = 1/2 (1 u^2 + 100 v^2), u along the valley floor and v across it, the floor");
    s.say("turned 30 degrees off the axes. Curvature 100 across, 1 along: condition number 100.");
    s.say("Gradient descent must keep alpha < 2/100 or it flies out across the ravine; at alpha = {}", alpha);
    s.say("it crosses from wall to wall every step, and creeps along at 1 - {} = {} a step.\n", alpha, 1 - alpha);

    smooth::run_options options;
    options.max_steps = 100000;
    options.loss_target = 1e-8;
    smooth::gradient_descent gd(alpha);
    smooth::classic_momentum heavy_ball(alpha, beta);
    smooth::trajectory gd_path;
    smooth::trajectory momentum_path;
    const auto by_gd = smooth::minimize(r, gd, r.start(), options, gd_path);
    const auto by_momentum = smooth::minimize(r, heavy_ball, r.start(), options, momentum_path);
    s.say("Steps to bring the loss from {:.1f} to 1e-8, same alpha:", gd_path.rows.front().loss);
    s.say("  gradient descent:             {} steps", by_gd.steps);
    s.say("  momentum (classic, beta {}):  {} steps", beta, by_momentum.steps);
    s.check("momentum needs fewer than a third of gradient descent's steps", 3 * by_momentum.steps < by_gd.steps);
    const std::vector<double> lambdas{1.0, 100.0};
    s.say("Theory (tutorial 7) predicts per-step rates {:.4f} for GD and {:.4f} for momentum here.",
          smooth::theory::gd_rate(alpha, 1, 100), smooth::theory::momentum_rate(alpha, beta, lambdas));

    // the paths over the contours
    const std::size_t shown = 60;
    auto xy = [&](smooth::trajectory const& t, int k) {
        std::vector<double> out;
        for (std::size_t i = 0; i < std::min(shown, t.rows.size()); ++i) {
            out.push_back(t.rows[i].w[static_cast<std::size_t>(k)]);
        }
        return out;
    };
    smooth::plot::figure paths{"The first 60 steps in the ravine (alpha 0.019)", "w1", "w2", false,
                               {{"gradient descent", xy(gd_path, 0), xy(gd_path, 1), style::lines},
                                {fmt::format("momentum, beta {}", beta), xy(momentum_path, 0), xy(momentum_path, 1),
                                 style::lines},
                                {"minimum", {0.0}, {0.0}, style::points}},
                               {}};
    paths.surface = ravine_contours(r);
    s.figure("tutorial_06_ravine_paths", paths, true);

    // the step split along and across
    s.say("\nSplit each step into its part along the floor and its part across:");
    s.say("{:>4} {:>12} {:>12} {:>14} {:>14}", "step", "GD along", "GD across", "mom. along", "mom. across");
    std::vector<double> ks;
    std::vector<double> gd_along, gd_across, m_along, m_across;
    int flips = 0;
    for (std::size_t k = 1; k < shown; ++k) {
        const std::vector<double> dg{gd_path.rows[k].w[0] - gd_path.rows[k - 1].w[0],
                                     gd_path.rows[k].w[1] - gd_path.rows[k - 1].w[1]};
        const std::vector<double> dm{momentum_path.rows[k].w[0] - momentum_path.rows[k - 1].w[0],
                                     momentum_path.rows[k].w[1] - momentum_path.rows[k - 1].w[1]};
        ks.push_back(static_cast<double>(k));
        gd_along.push_back(r.along(dg));
        gd_across.push_back(r.across(dg));
        m_along.push_back(r.along(dm));
        m_across.push_back(r.across(dm));
        if (k >= 2 && gd_across[k - 1] * gd_across[k - 2] < 0) {
            ++flips;
        }
        if (k <= 6 || k == 20 || k == 40) {
            s.say("{:>4} {:>12.5f} {:>12.5f} {:>14.5f} {:>14.5f}", k, gd_along.back(), gd_across.back(), m_along.back(),
                  m_across.back());
        }
    }
    s.check(fmt::format("every GD step across reverses the one before ({} of {})", flips, shown - 2),
            flips == static_cast<int>(shown) - 2);
    // the velocity after 20 steps as a beta-weighted sum of the gradients: what cancels
    const std::size_t k = 20;
    double along_sum = 0, along_abs = 0, across_sum = 0, across_abs = 0;
    std::vector<double> g(2);
    for (std::size_t i = 0; i < k; ++i) {
        r(momentum_path.rows[i].w, g);
        const double weight = std::pow(beta, static_cast<double>(k - 1 - i));
        along_sum += weight * r.along(g);
        along_abs += weight * std::abs(r.along(g));
        across_sum += weight * r.across(g);
        across_abs += weight * std::abs(r.across(g));
    }
    s.say("\nMomentum's velocity after {} steps is sum beta^(k-1-i) g_i. Of the sizes of its terms it keeps", k);
    s.say("  along the floor:  {:.1f} %  (the gradients all point the same way and add up)", 100 * std::abs(along_sum) / along_abs);
    s.say("  across the floor: {:.1f} %  (they alternate in sign and cancel)", 100 * std::abs(across_sum) / across_abs);
    s.check("along the floor nothing cancels", std::abs(along_sum) / along_abs > 0.999999);
    s.check("across the floor most cancels", std::abs(across_sum) / across_abs < 0.2);
    s.figure("tutorial_06_step_components",
             std::vector<smooth::plot::figure>{
                 {"Step components across the ravine", "step", "across", false,
                  {{"gradient descent", ks, gd_across}, {"momentum", ks, m_across}}, {}},
                 {"Step components along the ravine", "step", "along", false,
                  {{"gradient descent", ks, gd_along}, {"momentum", ks, m_along}}, {}}});
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_06_pathological_curvature", "pathological curvature", argc, argv, lesson);
}
