// smooth.optim, smooth.theory and smooth.problems.
#include <pybind11/pybind11.h>

#include "module.hpp"

namespace smooth::python {

void bind_optim(py::module_& /*m*/) {}

} // namespace smooth::python
