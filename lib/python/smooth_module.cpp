// `import smooth`: the library's exact averages from Python, numpy in and out. Every function
// here converts and calls the C++ library (lib/include/smooth); none computes on its own.
//
//   >>> import smooth
//   >>> smooth.sma([1, 2, 3, 4], 2)
//   array([nan, 1.5, 2.5, 3.5])
//
// Arrays: any 1-D or 2-D float array-like (numpy, a pandas Series or DataFrame's values, a
// list); a 2-D one is smoothed column by column. The result is a new float64 array; a
// contiguous float64 input is read in place, not copied. The GIL is released while the library
// works. A bad parameter raises ValueError with the library's message.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <smooth/decay.hpp>
#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>
#include <smooth/sma.hpp>

#include "module.hpp"

namespace py = pybind11;
using smooth::python::input;
using smooth::python::per_column;
using smooth::python::decay_from;

namespace {

/// The library's batch seeded EMA (TA-Lib/TTR, Wilder) of each column, from this stream.
py::array_t<double> seeded_ema(input const& x, smooth::ema_seeded_stream<double> const& seeded)
{
    return per_column(x, [&](std::span<const double> in, std::span<double> out) {
        smooth::exponential_moving_average<double>(in, out, seeded);
    });
}

} // namespace

PYBIND11_MODULE(_smooth, m)
{
    m.doc() = "Exact moving averages (SMA, EMAs) from the smooth C++ library: numpy in, numpy out.";

    m.def(
        "sma",
        [](input const& x, std::size_t window, std::optional<std::size_t> min_periods) {
            const std::size_t mp = min_periods.value_or(0);
            (void)smooth::sma_stream<double>(window, mp); // the parameters checked before any work
            return per_column(x, [&](std::span<const double> in, std::span<double> out) {
                smooth::simple_moving_average<double>(in, out, window, mp);
            });
        },
        py::arg("x"), py::arg("window"), py::arg("min_periods") = py::none(),
        "The simple moving average over `window` rows, as pandas' rolling(window, min_periods).mean(),\n"
        "but each mean is the double nearest the window's exact mean (the exact sum divided by the\n"
        "count, rounded once). NaN rows are left out of their window; NaN while fewer\n"
        "than min_periods values are present (default: the window).");

    m.def(
        "ewm_mean",
        [](input const& x, std::optional<double> alpha, std::optional<double> span, std::optional<double> com,
           std::optional<double> halflife, bool adjust, bool ignore_na, std::size_t min_periods) {
            const auto d = decay_from(alpha, span, com, halflife, "smooth.ewm_mean");
            const auto missing = ignore_na ? smooth::missing_policy::skip : smooth::missing_policy::decay;
            const auto form = adjust ? smooth::ema_form::corrected : smooth::ema_form::first_seeded;
            (void)smooth::ema_corrected_stream<double>(d, missing, min_periods); // the parameters checked before any work
            return per_column(x, [&](std::span<const double> in, std::span<double> out) {
                smooth::exponential_moving_average<double>(in, out, d, form, missing, min_periods);
            });
        },
        py::arg("x"), py::kw_only(), py::arg("alpha") = py::none(), py::arg("span") = py::none(),
        py::arg("com") = py::none(), py::arg("halflife") = py::none(), py::arg("adjust") = true,
        py::arg("ignore_na") = false, py::arg("min_periods") = 0,
        "pandas' Series(x).ewm(alpha=|span=|com=|halflife=, adjust, ignore_na, min_periods).mean(),\n"
        "with pandas' own arithmetic: the same numbers to a few ulp, NaN where pandas has NaN.");

    m.def(
        "fast_ewm_mean",
        [](input const& x, std::optional<double> alpha, std::optional<double> span, std::optional<double> com,
           std::optional<double> halflife, bool ignore_na, std::size_t min_periods) {
            const auto d = decay_from(alpha, span, com, halflife, "smooth.fast_ewm_mean");
            const auto missing = ignore_na ? smooth::missing_policy::skip : smooth::missing_policy::decay;
            (void)smooth::ema_corrected_stream<double>(d, missing, min_periods); // the parameters checked before any work
            return per_column(x, [&](std::span<const double> in, std::span<double> out) {
                smooth::fast_corrected_ema<double>(in, out, d, missing, min_periods);
            });
        },
        py::arg("x"), py::kw_only(), py::arg("alpha") = py::none(), py::arg("span") = py::none(),
        py::arg("com") = py::none(), py::arg("halflife") = py::none(), py::arg("ignore_na") = false,
        py::arg("min_periods") = 0,
        "pandas' ewm(..., adjust=True).mean() about three times faster than pandas (C++\n"
        "smooth::fast_corrected_ema): V_t / W_t with no division on the recursion's path. Not\n"
        "pandas' numbers bit for bit: at most pandas' own error plus 4 ulp of the data's size\n"
        "(measured against long double); ewm_mean gives pandas' numbers.");

    m.def(
        "ema",
        [](input const& x, double beta) {
            const smooth::decay d(beta); // checked before any work
            return per_column(x, [&](std::span<const double> in, std::span<double> out) {
                smooth::exponential_moving_average<double>(in, out, d, smooth::ema_form::zero_start);
            });
        },
        py::arg("x"), py::arg("beta"),
        "The article's EMA: V_0 = 0, V_t = beta V_(t-1) + (1 - beta) x_t (it starts low).");

    m.def(
        "ema_seeded",
        [](input const& x, std::size_t n) { return seeded_ema(x, smooth::ema_seeded_stream<double>::ema(n)); },
        py::arg("x"), py::arg("n"),
        "TA-Lib's EMA(n) and R TTR's EMA(x, n): NaN for n - 1 rows, the mean of the first n, then\n"
        "alpha = 2 / (n + 1).");

    m.def(
        "wilder",
        [](input const& x, std::size_t n) { return seeded_ema(x, smooth::ema_seeded_stream<double>::wilder(n)); },
        py::arg("x"), py::arg("n"), "Wilder's smoothing (RSI, ATR): the same seed, alpha = 1 / n.");

    m.def(
        "ema_weights",
        [](double beta, std::size_t n) {
            const auto w = smooth::ema_weights(beta, n);
            py::array_t<double> out(static_cast<py::ssize_t>(w.size()));
            std::copy(w.begin(), w.end(), out.mutable_data());
            return out;
        },
        py::arg("beta"), py::arg("n"), "The expanded weights (1 - beta) beta^i, i = 0 .. n - 1: the newest first.");

    py::class_<smooth::ema_weight_summary>(m, "EmaWeightSummary")
        .def_readonly("beta", &smooth::ema_weight_summary::beta)
        .def_readonly("alpha", &smooth::ema_weight_summary::alpha)
        .def_readonly("effective_window", &smooth::ema_weight_summary::effective_window)
        .def_readonly("terms_50", &smooth::ema_weight_summary::terms_50)
        .def_readonly("terms_90", &smooth::ema_weight_summary::terms_90)
        .def_readonly("terms_99", &smooth::ema_weight_summary::terms_99)
        .def_readonly("terms", &smooth::ema_weight_summary::terms)
        .def_readonly("weight_sum", &smooth::ema_weight_summary::weight_sum)
        .def("__repr__", [](smooth::ema_weight_summary const& s) {
            return "EmaWeightSummary(beta=" + py::repr(py::float_(s.beta)).cast<std::string>() +
                   ", effective_window=" + py::repr(py::float_(s.effective_window)).cast<std::string>() +
                   ", terms_50=" + std::to_string(s.terms_50) + ", terms_90=" + std::to_string(s.terms_90) +
                   ", terms_99=" + std::to_string(s.terms_99) + ")";
        });
    m.def("ema_weight_summary", &smooth::summarize_ema_weights, py::arg("beta"), py::arg("terms") = 100,
          "The effective window 1 / (1 - beta) and how many of the newest terms hold 50, 90, 99 % of the weight.");

    smooth::python::bind_streams(m);
    smooth::python::bind_optim(m);
    smooth::python::bind_chunks(m);
}
