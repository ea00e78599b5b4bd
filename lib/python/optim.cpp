// smooth.optim, smooth.theory and smooth.problems: the library's optimizers, the theory's
// rates and the test problems, from Python. Every function converts and calls the C++ library
// (lib/include/smooth); none computes on its own.
//
//   >>> import numpy as np, smooth
//   >>> prob = smooth.problems.DiagonalQuadratic([1.0, 100.0])
//   >>> opt = smooth.optim.Momentum(0.1, 0.6694214876033058)      # the EMA form, distill's optimum
//   >>> w = prob.start()
//   >>> for _ in range(300): opt.step(w, prob.gradient(w))       # w is updated in place
//
// `step(w, g)` writes into `w`, which must be a writeable, C-contiguous, 1-D float64 numpy
// array (it is never copied: a copy would leave the caller's array behind); `g` is any float
// array-like. The GIL is released while the library steps; each optimizer holds a lock, so two
// threads stepping the same optimizer take turns. The library's std::invalid_argument becomes
// ValueError with its message.
#include <complex>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <smooth/methods.hpp>
#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/optimizers/pytorch_sgd.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/theory.hpp>
#include <smooth/theory_regions.hpp>

#include "module.hpp"

namespace smooth::python {

namespace {

// ---- arrays ---------------------------------------------------------------------------------

std::string repr_of(double x)
{
    return py::repr(py::float_(x)).cast<std::string>();
}

std::string repr_of(bool b)
{
    return b ? "True" : "False";
}

std::string type_name(py::handle h)
{
    return py::str(py::type::handle_of(h).attr("__name__")).cast<std::string>();
}

/// The parameters `step` writes into: a writeable, C-contiguous, 1-D float64 numpy array, used
/// in place. TypeError or ValueError saying what is wrong otherwise (never a silent copy).
py::array_t<double> in_place(py::object const& w, std::string const& who)
{
    if (!py::isinstance<py::array>(w)) {
        throw py::type_error(who + ": w must be a numpy float64 array (it is updated in place), got " + type_name(w));
    }
    if (!py::isinstance<py::array_t<double>>(w)) {
        throw py::type_error(who + ": w must have dtype float64 (it is updated in place, not converted), got " +
                             py::str(w.attr("dtype")).cast<std::string>());
    }
    auto a = py::reinterpret_borrow<py::array_t<double>>(w);
    if (a.ndim() != 1) {
        throw py::value_error(who + ": w must be 1-D, got " + std::to_string(a.ndim()) + "-D");
    }
    if ((a.flags() & py::array::c_style) == 0) {
        throw py::value_error(who + ": w must be C-contiguous (it is updated in place); pass a contiguous array, "
                                    "e.g. numpy.ascontiguousarray(w), and keep that one");
    }
    if (!a.writeable()) {
        throw py::value_error(who + ": w is read-only (it is updated in place)");
    }
    return a;
}

/// A 1-D float array-like, converted to float64 when it is not already (forcecast).
input vector_of(input const& x, std::string const& who, char const* name)
{
    if (x.ndim() != 1) {
        throw py::value_error(who + ": " + name + " must be 1-D, got " + std::to_string(x.ndim()) + "-D");
    }
    return x;
}

std::span<const double> span_of(input const& x)
{
    return {x.data(), static_cast<std::size_t>(x.shape(0))};
}

py::array_t<double> array_of(std::span<const double> v)
{
    py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), out.mutable_data());
    return out;
}

// ---- optimizers -----------------------------------------------------------------------------

/// smooth::momentum with nesterov = true, as its own C++ type: pybind11 binds one Python class
/// per C++ type (Momentum and Nesterov).
struct nesterov_momentum : momentum {
    nesterov_momentum(double alpha, double beta) : momentum(alpha, beta, momentum_options{.nesterov = true}) {}
};

/// A library optimizer and the lock that makes its steps take turns (the GIL is released).
template <class O>
struct guarded {
    template <class... Args>
    explicit guarded(Args&&... args) : opt(std::forward<Args>(args)...)
    {
    }
    O opt;
    mutable std::mutex lock;
    // for __repr__: the library keeps these options to itself (they do not change after construction)
    bool nesterov = false;
    bool bias_correction = false;
    pytorch_sgd_options torch;
};

template <class O>
void step(guarded<O>& self, py::object const& w_object, input const& g_in, std::string const& who)
{
    auto w = in_place(w_object, who + ".step");
    const input g = vector_of(g_in, who + ".step", "g");
    double* wp = w.mutable_data();
    const auto n = static_cast<std::size_t>(w.shape(0));
    const double* gp = g.data();
    const auto m = static_cast<std::size_t>(g.shape(0));
    // g sharing w's memory (step(w, w), or a view of it): the library reads g while it writes w,
    // so a copy of g is taken first; w itself is never copied
    std::vector<double> g_copy;
    if (m != 0 && n != 0 && gp < wp + n && wp < gp + m) {
        g_copy.assign(gp, gp + m);
        gp = g_copy.data();
    }
    py::gil_scoped_release unlocked;
    const std::lock_guard<std::mutex> hold(self.lock);
    self.opt.step(std::span<double>(wp, n), std::span<const double>(gp, m));
}

template <class O>
py::array_t<double> velocity(guarded<O> const& self)
{
    const std::lock_guard<std::mutex> hold(self.lock);
    return array_of(self.opt.velocity());
}

template <class O>
double get_alpha(guarded<O> const& self)
{
    const std::lock_guard<std::mutex> hold(self.lock);
    return self.opt.alpha();
}

template <class O>
void set_alpha(guarded<O>& self, double a)
{
    const std::lock_guard<std::mutex> hold(self.lock);
    self.opt.set_alpha(a);
}

template <class O>
double get_beta(guarded<O> const& self)
{
    const std::lock_guard<std::mutex> hold(self.lock);
    return self.opt.beta();
}

template <class O>
void set_beta(guarded<O>& self, double b)
{
    const std::lock_guard<std::mutex> hold(self.lock);
    self.opt.set_beta(b);
}

/// step, velocity, alpha (and beta where the optimizer has one) on a class of guarded<O>.
template <class O>
py::class_<guarded<O>> optimizer_class(py::module_& m, char const* name, char const* doc)
{
    py::class_<guarded<O>> c(m, name, doc);
    const std::string who = std::string("smooth.optim.") + name;
    c.def(
        "step", [who](guarded<O>& self, py::object const& w, input const& g) { step(self, w, g, who); },
        py::arg("w"), py::arg("g"),
        "One step from the gradient g, written into w in place (w: a writeable C-contiguous 1-D float64\n"
        "array, never copied; g: any float array-like of w's size).");
    c.def_property_readonly("velocity", &velocity<O>,
                            "A copy of the velocity buffer (empty before the first step, and for gradient descent).");
    c.def_property("alpha", &get_alpha<O>, &set_alpha<O>, "The step size; setting it changes the next step.");
    if constexpr (momentum_optimizer<O>) {
        c.def_property("beta", &get_beta<O>, &set_beta<O>, "The momentum coefficient; setting it changes the next step.");
    }
    return c;
}

// ---- theory -------------------------------------------------------------------------------

theory::form form_from(std::string const& text)
{
    if (text == "classic") {
        return theory::form::classic;
    }
    if (text == "ema") {
        return theory::form::ema;
    }
    throw py::value_error("form must be \"classic\" or \"ema\", got \"" + text + "\"");
}

std::span<const double> spectrum_of(input const& lambdas, std::string const& who)
{
    const input l = vector_of(lambdas, who, "lambdas");
    if (l.shape(0) == 0) {
        throw py::value_error(who + ": lambdas is empty (give the eigenvalues)");
    }
    return span_of(lambdas);
}

// ---- problems -----------------------------------------------------------------------------

/// w as the problem reads it: 1-D of the problem's dimension (the library does not check).
input point(input const& w, std::size_t dimension, std::string const& who)
{
    const input x = vector_of(w, who, "w");
    if (static_cast<std::size_t>(x.shape(0)) != dimension) {
        throw py::value_error(who + ": w has " + std::to_string(x.shape(0)) + " elements, the problem " +
                              std::to_string(dimension));
    }
    return x;
}

/// value(w), gradient(w), __call__(w) -> (value, gradient), dimension, start(), minimizer() and
/// minimum on a problem class (P is const, so the GIL can be released while it computes).
template <class P>
void problem_methods(py::class_<P>& c, std::string const& who)
{
    auto evaluate = [who](P const& p, input const& w_in, char const* what) {
        const input w = point(w_in, p.dimension(), who + "." + what);
        const auto n = static_cast<std::size_t>(w.shape(0));
        py::array_t<double> g(static_cast<py::ssize_t>(n));
        const double* wp = w.data();
        double* gp = g.mutable_data();
        double f = 0.0;
        {
            py::gil_scoped_release unlocked;
            f = p(std::span<const double>(wp, n), std::span<double>(gp, n));
        }
        return std::make_pair(f, g);
    };
    c.def(
        "value", [evaluate](P const& p, input const& w) { return evaluate(p, w, "value").first; }, py::arg("w"),
        "f(w).");
    c.def(
        "gradient", [evaluate](P const& p, input const& w) { return evaluate(p, w, "gradient").second; },
        py::arg("w"), "The gradient of f at w, a new float64 array.");
    c.def(
        "__call__", [evaluate](P const& p, input const& w) { return evaluate(p, w, "__call__"); }, py::arg("w"),
        "(f(w), gradient at w), from one evaluation.");
    c.def_property_readonly("dimension", [](P const& p) { return p.dimension(); });
    c.def(
        "start", [](P const& p) { return array_of(p.start()); }, "The documented start point (a new array).");
    c.def(
        "minimizer", [](P const& p) { return array_of(p.minimizer()); }, "Where f is least.");
}

template <class P>
void has_minimum(py::class_<P>& c)
{
    c.def_property_readonly("minimum", [](P const& p) { return p.minimum(); }, "f at the minimizer.");
}

template <class P>
void has_default_alpha(py::class_<P>& c)
{
    c.def_property_readonly("default_alpha", [](P const& p) { return p.default_alpha(); },
                            "The step the tools (descend) use when given none.");
}

void bind_optimizers(py::module_& o)
{
    o.doc() = "The library's optimizers (lib/include/smooth/optimizers): step(w, g) updates the numpy array w "
              "in place.";

    optimizer_class<momentum>(
        o, "Momentum",
        "Momentum in the article's EMA form (smooth::momentum):\n"
        "    v = beta v + (1 - beta) g;  w -= alpha v          (v_0 = 0)\n"
        "nesterov=True: w -= alpha (beta v + (1 - beta) g) after the same update of v.\n"
        "bias_correction=True: the step divided by 1 - beta^t.\n"
        "The same iterates as ClassicMomentum(alpha (1 - beta), beta) while alpha and beta stay constant.")
        .def(py::init([](double alpha, double beta, bool nesterov, bool bias_correction) {
                 auto self = std::make_unique<guarded<momentum>>(
                     alpha, beta, momentum_options{.nesterov = nesterov, .bias_correction = bias_correction});
                 self->nesterov = nesterov;
                 self->bias_correction = bias_correction;
                 return self;
             }),
             py::arg("alpha"), py::arg("beta"), py::arg("nesterov") = false, py::arg("bias_correction") = false)
        .def("__repr__", [](guarded<momentum> const& self) {
            return "smooth.optim.Momentum(alpha=" + repr_of(get_alpha(self)) + ", beta=" + repr_of(get_beta(self)) +
                   ", nesterov=" + repr_of(self.nesterov) + ", bias_correction=" + repr_of(self.bias_correction) + ")";
        });

    optimizer_class<nesterov_momentum>(
        o, "Nesterov",
        "Nesterov's momentum in the article's EMA form, as descend's --method nesterov (default --form ema):\n"
        "smooth::momentum with nesterov = true,\n"
        "    v = beta v + (1 - beta) g;  w -= alpha (beta v + (1 - beta) g)\n"
        "The same iterates as ClassicMomentum(alpha (1 - beta), beta, nesterov=True) and as\n"
        "PyTorchSGD(alpha (1 - beta), momentum=beta, nesterov=True) while alpha and beta stay constant.")
        .def(py::init([](double alpha, double beta) {
                 return std::make_unique<guarded<nesterov_momentum>>(alpha, beta);
             }),
             py::arg("alpha"), py::arg("beta"))
        .def("__repr__", [](guarded<nesterov_momentum> const& self) {
            return "smooth.optim.Nesterov(alpha=" + repr_of(get_alpha(self)) + ", beta=" + repr_of(get_beta(self)) +
                   ")";
        });

    optimizer_class<classic_momentum>(
        o, "ClassicMomentum",
        "Momentum in the classic form (smooth::classic_momentum; Polyak's heavy ball, distill.pub):\n"
        "    b = beta b + g;  w -= alpha b                     (b_0 = 0)\n"
        "nesterov=True: w -= alpha (g + beta b) after the same update of b (torch's nesterov=True).")
        .def(py::init([](double alpha, double beta, bool nesterov) {
                 auto self = std::make_unique<guarded<classic_momentum>>(alpha, beta, nesterov);
                 self->nesterov = nesterov;
                 return self;
             }),
             py::arg("alpha"), py::arg("beta"), py::arg("nesterov") = false)
        .def("__repr__", [](guarded<classic_momentum> const& self) {
            return "smooth.optim.ClassicMomentum(alpha=" + repr_of(get_alpha(self)) +
                   ", beta=" + repr_of(get_beta(self)) + ", nesterov=" + repr_of(self.nesterov) + ")";
        });

    auto sgd = optimizer_class<pytorch_sgd>(
        o, "PyTorchSGD",
        "torch.optim.SGD's update (smooth::pytorch_sgd, to the letter of torch 1.13):\n"
        "    d = -g if maximize else g;  d += weight_decay w\n"
        "    b = d on the first step, then b = momentum b + (1 - dampening) d     (when momentum != 0)\n"
        "    d = d + momentum b if nesterov else b;  w -= lr d\n"
        "alpha is lr and beta is momentum.");
    sgd.def(py::init([](double lr, double momentum, double dampening, double weight_decay, bool nesterov,
                        bool maximize) {
                const pytorch_sgd_options options{.momentum = momentum,
                                                  .dampening = dampening,
                                                  .weight_decay = weight_decay,
                                                  .nesterov = nesterov,
                                                  .maximize = maximize};
                auto self = std::make_unique<guarded<pytorch_sgd>>(lr, options);
                self->torch = options;
                return self;
            }),
            py::arg("lr"), py::arg("momentum") = 0.0, py::arg("dampening") = 0.0, py::arg("weight_decay") = 0.0,
            py::arg("nesterov") = false, py::arg("maximize") = false);
    // torch's names for alpha and beta
    sgd.def_property("lr", &get_alpha<pytorch_sgd>, &set_alpha<pytorch_sgd>, "torch's name for alpha.");
    sgd.def_property("momentum", &get_beta<pytorch_sgd>, &set_beta<pytorch_sgd>, "torch's name for beta.");
    sgd.def("__repr__", [](guarded<pytorch_sgd> const& self) {
        return "smooth.optim.PyTorchSGD(lr=" + repr_of(get_alpha(self)) + ", momentum=" + repr_of(get_beta(self)) +
               ", dampening=" + repr_of(self.torch.dampening) + ", weight_decay=" + repr_of(self.torch.weight_decay) +
               ", nesterov=" + repr_of(self.torch.nesterov) + ", maximize=" + repr_of(self.torch.maximize) + ")";
    });

    optimizer_class<gradient_descent>(o, "GradientDescent", "Gradient descent (smooth::gradient_descent): w -= alpha g.")
        .def(py::init([](double alpha) { return std::make_unique<guarded<gradient_descent>>(alpha); }),
             py::arg("alpha"))
        .def("__repr__", [](guarded<gradient_descent> const& self) {
            return "smooth.optim.GradientDescent(alpha=" + repr_of(get_alpha(self)) + ")";
        });

    o.def("classic_alpha_from_ema", &classic_alpha_from_ema, py::arg("alpha"), py::arg("beta"),
          "The classic form's (and torch's lr) step for the EMA form's alpha: alpha (1 - beta).");
    o.def("ema_alpha_from_classic", &ema_alpha_from_classic, py::arg("alpha"), py::arg("beta"),
          "The EMA form's step for the classic form's alpha: alpha / (1 - beta).");
}


void bind_theory(py::module_& t)
{
    t.doc() = "What theory predicts for gradient descent and momentum on a convex quadratic with eigenvalues "
              "lambda_min .. lambda_max (smooth/theory.hpp; Goh, \"Why Momentum Really Works\", distill.pub 2017). "
              "form=\"classic\" (b = beta b + g; w -= alpha b, the default) or \"ema\" (v = beta v + (1 - beta) g; "
              "w -= alpha v).";

    t.def("gd_optimal_alpha", &theory::gd_optimal_alpha, py::arg("lambda_min"), py::arg("lambda_max"),
          "Gradient descent's best step 2 / (lambda_min + lambda_max).");
    t.def("gd_rate", &theory::gd_rate, py::arg("alpha"), py::arg("lambda_min"), py::arg("lambda_max"),
          "Gradient descent's rate at step alpha: max |1 - alpha lambda| (converges iff < 1).");
    t.def("gd_optimal_rate", &theory::gd_optimal_rate, py::arg("lambda_min"), py::arg("lambda_max"),
          "Gradient descent's best rate (kappa - 1) / (kappa + 1).");

    t.def(
        "classic_alpha",
        [](double alpha, double beta, std::string const& form) {
            return theory::classic_alpha(alpha, beta, form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("form"), "alpha as the classic form spells it.");
    t.def(
        "alpha_in",
        [](double alpha_classic, double beta, std::string const& form) {
            return theory::alpha_in(alpha_classic, beta, form_from(form));
        },
        py::arg("alpha_classic"), py::arg("beta"), py::arg("form"), "alpha as `form` spells it, from the classic one.");

    t.def(
        "momentum_matrix",
        [](double alpha, double beta, double lambda, std::string const& form) {
            const auto r = theory::momentum_matrix(alpha, beta, lambda, form_from(form));
            py::array_t<double> out({2, 2});
            auto o = out.mutable_unchecked<2>();
            o(0, 0) = r.r00;
            o(0, 1) = r.r01;
            o(1, 0) = r.r10;
            o(1, 1) = r.r11;
            return out;
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambda_"), py::arg("form") = "classic",
        "R = [[beta, lambda], [-alpha beta, 1 - alpha lambda]] (classic alpha): one direction's state (b, w)\n"
        "advances by R each step.");
    t.def(
        "momentum_eigenvalues",
        [](double alpha, double beta, double lambda, std::string const& form) {
            return theory::momentum_eigenvalues(alpha, beta, lambda, form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambda_"), py::arg("form") = "classic",
        "R's two eigenvalues (complex), ((1 - alpha lambda + beta) +- sqrt((1 - alpha lambda + beta)^2 - 4 beta)) / 2.");
    t.def(
        "momentum_direction_rate",
        [](double alpha, double beta, double lambda, std::string const& form) {
            return theory::momentum_direction_rate(alpha, beta, lambda, form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambda_"), py::arg("form") = "classic",
        "R's spectral radius: the per-step rate along one eigen-direction.");
    t.def(
        "nesterov_direction_rate",
        [](double alpha, double beta, double lambda, std::string const& form) {
            return theory::nesterov_direction_rate(alpha, beta, lambda, form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambda_"), py::arg("form") = "classic",
        "Nesterov's per-step rate along one eigen-direction.");
    t.def(
        "momentum_converges",
        [](double alpha, double beta, double lambda, std::string const& form) {
            return theory::momentum_converges(alpha, beta, lambda, form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambda_"), py::arg("form") = "classic",
        "True iff 0 < alpha lambda < 2 + 2 beta (classic alpha) and 0 <= beta < 1.");
    t.def(
        "momentum_rate",
        [](double alpha, double beta, input const& lambdas, std::string const& form) {
            return theory::momentum_rate(alpha, beta, spectrum_of(lambdas, "smooth.theory.momentum_rate"),
                                         form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambdas"), py::arg("form") = "classic",
        "Momentum's per-step rate on a quadratic with these eigenvalues: the slowest direction's.");
    t.def(
        "nesterov_rate",
        [](double alpha, double beta, input const& lambdas, std::string const& form) {
            return theory::nesterov_rate(alpha, beta, spectrum_of(lambdas, "smooth.theory.nesterov_rate"),
                                         form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambdas"), py::arg("form") = "classic",
        "Nesterov's per-step rate on a quadratic with these eigenvalues: the slowest direction's.");

    py::class_<theory::momentum_parameters>(t, "MomentumParameters",
                                            "The best alpha (in the form asked for), beta and the rate they give.")
        .def_readonly("alpha", &theory::momentum_parameters::alpha)
        .def_readonly("beta", &theory::momentum_parameters::beta)
        .def_readonly("rate", &theory::momentum_parameters::rate)
        .def("__repr__", [](theory::momentum_parameters const& p) {
            return "MomentumParameters(alpha=" + repr_of(p.alpha) + ", beta=" + repr_of(p.beta) +
                   ", rate=" + repr_of(p.rate) + ")";
        });
    t.def(
        "optimal_momentum",
        [](double lambda_min, double lambda_max, std::string const& form) {
            return theory::optimal_momentum(lambda_min, lambda_max, form_from(form));
        },
        py::arg("lambda_min"), py::arg("lambda_max"), py::arg("form") = "classic",
        "The best momentum: classic alpha = (2 / (sqrt(lambda_min) + sqrt(lambda_max)))^2 (EMA: 1 / sqrt(lambda_min\n"
        "lambda_max)), beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2, rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1).");
    t.def(
        "optimal_nesterov",
        [](double lambda_min, double lambda_max, std::string const& form) {
            return theory::optimal_nesterov(lambda_min, lambda_max, form_from(form));
        },
        py::arg("lambda_min"), py::arg("lambda_max"), py::arg("form") = "classic",
        "Nesterov's best parameters on a quadratic (Lessard, Recht, Packard 2016): classic alpha = 4 / (3 lambda_max\n"
        "+ lambda_min), beta = (sqrt(3 kappa + 1) - 2) / (sqrt(3 kappa + 1) + 2), rate 1 - 2 / sqrt(3 kappa + 1).");
    t.def(
        "measured_rate",
        [](input const& distances, std::size_t from_step, std::size_t to_step) {
            return theory::measured_rate(span_of(vector_of(distances, "smooth.theory.measured_rate", "distances")),
                                         from_step, to_step);
        },
        py::arg("distances"), py::arg("from_step"), py::arg("to_step"),
        "The per-step rate between two steps of a sequence of distances to the minimum:\n"
        "(d[to_step] / d[from_step]) ** (1 / (to_step - from_step)).");

    py::enum_<theory::region> region(t, "Region",
                                     "Where (alpha lambda, beta) puts one eigen-direction (smooth::theory::region); "
                                     "str() gives the name the tools print.");
    region.value("monotone", theory::region::monotone)
        .value("critical", theory::region::critical)
        .value("ripples", theory::region::ripples)
        .value("critical_alternating", theory::region::critical_alternating)
        .value("monotone_oscillation", theory::region::monotone_oscillation)
        .value("divergent", theory::region::divergent);
    // replaces pybind11's "Region.ripples" (def() would add an overload that is never reached)
    region.attr("__str__") = py::cpp_function([](theory::region r) { return std::string(theory::to_string(r)); },
                                              py::name("__str__"), py::is_method(region));
    t.def(
        "classify",
        [](double alpha, double beta, double lambda, std::string const& form) {
            return theory::classify(alpha, beta, lambda, form_from(form));
        },
        py::arg("alpha"), py::arg("beta"), py::arg("lambda_"), py::arg("form") = "classic",
        "The region of (alpha lambda, beta): monotone, critical (critically damped), ripples,\n"
        "critical_alternating, monotone_oscillation or divergent.");
    t.def(
        "to_string", [](theory::region r) { return std::string(theory::to_string(r)); }, py::arg("region"),
        "The region's name as the tools print it (\"critically damped\", \"ripples\", ...).");
    t.def("critical_damping_beta", &theory::critical_damping_beta, py::arg("alpha_lambda"),
          "The beta at which R's eigenvalues meet, (1 - sqrt(alpha lambda))^2, for 0 < alpha lambda <= 1 (classic).");
    t.def("critical_damping_rate", &theory::critical_damping_rate, py::arg("alpha_lambda"),
          "The rate at critical damping, 1 - sqrt(alpha lambda).");

    t.def(
        "predicted_rate",
        [](std::string const& method_name, std::string const& form_name, double alpha, double beta,
           input const& lambdas) -> std::optional<double> {
            const auto m = method_named(method_name);
            if (!m) {
                throw py::value_error("method must be \"gd\", \"momentum\" or \"nesterov\", got \"" + method_name + "\"");
            }
            const auto f = form_named(form_name);
            if (!f) {
                throw py::value_error("form must be \"ema\", \"classic\" or \"pytorch\", got \"" + form_name + "\"");
            }
            return predicted_rate(*m, *f, alpha, beta, span_of(vector_of(lambdas, "smooth.theory.predicted_rate", "lambdas")));
        },
        py::arg("method"), py::arg("form"), py::arg("alpha"), py::arg("beta"), py::arg("lambdas"),
        "The rate descend and explore print (smooth/methods.hpp): method \"gd\", \"momentum\" or \"nesterov\", form\n"
        "\"ema\", \"classic\" or \"pytorch\"; None where theory has no prediction (the pytorch form's momentum,\n"
        "no eigenvalues).");
}

void bind_problems(py::module_& p)
{
    p.doc() = "The library's test problems (smooth/problems): value(w), gradient(w), problem(w) -> (value, gradient).";

    py::class_<problems::diagonal_quadratic> dq(p, "DiagonalQuadratic",
                                                "f(w) = 1/2 sum_i lambda_i w_i^2 (smooth::problems::diagonal_quadratic).");
    dq.def(py::init<std::vector<double>>(), py::arg("eigenvalues"));
    problem_methods(dq, "smooth.problems.DiagonalQuadratic");
    has_minimum(dq);
    has_default_alpha(dq);
    dq.def_property_readonly("eigenvalues", [](problems::diagonal_quadratic const& q) { return array_of(q.eigenvalues()); })
        .def_property_readonly("lambda_min", &problems::diagonal_quadratic::lambda_min)
        .def_property_readonly("lambda_max", &problems::diagonal_quadratic::lambda_max)
        .def("__repr__", [](problems::diagonal_quadratic const& q) {
            return "smooth.problems.DiagonalQuadratic(" + py::repr(py::cast(q.eigenvalues())).cast<std::string>() + ")";
        });

    py::class_<problems::spd_quadratic> spd(p, "SpdQuadratic",
                                            "f(w) = 1/2 w^T A w - b^T w, A symmetric positive definite "
                                            "(smooth::problems::spd_quadratic).");
    spd.def(py::init([](input const& a, input const& b) {
                if (a.ndim() != 2 || b.ndim() != 1 || a.shape(0) != b.shape(0) || a.shape(1) != b.shape(0)) {
                    throw py::value_error("smooth.problems.SpdQuadratic: A must be n x n and b of length n");
                }
                const double* ap = a.data();
                const double* bp = b.data();
                return problems::spd_quadratic(std::vector<double>(ap, ap + a.size()),
                                               std::vector<double>(bp, bp + b.size()));
            }),
            py::arg("a"), py::arg("b"));
    problem_methods(spd, "smooth.problems.SpdQuadratic");
    has_minimum(spd);

    py::class_<problems::ravine> rv(p, "Ravine",
                                    "The article's ravine: 1/2 (u^2 + 100 v^2), (u, v) = w rotated by -30 degrees "
                                    "(smooth::problems::ravine).");
    rv.def(py::init<>());
    problem_methods(rv, "smooth.problems.Ravine");
    has_minimum(rv);
    has_default_alpha(rv);
    rv.def_property_readonly("eigenvalues", [](problems::ravine const& r) { return array_of(r.eigenvalues()); })
        .def_property_readonly("lambda_min", &problems::ravine::lambda_min)
        .def_property_readonly("lambda_max", &problems::ravine::lambda_max)
        .def_readonly_static("angle", &problems::ravine::angle)
        .def(
            "along",
            [](problems::ravine const& r, input const& d) {
                return r.along(span_of(point(d, r.dimension(), "smooth.problems.Ravine.along")));
            },
            py::arg("d"), "A step's component along the valley floor.")
        .def(
            "across",
            [](problems::ravine const& r, input const& d) {
                return r.across(span_of(point(d, r.dimension(), "smooth.problems.Ravine.across")));
            },
            py::arg("d"), "A step's component across the valley.")
        .def("__repr__", [](problems::ravine const&) { return std::string("smooth.problems.Ravine()"); });

    py::class_<problems::rosenbrock> rb(p, "Rosenbrock", "(1 - x)^2 + 100 (y - x^2)^2; minimum 0 at (1, 1).");
    rb.def(py::init<>());
    problem_methods(rb, "smooth.problems.Rosenbrock");
    has_minimum(rb);
    has_default_alpha(rb);
    rb.def("__repr__", [](problems::rosenbrock const&) { return std::string("smooth.problems.Rosenbrock()"); });

    py::class_<problems::banana> bn(p, "Banana", "distill's (1 - x)^2 + 20 (3 y - x^2)^2; minimum 0 at (1, 1/3).");
    bn.def(py::init<>());
    problem_methods(bn, "smooth.problems.Banana");
    has_minimum(bn);
    has_default_alpha(bn);
    bn.def("__repr__", [](problems::banana const&) { return std::string("smooth.problems.Banana()"); });

    using problems::linear_regression;
    py::class_<linear_regression> lr(
        p, "LinearRegression",
        "Mean squared error on a generated, seeded data set (smooth::problems::linear_regression): example i has\n"
        "features (1, u_i1, ..., u_i(d-1)), u ~ N(0, 1), and label x_i . w_true + N(0, noise^2).");
    lr.def(py::init<std::size_t, std::vector<double>, double, std::uint64_t>(), py::arg("n"), py::arg("w_true"),
           py::arg("noise"), py::arg("seed"));
    lr.def_static("article_example", &linear_regression::article_example, py::arg("n") = 256, py::arg("seed") = 1,
                  "The article's data: y = 1.5 - 2 u + N(0, 0.5^2).");
    problem_methods(lr, "smooth.problems.LinearRegression");
    has_default_alpha(lr);
    lr.def(
          "batch_gradient",
          [](linear_regression const& r, input const& w_in, std::vector<long long> const& batch) {
              const input w = point(w_in, r.dimension(), "smooth.problems.LinearRegression.batch_gradient");
              if (batch.empty()) {
                  throw py::value_error("smooth.problems.LinearRegression.batch_gradient: the batch is empty");
              }
              std::vector<std::size_t> rows;
              rows.reserve(batch.size());
              for (const long long i : batch) {
                  if (i < 0 || static_cast<std::size_t>(i) >= r.examples()) {
                      throw py::index_error("smooth.problems.LinearRegression.batch_gradient: example " +
                                            std::to_string(i) + " is not in 0 .. " +
                                            std::to_string(r.examples() - 1));
                  }
                  rows.push_back(static_cast<std::size_t>(i));
              }
              const auto n = r.dimension();
              py::array_t<double> g(static_cast<py::ssize_t>(n));
              const double* wp = w.data();
              double* gp = g.mutable_data();
              double f = 0.0;
              {
                  py::gil_scoped_release unlocked;
                  f = r.batch_gradient(std::span<const double>(wp, n), std::span<double>(gp, n), rows);
              }
              return std::make_pair(f, g);
          },
          py::arg("w"), py::arg("batch"),
          "(loss, gradient) over the examples listed in `batch` (indices; one index: stochastic gradient descent).")
        .def_property_readonly("examples", &linear_regression::examples)
        .def_property_readonly("noise", &linear_regression::noise)
        .def_property_readonly("true_weights", [](linear_regression const& r) { return array_of(r.true_weights()); })
        .def(
            "features",
            [](linear_regression const& r, std::size_t i) {
                if (i >= r.examples()) {
                    throw py::index_error("smooth.problems.LinearRegression.features: example " + std::to_string(i) +
                                          " is not in 0 .. " + std::to_string(r.examples() - 1));
                }
                return array_of(r.features(i));
            },
            py::arg("i"), "Example i's features (1, u_i1, ...).")
        .def(
            "label",
            [](linear_regression const& r, std::size_t i) {
                if (i >= r.examples()) {
                    throw py::index_error("smooth.problems.LinearRegression.label: example " + std::to_string(i) +
                                          " is not in 0 .. " + std::to_string(r.examples() - 1));
                }
                return r.label(i);
            },
            py::arg("i"), "Example i's label.")
        .def("__repr__", [](linear_regression const& r) {
            return "smooth.problems.LinearRegression(n=" + std::to_string(r.examples()) +
                   ", w_true=" + py::repr(py::cast(r.true_weights())).cast<std::string>() +
                   ", noise=" + repr_of(r.noise()) + ")";
        });
}

} // namespace

void bind_optim(py::module_& m)
{
    py::module_ o = m.def_submodule("optim");
    bind_optimizers(o);
    py::module_ t = m.def_submodule("theory");
    bind_theory(t);
    py::module_ p = m.def_submodule("problems");
    bind_problems(p);
}

} // namespace smooth::python
