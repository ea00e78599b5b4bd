#define BOOST_TEST_MODULE schedules
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <vector>

#include <smooth/optimizers/momentum.hpp>
#include <smooth/run.hpp>
#include <smooth/schedules.hpp>

namespace tt = boost::test_tools;
namespace sched = smooth::schedules;

BOOST_AUTO_TEST_CASE(linear_warm_up)
{
    const sched::linear s(0.5, 0.9, 4);
    const double expected[] = {0.5, 0.6, 0.7, 0.8, 0.9, 0.9};
    for (std::size_t t = 1; t <= 6; ++t) {
        BOOST_TEST(s(t) == expected[t - 1], tt::tolerance(1e-15));
    }
    BOOST_TEST(s(1000) == 0.9);
}

BOOST_AUTO_TEST_CASE(stepwise_warm_up)
{
    const sched::stepwise s(0.5, 0.9, 10);
    BOOST_TEST(s(1) == 0.5);
    BOOST_TEST(s(9) == 0.5);
    BOOST_TEST(s(10) == 0.9);
    BOOST_TEST(s(11) == 0.9);
}

// Sutskever et al. 2013, mu_t = min(1 - 2^(-1 - log2(floor(t/250) + 1)), mu_max)
BOOST_AUTO_TEST_CASE(sutskever_schedule)
{
    const sched::sutskever s(0.99);
    BOOST_TEST(s(1) == 0.5);
    BOOST_TEST(s(249) == 0.5);
    BOOST_TEST(s(250) == 0.75, tt::tolerance(1e-15));
    BOOST_TEST(s(499) == 0.75, tt::tolerance(1e-15));
    BOOST_TEST(s(500) == 1.0 - 1.0 / 6.0, tt::tolerance(1e-15)); // 1 - 2^(-1 - log2 3)
    BOOST_TEST(s(750) == 0.875, tt::tolerance(1e-15));
    BOOST_TEST(s(1000) == 0.9, tt::tolerance(1e-15));
    BOOST_TEST(s(1750) == 0.9375, tt::tolerance(1e-15));
    BOOST_TEST(sched::sutskever(0.9)(1e6) == 0.9); // capped
}

BOOST_AUTO_TEST_CASE(step_size_schedules)
{
    const sched::step_decay d(0.1, 10.0, 100);
    BOOST_TEST(d(1) == 0.1);
    BOOST_TEST(d(100) == 0.1);
    BOOST_TEST(d(101) == 0.01, tt::tolerance(1e-15));
    BOOST_TEST(d(201) == 0.001, tt::tolerance(1e-15));
    const sched::inverse_time i(0.1, 0.5);
    BOOST_TEST(i(1) == 0.1);
    BOOST_TEST(i(3) == 0.05, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(bad_parameters)
{
    BOOST_CHECK_THROW(sched::linear(0.5, 1.0, 10), std::invalid_argument);
    BOOST_CHECK_THROW(sched::linear(0.5, 0.9, 0), std::invalid_argument);
    BOOST_CHECK_THROW(sched::stepwise(-0.5, 0.9, 10), std::invalid_argument);
    BOOST_CHECK_THROW(sched::sutskever(1.0), std::invalid_argument);
    BOOST_CHECK_THROW(sched::step_decay(0.1, 0.5, 10), std::invalid_argument);
    BOOST_CHECK_THROW(sched::inverse_time(0.1, -1.0), std::invalid_argument);
}

// The run loop hands beta_t to the optimizer before step t: the velocity follows
// v_t = beta_t v_(t-1) + (1 - beta_t) g_t, worked by hand on f = w^2/2.
BOOST_AUTO_TEST_CASE(schedule_drives_the_run)
{
    auto f = [](std::span<const double> w, std::span<double> g) {
        g[0] = w[0];
        return 0.5 * w[0] * w[0];
    };
    smooth::momentum opt(0.1, 0.5);
    smooth::run_options options;
    options.max_steps = 3;
    options.beta_schedule = sched::linear(0.5, 0.9, 2); // 0.5, 0.7, 0.9
    smooth::trajectory path;
    smooth::minimize(f, opt, {1.0}, options, path);
    double w = 1.0;
    double v = 0.0;
    const double betas[] = {0.5, 0.7, 0.9};
    for (int t = 0; t < 3; ++t) {
        v = betas[t] * v + (1 - betas[t]) * w;
        w -= 0.1 * v;
        BOOST_TEST(path.rows[t + 1].w[0] == w, tt::tolerance(1e-15));
        BOOST_TEST(path.rows[t + 1].velocity[0] == v, tt::tolerance(1e-15));
    }
}
