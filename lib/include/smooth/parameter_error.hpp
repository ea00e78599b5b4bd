// Builds the std::invalid_argument messages that name the bad value exactly.
#ifndef SMOOTH_PARAMETER_ERROR_HPP
#define SMOOTH_PARAMETER_ERROR_HPP

#include <charconv>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smooth {

/// The shortest text that reads back as the same double ("0.1", "1e+400" never occurs).
inline std::string shortest(double value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

/// std::invalid_argument("<what> must be <rule>, got <value>").
[[noreturn]] inline void throw_parameter_error(std::string_view what, std::string_view rule,
                                               double value)
{
    std::string message(what);
    message += " must be ";
    message += rule;
    message += ", got ";
    message += shortest(value);
    throw std::invalid_argument(message);
}

/// A test problem's point and gradient must have its dimension: std::invalid_argument
/// ("ravine: w and g must have 2 elements, got 3 and 2") rather than a read past the end.
inline void check_problem_sizes(std::string_view problem, std::size_t dimension, std::size_t w, std::size_t g)
{
    if (w != dimension || g != dimension) {
        throw std::invalid_argument(std::string(problem) + ": w and g must have " + std::to_string(dimension) +
                                    " elements, got " + std::to_string(w) + " and " + std::to_string(g));
    }
}

} // namespace smooth

#endif
