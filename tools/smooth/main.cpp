// smooth [OPTIONS] [FILE|-]: simple and exponential moving averages of one or several columns,
// streamed. Reads a CSV (or one number per line), writes CSV: the index (or t), then each
// column and its smoothers in command-line order. The maths is the library's; this file
// parses, reads and writes.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/smoothed_table.hpp>
#include <smooth/io/table_reader.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/plot/thin.hpp>
#include <smooth/smoother.hpp>

#include "cli.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;

constexpr char const* usage = R"(Usage: smooth [OPTIONS] [FILE|-]

Smooths a series of numbers (one per line, or one or several CSV columns) with simple and
exponential moving averages and writes CSV: the index column (a date, a year) or t, then
each column and its smoothers, in the order given (<column>_<smoother> for several columns).
B is beta (0.9) or alpha=A, span=S, com=C, halflife=H as pandas defines them.

Examples:
  smooth --sma 20 --ema 0.9 prices.txt
  smooth --column close --ema-corrected span=19 -o out.csv prices.csv
  smooth --all-columns --sma 12 --missing skip monthly.csv
  smooth --ema 0.9 --plot - data.txt)";

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

/// One smoother as the command line gave it: the library spec and the column-name suffix.
struct smoother_choice {
    std::string name;
    smooth::smoother_spec spec;
};

/// The smoothers in command-line order (program_options keeps the order of the raw tokens).
/// A decay given as a spec keeps its spelling in the name (ema_corrected_span=10); a beta is
/// written in its shortest form.
std::vector<smoother_choice> smoothers_from(po::parsed_options const& parsed, std::size_t min_periods,
                                            smooth::missing_policy missing)
{
    std::vector<smoother_choice> out;
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
            const bool spelled = v.find('=') != std::string::npos && !v.starts_with("beta=");
            name = fmt::format("{}_{}", key == "ema" ? "ema" : key == "ema-corrected" ? "ema_corrected" : "ema_first",
                               spelled ? v : fmt::format("{}", spec.ema_decay.beta));
        } else {
            continue;
        }
        out.push_back({name, spec});
    }
    return out;
}

/// An index field as a figure's x: a number, a date/time (seconds since 1970), or nothing.
std::optional<double> index_x(std::string_view text, bool& time_axis, bool& known)
{
    if (!known) {
        known = true;
        time_axis = !smooth::io::parse_value(text).has_value() && smooth::io::parse_timestamp(text).has_value();
    }
    if (time_axis) {
        return smooth::io::parse_timestamp(text);
    }
    return smooth::io::parse_value(text);
}

int run(int argc, char** argv)
{
    po::options_description options("Options");
    std::string output;
    std::string missing = "error";
    std::string min_periods_text;
    std::string digits_text;
    std::string threads_text;
    std::string title;
    std::string xlabel;
    std::string ylabel;
    smooth::cli::plot_options plot;
    smooth::cli::table_reading reading;
    options.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("sma", po::value<std::vector<std::string>>()->value_name("N")->composing(), "simple moving average over N samples, correctly rounded (repeatable)")
        ("ema", po::value<std::vector<std::string>>()->value_name("B")->composing(), "EMA, V_0 = 0: the article's form (repeatable)")
        ("ema-corrected", po::value<std::vector<std::string>>()->value_name("B")->composing(), "EMA divided by 1 - beta^t: pandas adjust=True (repeatable)")
        ("ema-first", po::value<std::vector<std::string>>()->value_name("B")->composing(), "EMA seeded with the first sample: pandas adjust=False (repeatable)")
        ("ema-seeded", po::value<std::vector<std::string>>()->value_name("N")->composing(), "EMA(N) seeded with the SMA of the first N values, alpha 2/(N+1): TA-Lib, TTR (repeatable)")
        ("wilder", po::value<std::vector<std::string>>()->value_name("N")->composing(), "Wilder's smoothing: the same seed, alpha 1/N (RSI, ATR) (repeatable)")
        ("min-periods", po::value(&min_periods_text)->value_name("K"), "a value only once K values are present, as pandas, for every smoother (default, or 0: the SMA's window, 1 for the EMAs, N for the seeded ones; smoother_spec's min_periods means the same)")
        ("missing", po::value(&missing)->value_name("error|skip|decay"), "a missing value: an error (default); skip: EMAs ignore it (pandas ignore_na=True); decay: it still ages the EMAs (pandas ignore_na=False). SMA windows count rows either way, leaving missing values out (pandas)")
        ("title", po::value(&title)->value_name("TEXT"), "the figure's title (default: the file's name)")
        ("xlabel", po::value(&xlabel)->value_name("TEXT"), "the figure's x label")
        ("ylabel", po::value(&ylabel)->value_name("TEXT"), "the figure's y label")
        ("threads", po::value(&threads_text)->value_name("N"), "1: read, smooth and write on one thread; 2 or more: two threads, one reading and smoothing, the other writing, sharing the formatting (default: 2 when the machine has two cores or more; the output is the same bytes)")
        ("output,o", po::value(&output)->value_name("FILE"), "write the CSV to FILE, or - for standard output (default: standard output, except beside a figure file when that is a terminal)");
    smooth::cli::add_table_options(options, reading, true);
    smooth::cli::add_digits_option(options, digits_text);
    smooth::cli::add_plot_options(options, plot);
    po::options_description hidden;
    std::vector<std::string> inputs;
    hidden.add_options()("input", po::value(&inputs));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);
    smooth::cli::check_arguments(argc, argv);
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
    if (vm.count("output") != 0 && output.empty()) {
        throw usage_error("-o needs a file name (or - for standard output)");
    }
    if (missing != "error" && missing != "skip" && missing != "decay") {
        throw usage_error("--missing takes error, skip or decay, got '" + missing + "'");
    }
    const auto policy = missing == "skip" ? smooth::missing_policy::skip : smooth::missing_policy::decay;
    const smooth::io::table_options table = smooth::cli::table_options_from(reading, vm);
    std::size_t min_periods = 0;
    std::size_t threads = std::thread::hardware_concurrency() >= 2 ? 2 : 1;
    if (!threads_text.empty()) {
        threads = count_option("threads", threads_text);
    }
    const int digits = smooth::cli::parse_digits(digits_text);
    try {
        if (!min_periods_text.empty() && min_periods_text != "0") { // 0: each form's default, as the library's 0
            min_periods = smooth::io::parse_count(min_periods_text, "--min-periods");
        }
    } catch (smooth::io::input_error const& e) {
        throw usage_error(e.what());
    }
    const auto choices = smoothers_from(parsed, min_periods, policy);
    if (choices.empty()) {
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
    std::optional<smooth::io::table_reader> reader;
    try {
        reader.emplace(*in, source, table);
    } catch (smooth::io::input_error const& e) {
        const std::string what = e.what();
        if (what.starts_with("--")) {
            throw usage_error(what); // a column or index that the input does not have
        }
        throw;
    }
    if (!reader->note().empty()) {
        std::string note = reader->note();
        for (std::size_t at = 0; (at = note.find('\n', at)) != std::string::npos; at += 9) {
            note.replace(at, 1, "\nsmooth: ");
        }
        std::fprintf(stderr, "smooth: %s\n", note.c_str());
    }
    auto const& names = reader->names();
    const bool several = names.size() > 1;

    // output: a file appears only complete; standard output unless the figure goes there
    smooth::cli::csv_output out(output, plot);
    std::vector<smooth::io::named_smoother> smoothers;
    for (auto const& choice : choices) {
        smoothers.push_back({choice.name, choice.spec});
    }
    const auto column_name = [&](std::size_t c, std::size_t k) {
        return several ? names[c] + "_" + choices[k].name : choices[k].name;
    };

    // kept only for a figure, thinned as it streams (peaks kept): bounded memory for any length
    std::vector<smooth::plot::streaming_thin> raw(plot.wanted() ? names.size() : 0);
    std::vector<smooth::plot::streaming_thin> ys(plot.wanted() ? names.size() * choices.size() : 0);
    bool time_axis = false;
    bool index_known = false;
    bool index_usable = reader->has_index();
    std::size_t unplaced = 0;   // rows left out of the figure: their index does not read as the first did
    std::string first_unplaced; // where the first of them is
    const auto to_figure = [&](smooth::io::smoothed_rows const& b, std::size_t r) {
        double x = static_cast<double>(b.first_t + r);
        if (index_usable) {
            const bool first = !index_known;
            const auto ix = index_x(b.index(r), time_axis, index_known);
            if (ix) {
                x = *ix;
            } else if (first) {
                index_usable = false; // not numbers nor dates: the row number instead
                time_axis = false;
            } else {
                x = std::numeric_limits<double>::quiet_NaN(); // an index that does not read: no point
                if (unplaced++ == 0) {
                    first_unplaced = fmt::format("line {}, '{}'", b.lines[r], smooth::io::shown(b.index(r)));
                }
            }
        }
        for (std::size_t c = 0; c < b.columns; ++c) {
            raw[c].push(x, b.value(r, c));
            for (std::size_t k = 0; k < b.smoothers; ++k) {
                ys[c * b.smoothers + k].push(x, b.smoothed(r, c, k));
            }
        }
    };
    smooth::io::write_smoothed_csv(*reader, smoothers, {.source = source, .refuse_missing = missing == "error", .digits = digits, .threads = threads},
                                   [&](fmt::memory_buffer& buf) { out.put(buf); },
                                   plot.wanted() ? std::function(to_figure) : nullptr);
    if (plot.wanted()) {
        const std::string shown_name =
            source == "-" ? std::string("standard input") : std::filesystem::path(source).filename().string();
        smooth::plot::figure fig;
        fig.title = title.empty() ? shown_name : title;
        fig.xlabel = !xlabel.empty() ? xlabel : index_usable ? reader->index_name() : std::string("row");
        fig.ylabel = !ylabel.empty() ? ylabel : several ? std::string("value") : names[0];
        fig.time_x = index_usable && time_axis;
        for (std::size_t c = 0; c < names.size(); ++c) {
            fig.lines.push_back(raw[c].result(names[c], smooth::plot::style::points));
        }
        for (std::size_t k = 0; k < ys.size(); ++k) {
            fig.lines.push_back(ys[k].result(column_name(k / choices.size(), k % choices.size()), smooth::plot::style::lines));
        }
        if (unplaced > 0) {
            std::fprintf(stderr, "smooth: the figure leaves out %zu row%s whose %s '%s' does not read as a %s (first: %s); the CSV has them all\n",
                         unplaced, unplaced == 1 ? "" : "s", "index", smooth::io::shown(reader->index_name()).c_str(),
                         time_axis ? "date like the first row's" : "number like the first row's", first_unplaced.c_str());
        }
        smooth::cli::emit({fig}, plot);
    }
    fmt::memory_buffer nothing_left;
    out.commit(nothing_left);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
#if defined(__GLIBC__)
    // blocks of 1 MB and more come from the system and go back to it when freed; by default
    // glibc raises that threshold after the first such free, and a wide table's reading room
    // (tens of MB) would stay in the process while its values are smoothed
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    return smooth::cli::run("smooth", [&] { return run(argc, argv); });
}
