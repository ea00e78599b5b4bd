// Convex quadratics, the problems whose optimisers the theory (theory.hpp) predicts exactly.
//   diagonal_quadratic: f(w) = 1/2 sum_i lambda_i w_i^2        (eigenvalues given)
//   spd_quadratic:      f(w) = 1/2 w^T A w - b^T w             (A symmetric positive definite)
#ifndef SMOOTH_PROBLEMS_QUADRATIC_HPP
#define SMOOTH_PROBLEMS_QUADRATIC_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <smooth/parameter_error.hpp>

namespace smooth::problems {

class diagonal_quadratic {
public:
    /// Every eigenvalue must be finite and > 0 (a strictly convex bowl).
    explicit diagonal_quadratic(std::vector<double> eigenvalues) : lambda_(std::move(eigenvalues))
    {
        if (lambda_.empty()) {
            throw std::invalid_argument("quadratic needs at least one eigenvalue");
        }
        for (const double l : lambda_) {
            if (!(l > 0.0) || std::isinf(l)) {
                throw_parameter_error("quadratic eigenvalue", "finite and > 0", l);
            }
        }
    }

    double operator()(std::span<const double> w, std::span<double> g) const
    {
        check_problem_sizes("diagonal_quadratic", lambda_.size(), w.size(), g.size());
        double f = 0.0;
        for (std::size_t i = 0; i < lambda_.size(); ++i) {
            g[i] = lambda_[i] * w[i];
            f += 0.5 * lambda_[i] * w[i] * w[i];
        }
        return f;
    }

    [[nodiscard]] std::size_t dimension() const { return lambda_.size(); }
    [[nodiscard]] std::vector<double> const& eigenvalues() const { return lambda_; }
    /// The step the tools use when given none: half of gradient descent's limit 2 / lambda_max.
    [[nodiscard]] double default_alpha() const { return 1.0 / lambda_max(); }
    [[nodiscard]] double lambda_min() const { return *std::min_element(lambda_.begin(), lambda_.end()); }
    [[nodiscard]] double lambda_max() const { return *std::max_element(lambda_.begin(), lambda_.end()); }
    /// The documented start: every coordinate 1.
    [[nodiscard]] std::vector<double> start() const { return std::vector<double>(lambda_.size(), 1.0); }
    [[nodiscard]] std::vector<double> minimizer() const { return std::vector<double>(lambda_.size(), 0.0); }
    [[nodiscard]] double minimum() const { return 0.0; }

private:
    std::vector<double> lambda_;
};

class spd_quadratic {
public:
    /// a: n x n, row-major, symmetric positive definite (checked by a Cholesky factorisation).
    spd_quadratic(std::vector<double> a, std::vector<double> b) : a_(std::move(a)), b_(std::move(b))
    {
        const std::size_t n = b_.size();
        if (n == 0 || a_.size() != n * n) {
            throw std::invalid_argument("spd_quadratic: A must be n x n for b of length n = " +
                                        std::to_string(n));
        }
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (a_[i * n + j] != a_[j * n + i]) {
                    throw std::invalid_argument("spd_quadratic: A is not symmetric at (" +
                                                std::to_string(i) + ", " + std::to_string(j) + ")");
                }
            }
        }
        minimizer_ = solve(b_);
    }

    double operator()(std::span<const double> w, std::span<double> g) const
    {
        const std::size_t n = b_.size();
        check_problem_sizes("spd_quadratic", n, w.size(), g.size());
        double f = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            double aw = 0.0;
            for (std::size_t j = 0; j < n; ++j) {
                aw += a_[i * n + j] * w[j];
            }
            g[i] = aw - b_[i];
            f += 0.5 * w[i] * aw - b_[i] * w[i];
        }
        return f;
    }

    [[nodiscard]] std::size_t dimension() const { return b_.size(); }
    /// The documented start: the origin.
    [[nodiscard]] std::vector<double> start() const { return std::vector<double>(b_.size(), 0.0); }
    /// A^-1 b.
    [[nodiscard]] std::vector<double> const& minimizer() const { return minimizer_; }
    /// -1/2 b^T A^-1 b.
    [[nodiscard]] double minimum() const
    {
        double s = 0.0;
        for (std::size_t i = 0; i < b_.size(); ++i) {
            s += b_[i] * minimizer_[i];
        }
        return -0.5 * s;
    }

private:
    /// Cholesky A = L L^T, then two triangular solves; throws if A is not positive definite.
    [[nodiscard]] std::vector<double> solve(std::vector<double> const& rhs) const
    {
        const std::size_t n = rhs.size();
        std::vector<double> l(n * n, 0.0);
        for (std::size_t j = 0; j < n; ++j) {
            double d = a_[j * n + j];
            for (std::size_t k = 0; k < j; ++k) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (!(d > 0.0)) {
                throw std::invalid_argument("spd_quadratic: A is not positive definite");
            }
            l[j * n + j] = std::sqrt(d);
            for (std::size_t i = j + 1; i < n; ++i) {
                double s = a_[i * n + j];
                for (std::size_t k = 0; k < j; ++k) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / l[j * n + j];
            }
        }
        std::vector<double> y(n);
        for (std::size_t i = 0; i < n; ++i) {
            double s = rhs[i];
            for (std::size_t k = 0; k < i; ++k) {
                s -= l[i * n + k] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        std::vector<double> x(n);
        for (std::size_t i = n; i-- > 0;) {
            double s = y[i];
            for (std::size_t k = i + 1; k < n; ++k) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    std::vector<double> a_;
    std::vector<double> b_;
    std::vector<double> minimizer_;
};

} // namespace smooth::problems

#endif
