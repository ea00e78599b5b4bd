// Tutorial 3: the exponential moving average V_t = beta V_{t-1} + (1 - beta) S_t.
// A noisy series smoothed with beta = 0.5, 0.9, 0.98; each EMA against the simple moving
// average with the same mean age of data; the low start that V_0 = 0 causes and its cure.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

#include <boost/accumulators/accumulators.hpp>

#include <smooth/smooth.hpp>

#include "tutorial.hpp"

namespace {

namespace ba = boost::accumulators;
using smooth::plot::series;
using smooth::plot::style;

/// The SMA window whose data has the same mean age as an EMA with this beta:
/// (N - 1) / 2 = beta / (1 - beta), i.e. N = pandas' span = (1 + beta) / (1 - beta).
std::size_t matching_window(double beta)
{
    return static_cast<std::size_t>(std::lround((1 + beta) / (1 - beta)));
}

void lesson(smooth::tutorial::session& s)
{
    const std::vector<double> betas{0.5, 0.9, 0.98};
    constexpr std::size_t n = 400;
    std::mt19937_64 rng(2017);
    std::normal_distribution<double> noise(0.0, 0.35);
    std::vector<double> xs(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = std::sin(2 * std::numbers::pi * static_cast<double>(i) / 200.0) + noise(rng);
    }
    const auto t = smooth::tutorial::one_to(n);

    s.say("An exponential moving average keeps one number, V, and folds every new sample in:");
    s.say("    V_t = beta * V_(t-1) + (1 - beta) * S_t,   V_0 = 0.");
    s.say("The newest sample gets weight 1 - beta; everything older is shrunk by beta each step.\n");

    // 1. The smoothed series, streamed through one accumulator set per beta.
    std::vector<double> truth(n);
    for (std::size_t i = 0; i < n; ++i) {
        truth[i] = std::sin(2 * std::numbers::pi * static_cast<double>(i) / 200.0);
    }
    smooth::plot::figure betas_fig{"A larger beta: smoother, and later (bias-corrected EMAs)", "t", "value", false,
                                   {{"samples", t, xs, style::points}, {"true signal", t, truth, style::dashed, "#000000"}},
                                   {}};
    s.say("The first samples and their EMAs (beta = 0.9):");
    s.say("{:>4} {:>10} {:>12} {:>16} {:>12}", "t", "S_t", "V_t", "V_t/(1-0.9^t)", "SMA 19");
    {
        ba::accumulator_set<double, ba::features<smooth::tag::ema, smooth::tag::ema_corrected, smooth::tag::sma>> acc(
            smooth::tag::ema::beta = 0.9, smooth::tag::sma::window = 19);
        for (std::size_t i = 0; i < 25; ++i) {
            acc(xs[i]);
            if (i < 5 || i == 18 || i == 24) {
                const auto sma = smooth::sma(acc);
                s.say("{:>4} {:>10.4f} {:>12.4f} {:>16.4f} {:>12}", i + 1, xs[i], smooth::ema(acc),
                      *smooth::ema_corrected(acc), sma ? fmt::format("{:.4f}", *sma) : "-");
            }
        }
    }
    for (const double beta : betas) {
        betas_fig.lines.push_back({fmt::format("EMA beta {}", beta), t,
                                   smooth::exponential_moving_average<double>(xs, beta, smooth::ema_form::corrected)});
    }
    s.say("\nA larger beta gives a smoother curve that follows the sine later.");
    s.figure("tutorial_03_ema_betas", betas_fig, true);

    // 2. The low start of V_0 = 0 and the bias correction, on the same noise around a level of 3
    //    (a signal near 0 would hide the bias)
    std::vector<double> lifted(xs);
    for (auto& x : lifted) {
        x += 3.0;
    }
    const auto plain = smooth::exponential_moving_average<double>(lifted, 0.9);
    const auto corrected = smooth::exponential_moving_average<double>(lifted, 0.9, smooth::ema_form::corrected);
    const auto first = smooth::exponential_moving_average<double>(lifted, 0.9, smooth::ema_form::first_seeded);
    s.say("\nV_0 = 0 drags the start toward zero: after t samples, V_0 still holds weight 0.9^t. On the same");
    s.say("noise around a level of 3: V_1 = 0.1 * S_1 = {:.4f}, while S_1 = {:.4f}. Dividing by 1 - 0.9^t",
          plain[0], lifted[0]);
    s.say("removes that weight; seeding with the first sample avoids it:");
    s.check_near("V_1 = (1 - beta) S_1", plain[0], 0.1 * lifted[0], 1e-15);
    s.check_near("bias-corrected V_1 = S_1", corrected[0], lifted[0], 1e-15);
    s.check_near("weight still on V_0 after 10 samples = 0.9^10", 1 - smooth::ema_weight_sum(0.9, 10),
                 std::pow(0.9, 10), 1e-15);
    const std::size_t head = 40;
    std::vector<double> th(t.begin(), t.begin() + head);
    std::vector<double> xh(lifted.begin(), lifted.begin() + head);
    s.figure("tutorial_03_low_start",
             {"V_0 = 0 starts the EMA at a tenth of the level; both cures start at the level", "t", "value", false,
              {{"samples", th, xh, style::points},
               {"V_t (article, V_0 = 0)", th, {plain.begin(), plain.begin() + head}, style::lines},
               {"V_t / (1 - 0.9^t) (pandas adjust=True)", th, {corrected.begin(), corrected.begin() + head},
                style::lines},
               {"seeded V_1 = S_1 (pandas adjust=False)", th, {first.begin(), first.begin() + head}, style::dashed}},
              {}});

    // 3. Against the SMA with the same mean age of data.
    s.say("\nWhich SMA should an EMA be compared with? The one whose data is as old on average.");
    s.say("An SMA of N samples has mean age (N-1)/2; an EMA has beta/(1-beta). They match at");
    s.say("N = (1+beta)/(1-beta): pandas calls this N the span.");
    for (const double beta : betas) {
        const std::size_t window = matching_window(beta);
        double age = 0;
        const auto w = smooth::ema_weights(beta, 20000);
        for (std::size_t i = 0; i < w.size(); ++i) {
            age += static_cast<double>(i) * w[i];
        }
        s.say("  beta {:<5} mean age {:>6.3f}   SMA window {:>3}, mean age {:>4.1f}", beta, age, window,
              smooth::sma_mean_age(window));
        s.check_near(fmt::format("mean age of EMA {} (summed) is beta/(1-beta)", beta), age, smooth::ema_mean_age(beta),
                     1e-9);
        s.check_near(fmt::format("mean age of EMA {} equals SMA {}", beta, window), age, smooth::sma_mean_age(window),
                     1e-9);
    }

    // 4. Same age, same noise, but the EMA reacts sooner: a unit step.
    s.say("\nWith the same mean age they remove the same noise: on pure noise of standard deviation 1,");
    s.say("an SMA of N leaves 1/sqrt(N) and an EMA leaves sqrt((1-beta)/(1+beta)), equal for N = span.");
    {
        std::normal_distribution<double> unit(0.0, 1.0);
        std::vector<double> pure(50000);
        for (auto& x : pure) {
            x = unit(rng);
        }
        const auto sma_noise = smooth::tutorial::standard_deviation(smooth::simple_moving_average<double>(pure, 19), 19);
        const auto ema_noise = smooth::tutorial::standard_deviation(smooth::exponential_moving_average<double>(pure, 0.9), 200);
        s.say("  measured: SMA 19 leaves {:.4f}, EMA 0.9 leaves {:.4f}; theory {:.4f} for both", sma_noise,
              ema_noise, 1 / std::sqrt(19.0));
        s.check_near("noise left by SMA 19", sma_noise, 1 / std::sqrt(19.0), 0.01);
        s.check_near("noise left by EMA 0.9", ema_noise, std::sqrt(0.1 / 1.9), 0.01);
    }
    s.say("\nDoes the EMA lag less? With the same mean age, it depends on the input.");
    {
        // a ramp: both lag by their mean age, 9 samples
        std::vector<double> ramp(200);
        for (std::size_t i = 0; i < ramp.size(); ++i) {
            ramp[i] = static_cast<double>(i + 1);
        }
        const auto sma_ramp = smooth::simple_moving_average<double>(ramp, 19);
        const auto ema_ramp = smooth::exponential_moving_average<double>(ramp, 0.9, smooth::ema_form::corrected);
        const double sma_lag = ramp.back() - sma_ramp.back();
        const double ema_lag = ramp.back() - ema_ramp.back();
        s.say("  on a ramp (S_t = t), at t = 200: SMA 19 trails by {:.4f}, EMA 0.9 by {:.4f} samples, their mean age",
              sma_lag, ema_lag);
        // the SMA from its first full window on; the EMA only in the limit (its early terms are
        // missing, the corrected average is younger)
        const auto lag_at = [&](std::size_t t) { return ramp[t - 1] - ema_ramp[t - 1]; };
        s.say("  the SMA's lag is 9 from its first window (t = 19); the EMA's grows towards 9: {:.2f} at t = 19,",
              lag_at(19));
        s.say("  {:.2f} at t = 40, {:.2f} at t = 200 (the corrected average of a short history is younger than", lag_at(40),
              lag_at(200));
        s.say("  its mean age: it reaches 9 only in the limit)");
        s.check_near("on a ramp SMA 19 trails by its mean age, 9, from its first window", ramp[18] - sma_ramp[18], 9.0,
                     1e-9);
        s.check_near("on a ramp SMA 19 trails by its mean age, 9", sma_lag, 9.0, 1e-9);
        s.check_near("on a ramp EMA 0.9 trails by its mean age, 9, in the limit (t = 200)", ema_lag, 9.0, 1e-6);
        s.check("the EMA's lag is still short of 9 at t = 40", lag_at(40) < 8.5 && lag_at(19) < 6.5);

        // a step: the EMA is half-way sooner, and all the way later
        std::vector<double> step(120, 0.0);
        for (std::size_t i = 40; i < step.size(); ++i) {
            step[i] = 1.0;
        }
        const auto sma19 = smooth::simple_moving_average<double>(step, 19);
        const auto ema09 = smooth::exponential_moving_average<double>(step, 0.9);
        auto reaches = [&](std::vector<double> const& v, double level) {
            for (std::size_t i = 40; i < v.size(); ++i) {
                if (v[i] >= level) {
                    return i - 39; // samples of 1 seen so far
                }
            }
            return std::size_t{0};
        };
        const std::size_t sma_half = reaches(sma19, 0.5);
        const std::size_t ema_half = reaches(ema09, 0.5);
        const std::size_t sma_95 = reaches(sma19, 0.95);
        const std::size_t ema_95 = reaches(ema09, 0.95);
        s.say("  on a step from 0 to 1: half-way after {} samples for SMA 19, after {} for EMA 0.9;", sma_half, ema_half);
        s.say("  95 % of the way after {} samples for SMA 19, after {} for EMA 0.9.", sma_95, ema_95);
        s.check("SMA 19 is half-way after ceil(19/2) = 10 samples", sma_half == 10);
        s.check(fmt::format("EMA 0.9 is half-way after the {} samples that hold half its weight",
                            smooth::ema_terms_for_mass(0.9, 0.5)),
                ema_half == smooth::ema_terms_for_mass(0.9, 0.5));
        s.check("but EMA 0.9 gets 95 % of the way later than SMA 19 (29 samples against 19)",
                ema_95 == 29 && sma_95 == 19);
        s.say("So the EMA reacts sooner (it weighs the newest samples most) and finishes later (its");
        s.say("weights never end); on a steady trend the two lag the same.");
        const auto ts = smooth::tutorial::one_to(step.size());
        const auto tr = smooth::tutorial::one_to(60);
        const auto part = [](std::vector<double> const& v) { return std::vector<double>(v.begin(), v.begin() + 60); };
        // what the ramp panel shows: the SMA's lag is 9 from t = 19 on, the EMA's only tends to 9
        const auto ema_lag_at = [&](std::size_t t) { return ramp[t - 1] - ema_ramp[t - 1]; };
        s.figure("tutorial_03_step_response",
                 std::vector<smooth::plot::figure>{
                     {"A step: the EMA is half-way sooner and done later", "t", "value", false,
                      {{"input", ts, step, style::points},
                       {"SMA 19", ts, sma19, style::lines},
                       {"EMA 0.9 (V_0 = 0)", ts, ema09, style::lines}},
                      {{40.5, "step"}}},
                     {fmt::format("A ramp: the SMA trails by its mean age, 9, from t = 19; the EMA's lag only "
                                  "approaches 9 ({:.1f} at t = 19, {:.1f} at t = 40)",
                                  ema_lag_at(19), ema_lag_at(40)),
                      "t", "value", false,
                      {{"input", tr, part(ramp), style::points},
                       {"SMA 19", tr, part(sma_ramp), style::lines},
                       {"EMA 0.9 (bias-corrected)", tr, part(ema_ramp), style::lines}},
                      {}}});
    }
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_03_exponential_moving_average", "the exponential moving average",
                                 argc, argv, lesson);
}
