// explore's three modes and its session: what each key does to alpha, beta, the window, the
// method, the form or the problem, and what the figure and the status lines then show. Every
// number a status line teaches comes from the core library (rates, regions, windows, ages,
// weights); a mode only holds the learner's choices and asks.
//
// A mode is driven by words ("alpha+", "beta-", "method", ...; keys() says which key stands
// for which); a session adds the words every mode has (save, help, quit) and turns an unknown
// word into a usage error. Nothing here needs a terminal: the frame loop of
// smooth/plot/terminal.hpp draws a session, and a test can drive one directly:
//
//     smooth::explore::session s(std::make_unique<smooth::explore::weights_mode>());
//     s.apply("beta+");
//     s.status(); // {"beta 0.9167: newest weight alpha = 0.08333, ...", "the newest 8 terms ..."}
#ifndef SMOOTH_EXPLORE_MODES_HPP
#define SMOOTH_EXPLORE_MODES_HPP

#include <cmath>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <smooth/io/table_reader.hpp>
#include <smooth/lab/problems.hpp>
#include <smooth/plot/figure.hpp>
#include <smooth/plot/terminal.hpp>
#include <smooth/run.hpp>
#include <smooth/tuning.hpp>

namespace smooth::explore {

struct key_binding {
    std::string key;  ///< as plot::read_key names it
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
    /// The figure and the status lines for the current state (panels first: a mode may run
    /// what its status reports when it draws).
    virtual std::vector<plot::figure> panels() = 0;
    virtual std::vector<std::string> status() = 0;
};

/// 1 - beta scaled by `factor`: finer steps as beta nears 1, never past [0, 0.9999].
double step_beta(double beta, double factor);

/// beta as the learner should read it: enough digits that 1 - beta shows three (0.99895, not
/// 0.999, whose effective window would be 1000, not 952).
std::string beta_text(double beta);

/// The path over the loss contours and the loss against the step, each method starting at its
/// best. Status: alpha, beta, the form, the predicted and measured rate, each eigen-direction's
/// region, and the step the loss reaches 1e-6 (or diverges). usage_error for a problem that is
/// not in the plane.
class descend_mode final : public mode {
public:
    descend_mode(std::string problem_text, std::size_t steps);
    [[nodiscard]] std::string name() const override { return "descend"; }
    [[nodiscard]] std::vector<key_binding> keys() const override;
    bool apply(std::string const& word) override;
    std::vector<plot::figure> panels() override;
    std::vector<std::string> status() override;

private:
    [[nodiscard]] double classic_alpha() const;
    void reset();
    bool optimum();
    void run();

    std::vector<std::string> names_{"ravine", "quadratic:1,100", "rosenbrock", "banana"};
    std::size_t current_ = 0;
    lab::problem problem_ = problems::ravine{};
    std::size_t steps_;
    method method_ = method::momentum;
    momentum_form form_ = momentum_form::ema;
    double alpha_ = 0.1;
    double beta_ = 0.9;
    trajectory path_;
    std::optional<std::size_t> reached_;
    std::optional<std::size_t> diverged_at_;
    double measured_ = NAN;
    std::string note_; // what the last key chose for the learner (m, p)
};

/// A series (a file's first value column, read as smooth reads it; without a file a generated
/// noisy wave), its SMA, its EMA from V_0 = 0 and the bias-corrected EMA. Status: the
/// effective window and the mean age of each.
class smooth_mode final : public mode {
public:
    smooth_mode(std::string const& file, io::table_options const& table);
    [[nodiscard]] std::string name() const override { return "smooth"; }
    [[nodiscard]] std::vector<key_binding> keys() const override;
    bool apply(std::string const& word) override;
    std::vector<plot::figure> panels() override;
    std::vector<std::string> status() override;

private:
    std::vector<double> series_;
    std::string source_;
    double beta_ = 0.9;
    std::size_t window_ = 19;
};

/// The weights (1 - beta) beta^i and the mass the newest terms hold, with the 50, 90 and 99 %
/// points.
class weights_mode final : public mode {
public:
    [[nodiscard]] std::string name() const override { return "weights"; }
    [[nodiscard]] std::vector<key_binding> keys() const override;
    bool apply(std::string const& word) override;
    std::vector<plot::figure> panels() override;
    std::vector<std::string> status() override;

private:
    double beta_ = 0.9;
};

/// A mode and the words every mode has: save (a PNG in the current folder, never over an
/// earlier one), help (the keys, as a note under the status) and quit.
class session {
public:
    explicit session(std::unique_ptr<mode> m);

    /// Carries out one word; false for quit. An unknown word is a usage_error that lists the
    /// mode's words.
    bool apply(std::string const& word);
    /// The word a key stands for, empty when it stands for none.
    [[nodiscard]] std::string word_of(std::string const& key) const;
    /// The mode's status lines and the last word's note (help, save).
    std::vector<std::string> status();
    /// The current frame on `screen`: the mode's panels, then the status lines.
    void draw(plot::frame_screen& screen);

private:
    [[nodiscard]] std::string keys_text() const;
    [[nodiscard]] std::string words_text() const;
    void save();

    std::unique_ptr<mode> mode_;
    std::string note_;
};

} // namespace smooth::explore

#endif
