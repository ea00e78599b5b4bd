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

#include <smooth/io/input_error.hpp>
#include <smooth/io/series_reader.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/smoother.hpp>

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

/// One output column: its name and the library smoother behind it.
struct column_smoother {
    std::string name;
    smooth::smoother smoother;
};

smooth::decay decay_option(std::string const& option, std::string const& value)
{
    try {
        return smooth::io::parse_decay(value);
    } catch (smooth::io::input_error const& e) {
        throw usage_error("--" + option + " " + value + ": " + e.what());
    }
}

std::size_t count_option(std::string const& option, std::string const& value)
{
    try {
        return smooth::io::parse_count(value, "--" + option);
    } catch (smooth::io::input_error const& e) {
        throw usage_error(e.what());
    }
}

/// The smoothers in command-line order (program_options keeps the order of the raw tokens),
/// each one library smoother_spec.
std::vector<column_smoother> smoothers_from(po::parsed_options const& parsed, std::size_t min_periods,
                                            smooth::missing_policy missing)
{
    std::vector<column_smoother> out;
    for (auto const& opt : parsed.options) {
        if (opt.value.empty()) {
            continue;
        }
        const std::string& key = opt.string_key;
        const std::string& v = opt.value.front();
        smooth::smoother_spec spec;
        spec.missing = missing;
        spec.min_periods = min_periods;
        std::string name;
        if (key == "sma" || key == "ema-seeded" || key == "wilder") {
            spec.window = count_option(key, v);
            spec.kind = key == "sma" ? smooth::average::sma
                        : key == "wilder" ? smooth::average::wilder
                                          : smooth::average::ema_seeded;
            if (key == "sma" && min_periods > spec.window) {
                throw usage_error(fmt::format("--min-periods {} is larger than the --sma {} window", min_periods, spec.window));
            }
            name = fmt::format("{}_{}", key == "ema-seeded" ? "ema_seeded" : key, spec.window);
        } else if (key == "ema" || key == "ema-corrected" || key == "ema-first") {
            spec.ema_decay = decay_option(key, v);
            spec.kind = key == "ema" ? smooth::average::ema
                        : key == "ema-corrected" ? smooth::average::ema_corrected
                                                 : smooth::average::ema_first;
            name = fmt::format("{}_{}", key == "ema" ? "ema" : key == "ema-corrected" ? "ema_corrected" : "ema_first",
                               spec.ema_decay.beta);
        } else {
            continue;
        }
        out.push_back({name, smooth::smoother(spec)});
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
        ("ema-seeded", po::value<std::vector<std::string>>()->value_name("N")->composing(), "EMA(N) seeded with the SMA of the first N values, alpha 2/(N+1): TA-Lib, TTR (repeatable)")
        ("wilder", po::value<std::vector<std::string>>()->value_name("N")->composing(), "Wilder's smoothing: the same seed, alpha 1/N (RSI, ATR) (repeatable)")
        ("min-periods", po::value(&min_periods_text)->value_name("K"), "a value only once K values are present, as pandas, for every smoother (default: the SMA's window, 1 for the EMAs, N for the seeded ones)")
        ("column", po::value(&column)->value_name("NAME|N"), "CSV column to read, by header name or number from 1 (default 1)")
        ("missing", po::value(&missing)->value_name("error|skip|decay"), "a missing value (nan, empty field): an error (default); skip: EMAs ignore it (pandas ignore_na=True); decay: it still ages the EMAs (pandas ignore_na=False). SMA windows count rows either way, leaving missing values out (pandas)")
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
    if (missing != "error" && missing != "skip" && missing != "decay") {
        throw usage_error("--missing takes error, skip or decay, got '" + missing + "'");
    }
    const auto policy = missing == "skip" ? smooth::missing_policy::skip : smooth::missing_policy::decay;
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
    auto smoothers = smoothers_from(parsed, min_periods, policy);
    if (smoothers.empty()) {
        throw usage_error("no smoother: give at least one of --sma, --ema, --ema-corrected, --ema-first, --ema-seeded, --wilder");
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
    const bool refuse_missing = missing == "error";
    while (const auto s = reader.next()) {
        ++t;
        if (refuse_missing && std::isnan(s->value)) {
            throw smooth::io::input_error(
                fmt::format("{}:{}: missing value (use --missing skip or --missing decay)", source, s->line));
        }
        for (auto& sm : smoothers) {
            sm.smoother.push(s->value);
        }
        fmt::format_to(fmt::appender(buf), FMT_COMPILE("{}"), t);
        append_number(buf, s->value);
        for (auto const& sm : smoothers) {
            append_number(buf, sm.smoother.value());
        }
        buf.push_back('\n');
        out.put_if_large(buf);
        if (plot.wanted()) {
            ts.push_back(static_cast<double>(t));
            xs.push_back(s->value);
            for (std::size_t k = 0; k < smoothers.size(); ++k) {
                ys[k].push_back(smoothers[k].smoother.value());
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
