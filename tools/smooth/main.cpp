// smooth [OPTIONS] [FILE|-]: simple and exponential moving averages of a series, streamed.
// Reads one number per line (or a CSV column), writes CSV: t,x, then one column per smoother
// in command-line order. The maths is the library's; this file parses, reads and writes.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <smooth/ema.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/io/series_reader.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/sma.hpp>

#include "cli.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;

constexpr char const* usage = R"(Usage: smooth [OPTIONS] [FILE|-]

Smooths a series of numbers (one per line, or a CSV column) with simple and exponential
moving averages and writes CSV: t,x, then one column per smoother, in the order given.
B is beta (0.9) or alpha=A, span=S, com=C, halflife=H as pandas defines them.

Examples:
  smooth --sma 20 --ema 0.9 prices.txt
  smooth --column close --ema-corrected span=19 -o out.csv prices.csv
  smooth --ema 0.9 --plot - data.txt)";

/// One output column: a smoother and its state.
struct smoother {
    std::string name;
    std::variant<smooth::sma_stream<double>, smooth::impl::ema_impl<double>,
                 smooth::impl::ema_first_impl<double>>
        state;
    bool corrected = false; ///< an ema_impl read as V_t / (1 - beta^t)

    void push(double x)
    {
        std::visit([x](auto& s) { s.push(x); }, state);
    }
    /// NaN where there is no value yet (an empty field).
    [[nodiscard]] double value() const
    {
        if (auto const* s = std::get_if<smooth::sma_stream<double>>(&state)) {
            return s->value().value_or(NAN);
        }
        if (auto const* e = std::get_if<smooth::impl::ema_impl<double>>(&state)) {
            return corrected ? e->corrected() : e->value();
        }
        return std::get<smooth::impl::ema_first_impl<double>>(state).value();
    }
};

double decay_option(std::string const& option, std::string const& value)
{
    try {
        return smooth::io::parse_decay(value);
    } catch (smooth::io::input_error const& e) {
        throw usage_error("--" + option + " " + value + ": " + e.what());
    }
}

/// The smoothers in command-line order (program_options keeps the order of the raw tokens).
std::vector<smoother> smoothers_from(po::parsed_options const& parsed, std::size_t min_periods)
{
    std::vector<smoother> out;
    for (auto const& opt : parsed.options) {
        if (opt.value.empty()) {
            continue;
        }
        const std::string& v = opt.value.front();
        if (opt.string_key == "sma") {
            std::size_t window = 0;
            try {
                window = smooth::io::parse_count(v, "--sma");
            } catch (smooth::io::input_error const& e) {
                throw usage_error(e.what());
            }
            if (min_periods > window) {
                throw usage_error(fmt::format("--min-periods {} is larger than the --sma {} window", min_periods, window));
            }
            out.push_back({fmt::format("sma_{}", window), smooth::sma_stream<double>(window, min_periods)});
        } else if (opt.string_key == "ema" || opt.string_key == "ema-corrected") {
            const double beta = decay_option(opt.string_key, v);
            const bool corrected = opt.string_key == "ema-corrected";
            out.push_back({fmt::format("{}_{}", corrected ? "ema_corrected" : "ema", beta),
                           smooth::impl::ema_impl<double>(beta, smooth::missing_policy::propagate), corrected});
        } else if (opt.string_key == "ema-first") {
            const double beta = decay_option(opt.string_key, v);
            out.push_back({fmt::format("ema_first_{}", beta),
                           smooth::impl::ema_first_impl<double>(beta, smooth::missing_policy::propagate)});
        }
    }
    return out;
}

/// ",v" in shortest round-trip form (fmt's "{}", compiled: this is the tool's hot loop),
/// or "," alone for no value.
void append_number(fmt::memory_buffer& buf, double v)
{
    buf.push_back(',');
    if (!std::isnan(v)) {
        fmt::format_to(fmt::appender(buf), FMT_COMPILE("{}"), v);
    }
}

int run(int argc, char** argv)
{
    po::options_description options("Options");
    std::string output;
    std::string column = "1";
    std::string missing = "error";
    std::string min_periods_text;
    smooth::cli::plot_options plot;
    options.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("sma", po::value<std::vector<std::string>>()->value_name("N")->composing(), "simple moving average over N samples (repeatable)")
        ("ema", po::value<std::vector<std::string>>()->value_name("B")->composing(), "EMA, V_0 = 0: the article's form (repeatable)")
        ("ema-corrected", po::value<std::vector<std::string>>()->value_name("B")->composing(), "EMA divided by 1 - beta^t: pandas adjust=True (repeatable)")
        ("ema-first", po::value<std::vector<std::string>>()->value_name("B")->composing(), "EMA seeded with the first sample: pandas adjust=False (repeatable)")
        ("min-periods", po::value(&min_periods_text)->value_name("K"), "SMA values from K samples on, as pandas (default: the window)")
        ("column", po::value(&column)->value_name("NAME|N"), "CSV column to read, by header name or number from 1 (default 1)")
        ("missing", po::value(&missing)->value_name("error|skip"), "a missing value (nan, empty field): an error (default), or skip it")
        ("output,o", po::value(&output)->value_name("FILE"), "write the CSV to FILE (default: standard output)");
    smooth::cli::add_plot_options(options, plot);
    po::options_description hidden;
    std::vector<std::string> inputs;
    hidden.add_options()("input", po::value(&inputs));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);
    const auto parsed = po::command_line_parser(argc, argv).options(all).positional(positional).run();
    po::variables_map vm;
    po::store(parsed, vm);
    po::notify(vm);
    if (smooth::cli::handle_info("smooth", vm, options, usage)) {
        return 0;
    }
    if (inputs.size() > 1) {
        throw usage_error("one input file at most, got " + std::to_string(inputs.size()));
    }
    if (missing != "error" && missing != "skip") {
        throw usage_error("--missing takes error or skip, got '" + missing + "'");
    }
    std::size_t min_periods = 0;
    if (!min_periods_text.empty()) {
        try {
            min_periods = smooth::io::parse_count(min_periods_text, "--min-periods");
        } catch (smooth::io::input_error const& e) {
            throw usage_error(e.what());
        }
    }
    smooth::io::column_choice column_choice;
    try {
        column_choice = smooth::io::parse_column(column);
    } catch (smooth::io::input_error const& e) {
        throw usage_error(e.what());
    }
    auto smoothers = smoothers_from(parsed, min_periods);
    if (smoothers.empty()) {
        throw usage_error("no smoother: give at least one of --sma, --ema, --ema-corrected, --ema-first");
    }
    smooth::cli::validate(plot);

    // input
    const std::string source = inputs.empty() ? "-" : inputs.front();
    std::ifstream file;
    std::istream* in = &std::cin;
    if (source != "-") {
        std::error_code ec;
        if (std::filesystem::is_directory(source, ec)) {
            throw smooth::io::input_error("cannot read " + source + ": it is a directory");
        }
        file.open(source, std::ios::binary);
        if (!file) {
            throw smooth::io::input_error("cannot read " + source + ": " + std::strerror(errno));
        }
        in = &file;
    } else {
        std::ios::sync_with_stdio(false);
    }
    smooth::io::series_reader reader(*in, source, column_choice);

    // output: a file appears only complete; standard output unless the figure goes there
    smooth::cli::csv_output out(output, plot);

    fmt::memory_buffer buf;
    fmt::format_to(std::back_inserter(buf), "t,x");
    for (auto const& s : smoothers) {
        fmt::format_to(std::back_inserter(buf), ",{}", s.name);
    }
    buf.push_back('\n');

    // kept only for a figure
    std::vector<double> ts;
    std::vector<double> xs;
    std::vector<std::vector<double>> ys(smoothers.size());

    std::size_t t = 0;
    const bool skip_missing = missing == "skip";
    while (const auto s = reader.next()) {
        ++t;
        if (std::isnan(s->value)) {
            if (!skip_missing) {
                throw smooth::io::input_error(
                    fmt::format("{}:{}: missing value (use --missing skip to leave it out)", source, s->line));
            }
        } else {
            for (auto& sm : smoothers) {
                sm.push(s->value);
            }
        }
        fmt::format_to(fmt::appender(buf), FMT_COMPILE("{}"), t);
        append_number(buf, s->value);
        for (auto const& sm : smoothers) {
            append_number(buf, sm.value());
        }
        buf.push_back('\n');
        out.put_if_large(buf);
        if (plot.wanted()) {
            ts.push_back(static_cast<double>(t));
            xs.push_back(s->value);
            for (std::size_t k = 0; k < smoothers.size(); ++k) {
                ys[k].push_back(smoothers[k].value());
            }
        }
    }
    if (plot.wanted()) {
        smooth::plot::figure fig{"smooth: " + (source == "-" ? std::string("standard input") : source) + " (" +
                                     reader.column_name() + ")",
                                 "t", reader.column_name(), false,
                                 {{reader.column_name(), ts, xs, smooth::plot::style::points}}, {}};
        for (std::size_t k = 0; k < smoothers.size(); ++k) {
            fig.lines.push_back({smoothers[k].name, ts, ys[k], smooth::plot::style::lines});
        }
        smooth::cli::emit({fig}, plot);
    }
    out.commit(buf);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::cli::run("smooth", [&] { return run(argc, argv); });
}
