// Test helper: the first iterates of an optimizer on f(w) = w^2 / 2 from w_0 = 1 (gradient
// g = w), the problem of tests/REFERENCES.md's PyTorch table.
#ifndef SMOOTH_TESTS_OPTIMIZER_CHECK_HPP
#define SMOOTH_TESTS_OPTIMIZER_CHECK_HPP

#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

template <typename O>
std::vector<double> first_iterates(O& opt, int steps = 3)
{
    std::vector<double> w{1.0};
    std::vector<double> g(1);
    std::vector<double> out;
    for (int k = 0; k < steps; ++k) {
        g[0] = w[0];
        opt.step(std::span<double>(w), std::span<const double>(g));
        out.push_back(w[0]);
    }
    return out;
}

/// A step whose w and g differ in length, or whose g differs from the velocity the first step
/// made, throws std::invalid_argument naming the sizes, and leaves w as it was (before: the
/// step read and wrote past the end of the shorter buffer).
template <typename O>
void check_step_sizes_are_checked(O opt, std::string const& name)
{
    std::vector<double> w{1.0, 2.0, 3.0};
    std::vector<double> g{0.5, 0.5};
    const auto message = [&](auto&& step) {
        try {
            step();
        } catch (std::invalid_argument const& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message([&] { opt.step(std::span<double>(w), std::span<const double>(g)); }) ==
               name + " step: w has 3 elements and g 2; they must be equal");
    BOOST_TEST(w == std::vector<double>({1.0, 2.0, 3.0}));
    std::vector<double> g3{0.5, 0.5, 0.5};
    opt.step(std::span<double>(w), std::span<const double>(g3));
    std::vector<double> w2{1.0, 2.0};
    if (!opt.velocity().empty()) { // a velocity of 3 from the first step: 2 now is an error
        BOOST_TEST(message([&] { opt.step(std::span<double>(w2), std::span<const double>(g)); }) ==
                   name + " step: g has 2 elements and the velocity 3 (from the first step); they must be equal");
    }
}

#endif
