#define BOOST_TEST_MODULE superaccumulator
#include <boost/test/unit_test.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <smooth/superaccumulator.hpp>

BOOST_AUTO_TEST_CASE(adds_and_removes_without_a_trace)
{
    smooth::superaccumulator acc;
    acc.add(1e300);
    acc.add(1.0);
    acc.add(-1e-300);
    acc.subtract(1e300);
    acc.add(1e-300);
    BOOST_TEST(acc.rounded() == 1.0);
    acc.subtract(1.0);
    BOOST_TEST(acc.parts().zero);
}

// Ties go to even: 1 + 2^-53 is half-way between 1 and 1 + 2^-52 and rounds to 1; one more
// bit far below decides it upwards.
BOOST_AUTO_TEST_CASE(rounds_to_nearest_ties_to_even)
{
    smooth::superaccumulator acc;
    acc.add(1.0);
    acc.add(0x1p-53);
    BOOST_TEST(acc.rounded() == 1.0);
    acc.add(0x1p-1074);
    BOOST_TEST(acc.rounded() == 1.0 + 0x1p-52);
    smooth::superaccumulator odd;
    odd.add(1.0 + 0x1p-52);
    odd.add(0x1p-53);
    BOOST_TEST(odd.rounded() == 1.0 + 0x1p-51); // the tie goes to the even neighbour, upwards
    smooth::superaccumulator negative;
    negative.add(-1.0);
    negative.add(-0x1p-53);
    negative.add(-0x1p-1074);
    BOOST_TEST(negative.rounded() == -(1.0 + 0x1p-52));
}

BOOST_AUTO_TEST_CASE(sums_past_double_range)
{
    smooth::superaccumulator acc;
    const double big = std::numeric_limits<double>::max();
    for (int i = 0; i < 3; ++i) {
        acc.add(big);
    }
    BOOST_TEST(std::isinf(acc.rounded()));
    BOOST_TEST(acc.mean(3) == big); // the mean is exact, though the sum is not a double
    acc.subtract(big);
    acc.subtract(big);
    BOOST_TEST(acc.rounded() == big);
}

BOOST_AUTO_TEST_CASE(subnormals_and_many_carries)
{
    smooth::superaccumulator acc;
    for (int i = 0; i < 100000; ++i) { // far more than carry_every additions
        acc.add(0x1p-1074);
        acc.add(0x1.fffffffffffffp+1023);
        acc.subtract(0x1.fffffffffffffp+1023);
    }
    BOOST_TEST(acc.rounded() == 100000 * 0x1p-1074);
}

// IEEE addition rounds a + b once, to nearest, ties to even: the superaccumulator holding a
// and b must round to the same double. Values of either sign and any exponent, so that the
// sum spans one word or many, anywhere in the 70, and is negative as often as positive; some
// after a run of additions and removals of other values (carries pending in many words).
// top_bits carries only the words the sum spans: this checks that the sign and the rounding
// come out as a carry through all 70 words gave them.
BOOST_AUTO_TEST_CASE(two_values_round_as_ieee_addition_does)
{
    std::mt19937_64 rng(70);
    std::uniform_real_distribution<double> unit(1.0, 2.0);
    const auto any_double = [&] {
        const int e = static_cast<int>(rng() % 2098) - 1074; // 2^-1074 .. 2^1023
        const double v = std::ldexp(unit(rng), e);
        return rng() % 2 == 0 ? v : -v;
    };
    std::size_t checked = 0;
    std::size_t wrong = 0;
    for (int k = 0; k < 200'000; ++k) {
        const double a = any_double();
        double b = any_double();
        if (k % 4 == 0) { // b near a in size: long carries, cancellations, a sum of one word
            b = std::ldexp(unit(rng), std::ilogb(a) - static_cast<int>(rng() % 60)) * (rng() % 2 == 0 ? 1.0 : -1.0);
        }
        const double want = a + b;
        if (!std::isfinite(want)) {
            continue;
        }
        smooth::superaccumulator acc;
        std::vector<double> noise;
        if (k % 3 == 0) {
            for (int j = 0; j < 50; ++j) {
                noise.push_back(any_double() * 0x1p-2);
                acc.add(noise.back());
            }
        }
        acc.add(a);
        acc.add(b);
        for (const double v : noise) {
            acc.subtract(v);
        }
        const double got = acc.rounded();
        ++checked;
        if (std::bit_cast<std::uint64_t>(got) != std::bit_cast<std::uint64_t>(want) && !(got == 0.0 && want == 0.0)) {
            if (++wrong <= 5) {
                BOOST_TEST_MESSAGE(std::hexfloat << a << " + " << b << ": " << got << ", IEEE " << want);
            }
        }
    }
    BOOST_TEST(wrong == 0U, wrong << " of " << checked << " sums rounded differently from a + b");
    BOOST_TEST(checked > 190'000U);
}
