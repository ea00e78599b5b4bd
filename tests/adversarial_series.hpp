// The SMA oracle's adversarial families (test_sma), shared with test_chunks: series whose
// window sums are hard to get right (huge and tiny values mixed, the whole exponent range,
// subnormals, cancelling huge values, values near DBL_MAX, sums near rounding midpoints).
#ifndef SMOOTH_TESTS_ADVERSARIAL_SERIES_HPP
#define SMOOTH_TESTS_ADVERSARIAL_SERIES_HPP

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

/// "near powers of two": period `window`, so that every full window holds window - 1 values
/// +-2^e and one value k 2^(e-53) nearer zero than them (k in 1..2 window). Its exact mean,
/// +-(2^e - k 2^(e-53) / window), lies just inside the power of two, where the next double
/// towards zero is half an ulp away: from k > window / 2 on it rounds there. The sign and e
/// change from period to period (e within +-spread / 2), so both signs meet every k; with
/// spread 1, e is 0 throughout and every window's sum fits in a double-double.
inline std::vector<double> near_powers_of_two(std::size_t n, std::size_t window, std::uint64_t seed,
                                              std::uint64_t spread = 200)
{
    std::mt19937_64 rng(seed);
    std::vector<double> xs(n);
    double sign = 1.0;
    int e = 0;
    std::uint64_t k = 1;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % window == 0) {
            sign = rng() % 2 == 0 ? 1.0 : -1.0;
            e = static_cast<int>(rng() % spread) - static_cast<int>(spread / 2);
            k = 1 + rng() % (2 * window);
        }
        xs[i] = i % window == window - 1 ? sign * (std::ldexp(1.0, e) - std::ldexp(static_cast<double>(k), e - 53))
                                         : sign * std::ldexp(1.0, e);
    }
    return xs;
}

inline std::vector<double> adversarial(std::string const& kind, std::size_t n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> coin(0, 1);
    std::vector<double> xs(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double sign = coin(rng) == 0 ? 1.0 : -1.0;
        if (kind == "1e15 and 1e-3") { // long runs of each, then mixed
            const bool big = (i / 37) % 3 == 0 ? true : (i / 37) % 3 == 1 ? false : coin(rng) == 0;
            xs[i] = big ? 1e15 * (1 + unit(rng)) : 1e-3 * unit(rng);
        } else if (kind == "1e-300 to 1e300") {
            xs[i] = sign * std::pow(10.0, -300.0 + 600.0 * unit(rng)) * (1 + unit(rng));
        } else if (kind == "subnormals") {
            xs[i] = sign * std::ldexp(unit(rng), -1074 + static_cast<int>(60 * unit(rng)));
        } else if (kind == "alternating huge signs") {
            const double huge = std::ldexp(1 + unit(rng), 900 + static_cast<int>(100 * unit(rng)));
            xs[i] = i % 3 == 2 ? sign * unit(rng) : (i % 3 == 0 ? huge : -huge);
        } else if (kind == "near DBL_MAX") {
            xs[i] = sign * 1.7e308 * unit(rng) + (coin(rng) == 0 ? 1.0 : 0.0);
        } else { // "cancelling ramps": values whose window sums land near midpoints
            xs[i] = std::ldexp(1.0, 52) * (coin(rng) == 0 ? 1 : -1) + (static_cast<double>(i % 7) - 3) * 0.5;
        }
    }
    return xs;
}

#endif
