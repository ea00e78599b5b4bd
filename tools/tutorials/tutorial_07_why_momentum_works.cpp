// Tutorial 7: why momentum works (Goh, "Why Momentum Really Works", distill.pub 2017).
// On a quadratic with condition number kappa, gradient descent's best rate is
// (kappa-1)/(kappa+1) and momentum's (sqrt(kappa)-1)/(sqrt(kappa)+1): steps ~ kappa against
// steps ~ sqrt(kappa). The (alpha lambda, beta) plane splits into regions; critical damping.
#include <algorithm>
#include <cmath>
#include <utility>
#include <cstddef>
#include <vector>

#include <smooth/objective.hpp>
#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/plot/rates.hpp>
#include <smooth/run.hpp>
#include <smooth/sweep.hpp>
#include <smooth/theory.hpp>

#include "tutorial.hpp"

namespace {

namespace th = smooth::theory;
using smooth::plot::style;

/// The per-step rate measured over the second half of a run long enough to shrink the
/// distance to the minimum by about 1e-100.
template <typename O>
double measure(smooth::problems::diagonal_quadratic const& q, O& opt, double predicted)
{
    const auto steps = static_cast<std::size_t>(std::ceil(-230.0 / std::log(predicted)));
    smooth::run_options options;
    options.max_steps = steps;
    smooth::distance_recorder d; // to the minimum, the origin
    smooth::minimize(q, opt, q.start(), options, d);
    return th::measured_rate(d.distances, steps / 2, steps);
}

void lesson(smooth::tutorial::session& s)
{
    s.say("On f = 1/2 sum lambda_i w_i^2 every direction evolves on its own. Gradient descent multiplies");
    s.say("the error along lambda by (1 - alpha lambda) each step; the best alpha = 2/(lambda_min + lambda_max)");
    s.say("gives rate (kappa - 1)/(kappa + 1), kappa = lambda_max / lambda_min the condition number.");
    s.say("Momentum (classic form) advances (b, w) by R = [[beta, lambda], [-alpha beta, 1 - alpha lambda]];");
    s.say("its best alpha and beta give rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1).\n");

    // 1. predicted against measured
    s.say("{:>7} {:>12} {:>12} {:>14} {:>14}", "kappa", "GD theory", "GD measured", "mom. theory", "mom. measured");
    for (const double kappa : {10.0, 100.0, 1000.0}) {
        const smooth::problems::diagonal_quadratic q({1.0, kappa});
        smooth::gradient_descent gd(th::gd_optimal_alpha(1, kappa));
        const double gd_theory = th::gd_optimal_rate(1, kappa);
        const double gd_measured = measure(q, gd, gd_theory);
        const auto best = th::optimal_momentum(1, kappa, th::form::ema);
        smooth::momentum heavy_ball(best.alpha, best.beta); // the article's EMA form
        const double m_measured = measure(q, heavy_ball, best.rate);
        s.say("{:>7} {:>12.6f} {:>12.6f} {:>14.6f} {:>14.6f}", kappa, gd_theory, gd_measured, best.rate, m_measured);
        s.check_near(fmt::format("GD rate at kappa {}", kappa), gd_measured, gd_theory, 1e-9);
        // at the optimum both extreme directions are critically damped: k r^k, a little slower
        s.check_near(fmt::format("momentum rate at kappa {}", kappa), m_measured, best.rate, 5e-3);
    }
    s.say("(At the optimum the two extreme directions are critically damped: the error falls like k r^k,");
    s.say("so over a finite run the measured rate sits a little above r.)\n");

    // 2. rate and steps against kappa: the theory's count, and runs from (1, 1) counted
    std::vector<double> kappas, gd_steps, m_steps, gd_run, m_run;
    // the first step whose distance to the minimum is 1e-6 of the start's, from (1, 1)
    const auto steps_run = [](auto& optimizer, double kappa, double theory) {
        const smooth::problems::diagonal_quadratic q({1.0, kappa});
        smooth::run_options options;
        options.max_steps = static_cast<std::size_t>(4 * theory) + 200;
        options.gradient_tolerance = 0.0;
        const double start = std::sqrt(2.0);
        std::size_t first = 0;
        smooth::minimize(q, optimizer, q.start(), options, [&](smooth::step_record const& r) {
            if (first == 0 && std::hypot(r.w[0], r.w[1]) <= 1e-6 * start) {
                first = r.step;
            }
        });
        return static_cast<double>(first);
    };
    for (int e = 0; e <= 40; ++e) {
        const double kappa = std::pow(10.0, 0.1 * e + 0.0001);
        kappas.push_back(kappa);
        gd_steps.push_back(std::log(1e-6) / std::log(th::gd_optimal_rate(1, kappa)));
        const auto best = th::optimal_momentum(1, kappa, th::form::ema);
        m_steps.push_back(std::log(1e-6) / std::log(best.rate));
        smooth::gradient_descent gd(th::gd_optimal_alpha(1, kappa));
        smooth::momentum m(best.alpha, best.beta); // the article's EMA form at distill's optimum
        gd_run.push_back(steps_run(gd, kappa, gd_steps.back()));
        m_run.push_back(steps_run(m, kappa, m_steps.back()));
    }
    s.say("Steps to shrink the error a million times, from (1, 1), counted in runs (and the theory's");
    s.say("log(1e-6) / log(rate)): GD {:.0f} ({:.0f}) and momentum {:.0f} ({:.0f}) at kappa 100,", gd_run[20],
          gd_steps[20], m_run[20], m_steps[20]);
    s.say("GD {:.0f} ({:.0f}) and momentum {:.0f} ({:.0f}) at kappa 10000: {:.0f} times fewer steps there.",
          gd_run[40], gd_steps[40], m_run[40], m_steps[40], gd_run[40] / m_run[40]);
    s.say("GD's count is the theory's: both its extreme directions shrink by r a step. Momentum at its");
    s.say("optimum is critically damped there, its error falls like k r^k, not r^k, and the factor k");
    s.say("costs it more steps than log(1e-6) / log(r); the counts still grow like sqrt(kappa), ten times");
    s.say("from kappa 100 to 10000 (here {:.1f} times), where GD's grow a hundred times ({:.1f}).",
          m_run[40] / m_run[20], gd_run[40] / gd_run[20]);
    s.check("GD's counted steps are the theory's (within one step)",
            std::abs(gd_run[20] - std::ceil(gd_steps[20])) <= 1 && std::abs(gd_run[40] - std::ceil(gd_steps[40])) <= 1);
    s.check("momentum's counted steps grow like sqrt(kappa): 8 to 14 times from kappa 100 to 10000",
            m_run[40] / m_run[20] > 8 && m_run[40] / m_run[20] < 14);
    s.check("momentum needs more steps than r^k alone would (the k r^k of critical damping)",
            m_run[20] > m_steps[20] && m_run[40] > m_steps[40]);
    std::vector<double> log_kappa;
    for (const double k : kappas) {
        log_kappa.push_back(std::log10(k));
    }
    s.figure("tutorial_07_steps_against_condition",
             {"Steps to shrink the error 1e6 times, at the best alpha (and beta)", "log10(kappa)", "steps", true,
              {{"gradient descent, counted", log_kappa, gd_run, style::markers, smooth::plot::colour_of("gd")},
               {"gradient descent, theory", log_kappa, gd_steps, style::lines, smooth::plot::colour_of("gd")},
               {"momentum, counted", log_kappa, m_run, style::markers, smooth::plot::colour_of("momentum")},
               {"momentum, theory log(1e-6)/log(r)", log_kappa, m_steps, style::dashed,
                smooth::plot::colour_of("momentum")}},
              {}},
             true);

    // 3. the map of regions
    s.say("\nOne direction, in the plane (alpha lambda, beta), classic form:");
    s.say("  monotone:              alpha lambda <= (1 - sqrt(beta))^2     (real positive eigenvalues)");
    s.say("  ripples:               up to (1 + sqrt(beta))^2               (complex eigenvalues, rate sqrt(beta))");
    s.say("  monotone oscillation:  up to 2 + 2 beta                       (a negative eigenvalue dominates)");
    s.say("  divergent:             beyond 2 + 2 beta");
    // the regions as filled areas between their boundaries, traced along beta
    const double right = 4.5;
    std::vector<double> bs;
    for (int j = 0; j <= 200; ++j) {
        bs.push_back(0.005 * j);
    }
    auto lower = [](double b) { return std::pow(1 - std::sqrt(b), 2); };
    auto upper = [](double b) { return std::pow(1 + std::sqrt(b), 2); };
    auto edge = [](double b) { return 2 + 2 * b; };
    // polygon between x = left(beta) and x = right(beta), beta from 0 to 1 and back
    auto band = [&](auto left, auto right_of) {
        std::pair<std::vector<double>, std::vector<double>> poly;
        for (const double b : bs) {
            poly.first.push_back(left(b));
            poly.second.push_back(b);
        }
        for (auto it = bs.rbegin(); it != bs.rend(); ++it) {
            poly.first.push_back(right_of(*it));
            poly.second.push_back(*it);
        }
        return poly;
    };
    const auto zero = [](double) { return 0.0; };
    const auto wall = [&](double) { return right; };
    const auto monotone = band(zero, lower);
    const auto ripples = band(lower, upper);
    const auto oscillation = band(upper, edge);
    const auto divergent = band(edge, wall);
    auto trace = [&](auto f) {
        std::vector<double> x;
        for (const double b : bs) {
            x.push_back(f(b));
        }
        return x;
    };
    const auto best = th::optimal_momentum(1, 100);
    smooth::plot::figure map{"Where momentum converges, and how (classic form, one direction)", "alpha lambda", "beta",
                             false,
                             {{"monotone", monotone.first, monotone.second, style::area, "#009E73"},
                              {"ripples, rate sqrt(beta)", ripples.first, ripples.second, style::area, "#56B4E9"},
                              {"monotone oscillation", oscillation.first, oscillation.second, style::area, "#E69F00"},
                              {"divergent", divergent.first, divergent.second, style::area, "#D55E00"},
                              {"(1 - sqrt(beta))^2: critical damping", trace(lower), bs, style::lines, "#000000"},
                              {"(1 + sqrt(beta))^2", trace(upper), bs, style::dashed, "#000000"},
                              {"2 + 2 beta: the stability edge", trace(edge), bs, style::lines, "#D55E00"},
                              {"distill's optimum for lambda = 1 and 100", {best.alpha * 1, best.alpha * 100},
                               {best.beta, best.beta}, style::markers, "#000000"}},
                             {}};
    map.y_range = std::pair{0.0, 1.0};
    s.figure("tutorial_07_regions", map);
    s.check("the point (1, 0.81) is in the ripples", th::classify(1.0, 0.81, 1.0) == th::region::ripples);
    s.check("the point (3.7, 0.81) diverges", th::classify(3.7, 0.81, 1.0) == th::region::divergent);

    // 4. the map of the rate over (alpha, beta) for two eigenvalues, measured run by run
    s.say("\nOn the quadratic with eigenvalues 1 and 100, every (alpha, beta) of a 90 x 90 grid, run 1000 steps");
    s.say("(classic form, as distill draws it), measured rate of the distance to the minimum:");
    const std::vector<double> two{1.0, 100.0};
    const smooth::problems::diagonal_quadratic q2(two);
    const auto alphas = smooth::sweep_axis{0.0002, 0.04, 90}.values();
    const auto map_betas = smooth::sweep_axis{0.0, 0.99, 90}.values();
    std::vector<double> measured_map;
    double worst_gap = 0.0; // |measured - predicted| where theory says they agree: away from critical damping
    double fastest = 2.0;
    std::pair<double, double> fastest_at{0, 0};
    for (const double b : map_betas) {
        for (const double a : alphas) {
            smooth::classic_momentum heavy(a, b);
            const auto r = smooth::measure_rate(q2, heavy, q2.start(), {0.0, 0.0}, 1000, 0.0);
            measured_map.push_back(r.measured);
            const double predicted = *smooth::predicted_rate(smooth::method::momentum, smooth::momentum_form::classic,
                                                             a, b, two);
            if (predicted < 0.99 && r.measured < 1.0 && r.measured < fastest) {
                fastest = r.measured;
                fastest_at = {a, b};
            }
            // near a double eigenvalue (critical damping) the error falls like k r^k: skip cells where
            // a direction's two eigenvalues are less than 0.4 apart
            bool critical = false;
            for (const double l : two) {
                const auto [s1, s2] = th::momentum_eigenvalues(a, b, l);
                critical = critical || std::abs(s1 - s2) < 0.4;
            }
            if (!critical && predicted < 0.97 && !r.diverged_at) {
                worst_gap = std::max(worst_gap, std::abs(r.measured - predicted));
            }
        }
    }
    const auto optimum = th::optimal_momentum(1, 100, th::form::classic);
    smooth::classic_momentum at_optimum(optimum.alpha, optimum.beta);
    const auto at_opt = smooth::measure_rate(q2, at_optimum, q2.start(), {0.0, 0.0}, 1300, 0.0);
    s.say("  the fastest cell: alpha {:.4g}, beta {:.4g}, rate {:.4f}; distill's optimum alpha {:.4g}, beta {:.4g},",
          fastest_at.first, fastest_at.second, fastest, optimum.alpha, optimum.beta);
    s.say("  predicted rate {:.4f}, measured {:.4f}. Away from critical damping the measured rate of every", optimum.rate,
          at_opt.measured);
    s.say("  converging cell (each direction's eigenvalues at least 0.4 apart) is within {:.1e} of the", worst_gap);
    s.say("  spectral radius.");
    s.check_near("measured rate at distill's optimum", at_opt.measured, optimum.rate, 5e-3);
    s.check("the fastest cell lies within three grid cells of the optimum",
            std::abs(fastest_at.first - optimum.alpha) < 3 * (alphas[1] - alphas[0]) &&
                std::abs(fastest_at.second - optimum.beta) < 3 * (map_betas[1] - map_betas[0]));
    s.check("away from critical damping, measured rates are within 1e-3 of the predicted ones", worst_gap < 1e-3);
    s.figure("tutorial_07_rate_map", smooth::plot::rate_map(smooth::method::momentum, smooth::momentum_form::classic,
                                                            two, alphas, map_betas, measured_map));

    // 5. critical damping
    const double al = 0.1;
    const double beta_c = th::critical_damping_beta(al);
    s.say("\nCritical damping: at alpha lambda = {}, beta = (1 - sqrt(0.1))^2 = {:.4f} merges the two", al, beta_c);
    s.say("eigenvalues; less beta is slower (overdamped), more beta ripples at rate sqrt(beta).");
    std::vector<double> betas, rates;
    double best_beta = 0;
    double best_rate = 2;
    for (int j = 0; j < 400; ++j) {
        const double b = 0.0025 * j;
        betas.push_back(b);
        rates.push_back(th::momentum_direction_rate(al, b, 1.0));
        if (rates.back() < best_rate) {
            best_rate = rates.back();
            best_beta = b;
        }
    }
    s.check_near("the fastest beta on a grid is the critical one", best_beta, beta_c, 0.0025);
    smooth::problems::diagonal_quadratic one({1.0});
    smooth::classic_momentum damped(al, beta_c);
    const double measured = measure(one, damped, th::critical_damping_rate(al));
    s.say("  predicted rate 1 - sqrt(0.1) = {:.5f}, measured {:.5f}", th::critical_damping_rate(al), measured);
    s.check_near("measured rate at critical damping", measured, th::critical_damping_rate(al), 5e-3);
    // the curve drawn through the critical beta itself, where its cusp, the lowest rate
    // 1 - sqrt(0.1) = 0.6838, is (the grid alone stops at 0.686, at beta 0.4675), and closer and
    // closer to it on both sides (the rate falls into it like a square root)
    std::vector<double> curve_betas(betas);
    for (double d = 0.00125; d > 1e-7; d /= 4) {
        curve_betas.push_back(beta_c - d);
        curve_betas.push_back(beta_c + d);
    }
    curve_betas.push_back(beta_c);
    std::sort(curve_betas.begin(), curve_betas.end());
    std::vector<double> curve_rates;
    for (const double b : curve_betas) {
        curve_rates.push_back(th::momentum_direction_rate(al, b, 1.0));
    }
    s.figure("tutorial_07_critical_damping",
             {fmt::format("Rate of one direction against beta at alpha lambda = 0.1: fastest, {:.4f}, at the critical "
                          "beta",
                          th::momentum_direction_rate(al, beta_c, 1.0)),
              "beta", "rate (spectral radius of R)", false, {{"rate", curve_betas, curve_rates}},
              {{beta_c, fmt::format("critical beta {:.4f}", beta_c)}}});
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_07_why_momentum_works", "why momentum works (distill)", argc, argv, lesson);
}
