// explore's modes and session (modes.hpp): the learner's choices, and the library asked what
// they give.
#include "modes.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <variant>

#include <unistd.h>

#include <fmt/format.h>

#include <smooth/decay.hpp>
#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/plot/gnuplot.hpp>
#include <smooth/sma.hpp>
#include <smooth/sweep.hpp>
#include <smooth/theory.hpp>

#include "cli.hpp"

namespace smooth::explore {

using cli::usage_error;
namespace th = smooth::theory;

double step_beta(double beta, double factor)
{
    return std::clamp(1.0 - (1.0 - beta) * factor, 0.0, 0.9999);
}

std::string beta_text(double beta)
{
    const double gap = 1.0 - beta;
    const int digits = gap > 0.0 ? std::max(4, 2 - static_cast<int>(std::floor(std::log10(gap)))) : 4;
    return fmt::format("{:.{}g}", beta, std::min(digits, 17));
}

descend_mode::descend_mode(std::string problem_text, std::size_t steps) : steps_(steps)
{
    const auto at = std::find(names_.begin(), names_.end(), problem_text);
    if (at == names_.end()) {
        names_.push_back(problem_text);
        current_ = names_.size() - 1;
    } else {
        current_ = static_cast<std::size_t>(at - names_.begin());
    }
    problem_ = smooth::lab::make_problem(names_[current_]);
    if (smooth::lab::start_of(problem_).size() != 2) {
        throw usage_error("explore descend draws paths in the plane: give a problem of two parameters");
    }
    reset();
}

std::vector<key_binding> descend_mode::keys() const
{
    return {{"left", "alpha-", "alpha / 1.1"},    {"right", "alpha+", "alpha x 1.1"},
            {"up", "beta+", "beta nearer 1"},      {"down", "beta-", "beta further from 1"},
            {"m", "method", "gd, momentum, nesterov"}, {"f", "form", "ema, classic, pytorch"},
            {"p", "problem", "the next problem"},  {"o", "optimum", "the best alpha and beta"},
            {"r", "reset", "start again"}};
}

bool descend_mode::apply(std::string const& word)
{
    note_.clear();
    if (word == "alpha+") {
        alpha_ *= 1.1;
    } else if (word == "alpha-") {
        alpha_ /= 1.1;
    } else if (word == "beta+" || word == "beta-") {
        beta_ = step_beta(beta_, word == "beta+" ? 1.0 / 1.2 : 1.2); // alpha kept as the form spells it
    } else if (word == "method") {
        method_ = method_ == smooth::method::gd         ? smooth::method::momentum
                  : method_ == smooth::method::momentum ? smooth::method::nesterov
                                                        : smooth::method::gd;
        // another method's dynamics with the last one's step mislead (GD at momentum's alpha
        // diverges): start it at its own best where the library knows it, and say so
        note_ = optimum() ? fmt::format("m: {} at its best alpha and beta (o)", smooth::to_string(method_))
                          : fmt::format("m: {} with the same alpha and beta", smooth::to_string(method_));
        return true;
    } else if (word == "form") {
        // the same dynamics in the next spelling: alpha converted through the classic form
        const double classic = classic_alpha();
        form_ = form_ == smooth::momentum_form::ema       ? smooth::momentum_form::classic
                : form_ == smooth::momentum_form::classic ? smooth::momentum_form::pytorch
                                                          : smooth::momentum_form::ema;
        alpha_ = form_ == smooth::momentum_form::ema ? smooth::ema_alpha_from_classic(classic, beta_) : classic;
    } else if (word == "problem") {
        current_ = (current_ + 1) % names_.size();
        problem_ = smooth::lab::make_problem(names_[current_]);
        // method and form kept; alpha and beta start at the method's best on this problem
        alpha_ = smooth::lab::default_alpha(problem_);
        note_ = optimum() ? fmt::format("p: {}, {} ({} form) at its best alpha and beta", names_[current_],
                                        smooth::to_string(method_), smooth::to_string(form_))
                          : fmt::format("p: {}, {} ({} form) at the problem's default step", names_[current_],
                                        smooth::to_string(method_), smooth::to_string(form_));
        return true;
    } else if (word == "optimum") {
        optimum();
    } else if (word == "reset") {
        reset();
    } else {
        return false;
    }
    return true;
}

std::vector<plot::figure> descend_mode::panels()
{
    run();
    return smooth::lab::path_figures("explore " + names_[current_], problem_,
                                     {{std::string(smooth::to_string(method_)), &path_}});
}

std::vector<std::string> descend_mode::status()
{
    const bool gd = method_ == smooth::method::gd;
    std::string first = fmt::format("{} ({} form)  alpha {:.4g}  {}  {}", smooth::to_string(method_),
                                    smooth::to_string(form_), alpha_,
                                    gd ? std::string("beta -") : "beta " + beta_text(beta_), names_[current_]);
    std::string rates = "rate";
    const auto lambdas = smooth::lab::spectrum(problem_);
    const auto predicted =
        lambdas ? smooth::predicted_rate(method_, form_, alpha_, beta_, *lambdas) : std::optional<double>{};
    rates += predicted ? fmt::format(" predicted {:.4f}", *predicted) : std::string(" predicted n/a");
    rates += std::isnan(measured_) ? std::string(", measured n/a") : fmt::format(", measured {:.4f}", measured_);
    std::string regions;
    if (lambdas && method_ != smooth::method::nesterov && form_ != smooth::momentum_form::pytorch) {
        const th::form tf = form_ == smooth::momentum_form::classic || gd ? th::form::classic : th::form::ema;
        for (const double l : *lambdas) {
            regions += fmt::format("{}lambda {:g} {}", regions.empty() ? "regions: " : ", ", l,
                                   th::to_string(th::classify(alpha_, gd ? 0.0 : beta_, l, tf)));
        }
    }
    std::string outcome = diverged_at_ ? fmt::format("diverges at step {}", *diverged_at_)
                          : reached_   ? fmt::format("loss 1e-6 at step {}", *reached_)
                                       : fmt::format("loss above 1e-6 after {} steps", steps_);
    std::vector<std::string> lines{first, rates + "; " + outcome};
    if (!regions.empty()) {
        lines.push_back(regions);
    }
    if (!note_.empty()) {
        lines.push_back(note_);
    }
    return lines;
}

double descend_mode::classic_alpha() const
{
    return form_ == smooth::momentum_form::ema && method_ != smooth::method::gd
               ? smooth::classic_alpha_from_ema(alpha_, beta_)
               : alpha_;
}

void descend_mode::reset()
{
    method_ = smooth::method::momentum;
    form_ = smooth::momentum_form::ema;
    alpha_ = smooth::lab::default_alpha(problem_);
    beta_ = 0.9;
    optimum();
}

bool descend_mode::optimum()
{
    const auto t = smooth::lab::tuned(problem_, method_);
    if (!t) {
        return false;
    }
    beta_ = method_ == smooth::method::gd ? beta_ : t->beta;
    // tuned alphas are in the EMA form (GD's is its own step)
    alpha_ = form_ == smooth::momentum_form::ema || method_ == smooth::method::gd
                 ? t->alpha
                 : smooth::classic_alpha_from_ema(t->alpha, t->beta);
    return true;
}

void descend_mode::run()
{
    path_.rows.clear();
    reached_.reset();
    diverged_at_.reset();
    auto opt = smooth::lab::make_optimizer({method_, form_, alpha_, beta_});
    smooth::run_options options;
    options.max_steps = steps_;
    const auto result = std::visit(
        [&](auto const& prob, auto& o) -> smooth::run_result {
            return smooth::minimize(prob, o, smooth::lab::start_of(problem_), options,
                                    [&](smooth::step_record const& r) {
                                        path_(r);
                                        if (!reached_ && r.loss <= 1e-6) {
                                            reached_ = r.step;
                                        }
                                    });
        },
        problem_, opt);
    if (result.diverged()) {
        diverged_at_ = result.steps;
        reached_.reset();
    }
    measured_ = smooth::envelope_rate(path_.distances_to(smooth::lab::minimizer_of(problem_)));
}

smooth_mode::smooth_mode(std::string const& file, smooth::io::table_options const& table)
{
    if (file.empty()) {
        // a level of 3 with a slow wave and noise: high enough that V_0 = 0 shows
        std::mt19937_64 rng(7);
        std::normal_distribution<double> noise(0.0, 0.3);
        for (int t = 0; t < 300; ++t) {
            series_.push_back(3.0 + std::sin(t / 20.0) + noise(rng));
        }
        source_ = "a noisy wave";
    } else {
        std::ifstream in(file);
        if (!in) {
            throw smooth::io::input_error("cannot open " + file);
        }
        smooth::io::table_reader reader(in, file, table);
        smooth::io::table_reader::row r;
        while (reader.next(r)) {
            if (std::isfinite(r.values.front())) {
                series_.push_back(r.values.front());
            }
        }
        // the file's name, not its path: the title stays on one line of an 80-column terminal
        source_ = std::filesystem::path(file).filename().string() + " (" + reader.names().front() + ")";
    }
}

std::vector<key_binding> smooth_mode::keys() const
{
    return {{"left", "window-", "a narrower SMA"}, {"right", "window+", "a wider SMA"},
            {"up", "beta+", "beta nearer 1"},      {"down", "beta-", "beta further from 1"},
            {"r", "reset", "start again"}};
}

bool smooth_mode::apply(std::string const& word)
{
    if (word == "beta+" || word == "beta-") {
        beta_ = step_beta(beta_, word == "beta+" ? 1.0 / 1.2 : 1.2);
    } else if (word == "window+" || word == "window-") {
        // x 1.2 or / 1.2, rounded, by at least one sample: 19, 23, 28, ... and back
        const double scaled = std::round(static_cast<double>(window_) * (word == "window+" ? 1.2 : 1.0 / 1.2));
        const auto next = static_cast<std::size_t>(scaled);
        window_ = word == "window+" ? std::min(std::max(next, window_ + 1), std::max<std::size_t>(series_.size(), 1))
                                    : std::max<std::size_t>(1, std::min(next, window_ - 1));
    } else if (word == "reset") {
        beta_ = 0.9;
        window_ = 19;
    } else {
        return false;
    }
    return true;
}

std::vector<plot::figure> smooth_mode::panels()
{
    std::vector<double> t(series_.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = static_cast<double>(i + 1);
    }
    const auto sma_y = smooth::simple_moving_average<double>(series_, window_); // NaN before the window
    const auto raw = smooth::exponential_moving_average<double>(series_, beta_, smooth::ema_form::zero_start);
    const auto corrected = smooth::exponential_moving_average<double>(series_, beta_, smooth::ema_form::corrected);
    return {plot::figure{fmt::format("explore smooth: {}", source_),
                         "t",
                         "value",
                         false,
                         {{"samples", t, series_, plot::style::points},
                          {fmt::format("SMA {}", window_), t, sma_y, plot::style::lines, plot::colour_of("sma")},
                          {"EMA " + beta_text(beta_) + " (V_0 = 0)", t, raw, plot::style::lines, plot::colour_of("ema")},
                          {"EMA " + beta_text(beta_) + ", bias-corrected", t, corrected, plot::style::dashed,
                           "#D55E00"}},
                         {}}};
}

std::vector<std::string> smooth_mode::status()
{
    return {fmt::format("EMA beta {}: effective window {:.4g}, mean age {:.4g} | SMA {}: mean age {:.4g}", beta_text(beta_),
                        smooth::effective_window(beta_), smooth::ema_mean_age(beta_), window_,
                        smooth::sma_mean_age(window_)),
            fmt::format("on a ramp each trails by its mean age; same age at window {:.4g} = (1+beta)/(1-beta)",
                        (1.0 + beta_) / (1.0 - beta_))};
}

std::vector<key_binding> weights_mode::keys() const
{
    return {{"up", "beta+", "beta nearer 1"}, {"down", "beta-", "beta further from 1"}, {"r", "reset", "beta 0.9"}};
}

bool weights_mode::apply(std::string const& word)
{
    if (word == "beta+" || word == "beta-") {
        beta_ = step_beta(beta_, word == "beta+" ? 1.0 / 1.2 : 1.2);
    } else if (word == "reset") {
        beta_ = 0.9;
    } else {
        return false;
    }
    return true;
}

std::vector<plot::figure> weights_mode::panels()
{
    const auto summary = smooth::summarize_ema_weights(beta_, 1);
    const std::size_t terms = std::max<std::size_t>(summary.terms_99 + summary.terms_99 / 4, 5);
    std::vector<double> i(terms);
    std::vector<double> k(terms);
    for (std::size_t j = 0; j < terms; ++j) {
        i[j] = static_cast<double>(j);
        k[j] = static_cast<double>(j + 1);
    }
    plot::figure weights{"weights, beta " + beta_text(beta_), "i (steps back)", "weight",
                         false, {{"beta " + beta_text(beta_), i, smooth::ema_weights(beta_, terms)}}, {}};
    weights.markers.push_back({summary.effective_window, fmt::format("window {:.4g}", summary.effective_window)});
    plot::figure mass{"the mass the newest terms hold", "terms kept", "mass", false,
                      {{"beta " + beta_text(beta_), k, smooth::ema_cumulative_weights(beta_, terms)},
                       smooth::cli::mass_points(beta_)},
                      {}};
    for (const double level : {0.5, 0.9, 0.99}) {
        mass.references.push_back({level, fmt::format("{:g} %", 100 * level)});
    }
    return {weights, mass};
}

std::vector<std::string> weights_mode::status()
{
    const auto s = smooth::summarize_ema_weights(beta_, 1);
    return {fmt::format("beta {}: newest weight alpha = {:.4g}, effective window {:.4g}, mean age {:.4g}", beta_text(beta_),
                        s.alpha, s.effective_window, smooth::ema_mean_age(beta_)),
            fmt::format("the newest {} terms hold 50 %, {} hold 90 %, {} hold 99 %", s.terms_50, s.terms_90,
                        s.terms_99)};
}

session::session(std::unique_ptr<mode> m) : mode_(std::move(m)) {}

bool session::apply(std::string const& word)
{
    note_.clear();
    if (word == "quit") {
        return false;
    }
    if (word == "help") {
        note_ = keys_text();
        return true;
    }
    if (word == "save") {
        save();
        return true;
    }
    if (!mode_->apply(word)) {
        throw usage_error(fmt::format("explore {} has no key '{}' ({})", mode_->name(), smooth::io::shown(word, 20), words_text()));
    }
    return true;
}

std::string session::word_of(std::string const& key) const
{
    if (key == "q") {
        return "quit";
    }
    if (key == "?") {
        return "help";
    }
    if (key == "s") {
        return "save";
    }
    for (auto const& k : mode_->keys()) {
        if (k.key == key) {
            return k.word;
        }
    }
    return {};
}

std::string session::keys_text() const
{
    std::string text = "keys:";
    for (auto const& k : mode_->keys()) {
        text += fmt::format(" {} {};", k.key, k.what);
    }
    return text + " s save a PNG; ? keys; q quit";
}

std::string session::words_text() const
{
    std::string text;
    for (auto const& k : mode_->keys()) {
        text += k.word + ", ";
    }
    return text + "save, help, quit";
}

void session::save()
{
    std::string name;
    for (int n = 1;; ++n) {
        name = fmt::format("explore-{}-{}.png", mode_->name(), n);
        if (::access(name.c_str(), F_OK) != 0) {
            break;
        }
    }
    plot::render(mode_->panels(), name);
    note_ = "saved " + name;
}

std::vector<std::string> session::status()
{
    auto lines = mode_->status();
    if (!note_.empty()) {
        lines.push_back(note_);
    }
    return lines;
}

void session::draw(plot::frame_screen& screen)
{
    const auto panels = mode_->panels(); // first: descend runs the optimizer its status reports
    screen.draw(panels, status());
}

} // namespace smooth::explore
