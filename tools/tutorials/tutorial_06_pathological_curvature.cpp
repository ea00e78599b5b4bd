// Tutorial 6: pathological curvature. In a ravine, steep across and flat along, gradient
// descent bounces between the walls. Momentum's velocity cancels across and builds up along,
// as the article says; what that buys is speed along the floor and a larger safe step, not a
// faster end to the bouncing, which dies at the same rate for both (measured here).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/tuning.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/run.hpp>
#include <smooth/theory.hpp>

#include <smooth/lab/problems.hpp>
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
    const std::vector<double> lambdas = r.eigenvalues();
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
    smooth::plot::figure paths{"60 steps at alpha 0.019: GD zig-zags and creeps, momentum runs down the floor", "w1",
                               "w2", false,
                               {{"gradient descent", xy(gd_path, 0), xy(gd_path, 1), style::lines},
                                {fmt::format("momentum, beta {}", beta), xy(momentum_path, 0), xy(momentum_path, 1),
                                 style::lines}},
                               {}};
    paths.surface = ravine_contours(r);
    paths.minimum = std::pair{0.0, 0.0};
    paths.equal_axes = true; // the floor's 30 degrees stay 30 degrees
    s.figure("tutorial_06_ravine_paths", paths, true);

    // 1. What the article says about the velocity: true.
    const std::size_t shown_v = 40;
    std::vector<double> ks;
    std::vector<double> g_across, v_across, g_along, v_along;
    std::vector<double> g(2);
    for (std::size_t k = 1; k <= shown_v; ++k) {
        r(momentum_path.rows[k - 1].w, g); // the gradient that step k folded in
        ks.push_back(static_cast<double>(k));
        g_across.push_back(r.across(g));
        g_along.push_back(r.along(g));
        v_across.push_back(r.across(momentum_path.rows[k].velocity));
        v_along.push_back(r.along(momentum_path.rows[k].velocity));
    }
    int flips = 0;
    for (std::size_t i = 1; i < 20; ++i) {
        flips += g_across[i] * g_across[i - 1] < 0 ? 1 : 0;
    }
    // the velocity after 20 steps is sum beta^(k-1-i) g_i: how much of its terms' size survives
    const std::size_t k20 = 20;
    double along_sum = 0, along_abs = 0, across_sum = 0, across_abs = 0;
    for (std::size_t i = 0; i < k20; ++i) {
        const double weight = std::pow(beta, static_cast<double>(k20 - 1 - i));
        along_sum += weight * g_along[i];
        along_abs += weight * std::abs(g_along[i]);
        across_sum += weight * g_across[i];
        across_abs += weight * std::abs(g_across[i]);
    }
    s.say("\nThe article: momentum's velocity averages the gradients, and across the ravine they cancel.");
    s.say("That part is true. Across, the gradient swings back and forth (it changed sign on {} of momentum's", flips);
    s.say("first 19 steps),");
    s.say("and the velocity after {} steps (sum beta^(k-1-i) g_i) keeps {:.1f} % of the size of its terms;", k20,
          100 * std::abs(across_sum) / across_abs);
    s.say("along the floor the gradients agree and it keeps {:.1f} %: the velocity builds up there.",
          100 * std::abs(along_sum) / along_abs);
    s.check("across the ravine the gradients alternate and their weighted sum keeps under 20 % of its terms",
            std::abs(across_sum) / across_abs < 0.2);
    s.check("along the floor nothing cancels", std::abs(along_sum) / along_abs > 0.999999);
    s.figure("tutorial_06_velocity",
             std::vector<smooth::plot::figure>{
                 {"Across the ravine: gradients alternate, so the velocity does not build up", "step", "component across",
                  false,
                  {{"gradient", ks, g_across, style::markers}, {"velocity (classic b)", ks, v_across, style::lines}},
                  {}},
                 {"Along the floor: gradients agree, the velocity builds up", "step", "component along", false,
                  {{"gradient", ks, g_along, style::markers}, {"velocity (classic b)", ks, v_along, style::lines}},
                  {}}});

    // 2. What it does not buy: faster damping of the bouncing.
    auto component = [&](smooth::trajectory const& t, bool across) {
        std::vector<double> out;
        for (auto const& row : t.rows) {
            out.push_back(std::abs(across ? r.across(row.w) : r.along(row.w)));
        }
        return out;
    };
    // a rate from the peaks: (largest |x| in steps 50-59 / largest in 10-19)^(1/40)
    auto envelope_rate = [](std::vector<double> const& x) {
        const double early = *std::max_element(x.begin() + 10, x.begin() + 20);
        const double late = *std::max_element(x.begin() + 50, x.begin() + 60);
        return std::pow(late / early, 1.0 / 40.0);
    };
    const auto gd_across_w = component(gd_path, true);
    const auto m_across_w = component(momentum_path, true);
    const auto gd_along_w = component(gd_path, false);
    const auto m_along_w = component(momentum_path, false);
    const double gd_bounce = envelope_rate(gd_across_w);
    const double m_bounce = envelope_rate(m_across_w);
    const double gd_floor = envelope_rate(gd_along_w);
    const double m_floor = envelope_rate(m_along_w);
    const double sqrt_beta = std::sqrt(beta);
    s.say("\nBut the cancelling does not stop the bouncing sooner. The position's part across the ravine");
    s.say("shrinks per step by |1 - alpha 100| = {:.3f} for GD and by sqrt(beta) = {:.3f} for momentum,", 1 - 100 * alpha < 0 ? 100 * alpha - 1 : 1 - 100 * alpha, sqrt_beta);
    s.say("whose across direction is in the ripple region (tutorial 7, distill's regions). Measured from the");
    s.say("peaks between steps 10 and 60: GD {:.4f}, momentum {:.4f}. The bouncing dies at the same pace.", gd_bounce, m_bounce);
    s.check_near("GD's bouncing shrinks by |1 - 100 alpha| a step", gd_bounce, std::abs(1 - 100 * alpha), 5e-3);
    s.check_near("momentum's bouncing shrinks by sqrt(beta) a step", m_bounce, sqrt_beta, 5e-3);
    s.check("so the two damp the bouncing alike (within 0.01)", std::abs(gd_bounce - m_bounce) < 0.01);

    // 3. What it does buy: speed along the floor, and a larger safe step.
    s.say("\nThe gain is along the floor, where the gradient is small and steady: each GD step keeps");
    s.say("1 - alpha = {:.3f} of the distance left, each momentum step about sqrt(beta) = {:.3f} (it ripples", 1 - alpha, sqrt_beta);
    s.say("there too). Measured: GD {:.4f},", gd_floor);
    s.say("momentum {:.4f}. That is where its {} steps against {} come from.", m_floor, by_momentum.steps, by_gd.steps);
    s.check_near("GD moves along the floor at 1 - alpha lambda_min a step", gd_floor, 1 - alpha, 5e-3);
    s.check_near("momentum moves along the floor at about sqrt(beta) a step", m_floor, sqrt_beta, 1e-2);
    s.figure("tutorial_06_components",
             std::vector<smooth::plot::figure>{
                 {"Across: the bouncing dies at the same rate", "step", "|part across|", true,
                  {{"gradient descent", smooth::tutorial::one_to(60), {gd_across_w.begin(), gd_across_w.begin() + 60}},
                   {"momentum", smooth::tutorial::one_to(60), {m_across_w.begin(), m_across_w.begin() + 60}}},
                  {}},
                 {"Along: momentum closes the distance far faster", "step", "|part along|", true,
                  {{"gradient descent", smooth::tutorial::one_to(60), {gd_along_w.begin(), gd_along_w.begin() + 60}},
                   {"momentum", smooth::tutorial::one_to(60), {m_along_w.begin(), m_along_w.begin() + 60}}},
                  {}}});

    const double big = 0.025; // past GD's limit 2 / 100
    smooth::gradient_descent gd_big(big);
    smooth::classic_momentum momentum_big(big, beta);
    smooth::run_options short_run;
    short_run.max_steps = 2000;
    short_run.loss_target = 1e-8;
    const auto gd_blows = smooth::minimize(r, gd_big, r.start(), short_run);
    const auto m_holds = smooth::minimize(r, momentum_big, r.start(), short_run);
    s.say("\nAnd a larger step becomes safe: GD needs alpha lambda_max < 2, momentum alpha lambda_max < 2 + 2 beta");
    s.say("(= {:.1f} here). At alpha = {}: GD {}; momentum reaches 1e-8 in {} steps.", 2 + 2 * beta, big,
          gd_blows.diverged() ? fmt::format("diverges at step {}", gd_blows.steps) : std::string("converges"),
          m_holds.steps);
    s.check("past 2 / lambda_max gradient descent diverges", gd_blows.diverged());
    s.check("momentum converges there", m_holds.status == smooth::run_status::loss_target);
    s.check("the numbers the chapter quotes: 571 and 91 steps at alpha 0.019; at 0.025 GD diverges at step 36, "
            "momentum needs 91",
            by_gd.steps == 571 && by_momentum.steps == 91 && gd_blows.steps == 36 && m_holds.steps == 91);

    // each at its own best (tutorial 7's theory), step by step: the animation in the README
    const auto gd_best = smooth::tuned_for_quadratic(smooth::method::gd, lambdas[0], lambdas[1]);
    const auto m_best = smooth::tuned_for_quadratic(smooth::method::momentum, lambdas[0], lambdas[1]);
    smooth::gradient_descent gd_at_best(gd_best.alpha);
    smooth::momentum momentum_at_best(m_best.alpha, m_best.beta); // the article's EMA form
    smooth::trajectory gd_race;
    smooth::trajectory momentum_race;
    smooth::run_options race;
    race.max_steps = 150;
    smooth::minimize(r, gd_at_best, r.start(), race, gd_race);
    smooth::minimize(r, momentum_at_best, r.start(), race, momentum_race);
    const auto first_below = [](smooth::trajectory const& t) {
        for (auto const& row : t.rows) {
            if (row.loss <= 1e-6) {
                return row.step;
            }
        }
        return t.rows.back().step + 1;
    };
    s.say("\nEach at its best (GD alpha {:.4g}; momentum alpha {:.4g}, beta {:.4g}): loss 1e-6 after {} steps", gd_best.alpha,
          m_best.alpha, m_best.beta, first_below(momentum_race));
    s.say("for momentum; GD is still at {:.3g} after 150.", gd_race.rows.back().loss);
    s.check("at their best, momentum reaches 1e-6 in 65 steps and GD is above 0.1 after 150",
            first_below(momentum_race) == 65 && gd_race.rows.back().loss > 0.1);
    // exactly what README's command draws (descend --problem ravine --compare gd,momentum
    // --steps 150 --plot race.gif): its title, names, frames and size
    const auto race_frames = smooth::lab::path_animation("descend ravine", smooth::lab::problem{r},
                                                         {{"gd", &gd_race}, {"momentum", &momentum_race}});
    s.animation("tutorial_06_ravine_race", race_frames,
                smooth::plot::default_size(smooth::plot::terminal::gif, race_frames.front().size()));
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_06_pathological_curvature", "pathological curvature", argc, argv, lesson);
}
