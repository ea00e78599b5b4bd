// The methods' vocabulary, in one place: which method (gradient descent, momentum, Nesterov),
// in which of the three spellings of momentum (the article's EMA form, distill's classic form,
// torch.optim.SGD's), the names people type for them, the step-size conversion between the
// forms, and the one rate function that theory, sweeps, descend, explore and tutorial 7 all
// call. docs/momentum-conventions.md explains the forms; theory.hpp derives the rates.
//
//   EMA form      v = beta v + (1 - beta) g;  w -= alpha v         (the article)
//   classic form  b = beta b + g;             w -= alpha' b        (distill; torch's lr = alpha')
//   alpha' = alpha (1 - beta): the same iterates while beta is constant (conversions.hpp).
//
//   auto m = smooth::method_named("nesterov");            // std::optional<smooth::method>
//   auto rate = smooth::predicted_rate(smooth::method::momentum, smooth::momentum_form::ema, 0.1,
//                                      0.6694214876033058, std::vector<double>{1, 100});   // 9/11: distill's optimum
#ifndef SMOOTH_METHODS_HPP
#define SMOOTH_METHODS_HPP

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string_view>

#include <smooth/optimizers/conversions.hpp> // classic_alpha_from_ema, ema_alpha_from_classic
#include <smooth/theory.hpp>

namespace smooth {

enum class method { gd, momentum, nesterov };

inline std::string_view to_string(method m)
{
    switch (m) {
    case method::gd:
        return "gd";
    case method::momentum:
        return "momentum";
    case method::nesterov:
        return "nesterov";
    }
    return "?";
}

inline std::optional<method> method_named(std::string_view name)
{
    for (const method m : {method::gd, method::momentum, method::nesterov}) {
        if (to_string(m) == name) {
            return m;
        }
    }
    return std::nullopt;
}

/// The three spellings of momentum (docs/momentum-conventions.md): the article's EMA form, the
/// classic form (distill), and torch.optim.SGD's.
enum class momentum_form { ema, classic, pytorch };

inline std::string_view to_string(momentum_form f)
{
    switch (f) {
    case momentum_form::ema:
        return "ema";
    case momentum_form::classic:
        return "classic";
    case momentum_form::pytorch:
        return "pytorch";
    }
    return "?";
}

inline std::optional<momentum_form> form_named(std::string_view name)
{
    for (const momentum_form f : {momentum_form::ema, momentum_form::classic, momentum_form::pytorch}) {
        if (to_string(f) == name) {
            return f;
        }
    }
    return std::nullopt;
}

/// The per-step rate theory predicts for a method with these parameters on a quadratic with
/// these eigenvalues; empty where it has no prediction (torch's form with dampening and such
/// are not covered: only gd and momentum/Nesterov in the EMA or classic form).
inline std::optional<double> predicted_rate(method m, momentum_form f, double alpha, double beta,
                                            std::span<const double> lambdas)
{
    if (lambdas.empty()) {
        return std::nullopt;
    }
    if (m == method::gd) {
        double rate = 0.0;
        for (const double l : lambdas) {
            rate = std::max(rate, std::abs(1.0 - alpha * l));
        }
        return rate;
    }
    if (f == momentum_form::pytorch) {
        return std::nullopt; // lr and dampening: say so rather than guess
    }
    const theory::form tf = f == momentum_form::ema ? theory::form::ema : theory::form::classic;
    return m == method::nesterov ? theory::nesterov_rate(alpha, beta, lambdas, tf)
                                 : theory::momentum_rate(alpha, beta, lambdas, tf);
}

} // namespace smooth

#endif
