// Tutorial 4: the expanded view of an EMA. Unrolled from V_0 = 0,
//     V_t = sum_(i=0..t-1) (1 - beta) beta^i S_(t-i):
// every past sample is in the average, with a weight that shrinks by beta per step back.
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <fmt/ranges.h>

#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>

#include "tutorial.hpp"

namespace {

using smooth::plot::style;

void lesson(smooth::tutorial::session& s)
{
    s.say("Unroll V_t = beta V_(t-1) + (1 - beta) S_t down to V_0 = 0 and the recursion becomes a sum:");
    s.say("    V_t = (1-beta) S_t + (1-beta) beta S_(t-1) + (1-beta) beta^2 S_(t-2) + ... + (1-beta) beta^(t-1) S_1.");
    s.say("Sample i steps back weighs w_i = (1 - beta) beta^i: geometric decay, never quite zero.\n");

    // 1. the recursion equals the weighted sum, with numbers
    const std::vector<double> series{3, 5, 4, 6, 8};
    const double beta = 0.9;
    const auto parts = smooth::ema_contributions(series, beta);
    const auto w = smooth::ema_weights(beta, series.size());
    s.say("Five samples {} with beta = 0.9, newest first:", fmt::join(series, ", "));
    s.say("{:>3} {:>7} {:>10} {:>14}", "i", "S_(t-i)", "w_i", "w_i S_(t-i)");
    for (std::size_t i = 0; i < series.size(); ++i) {
        s.say("{:>3} {:>7} {:>10.6f} {:>14.8f}", i, series[series.size() - 1 - i], w[i], parts[i]);
    }
    const double expanded = smooth::expanded_ema(series, beta);
    const double recursive = smooth::exponential_moving_average<double>(series, beta).back();
    s.say("sum of the contributions {:.15f}; the recursion gives V_5 = {:.15f}", expanded, recursive);
    s.check_near("the weighted sum equals the recursive EMA", expanded, recursive, 1e-12 * std::abs(recursive));
    s.say("The weights add up to 1 - 0.9^5 = {:.6f}, not 1: the rest, 0.9^5, still sits on V_0 = 0.",
          smooth::ema_weight_sum(beta, 5));
    s.say("Dividing by that sum is the bias correction: {:.6f} / {:.6f} = {:.6f}.\n", recursive,
          smooth::ema_weight_sum(beta, 5), recursive / smooth::ema_weight_sum(beta, 5));
    s.check_near("corrected = V_t / (1 - beta^t)",
                 smooth::exponential_moving_average<double>(series, beta, smooth::ema_form::corrected).back(),
                 recursive / smooth::ema_weight_sum(beta, 5), 1e-12);

    // 2. how far back an EMA looks
    s.say("How far back does an EMA look? About 1/(1-beta) samples, its effective window. For beta = 0.9");
    s.say("the ten newest weights sum to 1 - 0.9^10 = {:.10f}, and the weight ten steps back is", smooth::ema_weight_sum(0.9, 10));
    s.say("0.9^10 = {:.4f} of the newest, close to 1/e = {:.4f} (exactly 1/e as beta -> 1).", std::pow(0.9, 10), std::exp(-1.0));
    s.check_near("the ten newest weights of beta 0.9 hold 1 - 0.9^10 of the mass", smooth::ema_weight_sum(0.9, 10), 0.6513215599, 1e-10);
    s.say("\n{:>6} {:>10} {:>10} {:>10} {:>10} {:>16}", "beta", "1/(1-b)", "50 % in", "90 % in", "99 % in", "b^(1/(1-b))");
    for (const double b : {0.5, 0.9, 0.98, 0.999}) {
        const auto sum = smooth::summarize_ema_weights(b, 1);
        s.say("{:>6} {:>10.4g} {:>10} {:>10} {:>10} {:>16.4f}", b, sum.effective_window, sum.terms_50, sum.terms_90,
              sum.terms_99, std::pow(b, sum.effective_window));
        s.check(fmt::format("beta {}: {} terms hold 90 % and one fewer does not", b, sum.terms_90),
                smooth::ema_weight_sum(b, sum.terms_90) >= 0.9 && smooth::ema_weight_sum(b, sum.terms_90 - 1) < 0.9);
    }
    s.check_near("0.999^1000 is 1/e to three digits", std::pow(0.999, 1000.0), std::exp(-1.0), 1e-3);

    const std::size_t terms = 250;
    std::vector<double> from_zero(terms);
    for (std::size_t i = 0; i < terms; ++i) {
        from_zero[i] = static_cast<double>(i);
    }
    smooth::plot::figure weights{"Each weight (1 - beta) beta^i: beta 0.5 forgets in a few steps, 0.98 in hundreds",
                                 "i (steps back)", "weight", true, {}, {}};
    weights.y_range = std::pair{1e-4, 1.0}; // below 1e-4 no weight matters to the eye
    smooth::plot::figure mass{"The mass the newest terms hold: 50 %, 90 %, 99 % marked", "terms kept",
                              "mass 1 - beta^k", false, {}, {}};
    for (const double level : {0.5, 0.9, 0.99}) {
        mass.references.push_back({level, fmt::format("{:g} %", 100 * level)});
    }
    for (const double b : {0.5, 0.9, 0.98}) {
        weights.lines.push_back({fmt::format("beta {}", b), from_zero, smooth::ema_weights(b, terms)});
        std::vector<double> ks(terms);
        for (std::size_t k = 0; k < terms; ++k) {
            ks[k] = static_cast<double>(k + 1);
        }
        mass.lines.push_back({fmt::format("beta {}", b), ks, smooth::ema_cumulative_weights(b, terms)});
        const auto sum = smooth::summarize_ema_weights(b, terms);
        std::vector<double> at;
        std::vector<double> held;
        for (const std::size_t k : {sum.terms_50, sum.terms_90, sum.terms_99}) {
            at.push_back(static_cast<double>(k));
            held.push_back(smooth::ema_weight_sum(b, k));
        }
        mass.lines.push_back({fmt::format("beta {}: {}, {}, {} terms", b, sum.terms_50, sum.terms_90, sum.terms_99), at,
                              held, style::markers});
    }
    weights.markers.push_back({smooth::effective_window(0.9), "1/(1-0.9) = 10"});
    weights.markers.push_back({smooth::effective_window(0.98), "1/(1-0.98) = 50"});
    s.figure("tutorial_04_weights", std::vector<smooth::plot::figure>{weights, mass}, true);

    // 3. contributions of a noisy series
    std::mt19937_64 rng(4);
    std::normal_distribution<double> noise(10.0, 2.0);
    std::vector<double> longer(60);
    for (auto& x : longer) {
        x = noise(rng);
    }
    const auto contrib = smooth::ema_contributions(longer, 0.9);
    std::vector<double> back(contrib.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        back[i] = static_cast<double>(i);
    }
    s.figure("tutorial_04_contributions",
             {"What each of 60 samples contributes to V_60 (beta 0.9)", "i (steps back)", "w_i S_(t-i)", false,
              {{"contribution", back, contrib, style::impulses}}, {{10.0, "1/(1-0.9) = 10"}}});
    s.check_near("60 contributions add up to V_60", smooth::expanded_ema(longer, 0.9),
                 smooth::exponential_moving_average<double>(longer, 0.9).back(), 1e-12 * 10);
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_04_expanded_weights", "the expanded weights of an EMA", argc, argv, lesson);
}
