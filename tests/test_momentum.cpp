#define BOOST_TEST_MODULE momentum
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include <smooth/optimizers/momentum.hpp>

#include "optimizer_check.hpp"

namespace tt = boost::test_tools;

// tests/REFERENCES.md [H1]-[H3], EMA form (the article's)
BOOST_AUTO_TEST_CASE(golden_rows)
{
    smooth::momentum plain(0.1, 0.9);
    BOOST_TEST(first_iterates(plain) == std::vector<double>({0.99, 0.9711, 0.944379}),
               tt::tolerance(1e-14) << tt::per_element());
    smooth::momentum corrected(0.1, 0.9, {.bias_correction = true});
    const auto c = first_iterates(corrected);
    BOOST_TEST(c[0] == 0.9, tt::tolerance(1e-14));
    BOOST_TEST(c[1] == 0.805263158, tt::tolerance(1e-9));
    BOOST_TEST(c[2] == 0.715770, tt::tolerance(1e-6));
    // alpha 1.0 in the EMA form is PyTorch's lr 0.1 = 1.0 (1 - 0.9)
    smooth::momentum big(1.0, 0.9);
    BOOST_TEST(first_iterates(big) == std::vector<double>({0.9, 0.72, 0.486}), tt::tolerance(1e-14) << tt::per_element());
}

// Nesterov in the EMA form with alpha 1.0 is PyTorch's nesterov with lr 0.1 (golden row).
BOOST_AUTO_TEST_CASE(nesterov_golden_row)
{
    smooth::momentum nag(1.0, 0.9, {.nesterov = true});
    BOOST_TEST(first_iterates(nag) == std::vector<double>({0.81, 0.5751, 0.327321}),
               tt::tolerance(1e-13) << tt::per_element());
}

// The velocity is the library's EMA of the gradients: V_t of the gradient sequence.
BOOST_AUTO_TEST_CASE(velocity_is_the_ema_of_the_gradients)
{
    smooth::momentum opt(0.1, 0.9);
    std::vector<double> w{1.0, -2.0};
    const std::vector<std::vector<double>> grads{{1, 2}, {3, -1}, {0.5, 0.5}};
    std::vector<double> v{0, 0};
    for (auto const& g : grads) {
        opt.step(w, g);
        for (int i = 0; i < 2; ++i) {
            v[i] = 0.9 * v[i] + (1 - 0.9) * g[i];
        }
    }
    BOOST_TEST(std::vector<double>(opt.velocity().begin(), opt.velocity().end()) == v, tt::per_element());
}

BOOST_AUTO_TEST_CASE(steps_reuse_the_velocity_buffer)
{
    smooth::momentum opt(0.1, 0.9);
    std::vector<double> w(1000, 1.0);
    std::vector<double> g(1000, 0.5);
    opt.step(w, g);
    const double* buffer = opt.velocity().data();
    for (int k = 0; k < 10; ++k) {
        opt.step(w, g);
    }
    BOOST_TEST(opt.velocity().data() == buffer); // no reallocation after the first step
    BOOST_CHECK_THROW(opt.step(w, std::vector<double>(3, 0.0)), std::invalid_argument);
}

// What a change of beta does to the buffer: on a constant gradient the EMA velocity is
// already the gradient itself, so a new beta changes nothing about the step.
BOOST_AUTO_TEST_CASE(changing_beta_keeps_the_average)
{
    smooth::momentum opt(0.1, 0.5);
    std::vector<double> w{0.0};
    const std::vector<double> g{1.0};
    for (int k = 0; k < 60; ++k) {
        opt.step(w, g);
    }
    BOOST_TEST(opt.velocity()[0] == 1.0, tt::tolerance(1e-15));
    opt.set_beta(0.9);
    const double before = w[0];
    opt.step(w, g);
    BOOST_TEST(before - w[0] == 0.1, tt::tolerance(1e-12)); // alpha * 1, as before the change
    opt.set_alpha(0.2);
    const double before2 = w[0];
    opt.step(w, g);
    BOOST_TEST(before2 - w[0] == 0.2, tt::tolerance(1e-12)); // a new alpha scales at once
    BOOST_CHECK_THROW(opt.set_beta(1.0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(bad_parameters)
{
    BOOST_CHECK_THROW(smooth::momentum(0.1, 1.0), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::momentum(0.1, -0.1), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::momentum(0.0, 0.9), std::invalid_argument);
    BOOST_CHECK_THROW(smooth::momentum(NAN, 0.9), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(step_sizes_are_checked)
{
    check_step_sizes_are_checked(smooth::momentum(0.1, 0.9), "momentum");
}

// The textbook step (momentum.hpp's smooth::textbook::momentum: v = beta v + (1 - beta) g;
// w -= alpha v) and smooth::momentum give the same weights and velocity, bit for bit, over a
// million steps of a noisy quadratic and on gradients across the exponent range.
BOOST_AUTO_TEST_CASE(the_momentum_step_is_the_textbook_step_bit_for_bit)
{
    std::mt19937_64 rng(11);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_int_distribution<int> exponent(-300, 300);
    for (const double beta : {0.9, 0.0, 0.999}) {
        smooth::momentum fast(0.01, beta);
        smooth::textbook::momentum book(0.01, beta);
        std::vector<double> w1{1.0, -2.0, 3.0};
        std::vector<double> w2 = w1;
        std::vector<double> g(3);
        std::size_t differ = 0;
        for (int t = 0; t < 1'000'000 / 3; ++t) {
            for (std::size_t i = 0; i < 3; ++i) { // a quadratic's gradient, noisy; now and then a wild one
                g[i] = (t % 1000 == 0 ? std::ldexp(1.0, exponent(rng)) : (i + 1.0) * w1[i]) + noise(rng);
            }
            fast.step(w1, g);
            book.step(w2, g);
            for (std::size_t i = 0; i < 3; ++i) {
                differ += std::memcmp(&w1[i], &w2[i], sizeof(double)) == 0 && std::memcmp(&fast.velocity()[i], &book.velocity()[i], sizeof(double)) == 0 ? 0 : 1;
            }
            w2 = w1; // the same point for both next time, so a wild gradient does not send them apart
        }
        BOOST_TEST(differ == 0U, "beta " << beta);
    }
}
