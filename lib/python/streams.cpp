// The streams: smooth.SMA, smooth.EWM (pandas' ewm), smooth.EMA (the article's), smooth.EMASeeded
// and smooth.Wilder (TTR). Each takes values one at a time (push) or many (push_many, which
// returns the value after each, as the array functions would), says `value` (None before
// min_periods), prints its parameters, and pickles: the library's saved state (an SMA's rows,
// an EMA's running mean and weight, a seed's exact sum), restored bit for bit.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <smooth/ema.hpp>
#include <smooth/sma.hpp>

#include "module.hpp"

namespace smooth::python {

namespace {

std::string shortest(double v) { return py::repr(py::float_(v)).cast<std::string>(); }

/// push every value of a 1-D array; the value after each (NaN for none), without the GIL.
template <class Stream, class Value>
py::array_t<double> push_many(Stream& s, input const& x, char const* name, Value value)
{
    if (x.ndim() != 1) {
        throw py::value_error(std::string(name) + ".push_many: x must be 1-D, got " + std::to_string(x.ndim()) + "-D");
    }
    const auto n = static_cast<std::size_t>(x.shape(0));
    py::array_t<double> out(static_cast<py::ssize_t>(n));
    const double* in = x.data();
    double* o = out.mutable_data();
    py::gil_scoped_release unlocked;
    for (std::size_t t = 0; t < n; ++t) {
        s.push(in[t]);
        o[t] = value(s).value_or(std::numeric_limits<double>::quiet_NaN());
    }
    return out;
}

/// pandas' ewm as a stream: adjust=True is the corrected EMA, adjust=False the one seeded
/// with the first value; the decay kept as it was spelt, for repr and pickle.
struct ewm {
    std::string spelling; // alpha, span, com or halflife
    double given;
    bool adjust;
    bool ignore_na;
    std::size_t min_periods;
    std::variant<smooth::ema_corrected_stream<double>, smooth::ema_first_stream<double>> s;

    static ewm make(std::string spelling, double given, bool adjust, bool ignore_na, std::size_t min_periods)
    {
        const std::optional<double> none;
        const std::optional<double> v = given;
        const smooth::decay d = decay_from(spelling == "alpha" ? v : none, spelling == "span" ? v : none,
                                           spelling == "com" ? v : none, spelling == "halflife" ? v : none, "smooth.EWM");
        const auto missing = ignore_na ? smooth::missing_policy::skip : smooth::missing_policy::decay;
        using variant = decltype(ewm::s);
        variant stream = adjust ? variant(smooth::ema_corrected_stream<double>(d, missing, min_periods))
                                : variant(smooth::ema_first_stream<double>(d, missing, min_periods));
        return {std::move(spelling), given, adjust, ignore_na, min_periods, std::move(stream)};
    }
    void push(double x)
    {
        std::visit([x](auto& stream) { stream.push(x); }, s);
    }
    [[nodiscard]] std::optional<double> value() const
    {
        return std::visit([](auto const& stream) { return stream.value(); }, s);
    }
    [[nodiscard]] smooth::detail::pandas_ewm<double>::state saved() const
    {
        return std::visit([](auto const& stream) { return stream.saved(); }, s);
    }
};

py::tuple words_of(smooth::superaccumulator::words const& w)
{
    return py::make_tuple(std::vector<std::int64_t>(w.chunks.begin(), w.chunks.end()), w.pending);
}

smooth::superaccumulator::words words_from(py::tuple const& t)
{
    const auto chunks = t[0].cast<std::vector<std::int64_t>>();
    smooth::superaccumulator::words w;
    if (chunks.size() != w.chunks.size()) {
        throw py::value_error("smooth: a pickled seed has " + std::to_string(chunks.size()) + " words, not " +
                              std::to_string(w.chunks.size()));
    }
    std::copy(chunks.begin(), chunks.end(), w.chunks.begin());
    w.pending = t[1].cast<int>();
    return w;
}

/// TTR's seeded EMA or Wilder's smoothing (two Python types, so two C++ ones).
template <bool Wilder>
struct seeded {
    smooth::ema_seeded_stream<double> s;

    static seeded make(std::size_t n)
    {
        return {Wilder ? smooth::ema_seeded_stream<double>::wilder(n) : smooth::ema_seeded_stream<double>::ema(n)};
    }
};

template <bool Wilder>
void bind_seeded(py::module_& m, char const* name, char const* doc)
{
    using seeded = python::seeded<Wilder>;
    const std::string prefix = std::string("smooth.") + name;
    py::class_<seeded>(m, name, doc)
        .def(py::init([](std::size_t n) { return seeded::make(n); }), py::arg("n"))
        .def("push", [](seeded& s, double x) { s.s.push(x); }, py::arg("x"))
        .def("push_many",
             [prefix](seeded& s, input const& x) {
                 return push_many(s.s, x, prefix.c_str(), [](auto const& stream) { return stream.value(); });
             },
             py::arg("x"), "Pushes each value; returns the value after each (NaN before the seed).")
        .def_property_readonly("value", [](seeded const& s) { return s.s.value(); }, "None until the seed is complete.")
        .def_property_readonly("observed", [](seeded const& s) { return s.s.observed(); })
        .def_property_readonly("alpha", [](seeded const& s) { return s.s.alpha(); })
        .def("__repr__", [prefix](seeded const& s) { return prefix + "(n=" + std::to_string(s.s.period()) + ")"; })
        .def(py::pickle(
            [](seeded const& s) {
                const auto st = s.s.saved();
                return py::make_tuple(s.s.period(), st.observed, words_of(st.seed), st.non_finite, st.value, st.old_weight);
            },
            [](py::tuple const& t) {
                seeded s = seeded::make(t[0].cast<std::size_t>());
                smooth::ema_seeded_stream<double>::state st;
                st.observed = t[1].cast<std::size_t>();
                st.seed = words_from(t[2].cast<py::tuple>());
                st.non_finite = t[3].cast<double>();
                st.value = t[4].cast<double>();
                st.old_weight = t[5].cast<double>();
                s.s.restore(st);
                return s;
            }));
}

} // namespace

void bind_streams(py::module_& m)
{
    using sma = smooth::sma_stream<double>;
    py::class_<sma>(m, "SMA", "The streaming simple moving average: each value the exact mean of the window, as smooth.sma.")
        .def(py::init([](std::size_t window, std::optional<std::size_t> min_periods) {
                 return sma(window, min_periods.value_or(0));
             }),
             py::arg("window"), py::arg("min_periods") = py::none())
        .def("push", &sma::push, py::arg("x"))
        .def("push_many",
             [](sma& s, input const& x) { return push_many(s, x, "smooth.SMA", [](sma const& st) { return st.value(); }); },
             py::arg("x"), "Pushes each value; returns the mean after each (NaN before min_periods values).")
        .def_property_readonly("value", &sma::value, "The mean, None before min_periods values.")
        .def_property_readonly("window", &sma::window)
        .def_property_readonly("min_periods", &sma::min_periods)
        .def_property_readonly("rows", [](sma const& s) { return s.rows(); }, "The rows in the window, oldest first.")
        .def("__repr__",
             [](sma const& s) {
                 return "smooth.SMA(window=" + std::to_string(s.window()) + ", min_periods=" + std::to_string(s.min_periods()) + ")";
             })
        .def(py::pickle(
            // the rows are all the state there is (the sum is exact): pushed again, they give it back
            [](sma const& s) { return py::make_tuple(s.window(), s.min_periods(), s.rows()); },
            [](py::tuple const& t) {
                sma s(t[0].cast<std::size_t>(), t[1].cast<std::size_t>());
                for (const double r : t[2].cast<std::vector<double>>()) {
                    s.push(r);
                }
                return s;
            }));

    py::class_<ewm>(m, "EWM", "pandas' ewm(...).mean() as a stream: the same numbers as smooth.ewm_mean, one value at a time.")
        .def(py::init([](std::optional<double> alpha, std::optional<double> span, std::optional<double> com,
                         std::optional<double> halflife, bool adjust, bool ignore_na, std::size_t min_periods) {
                 (void)decay_from(alpha, span, com, halflife, "smooth.EWM"); // exactly one given
                 const char* spelling = alpha ? "alpha" : span ? "span" : com ? "com" : "halflife";
                 const double given = alpha ? *alpha : span ? *span : com ? *com : *halflife;
                 return ewm::make(spelling, given, adjust, ignore_na, min_periods);
             }),
             py::kw_only(), py::arg("alpha") = py::none(), py::arg("span") = py::none(), py::arg("com") = py::none(),
             py::arg("halflife") = py::none(), py::arg("adjust") = true, py::arg("ignore_na") = false,
             py::arg("min_periods") = 0)
        .def("push", &ewm::push, py::arg("x"))
        .def("push_many", [](ewm& s, input const& x) { return push_many(s, x, "smooth.EWM", [](ewm const& st) { return st.value(); }); },
             py::arg("x"), "Pushes each value; returns the mean after each (NaN before min_periods observed).")
        .def_property_readonly("value", &ewm::value, "The mean, None before min_periods values were observed.")
        .def("__repr__",
             [](ewm const& s) {
                 return "smooth.EWM(" + s.spelling + "=" + shortest(s.given) + ", adjust=" + (s.adjust ? "True" : "False") +
                        ", ignore_na=" + (s.ignore_na ? "True" : "False") + ", min_periods=" + std::to_string(s.min_periods) + ")";
             })
        .def(py::pickle(
            [](ewm const& s) {
                const auto st = s.saved();
                return py::make_tuple(s.spelling, s.given, s.adjust, s.ignore_na, s.min_periods, st.mean, st.old_weight,
                                      st.observed);
            },
            [](py::tuple const& t) {
                ewm s = ewm::make(t[0].cast<std::string>(), t[1].cast<double>(), t[2].cast<bool>(), t[3].cast<bool>(),
                                  t[4].cast<std::size_t>());
                const smooth::detail::pandas_ewm<double>::state st{t[5].cast<double>(), t[6].cast<double>(),
                                                                    t[7].cast<std::size_t>()};
                std::visit([&st](auto& stream) { stream.restore(st); }, s.s);
                return s;
            }));

    using ema = smooth::ema_stream<double>;
    py::class_<ema>(m, "EMA",
                    "The article's EMA as a stream: V_0 = 0, V_t = beta V_(t-1) + (1 - beta) x_t (smooth.ema);\n"
                    "`corrected` is V_t / (1 - beta^t), which is pandas' adjust=True.")
        .def(py::init([](double beta) { return ema(smooth::decay(beta)); }), py::arg("beta"))
        .def("push", &ema::push, py::arg("x"))
        .def("push_many",
             [](ema& s, input const& x) {
                 return push_many(s, x, "smooth.EMA", [](ema const& st) { return std::optional<double>(st.value()); });
             },
             py::arg("x"), "Pushes each value; returns V_t after each.")
        .def_property_readonly("value", [](ema const& s) { return s.value(); }, "V_t (0.0 before the first value).")
        .def_property_readonly(
            "corrected", [](ema const& s) { return s.observed() == 0 ? std::nullopt : std::optional<double>(s.corrected()); },
            "V_t divided by the weight the values hold, 1 - beta^t; None before the first value.")
        .def_property_readonly("weight_sum", &ema::weight_sum, "1 - beta^t: the weight the values hold in V_t.")
        .def_property_readonly("beta", &ema::beta)
        .def_property_readonly("observed", &ema::observed)
        .def("__repr__", [](ema const& s) { return "smooth.EMA(beta=" + shortest(s.beta()) + ")"; })
        .def(py::pickle([](ema const& s) {
                            const auto st = s.saved();
                            return py::make_tuple(s.beta(), st.value, st.weight_sum, st.observed);
                        },
                        [](py::tuple const& t) {
                            ema s{smooth::decay(t[0].cast<double>())};
                            s.restore({t[1].cast<double>(), t[2].cast<double>(), t[3].cast<std::size_t>()});
                            return s;
                        }));

    bind_seeded<false>(m, "EMASeeded",
                        "TA-Lib's EMA(n) and TTR's EMA(x, n) as a stream (smooth.ema_seeded): the mean of the first n, "
                        "then alpha = 2 / (n + 1).");
    bind_seeded<true>(m, "Wilder", "Wilder's smoothing as a stream (smooth.wilder): the same seed, alpha = 1 / n.");
}

} // namespace smooth::python
