#include <smooth/lab/descent.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <variant>

#include <smooth/io/csv_writer.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/minibatch.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/theory.hpp>

namespace smooth::lab {

namespace th = smooth::theory;

run_parameters parameters_for(descent_settings const& s, problem const& p, smooth::method m)
{
    const bool momentum_like = uses_momentum(m);
    const bool ema = s.form == momentum_form::ema;
    std::string refused;
    if (!s.alpha && !s.beta_given) {
        if (const auto t = tuned(p, m, &refused)) {
            const double beta = momentum_like ? t->beta : s.beta;
            const double alpha = momentum_like && !ema ? classic_alpha_from_ema(t->alpha, t->beta) : t->alpha;
            const std::string how = momentum_like ? fmt::format("alpha {:.4g} beta {:.4g} ({} form)", alpha, beta, to_string(s.form))
                                                  : fmt::format("alpha {:.4g}", alpha);
            return {alpha, beta, fmt::format("{}: {}, {}", to_string(m), how, t->reason)};
        }
    }
    double alpha = s.alpha ? *s.alpha : default_alpha(p);
    if (!s.alpha && momentum_like && !ema) {
        alpha = classic_alpha_from_ema(alpha, s.beta); // the default step is given in the EMA form
    }
    if (!refused.empty()) { // said, not silent: the best step is not known, the default is used
        return {alpha, s.beta,
                fmt::format("{}: alpha {:.4g}{}, the problem's default step: no best step is known here ({})", to_string(m), alpha,
                            momentum_like ? fmt::format(" beta {:.4g}", s.beta) : "", refused)};
    }
    return {alpha, s.beta, ""};
}

optimizer make_optimizer(descent_settings const& s, smooth::method m, run_parameters const& r)
{
    return make_optimizer({m, s.form, r.alpha, r.beta, s.bias_correction, s.dampening, s.weight_decay, s.maximize});
}

std::function<double(std::size_t)> beta_schedule(std::string const& text)
{
    if (text.empty()) {
        return {};
    }
    try {
        return io::parse_beta_schedule(text);
    } catch (std::exception const& e) { // input_error and the library's invalid_argument
        throw choice_error("--beta-schedule " + text + ": " + e.what());
    }
}

run_result run_method(descent_settings const& s, problem const& p, smooth::method m, std::vector<double> const& start,
                      std::function<void(step_record const&)> const& observer)
{
    optimizer opt = make_optimizer(s, m, parameters_for(s, p, m));
    auto schedule = uses_momentum(m) ? beta_schedule(s.beta_schedule) : std::function<double(std::size_t)>{};
    return std::visit(
        [&](auto const& prob, auto& o) -> run_result {
            using P = std::decay_t<decltype(prob)>;
            if constexpr (std::is_same_v<P, problems::linear_regression>) {
                minibatch_options options;
                options.batch_size = s.batch.value_or(prob.examples());
                const std::size_t per_epoch = prob.examples() / options.batch_size;
                options.epochs = (s.steps + per_epoch - 1) / per_epoch;
                options.seed = s.seed;
                options.run.max_steps = s.steps;
                options.run.gradient_tolerance = s.tol;
                options.run.beta_schedule = schedule;
                return minimize_minibatch(prob, o, start, options, observer);
            } else {
                run_options options;
                options.max_steps = s.steps;
                options.gradient_tolerance = s.tol;
                options.beta_schedule = schedule;
                return minimize(prob, o, start, options, observer);
            }
        },
        p, opt);
}

void kept_rows::operator()(step_record const& r)
{
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

void kept_rows::finish()
{
    if (!last_kept_) {
        kept_.rows.push_back(std::move(last_));
        last_kept_ = true;
    }
}

trajectory_csv::trajectory_csv(fmt::memory_buffer& buf, std::string prefix, int digits, std::optional<decay> average, problem const& p)
    : buf_(buf), prefix_(std::move(prefix)), digits_(digits), p_(p)
{
    if (average) {
        avg_.emplace(*average);
    }
}

std::string trajectory_csv::header(std::size_t n, bool with_method, bool with_average)
{
    std::string h = with_method ? "method,step,loss,grad_norm" : "step,loss,grad_norm";
    for (std::size_t i = 1; i <= n; ++i) {
        h += fmt::format(",w{}", i);
    }
    if (with_average) {
        h += ",avg_loss";
        for (std::size_t i = 1; i <= n; ++i) {
            h += fmt::format(",avg_w{}", i);
        }
    }
    return h + "\n";
}

void trajectory_csv::operator()(step_record const& r)
{
    buf_.append(prefix_.data(), prefix_.data() + prefix_.size());
    fmt::format_to(std::back_inserter(buf_), "{}", r.step);
    for (const double v : {r.loss, r.grad_norm}) {
        buf_.push_back(',');
        io::append_number(buf_, v, digits_);
    }
    for (const double x : r.w) {
        buf_.push_back(',');
        io::append_number(buf_, x, digits_);
    }
    if (avg_) { // the EMA of the weights, and the loss there
        avg_->push(r.w);
        const auto w = avg_->value();
        g_.resize(w.size());
        buf_.push_back(',');
        io::append_number(buf_, std::visit([&](auto const& prob) { return prob(w, g_); }, p_), digits_);
        for (const double x : w) {
            buf_.push_back(',');
            io::append_number(buf_, x, digits_);
        }
    }
    buf_.push_back('\n');
}

std::string theory_report(descent_settings const& s, problem const& p, trajectory const& kept)
{
    const auto lambdas = *spectrum(p);
    const double lmin = *std::min_element(lambdas.begin(), lambdas.end());
    const double lmax = *std::max_element(lambdas.begin(), lambdas.end());
    const auto chosen = parameters_for(s, p, s.method);
    const double alpha = chosen.alpha;
    const double beta = chosen.beta;
    const th::form form = s.form == momentum_form::ema ? th::form::ema : th::form::classic;
    const bool gd = s.method == smooth::method::gd;
    // the one rate function (methods.hpp); a beta schedule, dampening or weight decay is not
    // the dynamics the theory solves, and torch's spelling is left to it to refuse
    const bool constant = s.beta_schedule.empty() && s.dampening == 0.0 && s.weight_decay == 0.0;
    const auto rate = constant ? predicted_rate(s.method, s.form, alpha, beta, lambdas) : std::nullopt;
    const std::string predicted =
        rate ? fmt::format("{}", *rate)
             : std::string("n/a (the theory covers gd, momentum and nesterov in the ema or classic form, beta constant)");
    std::string region; // heavy ball's regions (distill): gd and momentum
    if (rate && s.method != smooth::method::nesterov) {
        for (const double l : lambdas) {
            region += fmt::format("{}lambda={}: {}", region.empty() ? "" : ", ", l,
                                  th::to_string(th::classify(alpha, gd ? 0.0 : beta, l, gd ? th::form::classic : form)));
        }
    } else {
        region = "n/a";
    }
    // measured over the second half of the run, as distance to the minimum (the kept rows:
    // every row of a short run, every k-th of a long one; their step numbers say how far apart)
    const auto d = kept.distances_to(minimizer_of(p));
    std::string measured = "n/a (too few steps)";
    if (d.size() >= 3) {
        const std::size_t to = d.size() - 1;
        const std::size_t half_step = kept.rows[to].step / 2; // the kept row nearest half-way in steps
        std::size_t from = 0;
        while (from + 1 < to && kept.rows[from + 1].step <= half_step) {
            ++from;
        }
        const std::size_t step_from = kept.rows[from].step;
        const std::size_t step_to = kept.rows[to].step;
        if (d[from] > 0 && d[to] > 0 && step_to > step_from) {
            const double rate = std::pow(d[to] / d[from], 1.0 / static_cast<double>(step_to - step_from));
            measured = fmt::format("{} (steps {} to {})", rate, step_from, step_to);
        } else {
            measured = "n/a (reached the minimum exactly)";
        }
    }
    const auto best = s.method == smooth::method::nesterov ? th::optimal_nesterov(lmin, lmax, form) : th::optimal_momentum(lmin, lmax, form);
    return fmt::format("predicted_rate: {}\nmeasured_rate: {}\noptimal_alpha: {}\noptimal_beta: {}\nregion: {}\n", predicted, measured,
                       gd ? th::gd_optimal_alpha(lmin, lmax) : best.alpha, gd ? 0.0 : best.beta, region);
}

std::string what_runs(descent_settings const& s, problem const& p, std::vector<smooth::method> const& methods)
{
    std::string said;
    for (auto const& m : methods) {
        const auto chosen = parameters_for(s, p, m);
        if (!chosen.why.empty()) {
            said += chosen.why + "\n";
        }
    }
    if (methods.size() > 1 && s.alpha) {
        if (s.form == momentum_form::ema) {
            said += fmt::format("alpha {} is shared in the ema form: momentum's steady step alpha v equals GD's alpha g, so they "
                                "move alike once v settles (without --alpha and --beta each runs at its best)\n",
                                *s.alpha);
        } else {
            said += fmt::format("alpha {} is shared in the {} form: momentum's steps add up to 1/(1-beta) = {:.4g} times GD's "
                                "(without --alpha and --beta each runs at its best)\n",
                                *s.alpha, to_string(s.form), 1.0 / (1.0 - s.beta));
        }
    }
    return said;
}

sweep_point measure_at(descent_settings const& s, problem const& p, std::vector<double> const& start, double alpha, double beta)
{
    optimizer opt = make_optimizer(s, s.method, {alpha, beta, ""});
    const auto minimizer = minimizer_of(p);
    const auto m = std::visit(
        [&](auto const& prob, auto& o) -> rate_measurement {
            using P = std::decay_t<decltype(prob)>;
            if constexpr (std::is_same_v<P, problems::linear_regression>) {
                throw choice_error("--sweep needs a quadratic problem");
            } else {
                return measure_rate(prob, o, start, minimizer, s.steps, s.tol);
            }
        },
        p, opt);
    return {predicted_rate(s.method, s.form, alpha, beta, *spectrum(p)), m};
}

std::vector<finished_run> run_methods(descent_settings const& s, problem const& p, std::vector<smooth::method> const& methods,
                                      std::vector<double> const& start,
                                      std::function<void(std::size_t run, step_record const&)> const& row)
{
    std::vector<finished_run> runs;
    runs.reserve(methods.size());
    for (auto const& m : methods) {
        runs.push_back({m, {}, {}});
        finished_run& run = runs.back();
        const std::size_t number = runs.size() - 1;
        run.result = run_method(s, p, m, start, [&](step_record const& r) {
            row(number, r);
            run.kept(r);
        });
        run.kept.finish();
    }
    return runs;
}

std::string diverged_message(std::vector<finished_run> const& runs, bool named)
{
    std::string said;
    for (auto const& run : runs) {
        if (run.result.diverged()) {
            said += (said.empty() ? "" : "; ") + (named ? std::string(to_string(run.method)) + " " : "") + run.result.message();
        }
    }
    return said;
}

sweep_grid grid_for(descent_settings const& s, problem const& p, std::vector<io::sweep_spec> const& sweeps)
{
    const auto base = parameters_for(s, p, s.method);
    sweep_grid g{{base.alpha}, {base.beta}};
    for (auto const& sw : sweeps) {
        (sw.name == "alpha" ? g.alphas : g.betas) = sw.axis.values();
        (sw.name == "alpha" ? g.alpha_swept : g.beta_swept) = true;
    }
    return g;
}

std::vector<io::sweep_spec> sweeps_from(std::vector<std::string> const& texts)
{
    std::vector<io::sweep_spec> sweeps;
    for (auto const& text : texts) {
        try {
            sweeps.push_back(io::parse_sweep(text));
        } catch (io::input_error const& e) {
            throw choice_error("--sweep " + text + ": " + e.what());
        }
        if (sweeps.back().name != "alpha" && sweeps.back().name != "beta") {
            throw choice_error("--sweep " + text + ": sweeps alpha or beta");
        }
    }
    return sweeps;
}

void check_descent(descent_settings& s, problem const& p, std::vector<smooth::method> const& methods, descent_options_given const& given,
                   std::vector<io::sweep_spec> const& sweeps)
{
    const bool compare = given.compare;
    const bool theory = given.theory;
    if (s.bias_correction && s.form != momentum_form::ema) {
        throw choice_error("--bias-correction belongs to the ema form");
    }
    if (given.torch_extras && s.form != momentum_form::pytorch) {
        throw choice_error("--dampening, --weight-decay and --maximize belong to the pytorch form");
    }
    if (s.tol < 0) {
        throw choice_error(fmt::format("--tol must be >= 0, got {}", io::shortest(s.tol)));
    }
    const bool is_linreg = std::holds_alternative<problems::linear_regression>(p);
    if (!is_linreg && given.linreg_options) {
        throw choice_error("--samples, --batch and --seed belong to --problem linreg");
    }
    if (is_linreg && s.batch && *s.batch > given.samples) {
        throw choice_error(fmt::format("--batch {} is larger than --samples {}", *s.batch, given.samples));
    }
    if (theory && compare) {
        throw choice_error("--theory describes one run: leave out --compare");
    }
    if (theory && !spectrum(p)) {
        throw choice_error("--theory needs a quadratic problem (quadratic:... or ravine)");
    }
    if (theory) {
        const auto lambdas = *spectrum(p);
        try {
            th::check_spectrum(*std::min_element(lambdas.begin(), lambdas.end()), *std::max_element(lambdas.begin(), lambdas.end()));
        } catch (std::invalid_argument const& e) {
            throw choice_error(std::string("--theory does not apply to this problem: ") + e.what());
        }
    }
    for (auto const& m : methods) {
        if (!uses_momentum(m) && !s.beta_schedule.empty() && !compare) {
            throw choice_error("--beta-schedule needs momentum or nesterov");
        }
        (void)make_optimizer(s, m, parameters_for(s, p, m)); // bad combinations, before any work
    }
    (void)beta_schedule(s.beta_schedule);
    for (std::size_t k = 0; k < sweeps.size(); ++k) {
        if (k == 1 && sweeps[0].name == sweeps[1].name) {
            throw choice_error("--sweep " + sweeps[1].name + " is given twice");
        }
        if (sweeps[k].name == "beta" && !uses_momentum(s.method)) {
            throw choice_error("--sweep beta needs momentum or nesterov");
        }
    }
    if (sweeps.size() > 2) {
        throw choice_error("--sweep takes alpha, beta or both");
    }
    if (sweeps.empty()) {
        return;
    }
    if (!spectrum(p)) {
        throw choice_error("--sweep needs a quadratic problem (quadratic:... or ravine)");
    }
    if (compare || theory || given.average || !s.beta_schedule.empty()) {
        throw choice_error("--sweep runs one method with constant parameters: leave out --compare, --theory, "
                           "--average-weights and --beta-schedule");
    }
    if (s.steps > 1'000'000 || s.steps * sweeps[0].axis.count * (sweeps.size() == 2 ? sweeps[1].axis.count : 1) > 5'000'000'000ULL) {
        throw choice_error("--sweep with --steps: at most 5e9 steps in all (and 1e6 a run)");
    }
    if (!given.tol) {
        s.tol = 1e-6;
    }
    const auto base = parameters_for(s, p, s.method);
    for (auto const& sw : sweeps) {
        for (const double v : {sw.axis.from, sw.axis.to}) {
            run_parameters at = base;
            (sw.name == "alpha" ? at.alpha : at.beta) = v;
            try {
                (void)make_optimizer(s, s.method, at);
            } catch (choice_error const& e) {
                throw choice_error("--sweep " + sw.name + ": " + e.what());
            }
        }
    }
}

void append_sweep_row(fmt::memory_buffer& buf, double alpha, double beta, sweep_point const& point, int digits)
{
    const auto cell = [&](double v) {
        if (std::isfinite(v)) {
            io::append_number(buf, v, digits);
        }
    };
    cell(alpha);
    buf.push_back(',');
    cell(beta);
    buf.push_back(',');
    cell(point.predicted.value_or(NAN));
    buf.push_back(',');
    cell(point.measured.measured);
    buf.push_back(',');
    if (point.measured.steps_to_tolerance) {
        fmt::format_to(std::back_inserter(buf), "{}", *point.measured.steps_to_tolerance);
    }
    buf.push_back(',');
    if (point.measured.diverged_at) {
        fmt::format_to(std::back_inserter(buf), "{}", *point.measured.diverged_at);
    }
    buf.push_back('\n');
}

} // namespace smooth::lab
