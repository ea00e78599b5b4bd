#include <smooth/io/specs.hpp>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include <smooth/decay.hpp>
#include <smooth/schedules.hpp>
#include <smooth/io/input_error.hpp>

namespace smooth::io {
namespace {
/// The parts of A:B:C (an empty text is one empty part).
std::vector<std::string_view> split_colons(std::string_view text)
{
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
        if (colon == std::string_view::npos) {
            return parts;
        }
        start = colon + 1;
    }
}
} // namespace

double parse_number(std::string_view text, std::string_view what)
{
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') {
        digits.remove_prefix(1);
    }
    double v = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
        if (r.ec == std::errc::result_out_of_range) {
            throw input_error(fmt::format("{} '{}' is out of the range of a double", what, text));
        }
        throw input_error(fmt::format("{} '{}' is not a number", what, text));
    }
    if (!std::isfinite(v)) {
        throw input_error(fmt::format("{} '{}' is not a finite number", what, text));
    }
    return v;
}

std::size_t parse_count(std::string_view text, std::string_view what)
{
    std::size_t n = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || n == 0) {
        throw input_error(fmt::format("{} must be a whole number >= 1, got '{}'", what, text));
    }
    return n;
}

std::vector<double> parse_list(std::string_view text, std::string_view what)
{
    std::vector<double> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.push_back(parse_number(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start), what));
        if (comma == std::string_view::npos) {
            return out;
        }
        start = comma + 1;
    }
}

smooth::decay parse_decay(std::string_view text)
{
    const auto eq = text.find('=');
    try {
        if (eq == std::string_view::npos) {
            return {parse_number(text, "beta")};
        }
        const std::string_view key = text.substr(0, eq);
        const double value = parse_number(text.substr(eq + 1), key);
        if (key == "beta") {
            return {value};
        }
        if (key == "alpha") {
            return decay::from_alpha(value);
        }
        if (key == "span") {
            return decay::from_span(value);
        }
        if (key == "com") {
            return decay::from_com(value);
        }
        if (key == "halflife") {
            return decay::from_halflife(value);
        }
    } catch (std::invalid_argument const& e) {
        throw input_error(e.what());
    }
    throw input_error(fmt::format("'{}': a decay is beta, alpha=A, span=S, com=C or halflife=H", text));
}

std::function<double(std::size_t)> parse_beta_schedule(std::string_view text)
{
    const auto parts = split_colons(text);
    if (parts[0] == "linear" && parts.size() == 4) {
        return schedules::linear(parse_number(parts[1], "B0"), parse_number(parts[2], "B1"), parse_count(parts[3], "STEPS"));
    }
    if (parts[0] == "step" && parts.size() == 4) {
        return schedules::stepwise(parse_number(parts[1], "B0"), parse_number(parts[2], "B1"), parse_count(parts[3], "AT"));
    }
    if (parts[0] == "sutskever" && parts.size() == 2) {
        return schedules::sutskever(parse_number(parts[1], "BMAX"));
    }
    throw input_error("use linear:B0:B1:STEPS, step:B0:B1:AT or sutskever:BMAX");
}

sweep_spec parse_sweep(std::string_view text)
{
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        throw input_error("use NAME=FROM:TO:COUNT or NAME=log:FROM:TO:COUNT");
    }
    sweep_spec out{std::string(text.substr(0, eq)), {}};
    std::string_view rest = text.substr(eq + 1);
    bool log = false;
    if (rest.substr(0, 4) == "log:") {
        log = true;
        rest.remove_prefix(4);
    }
    const auto parts = split_colons(rest);
    if (parts.size() != 3) {
        throw input_error("use NAME=FROM:TO:COUNT or NAME=log:FROM:TO:COUNT");
    }
    out.axis = {parse_number(parts[0], "FROM"), parse_number(parts[1], "TO"), parse_count(parts[2], "COUNT"), log};
    try {
        (void)out.axis.values(); // its checks: a count in 1 .. 100000, log ends > 0
    } catch (std::invalid_argument const& e) {
        throw input_error(e.what());
    }
    return out;
}

std::string shortest(double value)
{
    return fmt::format("{}", value);
}

} // namespace smooth::io
