// A descent on a lab problem as descend runs it: the parameters each method runs with (its
// best where the library knows it, said why), the run itself with its rows streaming to an
// observer, the rows kept for a report and a figure in bounded memory, the CSV row of each
// step, distill's predictions beside the measured rate (--theory), and one point of a sweep.
//
//   smooth::lab::descent_settings s;                      // momentum, ema form, 1000 steps
//   const auto p = smooth::lab::make_problem("ravine");
//   smooth::lab::kept_rows kept;
//   smooth::lab::run_method(s, p, s.method, smooth::lab::start_of(p), std::ref(kept));
//   kept.finish();
//   std::string report = smooth::lab::theory_report(s, p, kept.rows());
#ifndef SMOOTH_LAB_DESCENT_HPP
#define SMOOTH_LAB_DESCENT_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <smooth/decay.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/lab/problems.hpp>
#include <smooth/run.hpp>
#include <smooth/sweep.hpp>
#include <smooth/weight_average.hpp>

namespace smooth::lab {

/// What was chosen for a descent (descend's options).
struct descent_settings {
    smooth::method method = smooth::method::momentum; ///< the method --theory and --sweep describe
    momentum_form form = momentum_form::ema;
    std::optional<double> alpha; ///< none: each method at its best, or the problem's default step
    double beta = 0.9;
    bool beta_given = false;
    bool bias_correction = false; ///< ema form
    double dampening = 0.0;       ///< pytorch form
    double weight_decay = 0.0;    ///< pytorch form
    bool maximize = false;        ///< pytorch form
    std::string beta_schedule;    ///< linear:B0:B1:STEPS, step:B0:B1:AT, sutskever:BMAX, or ""
    std::size_t steps = 1000;
    double tol = 0.0; ///< stop once the gradient norm is at most tol
    std::optional<std::size_t> batch; ///< linreg: examples per step (default: all)
    std::uint64_t seed = 1;           ///< linreg: the shuffles' seed
};

/// What one method runs with: alpha in the chosen form, beta, and why (empty when the person
/// chose both).
struct run_parameters {
    double alpha;
    double beta;
    std::string why;
};

/// Without alpha and beta, the library's best for the method on the problem (tuning.hpp),
/// converted to the chosen form; otherwise what was given, alpha defaulting to the problem's
/// step. `why` says which and, where no best is known, why not.
run_parameters parameters_for(descent_settings const& s, problem const& p, smooth::method m);

/// The optimizer for a method with these parameters; choice_error for a bad value.
optimizer make_optimizer(descent_settings const& s, smooth::method m, run_parameters const& r);

/// The beta schedule the text names (io::parse_beta_schedule); empty for ""; choice_error
/// naming --beta-schedule otherwise.
std::function<double(std::size_t)> beta_schedule(std::string const& text);

/// Runs a method from `start` on the problem (minibatches for linreg), each step's record to
/// `observer` as it happens.
run_result run_method(descent_settings const& s, problem const& p, smooth::method m, std::vector<double> const& start,
                      std::function<void(step_record const&)> const& observer);

/// The rows of a run kept for a report and a figure in bounded memory: every row of a run of
/// up to 8192 steps, then every other one each time the kept rows double, and always the last.
class kept_rows {
public:
    void operator()(step_record const& r);
    /// Keeps the last row seen (the end of the path, the end of the measured rate).
    void finish();
    [[nodiscard]] trajectory const& rows() const { return kept_; }

private:
    static constexpr std::size_t max_kept = 8192;
    trajectory kept_;
    std::size_t seen_ = 0;
    std::size_t stride_ = 1;
    trajectory::row last_{};
    bool last_kept_ = true;
};

/// Each step as a CSV row: [prefix]step,loss,grad_norm,w1..wn and, with an average, the EMA of
/// the weights (weight_average) as avg_loss,avg_w1..avg_wn; appended to `buf`.
class trajectory_csv {
public:
    trajectory_csv(fmt::memory_buffer& buf, std::string prefix, int digits, std::optional<decay> average, problem const& p);
    /// The header for n parameters (method, first when `with_method`).
    static std::string header(std::size_t n, bool with_method, bool with_average);
    void operator()(step_record const& r);

private:
    fmt::memory_buffer& buf_;
    std::string prefix_;
    int digits_;
    problem const& p_;
    std::optional<weight_average> avg_;
    std::vector<double> g_;
};

/// --theory: distill's predicted rate, the rate measured over the run's second half (distance
/// to the minimum), the optimal alpha and beta and each eigenvalue's region, one
/// "name: value" line each. Quadratic problems only.
std::string theory_report(descent_settings const& s, problem const& p, trajectory const& kept);

/// What runs and why, one line each: each method's choice, and what sharing alpha means.
std::string what_runs(descent_settings const& s, problem const& p, std::vector<smooth::method> const& methods);

/// Each method run from `start`, its rows kept (kept_rows) and how it ended.
struct finished_run {
    smooth::method method;
    kept_rows kept;
    run_result result;
};

/// Runs each method in turn; each step is handed to `row` with its run's number (0, 1, ...)
/// as it happens (for the CSV).
std::vector<finished_run> run_methods(descent_settings const& s, problem const& p, std::vector<smooth::method> const& methods,
                                      std::vector<double> const& start,
                                      std::function<void(std::size_t run, step_record const&)> const& row);

/// --sweep's texts (alpha=FROM:TO:N, alpha=log:FROM:TO:N, beta=FROM:TO:N) read; choice_error
/// naming the text for another name or a bad range.
std::vector<io::sweep_spec> sweeps_from(std::vector<std::string> const& texts);

/// Which of descend's options were given, for check_descent.
struct descent_options_given {
    bool compare = false;
    bool theory = false;
    bool average = false;
    bool tol = false;
    bool torch_extras = false;   ///< --dampening, --weight-decay, --maximize
    bool linreg_options = false; ///< --samples, --batch, --seed
    std::size_t samples = 256;
};

/// What a descent cannot do, checked before any work (choice_error naming the options): a
/// form's options in another form, a negative tol, linreg's options on another problem, a batch
/// larger than the examples, --theory on a problem the theory does not cover, a beta schedule
/// without momentum, a sweep of something else than alpha and beta, on a problem without a
/// spectrum, with options a sweep does not take, or too long. With a sweep and no tol, tol
/// becomes 1e-6.
void check_descent(descent_settings& s, problem const& p, std::vector<smooth::method> const& methods, descent_options_given const& given,
                   std::vector<io::sweep_spec> const& sweeps);

/// "" when no run diverged; otherwise each diverged run's message, "; "-separated, each
/// named by its method when `named`.
std::string diverged_message(std::vector<finished_run> const& runs, bool named);

/// The swept values: a sweep of alpha or beta (io::sweep_spec) or both; a parameter not swept
/// keeps the method's value (parameters_for).
struct sweep_grid {
    std::vector<double> alphas;
    std::vector<double> betas;
    bool alpha_swept = false;
    bool beta_swept = false;
};
sweep_grid grid_for(descent_settings const& s, problem const& p, std::vector<io::sweep_spec> const& sweeps);

/// One run of a sweep at (alpha, beta): its measured rate and the theory's prediction.
struct sweep_point {
    std::optional<double> predicted;
    rate_measurement measured;
};
sweep_point measure_at(descent_settings const& s, problem const& p, std::vector<double> const& start, double alpha, double beta);

/// A sweep's CSV: the header alpha,beta,predicted_rate,measured_rate,steps_to_tol,diverged_at,
/// and a point's row (an empty field where there is no value), appended to buf.
inline constexpr char const* sweep_csv_header = "alpha,beta,predicted_rate,measured_rate,steps_to_tol,diverged_at\n";
void append_sweep_row(fmt::memory_buffer& buf, double alpha, double beta, sweep_point const& point, int digits);

} // namespace smooth::lab

#endif
