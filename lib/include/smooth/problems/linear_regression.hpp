// Linear regression with the mean squared error, on a generated, seeded data set: the
// article's first section. Example i has features x_i = (1, u_i1, ..., u_i(d-1)) with
// u ~ N(0, 1) and label y_i = x_i . w_true + noise, noise ~ N(0, sigma^2).
//
//   L(w) = 1/n sum_i (x_i . w - y_i)^2,   dL/dw_j = 2/n sum_i (x_i . w - y_i) x_ij
//
// A mini-batch of m examples gives the same formulas over those m (m = 1: stochastic
// gradient descent; m = n: batch).
#ifndef SMOOTH_PROBLEMS_LINEAR_REGRESSION_HPP
#define SMOOTH_PROBLEMS_LINEAR_REGRESSION_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <smooth/parameter_error.hpp>

namespace smooth::problems {

class linear_regression {
public:
    /// n examples; w_true's first entry is the intercept; seed makes the data reproducible.
    linear_regression(std::size_t n, std::vector<double> w_true, double noise, std::uint64_t seed)
        : n_(n), d_(w_true.size()), w_true_(std::move(w_true)), noise_(noise)
    {
        if (n_ == 0) {
            throw std::invalid_argument("linear_regression needs at least one example");
        }
        if (d_ == 0) {
            throw std::invalid_argument("linear_regression needs at least one weight");
        }
        if (!(noise_ >= 0.0) || std::isinf(noise_)) {
            throw_parameter_error("linear_regression noise", "finite and >= 0", noise_);
        }
        std::mt19937_64 rng(seed);
        std::normal_distribution<double> normal(0.0, 1.0);
        x_.resize(n_ * d_);
        y_.resize(n_);
        for (std::size_t i = 0; i < n_; ++i) {
            double y = 0.0;
            for (std::size_t j = 0; j < d_; ++j) {
                const double xij = j == 0 ? 1.0 : normal(rng);
                x_[i * d_ + j] = xij;
                y += xij * w_true_[j];
            }
            y_[i] = y + noise_ * normal(rng);
        }
    }

    /// The article's default: y = 1.5 - 2 u + N(0, 0.5^2), n examples.
    static linear_regression article_example(std::size_t n = 256, std::uint64_t seed = 1)
    {
        return linear_regression(n, {1.5, -2.0}, 0.5, seed);
    }

    /// Full-batch loss and gradient.
    double operator()(std::span<const double> w, std::span<double> g) const
    {
        check_problem_sizes("linear_regression", d_, w.size(), g.size());
        return accumulate(w, g, [](std::size_t i) { return i; }, n_);
    }

    /// Loss and gradient over the examples listed in `batch`.
    double batch_gradient(std::span<const double> w, std::span<double> g,
                          std::span<const std::size_t> batch) const
    {
        check_problem_sizes("linear_regression", d_, w.size(), g.size());
        if (batch.empty()) {
            throw std::invalid_argument("linear_regression: a batch needs at least one example");
        }
        for (const std::size_t i : batch) {
            if (i >= n_) {
                throw std::invalid_argument("linear_regression: batch index " + std::to_string(i) + " is past the " +
                                            std::to_string(n_) + " examples");
            }
        }
        return accumulate(w, g, [&](std::size_t k) { return batch[k]; }, batch.size());
    }

    [[nodiscard]] std::size_t examples() const { return n_; }
    [[nodiscard]] std::size_t dimension() const { return d_; }
    [[nodiscard]] std::vector<double> const& true_weights() const { return w_true_; }
    [[nodiscard]] double noise() const { return noise_; }
    [[nodiscard]] std::span<const double> features(std::size_t i) const { return {&x_[i * d_], d_}; }
    [[nodiscard]] double label(std::size_t i) const { return y_[i]; }
    /// The documented start: all weights 0.
    [[nodiscard]] std::vector<double> start() const { return std::vector<double>(d_, 0.0); }
    /// The step the tools use when given none: stable for one example at a time on these data.
    [[nodiscard]] double default_alpha() const { return 0.05; }

    /// The exact minimiser of L: the least-squares solution of the normal equations.
    [[nodiscard]] std::vector<double> minimizer() const
    {
        std::vector<double> a(d_ * d_, 0.0);
        std::vector<double> b(d_, 0.0);
        for (std::size_t i = 0; i < n_; ++i) {
            for (std::size_t j = 0; j < d_; ++j) {
                b[j] += x_[i * d_ + j] * y_[i];
                for (std::size_t k = 0; k < d_; ++k) {
                    a[j * d_ + k] += x_[i * d_ + j] * x_[i * d_ + k];
                }
            }
        }
        // Gaussian elimination with partial pivoting (d is small).
        for (std::size_t c = 0; c < d_; ++c) {
            std::size_t p = c;
            for (std::size_t r = c + 1; r < d_; ++r) {
                if (std::abs(a[r * d_ + c]) > std::abs(a[p * d_ + c])) {
                    p = r;
                }
            }
            if (a[p * d_ + c] == 0.0) {
                throw std::runtime_error("linear_regression: the features are linearly dependent");
            }
            for (std::size_t k = 0; k < d_; ++k) {
                std::swap(a[c * d_ + k], a[p * d_ + k]);
            }
            std::swap(b[c], b[p]);
            for (std::size_t r = c + 1; r < d_; ++r) {
                const double f = a[r * d_ + c] / a[c * d_ + c];
                for (std::size_t k = c; k < d_; ++k) {
                    a[r * d_ + k] -= f * a[c * d_ + k];
                }
                b[r] -= f * b[c];
            }
        }
        std::vector<double> w(d_);
        for (std::size_t c = d_; c-- > 0;) {
            double s = b[c];
            for (std::size_t k = c + 1; k < d_; ++k) {
                s -= a[c * d_ + k] * w[k];
            }
            w[c] = s / a[c * d_ + c];
        }
        return w;
    }

private:
    template <typename Index>
    double accumulate(std::span<const double> w, std::span<double> g, Index index, std::size_t m) const
    {
        for (std::size_t j = 0; j < d_; ++j) {
            g[j] = 0.0;
        }
        double loss = 0.0;
        for (std::size_t k = 0; k < m; ++k) {
            const std::size_t i = index(k);
            double r = -y_[i];
            for (std::size_t j = 0; j < d_; ++j) {
                r += x_[i * d_ + j] * w[j];
            }
            loss += r * r;
            for (std::size_t j = 0; j < d_; ++j) {
                g[j] += r * x_[i * d_ + j];
            }
        }
        const double scale = 2.0 / static_cast<double>(m);
        for (std::size_t j = 0; j < d_; ++j) {
            g[j] *= scale;
        }
        return loss / static_cast<double>(m);
    }

    std::size_t n_;
    std::size_t d_;
    std::vector<double> w_true_;
    double noise_;
    std::vector<double> x_; // n x d, row-major
    std::vector<double> y_;
};

} // namespace smooth::problems

#endif
