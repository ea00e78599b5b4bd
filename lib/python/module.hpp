// What the module's files share: the array type it takes and the column-by-column driver.
#ifndef SMOOTH_PYTHON_MODULE_HPP
#define SMOOTH_PYTHON_MODULE_HPP

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <smooth/decay.hpp>

namespace smooth::python {

namespace py = pybind11;

using input = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// f(in, out) over a 1-D array, or over each column of a 2-D one, without the GIL.
template <class F>
inline py::array_t<double> per_column(input const& x, F const& f)
{
    if (x.ndim() == 1) {
        const auto n = static_cast<std::size_t>(x.shape(0));
        py::array_t<double> out(static_cast<py::ssize_t>(n));
        const double* in = x.data();
        double* o = out.mutable_data();
        {
            py::gil_scoped_release unlocked;
            f(std::span<const double>(in, n), std::span<double>(o, n));
        }
        return out;
    }
    if (x.ndim() == 2) {
        const auto rows = static_cast<std::size_t>(x.shape(0));
        const auto cols = static_cast<std::size_t>(x.shape(1));
        py::array_t<double> out({x.shape(0), x.shape(1)});
        const double* in = x.data();
        double* o = out.mutable_data();
        {
            py::gil_scoped_release unlocked;
            std::vector<double> column(rows);
            std::vector<double> smoothed(rows);
            for (std::size_t c = 0; c < cols; ++c) {
                for (std::size_t r = 0; r < rows; ++r) {
                    column[r] = in[r * cols + c];
                }
                f(std::span<const double>(column), std::span<double>(smoothed));
                for (std::size_t r = 0; r < rows; ++r) {
                    o[r * cols + c] = smoothed[r];
                }
            }
        }
        return out;
    }
    throw py::value_error("smooth: x must be 1-D or 2-D, got " + std::to_string(x.ndim()) + "-D");
}

/// pandas' four spellings of a decay, exactly one of them given.
inline smooth::decay decay_from(std::optional<double> alpha, std::optional<double> span, std::optional<double> com,
                                std::optional<double> halflife, char const* where)
{
    const int given = (alpha ? 1 : 0) + (span ? 1 : 0) + (com ? 1 : 0) + (halflife ? 1 : 0);
    if (given != 1) {
        throw py::value_error(std::string(where) + ": give exactly one of alpha, span, com, halflife (as pandas), got " +
                              std::to_string(given));
    }
    if (halflife) {
        (void)smooth::decay::from_halflife(*halflife); // the library's checks and messages
        // pandas' own chain, with numpy's exp: numpy's and the C library's exp differ in the last
        // bit for most half-lives, and 1 - exp magnifies that about 1 / alpha times (docs/python.md)
        py::module_ np = py::module_::import("numpy");
        const double d = 1.0 - np.attr("exp")(np.attr("log")(0.5).cast<double>() / *halflife).cast<double>();
        return smooth::decay::from_com(1.0 / d - 1.0);
    }
    return alpha ? smooth::decay::from_alpha(*alpha)
           : span ? smooth::decay::from_span(*span)
                  : smooth::decay::from_com(*com);
}

/// smooth.SMA, smooth.EMA and the other streams (streams.cpp).
void bind_streams(py::module_& m);
/// smooth.optim, smooth.theory and smooth.problems (optim.cpp).
void bind_optim(py::module_& m);
/// smooth._sma_summarize, _sma_merge, _sma_apply and the _ewm_ ones: what smooth.dask runs on
/// each partition (chunks.cpp).
void bind_chunks(py::module_& m);

} // namespace smooth::python

#endif
