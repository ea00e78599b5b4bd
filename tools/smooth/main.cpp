// smooth [OPTIONS] [FILE|-]: simple and exponential moving averages of one or several columns,
// streamed. Reads a CSV (or one number per line), writes CSV: the index (or t), then each
// column and its smoothers in command-line order. The maths is the library's; this file
// parses, reads and writes.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
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
#include <smooth/plot/table_figure.hpp>
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

/// The smoothers in command-line order (program_options keeps the order of the raw tokens).
/// A decay given as a spec keeps its spelling in the name (ema_corrected_span=10); a beta is
/// written in its shortest form.
std::vector<smooth::io::named_smoother> smoothers_from(po::parsed_options const& parsed, std::size_t min_periods,
                                            smooth::missing_policy missing)
{
    std::vector<smooth::io::named_smoother> out;
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
        ("sma", po::value<std::vector<std::string>>()->value_name("N")->composing(), "simple moving average over N samples: the double nearest the exact mean (repeatable)")
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
    const auto smoothers = smoothers_from(parsed, min_periods, policy);
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

    // a figure, gathered as the rows stream by
    std::optional<smooth::plot::table_figure> figure;
    if (plot.wanted()) {
        std::vector<std::string> lines;
        for (auto const& name : names) {
            for (auto const& s : smoothers) {
                lines.push_back(smooth::io::smoothed_column_name(name, s, several));
            }
        }
        figure.emplace(names, std::move(lines), reader->has_index() ? reader->index_name() : std::string());
    }
    smooth::io::write_smoothed_csv(
        *reader, smoothers, {.source = source, .refuse_missing = missing == "error", .digits = digits, .threads = threads},
        [&](fmt::memory_buffer& buf) { out.put(buf); },
        figure ? [&](smooth::io::smoothed_rows const& b, std::size_t r) { figure->add(b, r); }
               : std::function<void(smooth::io::smoothed_rows const&, std::size_t)>());
    if (figure) {
        smooth::plot::figure fig = figure->result();
        fig.title = !title.empty() ? title : source == "-" ? std::string("standard input") : std::filesystem::path(source).filename().string();
        fig.xlabel = xlabel.empty() ? fig.xlabel : xlabel;
        fig.ylabel = ylabel.empty() ? fig.ylabel : ylabel;
        if (!figure->note().empty()) {
            std::fprintf(stderr, "smooth: %s\n", figure->note().c_str());
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
