// explore: alpha and beta under the learner's fingers. One gnuplot is kept open for the
// session and redraws the view at each key, with a status line of what the library measured.
// In a terminal the keys are read raw (and the terminal is put back on every exit); otherwise
// standard input holds the same keys as words, one per line, and every frame is printed.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>

#include <smooth/decay.hpp>
#include <smooth/ema.hpp>
#include <smooth/ema_weights.hpp>
#include <smooth/io/input_error.hpp>
#include <smooth/io/specs.hpp>
#include <smooth/io/table_reader.hpp>
#include <smooth/optimizers/conversions.hpp>
#include <smooth/plot/figure.hpp>
#include <smooth/plot/gnuplot.hpp>
#include <smooth/run.hpp>
#include <smooth/sma.hpp>
#include <smooth/sweep.hpp>
#include <smooth/theory.hpp>
#include <smooth/tuning.hpp>

#include "cli.hpp"
#include "problems.hpp"

namespace {

using smooth::cli::usage_error;
namespace po = boost::program_options;
namespace plot = smooth::plot;
namespace th = smooth::theory;

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

// ---- the terminal ---------------------------------------------------------------------------

/// Raw keys from a terminal, and the terminal put back as it was on every way out: a normal
/// return, an exception, Ctrl-C, kill, a closed terminal.
class raw_terminal {
public:
    raw_terminal()
    {
        if (::tcgetattr(STDIN_FILENO, &saved_) != 0) {
            throw std::runtime_error("cannot read the terminal's settings");
        }
        active_ = this;
        termios raw = saved_;
        raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
        write_all("\x1b[?25l"); // no cursor blinking over the figure
        for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
            struct sigaction sa{};
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            ::sigaction(sig, &sa, &previous_[index(sig)]);
        }
        struct sigaction winch{};
        winch.sa_handler = [](int) { resized_ = 1; };
        sigemptyset(&winch.sa_mask);
        ::sigaction(SIGWINCH, &winch, nullptr);
    }
    raw_terminal(raw_terminal const&) = delete;
    raw_terminal& operator=(raw_terminal const&) = delete;
    ~raw_terminal()
    {
        restore();
        for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
            ::sigaction(sig, &previous_[index(sig)], nullptr);
        }
        active_ = nullptr;
    }

    /// Whether the window changed size since the last call.
    static bool resized()
    {
        const bool r = resized_ != 0;
        resized_ = 0;
        return r;
    }

private:
    static std::size_t index(int sig) { return sig == SIGINT ? 0 : sig == SIGTERM ? 1 : sig == SIGHUP ? 2 : 3; }
    static void write_all(char const* text)
    {
        std::size_t left = std::char_traits<char>::length(text);
        while (left > 0) {
            const ssize_t n = ::write(STDOUT_FILENO, text, left);
            if (n <= 0) {
                return;
            }
            text += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    void restore() const
    {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
        write_all("\x1b[?25h\n"); // the cursor back
    }
    static void on_signal(int sig)
    {
        // async-signal-safe only: tcsetattr and write; then whatever handled it before
        // (the removal of a half-written PNG), or the default
        if (active_ != nullptr) {
            active_->restore();
            struct sigaction const& before = active_->previous_[index(sig)];
            ::sigaction(sig, &before, nullptr);
        }
        ::raise(sig);
    }

    termios saved_{};
    struct sigaction previous_[4]{};
    static inline raw_terminal* active_ = nullptr;
    static inline volatile std::sig_atomic_t resized_ = 0;
};

/// The next key from a raw terminal as a name: "left", "right", "up", "down", or the
/// character itself; empty when the wait timed out (or a resize interrupted it).
std::string read_key(int timeout_ms)
{
    pollfd p{STDIN_FILENO, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) {
        return {};
    }
    char c = 0;
    if (::read(STDIN_FILENO, &c, 1) != 1) {
        return "q"; // the terminal went away
    }
    if (c != '\x1b') {
        return std::string(1, c);
    }
    char seq[2] = {0, 0};
    if (::poll(&p, 1, 30) <= 0 || ::read(STDIN_FILENO, &seq[0], 1) != 1 || ::poll(&p, 1, 30) <= 0 ||
        ::read(STDIN_FILENO, &seq[1], 1) != 1) {
        return "escape";
    }
    if (seq[0] == '[' || seq[0] == 'O') {
        switch (seq[1]) {
        case 'A':
            return "up";
        case 'B':
            return "down";
        case 'C':
            return "right";
        case 'D':
            return "left";
        default:
            break;
        }
    }
    return "escape";
}

// ---- the modes --------------------------------------------------------------------------------

struct key_binding {
    std::string key;  ///< as read_key names it
    std::string word; ///< as the scripted mode spells it
    std::string what;
};

class mode {
public:
    mode() = default;
    mode(mode const&) = delete;
    mode& operator=(mode const&) = delete;
    virtual ~mode() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    /// The keys beyond the common ones (save, help, quit).
    [[nodiscard]] virtual std::vector<key_binding> keys() const = 0;
    /// Carries out a word; false when the mode has no such word.
    virtual bool apply(std::string const& word) = 0;
    /// The figure and the status lines for the current state.
    virtual std::vector<plot::figure> panels() = 0;
    virtual std::vector<std::string> status() = 0;
};

/// 1 - beta scaled by `factor`: finer steps as beta nears 1, never past [0, 0.9999].
double step_beta(double beta, double factor)
{
    return std::clamp(1.0 - (1.0 - beta) * factor, 0.0, 0.9999);
}

/// beta as the learner should read it: enough digits that 1 - beta shows three (0.99895, not
/// 0.999, whose effective window would be 1000, not 952).
std::string beta_text(double beta)
{
    const double gap = 1.0 - beta;
    const int digits = gap > 0.0 ? std::max(4, 2 - static_cast<int>(std::floor(std::log10(gap)))) : 4;
    return fmt::format("{:.{}g}", beta, std::min(digits, 17));
}

class descend_mode final : public mode {
public:
    descend_mode(std::string problem_text, std::size_t steps) : steps_(steps)
    {
        const auto at = std::find(names_.begin(), names_.end(), problem_text);
        if (at == names_.end()) {
            names_.push_back(problem_text);
            current_ = names_.size() - 1;
        } else {
            current_ = static_cast<std::size_t>(at - names_.begin());
        }
        problem_ = smooth::cli::make_problem(names_[current_]);
        if (smooth::cli::start_of(problem_).size() != 2) {
            throw usage_error("explore descend draws paths in the plane: give a problem of two parameters");
        }
        reset();
    }

    [[nodiscard]] std::string name() const override { return "descend"; }

    [[nodiscard]] std::vector<key_binding> keys() const override
    {
        return {{"left", "alpha-", "alpha / 1.1"},    {"right", "alpha+", "alpha x 1.1"},
                {"up", "beta+", "beta nearer 1"},      {"down", "beta-", "beta further from 1"},
                {"m", "method", "gd, momentum, nesterov"}, {"f", "form", "ema, classic, pytorch"},
                {"p", "problem", "the next problem"},  {"o", "optimum", "the best alpha and beta"},
                {"r", "reset", "start again"}};
    }

    bool apply(std::string const& word) override
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
            problem_ = smooth::cli::make_problem(names_[current_]);
            // method and form kept; alpha and beta start at the method's best on this problem
            alpha_ = smooth::cli::default_alpha(problem_);
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

    std::vector<plot::figure> panels() override
    {
        run();
        return smooth::cli::path_figures("explore " + names_[current_], problem_,
                                         {{std::string(smooth::to_string(method_)), &path_}});
    }

    std::vector<std::string> status() override
    {
        const bool gd = method_ == smooth::method::gd;
        std::string first = fmt::format("{} ({} form)  alpha {:.4g}  {}  {}", smooth::to_string(method_),
                                        smooth::to_string(form_), alpha_,
                                        gd ? std::string("beta -") : "beta " + beta_text(beta_), names_[current_]);
        std::string rates = "rate";
        const auto lambdas = smooth::cli::spectrum(problem_);
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

private:
    [[nodiscard]] double classic_alpha() const
    {
        return form_ == smooth::momentum_form::ema && method_ != smooth::method::gd
                   ? smooth::classic_alpha_from_ema(alpha_, beta_)
                   : alpha_;
    }

    void reset()
    {
        method_ = smooth::method::momentum;
        form_ = smooth::momentum_form::ema;
        alpha_ = smooth::cli::default_alpha(problem_);
        beta_ = 0.9;
        optimum();
    }

    bool optimum()
    {
        const auto t = smooth::cli::tuned(problem_, method_);
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

    void run()
    {
        path_.rows.clear();
        reached_.reset();
        diverged_at_.reset();
        auto opt = smooth::cli::make_optimizer({method_, form_, alpha_, beta_});
        smooth::run_options options;
        options.max_steps = steps_;
        const auto result = std::visit(
            [&](auto const& prob, auto& o) -> smooth::run_result {
                return smooth::minimize(prob, o, smooth::cli::start_of(problem_), options,
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
        measured_ = smooth::envelope_rate(path_.distances_to(smooth::cli::minimizer_of(problem_)));
    }

    std::vector<std::string> names_{"ravine", "quadratic:1,100", "rosenbrock", "banana"};
    std::size_t current_ = 0;
    smooth::cli::problem problem_ = smooth::problems::ravine{};
    std::size_t steps_;
    smooth::method method_ = smooth::method::momentum;
    smooth::momentum_form form_ = smooth::momentum_form::ema;
    double alpha_ = 0.1;
    double beta_ = 0.9;
    smooth::trajectory path_;
    std::optional<std::size_t> reached_;
    std::optional<std::size_t> diverged_at_;
    double measured_ = NAN;
    std::string note_; // what the last key chose for the learner (m, p)
};

class smooth_mode final : public mode {
public:
    smooth_mode(std::string const& file, smooth::io::table_options const& table)
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

    [[nodiscard]] std::string name() const override { return "smooth"; }

    [[nodiscard]] std::vector<key_binding> keys() const override
    {
        return {{"left", "window-", "a narrower SMA"}, {"right", "window+", "a wider SMA"},
                {"up", "beta+", "beta nearer 1"},      {"down", "beta-", "beta further from 1"},
                {"r", "reset", "start again"}};
    }

    bool apply(std::string const& word) override
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

    std::vector<plot::figure> panels() override
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

    std::vector<std::string> status() override
    {
        return {fmt::format("EMA beta {}: effective window {:.4g}, mean age {:.4g} | SMA {}: mean age {:.4g}", beta_text(beta_),
                            smooth::effective_window(beta_), smooth::ema_mean_age(beta_), window_,
                            smooth::sma_mean_age(window_)),
                fmt::format("on a ramp each trails by its mean age; same age at window {:.4g} = (1+beta)/(1-beta)",
                            (1.0 + beta_) / (1.0 - beta_))};
    }

private:
    std::vector<double> series_;
    std::string source_;
    double beta_ = 0.9;
    std::size_t window_ = 19;
};

class weights_mode final : public mode {
public:
    [[nodiscard]] std::string name() const override { return "weights"; }

    [[nodiscard]] std::vector<key_binding> keys() const override
    {
        return {{"up", "beta+", "beta nearer 1"}, {"down", "beta-", "beta further from 1"}, {"r", "reset", "beta 0.9"}};
    }

    bool apply(std::string const& word) override
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

    std::vector<plot::figure> panels() override
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

    std::vector<std::string> status() override
    {
        const auto s = smooth::summarize_ema_weights(beta_, 1);
        return {fmt::format("beta {}: newest weight alpha = {:.4g}, effective window {:.4g}, mean age {:.4g}", beta_text(beta_),
                            s.alpha, s.effective_window, smooth::ema_mean_age(beta_)),
                fmt::format("the newest {} terms hold 50 %, {} hold 90 %, {} hold 99 %", s.terms_50, s.terms_90,
                            s.terms_99)};
    }

private:
    double beta_ = 0.9;
};

// ---- the session ------------------------------------------------------------------------------

struct options {
    std::string mode;
    std::string problem = "ravine";
    std::string file;
    std::size_t steps = 500;
    smooth::cli::plot_options plot;
};

class session {
public:
    session(std::unique_ptr<mode> m, options const& o, bool interactive)
        : mode_(std::move(m)), options_(o), interactive_(interactive)
    {
        if (!options_.plot.size.empty()) {
            fixed_size_ = smooth::cli::parse_size(options_.plot.size);
        }
    }

    /// Carries out one word; false for quit. Unknown words are a usage error.
    bool apply(std::string const& word)
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

    /// The word a key stands for, empty when it stands for none.
    [[nodiscard]] std::string word_of(std::string const& key) const
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

    void draw()
    {
        const auto panels = mode_->panels();
        auto lines = mode_->status();
        if (!note_.empty()) {
            lines.push_back(note_);
        }
        const auto sz = size(lines.size());
        if (interactive_) {
            std::fputs("\x1b[H\x1b[2J", stdout); // a clean screen for the frame
        }
        std::fflush(stdout);
        gnuplot_.draw(panels, terminal(), sz);
        gnuplot_.sync(); // the frame is on the screen before its status line
        for (auto const& l : lines) {
            std::fputs((l + '\n').c_str(), stdout);
        }
        std::fflush(stdout);
    }

private:
    [[nodiscard]] plot::terminal terminal() const
    {
        if (!interactive_) {
            return plot::terminal::dumb;
        }
        return options_.plot.sixel ? plot::terminal::sixel : plot::text_terminal();
    }

    [[nodiscard]] plot::size size(std::size_t status_lines) const
    {
        if (fixed_size_) {
            return *fixed_size_;
        }
        if (options_.plot.sixel) {
            return plot::default_size(plot::terminal::sixel, 2);
        }
        auto sz = plot::terminal_size().value_or(plot::size{80, 24});
        // terminal_size leaves two rows; the status lines take theirs
        sz.height = std::max(10, sz.height + 1 - static_cast<int>(status_lines));
        return sz;
    }

    [[nodiscard]] std::string keys_text() const
    {
        std::string text = "keys:";
        for (auto const& k : mode_->keys()) {
            text += fmt::format(" {} {};", k.key, k.what);
        }
        return text + " s save a PNG; ? keys; q quit";
    }

    [[nodiscard]] std::string words_text() const
    {
        std::string text;
        for (auto const& k : mode_->keys()) {
            text += k.word + ", ";
        }
        return text + "save, help, quit";
    }

    void save()
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

    std::unique_ptr<mode> mode_;
    options options_;
    bool interactive_;
    std::optional<plot::size> fixed_size_;
    plot::gnuplot_process gnuplot_;
    std::string note_;
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
    std::unique_ptr<mode> m;
    if (o.mode == "descend") {
        if (!o.file.empty()) {
            throw usage_error("explore descend takes no file (use --problem)");
        }
        m = std::make_unique<descend_mode>(o.problem, o.steps);
    } else if (o.mode == "smooth") {
        m = std::make_unique<smooth_mode>(o.file, smooth::cli::table_options_from(reading, vm));
    } else if (o.mode == "weights") {
        if (!o.file.empty()) {
            throw usage_error("explore weights takes no file");
        }
        m = std::make_unique<weights_mode>();
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
    session s(std::move(m), o, interactive);
    if (!interactive) {
        // the keys as words, one per line; every frame printed
        s.draw();
        std::string line;
        std::size_t number = 0;
        while (std::getline(std::cin, line)) {
            ++number;
            const auto first = line.find_first_not_of(" \t\r");
            if (first == std::string::npos || line[first] == '#') {
                continue;
            }
            const auto word = line.substr(first, line.find_last_not_of(" \t\r") + 1 - first);
            try {
                if (!s.apply(word)) {
                    return 0;
                }
            } catch (usage_error const& e) {
                throw usage_error(fmt::format("standard input:{}: {}", number, e.what()));
            }
            s.draw();
        }
        return 0;
    }
    const raw_terminal raw;
    s.draw();
    for (;;) {
        const auto key = read_key(200);
        if (raw_terminal::resized()) {
            s.draw();
        }
        if (key.empty()) {
            continue;
        }
        const auto word = s.word_of(key);
        if (word.empty()) {
            continue; // not a key of this mode
        }
        if (!s.apply(word)) {
            return 0;
        }
        s.draw();
    }
}

} // namespace

int main(int argc, char** argv)
{
    return smooth::cli::run("explore", [&] { return run(argc, argv); });
}
