// descend --problem P [OPTIONS]: runs gradient descent or momentum on a test problem and
// writes the trajectory as CSV (step,loss,grad_norm,w1,...,wn); --theory compares the
// measured rate with distill's prediction; --plot draws the path and the loss.
// Every formula is the library's; this file parses, runs and writes.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/plot/rates.hpp>
#include <smooth/minibatch.hpp>
#include <smooth/optimizers/classic_momentum.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/optimizers/gradient_descent.hpp>
#include <smooth/optimizers/momentum.hpp>
#include <smooth/optimizers/pytorch_sgd.hpp>
#include <smooth/problems/linear_regression.hpp>
#include <smooth/problems/quadratic.hpp>
#include <smooth/problems/ravine.hpp>
#include <smooth/problems/rosenbrock.hpp>
#include <smooth/run.hpp>
#include <smooth/schedules.hpp>
#include <smooth/sweep.hpp>
#include <smooth/theory.hpp>
#include <smooth/tuning.hpp>
#include <smooth/weight_average.hpp>

#include "cli.hpp"
#include "problems.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;
namespace problems = smooth::problems;
namespace th = smooth::theory;
using smooth::cli::problem;
using smooth::cli::default_alpha;
using smooth::cli::spectrum;
using smooth::cli::tuned;
using smooth::cli::uses_momentum;
using smooth::cli::minimizer_of;
using smooth::cli::contours_for;

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

using smooth::cli::optimizer;

/// Limits on what sizes the work (documented in docs/tools.md): a run's time grows with its
/// steps, and linreg holds its examples.
constexpr std::size_t max_steps = 100'000'000;
constexpr std::size_t max_samples = 1'000'000;

struct settings {
    std::string problem_text;
    std::string method_text = "momentum";
    std::string form_text = "ema";
    smooth::method method = smooth::method::momentum;
    smooth::momentum_form form = smooth::momentum_form::ema;
    std::optional<double> alpha;
    double beta = 0.9;
    bool beta_given = false;
    bool bias_correction = false;
    double dampening = 0.0;
    double weight_decay = 0.0;
    bool maximize = false;
    std::string beta_schedule;
    std::size_t steps = 1000;
    std::vector<double> start;
    double tol = 0.0;
    std::size_t samples = 256;
    std::optional<std::size_t> batch;
    std::uint64_t seed = 1;
};

/// What one method runs with: alpha in the chosen form, beta, and why (empty when the user
/// chose).
struct run_parameters {
    double alpha;
    double beta;
    std::string why;
};

run_parameters parameters_for(settings const& s, problem const& p, smooth::method method)
{
    const bool momentum_like = uses_momentum(method);
    const bool ema = s.form == smooth::momentum_form::ema;
    std::string refused;
    if (!s.alpha && !s.beta_given) {
        if (const auto t = tuned(p, method, &refused)) {
            const double beta = momentum_like ? t->beta : s.beta;
            const double alpha = momentum_like && !ema ? smooth::classic_alpha_from_ema(t->alpha, t->beta) : t->alpha;
            const std::string how =
                momentum_like ? fmt::format("alpha {:.4g} beta {:.4g} ({} form)", alpha, beta, smooth::to_string(s.form))
                              : fmt::format("alpha {:.4g}", alpha);
            return {alpha, beta, fmt::format("{}: {}, {}", smooth::to_string(method), how, t->reason)};
        }
    }
    double alpha = s.alpha ? *s.alpha : default_alpha(p);
    if (!s.alpha && momentum_like && !ema) {
        alpha = smooth::classic_alpha_from_ema(alpha, s.beta); // the default step is given in the EMA form
    }
    if (!refused.empty()) { // said, not silent: the best step is not known, the default is used
        return {alpha, s.beta,
                fmt::format("{}: alpha {:.4g}{}, the problem's default step: no best step is known here ({})",
                            smooth::to_string(method), alpha, momentum_like ? fmt::format(" beta {:.4g}", s.beta) : "",
                            refused)};
    }
    return {alpha, s.beta, ""};
}

optimizer make_optimizer(settings const& s, smooth::method method, run_parameters const& r)
{
    return smooth::cli::make_optimizer({method, s.form, r.alpha, r.beta, s.bias_correction, s.dampening,
                                        s.weight_decay, s.maximize});
}

std::function<double(std::size_t)> make_schedule(std::string const& text)
{
    if (text.empty()) {
        return {};
    }
    try {
        return smooth::io::parse_beta_schedule(text);
    } catch (std::exception const& e) { // input_error and the library's invalid_argument
        throw usage_error("--beta-schedule " + text + ": " + e.what());
    }
}

/// One finished run: the rows kept for the theory report and the figure (all of them for runs
/// of up to 8192 steps, then every other one as the run grows, and always the last), and how
/// it ended. The CSV rows are written as they come (row_writer), so memory does not grow with
/// the number of steps.
struct run_record {
    smooth::method method;
    smooth::trajectory kept;
    smooth::run_result result;
};

/// The observer of a run: writes each row to the CSV at once (with --average-weights, the EMA
/// of the weights, the library's weight_average, and the loss there) and keeps a thinned copy.
class row_writer {
public:
    row_writer(fmt::memory_buffer& buf, smooth::cli::csv_output& out, std::string prefix, int digits,
               std::optional<smooth::decay> average, problem const& p, smooth::trajectory& kept)
        : buf_(buf), out_(out), prefix_(std::move(prefix)), digits_(digits), p_(p), kept_(kept)
    {
        if (average) {
            avg_.emplace(*average);
        }
    }

    void operator()(smooth::step_record const& r)
    {
        buf_.append(prefix_.data(), prefix_.data() + prefix_.size());
        fmt::format_to(std::back_inserter(buf_), "{}", r.step);
        for (const double v : {r.loss, r.grad_norm}) {
            buf_.push_back(',');
            smooth::cli::append_number(buf_, v, digits_);
        }
        for (const double x : r.w) {
            buf_.push_back(',');
            smooth::cli::append_number(buf_, x, digits_);
        }
        if (avg_) {
            avg_->push(r.w);
            const auto w = avg_->value();
            g_.resize(w.size());
            buf_.push_back(',');
            smooth::cli::append_number(buf_, std::visit([&](auto const& prob) { return prob(w, g_); }, p_), digits_);
            for (const double x : w) {
                buf_.push_back(',');
                smooth::cli::append_number(buf_, x, digits_);
            }
        }
        buf_.push_back('\n');
        out_.put_if_large(buf_);
        // keep every stride-th row; when too many are kept, every other one, stride doubled
        if (seen_++ % stride_ == 0) {
            kept_(r);
            last_kept_ = true;
            if (kept_.rows.size() > max_kept) {
                std::size_t out = 0;
                for (std::size_t i = 0; i < kept_.rows.size(); i += 2) {
                    kept_.rows[out++] = std::move(kept_.rows[i]);
                }
                kept_.rows.resize(out);
                stride_ *= 2;
            }
        } else {
            last_ = {r.step, {r.w.begin(), r.w.end()}, r.loss, r.grad_norm, {r.velocity.begin(), r.velocity.end()}};
            last_kept_ = false;
        }
    }

    /// The last row is always kept (the end of the path, the end of the measured rate).
    void finish()
    {
        if (!last_kept_) {
            kept_.rows.push_back(std::move(last_));
            last_kept_ = true;
        }
    }

private:
    static constexpr std::size_t max_kept = 8192;
    fmt::memory_buffer& buf_;
    smooth::cli::csv_output& out_;
    std::string prefix_;
    int digits_;
    problem const& p_;
    smooth::trajectory& kept_;
    std::optional<smooth::weight_average> avg_;
    std::vector<double> g_;
    std::size_t seen_ = 0;
    std::size_t stride_ = 1;
    smooth::trajectory::row last_{};
    bool last_kept_ = true;
};

smooth::run_result run_one(settings const& s, problem const& p, smooth::method method,
                              std::vector<double> const& start, row_writer& writer)
{
    optimizer opt = make_optimizer(s, method, parameters_for(s, p, method));
    auto schedule = uses_momentum(method) ? make_schedule(s.beta_schedule) : std::function<double(std::size_t)>{};
    return std::visit(
        [&](auto const& prob, auto& o) -> smooth::run_result {
            using P = std::decay_t<decltype(prob)>;
            if constexpr (std::is_same_v<P, problems::linear_regression>) {
                smooth::minibatch_options options;
                options.batch_size = s.batch.value_or(prob.examples());
                const std::size_t per_epoch = prob.examples() / options.batch_size;
                options.epochs = (s.steps + per_epoch - 1) / per_epoch;
                options.seed = s.seed;
                options.run.max_steps = s.steps;
                options.run.gradient_tolerance = s.tol;
                options.run.beta_schedule = schedule;
                return smooth::minimize_minibatch(prob, o, start, options, std::ref(writer));
            } else {
                smooth::run_options options;
                options.max_steps = s.steps;
                options.gradient_tolerance = s.tol;
                options.beta_schedule = schedule;
                return smooth::minimize(prob, o, start, options, std::ref(writer));
            }
        },
        p, opt);
}

/// --theory: distill's predictions for this run next to what it measured, on stderr.
void print_theory(settings const& s, problem const& p, run_record const& rec)
{
    const auto lambdas = *spectrum(p);
    const double lmin = *std::min_element(lambdas.begin(), lambdas.end());
    const double lmax = *std::max_element(lambdas.begin(), lambdas.end());
    const auto chosen = parameters_for(s, p, s.method);
    const double alpha = chosen.alpha;
    const double beta = chosen.beta;
    const th::form form = s.form == smooth::momentum_form::ema ? th::form::ema : th::form::classic;
    const bool gd = s.method == smooth::method::gd;
    const bool covered = s.method != smooth::method::nesterov && s.beta_schedule.empty() && s.dampening == 0.0 &&
                         s.weight_decay == 0.0;

    std::string predicted = "n/a (the theory covers gd and plain momentum with constant beta)";
    std::string region;
    if (covered) {
        const double rate = gd ? th::gd_rate(alpha, lmin, lmax) : th::momentum_rate(alpha, beta, lambdas, form);
        predicted = fmt::format("{}", rate);
        for (const double l : lambdas) {
            region += fmt::format("{}lambda={}: {}", region.empty() ? "" : ", ", l,
                                  th::to_string(th::classify(alpha, gd ? 0.0 : beta, l, gd ? th::form::classic : form)));
        }
    } else {
        region = "n/a";
    }
    // measured over the second half of the run, as distance to the minimum (the kept rows:
    // every row of a short run, every k-th of a long one; their step numbers say how far apart)
    const auto d = rec.kept.distances_to(minimizer_of(p));
    std::string measured = "n/a (too few steps)";
    if (d.size() >= 3) {
        const std::size_t to = d.size() - 1;
        // the kept row nearest half-way in steps
        const std::size_t half_step = rec.kept.rows[to].step / 2;
        std::size_t from = 0;
        while (from + 1 < to && rec.kept.rows[from + 1].step <= half_step) {
            ++from;
        }
        const std::size_t step_from = rec.kept.rows[from].step;
        const std::size_t step_to = rec.kept.rows[to].step;
        if (d[from] > 0 && d[to] > 0 && step_to > step_from) {
            const double rate = std::pow(d[to] / d[from], 1.0 / static_cast<double>(step_to - step_from));
            measured = fmt::format("{} (steps {} to {})", rate, step_from, step_to);
        } else {
            measured = "n/a (reached the minimum exactly)";
        }
    }
    const auto best = th::optimal_momentum(lmin, lmax, form);
    std::fprintf(stderr, "predicted_rate: %s\n", predicted.c_str());
    std::fprintf(stderr, "measured_rate: %s\n", measured.c_str());
    std::fprintf(stderr, "optimal_alpha: %s\n",
                 fmt::format("{}", gd ? th::gd_optimal_alpha(lmin, lmax) : best.alpha).c_str());
    std::fprintf(stderr, "optimal_beta: %s\n", fmt::format("{}", gd ? 0.0 : best.beta).c_str());
    std::fprintf(stderr, "region: %s\n", region.c_str());
}

/// Loss contours around the paths and the minimum (2-D problems).

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
        if (!steps_text.empty()) {
            s.steps = steps_text == "0" ? 0 : smooth::io::parse_count(steps_text, "--steps");
            if (s.steps > max_steps) {
                throw usage_error(fmt::format("--steps {}: at most {} (rows stream, but the time does not)", steps_text,
                                              max_steps));
            }
        }
        if (!tol_text.empty()) {
            s.tol = smooth::io::parse_number(tol_text, "--tol");
        }
        if (!samples_text.empty()) {
            s.samples = smooth::io::parse_count(samples_text, "--samples");
            if (s.samples > max_samples) {
                throw usage_error(fmt::format("--samples {}: at most {} (the examples are held in memory)",
                                              samples_text, max_samples));
            }
        }
        if (!batch_text.empty()) {
            s.batch = smooth::io::parse_count(batch_text, "--batch");
        }
        if (!seed_text.empty()) {
            s.seed = seed_text == "0" ? 0 : static_cast<std::uint64_t>(smooth::io::parse_count(seed_text, "--seed"));
        }
        if (!dampening_text.empty()) {
            s.dampening = smooth::io::parse_number(dampening_text, "--dampening");
        }
        if (!weight_decay_text.empty()) {
            s.weight_decay = smooth::io::parse_number(weight_decay_text, "--weight-decay");
        }
        if (!start_text.empty()) {
            s.start = smooth::io::parse_list(start_text, "--start");
        }
    } catch (std::exception const& e) { // input_error and the library's invalid_argument
        throw usage_error(e.what());
    }
    if (const auto m = smooth::method_named(s.method_text)) {
        s.method = *m;
    } else {
        throw usage_error("--method takes gd, momentum or nesterov, got '" + s.method_text + "'");
    }
    if (const auto f = smooth::form_named(s.form_text)) {
        s.form = *f;
    } else {
        throw usage_error("--form takes ema, classic or pytorch, got '" + s.form_text + "'");
    }
    if (s.bias_correction && s.form != smooth::momentum_form::ema) {
        throw usage_error("--bias-correction belongs to the ema form");
    }
    if ((!dampening_text.empty() || !weight_decay_text.empty() || s.maximize) && s.form != smooth::momentum_form::pytorch) {
        throw usage_error("--dampening, --weight-decay and --maximize belong to the pytorch form");
    }
    if (s.tol < 0) {
        throw usage_error("--tol must be >= 0, got " + tol_text);
    }
    const problem p = smooth::cli::make_problem(s.problem_text, s.samples, s.seed);
    const bool is_linreg = std::holds_alternative<problems::linear_regression>(p);
    if (!is_linreg && (!samples_text.empty() || !batch_text.empty() || !seed_text.empty())) {
        throw usage_error("--samples, --batch and --seed belong to --problem linreg");
    }
    if (is_linreg && s.batch && *s.batch > s.samples) {
        throw usage_error(fmt::format("--batch {} is larger than --samples {}", *s.batch, s.samples));
    }
    std::vector<double> start = smooth::cli::start_of(p);
    const std::size_t n = start.size();
    if (!s.start.empty()) {
        if (s.start.size() != n) {
            throw usage_error(fmt::format("--start has {} values, the problem has {} parameters", s.start.size(), n));
        }
        start = s.start;
    }
    std::vector<smooth::method> methods{s.method};
    if (!compare_text.empty()) {
        methods.clear();
        std::stringstream ss(compare_text);
        for (std::string m; std::getline(ss, m, ',');) {
            const auto named = smooth::method_named(m);
            if (!named) {
                throw usage_error("--compare takes gd, momentum and nesterov, got '" + m + "'");
            }
            methods.push_back(*named);
        }
        if (theory) {
            throw usage_error("--theory describes one run: leave out --compare");
        }
    }
    if (theory && !spectrum(p)) {
        throw usage_error("--theory needs a quadratic problem (quadratic:... or ravine)");
    }
    if (theory) {
        const auto lambdas = *spectrum(p);
        try {
            th::check_spectrum(*std::min_element(lambdas.begin(), lambdas.end()),
                               *std::max_element(lambdas.begin(), lambdas.end()));
        } catch (std::invalid_argument const& e) {
            throw usage_error(std::string("--theory does not apply to this problem: ") + e.what());
        }
    }
    for (auto const& m : methods) {
        if (!uses_momentum(m) && !s.beta_schedule.empty() && compare_text.empty()) {
            throw usage_error("--beta-schedule needs momentum or nesterov");
        }
        (void)make_optimizer(s, m, parameters_for(s, p, m)); // reject bad combinations before any work
    }
    (void)make_schedule(s.beta_schedule);
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

    std::vector<smooth::io::sweep_spec> sweeps;
    for (auto const& text : sweep_texts) {
        try {
            sweeps.push_back(smooth::io::parse_sweep(text));
        } catch (smooth::io::input_error const& e) {
            throw usage_error("--sweep " + text + ": " + e.what());
        }
        auto const& name = sweeps.back().name;
        if (name != "alpha" && name != "beta") {
            throw usage_error("--sweep " + text + ": sweeps alpha or beta");
        }
        if (sweeps.size() == 2 && sweeps[0].name == name) {
            throw usage_error("--sweep " + name + " is given twice");
        }
        if (name == "beta" && !uses_momentum(s.method)) {
            throw usage_error("--sweep beta needs momentum or nesterov");
        }
    }
    if (sweeps.size() > 2) {
        throw usage_error("--sweep takes alpha, beta or both");
    }
    if (!sweeps.empty()) {
        if (!spectrum(p)) {
            throw usage_error("--sweep needs a quadratic problem (quadratic:... or ravine)");
        }
        if (!compare_text.empty() || theory || average || !s.beta_schedule.empty()) {
            throw usage_error("--sweep runs one method with constant parameters: leave out --compare, --theory, "
                              "--average-weights and --beta-schedule");
        }
        if (s.steps > 1'000'000 || s.steps * sweeps[0].axis.count * (sweeps.size() == 2 ? sweeps[1].axis.count : 1) >
                                       5'000'000'000ULL) {
            throw usage_error("--sweep with --steps: at most 5e9 steps in all (and 1e6 a run)");
        }
        if (tol_text.empty()) {
            s.tol = 1e-6;
        }
        const auto base = parameters_for(s, p, s.method);
        for (auto const& sw : sweeps) {
            for (const double v : {sw.axis.from, sw.axis.to}) {
                run_parameters at = base;
                (sw.name == "alpha" ? at.alpha : at.beta) = v;
                try {
                    (void)make_optimizer(s, s.method, at);
                } catch (usage_error const& e) {
                    throw usage_error("--sweep " + sw.name + ": " + e.what());
                }
            }
        }
    }

    return request{s, p, start, methods, !compare_text.empty(), theory, average, digits, output, plot, sweeps};
}

/// Says on stderr what runs and why: each method at its best, or one alpha shared.
void say_what_runs(request const& r)
{
    settings const& s = r.s;
    problem const& p = *r.p;
    auto const& methods = r.methods;
    for (auto const& m : methods) {
        const auto chosen = parameters_for(s, p, m);
        if (!chosen.why.empty()) {
            std::fprintf(stderr, "descend: %s\n", chosen.why.c_str());
        }
    }
    if (methods.size() > 1 && s.alpha) {
        if (s.form == smooth::momentum_form::ema) {
            std::fprintf(stderr,
                         "descend: alpha %s is shared in the ema form: momentum's steady step alpha v equals GD's "
                         "alpha g, so they move alike once v settles (without --alpha and --beta each runs at its best)\n",
                         fmt::format("{}", *s.alpha).c_str());
        } else {
            std::fprintf(stderr,
                         "descend: alpha %s is shared in the %s form: momentum's steps add up to 1/(1-beta) = %s times "
                         "GD's (without --alpha and --beta each runs at its best)\n",
                         fmt::format("{}", *s.alpha).c_str(), std::string(smooth::to_string(s.form)).c_str(),
                         fmt::format("{:.4g}", 1.0 / (1.0 - s.beta)).c_str());
        }
    }
}

/// Writes the CSV header, runs each method from the start with its rows streaming out, then
/// the theory report, the figure, and the exit status (3 when a run diverged).
int run_and_write(request const& r, smooth::cli::csv_output& out)
{
    settings const& s = r.s;
    problem const& p = *r.p;
    const std::size_t n = r.start.size();
    const bool with_method = r.compare;
    fmt::memory_buffer buf;
    fmt::format_to(std::back_inserter(buf), "{}step,loss,grad_norm", with_method ? "method," : "");
    for (std::size_t i = 1; i <= n; ++i) {
        fmt::format_to(std::back_inserter(buf), ",w{}", i);
    }
    if (r.average) {
        fmt::format_to(std::back_inserter(buf), ",avg_loss");
        for (std::size_t i = 1; i <= n; ++i) {
            fmt::format_to(std::back_inserter(buf), ",avg_w{}", i);
        }
    }
    buf.push_back('\n');
    std::vector<run_record> runs;
    for (auto const& m : r.methods) {
        runs.push_back(run_record{m, {}, {}});
        run_record& rec = runs.back();
        row_writer writer(buf, out, with_method ? std::string(smooth::to_string(m)) + "," : std::string(), r.digits,
                          r.average, p, rec.kept);
        rec.result = run_one(s, p, m, r.start, writer);
        writer.finish();
    }
    if (r.theory) {
        print_theory(s, p, runs.front());
    }
    if (r.plot.wanted()) {
        std::vector<smooth::cli::named_path> paths;
        for (auto const& run : runs) {
            paths.push_back({std::string(smooth::to_string(run.method)), &run.kept});
        }
        if (r.plot.target.ends_with(".gif")) { // the paths drawn step by step
            smooth::cli::emit_animation(smooth::cli::path_animation("descend " + s.problem_text, p, paths), r.plot);
        } else {
            smooth::cli::emit(smooth::cli::path_figures("descend " + s.problem_text, p, paths), r.plot);
        }
    }
    out.commit(buf);
    std::string diverged;
    for (auto const& rec : runs) {
        if (rec.result.diverged()) {
            diverged += (diverged.empty() ? "" : "; ") +
                        (with_method ? std::string(smooth::to_string(rec.method)) + " " : "") + rec.result.message();
        }
    }
    if (!diverged.empty()) {
        throw smooth::cli::exit_with(3, diverged);
    }
    return 0;
}

/// --sweep: one run per parameter value (per pair, for a map), each row as it is measured;
/// the figure draws predicted against measured, or the measured rate over (alpha, beta).
int run_sweep(request const& r, smooth::cli::csv_output& out)
{
    settings s = r.s;
    problem const& p = *r.p;
    const auto lambdas = *spectrum(p);
    const auto minimizer = minimizer_of(p);
    const auto base = parameters_for(s, p, s.method); // the value a parameter not swept keeps
    std::vector<double> alphas{base.alpha};
    std::vector<double> betas{base.beta};
    bool alpha_swept = false;
    bool beta_swept = false;
    for (auto const& sw : r.sweeps) {
        (sw.name == "alpha" ? alphas : betas) = sw.axis.values();
        (sw.name == "alpha" ? alpha_swept : beta_swept) = true;
    }
    fmt::memory_buffer buf;
    fmt::format_to(std::back_inserter(buf), "alpha,beta,predicted_rate,measured_rate,steps_to_tol,diverged_at\n");
    std::vector<double> predicted(alphas.size() * betas.size(), NAN);
    std::vector<double> measured(alphas.size() * betas.size(), NAN);
    const auto cell = [&](double v) {
        if (std::isfinite(v)) {
            smooth::cli::append_number(buf, v, r.digits);
        }
    };
    for (std::size_t j = 0; j < betas.size(); ++j) {
        for (std::size_t i = 0; i < alphas.size(); ++i) {
            const run_parameters params{alphas[i], betas[j], ""};
            optimizer opt = make_optimizer(s, s.method, params);
            const auto m = std::visit(
                [&](auto const& prob, auto& o) -> smooth::rate_measurement {
                    using P = std::decay_t<decltype(prob)>;
                    if constexpr (std::is_same_v<P, problems::linear_regression>) {
                        throw usage_error("--sweep needs a quadratic problem");
                    } else {
                        return smooth::measure_rate(prob, o, r.start, minimizer, s.steps, s.tol);
                    }
                },
                p, opt);
            const auto pred = smooth::predicted_rate(s.method, s.form, alphas[i], betas[j], lambdas);
            predicted[j * alphas.size() + i] = pred.value_or(NAN);
            measured[j * alphas.size() + i] = m.measured;
            cell(alphas[i]);
            buf.push_back(',');
            cell(betas[j]);
            buf.push_back(',');
            cell(pred.value_or(NAN));
            buf.push_back(',');
            cell(m.measured);
            buf.push_back(',');
            if (m.steps_to_tolerance) {
                fmt::format_to(std::back_inserter(buf), "{}", *m.steps_to_tolerance);
            }
            buf.push_back(',');
            if (m.diverged_at) {
                fmt::format_to(std::back_inserter(buf), "{}", *m.diverged_at);
            }
            buf.push_back('\n');
            out.put_if_large(buf);
        }
    }
    if (r.plot.wanted()) {
        smooth::cli::emit({alpha_swept && beta_swept
                               ? smooth::plot::rate_map(s.method, s.form, lambdas, alphas, betas, measured)
                           : alpha_swept ? smooth::plot::rate_line(s.method, "alpha", alphas, predicted, measured)
                                         : smooth::plot::rate_line(s.method, "beta", betas, predicted, measured)},
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
    say_what_runs(*r);
    smooth::cli::csv_output out(r->output, r->plot); // an unwritable -o fails before any work
    return r->sweeps.empty() ? run_and_write(*r, out) : run_sweep(*r, out);
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::cli::run("descend", [&] { return run(argc, argv); });
}
