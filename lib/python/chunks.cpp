// The chunk functions smooth.dask runs on each partition (C++ <smooth/chunks.hpp>), with
// summaries as plain tuples so that they pickle to and from dask's workers:
//   SMA summary  (window, min_periods, tail: the last window - 1 rows as a numpy array)
//   EWM summary  (beta, alpha, adjust, ignore_na, min_periods, (the sums' fields), (adjust=False's
//                fields), (the corrected form's resets and mean)): every field of smooth::ema_summary
#include <optional>
#include <string>

#include <smooth/chunks.hpp>

#include <pybind11/stl.h>

#include "module.hpp"

namespace smooth::python {

namespace {

py::tuple sma_tuple(smooth::sma_summary const& s)
{
    py::array_t<double> tail(static_cast<py::ssize_t>(s.tail.size()));
    std::copy(s.tail.begin(), s.tail.end(), tail.mutable_data());
    return py::make_tuple(s.spec.window, s.spec.min_periods, tail);
}

smooth::sma_summary sma_from(py::tuple const& t)
{
    if (t.size() != 3) {
        throw py::value_error("smooth: not an SMA summary");
    }
    smooth::sma_summary s{{t[0].cast<std::size_t>(), t[1].cast<std::size_t>()}, {}};
    const auto tail = t[2].cast<input>();
    s.tail.assign(tail.data(), tail.data() + tail.size());
    return s;
}

py::tuple ewm_tuple(smooth::ema_summary const& s)
{
    return py::make_tuple(s.spec.d.beta, s.spec.d.alpha, s.spec.form == smooth::ema_form::corrected,
                          s.spec.missing == smooth::missing_policy::skip, s.spec.min_periods,
                          py::make_tuple(s.kept, s.kept_rest, s.v, s.v_rest, s.w, s.w_rest, s.steps, s.observed),
                          py::make_tuple(s.first, s.lead_gap, s.trail_gap, s.a, s.a_rest, s.b, s.b_rest),
                          py::make_tuple(s.reset, s.reset_w, s.reset_age, s.reset_gap, s.forgotten, s.reset_again,
                                         s.reset_certain, s.mean, s.mean_rest));
}

smooth::ema_summary ewm_from(py::tuple const& t)
{
    if (t.size() != 8) {
        throw py::value_error("smooth: not an EWM summary");
    }
    smooth::decay d(t[0].cast<double>());
    d.alpha = t[1].cast<double>(); // pandas' own alpha, as ewm_mean uses it
    smooth::ema_summary s{{d, t[2].cast<bool>() ? smooth::ema_form::corrected : smooth::ema_form::first_seeded,
                           t[3].cast<bool>() ? smooth::missing_policy::skip : smooth::missing_policy::decay,
                           t[4].cast<std::size_t>()}};
    const auto sums = t[5].cast<py::tuple>();
    s.kept = sums[0].cast<double>();
    s.kept_rest = sums[1].cast<double>();
    s.v = sums[2].cast<double>();
    s.v_rest = sums[3].cast<double>();
    s.w = sums[4].cast<double>();
    s.w_rest = sums[5].cast<double>();
    s.steps = sums[6].cast<std::size_t>();
    s.observed = sums[7].cast<std::size_t>();
    const auto map = t[6].cast<py::tuple>();
    s.first = map[0].cast<double>();
    s.lead_gap = map[1].cast<std::size_t>();
    s.trail_gap = map[2].cast<std::size_t>();
    s.a = map[3].cast<double>();
    s.a_rest = map[4].cast<double>();
    s.b = map[5].cast<double>();
    s.b_rest = map[6].cast<double>();
    const auto resets = t[7].cast<py::tuple>();
    s.reset = resets[0].cast<bool>();
    s.reset_w = resets[1].cast<double>();
    s.reset_age = resets[2].cast<std::size_t>();
    s.reset_gap = resets[3].cast<std::size_t>();
    s.forgotten = resets[4].cast<double>();
    s.reset_again = resets[5].cast<bool>();
    s.reset_certain = resets[6].cast<bool>();
    s.mean = resets[7].cast<double>();
    s.mean_rest = resets[8].cast<double>();
    return s;
}

std::span<const double> one_d(input const& x)
{
    if (x.ndim() != 1) {
        throw py::value_error("smooth: a partition must be 1-D, got " + std::to_string(x.ndim()) + "-D");
    }
    return {x.data(), static_cast<std::size_t>(x.shape(0))};
}

/// smooth::apply(before, x, out) into a new array.
template <class Summary>
py::array_t<double> applied(Summary const& before, input const& x)
{
    const auto in = one_d(x);
    py::array_t<double> out(static_cast<py::ssize_t>(in.size()));
    smooth::apply(before, in, std::span<double>(out.mutable_data(), in.size()));
    return out;
}

} // namespace

void bind_chunks(py::module_& m)
{
    m.def(
        "_sma_summarize",
        [](input const& x, std::size_t window, std::optional<std::size_t> min_periods) {
            return sma_tuple(smooth::summarize(one_d(x), smooth::sma_spec{window, min_periods.value_or(0)}));
        },
        py::arg("x"), py::arg("window"), py::arg("min_periods") = py::none(),
        "What a partition leaves to the rows after it for the SMA (smooth::summarize).");
    m.def(
        "_sma_merge", [](py::tuple const& a, py::tuple const& b) { return sma_tuple(smooth::merge(sma_from(a), sma_from(b))); },
        "Two summaries as one, the first one's rows first (smooth::merge).");
    m.def(
        "_sma_apply",
        [](py::tuple const& carry, input const& x) { return applied(sma_from(carry), x); },
        "A partition's SMA given the summary of everything before it (smooth::apply).");
    m.def(
        "_ewm_summarize",
        [](input const& x, std::optional<double> alpha, std::optional<double> span, std::optional<double> com,
           std::optional<double> halflife, bool adjust, bool ignore_na, std::size_t min_periods) {
            const auto d = decay_from(alpha, span, com, halflife, "smooth.dask.ewm_mean");
            const auto missing = ignore_na ? smooth::missing_policy::skip : smooth::missing_policy::decay;
            const auto form = adjust ? smooth::ema_form::corrected : smooth::ema_form::first_seeded;
            (void)smooth::ema_corrected_stream<double>(d, missing, min_periods); // the parameters checked
            return ewm_tuple(smooth::summarize(one_d(x), smooth::ema_spec{d, form, missing, min_periods}));
        },
        py::arg("x"), py::kw_only(), py::arg("alpha") = py::none(), py::arg("span") = py::none(),
        py::arg("com") = py::none(), py::arg("halflife") = py::none(), py::arg("adjust") = true,
        py::arg("ignore_na") = false, py::arg("min_periods") = 0,
        "What a partition does to pandas' EWM state (smooth::summarize).");
    m.def(
        "_ewm_merge", [](py::tuple const& a, py::tuple const& b) { return ewm_tuple(smooth::merge(ewm_from(a), ewm_from(b))); },
        "Two EWM summaries as one, the first one's rows first (smooth::merge).");
    m.def(
        "_ewm_apply",
        [](py::tuple const& carry, input const& x) { return applied(ewm_from(carry), x); },
        "A partition's EWM mean given the summary of everything before it (smooth::apply).");
}

} // namespace smooth::python
