// descend --problem P [OPTIONS]: runs gradient descent or momentum on a test problem and
// writes the trajectory as CSV (step,loss,grad_norm,w1,...,wn); --theory compares the
// measured rate with distill's prediction; --plot draws the path and the loss.
// Every formula is the library's; this file parses, runs and writes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/lab/descent.hpp>
#include <smooth/lab/problems.hpp>
#include <smooth/plot/rates.hpp>
#include <smooth/theory.hpp>

#include "cli.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;
namespace problems = smooth::problems;
namespace th = smooth::theory;
using smooth::lab::problem;
using smooth::lab::spectrum;
using smooth::lab::uses_momentum;

constexpr char const* usage = R"usage(Usage: descend --problem P [OPTIONS]

Runs gradient descent or momentum on a test problem and writes CSV step,loss,grad_norm,w1,...,wn
(step 0 is the start). P is quadratic:L1,L2,... (diagonal, eigenvalues given), ravine,
rosenbrock, banana, or linreg (linear regression, MSE, with --samples, --batch, --seed).

Forms: ema (the article: v = beta v + (1-beta) g; w -= alpha v), classic (b = beta b + g;
w -= alpha b) and pytorch (torch.optim.SGD: lr, momentum, dampening, weight_decay, nesterov).
Without --alpha and --beta each method runs at its own best, said on stderr: on quadratics
and the ravine GD at 2 / (lambda_min + lambda_max), momentum at distill's optimum, Nesterov
at its own; on rosenbrock and banana at measured choices (see docs/tools.md). With --alpha,
all compared methods share it: in the ema form momentum's steady step then equals GD's.
A run that blows up prints "descend: diverged at step K (loss ...)" and exits with 3.

Examples:
  descend --problem ravine --compare gd,momentum --plot ravine.png
  descend --problem quadratic:1,100 --alpha 0.1 --beta 0.669421 --theory
  descend --problem rosenbrock --compare gd,momentum,nesterov --steps 3000 --plot -
  descend --problem ravine --sweep beta=0:0.95:96 --plot rates.png

--sweep runs one method once per value (quadratic problems; the other parameter stays at
--alpha/--beta or the method's best) and writes alpha,beta,predicted_rate,measured_rate,
steps_to_tol,diverged_at: the rate theory predicts, the rate the run shows (distance to the
minimum, second half of the run), the first step with gradient norm at most --tol (default
1e-6 here) and the step a run blew up at. Two sweeps (alpha and beta) make distill's map.)usage";

/// Limits on what sizes the work (documented in docs/tools.md): a run's time grows with its
/// steps, and linreg holds its examples.
constexpr std::size_t max_steps = 100'000'000;
constexpr std::size_t max_samples = 1'000'000;

/// The lab's settings and what only the command line has: the texts as typed, the start
/// point, linreg's examples.
struct settings : smooth::lab::descent_settings {
    std::string problem_text;
    std::string method_text = "momentum";
    std::string form_text = "ema";
    std::vector<double> start;
    std::size_t samples = 256;
};

using smooth::lab::parameters_for;

/// Everything the command line asked for, checked.
struct request {
    settings s;
    std::optional<problem> p;
    std::vector<double> start;
    std::vector<smooth::method> methods;
    bool compare = false;
    bool theory = false;
    std::optional<smooth::decay> average;
    int digits = 0;
    std::string output;
    smooth::cli::plot_options plot;
    std::vector<smooth::io::sweep_spec> sweeps; ///< alpha and/or beta, each at most once
};

/// Parses and checks the command line; nullopt after --help or --version.
std::optional<request> parse(int argc, char** argv)
{
    settings s;
    po::options_description options("Options");
    std::string alpha_text, beta_text, start_text, tol_text, steps_text, samples_text, batch_text, seed_text;
    std::string dampening_text, weight_decay_text, compare_text, output, digits_text, average_text;
    std::vector<std::string> sweep_texts;
    bool theory = false;
    smooth::cli::plot_options plot;
    options.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("problem", po::value(&s.problem_text)->value_name("P"), "the problem (required)")
        ("method", po::value(&s.method_text)->value_name("M"), "gd, momentum (default) or nesterov")
        ("form", po::value(&s.form_text)->value_name("F"), "ema (default), classic or pytorch")
        ("alpha", po::value(&alpha_text)->value_name("A"), "step size (lr for pytorch)")
        ("beta", po::value(&beta_text)->value_name("B"), "momentum coefficient (default 0.9)")
        ("bias-correction", po::bool_switch(&s.bias_correction), "ema form: divide v by 1 - beta^t")
        ("dampening", po::value(&dampening_text)->value_name("D"), "pytorch form: dampening")
        ("weight-decay", po::value(&weight_decay_text)->value_name("L"), "pytorch form: coupled L2 weight decay")
        ("maximize", po::bool_switch(&s.maximize), "pytorch form: step up the gradient (torch's maximize=True)")
        ("average-weights", po::value(&average_text)->value_name("B"), "also an EMA of the weights (Polyak-Ruppert averaging, 'model EMA'): columns avg_loss, avg_w1, ...; B a beta or alpha=, span=, ...")
        ("beta-schedule", po::value(&s.beta_schedule)->value_name("S"), "linear:B0:B1:STEPS, step:B0:B1:AT or sutskever:BMAX")
        ("steps", po::value(&steps_text)->value_name("K"), "number of steps (default 1000)")
        ("start", po::value(&start_text)->value_name("a,b,..."), "start point (default: the problem's)")
        ("tol", po::value(&tol_text)->value_name("T"), "stop once the gradient norm is at most T")
        ("samples", po::value(&samples_text)->value_name("N"), "linreg: number of examples (default 256)")
        ("batch", po::value(&batch_text)->value_name("M"), "linreg: examples per step (default: all)")
        ("seed", po::value(&seed_text)->value_name("S"), "linreg: seed of the data and the shuffles (default 1)")
        ("theory", po::bool_switch(&theory), "quadratic problems: predicted and measured rates on stderr")
        ("compare", po::value(&compare_text)->value_name("M1,M2,..."), "run several methods with the same settings")
        ("sweep", po::value(&sweep_texts)->value_name("S"), "quadratic problems: one run per value of alpha or beta (S: alpha=FROM:TO:N, alpha=log:FROM:TO:N, beta=FROM:TO:N; both for a map), CSV alpha,beta,predicted_rate,measured_rate,steps_to_tol,diverged_at")
        ("output,o", po::value(&output)->value_name("FILE"), "write the CSV to FILE (default: standard output)");
    smooth::cli::add_digits_option(options, digits_text);
    smooth::cli::add_plot_options(options, plot);
    po::variables_map vm;
    smooth::cli::check_arguments(argc, argv);
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (smooth::cli::handle_info("descend", vm, options, usage)) {
        return std::nullopt;
    }
    if (vm.count("output") != 0 && output.empty()) {
        throw usage_error("-o needs a file name (or - for standard output)");
    }
    if (s.problem_text.empty()) {
        throw usage_error("--problem is required");
    }
    const auto number = [](std::string const& text, char const* name, double& into) {
        if (!text.empty()) {
            into = smooth::io::parse_number(text, name);
        }
    };
    // a whole number (0 where allowed) up to a limit that says why
    const auto count = [](std::string const& text, char const* name, bool zero, std::size_t limit, char const* why) {
        const std::size_t n = zero && text == "0" ? 0 : smooth::io::parse_count(text, name);
        if (n > limit) {
            throw usage_error(fmt::format("{} {}: at most {} ({})", name, text, limit, why));
        }
        return n;
    };
    try {
        if (!alpha_text.empty()) {
            s.alpha = smooth::io::parse_number(alpha_text, "--alpha");
            if (s.form_text != "pytorch") { // torch accepts lr = 0; the optimizer checks the rest
                smooth::checked_alpha(*s.alpha);
            }
        }
        if (!beta_text.empty()) {
            s.beta = smooth::checked_beta(smooth::io::parse_number(beta_text, "--beta"));
            s.beta_given = true;
        }
        constexpr std::size_t any = std::numeric_limits<std::size_t>::max();
        s.steps = steps_text.empty() ? s.steps : count(steps_text, "--steps", true, max_steps, "rows stream, but the time does not");
        s.samples = samples_text.empty() ? s.samples : count(samples_text, "--samples", false, max_samples, "the examples are held in memory");
        if (!batch_text.empty()) {
            s.batch = count(batch_text, "--batch", false, any, "");
        }
        s.seed = seed_text.empty() ? s.seed : count(seed_text, "--seed", true, any, "");
        number(tol_text, "--tol", s.tol);
        number(dampening_text, "--dampening", s.dampening);
        number(weight_decay_text, "--weight-decay", s.weight_decay);
        if (!start_text.empty()) {
            s.start = smooth::io::parse_list(start_text, "--start");
        }
    } catch (std::exception const& e) { // input_error and the library's invalid_argument
        throw usage_error(e.what());
    }
    s.method = smooth::lab::method_from(s.method_text);
    s.form = smooth::lab::form_from(s.form_text);
    const problem p = smooth::lab::make_problem(s.problem_text, s.samples, s.seed);
    const std::vector<double> start = smooth::lab::start_for(p, s.start);
    const std::vector<smooth::method> methods = compare_text.empty() ? std::vector{s.method} : smooth::lab::methods_from(compare_text);
    smooth::cli::validate(plot);
    const int digits = smooth::cli::parse_digits(digits_text);
    std::optional<smooth::decay> average;
    if (!average_text.empty()) {
        try {
            average = smooth::io::parse_decay(average_text);
        } catch (smooth::io::input_error const& e) {
            throw usage_error("--average-weights " + average_text + ": " + e.what());
        }
    }

    const auto sweeps = smooth::lab::sweeps_from(sweep_texts);
    smooth::lab::check_descent(s, p, methods,
                               {.compare = !compare_text.empty(), .theory = theory, .average = average.has_value(), .tol = !tol_text.empty(),
                                .torch_extras = !dampening_text.empty() || !weight_decay_text.empty() || s.maximize,
                                .linreg_options = !samples_text.empty() || !batch_text.empty() || !seed_text.empty(),
                                .samples = s.samples},
                               sweeps);
    return request{s, p, start, methods, !compare_text.empty(), theory, average, digits, output, plot, sweeps};
}

/// Writes the CSV header, runs each method from the start with its rows streaming out, then
/// the theory report, the figure, and the exit status (3 when a run diverged).
int run_and_write(request const& r, smooth::cli::csv_output& out)
{
    problem const& p = *r.p;
    fmt::memory_buffer buf;
    const std::string header = smooth::lab::trajectory_csv::header(r.start.size(), r.compare, r.average.has_value());
    buf.append(header.data(), header.data() + header.size());
    std::optional<smooth::lab::trajectory_csv> csv;
    std::size_t writing = 0;
    const auto runs = smooth::lab::run_methods(r.s, p, r.methods, r.start, [&](std::size_t run, smooth::step_record const& row) {
        if (!csv || run != writing) { // each run's rows, as they come: memory does not grow with the steps
            const std::string name(smooth::to_string(r.methods[run]));
            csv.emplace(buf, r.compare ? name + "," : std::string(), r.digits, r.average, p);
            writing = run;
        }
        (*csv)(row);
        out.put_if_large(buf);
    });
    if (r.theory) {
        std::fputs(smooth::lab::theory_report(r.s, p, runs.front().kept.rows()).c_str(), stderr);
    }
    if (r.plot.wanted()) {
        std::vector<smooth::lab::named_path> paths;
        for (auto const& run : runs) {
            paths.push_back({std::string(smooth::to_string(run.method)), &run.kept.rows()});
        }
        if (r.plot.target.ends_with(".gif")) { // the paths drawn step by step
            smooth::cli::emit_animation(smooth::lab::path_animation("descend " + r.s.problem_text, p, paths), r.plot);
        } else {
            smooth::cli::emit(smooth::lab::path_figures("descend " + r.s.problem_text, p, paths), r.plot);
        }
    }
    out.commit(buf);
    if (const auto diverged = smooth::lab::diverged_message(runs, r.compare); !diverged.empty()) {
        throw smooth::cli::exit_with(3, diverged);
    }
    return 0;
}

/// --sweep: one run per parameter value (per pair, for a map), each row as it is measured;
/// the figure draws predicted against measured, or the measured rate over (alpha, beta).
int run_sweep(request const& r, smooth::cli::csv_output& out)
{
    const auto g = smooth::lab::grid_for(r.s, *r.p, r.sweeps);
    fmt::memory_buffer buf;
    buf.append(std::string_view(smooth::lab::sweep_csv_header));
    std::vector<double> predicted;
    std::vector<double> measured;
    for (const double beta : g.betas) {
        for (const double alpha : g.alphas) { // each row as it is measured
            const auto at = smooth::lab::measure_at(r.s, *r.p, r.start, alpha, beta);
            predicted.push_back(at.predicted.value_or(NAN));
            measured.push_back(at.measured.measured);
            smooth::lab::append_sweep_row(buf, alpha, beta, at, r.digits);
            out.put_if_large(buf);
        }
    }
    if (r.plot.wanted()) {
        const smooth::method m = r.s.method;
        smooth::cli::emit({g.alpha_swept && g.beta_swept ? smooth::plot::rate_map(m, r.s.form, *spectrum(*r.p), g.alphas, g.betas, measured)
                           : g.alpha_swept               ? smooth::plot::rate_line(m, "alpha", g.alphas, predicted, measured)
                                                         : smooth::plot::rate_line(m, "beta", g.betas, predicted, measured)},
                          r.plot);
    }
    out.commit(buf);
    return 0;
}

/// Parse, call, write.
int run(int argc, char** argv)
{
    const auto r = parse(argc, argv);
    if (!r) {
        return 0;
    }
    const std::string said = smooth::lab::what_runs(r->s, *r->p, r->methods); // what runs and why
    for (std::size_t at = 0, end; (end = said.find('\n', at)) != std::string::npos; at = end + 1) {
        std::fprintf(stderr, "descend: %s\n", said.substr(at, end - at).c_str());
    }
    smooth::cli::csv_output out(r->output, r->plot); // an unwritable -o fails before any work
    return r->sweeps.empty() ? run_and_write(*r, out) : run_sweep(*r, out);
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::cli::run("descend", [&] { return run(argc, argv); });
}
