// The zero-start EMA over an array as a blocked vector scan: the fast kernel behind
// smooth::zero_start_ema_blocked (ema_batch.hpp), within a few ulp of the serial recursion,
// not bit for bit (tests/test_batch.cpp).
#ifndef SMOOTH_DETAIL_EMA_SCAN_HPP
#define SMOOTH_DETAIL_EMA_SCAN_HPP

#include <cmath>
#include <cstddef>
#include <span>

#include <smooth/missing.hpp>

namespace smooth {

namespace detail {

/// The zero-start EMA V_t = beta V_(t-1) + alpha x_t over an array, into out, continuing from
/// v (updated). Blocks of 8 samples whose values (and the carry) are finite are a blocked scan:
/// u = alpha x, a log-step decayed scan inside the block (shifts 1, 2, 4), then one carry per
/// block, V_(k+i) = p_i + beta^(i+1) V_(k-1): the only dependency between blocks is one fused
/// multiply-add, where the serial loop has one per sample. A block with a NaN or an infinity
/// (or a non-finite carry) runs serially with the streaming rules.
inline void ema_scan(std::span<const double> x, std::span<double> out, double beta, double alpha, missing_policy missing,
                     double& v)
{
    constexpr std::size_t B = 8;
    // beta^i rounded once (from long double), not compounded: the carry's factor beta^8
    // touches every value, and its error would live on for 1/(1 - beta^8) blocks
    double powers[B + 1];
    long double power = 1.0L;
    for (std::size_t i = 0; i <= B; ++i) {
        powers[i] = static_cast<double>(power);
        power *= static_cast<long double>(beta);
    }
    const double b1 = powers[1];
    const double b2 = powers[2];
    const double b4 = powers[4];
    // the carry in a local: through the reference it would live in memory (out could alias it)
    double carry = v;
    const auto serial = [&](std::size_t from, std::size_t to) {
        for (std::size_t t = from; t < to; ++t) {
            const double xt = x[t];
            if (missing != missing_policy::propagate && std::isnan(xt)) {
                if (missing == missing_policy::decay) {
                    carry = beta == 0.0 ? 0.0 : beta * carry;
                }
            } else {
                carry = beta == 0.0 ? xt : beta * carry + alpha * xt; // ema_stream's arithmetic
            }
            out[t] = carry;
        }
    };
    // two doubles a vector (SSE2 everywhere on x86-64; GCC and clang vector extensions): the
    // block is four vectors w0..w3 of (x_2k, x_2k+1), named, not an array: with an array
    // -march=native builds kept the block in memory and ran a loop over it (1.4x slower)
    using d2 = double __attribute__((vector_size(16)));
    const d2 zero = {0.0, 0.0};
    const d2 c0 = {powers[1], powers[2]};
    const d2 c1 = {powers[3], powers[4]};
    const d2 c2 = {powers[5], powers[6]};
    const d2 c3 = {powers[7], powers[8]};
    const auto load = [&](std::size_t at) {
        d2 r;
        __builtin_memcpy(&r, x.data() + at, sizeof r);
        return r;
    };
    const auto store = [&](std::size_t at, d2 r) { __builtin_memcpy(out.data() + at, &r, sizeof r); };
    const std::size_t n = x.size();
    std::size_t t = 0;
    for (; t + B <= n; t += B) {
        d2 w0 = load(t);
        d2 w1 = load(t + 2);
        d2 w2 = load(t + 4);
        d2 w3 = load(t + 6);
        const d2 probe = (w0 * 0.0 + w1 * 0.0) + (w2 * 0.0 + w3 * 0.0) + carry * 0.0;
        if (probe[0] != 0.0 || probe[1] != 0.0) { // NaN: a value or the carry is not finite
            serial(t, t + B);
            continue;
        }
        w0 = alpha * w0;
        w1 = alpha * w1;
        w2 = alpha * w2;
        w3 = alpha * w3;
        // shift 1: each element takes beta times its left neighbour, across vectors too;
        // from the top down, so each reads the old value
        w3 = w3 + b1 * __builtin_shufflevector(w2, w3, 1, 2);
        w2 = w2 + b1 * __builtin_shufflevector(w1, w2, 1, 2);
        w1 = w1 + b1 * __builtin_shufflevector(w0, w1, 1, 2);
        w0 = w0 + b1 * __builtin_shufflevector(zero, w0, 0, 2);
        // shift 2 is one vector, shift 4 two: from the top down, so each reads the old value
        w3 = w3 + b2 * w2;
        w2 = w2 + b2 * w1;
        w1 = w1 + b2 * w0;
        w3 = w3 + b4 * w1;
        w2 = w2 + b4 * w0;
        w0 = w0 + c0 * carry;
        w1 = w1 + c1 * carry;
        w2 = w2 + c2 * carry;
        w3 = w3 + c3 * carry;
        store(t, w0);
        store(t + 2, w1);
        store(t + 4, w2);
        store(t + 6, w3);
        carry = w3[1];
    }
    serial(t, n);
    v = carry;
}

} // namespace detail

} // namespace smooth

#endif
