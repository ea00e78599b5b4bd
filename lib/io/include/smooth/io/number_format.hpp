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

#include <fmt/format.h>

namespace smooth::io {

/// Room write_shortest needs at `out`.
inline constexpr int shortest_max_chars = 32;

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

/// The n decimal digits of v (v < 10^n, n <= 17) at out[0..n-1]. Built in registers and
/// stored whole (a copy from a scratch array waited on its byte stores); writes up to 17
/// bytes at out.
inline void put_digits(char* out, std::uint64_t v, int n)
{
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "digits8 lays digits out little-endian");
    const std::uint64_t last = digits8(static_cast<std::uint32_t>(v % 100000000));
    const std::uint64_t rest = v / 100000000;
    const std::uint64_t middle = digits8(static_cast<std::uint32_t>(rest % 100000000));
    const int skip = 17 - n; // leading zeros of the 17-digit form
    if (skip == 0) {
        out[0] = static_cast<char>('0' + rest / 100000000);
        std::memcpy(out + 1, &middle, 8);
        std::memcpy(out + 9, &last, 8);
    } else if (skip <= 8) {
        const int shift = 8 * (skip - 1); // 0 to 56: the two words as one, shifted right
        const std::uint64_t low = (middle >> shift) | ((last << 1) << (63 - shift));
        const std::uint64_t high = last >> shift;
        std::memcpy(out, &low, 8);
        std::memcpy(out + 8, &high, 8);
    } else {
        const std::uint64_t tail = last >> (8 * (skip - 9));
        std::memcpy(out, &tail, 8);
    }
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
    const std::uint64_t significand = dec.significand;
    const int size = detail::decimal_count(significand);
    const int exponent = dec.exponent;          // v = significand * 10^exponent
    const int output_exp = exponent + size - 1; // the power of ten of the first digit
    if (output_exp < -4 || output_exp >= 16) {
        // d[.ddd]e+XX: the digits one place right, then the first moved left over the point
        if (size > 1) {
            detail::put_digits(out + 1, significand, size);
            out[0] = out[1];
            out[1] = '.';
            out += size + 1;
        } else {
            *out++ = static_cast<char>('0' + significand);
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
    if (exponent >= 0) { // 1234e2 -> 123400
        detail::put_digits(out, significand, size);
        out += size;
        std::memset(out, '0', static_cast<std::size_t>(exponent)); // (after the digits' 17 bytes)
        return out + exponent;
    }
    if (output_exp >= 0) { // 1234e-2 -> 12.34
        const int whole = output_exp + 1;
        detail::put_digits(out + 1, significand, size);
        std::memmove(out, out + 1, static_cast<std::size_t>(whole));
        out[whole] = '.';
        return out + size + 1;
    }
    // 1234e-6 -> 0.001234
    const int zeros = -output_exp - 1;
    out[0] = '0';
    out[1] = '.';
    std::memset(out + 2, '0', static_cast<std::size_t>(zeros));
    detail::put_digits(out + 2 + zeros, significand, size);
    return out + 2 + zeros + size;
}

/// Appends v to buf as write_shortest writes it.
inline void append_shortest(fmt::memory_buffer& buf, double v)
{
    const auto at = buf.size();
    buf.resize(at + shortest_max_chars);
    char* end = write_shortest(buf.data() + at, v);
    buf.resize(static_cast<std::size_t>(end - buf.data()));
}

} // namespace smooth::io

#endif
