#define BOOST_TEST_MODULE superaccumulator
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

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
