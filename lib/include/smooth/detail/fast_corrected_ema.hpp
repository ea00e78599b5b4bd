// The kernel behind smooth::fast_corrected_ema (ema_batch.hpp: read its contract first): the
// bias-corrected EMA V_t / W_t with no division on the path from one sample to the next.
//
//   weight  (1 - beta) W_t = 1 - beta^t (from the last gap's end: beta^j a + 1 - beta^j), from
//           a table of 1 - beta^k and beta^k, k <= 64, moved on every 64 steps, recomputed
//           with exp and expm1 every 1024;
//   past    u_t = (1 - beta) sum beta^i (x_(t-i) - x_t) = beta (u_(t-1) + (1 - beta) W_(t-1)
//           (x_(t-1) - x_t)): the past as seen from the newest sample;
//   mean    x_t + u_t / ((1 - beta) W_t), and x_t + u_t once 1 - beta^t rounds to 1.
//
// Blocks of samples all finite run in a loop of their own; a block with a NaN or an infinity
// runs again sample by sample. tests/test_batch.cpp holds it to a long double reference and
// to pandas' arithmetic.
#ifndef SMOOTH_DETAIL_FAST_CORRECTED_EMA_HPP
#define SMOOTH_DETAIL_FAST_CORRECTED_EMA_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include <smooth/missing.hpp>

namespace smooth::detail {

/// out[t] = the corrected EMA after series[t]; false (out half written) where the caller must
/// use pandas' arithmetic instead: an infinity in the series, or a sum past double's range.
template <class T>
bool fast_corrected_ema(std::span<const T> series, std::span<T> out, double beta, missing_policy missing,
                        std::size_t min_periods)
{
    constexpr std::size_t block = 64;
    const double log_beta = std::log(beta);
    // 1 - beta^k and beta^k for k <= 64, each correctly rounded but for libm's last bit
    std::array<double, block + 1> gone{};
    std::array<double, block + 1> kept{};
    for (std::size_t k = 0; k <= block; ++k) {
        gone[k] = -std::expm1(static_cast<double>(k) * log_beta);
        kept[k] = std::exp(static_cast<double>(k) * log_beta);
    }
    const std::size_t first = min_periods == 0 ? 1 : min_periods;
    const auto nan = std::numeric_limits<T>::quiet_NaN();
    // The weight (1 - beta) W after j steps from an anchor of weight a is
    // beta^j a + (1 - beta^j) = gone[k] + kept[k] (beta^b a + (1 - beta^b)), j = b + k, b a
    // multiple of 64: `base` is the bracket, moved on every 64 steps by the table's own k = 64
    // and recomputed exactly (one exp, one expm1) every 1024; once it rounds to 1 it stays 1.
    double anchor = 0.0; // (1 - beta) W at the anchor: the last gap's end, or the start
    std::size_t j = 0;   // steps since the anchor
    double base = 0.0;   // beta^b anchor + (1 - beta^b)
    const auto weight = [&](std::size_t k) { return base == 1.0 ? 1.0 : gone[k] + kept[k] * base; };
    const auto rebase = [&] { // j a multiple of 64
        if (base == 1.0) {
            return;
        }
        if (j % (16 * block) == 0) {
            const double b = static_cast<double>(j) * log_beta;
            base = std::exp(b) * anchor - std::expm1(b);
        } else {
            base = gone[block] + kept[block] * base;
        }
    };
    // u = (1 - beta) sum beta^i (x_(t-i) - x_t): the past as seen from the newest sample, so
    // mean = x_t + u / weight. Kept as V = sum beta^i x_(t-i) itself, a near-constant stretch
    // stalls V wherever beta V + x stops moving: up to 1 / (2 (1 - beta)) ulp off (511 ulp
    // for a constant at beta 0.999, measured); u of a constant is 0.
    double u = 0.0;
    double newest = 0.0; // x_t
    double r = 0.0;      // (1 - beta) W_t
    double last = 0.0;   // the last mean
    std::size_t gap = 0; // missing samples since the last one present (decay)
    std::size_t observed = 0;
    bool poisoned = false; // a NaN under propagate: NaN from here on
    const auto one_sample = [&](std::size_t t) { // any sample, any policy; false: an infinity
        const auto x = static_cast<double>(series[t]);
        if (std::isinf(x)) {
            return false;
        }
        if (std::isnan(x)) {
            poisoned |= missing == missing_policy::propagate;
            gap += missing == missing_policy::decay && observed > 0 ? 1 : 0;
            out[t] = observed < first || observed == 0 || poisoned ? nan : static_cast<T>(last);
            observed += missing == missing_policy::propagate ? 1 : 0;
            return true;
        }
        if (gap > 0) { // beta^gap of the past remains: a new anchor
            const double kept_gap = std::exp(static_cast<double>(gap) * log_beta);
            anchor = kept_gap * r;
            u *= kept_gap;
            r = anchor;
            j = 0;
            base = anchor;
            gap = 0;
        }
        u = beta * (u + r * (newest - x));
        newest = x;
        ++j;
        if (j % block == 0) {
            rebase();
        }
        r = weight(j % block);
        ++observed;
        last = x + u / r;
        out[t] = observed < first || poisoned ? nan : static_cast<T>(last);
        return std::isfinite(u);
    };
    bool in_range = true;
    for (std::size_t t = 0; t < series.size() && in_range;) {
        // Up to the next multiple of 64 steps: every sample finite (the usual case) in a loop
        // of its own, which gives up, and the samples go one by one, at a NaN or an infinity.
        const std::size_t k0 = j % block;
        const std::size_t len = std::min(series.size() - t, block - k0);
        bool quick = observed >= first && observed > 0 && gap == 0 && !poisoned;
        if (quick) {
            double past = u;
            double x_t = newest;
            double w_t = r;
            double mean = last;
            bool finite = true;
            if (base == 1.0) { // beta^j < 2^-54: the weight is 1 to the last bit, no division
                for (std::size_t i = 0; i < len; ++i) {
                    const auto x = static_cast<double>(series[t + i]);
                    finite &= x - x == 0.0; // false for NaN and infinities
                    past = beta * (past + (x_t - x));
                    x_t = x;
                    mean = x + past;
                    out[t + i] = static_cast<T>(mean);
                }
                w_t = 1.0;
            } else {
                for (std::size_t i = 0; i < len; ++i) {
                    const auto x = static_cast<double>(series[t + i]);
                    finite &= x - x == 0.0;
                    past = beta * (past + w_t * (x_t - x));
                    x_t = x;
                    w_t = weight(k0 + i + 1);
                    mean = x + past / w_t;
                    out[t + i] = static_cast<T>(mean);
                }
            }
            quick = finite && std::isfinite(past);
            if (quick) {
                u = past;
                newest = x_t;
                r = w_t;
                last = mean;
                j += len;
                observed += len;
                if (j % block == 0) {
                    rebase();
                    r = weight(0);
                }
            }
        }
        if (!quick) {
            for (std::size_t i = 0; i < len && in_range; ++i) {
                in_range = one_sample(t + i);
            }
        }
        t += len;
    }
    return in_range;
}

} // namespace smooth::detail

#endif
