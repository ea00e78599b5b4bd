#define BOOST_TEST_MODULE number_format
#include <boost/test/unit_test.hpp>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <smooth/io/number_format.hpp>

// smooth::io::write_shortest promises fmt's "{}" byte for byte: fmt (Debian's libfmt) is the
// reference here, on every kind of double.

namespace {

std::string ours(double v)
{
    char text[smooth::io::shortest_max_chars];
    return {text, smooth::io::write_shortest(text, v)};
}

std::string theirs(double v)
{
    return fmt::format(FMT_COMPILE("{}"), v);
}

/// How many of the values differ; the first few are reported.
struct comparison {
    long checked = 0;
    long differ = 0;
    void operator()(double v)
    {
        ++checked;
        const auto a = ours(v);
        const auto b = theirs(v);
        if (a != b && differ++ < 10) {
            BOOST_TEST_MESSAGE("ours " << a << ", fmt " << b);
        }
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_notations_and_their_edges)
{
    BOOST_TEST(ours(0.0) == "0");
    BOOST_TEST(ours(-0.0) == "-0");
    BOOST_TEST(ours(1.0) == "1");
    BOOST_TEST(ours(0.1) == "0.1");
    BOOST_TEST(ours(-2.5) == "-2.5");
    BOOST_TEST(ours(100.0) == "100");
    BOOST_TEST(ours(0.0001) == "0.0001");  // the last fixed one below 1
    BOOST_TEST(ours(0.00001) == "1e-05");  // two exponent digits at least
    BOOST_TEST(ours(1e15) == "1000000000000000");
    BOOST_TEST(ours(1e16) == "1e+16");
    BOOST_TEST(ours(1.5e300) == "1.5e+300");
    BOOST_TEST(ours(0.30000000000000004) == "0.30000000000000004"); // 17 digits
    BOOST_TEST(ours(123456789012345680.0) == "1.2345678901234568e+17");
    BOOST_TEST(ours(DBL_MAX) == "1.7976931348623157e+308");
    BOOST_TEST(ours(std::numeric_limits<double>::denorm_min()) == "5e-324");
    BOOST_TEST(ours(std::numeric_limits<double>::infinity()) == "inf");
    BOOST_TEST(ours(-std::numeric_limits<double>::infinity()) == "-inf");
    BOOST_TEST(ours(std::numeric_limits<double>::quiet_NaN()) == "nan");
    BOOST_TEST(ours(-std::numeric_limits<double>::quiet_NaN()) == "-nan");
}

BOOST_AUTO_TEST_CASE(every_digit_count_and_decimal_exponent_as_fmt)
{
    // m * 10^e for 1 to 17 digits of m and every exponent a double has
    comparison check;
    std::mt19937_64 gen(7);
    for (int digits = 1; digits <= 17; ++digits) {
        const auto low = static_cast<std::uint64_t>(std::pow(10.0, digits - 1));
        std::uniform_int_distribution<std::uint64_t> pick(low, low * 10 - 1);
        for (int e = -340; e <= 310; ++e) {
            for (int k = 0; k < 3; ++k) {
                const double v = std::strtod(fmt::format("{}e{}", pick(gen), e).c_str(), nullptr); // 0, inf at the ends
                check(v);
                check(-v);
            }
        }
    }
    BOOST_TEST(check.checked > 60000);
    BOOST_TEST(check.differ == 0);
}

BOOST_AUTO_TEST_CASE(random_doubles_as_fmt)
{
    comparison check;
    std::mt19937_64 gen(11);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < 300000; ++i) {
        const std::uint64_t bits = gen(); // every exponent, subnormals, NaNs with payloads
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        check(v);
        const double u = unit(gen);
        check(u);                              // 15 to 17 digits, as measured data
        check(100 + 10 * (u - 0.5));           // the benchmark's series
        check(std::round(u * 1e6) / 100);      // few digits, as prices
        check(std::ldexp(u, static_cast<int>(gen() % 200) - 100));
    }
    for (std::uint64_t n = 1; n < 100000; n += 7) { // whole numbers
        check(static_cast<double>(n));
    }
    BOOST_TEST(check.differ == 0);
}

// write_shortest's digits come from SSE2 where the processor has it (every x86-64), from the
// portable word arithmetic elsewhere: the two forms give the same bytes, here for every group
// of four digits in each of the four places of both 8-digit halves, the powers of ten and
// their neighbours, and random significands of every length (the checks above hold the
// form in use to fmt; these hold the other one, which an x86-64 build never runs).
BOOST_AUTO_TEST_CASE(the_sse2_and_the_portable_digits_agree)
{
#if defined(__SSE2__)
    namespace d = smooth::io::detail;
    long checked = 0;
    long differ = 0;
    const auto check = [&](std::uint64_t v) {
        const int n = d::decimal_count(v);
        const d::text24 a = d::digits_of_sse2(v, n);
        const d::text24 b = d::digits_of_swar(v, n);
        ++checked;
        if (a.w0 != b.w0 || a.w1 != b.w1 || a.w2 != b.w2) {
            if (differ++ < 10) {
                BOOST_TEST_MESSAGE("digits of " << v << " differ");
            }
        }
    };
    std::mt19937_64 gen(24);
    constexpr std::uint64_t e4 = 10000;
    constexpr std::uint64_t e8 = 100000000;
    for (std::uint64_t g = 0; g < e4; ++g) {
        const std::uint64_t other = gen() % e4;
        for (const std::uint64_t place : {std::uint64_t{1}, e4, e8, e8 * e4}) {
            check(g * place + other * (place == 1 ? e4 : 1) + 1); // (+1: never 0)
        }
    }
    std::uint64_t p = 1;
    for (int k = 0; k <= 16; ++k, p *= 10) {
        check(p);
        check(p + 1);
        if (p > 1) {
            check(p - 1);
        }
    }
    check(99999999999999999ULL); // 17 nines, the largest significand
    for (int n = 1; n <= 17; ++n) {
        const std::uint64_t low = n == 1 ? 1 : static_cast<std::uint64_t>(std::pow(10.0, n - 1));
        for (int k = 0; k < 20000; ++k) {
            check(low + gen() % (low * 9));
        }
    }
    BOOST_TEST(checked > 380000);
    BOOST_TEST(differ == 0);
#else
    BOOST_TEST_MESSAGE("no SSE2 in this build: digits_of is the portable form, held to fmt above");
#endif
}
