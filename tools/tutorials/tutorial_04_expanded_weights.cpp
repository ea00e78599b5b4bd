// Tutorial 4: the expanded view of an EMA. Unrolled from V_0 = 0,
//     V_t = sum_(i=0..t-1) (1 - beta) beta^i S_(t-i):
// every past sample is in the average, with a weight that shrinks by beta per step back.
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <fmt/ranges.h>
#include <span>

#include <smooth/chunks.hpp>
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

    // 4. averages that merge: the expanded view splits at any point
    s.say("\nSplit a series into chunk a, then chunk b. In the expanded sum, b's samples carry the weights");
    s.say("beta^0 .. beta^(len(b) - 1), and a's samples the weights they had at the end of a, times beta^len(b):");
    s.say("    V(a + b) = beta^len(b) V(a) + V(b),   and the weight sums merge the same way.");
    const std::vector<double> a{3, 5, 4, 6, 8, 7};
    const std::vector<double> b{9, 6, 5, 8};
    std::vector<double> ab = a;
    ab.insert(ab.end(), b.begin(), b.end());
    const smooth::ema_spec zero_start{smooth::decay(beta), smooth::ema_form::zero_start};
    const auto sa = smooth::summarize(a, zero_start);
    const auto sb = smooth::summarize(b, zero_start);
    const auto sab = smooth::merge(sa, sb);
    const double one_pass = smooth::exponential_moving_average<double>(ab, beta).back();
    s.say("a = {}, b = {}, beta = 0.9:", fmt::join(a, ", "), fmt::join(b, ", "));
    s.say("  V(a) = {:.10f}, V(b) = {:.10f}, beta^4 = {:.4f}", sa.v, sb.v, sb.kept);
    s.say("  beta^4 V(a) + V(b) = {:.10f}; one pass over a + b: {:.10f}", sab.v, one_pass);
    s.check_near("the merged chunks give one pass's EMA", sab.v, one_pass, 1e-14);
    s.check_near("the weight sums merge too: beta^4 W(a) + W(b) = 1 - beta^10", sab.w, smooth::ema_weight_sum(beta, 10),
                 1e-14);
    s.say("So each chunk can be summarised on its own (on another core, another machine) and the summaries");
    s.say("merged in any grouping: smooth::summarize, smooth::merge and smooth::apply (chunks.hpp).");
    const smooth::sma_spec sma4{4};
    std::vector<double> tail_out(b.size());
    smooth::apply(smooth::summarize(a, sma4), b, tail_out);
    const auto sma_one_pass = smooth::simple_moving_average<double>(ab, 4);
    s.say("The SMA needs less: a window of 4 reaching back into a needs a's last 3 rows ({}), nothing else.",
          fmt::join(smooth::summarize(a, sma4).tail, ", "));
    s.say("  b's SMA(4) from that carry: {}; one pass: {}", fmt::join(tail_out, ", "),
          fmt::join(std::span<const double>(sma_one_pass).subspan(a.size()), ", "));
    bool same = true;
    for (std::size_t i = 0; i < b.size(); ++i) {
        same = same && tail_out[i] == sma_one_pass[a.size() + i];
    }
    s.check("the SMA from the carried rows is one pass's, bit for bit", same);

    // the figure: each sample's weight in V(a + b), a's drawn as they were in V(a) too
    std::vector<double> time_a(a.size());
    std::vector<double> time_b(b.size());
    std::vector<double> own_a(a.size());
    std::vector<double> kept_a(a.size());
    std::vector<double> own_b(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        time_a[i] = static_cast<double>(i + 1);
        own_a[i] = (1 - beta) * std::pow(beta, static_cast<double>(a.size() - 1 - i));
        kept_a[i] = own_a[i] * sb.kept;
    }
    for (std::size_t i = 0; i < b.size(); ++i) {
        time_b[i] = static_cast<double>(a.size() + i + 1);
        own_b[i] = (1 - beta) * std::pow(beta, static_cast<double>(b.size() - 1 - i));
    }
    smooth::plot::figure merge{"Two chunks join: a's weights in V(a), times beta^len(b), continue b's (beta 0.9)",
                               "t (sample)",
                               "weight of the sample",
                               false,
                               {{"chunk a, its weights in V(a)", time_a, own_a, style::markers},
                                {"chunk a, in V(a + b): times beta^4", time_a, kept_a, style::impulses},
                                {"chunk b, in V(b) and in V(a + b)", time_b, own_b, style::impulses}},
                               {{static_cast<double>(a.size()) + 0.5, "a | b"}}};
    merge.y_range = std::pair{0.0, 0.115}; // room above the newest weight for the marker's label
    s.figure("tutorial_04_merge", merge);
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::tutorial::run("tutorial_04_expanded_weights", "the expanded weights of an EMA", argc, argv, lesson);
}
