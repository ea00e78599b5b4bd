#define BOOST_TEST_MODULE cli_descend
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace tt = boost::test_tools;

namespace {
/// w1 after steps 1, 2, 3 of a run on f = w^2/2 from w = 1 (tests/REFERENCES.md's PyTorch table).
std::vector<double> first_iterates(std::vector<std::string> args)
{
    args.insert(args.end(), {"--problem", "quadratic:1", "--start", "1", "--steps", "3"});
    const auto r = run_tool("descend", args);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_TEST_REQUIRE(lines.size() == 5U);
    BOOST_TEST(lines[0] == "step,loss,grad_norm,w1");
    std::vector<double> w;
    for (std::size_t i = 2; i < lines.size(); ++i) {
        w.push_back(number(fields_of(lines[i]).at(3)));
    }
    return w;
}
std::map<std::string, std::string> theory_lines(std::string const& err)
{
    std::map<std::string, std::string> out;
    for (auto const& line : lines_of(err)) {
        const auto colon = line.find(": ");
        out[line.substr(0, colon)] = line.substr(colon + 2);
    }
    return out;
}
} // namespace

// tests/REFERENCES.md [T1]-[T5], [H1]-[H3] through the command line
BOOST_AUTO_TEST_CASE(golden_rows)
{
    BOOST_TEST(first_iterates({"--method", "gd", "--alpha", "0.1"}) == std::vector<double>({0.9, 0.81, 0.729}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--form", "pytorch", "--alpha", "0.1", "--beta", "0.9"}) ==
                   std::vector<double>({0.9, 0.72, 0.486}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--form", "classic", "--alpha", "0.1", "--beta", "0.9"}) ==
                   std::vector<double>({0.9, 0.72, 0.486}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--method", "nesterov", "--form", "pytorch", "--alpha", "0.1", "--beta", "0.9"}) ==
                   std::vector<double>({0.81, 0.5751, 0.327321}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--form", "pytorch", "--alpha", "0.1", "--beta", "0.9", "--dampening", "0.9"}) ==
                   std::vector<double>({0.9, 0.801, 0.70389}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--form", "pytorch", "--alpha", "0.1", "--beta", "0.9", "--weight-decay", "0.1"}) ==
                   std::vector<double>({0.89, 0.6931, 0.439649}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--alpha", "0.1", "--beta", "0.9"}) == std::vector<double>({0.99, 0.9711, 0.944379}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--alpha", "1.0", "--beta", "0.9"}) == std::vector<double>({0.9, 0.72, 0.486}), tt::tolerance(1e-12) << tt::per_element());
    const auto corrected = first_iterates({"--alpha", "0.1", "--beta", "0.9", "--bias-correction"});
    BOOST_TEST(corrected[1] == 0.805263158, tt::tolerance(1e-9));
}

// torch 1.13 accepts lr = 0, any dampening, and maximize (tests/reference/torch_values.py)
BOOST_AUTO_TEST_CASE(pytorch_form_accepts_what_torch_accepts)
{
    BOOST_TEST(first_iterates({"--form", "pytorch", "--alpha", "0.1", "--beta", "0.9", "--maximize"}) ==
                   std::vector<double>({1.1, 1.3, 1.61}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--form", "pytorch", "--alpha", "0", "--beta", "0.9"}) ==
                   std::vector<double>({1.0, 1.0, 1.0}), tt::tolerance(1e-12) << tt::per_element());
    BOOST_TEST(first_iterates({"--form", "pytorch", "--alpha", "0.1", "--beta", "0.9", "--dampening", "2"}) ==
                   std::vector<double>({0.9, 0.9, 0.99}), tt::tolerance(1e-12) << tt::per_element());
    const auto ema = run_tool("descend", {"--problem", "quadratic:1", "--start", "1", "--alpha", "0", "--steps", "3"});
    BOOST_TEST(ema.status == 2);
    BOOST_TEST(ema.err.find("alpha must be finite and > 0, got 0") != std::string::npos, ema.err);
    const auto up = run_tool("descend", {"--problem", "quadratic:1", "--start", "1", "--maximize", "--steps", "3"});
    BOOST_TEST(up.status == 2);
    BOOST_TEST(up.err.find("belong to the pytorch form") != std::string::npos, up.err);
}

BOOST_AUTO_TEST_CASE(step_zero_is_the_start)
{
    const auto r = run_tool("descend", {"--problem", "rosenbrock", "--steps", "2"});
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines[0] == "step,loss,grad_norm,w1,w2");
    const auto f = fields_of(lines[1]);
    BOOST_TEST(f[0] == "0");
    BOOST_TEST(number(f[1]) == 24.2, tt::tolerance(1e-14)); // (1 + 1.2)^2 + 100 (1 - 1.44)^2
    BOOST_TEST(number(f[2]) == std::hypot(215.6, 88.0), tt::tolerance(1e-14));
    BOOST_TEST(f[3] == "-1.2");
    BOOST_TEST(f[4] == "1");
}

// GD with alpha 2.5 on w^2/2 grows by 2.25 a step; the bound 1e12 is crossed at step 35.
BOOST_AUTO_TEST_CASE(divergence_exits_3_after_the_rows_before_it)
{
    scratch_dir dir;
    const auto out = dir.file("run.csv");
    const auto r = run_tool("descend", {"--problem", "quadratic:1", "--method", "gd", "--alpha", "2.5", "--start", "1",
                                        "--steps", "100", "-o", out});
    BOOST_TEST(r.status == 3);
    BOOST_TEST(r.err.rfind("descend: diverged at step 35 (loss ", 0) == 0);
    const auto lines = lines_of(read_file(out));
    BOOST_TEST(lines.size() == 36U); // header and steps 0 .. 34
    BOOST_TEST(lines.back().rfind("34,", 0) == 0);
    for (auto const& line : lines) {
        BOOST_TEST(line.find("nan") == std::string::npos);
        BOOST_TEST(line.find("inf") == std::string::npos);
    }
}

// distill's check: lambda {1, 100}, EMA form at alpha 0.1, beta 81/121, rate 9/11
BOOST_AUTO_TEST_CASE(theory_lines_on_stderr)
{
    const auto r = run_tool("descend", {"--problem", "quadratic:1,100", "--alpha", "0.1", "--beta",
                                        "0.6694214876033058", "--steps", "400", "--theory"});
    BOOST_TEST(r.status == 0);
    auto t = theory_lines(r.err);
    BOOST_TEST(number(t["predicted_rate"]) == 9.0 / 11.0, tt::tolerance(1e-6));
    BOOST_TEST(std::abs(number(t["measured_rate"]) - 9.0 / 11.0) <= 5e-3);
    BOOST_TEST(number(t["optimal_alpha"]) == 0.1, tt::tolerance(1e-14));
    BOOST_TEST(number(t["optimal_beta"]) == 81.0 / 121.0, tt::tolerance(1e-14));
    BOOST_TEST(!t["region"].empty());
    // classic form: the optimal alpha is spelled (2 / (1 + 10))^2
    const auto c = run_tool("descend", {"--problem", "ravine", "--form", "classic", "--alpha", "0.019", "--beta",
                                        "0.81", "--steps", "200", "--theory"});
    t = theory_lines(c.err);
    BOOST_TEST(number(t["optimal_alpha"]) == 4.0 / 121.0, tt::tolerance(1e-14));
    BOOST_TEST(number(t["predicted_rate"]) == 0.9, tt::tolerance(1e-9)); // ripples: sqrt(0.81)
    BOOST_TEST(t["region"] == "lambda=1: ripples, lambda=100: ripples");
}

BOOST_AUTO_TEST_CASE(linear_regression_mini_batches)
{
    const auto r = run_tool("descend", {"--problem", "linreg", "--samples", "100", "--batch", "10", "--steps", "25",
                                        "--alpha", "0.05", "--seed", "3"});
    BOOST_TEST(r.status == 0);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines.size() == 27U); // header, start, 25 steps (2.5 epochs)
    BOOST_TEST(number(fields_of(lines.back())[1]) < number(fields_of(lines[1])[1]));
}

BOOST_AUTO_TEST_CASE(compare_and_plot)
{
    scratch_dir dir;
    const auto png = dir.file("cmp.png");
    const auto r = run_tool("descend", {"--problem", "banana", "--compare", "gd,momentum,nesterov", "--steps", "50",
                                        "--plot", png});
    BOOST_TEST(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines[0] == "method,step,loss,grad_norm,w1,w2");
    BOOST_TEST(lines.size() == 1U + 3U * 51U);
    BOOST_TEST(lines[1].rfind("gd,0,", 0) == 0);
    BOOST_TEST(lines.back().rfind("nesterov,50,", 0) == 0);
    BOOST_TEST(read_file(png).rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    const auto dump = run_tool("descend", {"--problem", "ravine", "--steps", "20", "--plot", "x.svg", "--dump"});
    BOOST_TEST(dump.out.find("set contour base") != std::string::npos);
    BOOST_TEST(dump.out.find("set multiplot layout 2,1") != std::string::npos); // one panel a row (figure-style)
    BOOST_TEST(dump.out.find("set logscale y") != std::string::npos);
    const auto text = run_tool("descend", {"--problem", "quadratic:1,2,3", "--steps", "20", "--plot", "-"});
    BOOST_TEST(text.status == 0);
    BOOST_TEST(text.out.find("loss against step") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(digits_and_no_flood_beside_a_figure)
{
    const auto r = run_tool("descend", {"--problem", "quadratic:1", "--start", "1", "--alpha", "0.1", "--method", "gd",
                                        "--steps", "3", "--digits", "2"});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(lines_of(r.out).at(4) == "3,0.27,0.73,0.73"); // 0.729^2 / 2 = 0.2657...
    // the README's example, in a terminal: the figure, and no CSV on the screen
    scratch_dir dir;
    const std::string bin = std::string(SMOOTH_BIN_DIR) + "/descend";
    const std::string line = "cd " + dir.path().string() + " && script -qec \"" + bin +
                             " --problem ravine --compare gd,momentum --plot ravine.png\" /dev/null";
    int status = -1;
    const std::string out = run_shell(line, status);
    BOOST_TEST(status == 0);
    BOOST_TEST(out.find("step,loss") == std::string::npos, out.substr(0, 300));
    BOOST_TEST(std::filesystem::file_size(dir.file("ravine.png")) > 1000U);
}

// ---------------------------------------------------------------------------------------
// Every descend example in --help, README.md and docs/tools.md runs, and where it compares
// methods they differ as the text says: without --alpha and --beta each runs at its best, so
// momentum reaches a loss of 1e-6 in at least 3x fewer steps than GD; in the ravine GD's
// across-ravine component changes sign on most of its first 20 steps (the zig-zag).

namespace {

std::vector<std::string> words(std::string const& line)
{
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string w; in >> w;) {
        if (w == ">" || w == "2>") {
            break; // a redirection: the rest is the shell's
        }
        out.push_back(w);
    }
    return out;
}

std::vector<std::vector<std::string>> examples()
{
    std::vector<std::vector<std::string>> out;
    const auto help = run_tool("descend", {"--help"});
    for (auto const& line : lines_of(help.out)) {
        if (line.rfind("  descend ", 0) == 0) {
            out.push_back(words(line.substr(2)));
        }
    }
    for (char const* doc : {"README.md", "docs/tools.md"}) {
        for (auto const& line : lines_of(read_file(std::string(SMOOTH_SOURCE_DIR) + "/" + doc))) {
            auto const at = line.find("descend --problem");
            if (at != std::string::npos && (at == 0 || line.rfind("    $ ", 0) == 0)) {
                out.push_back(words(line.substr(at)));
            }
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_example_runs_and_shows_its_point)
{
    const auto all = examples();
    BOOST_TEST(all.size() >= 5U);
    for (auto const& example : all) {
        scratch_dir dir;
        std::vector<std::string> args(example.begin() + 1, example.end());
        for (auto& a : args) {
            if (a.ends_with(".png") || a.ends_with(".svg")) {
                a = dir.file(a); // figures into the scratch folder
            }
        }
        args.insert(args.end(), {"-o", dir.file("out.csv")});
        const auto r = run_tool("descend", args);
        std::string shown;
        for (auto const& w : example) {
            shown += w + " ";
        }
        BOOST_TEST(r.status == 0, shown << ": " << r.err);
        const auto compare = std::find(example.begin(), example.end(), "--compare");
        if (compare == example.end()) {
            continue;
        }
        // steps to a loss of 1e-6 per method, and GD's across component on the ravine
        std::map<std::string, std::size_t> steps;
        std::map<std::string, std::size_t> last;
        std::vector<double> across;
        const bool ravine = std::find(example.begin(), example.end(), "ravine") != example.end();
        const auto lines = lines_of(read_file(dir.file("out.csv")));
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const auto f = fields_of(lines[i]);
            const std::size_t step = static_cast<std::size_t>(number(f.at(1)));
            last[f[0]] = step;
            if (number(f.at(2)) < 1e-6 && steps.count(f[0]) == 0) {
                steps[f[0]] = step;
            }
            if (ravine && f[0] == "gd" && step <= 20) {
                // (u, v) = w rotated by -30 degrees: v is across the ravine
                const double x = number(f.at(4));
                const double y = number(f.at(5));
                across.push_back(-std::sin(M_PI / 6) * x + std::cos(M_PI / 6) * y);
            }
        }
        const auto reached = [&](std::string const& m) { return steps.count(m) != 0 ? steps[m] : last[m] + 1; };
        if (steps.count("momentum") != 0 || steps.count("gd") != 0) {
            BOOST_TEST(reached("gd") >= 3 * reached("momentum"),
                       shown << ": gd " << reached("gd") << " steps, momentum " << reached("momentum"));
        }
        if (ravine) {
            std::size_t flips = 0;
            for (std::size_t i = 1; i < across.size(); ++i) {
                flips += (across[i] > 0) != (across[i - 1] > 0) ? 1 : 0;
            }
            BOOST_TEST(flips >= 15U, shown << ": GD's across component changed sign " << flips << " times in 20 steps");
        }
    }
}

// Tutorial 5's point through the command line: stochastic gradients (batch 1), momentum at
// the same effective step is as noisy as SGD; the EMA of the weights is not.
BOOST_AUTO_TEST_CASE(averaged_weights_are_less_noisy)
{
    const auto r = run_tool("descend", {"--problem", "linreg", "--batch", "1", "--steps", "2000", "--alpha", "0.05",
                                        "--beta", "0.9", "--average-weights", "0.99"});
    BOOST_TEST(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_TEST(lines.at(0) == "step,loss,grad_norm,w1,w2,avg_loss,avg_w1,avg_w2");
    double s = 0, s2 = 0, a = 0, a2 = 0;
    std::size_t n = 0;
    for (std::size_t i = 1001; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i]);
        const double loss = number(f.at(1));
        const double avg = number(f.at(5));
        s += loss;
        s2 += loss * loss;
        a += avg;
        a2 += avg * avg;
        ++n;
    }
    const double sd = std::sqrt(s2 / n - (s / n) * (s / n));
    const double sd_avg = std::sqrt(a2 / n - (a / n) * (a / n));
    BOOST_TEST(sd_avg < sd / 3, "loss sd " << sd << ", averaged " << sd_avg);
    const auto bad = run_tool("descend", {"--problem", "linreg", "--average-weights", "1"});
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(bad.err.find("--average-weights 1: beta must be in [0, 1), got 1") != std::string::npos, bad.err);
}

// At 80x24 (the terminal a learner has), the two panels can be read: nothing cut or glued.
BOOST_AUTO_TEST_CASE(terminal_figures_are_legible_at_80x24)
{
    for (std::string const problem : {"ravine", "rosenbrock"}) {
        const auto r = run_tool("descend", {"--problem", problem, "--compare", "gd,momentum,nesterov", "--steps", "3000",
                                            "--plot", "-", "--size", "80,24", "-o", "/dev/null"});
        BOOST_TEST(r.status == 0, r.err);
        const auto faults = text_figure_faults(
            r.out, 80, {"descend " + problem + ": paths over the loss contours", "loss against step"}, {"w2", "loss"});
        BOOST_TEST(faults.empty(), faults << r.out);
        for (char const* entry : {"gd *", "momentum #", "nesterov $", "minimum"}) {
            BOOST_TEST(r.out.find(entry) != std::string::npos, entry);
        }
    }
}

// --sweep: predicted against measured, one row per value, written as measured.
BOOST_AUTO_TEST_CASE(sweeps_measure_what_theory_predicts)
{
    const auto r = run_tool("descend", {"--problem", "ravine", "--sweep", "beta=0:0.95:96"});
    BOOST_TEST(r.status == 0, r.err);
    const auto lines = lines_of(r.out);
    BOOST_REQUIRE(lines.size() == 97U);
    BOOST_TEST(lines[0] == "alpha,beta,predicted_rate,measured_rate,steps_to_tol,diverged_at");
    // alpha stays at distill's optimum (0.1 in the ema form); the row nearest beta* = 0.6694
    double nearest_gap = 1.0;
    double nearest = 1.0;
    std::size_t diverged = 0;
    std::vector<double> gaps;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fields_of(lines[i]);
        BOOST_REQUIRE(f.size() == 6U);
        const double beta = number(f[1]);
        const double predicted = number(f[2]);
        const double measured = number(f[3]);
        BOOST_TEST(number(f[0]) == 0.1, boost::test_tools::tolerance(1e-12));
        if (predicted > 1.01) {
            BOOST_TEST(!f[5].empty(), lines[i]); // predicted to diverge: it did
            ++diverged;
        } else if (predicted < 0.99) {
            BOOST_TEST(f[5].empty(), lines[i]);
            BOOST_TEST(!f[4].empty(), lines[i]); // reached |g| <= 1e-6 in 1000 steps
            gaps.push_back(std::abs(measured - predicted));
        }
        if (std::abs(beta - 0.6694214876033058) < nearest) {
            nearest = std::abs(beta - 0.6694214876033058);
            nearest_gap = std::abs(measured - predicted);
        }
    }
    BOOST_TEST(diverged > 10U); // below the stability edge in beta, at this alpha
    BOOST_TEST(nearest_gap < 5e-3);
    std::sort(gaps.begin(), gaps.end());
    BOOST_TEST(gaps[gaps.size() / 2] < 1e-3); // the median run agrees with the theory closely
}

BOOST_AUTO_TEST_CASE(a_sweep_of_both_parameters_draws_the_rate_map)
{
    scratch_dir dir;
    const std::vector<std::string> args{"--problem", "quadratic:1,100", "--sweep", "alpha=log:0.001:0.2:30",
                                        "--sweep", "beta=0:0.99:30"};
    auto with_plot = args;
    with_plot.insert(with_plot.end(), {"--plot", dir.file("map.png"), "-o", dir.file("map.csv")});
    const auto r = run_tool("descend", with_plot);
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(read_file(dir.file("map.png")).rfind("\x89PNG", 0) == 0U);
    BOOST_TEST(lines_of(read_file(dir.file("map.csv"))).size() == 901U);
    auto dumped = args;
    dumped.insert(dumped.end(), {"--plot", "map.svg", "--dump"});
    const auto d = run_tool("descend", dumped);
    BOOST_TEST(d.out.find("with image") != std::string::npos);
    BOOST_TEST(d.out.find("stability edge") != std::string::npos);
    BOOST_TEST(d.out.find("the optimum, predicted rate 0.8182") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sweep_usage_errors)
{
    const std::vector<std::vector<std::string>> bad{
        {"--problem", "ravine", "--sweep", "gamma=0:1:5"},
        {"--problem", "ravine", "--sweep", "beta=0:1"},
        {"--problem", "ravine", "--sweep", "beta=0:0.9:0"},
        {"--problem", "ravine", "--sweep", "alpha=log:0:1:5"},
        {"--problem", "ravine", "--sweep", "alpha=0:0.1:5"}, // alpha 0 is not a step
        {"--problem", "ravine", "--sweep", "beta=0:0.9:5", "--sweep", "beta=0:0.5:5"},
        {"--problem", "ravine", "--method", "gd", "--sweep", "beta=0:0.9:5"},
        {"--problem", "ravine", "--compare", "gd,momentum", "--sweep", "beta=0:0.9:5"},
        {"--problem", "rosenbrock", "--sweep", "beta=0:0.9:5"},
        {"--problem", "ravine", "--sweep", "beta=0:0.9:100000", "--sweep", "alpha=0.01:0.1:100000"},
    };
    for (auto const& args : bad) {
        const auto r = run_tool("descend", args);
        BOOST_TEST(r.status == 2, args[3] << ": " << r.err);
        BOOST_TEST(r.out.empty());
    }
}

// --plot FILE.gif: the paths drawn step by step, one frame per 1/60 of the run, looping.
BOOST_AUTO_TEST_CASE(an_animated_gif_of_the_paths)
{
    scratch_dir dir;
    const auto r = run_tool("descend", {"--problem", "ravine", "--compare", "gd,momentum", "--steps", "150", "--plot",
                                        dir.file("race.gif"), "-o", dir.file("race.csv")});
    BOOST_TEST(r.status == 0, r.err);
    const auto gif = read_file(dir.file("race.gif"));
    BOOST_TEST(gif.rfind("GIF89a", 0) == 0U);
    BOOST_TEST(gif.find("NETSCAPE2.0") != std::string::npos); // the looping extension of an animation
    std::size_t frames = 0;
    for (std::size_t at = 0; (at = gif.find(std::string("\x21\xF9\x04", 3), at)) != std::string::npos; ++at) {
        ++frames; // a graphic control extension before each frame
    }
    BOOST_TEST(frames == 60U);
    const auto script = run_tool("descend", {"--problem", "ravine", "--compare", "gd,momentum", "--steps", "150",
                                             "--plot", "race.gif", "--dump"});
    BOOST_TEST(script.out.find("set terminal gif animate delay 8 loop 0") != std::string::npos);
    BOOST_TEST(script.out.find("(step 150)") != std::string::npos);
    BOOST_TEST(script.out.find("(step 3)") != std::string::npos);
    // smooth draws a still GIF
    const auto still = run_tool("smooth", {"--sma", "2", "--plot", dir.file("still.gif"), "-o", "/dev/null"}, "1\n2\n3\n");
    BOOST_TEST(still.status == 0, still.err);
    BOOST_TEST(read_file(dir.file("still.gif")).rfind("GIF8", 0) == 0U); // GIF87a: one frame
}
