#define BOOST_TEST_MODULE pytorch_sgd
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/optimizers/pytorch_sgd.hpp>

#include "optimizer_check.hpp"

namespace tt = boost::test_tools;
using smooth::pytorch_sgd;

// tests/REFERENCES.md [T1]-[T5] (torch.optim.SGD 1.13), lr 0.1, f = w^2/2, w_0 = 1
BOOST_AUTO_TEST_CASE(golden_rows)
{
    struct row {
        smooth::pytorch_sgd_options options;
        std::vector<double> expected;
    };
    const row rows[] = {
        {{}, {0.9, 0.81, 0.729}},
        {{.momentum = 0.9}, {0.9, 0.72, 0.486}},
        {{.momentum = 0.9, .nesterov = true}, {0.81, 0.5751, 0.327321}},
        {{.momentum = 0.9, .dampening = 0.9}, {0.9, 0.801, 0.70389}},
        {{.momentum = 0.9, .weight_decay = 0.1}, {0.89, 0.6931, 0.439649}},
    };
    for (auto const& r : rows) {
        pytorch_sgd opt(0.1, r.options);
        BOOST_TEST(first_iterates(opt) == r.expected, tt::tolerance(1e-12) << tt::per_element());
    }
}

BOOST_AUTO_TEST_CASE(dampening_is_not_applied_on_the_first_step)
{
    pytorch_sgd opt(0.1, {.momentum = 0.9, .dampening = 0.5});
    std::vector<double> w{1.0};
    const std::vector<double> g{2.0};
    opt.step(w, g);
    BOOST_TEST(opt.velocity()[0] == 2.0); // b = g, not (1 - 0.5) g
    opt.step(w, g);
    BOOST_TEST(opt.velocity()[0] == 0.9 * 2.0 + 0.5 * 2.0);
}

BOOST_AUTO_TEST_CASE(rejects_what_pytorch_rejects)
{
    auto message = [](smooth::pytorch_sgd_options o) -> std::string {
        try {
            pytorch_sgd opt(0.1, o);
        } catch (std::invalid_argument const& e) {
            return e.what();
        }
        return "accepted";
    };
    BOOST_TEST(message({.momentum = 0.0, .nesterov = true}) ==
               "Nesterov momentum requires a momentum and zero dampening (got momentum 0, dampening 0)");
    BOOST_TEST(message({.momentum = 0.9, .dampening = 0.1, .nesterov = true}) ==
               "Nesterov momentum requires a momentum and zero dampening (got momentum 0.9, dampening 0.1)");
    BOOST_TEST(message({.momentum = -0.5}) == "momentum must be finite and >= 0, got -0.5");
    BOOST_TEST(message({.weight_decay = -1}) == "weight_decay must be finite and >= 0, got -1");
    BOOST_CHECK_THROW(pytorch_sgd(-0.1), std::invalid_argument);
    // torch 1.13 refuses lr < 0 only; NaN and inf it lets through, and here they are refused
    try {
        pytorch_sgd opt(-0.1);
        BOOST_FAIL("lr -0.1 accepted");
    } catch (std::invalid_argument const& e) {
        BOOST_TEST(std::string(e.what()) == "lr must be finite and >= 0, got -0.1");
    }
    BOOST_CHECK_THROW(pytorch_sgd(NAN), std::invalid_argument);
    BOOST_CHECK_THROW(pytorch_sgd(0.1, {.momentum = 0.9, .dampening = INFINITY}), std::invalid_argument);
}

// torch 1.13 (tests/reference/torch_values.py, tests/REFERENCES.md): SGD accepts lr = 0 and
// any dampening, and has maximize; f = w^2/2, w_0 = 1, three steps
BOOST_AUTO_TEST_CASE(accepts_what_pytorch_accepts)
{
    struct row {
        double lr;
        smooth::pytorch_sgd_options options;
        std::vector<double> expected;
    };
    const row rows[] = {
        {0.1, {.momentum = 0.9, .maximize = true}, {1.1, 1.3, 1.61}},
        {0.0, {.momentum = 0.9}, {1.0, 1.0, 1.0}},
        {0.1, {.momentum = 0.9, .dampening = 2.0}, {0.9, 0.9, 0.99}},
        {0.1, {.momentum = 0.9, .dampening = -0.5}, {0.9, 0.675, 0.37125}},
        {0.1, {.momentum = 0.9, .weight_decay = 0.1, .maximize = true}, {1.09, 1.2691000000000001, 1.5445090000000001}},
    };
    for (auto const& r : rows) {
        pytorch_sgd opt(r.lr, r.options);
        BOOST_TEST(first_iterates(opt) == r.expected, tt::tolerance(1e-12) << tt::per_element());
    }
}

BOOST_AUTO_TEST_CASE(step_sizes_are_checked)
{
    check_step_sizes_are_checked(smooth::pytorch_sgd(0.1, {.momentum = 0.9}), "pytorch_sgd");
}
