// Parameters as the tools spell them on the command line.
#ifndef SMOOTH_IO_SPECS_HPP
#define SMOOTH_IO_SPECS_HPP

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <smooth/decay.hpp>
#include <smooth/sweep.hpp>

namespace smooth::io {

/// A finite double, the whole text; throws input_error naming `what` and the text.
double parse_number(std::string_view text, std::string_view what);

/// A whole number >= 1 (a window, a count); throws input_error naming `what` and the text.
std::size_t parse_count(std::string_view text, std::string_view what);

/// "a,b,c" as finite doubles.
std::vector<double> parse_list(std::string_view text, std::string_view what);

/// An EMA's decay: "0.9" (beta itself), "alpha=A", "span=S", "com=C" or "halflife=H" with
/// pandas' definitions and pandas' arithmetic (smooth::decay). Invalid values throw
/// input_error with the library's message (which names the value).
smooth::decay parse_decay(std::string_view text);

/// A schedule of beta over the steps t = 1, 2, ...: "linear:B0:B1:STEPS", "step:B0:B1:AT" or
/// "sutskever:BMAX" (smooth/schedules.hpp). Throws input_error for a malformed spec and the
/// library's std::invalid_argument for a bad value.
std::function<double(std::size_t)> parse_beta_schedule(std::string_view text);

/// The shortest text that reads back as the same double (fmt's "{}").
/// A sweep: NAME=FROM:TO:COUNT or NAME=log:FROM:TO:COUNT (at most 100000 values). The name
/// is returned as written; the caller says which names it takes.
struct sweep_spec {
    std::string name;
    smooth::sweep_axis axis;
};
sweep_spec parse_sweep(std::string_view text);

std::string shortest(double value);

} // namespace smooth::io

#endif
