// smooth.SMA and the EMA streams: push values one at a time or many at once, read `value`.
#include <cstddef>
#include <optional>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <smooth/sma.hpp>

#include "module.hpp"

namespace smooth::python {

void bind_streams(py::module_& m)
{
    py::class_<smooth::sma_stream<double>>(m, "SMA")
        .def(py::init<std::size_t, std::size_t>(), py::arg("window"), py::arg("min_periods") = 0)
        .def("push", &smooth::sma_stream<double>::push, py::arg("x"))
        .def(
            "push_many",
            [](smooth::sma_stream<double>& s, input const& x) {
                if (x.ndim() != 1) {
                    throw py::value_error("smooth.SMA.push_many: x must be 1-D");
                }
                const double* in = x.data();
                const auto n = static_cast<std::size_t>(x.shape(0));
                py::gil_scoped_release unlocked;
                for (std::size_t t = 0; t < n; ++t) {
                    s.push(in[t]);
                }
            },
            py::arg("x"))
        .def_property_readonly("value", &smooth::sma_stream<double>::value, "The mean, None before min_periods values.")
        .def("__repr__", [](smooth::sma_stream<double> const& s) {
            return "smooth.SMA(window=" + std::to_string(s.window()) + ", min_periods=" + std::to_string(s.min_periods()) + ")";
        });
}

} // namespace smooth::python
