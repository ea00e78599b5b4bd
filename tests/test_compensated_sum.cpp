#define BOOST_TEST_MODULE compensated_sum
#include <boost/test/unit_test.hpp>

#include <smooth/compensated_sum.hpp>

BOOST_AUTO_TEST_CASE(two_sum_keeps_the_exact_error)
{
    double err = 0.0;
    const double s = smooth::compensated_sum::two_sum(1e17, 1.0, err);
    BOOST_TEST(s == 1e17);
    BOOST_TEST(err == 1.0); // the 1 that 1e17 + 1 rounds away
}

BOOST_AUTO_TEST_CASE(large_value_leaves_no_trace)
{
    smooth::compensated_sum sum;
    sum.add(1e17);
    for (int i = 0; i < 3; ++i) {
        sum.add(1.0);
    }
    sum.add(-1e17);
    BOOST_TEST(sum.value() == 3.0);
}

BOOST_AUTO_TEST_CASE(difference_of_new_and_leaving_value_is_exact)
{
    smooth::compensated_sum sum;
    sum.add_difference(1e17, 0.0);
    sum.add_difference(1.0, 0.0);
    sum.add_difference(1.0, 1e17); // 1 - 1e17 is itself inexact: its error must be kept too
    BOOST_TEST(sum.value() == 2.0);
}

BOOST_AUTO_TEST_CASE(renormalize_keeps_the_value)
{
    smooth::compensated_sum sum;
    sum.add(1.0);
    sum.add(1e-20);
    sum.add(1e-20);
    const double before_hi = sum.high();
    const double before_lo = sum.low();
    sum.renormalize();
    BOOST_TEST(sum.high() + sum.low() == before_hi + before_lo);
    BOOST_TEST(sum.low() == 2e-20);
    sum.add(-1.0);
    BOOST_TEST(sum.value() == 2e-20);
}

BOOST_AUTO_TEST_CASE(naive_sum_fails_where_compensated_sum_holds)
{
    // the case the class exists for: a naive sum loses the small values for good
    double naive = 1e17;
    smooth::compensated_sum sum;
    sum.add(1e17);
    for (int i = 0; i < 4; ++i) {
        naive += 1.0;
        sum.add(1.0);
    }
    naive -= 1e17;
    sum.add(-1e17);
    BOOST_TEST(naive != 4.0);
    BOOST_TEST(sum.value() == 4.0);
}
