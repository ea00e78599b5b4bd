// A double as text, fast: the shortest decimal that reads back as the same double, written
// exactly as fmt's "{}" writes it (fixed notation for decimal exponents from -4 to 15, else
// 1.5e+16 / 1e-05; "inf", "nan", a '-' for a set sign bit). The digits come from fmt's own
// Dragonbox; only the placing of digits, point and exponent is ours, because fmt's general
// writer (padding, grouping, locales) was a fifth of `smooth`'s time. test_number_format
// compares the two byte for byte on millions of values of every kind.
#ifndef SMOOTH_IO_NUMBER_FORMAT_HPP
#define SMOOTH_IO_NUMBER_FORMAT_HPP

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

namespace smooth::io {

/// Room write_shortest needs at `out`.
inline constexpr int shortest_max_chars = 48; // (characters past the end are scratch)

namespace detail {

inline constexpr char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                      "8081828384858687888990919293949596979899";

inline constexpr std::uint64_t powers_of_10[] = {1,
                                                 10,
                                                 100,
                                                 1000,
                                                 10000,
                                                 100000,
                                                 1000000,
                                                 10000000,
                                                 100000000,
                                                 1000000000,
                                                 10000000000,
                                                 100000000000,
                                                 1000000000000,
                                                 10000000000000,
                                                 100000000000000,
                                                 1000000000000000,
                                                 10000000000000000,
                                                 100000000000000000,
                                                 1000000000000000000,
                                                 10000000000000000000U};

/// The number of decimal digits of v (v > 0): from its bit width, then one comparison.
inline int decimal_count(std::uint64_t v)
{
    const int bits = 64 - __builtin_clzll(v | 1);
    const int guess = (bits * 1233) >> 12; // log10(2) ~ 1233 / 4096
    return guess + ((v | 1) >= powers_of_10[guess] ? 1 : 0); // (v | 1: zero has one digit)
}

/// The 8 decimal digits of v < 10^8 as ASCII bytes in one word, first digit in the lowest
/// byte (memory order on a little-endian machine): divisions by 10^4, 100 and 10 done on all
/// lanes at once by multiplying (exact for these ranges).
inline std::uint64_t digits8(std::uint32_t v)
{
    const std::uint64_t merged = (v / 10000) | (std::uint64_t{v % 10000} << 32);
    const std::uint64_t hundreds_top = ((merged * 10486) >> 20) & 0x0000007F0000007FULL;
    const std::uint64_t pairs = hundreds_top | ((merged - 100 * hundreds_top) << 16);
    const std::uint64_t tens = ((pairs * 103) >> 10) & 0x000F000F000F000FULL;
    const std::uint64_t ones = pairs - 10 * tens;
    return tens | (ones << 8) | 0x3030303030303030ULL;
}

/// Up to 24 characters held in three words, in memory order: built and moved in registers,
/// then stored whole (copying from a scratch array instead waited on its byte stores, and
/// variable-length memmove and memset were calls).
struct text24 {
    std::uint64_t w0, w1, w2;

    /// Without its first k characters (0 <= k <= 16).
    [[nodiscard]] text24 drop(int k) const
    {
        text24 t = *this;
        if (k >= 8) {
            t = {t.w1, t.w2, 0};
            k -= 8;
        }
        if (k >= 8) {
            t = {t.w1, 0, 0};
            k -= 8;
        }
        const int s = 8 * k; // 0 to 56; (x << 1) << (63 - s) is x << (64 - s), 0 for s = 0
        return {(t.w0 >> s) | ((t.w1 << 1) << (63 - s)), (t.w1 >> s) | ((t.w2 << 1) << (63 - s)), t.w2 >> s};
    }
    /// Stores all 24 characters at out.
    void store(char* out) const
    {
        std::memcpy(out, &w0, 8);
        std::memcpy(out + 8, &w1, 8);
        std::memcpy(out + 16, &w2, 8);
    }
};

/// A significand v < 10^17 cut 1 + 8 + 8: its first digit (0 for fewer than 17 digits) and
/// two groups of 8 digits (two divisions by 10^8, which the compiler makes multiplications).
struct groups17 {
    std::uint64_t first;
    std::uint32_t middle;
    std::uint32_t last;
};
inline groups17 cut17(std::uint64_t v)
{
    const std::uint64_t rest = v / 100000000;
    return {rest / 100000000, static_cast<std::uint32_t>(rest % 100000000), static_cast<std::uint32_t>(v - rest * 100000000)};
}

/// The first digit and the two groups as ASCII words (first character in the lowest byte),
/// joined into 17 characters, and the first 17 - n (leading zeros) dropped.
inline text24 join17(std::uint64_t first, std::uint64_t middle, std::uint64_t last, int n)
{
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the digits are laid out little-endian");
    const text24 all17{('0' + first) | (middle << 8), (middle >> 56) | (last << 8), last >> 56};
    return all17.drop(17 - n);
}

/// The n decimal digits of v (v < 10^n, 1 <= n <= 17) as the first n characters, each group
/// of 8 by digits8. Portable; digits_of uses it where SSE2 is not there, and
/// test_number_format holds the two forms to the same bytes.
inline text24 digits_of_swar(std::uint64_t v, int n)
{
    const groups17 g = cut17(v);
    return join17(g.first, digits8(g.middle), digits8(g.last), n);
}

#if defined(__SSE2__)
/// The 8 decimal digits of v < 10^8 as eight 16-bit lanes, the first digit in the lowest.
/// No division: multiplications, the first in one lane, the rest on all lanes at once:
///   abcd = v / 10^4 (v times 0xd1b71759, shifted right 45: exact for every 32-bit v),
///   efgh = v - 10^4 abcd;
///   each of abcd and efgh, times 4, in four lanes, is divided by 10^3, 10^2, 10 and 1 at once
///   by two high-half products (x 8389 then x 2^7 is x / 1000 for x < 10^4, and so on):
///   a, ab, abc, abcd;
///   the digits are then ab - 10 a, abc - 10 ab, ...: each lane minus ten times the lane before.
/// The method is W. Mula's ("SSE: conversion integers to decimal representation", 2011).
inline __m128i digits8_lanes(std::uint32_t v)
{
    const __m128i abcdefgh = _mm_cvtsi32_si128(static_cast<int>(v));
    const __m128i abcd = _mm_srli_epi64(_mm_mul_epu32(abcdefgh, _mm_set1_epi32(static_cast<int>(0xd1b71759U))), 45);
    const __m128i efgh = _mm_sub_epi32(abcdefgh, _mm_mul_epu32(abcd, _mm_set1_epi32(10000)));
    const __m128i both = _mm_slli_epi64(_mm_unpacklo_epi16(abcd, efgh), 2); // abcd 4, efgh 4
    const __m128i spread = _mm_unpacklo_epi32(_mm_unpacklo_epi16(both, both), _mm_unpacklo_epi16(both, both));
    const __m128i scaled = _mm_mulhi_epu16(spread, _mm_setr_epi16(8389, 5243, 13108, -32768, 8389, 5243, 13108, -32768));
    const __m128i prefixes = _mm_mulhi_epu16(scaled, _mm_setr_epi16(1 << 7, 1 << 11, 1 << 13, -32768, 1 << 7, 1 << 11, 1 << 13, -32768));
    const __m128i tens = _mm_slli_epi64(_mm_mullo_epi16(prefixes, _mm_set1_epi16(10)), 16);
    return _mm_sub_epi16(prefixes, tens);
}

/// digits_of_swar's bytes, each group of 8 digits made in an SSE2 register and the two
/// packed to bytes together (1.8 times as fast alone on 17-digit significands; a fifth off
/// write_shortest on 15-17-digit values, less on short ones: tests/benchmarks/format_bench,
/// docs/performance.md).
inline text24 digits_of_sse2(std::uint64_t v, int n)
{
    const groups17 g = cut17(v);
    const __m128i bytes = _mm_add_epi8(_mm_packus_epi16(digits8_lanes(g.middle), digits8_lanes(g.last)), _mm_set1_epi8('0'));
    const auto middle = static_cast<std::uint64_t>(_mm_cvtsi128_si64(bytes));
    const auto last = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(bytes, bytes)));
    return join17(g.first, middle, last, n);
}
#endif

/// The n decimal digits of v (v < 10^n, 1 <= n <= 17) as the first n characters.
inline text24 digits_of(std::uint64_t v, int n)
{
#if defined(__SSE2__)
    return digits_of_sse2(v, n);
#else
    return digits_of_swar(v, n);
#endif
}

} // namespace detail

/// Writes v at out (shortest_max_chars of room) as fmt::format("{}", v) would; returns the end.
inline char* write_shortest(char* out, double v)
{
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    if ((bits >> 63) != 0) {
        *out++ = '-';
        bits &= ~(std::uint64_t{1} << 63);
        std::memcpy(&v, &bits, sizeof bits);
    }
    constexpr std::uint64_t exponent_mask = std::uint64_t{0x7ff} << 52;
    if ((bits & exponent_mask) == exponent_mask) {
        std::memcpy(out, (bits & ~exponent_mask) != 0 ? "nan" : "inf", 3);
        return out + 3;
    }
    const auto dec = fmt::detail::dragonbox::to_decimal(v);
    const int size = detail::decimal_count(dec.significand);
    const detail::text24 digits = detail::digits_of(dec.significand, size);
    const int exponent = dec.exponent;          // v = significand * 10^exponent
    const int output_exp = exponent + size - 1; // the power of ten of the first digit
    if (output_exp < -4 || output_exp >= 16) {  // d[.ddd]e+XX
        out[0] = static_cast<char>(digits.w0);
        if (size > 1) {
            out[1] = '.';
            digits.drop(1).store(out + 2);
            out += size + 1;
        } else {
            out += 1;
        }
        *out++ = 'e';
        int e = output_exp;
        if (e < 0) {
            *out++ = '-';
            e = -e;
        } else {
            *out++ = '+';
        }
        if (e >= 100) {
            *out++ = static_cast<char>('0' + e / 100);
            e %= 100;
        }
        std::memcpy(out, detail::digit_pairs + 2 * e, 2);
        return out + 2;
    }
    if (exponent >= 0) { // 1234e2 -> 123400 (at most 16 characters)
        digits.store(out);
        std::memcpy(out + size, "0000000000000000", 16);
        return out + size + exponent;
    }
    if (output_exp >= 0) { // 1234e-2 -> 12.34: all digits, then those after the point moved on
        const int whole = output_exp + 1;
        digits.store(out);
        digits.drop(whole).store(out + whole + 1);
        out[whole] = '.';
        return out + size + 1;
    }
    // 1234e-6 -> 0.001234 (at most three zeros after the point)
    std::memcpy(out, "0.000000", 8);
    digits.store(out + 1 - output_exp);
    return out + 1 - output_exp + size;
}

} // namespace smooth::io

#endif
