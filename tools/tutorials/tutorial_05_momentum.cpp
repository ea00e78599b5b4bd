// Tutorial 5: momentum is the EMA of the gradients. The article's form and the classic form
// take identical steps once alpha is rescaled; noisy gradients are averaged; beta is warmed
// up from 0.5 to 0.9.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <vector>

#include <smooth/minibatch.hpp>
#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>
#include <smooth/schedules.hpp>
#include <smooth/weight_average.hpp>

#include "tutorial.hpp"

namespace {

using smooth::plot::style;

void lesson(smooth::tutorial::session& s)
{
    s.say("Momentum applies the EMA to the gradients and steps along the average:");
    s.say("    v = beta v + (1 - beta) g        w = w - alpha v          (the article's form)");
    s.say("Drop the (1 - beta) and you get the classic form (distill.pub, PyTorch):");
    s.say("    b = beta b + g                   w = w - alpha' b\n");

    // 1. the two forms, step by step
    s.say("On f(w) = w^2/2 from w = 1 (gradient g = w), beta = 0.9, alpha = 1 in the EMA form and");
    s.say("alpha' = alpha (1 - beta) = 0.1 in the classic form:");
    s.say("{:>4} {:>12} {:>12} {:>12} {:>12} {:>14}", "step", "w (EMA)", "w (classic)", "v", "b", "b (1 - beta)");
    smooth::momentum ema_form(1.0, 0.9);
    smooth::classic_momentum classic_form(smooth::classic_alpha_from_ema(1.0, 0.9), 0.9);
    std::vector<double> we{1.0};
    std::vector<double> wc{1.0};
    double worst = 0;
    for (int k = 1; k <= 6; ++k) {
        const std::vector<double> ge{we[0]};
        const std::vector<double> gc{wc[0]};
        ema_form.step(we, ge);
        classic_form.step(wc, gc);
        s.say("{:>4} {:>12.8f} {:>12.8f} {:>12.8f} {:>12.8f} {:>14.8f}", k, we[0], wc[0], ema_form.velocity()[0],
              classic_form.velocity()[0], classic_form.velocity()[0] * (1 - 0.9));
        worst = std::max(worst, std::abs(we[0] - wc[0]));
        if (k == 3) {
            s.check_near("w_3 = 0.486 with EMA alpha 1.0, as PyTorch gives with lr 0.1", we[0], 0.486, 1e-12);
        }
    }
    s.check_near("the two forms take the same steps", worst, 0.0, 1e-12);
    s.say("b is v / (1 - beta) at every step, so only the step size's spelling differs.\n");

    // 2. averaging noisy gradients
    s.say("Why average? Stochastic gradients are noisy. Hold w still and feed 5000 gradients that are");
    s.say("1 plus noise of standard deviation 1: v keeps the 1 and shrinks the noise to");
    s.say("sqrt((1 - beta) / (1 + beta)) = {:.4f} of it for beta = 0.9.", std::sqrt(0.1 / 1.9));
    std::mt19937_64 rng(5);
    std::normal_distribution<double> noisy(1.0, 1.0);
    smooth::momentum averager(1e-9, 0.9);
    std::vector<double> w{0.0};
    std::vector<double> gs;
    std::vector<double> vs;
    for (int k = 0; k < 5000; ++k) {
        const std::vector<double> g{noisy(rng)};
        averager.step(w, g);
        gs.push_back(g[0]);
        vs.push_back(averager.velocity()[0]);
    }
    const double g_sd = smooth::tutorial::standard_deviation(gs);
    const double v_sd = smooth::tutorial::standard_deviation(vs, 100);
    s.say("  measured: gradients {:.4f}, velocity {:.4f}, ratio {:.4f}", g_sd, v_sd, v_sd / g_sd);
    s.check_near("noise kept by the velocity", v_sd / g_sd, std::sqrt(0.1 / 1.9), 0.01);
    const auto t = smooth::tutorial::one_to(200);
    s.figure("tutorial_05_noisy_gradients",
             [&] {
                 smooth::plot::figure f{"The velocity keeps the mean gradient, 1, and a quarter of the noise", "step",
                                        "value", false,
                                        {{"gradient g", t, {gs.begin(), gs.begin() + 200}, style::points},
                                         {"velocity v (beta 0.9)", t, {vs.begin(), vs.begin() + 200}, style::lines}},
                                        {}};
                 f.references.push_back({1.0, "true mean gradient 1"});
                 return f;
             }(),
             true);

    // 2b. ... but the weights stay as noisy: the effective step sets their noise
    const smooth::problems::linear_regression data(256, {1.5, -2.0}, 0.5, 1);
    const double alpha = 0.05;
    struct noise_run {
        std::vector<double> loss;     ///< full-data loss at w, step by step
        std::vector<double> averaged; ///< at the EMA of the weights
    };
    auto sgd = [&](bool with_momentum, std::size_t batch = 1) {
        noise_run out;
        smooth::weight_average avg(0.99);
        std::vector<double> g(2);
        auto observe = [&](auto const& row) {
            out.loss.push_back(row.loss);
            avg.push(row.w);
            out.averaged.push_back(data(avg.value(), g));
        };
        smooth::minibatch_options options;
        options.batch_size = batch;
        options.epochs = (2000 * batch + 255) / 256 + 1; // at least 2000 steps
        options.run.max_steps = 2000;
        if (with_momentum) {
            smooth::momentum opt(alpha, 0.9); // EMA form: the same steady step as GD's
            smooth::minimize_minibatch(data, opt, data.start(), options, observe);
        } else {
            smooth::gradient_descent opt(alpha);
            smooth::minimize_minibatch(data, opt, data.start(), options, observe);
        }
        return out;
    };
    const noise_run plain = sgd(false);
    const noise_run heavy = sgd(true);
    const auto tail = [](std::vector<double> const& v) { return std::vector<double>(v.begin() + 1000, v.end()); };
    const double sd_plain = smooth::tutorial::standard_deviation(tail(plain.loss));
    const double sd_heavy = smooth::tutorial::standard_deviation(tail(heavy.loss));
    const double sd_avg = smooth::tutorial::standard_deviation(tail(heavy.averaged));
    s.say("\nSo momentum makes the weights less noisy? Not at the same effective step. Linear regression,");
    s.say("one example per step (stochastic gradients), alpha {} in the EMA form, whose steady step is GD's.", alpha);
    s.say("Standard deviation of the loss over steps 1000-2000:");
    s.say("  SGD:                           {:.4f}", sd_plain);
    s.say("  momentum, beta 0.9:            {:.4f}", sd_heavy);
    s.say("  momentum, weights averaged:    {:.4f}  (an EMA of the weights, beta 0.99)", sd_avg);
    s.say("The averaged gradient is smoother, but the weights take the same effective step, and the");
    s.say("step sets their noise (Kidambi, Netrapalli, Jain, Kakade 2018). What does reduce it is averaging");
    s.say("the weights themselves, with the same EMA accumulator: Polyak-Ruppert averaging, the 'EMA of");
    s.say("the model' used in practice (smooth::weight_average, descend --average-weights 0.99).");
    s.check("at the same effective step momentum's loss is about as noisy as SGD's (ratio 0.7 to 1.4)",
            sd_heavy / sd_plain > 0.7 && sd_heavy / sd_plain < 1.4);
    s.check("averaging the weights cuts the loss noise to under a third", sd_avg < sd_heavy / 3);
    // the claim holds for one example a step; with mini-batches it does not, measured
    std::vector<double> ratios;
    for (const std::size_t batch : {std::size_t{8}, std::size_t{32}}) {
        const double sd_b_plain = smooth::tutorial::standard_deviation(tail(sgd(false, batch).loss));
        const double sd_b_heavy = smooth::tutorial::standard_deviation(tail(sgd(true, batch).loss));
        ratios.push_back(sd_b_heavy / sd_b_plain);
    }
    s.say("That holds for one example a step. With mini-batches of 8 and 32 (32 and 8 steps an epoch)");
    s.say("momentum's loss is the less noisy one: its noise over SGD's is {:.2f} at batch 8 and {:.2f} at", ratios[0],
          ratios[1]);
    s.say("batch 32 (same alpha, same steps 1000-2000). The rule is for single examples, not a law.");
    s.check("with mini-batches of 32 momentum's loss is clearly less noisy than SGD's (ratio under 0.5)",
            ratios[1] < 0.5);
    s.check("the numbers the chapter quotes: 0.0307, 0.0293, 0.0014",
            std::abs(sd_plain - 0.0307) < 5e-5 && std::abs(sd_heavy - 0.0293) < 5e-5 && std::abs(sd_avg - 0.0014) < 5e-5);
    std::vector<double> steps;
    for (std::size_t k = 1000; k <= 2000; ++k) {
        steps.push_back(static_cast<double>(k));
    }
    s.figure("tutorial_05_noisy_weights",
             {"Same effective step, same noise; averaging the weights removes it", "step", "loss (all 256 examples)",
              false,
              {{"SGD", steps, tail(plain.loss), style::lines},
               {"momentum 0.9", steps, tail(heavy.loss), style::lines},
               {"momentum, weights averaged (EMA 0.99)", steps, tail(heavy.averaged), style::lines, "#000000"}},
              {}});

    // 3. warming beta up
    s.say("\nIn practice beta starts near 0.5 and is raised to 0.9 as training settles. Three ways:");
    const smooth::schedules::linear linear(0.5, 0.9, 200);
    const smooth::schedules::stepwise stepwise(0.5, 0.9, 100);
    const smooth::schedules::sutskever sutskever(0.9);
    std::vector<double> ts;
    std::vector<double> b_linear;
    std::vector<double> b_step;
    std::vector<double> b_sutskever;
    for (std::size_t k = 1; k <= 1200; ++k) {
        ts.push_back(static_cast<double>(k));
        b_linear.push_back(linear(k));
        b_step.push_back(stepwise(k));
        b_sutskever.push_back(sutskever(k));
    }
    s.say("  linear 0.5 -> 0.9 over 200 steps: beta_1 = {}, beta_101 = {}, beta_201 = {}", linear(1), linear(101), linear(201));
    s.say("  one step at t = 100: beta_99 = {}, beta_100 = {}", stepwise(99), stepwise(100));
    s.say("  Sutskever et al.: 1 - 2^(-1 - log2(floor(t/250) + 1)): {} {} {} {} at t = 1, 250, 500, 1000",
          sutskever(1), sutskever(250), sutskever(500), sutskever(1000));
    s.check_near("linear schedule half-way", linear(101), 0.7, 1e-15);
    s.check_near("Sutskever's schedule reaches 0.9 at t = 1000", sutskever(1000), 0.9, 1e-15);
    s.figure("tutorial_05_schedules",
             {"Warming beta up from 0.5 to 0.9", "step t", "beta", false,
              {{"linear over 200 steps", ts, b_linear}, {"step at t = 100", ts, b_step, style::dashed},
               {"Sutskever et al. 2013", ts, b_sutskever}},
              {}});

    // what warm-up buys on the ravine, measured by steps to a loss and the largest loss reached
    const smooth::problems::ravine ravine;
    struct outcome {
        std::size_t steps = 0; ///< to a loss of 1e-6
        double loss_60 = 0;    ///< the loss at step 60
    };
    auto run_ravine = [&](bool warm) {
        smooth::classic_momentum opt(0.019, 0.9);
        smooth::run_options options;
        options.max_steps = 5000;
        options.loss_target = 1e-6;
        if (warm) {
            options.beta_schedule = linear;
        }
        outcome o;
        const auto result = smooth::minimize(ravine, opt, ravine.start(), options, [&](smooth::step_record const& r) {
            if (r.step == 60) {
                o.loss_60 = r.loss;
            }
        });
        o.steps = result.steps;
        return o;
    };
    const outcome cold = run_ravine(false);
    const outcome warm = run_ravine(true);
    s.say("\nOn the ravine of tutorial 6 (classic form, alpha 0.019), beta 0.9 from the start against the");
    s.say("linear warm-up from 0.5 over 200 steps: the loss at step 60, and the steps to a loss of 1e-6:");
    s.say("  beta 0.9 from the start:     loss at step 60 {:.4f}, {:>4} steps to 1e-6", cold.loss_60, cold.steps);
    s.say("  warmed up from 0.5:          loss at step 60 {:.4f}, {:>4} steps to 1e-6", warm.loss_60, warm.steps);
    s.check("the warm-up is slower at first (a higher loss at step 60)", warm.loss_60 > cold.loss_60);
    s.check("but here it reaches 1e-6 in fewer steps", warm.steps < cold.steps);
    s.check("the numbers the chapter quotes: 0.0274 and 157 steps, 0.1242 and 133",
            std::abs(cold.loss_60 - 0.0274) < 5e-5 && cold.steps == 157 && std::abs(warm.loss_60 - 0.1242) < 5e-5 &&
                warm.steps == 133);
    s.say("So here it pays, late. It is not a rule: in the EMA form a lower beta means a larger early step");
    s.say("(alpha (1 - beta) in the classic form), and on Rosenbrock at the step descend uses there (alpha");
    s.say("0.02, beta 0.95) the warm-up from 0.5 makes the first steps diverge. Warm up when the first");
    s.say("gradients are large or unreliable, and measure.");
    smooth::momentum rosen_warm(0.02, 0.95);
    smooth::run_options rosen_options;
    rosen_options.max_steps = 2000;
    rosen_options.beta_schedule = smooth::schedules::linear(0.5, 0.95, 200);
    const smooth::problems::rosenbrock rosen;
    const auto rosen_result = smooth::minimize(rosen, rosen_warm, rosen.start(), rosen_options);
    s.check("on Rosenbrock (EMA form, alpha 0.02) the warm-up from 0.5 diverges", rosen_result.diverged());
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_05_momentum", "momentum, the EMA of gradients", argc, argv, lesson);
}
