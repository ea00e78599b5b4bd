// An exact sum of doubles: every finite double is added or removed without any rounding,
// whatever the exponents, and the sum is read back correctly rounded.
//
//   smooth::superaccumulator acc;
//   acc.add(1e300); acc.add(1.0); acc.subtract(1e300);
//   double one = acc.rounded();   // exactly 1.0
//
// How: a fixed-point number with its lowest bit at 2^-1074 (the smallest subnormal) and room
// above 2^1024 for sums beyond double's range, in 32-bit chunks held in signed 64-bit words
// (R. M. Neal's "small superaccumulator", 2015). A double's 53-bit significand lands in two
// neighbouring chunks; the spare high bits of each word absorb carries, which are propagated
// once every `carry_every` additions, so an addition costs a handful of integer operations.
// Reading the rounded sum walks all the chunks (about a hundred operations): call it when an
// exact answer is needed, not on every sample (smooth::sma_stream reads it only when its fast
// double-double sum cannot decide the rounding).
//
// Inputs must be finite (infinities and NaN have no place in an exact sum; callers count them
// apart). Memory: 70 words (560 bytes).
#ifndef SMOOTH_SUPERACCUMULATOR_HPP
#define SMOOTH_SUPERACCUMULATOR_HPP

#include <smooth/ieee_check.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace smooth {

class superaccumulator {
public:
    /// A rounded value as sign * significand * 2^exponent, with the exponent not limited to
    /// double's range.
    struct rounded_parts {
        bool zero = true;
        bool negative = false;
        std::uint64_t significand = 0; ///< in [2^52, 2^53), 53 bits, when not zero
        int exponent = 0;
        /// The double nearest: +-inf past double's range.
        [[nodiscard]] double value() const noexcept
        {
            if (zero) {
                return 0.0;
            }
            const double magnitude = std::ldexp(static_cast<double>(significand), exponent);
            return negative ? -magnitude : magnitude;
        }
    };

    /// Adds a finite double exactly.
    void add(double x) noexcept { accumulate(x, false); }

    /// Removes a finite double exactly (adds -x).
    void subtract(double x) noexcept { accumulate(x, true); }

    void reset() noexcept
    {
        chunks_.fill(0);
        pending_ = 0;
    }

    /// The exact sum, correctly rounded (round to nearest, ties to even).
    [[nodiscard]] rounded_parts parts() const noexcept
    {
        const top t = top_bits();
        if (t.zero) {
            return {};
        }
        // 53 bits of the 128, then the round bit and what lies below it
        return round(t.negative, t.bits >> 75, t.bits & ((u128{1} << 75) - 1U), u128{1} << 74, t.sticky,
                     t.exponent + 75);
    }

    /// The mean of n values whose sum this is, correctly rounded: the double nearest S / n
    /// (ties to even), one rounding of the exact quotient, whatever the sum's size (+-inf only
    /// when the mean itself is past double's range; a subnormal mean rounds on 2^-1074's grid).
    [[nodiscard]] double mean(std::uint64_t n) const noexcept
    {
        const top t = top_bits();
        if (t.zero) {
            return 0.0;
        }
        // S = (t.bits + f) 2^e with 0 <= f < 1 (f != 0 exactly when t.sticky), t.bits >= 2^127:
        // floor(S / n / 2^e) = t.bits / n, inexact when f or the remainder is not 0; n < 2^64,
        // so the quotient has at least 64 bits: 53, the round bit and more
        const u128 q = t.bits / n;
        const bool sticky = t.sticky || (t.bits % n) != 0U;
        const int length = 128 - count_leading_zeros(q);
        // 53 bits, or fewer for a subnormal mean (its last bit is 2^-1074); 1 <= shift <= 127
        const int shift = std::max(length - 53, -1074 - t.exponent);
        return round(t.negative, q >> shift, q & ((u128{1} << shift) - 1U), u128{1} << (shift - 1), sticky,
                     t.exponent + shift)
            .value();
    }

    [[nodiscard]] double rounded() const noexcept { return parts().value(); }

    /// The sum as it is held (its words and the additions since the last carry), to save it
    /// and give it back exactly: a stream's state() carries it.
    struct words {
        std::array<std::int64_t, 70> chunks{};
        int pending = 0;
    };
    [[nodiscard]] words saved() const noexcept { return {chunks_, pending_}; }
    void restore(words const& w)
    {
        if (w.pending < 0 || w.pending >= carry_every) {
            throw std::invalid_argument("superaccumulator: saved pending additions must be 0.." +
                                        std::to_string(carry_every - 1) + ", got " + std::to_string(w.pending));
        }
        chunks_ = w.chunks;
        pending_ = w.pending;
    }

    /// Additions between two carry propagations: each changes a word by less than 2^53, so
    /// 512 pushes of an added and a removed value (1024 additions) stay far from 2^63.
    static constexpr int carry_every = 1024;

private:
    static constexpr std::size_t chunk_count = 70; // 2^-1074 .. beyond 2^1088
    __extension__ using u128 = unsigned __int128;   // GCC and clang; __extension__: no pedantic warning

    static int count_leading_zeros(u128 x) noexcept
    {
        const auto high = static_cast<std::uint64_t>(x >> 64);
        return high != 0U ? std::countl_zero(high) : 64 + std::countl_zero(static_cast<std::uint64_t>(x));
    }

    /// The leading 128 bits of |sum| (bit 127 set), whether anything below them is not zero,
    /// and the power of two of bit 0.
    struct top {
        bool zero = true;
        bool negative = false;
        u128 bits = 0;
        bool sticky = false;
        int exponent = 0;
    };

    [[nodiscard]] top top_bits() const noexcept
    {
        std::array<std::int64_t, chunk_count> c = chunks_;
        // Carries need only the words from the lowest that is not 0 to the one above the
        // highest (a sum spans a few words of the 70): that one then holds the sign, as the
        // top word does after a carry through all of them, and the words are the same at the end
        // (a carry of a negative sum through the rest only fills them with ones that the
        // negation below takes away). Before, this was a seventh of a stream's time on the
        // 1e15/1e-3 mix, four calls for each read that needed the exact sum.
        std::size_t first = 0;
        while (first < chunk_count && c[first] == 0) {
            ++first;
        }
        top t;
        if (first == chunk_count) {
            return t;
        }
        std::size_t last = chunk_count - 1;
        while (c[last] == 0) {
            --last;
        }
        const std::size_t sign_word = std::min(last + 1, chunk_count - 1);
        carry(c, first, sign_word);
        if (c[sign_word] < 0) {
            t.negative = true;
            for (std::size_t i = first; i <= sign_word; ++i) {
                c[i] = -c[i];
            }
            carry(c, first, sign_word);
        }
        int h = chunk_count - 1;
        while (h >= 0 && c[static_cast<std::size_t>(h)] == 0) {
            --h;
        }
        if (h < 0) {
            return t;
        }
        t.zero = false;
        const auto chunk = [&](int i) -> u128 {
            return i >= 0 ? static_cast<u128>(static_cast<std::uint64_t>(c[static_cast<std::size_t>(i)])) : 0U;
        };
        const int lz = std::countl_zero(static_cast<std::uint64_t>(c[static_cast<std::size_t>(h)])) - 32; // 0..31
        t.bits = (chunk(h) << 96) | (chunk(h - 1) << 64) | (chunk(h - 2) << 32) | chunk(h - 3);
        t.bits <<= lz;
        const u128 fifth = chunk(h - 4);
        if (lz > 0) {
            t.bits |= fifth >> (32 - lz);
        }
        t.sticky = (fifth & ((u128{1} << (32 - lz)) - 1U)) != 0U;
        for (int i = h - 5; i >= 0 && !t.sticky; --i) {
            t.sticky = c[static_cast<std::size_t>(i)] != 0;
        }
        // bit 127 of t.bits is bit 32h + 31 - lz of the fixed-point number, whose bit 0 is 2^-1074
        t.exponent = 32 * h + 31 - lz - 127 - 1074;
        return t;
    }

    /// Rounds kept + rest / (2 half) to 53 bits, ties to even; kept has at most 53 bits.
    static rounded_parts round(bool negative, u128 kept, u128 rest, u128 half, bool sticky, int exponent) noexcept
    {
        auto significand = static_cast<std::uint64_t>(kept);
        if (rest > half || (rest == half && (sticky || (significand & 1U) != 0U))) {
            ++significand;
        }
        if (significand == (std::uint64_t{1} << 53)) {
            significand >>= 1;
            ++exponent;
        }
        rounded_parts out;
        out.zero = false;
        out.negative = negative;
        out.significand = significand;
        out.exponent = exponent;
        return out;
    }

    void accumulate(double x, bool negate) noexcept
    {
        const auto bits = std::bit_cast<std::uint64_t>(x);
        const auto biased = static_cast<int>((bits >> 52) & 0x7ffU);
        std::uint64_t significand = bits & ((std::uint64_t{1} << 52) - 1U);
        int position = 0; // of the significand's lowest bit, counted from 2^-1074
        if (biased != 0) {
            significand |= std::uint64_t{1} << 52;
            position = biased - 1;
        }
        const auto index = static_cast<std::size_t>(position >> 5);
        const int shift = position & 31;
        const auto low = static_cast<std::int64_t>((significand << shift) & 0xffffffffU);
        const auto high = static_cast<std::int64_t>(significand >> (32 - shift));
        const bool minus = ((bits >> 63) != 0U) != negate;
        if (minus) {
            chunks_[index] -= low;
            chunks_[index + 1] -= high;
        } else {
            chunks_[index] += low;
            chunks_[index + 1] += high;
        }
        if (++pending_ == carry_every) {
            carry(chunks_);
            pending_ = 0;
        }
    }

    /// Words from..to - 1 brought into [0, 2^32), what they carry going into the next; the value
    /// is unchanged. By default every word but the top one.
    static void carry(std::array<std::int64_t, chunk_count>& c, std::size_t from = 0,
                      std::size_t to = chunk_count - 1) noexcept
    {
        for (std::size_t i = from; i < to; ++i) {
            const std::int64_t up = c[i] >> 32; // floor(c / 2^32), also for negative words
            c[i] -= up * (std::int64_t{1} << 32);
            c[i + 1] += up;
        }
    }

    std::array<std::int64_t, chunk_count> chunks_{};
    int pending_ = 0;
    static_assert(std::tuple_size_v<decltype(words::chunks)> == chunk_count);
};

} // namespace smooth

#endif
