// explore: alpha and beta under the learner's fingers. One gnuplot is kept open for the
// session and redraws the view at each key, with a status line of what the library measured.
// In a terminal the keys are read raw (and the terminal is put back on every exit); otherwise
// standard input holds the same keys as words, one per line, and every frame is printed.
// The modes live in modes.hpp (the smooth_explore library), the terminal and the frame loop in
// smooth/plot/terminal.hpp; this file parses the command line and starts them.
#include <cstddef>
#include <iostream>
#include <memory>
#include <string>

#include <unistd.h>

#include <fmt/format.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/plot/terminal.hpp>

#include "cli.hpp"
#include "modes.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;
namespace plot = smooth::plot;
namespace ex = smooth::explore;


constexpr char const* usage = R"usage(Usage: explore descend [--problem P] | explore smooth [FILE [--column C] [--index I]] | explore weights
               [--steps K] [--sixel] [--size W,H]

Change alpha and beta with the arrow keys and watch the figure and the rates change.

  explore descend   the path over the loss contours and the loss against the step (default
                    problem: the ravine), each method starting at its best. Status: alpha,
                    beta, the form, the predicted and the measured rate, the region of each
                    eigen-direction, and the step the loss reaches 1e-6 (or diverges).
  explore smooth    a series (FILE read as smooth reads it; default: a generated noisy
                    signal), its SMA, its EMA from V_0 = 0 and the bias-corrected EMA. Status:
                    the effective window and the mean age (the lag on a ramp) of each.
  explore weights   the weights (1 - beta) beta^i and the mass the newest terms hold, with the
                    50, 90 and 99 % points.

Keys (press ? in explore for the mode's own): left/right alpha (descend) or the SMA window
(smooth), up/down beta (finer near 1), m method, f form, p problem, o the optimum, r reset,
s save the view as a PNG in the current folder, ? keys, q quit.

When standard input is not a terminal, it holds the keys as words, one per line: alpha+,
alpha-, beta+, beta-, window+, window-, method, form, problem, optimum, reset, save, help,
quit; each frame is printed as text with its status line.

Examples:
  explore descend
  printf 'beta+\nmethod\noptimum\n' | explore descend --size 80,24)usage";

struct options {
    std::string mode;
    std::string problem = "ravine";
    std::string file;
    std::size_t steps = 500;
    smooth::cli::plot_options plot;
};

int run(int argc, char** argv)
{
    smooth::cli::check_arguments(argc, argv);
    options o;
    std::string steps_text;
    po::options_description described("Options");
    described.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("problem", po::value(&o.problem)->value_name("P"), "descend: ravine (default), quadratic:L1,L2, rosenbrock or banana")
        ("steps", po::value(&steps_text)->value_name("K"), "descend: steps per run (default 500, at most 100000)")
        ("sixel", po::bool_switch(&o.plot.sixel), "draw sixel images instead of text (xterm -ti vt340, mlterm, foot, WezTerm)")
        ("size", po::value(&o.plot.size)->value_name("W,H"), "the figure's size (default: the terminal's)")
        ("plot-timeout", po::value(&o.plot.timeout)->value_name("S"), "stop gnuplot after S seconds per frame (default 120)");
    po::options_description reading_options("Reading a file (explore smooth FILE), as smooth reads it");
    smooth::cli::table_reading reading;
    smooth::cli::add_table_options(reading_options, reading, false);
    described.add(reading_options);
    po::options_description hidden;
    hidden.add_options()("mode", po::value(&o.mode))("file", po::value(&o.file));
    po::positional_options_description positional;
    positional.add("mode", 1).add("file", 1);
    po::options_description all;
    all.add(described).add(hidden);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (smooth::cli::handle_info("explore", vm, described, usage)) {
        return 0;
    }
    if (o.mode.empty()) {
        throw usage_error("say what to explore: descend, smooth or weights");
    }
    if (!steps_text.empty()) {
        try {
            o.steps = smooth::io::parse_count(steps_text, "--steps");
        } catch (smooth::io::input_error const& e) {
            throw usage_error(e.what());
        }
        if (o.steps == 0 || o.steps > 100'000) {
            throw usage_error(fmt::format("--steps {}: from 1 to 100000 (each key reruns them)", steps_text));
        }
    }
    if (!o.plot.timeout.empty() || !o.plot.size.empty()) {
        o.plot.target.assign(1, '-'); // (the checks of --size and --plot-timeout want a figure)
        smooth::cli::validate(o.plot);
    }
    std::unique_ptr<ex::mode> m;
    if (o.mode == "descend") {
        if (!o.file.empty()) {
            throw usage_error("explore descend takes no file (use --problem)");
        }
        m = std::make_unique<ex::descend_mode>(o.problem, o.steps);
    } else if (o.mode == "smooth") {
        m = std::make_unique<ex::smooth_mode>(o.file, smooth::cli::table_options_from(reading, vm));
    } else if (o.mode == "weights") {
        if (!o.file.empty()) {
            throw usage_error("explore weights takes no file");
        }
        m = std::make_unique<ex::weights_mode>();
    } else {
        throw usage_error("unknown mode '" + smooth::io::shown(o.mode, 40) + "': descend, smooth or weights");
    }
    if ((vm.count("problem") != 0 || !steps_text.empty()) && o.mode != "descend") {
        throw usage_error("--problem and --steps belong to explore descend");
    }
    for (char const* reading_option : {"column", "index", "delimiter", "header", "no-header", "na"}) {
        if (vm.count(reading_option) != 0 && !vm[reading_option].defaulted() && (o.mode != "smooth" || o.file.empty())) {
            throw usage_error(fmt::format("--{} reads a file: it belongs to explore smooth FILE", reading_option));
        }
    }

    const bool interactive = ::isatty(STDIN_FILENO) != 0 && ::isatty(STDOUT_FILENO) != 0;
    ex::session s(std::move(m));
    plot::frame_screen screen(interactive, o.plot.sixel, smooth::cli::parse_size(o.plot.size));
    const auto draw = [&] { s.draw(screen); };
    if (interactive) {
        plot::run_keys(draw, [&](std::string const& key) { return s.word_of(key); },
                       [&](std::string const& word) { return s.apply(word); });
        return 0;
    }
    // the keys as words, one per line; every frame printed
    plot::run_words(std::cin, draw, [&](std::string const& word, std::size_t line) {
        try {
            return s.apply(word);
        } catch (usage_error const& e) {
            throw usage_error(fmt::format("standard input:{}: {}", line, e.what()));
        }
    });
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::cli::run("explore", [&] { return run(argc, argv); });
}
