#define BOOST_TEST_MODULE parameter_error
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

#include <smooth/parameter_error.hpp>

BOOST_AUTO_TEST_CASE(shortest_round_trips)
{
    BOOST_TEST(smooth::shortest(0.1) == "0.1");
    BOOST_TEST(smooth::shortest(1.0) == "1");
    BOOST_TEST(smooth::shortest(-0.1) == "-0.1");
    BOOST_TEST(smooth::shortest(1.0 / 3.0) == "0.3333333333333333");
    BOOST_TEST(smooth::shortest(NAN) == "nan");
    BOOST_TEST(std::stod(smooth::shortest(2.0 / 3.0)) == 2.0 / 3.0);
}

BOOST_AUTO_TEST_CASE(message_names_the_value)
{
    try {
        smooth::throw_parameter_error("beta", "in [0, 1)", 1.5);
        BOOST_FAIL("no exception");
    } catch (std::invalid_argument const& e) {
        BOOST_TEST(std::string(e.what()) == "beta must be in [0, 1), got 1.5");
    }
}
